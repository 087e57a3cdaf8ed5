// From options to what a measurement needs: the cluster (seed, file or synthetic), the flows,
// the worker assignment and a fresh dataplane memory per session.
//
// Hosts go to workers in CONTIGUOUS ranges (worker w owns hosts [w·H/W, (w+1)·H/W)); the hosts
// are the nodes, then the routers between subnets (a router is a node without pods). A node's
// pods and rings stay with the thread that steps it, ranges are easy to state, and the worker
// of a node is computable without a table, and the `cross` mix's neighbour flows (node n →
// n+1) cross between workers only at the W range boundaries.

import { buildCluster, defaultClusterSpec, loadClusterFile } from '../host/cluster/index.ts';
import type { Cluster, ClusterSpec } from '../host/cluster/types.ts';
import { SERVICE_FLOWS, withBenchService } from './traffic/mixes.ts';
import { buildDataplane, type Dataplane } from '../host/dataplane/build.ts';
import type { DataplaneOptions } from '../host/dataplane/options.ts';
import { ConfigError } from '../host/errors.ts';
import { defaultSlotSize, frameSlotSize } from '../host/dataplane/plan.ts';
import { syntheticClusterSpec } from './cluster/synthetic.ts';
import { workersFor, type BenchOptions } from './options.ts';
import { planFlows, type FlowPlan, type Mix } from './traffic/flows.ts';
import { maxFrameFor } from './traffic/frames.ts';
import { hostMtu } from '../host/cluster/ifaces.ts';
import { hostsOf } from '../host/dataplane/ports.ts';
import { DEFAULT_CT_BUCKETS } from '../host/dataplane/ipvsTables.ts';
import { CT_SIZE, CT_WAYS } from '../host/layout.ts';

export function clusterFor(o: BenchOptions): { cluster: Cluster; label: string } {
  const mtu = o.mtu ?? undefined;
  const withMtu = mtu === undefined ? '' : `, MTU ${mtu}`;
  // the service mix sends to a Service of its own (mixes.ts withBenchService)
  const build = (spec: ClusterSpec): Cluster => {
    const c = buildCluster(spec);
    return o.mix === 'service' ? buildCluster(withBenchService(spec, c)) : c;
  };
  if (o.nodes !== null) {
    const spread = o.subnets > 1 ? `, ${o.subnets} subnets, ${o.ipipMode}` : o.ipipMode !== 'Always' ? `, ${o.ipipMode}` : '';
    const spec = syntheticClusterSpec({ nodes: o.nodes, podsPerNode: o.podsPerNode, mtu, subnets: o.subnets, ipipMode: o.ipipMode });
    return { cluster: build(spec), label: `synthetic${withMtu}${spread}` };
  }
  if (o.clusterFile !== null) return { cluster: build(loadClusterFile(o.clusterFile)), label: o.clusterFile };
  return { cluster: build({ ...defaultClusterSpec(), ...(mtu === undefined ? {} : { mtu }) }), label: `seed (k8s-master-1 + k8s-node-1)${withMtu}` };
}

/** --size against the cluster's uplink MTU: a frame over MTU + 14 is no frame a host sends. */
function checkSize(o: BenchOptions, cluster: Cluster): void {
  const max = maxFrameFor(hostMtu(cluster.spec));
  if (o.size > max) throw new ConfigError('--size', `must be at most the cluster MTU + 14 (${max}; --mtu sets the MTU of the seed or a synthetic cluster)`, String(o.size));
}

/** Contiguous node ranges, as even as possible. */
export function contiguousRanges(nodes: number, workers: number): [number, number][] {
  const out: [number, number][] = [];
  for (let w = 0; w < workers; w++) out.push([Math.floor((w * nodes) / workers), Math.floor(((w + 1) * nodes) / workers)]);
  return out;
}

