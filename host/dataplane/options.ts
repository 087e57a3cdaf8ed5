// What a caller may choose when building a dataplane (planDataplane, buildDataplane): workers,
// ring and slot sizes, how the uplinks resolve their neighbours, the kernel's redirect limit.
// The defaults are stated beside each option and applied in plan.ts.

import type { ClusterNode } from '../cluster/types.ts';
import type { Ip4 } from '../net/addr.ts';
import type { IpvsOptions } from './ipvsTables.ts';

export interface DataplaneOptions extends IpvsOptions {
  /** Worker threads that will step nodes (1 = single-threaded). Default 1. */
  workers?: number;
  /** Worker of each node; default round robin (node index % workers). */
  workerOf?: (node: ClusterNode) => number;
  /** Slots in each pod ring (cali rx and cali tx), a power of two ≥ 2. Default 256. */
  ringSlots?: number;
  /** Slots in each inbox ring (ens160 rx, one per producing worker). Default ringSlots. */
  inboxSlots?: number;
  /** Slots in the external (host-fed) inbox and the uplink tx ring. Default inboxSlots. */
  hostSlots?: number;
  /** First value of each node's IP ID sequence (outer IPIP IDs, ICMP errors, echo replies). Default 0. */
  ipIdStart?: (node: ClusterNode) => number;
  /** The host carries every wire frame, also between nodes of this dataplane (the simulation,
   *  with its wire latency): every uplink transmits into its tx ring only. Default false:
   *  frames for a node of the dataplane go straight into its inbox. */
  hostWire?: boolean;
  /** Bytes per ring slot (and scratch slot): a multiple of 64, SLOT_SIZE_MIN..SLOT_SIZE_MAX, or
   *  down to frameSlotSize (1600 at MTU 1500: every frame still fits). Default slotSizeFor(the
   *  largest interface MTU). A smaller one than that only makes the frames over it counted
   *  drops (TOO_BIG_FOR_SLOT), which is what tests of that bound use. */
  slotSize?: number;
  /** MACs of neighbours by IPv4 address (a standalone node's gateway and peers); the others
   *  keep the node's MAC from the cluster, or a stand-in outside it (nexthops.ts externalMac). */
  neighbourMac?: (ip: Ip4) => Uint8Array | undefined;
  /** Called as nodes are planned and written (a progress bar for large clusters): the stage,
   *  nodes done, nodes in all. */
  onProgress?: (stage: 'share' | 'plan' | 'write', done: number, total: number) => void;
  /** How the uplinks resolve their neighbours (assembly/arp/neigh.ts):
   *  - `static` (default): no neighbour table; every known neighbour's MAC is fixed by the
   *    builder, as a permanent entry would be (the benchmark: no memory per neighbour, no ARP
   *    on the wire); an address of the subnet with no known owner is a counted drop (neighMiss);
   *  - `empty`: a neighbour table per uplink with every entry unresolved, as on a freshly
   *    booted node: the first packet to a neighbour waits for the ARP reply (the simulation,
   *    the kernel oracle);
   *  - `reachable`: the same table with every peer node REACHABLE at time 0.
   *  In both table modes the default gateway (outside the cluster) is a permanent entry. */
  neighbours?: NeighbourStart;
  /** Entries of each neighbour table beyond the reserved ones (learned from ARP, or created
   *  for addresses of the subnet nobody owns). Default 64. */
  neighSpare?: number;
  /** Packets a neighbour table holds while it resolves (the pool its arp_queues share). Default 32. */
  neighQueue?: number;
  /** Seed of a node's reachable_time draws (neigh_rand_reach_time); default derived from its name. */
  neighSeed?: (node: ClusterNode) => number;
  /** Nodes of a subnet share one LPM and one next-hop table, each keeping only its own block's
   *  routes and its address (sharedFib.ts): 0.6 MiB less per node at 5000 nodes, the same
   *  lookups. Only with `neighbours: 'static'`. Default false. */
  shareFibs?: boolean;
  /** IPv4 reassembly queues of each host (ip_defrag at local delivery: assembly/reasm.ts), each
   *  with a buffer for a whole 64 KiB datagram (layout/reasm.ts REASM_BUF_SIZE): 0..1024. A
   *  fragment for a host whose queues are all in use is a counted drop (reassembly), as the
   *  kernel drops one over ipfrag_high_thresh (4 MiB a netns). Default 8 (517 KiB a host), as
   *  many as keep the dataplane at 1024 queues (64 MiB) on clusters over 128 hosts, at least
   *  one (plan.ts defaultReasmQueues); the benchmark, whose traffic never fragments towards a
   *  host, plans 0. */
  reasmQueues?: number;
  /** ip_rt_send_redirect's per-peer limit (net.ipv4.route.redirect_number, redirect_load,
   *  redirect_silence; assembly/redirect.ts). Default the kernel's: 9, 20 ms, 20480 ms. */
  redirects?: RedirectLimit;
}

export interface RedirectLimit {
  number: number;
  loadMs: number;
  silenceMs: number;
}

/** The kernel's defaults at HZ=250: ip_rt_redirect_number 9, ip_rt_redirect_load HZ/50,
 *  ip_rt_redirect_silence (HZ/50) << (9 + 1). */
export const KERNEL_REDIRECT_LIMIT: RedirectLimit = { number: 9, loadMs: 20, silenceMs: 20 << 10 };

export type NeighbourStart = 'static' | 'empty' | 'reachable';
export const NEIGHBOUR_STARTS: readonly NeighbourStart[] = ['static', 'empty', 'reachable'];
