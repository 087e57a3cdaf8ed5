// A host outside the cluster on a node's uplink subnet: the client of node ports. It runs the
// same Linux stack as a pod (host/pod/stack.ts: ARP, IPv4, TCP) with one interface, eth0, and
// the subnet's connected route. It stands at the subnet's default gateway address, with the
// MAC the nodes already hold for it (nexthops.ts externalMac): the nodes keep no ARP cache on
// the uplink yet, so a host they can answer must be one whose MAC they know.

import type { ClusterNode, Pod } from '../cluster/types.ts';
import { formatMac, maskOf, parseIp4, type Ip4 } from '../net/addr.ts';
import { externalMac } from '../dataplane/nexthops.ts';

export const EXTERNAL_NAMESPACE = 'external';

/** The external client on `node`'s subnet, as a Pod the stack can run. */
export function externalClientOf(node: ClusterNode, mtu: number): Pod {
  const gw = parseIp4(node.spec.gateway) as Ip4;
  const len = node.spec.prefixLen;
  const mac = formatMac(externalMac(gw));
  return {
    namespace: EXTERNAL_NAMESPACE, name: `client-${node.spec.name}`, node: node.spec.name, nodeIndex: node.index, ip: gw, mac,
    hostVeth: '', hostVethIfindex: 0, netns: '', tools: 'busybox',
    ifaces: [{ name: 'eth0', ifindex: 2, kind: 'ether', mtu, mac, addrs: [{ ip: gw, len, scope: 'global' }], proxyArp: false }],
    routes: [{ dst: (gw & maskOf(len)) >>> 0, len, kind: 'connected', dev: 'eth0', metric: 0, scope: 'link', proto: 'kernel', src: gw }],
  };
}