// Rings get at most 1.75 GiB by default. With shared FIBs (host/dataplane/sharedFib.ts) a node's
// own region is ~6 KiB, so the rings are nearly the whole image, and the process (the image, the
// cluster model, two worker threads) must stay under 2.5 GB at 5000 nodes: 5000 nodes with two
// pods each get 32-slot rings, of 1600-byte slots with 2 workers (MIN_SLOTS).
const RING_BUDGET_BYTES = 1.75 * 2 ** 30;
/** Pod and wire slots the budget is planned for: below them the slots shrink to the frame's
 *  size (frameSlotSize: 1600 bytes at MTU 1500 instead of 2048) before the rings lose slots. */
const MIN_SLOTS = 32;
/** Slots of the external inbox and the uplink tx ring when the budget has no room for more: the
 *  benchmark's generator feeds neither (its frames enter at the pods and stay in the cluster),
 *  so the room goes to the rings it does use. */
const HOST_RING_MIN = 8;
const DEFAULT_RING_SLOTS = 64; // two bursts: measured faster than 128 or 256 (less cache and TLB footprint)
/** Inbox (wire) rings get this many times the pod rings' slots when the ring budget allows: a
 *  worker's senders fill a wire ring with a burst each per loop (the pacing lets them only
 *  when all of it fits), so a wire ring of exactly that size makes the producing worker wait
 *  until the consumer has emptied it: the two workers then run in lockstep instead of
 *  overlapping (the seed's two senders on k8s-master-1 into one 64-slot ring). */
export const INBOX_FACTOR = 2;

/** Ring bytes of `cluster` with pod rings of `slots`, wire rings of `inbox` slots and host rings
 *  of `host`: per uplink W inboxes (wire), the external inbox and the uplink tx ring (host), two
 *  rings per pod. */
function ringBytes(cluster: Cluster, workers: number, slots: number, inbox: number, host: number, slotSize: number): number {
  const podRings = cluster.nodes.reduce((s, n) => s + 2 * n.pods.length, 0);
  // per uplink of each host (a router has several)
  const uplinks = hostsOf(cluster).reduce((s, n) => s + n.uplinks.length, 0);
  return (uplinks * (workers * inbox + 2 * host) + podRings * slots) * slotSize;
}

/** Ring sizes for `cluster` run by `workers`: the largest pod rings up to 64 slots in budget
 *  (at least 8), wire rings INBOX_FACTOR times as many while in budget, host rings the wire
 *  rings' while in budget, else HOST_RING_MIN; slots of the default size unless that leaves
 *  MIN_SLOTS out of budget with 2 workers (decided with 2 at least, so that 1- and 2-worker
 *  runs of one cluster have the same slots). */
export function ringSizes(cluster: Cluster, workers: number, podSlots: number | null): { ringSlots: number; inboxSlots: number; hostSlots: number; slotSize: number } {
  const full = defaultSlotSize(cluster);
  const fits = (w: number, slots: number, inbox: number, host: number, size: number): boolean => ringBytes(cluster, w, slots, inbox, host, size) <= RING_BUDGET_BYTES;
  const slotSize = fits(Math.max(workers, 2), MIN_SLOTS, MIN_SLOTS, HOST_RING_MIN, full) ? full : Math.min(full, frameSlotSize(cluster));
  let ringSlots = podSlots ?? DEFAULT_RING_SLOTS;
  if (podSlots === null) while (ringSlots > 8 && !fits(workers, ringSlots, ringSlots, HOST_RING_MIN, slotSize)) ringSlots >>= 1;
  const inboxSlots = fits(workers, ringSlots, ringSlots * INBOX_FACTOR, HOST_RING_MIN, slotSize) ? ringSlots * INBOX_FACTOR : ringSlots;
  const hostSlots = fits(workers, ringSlots, inboxSlots, inboxSlots, slotSize) ? inboxSlots : Math.min(inboxSlots, HOST_RING_MIN);
  return { ringSlots, inboxSlots, hostSlots, slotSize };
}

export interface Prepared {
  cluster: Cluster;
  label: string;
  workers: number;
  ranges: [number, number][];
  ringSlots: number;
  /** Slots of the inbox (wire) rings: INBOX_FACTOR × ringSlots when in budget. */
  inboxSlots: number;
  /** Slots of the external inbox and the uplink tx ring: inboxSlots when in budget. */
  hostSlots: number;
  /** Bytes per ring slot (ringSizes). */
  slotSize: number;
  burst: number;
  /** Conntrack buckets of each node with virtual servers (conntrackBucketsFor). */
  conntrackBuckets: number;
}

