// Clusters of any size for the benchmark (`--nodes N --pods-per-node P`), shaped like the
// seed's: one uplink subnet for every host, one IPIP-Always pool, /26 affine blocks (tunl0 takes
// ordinal 0, so a node holds at most 63 pods), busybox pods. `--subnets K` spreads the nodes
// over K subnets in contiguous runs (racks: nodes [k·N/K, (k+1)·N/K) in subnet k), joined by
// the cluster's default router; `--ipip-mode` sets the pool's mode (CrossSubnet: encapsulated
// only between racks).
//
// Address plan (why these numbers):
// - hosts: 10.128.0.0/16 (up to 65 533 nodes; the seed's 192.168.0.0/24 holds only 253), gateway .0.1;
//   subnet k of K: 10.(128 + k).0.0/16, gateway 10.(128 + k).0.1 (the router's interface there);
// - pool: 172.16.0.0/12 split in /26 blocks = 16 384 blocks, enough for the 5000-node Kubernetes
//   limit (the seed's /16 pool has only 1024 /26 blocks). The pool never overlaps the hosts.
// With nodes = 2 and podsPerNode absent the caller should use the seed cluster instead
// (defaultClusterSpec): this generator does not pin the seed's random-looking values.

import { ConfigError } from '../../host/errors.ts';
import { formatIp4, formatMac } from '../../host/net/addr.ts';
import type { ClusterSpec, IpipMode, NodeSpec, PodSpec } from '../../host/cluster/types.ts';

export const MAX_NODES = 5000; // Kubernetes' documented limit of nodes per cluster
export const MAX_PODS_PER_NODE = 63; // /26 block minus tunl0's ordinal 0: one block per node, so that a subnet's nodes share one FIB (host/dataplane/sharedFib.ts)
export const MAX_SUBNETS = 64; // 10.128.0.0/16 … 10.191.0.0/16
const HOST_BASE = 0x0a800000; // 10.128.0.0
const FIRST_HOST = 10; // .0.10 onward: .0.1 is the gateway

export interface SyntheticOptions {
  nodes: number;
  podsPerNode: number;
  mtu?: number;
  /** Subnets the nodes are spread over (default 1). */
  subnets?: number;
  ipipMode?: IpipMode;
}

export function syntheticClusterSpec(o: SyntheticOptions): ClusterSpec {
  if (!Number.isInteger(o.nodes) || o.nodes < 1 || o.nodes > MAX_NODES) {
    throw new ConfigError('--nodes', `must be an integer in 1..${MAX_NODES}`, o.nodes);
  }
  if (!Number.isInteger(o.podsPerNode) || o.podsPerNode < 1 || o.podsPerNode > MAX_PODS_PER_NODE) {
    throw new ConfigError('--pods-per-node', `must be an integer in 1..${MAX_PODS_PER_NODE} (one /26 block per node)`, o.podsPerNode);
  }
  const k = o.subnets ?? 1;
  if (!Number.isInteger(k) || k < 1 || k > Math.min(MAX_SUBNETS, o.nodes)) {
    throw new ConfigError('--subnets', `must be an integer in 1..${Math.min(MAX_SUBNETS, o.nodes)}`, k);
  }
  const nodes: NodeSpec[] = [];
  const pods: PodSpec[] = [];
  let subnet = 0;
  let first = 0; // first node of the current subnet
  for (let i = 0; i < o.nodes; i++) {
    const name = `node-${String(i).padStart(4, '0')}`;
    while (subnet + 1 < k && i >= Math.floor(((subnet + 1) * o.nodes) / k)) first = Math.floor((++subnet * o.nodes) / k);
    const base = HOST_BASE + subnet * 0x10000;
    nodes.push({
      name,
      iface: 'ens160',
      ip: formatIp4((base + FIRST_HOST + i - first) >>> 0),
      prefixLen: 16,
      // VMware OUI like the seed; the low 3 bytes are the node index, so MACs never collide.
      mac: formatMac([0x00, 0x0c, 0x29, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff]),
      gateway: formatIp4((base + 1) >>> 0),
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
    pools: [{ name: 'bench-pool', cidr: '172.16.0.0/12', blockSize: 26, ipipMode: o.ipipMode ?? 'Always', natOutgoing: true }],
    pods,
  };
}
