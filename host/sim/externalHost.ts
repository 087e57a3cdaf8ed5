// A host outside the cluster on a node's uplink subnet: the client of node ports. It runs the
// same Linux stack as a pod (host/pod/stack.ts: ARP, IPv4, TCP) with one interface, eth0, and
// the subnet's connected route. It stands at the subnet's default gateway address, with the
// MAC a node holds for a gateway outside the cluster (nexthops.ts externalMac). When a router
// of the cluster has that address (a cross-subnet cluster), it takes the subnet's highest free
// address instead, with its own stand-in MAC, and the nodes resolve it with ARP: two hosts
// with one MAC on a segment would each take the other's frames.

import type { ClusterNode, Pod } from '../cluster/types.ts';
import { formatMac, maskOf, parseIp4, type Ip4 } from '../net/addr.ts';
import { externalMac } from '../dataplane/nexthops.ts';

export const EXTERNAL_NAMESPACE = 'external';

/** The external client on `node`'s subnet, as a Pod the stack can run; `taken`: the addresses
 *  of the hosts on that segment (nodes, routers' interfaces). */
export function externalClientOf(node: ClusterNode, mtu: number, taken: ReadonlySet<Ip4> = new Set()): Pod {
  const len = node.spec.prefixLen;
  let gw = parseIp4(node.spec.gateway) as Ip4;
  if (taken.has(gw)) {
    const base = (node.ip & maskOf(len)) >>> 0;
    const last = (base | (0xffffffff >>> len)) >>> 0;
    for (let a = last - 1; a > base; a--) {
      if (!taken.has(a >>> 0)) {
        gw = a >>> 0;
        break;
      }
    }
  }
  const mac = formatMac(externalMac(gw));
  return {
    namespace: EXTERNAL_NAMESPACE, name: `client-${node.spec.name}`, node: node.spec.name, nodeIndex: node.index, ip: gw, mac,
    hostVeth: '', hostVethIfindex: 0, netns: '', tools: 'busybox',
    ifaces: [{ name: 'eth0', ifindex: 2, kind: 'ether', mtu, mac, addrs: [{ ip: gw, len, scope: 'global' }], proxyArp: false }],
    routes: [{ dst: (gw & maskOf(len)) >>> 0, len, kind: 'connected', dev: 'eth0', metric: 0, scope: 'link', proto: 'kernel', src: gw }],
  };
}