// The conntrack table of the core is set-associative: a bucket holds CT_WAYS records, and a
// connection whose bucket is full is refused (ctFull) where Linux's chained tables
// (ip_vs_conn_tab, nf_conntrack's hash) would take it. The service mix opens SERVICE_FLOWS
// connections per pod on the pod's own node (IPVS runs where the datagram meets the ClusterIP),
// two records each: at 63 pods a node that is 504 records in the default 1024 buckets, and some
// bucket then overflows (4 nodes of 63 pods refused one connection). With at most one record
// per 16 buckets, five records hashed to one bucket is rarer than one in ten thousand per node
// (Poisson). The tables grow only while all of them together stay within CONNTRACK_BUDGET_BYTES.
const CONNTRACK_RECORDS_PER_BUCKET = 1 / 16;
const CONNTRACK_BUDGET_BYTES = 256 * 2 ** 20;

/** Conntrack buckets for the run's connections: the default unless the service mix needs more. */
export function conntrackBucketsFor(cluster: Cluster, mix: Mix): number {
  if (mix !== 'service') return DEFAULT_CT_BUCKETS;
  const records = 2 * SERVICE_FLOWS * Math.max(0, ...cluster.nodes.map((n) => n.pods.length));
  const bucketBytes = CT_WAYS * CT_SIZE;
  let buckets = DEFAULT_CT_BUCKETS;
  while (buckets * CONNTRACK_RECORDS_PER_BUCKET < records && 2 * buckets * bucketBytes * cluster.nodes.length <= CONNTRACK_BUDGET_BYTES) buckets *= 2;
  return buckets;
}

export function prepare(o: BenchOptions): Prepared {
  const { cluster, label } = clusterFor(o);
  checkSize(o, cluster);
  const workers = workersFor(o, hostsOf(cluster).length);
  const { ringSlots, inboxSlots, hostSlots, slotSize } = ringSizes(cluster, workers, o.ringSlots);
  // an explicit --burst above the ring was rejected by the options; the default adapts: a ring
  // holds two bursts (DEFAULT_RING_SLOTS), so that what a loop offers a node (a burst per pod,
  // spread over its inboxes) fits its pods' tx rings and the step's budget of one ring: with
  // 32-slot rings (5000 nodes) and bursts of 32, one worker held back half its senders every
  // loop and two dropped 8-10 % at the pods' tx rings (BENCHMARKS.md)
  const burst = o.burstGiven ? Math.min(o.burst, ringSlots) : Math.min(o.burst, Math.max(1, ringSlots >>> 1));
  return { cluster, label, workers, ranges: contiguousRanges(hostsOf(cluster).length, workers), ringSlots, inboxSlots, hostSlots, slotSize, burst, conntrackBuckets: conntrackBucketsFor(cluster, o.mix) };
}

export function flowsFor(p: Prepared, mix: Mix, size: number): FlowPlan {
  return planFlows(p.cluster, mix, size);
}

export function dataplaneFor(p: Prepared, workers: number, onProgress?: DataplaneOptions['onProgress']): Dataplane {
  const { ringSlots, inboxSlots, hostSlots, slotSize } = p;
  const hosts = hostsOf(p.cluster).length;
  const ranges = contiguousRanges(hosts, workers);
  const owner = new Int32Array(hosts);
  ranges.forEach(([a, b], w) => owner.fill(w, a, b));
  try {
    // shared FIBs: one LPM and next-hop table per subnet, ~6 KiB per node beside its rings
    return buildDataplane(p.cluster, { workers, ringSlots, inboxSlots, hostSlots, slotSize, conntrackBuckets: p.conntrackBuckets, shareFibs: true, reasmQueues: 0, workerOf: (n) => owner[n.index], onProgress });
  } catch (e) {
    if (e instanceof ConfigError && e.field === 'ringSlots') throw new ConfigError('--ring-slots', e.message, ringSlots);
    throw e;
  }
}
