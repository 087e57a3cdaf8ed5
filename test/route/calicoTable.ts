// Route set of one node in a large Calico IPIP cluster, as its FIB would hold it, for
// the LPM memory test and the micro-benchmark. Seeded, so every run builds the same table.
//
//   remote pod blocks   one /26 per other node, at random places in the IP pool  → via tunl0
//   own block           /26 blackhole (Calico's "blackhole <block> proto bird")
//   own pods            /32 per local pod (cali* veth routes)
//   node adjacencies    /32 per other node's IP in the host subnet (neighbours as /32
//                       entries, like VPP adj-fibs)
//   local               /32 for the node IP and the tunl0 address
//   connected           the host subnet
//   default             0.0.0.0/0 via the gateway
//
// Values are next-hop indices: 0 default gateway, 1 blackhole, 2 connected, 3 local,
// 4 + i for node i (tunnel or adjacency), 0x100000 + k for local pod k.

import { maskOf } from './lpmHarness.ts';
import { mulberry32 } from '../support/prng.ts';

export { mulberry32 }; // the benchmark draws its lookups with the generator that placed the routes

export interface CalicoTableSpec {
  nodes: number;
  pool: { base: number; len: number };       // must hold `nodes` /26 blocks
  hostSubnet: { base: number; len: number }; // must hold `nodes` + gateway addresses
  podsPerNode: number;                       // ≤ 62 per /26 block here (tunl0 takes .0)
  seed: number;
}

export interface CalicoTable {
  routes: { dst: number; len: number; value: number }[];
  podAddrs: number[];  // every pod address in the cluster (local and remote)
  nodeAddrs: number[]; // every node IP
}

/** `k` distinct random integers from 0..n-1 (partial Fisher-Yates). */
function pickDistinct(n: number, k: number, rnd: () => number): number[] {
  if (k > n) throw new RangeError(`cannot pick ${k} distinct values out of ${n}`);
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rnd() * (n - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

/** The FIB of node 0 of the cluster. */
export function calicoTable(spec: CalicoTableSpec): CalicoTable {
  const rnd = mulberry32(spec.seed);
  const blocks = pickDistinct(2 ** (26 - spec.pool.len), spec.nodes, rnd)
    .map((i) => (spec.pool.base + i * 64) >>> 0);
  // Host .0 is the network address, .1 the gateway; nodes take random others.
  const hostSlots = pickDistinct(2 ** (32 - spec.hostSubnet.len) - 3, spec.nodes, rnd);
  const nodeAddrs = hostSlots.map((i) => (spec.hostSubnet.base + 2 + i) >>> 0);
  const routes: CalicoTable['routes'] = [];
  const podAddrs: number[] = [];
  for (let n = 0; n < spec.nodes; n++) {
    for (let k = 0; k < spec.podsPerNode; k++) podAddrs.push((blocks[n] + 1 + k) >>> 0);
    if (n === 0) continue;
    routes.push({ dst: blocks[n], len: 26, value: 4 + n });
    routes.push({ dst: nodeAddrs[n], len: 32, value: 4 + n });
  }
  routes.push({ dst: blocks[0], len: 26, value: 1 });
  for (let k = 0; k < spec.podsPerNode; k++) routes.push({ dst: (blocks[0] + 1 + k) >>> 0, len: 32, value: 0x100000 + k });
  routes.push({ dst: nodeAddrs[0], len: 32, value: 3 });
  routes.push({ dst: blocks[0], len: 32, value: 3 }); // tunl0 address: first of the block
  routes.push({ dst: (spec.hostSubnet.base & maskOf(spec.hostSubnet.len)) >>> 0, len: spec.hostSubnet.len, value: 2 });
  routes.push({ dst: 0, len: 0, value: 0 });
  return { routes, podAddrs, nodeAddrs };
}
