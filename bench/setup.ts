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
import { withBenchService } from './traffic/mixes.ts';
import { buildDataplane, type Dataplane } from '../host/dataplane/build.ts';
import type { DataplaneOptions } from '../host/dataplane/plan.ts';
import { ConfigError } from '../host/errors.ts';
import { defaultSlotSize } from '../host/dataplane/plan.ts';
import { syntheticClusterSpec } from './cluster/synthetic.ts';
import { workersFor, type BenchOptions } from './options.ts';
import { planFlows, type FlowPlan, type Mix } from './traffic/flows.ts';
import { maxFrameFor } from './traffic/frames.ts';
import { hostMtu } from '../host/cluster/ifaces.ts';
import { hostsOf } from '../host/dataplane/ports.ts';

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

const RING_BUDGET_BYTES = 1 << 30; // rings get at most ~1 GiB by default; the LPMs need the rest at 5000 nodes
const DEFAULT_RING_SLOTS = 64; // two bursts: measured faster than 128 or 256 (less cache and TLB footprint)
/** Inbox (wire) rings get this many times the pod rings' slots when the ring budget allows: a
 *  worker's senders fill a wire ring with a burst each per loop (the pacing lets them only
 *  when all of it fits), so a wire ring of exactly that size makes the producing worker wait
 *  until the consumer has emptied it: the two workers then run in lockstep instead of
 *  overlapping (the seed's two senders on k8s-master-1 into one 64-slot ring). */
export const INBOX_FACTOR = 2;

/** Ring bytes of `cluster` with pod rings of `slots` and wire rings of `inbox` slots: per node
 *  W inboxes + the external one + the uplink tx ring (wire size), two rings per pod. */
function ringBytes(cluster: Cluster, workers: number, slots: number, inbox: number): number {
  const podRings = cluster.nodes.reduce((s, n) => s + 2 * n.pods.length, 0);
  // per uplink of each host (a router has several): W inboxes + the external one + the uplink tx ring
  const uplinks = hostsOf(cluster).reduce((s, n) => s + n.uplinks.length, 0);
  return (uplinks * (workers + 2) * inbox + podRings * slots) * defaultSlotSize(cluster);
}

/** Default slots per pod ring: 64, fewer when nodes are many (largest power of two in budget, ≥ 8). */
export function defaultRingSlots(cluster: Cluster, workers: number): number {
  let slots = DEFAULT_RING_SLOTS;
  while (slots > 8 && ringBytes(cluster, workers, slots, slots) > RING_BUDGET_BYTES) slots >>= 1;
  return slots;
}

/** Wire ring slots for pod rings of `slots`: INBOX_FACTOR times as many while the rings stay in budget. */
export function defaultInboxSlots(cluster: Cluster, workers: number, slots: number): number {
  return ringBytes(cluster, workers, slots, slots * INBOX_FACTOR) <= RING_BUDGET_BYTES ? slots * INBOX_FACTOR : slots;
}

export interface Prepared {
  cluster: Cluster;
  label: string;
  workers: number;
  ranges: [number, number][];
  ringSlots: number;
  /** Slots of the inbox (wire) and uplink tx rings: INBOX_FACTOR × ringSlots when in budget. */
  inboxSlots: number;
  burst: number;
}

export function prepare(o: BenchOptions): Prepared {
  const { cluster, label } = clusterFor(o);
  checkSize(o, cluster);
  const workers = workersFor(o, hostsOf(cluster).length);
  const ringSlots = o.ringSlots ?? defaultRingSlots(cluster, workers);
  // an explicit --burst above the ring was rejected by the options; the default adapts
  const burst = Math.min(o.burst, ringSlots);
  return { cluster, label, workers, ranges: contiguousRanges(hostsOf(cluster).length, workers), ringSlots, inboxSlots: defaultInboxSlots(cluster, workers, ringSlots), burst };
}

export function flowsFor(p: Prepared, mix: Mix, size: number): FlowPlan {
  return planFlows(p.cluster, mix, size);
}

export function dataplaneFor(p: Prepared, workers: number, onProgress?: DataplaneOptions['onProgress']): Dataplane {
  const { ringSlots, inboxSlots } = p;
  const hosts = hostsOf(p.cluster).length;
  const ranges = contiguousRanges(hosts, workers);
  const owner = new Int32Array(hosts);
  ranges.forEach(([a, b], w) => owner.fill(w, a, b));
  try {
    return buildDataplane(p.cluster, { workers, ringSlots, inboxSlots, workerOf: (n) => owner[n.index], onProgress });
  } catch (e) {
    if (e instanceof ConfigError && e.field === 'ringSlots') throw new ConfigError('--ring-slots', e.message, ringSlots);
    throw e;
  }
}
