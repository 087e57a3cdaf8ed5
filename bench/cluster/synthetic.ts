// Clusters of any size for the benchmark (`--nodes N --pods-per-node P`), shaped like the
// seed's: one uplink subnet for every host, one IPIP-Always pool, /26 affine blocks (tunl0 takes
// ordinal 0, so a node holds at most 63 pods), busybox pods.
//
// Address plan (why these numbers):
// - hosts: 10.128.0.0/16 (up to 65 533 nodes; the seed's 192.168.0.0/24 holds only 253), gateway .0.1;
// - pool: 172.16.0.0/12 split in /26 blocks = 16 384 blocks, enough for the 5000-node Kubernetes
//   limit (the seed's /16 pool has only 1024 /26 blocks). The pool never overlaps the hosts.
// With nodes = 2 and podsPerNode absent the caller should use the seed cluster instead
// (defaultClusterSpec): this generator does not pin the seed's random-looking values.

import { ConfigError } from '../../host/errors.ts';
import { formatIp4, formatMac } from '../../host/net/addr.ts';
import type { ClusterSpec, NodeSpec, PodSpec } from '../../host/cluster/types.ts';

export const MAX_NODES = 5000; // Kubernetes' documented limit of nodes per cluster
export const MAX_PODS_PER_NODE = 63; // /26 block minus tunl0's ordinal 0 (one block per node is modelled)
const HOST_BASE = 0x0a800000; // 10.128.0.0
const FIRST_HOST = 10; // .0.10 onward: .0.1 is the gateway

export interface SyntheticOptions {
  nodes: number;
  podsPerNode: number;
  mtu?: number;
}

export function syntheticClusterSpec(o: SyntheticOptions): ClusterSpec {
  if (!Number.isInteger(o.nodes) || o.nodes < 1 || o.nodes > MAX_NODES) {
    throw new ConfigError('--nodes', `must be an integer in 1..${MAX_NODES}`, o.nodes);
  }
  if (!Number.isInteger(o.podsPerNode) || o.podsPerNode < 1 || o.podsPerNode > MAX_PODS_PER_NODE) {
    throw new ConfigError('--pods-per-node', `must be an integer in 1..${MAX_PODS_PER_NODE} (one /26 block per node)`, o.podsPerNode);
  }
  const nodes: NodeSpec[] = [];
  const pods: PodSpec[] = [];
  for (let i = 0; i < o.nodes; i++) {
    const name = `node-${String(i).padStart(4, '0')}`;
    nodes.push({
      name,
      iface: 'ens160',
      ip: formatIp4((HOST_BASE + FIRST_HOST + i) >>> 0),
      prefixLen: 16,
      // VMware OUI like the seed; the low 3 bytes are the node index, so MACs never collide.
      mac: formatMac([0x00, 0x0c, 0x29, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff]),
      gateway: formatIp4((HOST_BASE + 1) >>> 0),
    });
    for (let p = 0; p < o.podsPerNode; p++) {
      pods.push({
        namespace: 'bench',
        name: `pod-${i}-${p}`,
        node: name,
        // Locally administered MAC from (node, pod): unique and cheap (no SHA-1 per pod).
        mac: formatMac([0x02, 0x42, (i >>> 8) & 0xff, i & 0xff, 0x00, p & 0xff]),
        netns: `cni-bench-${i}-${p}`,
      });
    }
  }
  return {
    mtu: o.mtu ?? 1500,
    nodes,
    pools: [{ name: 'bench-pool', cidr: '172.16.0.0/12', blockSize: 26, ipipMode: 'Always', natOutgoing: true }],
    pods,
  };
}
