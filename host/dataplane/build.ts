// buildDataplane: lay a Cluster out in one shared WebAssembly.Memory following
// assembly/layout.ts (host/layout.ts): global header, node table, inbox table, one region
// per node (context, interfaces, next hops, counters, flush list, scratch slots, LPM) and
// the rings. Sized exactly, up front (initial = maximum pages), never grown.
//
// Usable single-threaded (tests, the ping CLI: build, push frames, step nodes, read rings)
// and by a worker runtime (pass `memory` and the node pointers to the workers; every worker
// instantiates the core on the same memory and steps the nodes whose `worker` is its index).

import type { Cluster } from '../cluster/types.ts';
import type { DataplaneMemory } from './engines.ts';
import type { NodeFib } from './nexthops.ts';
import { planDataplane } from './plan.ts';
import type { DataplaneOptions } from './options.ts';
import type { NodePlan } from './planRecords.ts';
import { writePlan } from './write.ts';
import type { IpvsPlan } from './ipvsTables.ts';
import { IF_FIRST_CALI } from '../layout.ts';

export type { DataplaneOptions } from './options.ts';

export interface IfaceInfo {
  index: number; // data-path interface index (0 ens160, 1 tunl0, 2.. cali)
  name: string; // Linux name
  ifindex: number; // Linux ifindex (what `ip addr` prints)
  record: number; // address of the interface record
  rxRing: number; // 0 for ens160 (its rx rings are the inboxes) and tunl0
  txRing: number; // ens160: the uplink tx ring (frames leaving the dataplane); 0 for tunl0
}

/** One uplink of a host (a router has several) and the rings of its port. */
export interface UplinkPort {
  index: number; // data-path interface index
  name: string;
  port: number;
  /** inboxes[w] for producing worker w; the last one is the external (host-fed) inbox. */
  inboxes: number[];
  externalInbox: number;
  /** What the host sends on this uplink beyond the dataplane (all of it with `hostWire`). */
  txRing: number;
}

export interface PodPort {
  namespace: string;
  name: string;
  ip: number;
  mac: string;
  iface: number; // the cali's data-path index on its node
  /** pod → host: push the pod's frames here. */
  rxRing: number;
  /** host → pod: frames the node delivered to the pod appear here. */
  txRing: number;
}

export interface NodeInfo {
  index: number;
  name: string;
  worker: number;
  ctx: number; // node context address: the argument of step()
  ifaces: IfaceInfo[];
  pods: PodPort[];
  /** inbox[w] for producing worker w; inboxes[workers] is the external (host-fed) inbox. */
  inboxes: number[];
  externalInbox: number;
  /** ens160's tx ring: what the node sends on the wire beyond the dataplane (all of its wire
   *  frames with `hostWire`); the host drains it. */
  uplinkTx: number;
  /** Every uplink, the first (inboxes, uplinkTx above) included. */
  uplinks: UplinkPort[];
  /** 'router' for the routers between subnets (after the nodes). */
  role: 'node' | 'router';
  fib: NodeFib;
  /** kube-proxy's virtual servers and the conntrack table (ipvsTables.ts), null without Services. */
  ipvs: IpvsPlan | null;
}

export interface Dataplane extends DataplaneMemory {
  cluster: Cluster;
  workers: number;
  /** Bytes per ring slot: the largest frame a ring carries is slotSize − SLOT_HEADROOM. */
  slotSize: number;
  totalBytes: number;
  nodes: NodeInfo[];
}

export function buildDataplane(cluster: Cluster, opts: DataplaneOptions = {}): Dataplane {
  const plan = planDataplane(cluster, opts);
  const kept = plan.nodes.map((p) => p.fib);
  const { memory, mem } = writePlan(plan);
  // the derived FIBs need only fibOf and the node: a closure over `plan` would keep every node's
  // plan (and a large cluster's shared tables) alive as long as the dataplane
  const { fibOf } = plan;
  const nodes = plan.nodes.map((p, i) => { const { node } = p; return nodeInfo(p, kept[i], () => fibOf(node)); });
  return { memory, mem, ctxs: Uint32Array.from(plan.nodes, (p) => p.ctx), cluster, workers: plan.workers, slotSize: plan.slotSize, totalBytes: plan.totalBytes, nodes };
}

/** A NodeInfo whose `fib` (the builder's view of the node's FIB: diagnostics, the embedding API)
 *  is derived on first read when the builder did not keep it, then kept. */
function nodeInfo(p: NodePlan, fib: NodeFib | null, derive: () => NodeFib): NodeInfo {
  let kept = fib;
  const pods = p.node.pods.map((pod, i): PodPort => {
    const f = p.ifaces[IF_FIRST_CALI + i];
    return { namespace: pod.namespace, name: pod.name, ip: pod.ip, mac: pod.mac, iface: f.index, rxRing: f.rxRing, txRing: f.txRing };
  });
  const info = {
    index: p.node.index, name: p.node.spec.name, worker: p.worker, ctx: p.ctx,
    ifaces: p.ifaces.map(({ index, name, ifindex, record, rxRing, txRing }) => ({ index, name, ifindex, record, rxRing, txRing })),
    pods, inboxes: p.inboxes, externalInbox: p.inboxes[p.inboxes.length - 1], uplinkTx: p.uplinkTx, ipvs: p.ipvs,
    uplinks: p.uplinks.map((u) => ({
      index: u.index, name: p.node.uplinks[u.uplink]?.name ?? p.node.spec.iface, port: u.port, inboxes: u.inboxes,
      externalInbox: u.inboxes[u.inboxes.length - 1], txRing: u.txRing,
    })),
    role: p.node.role,
  } as Omit<NodeInfo, 'fib'> as NodeInfo;
  Object.defineProperty(info, 'fib', {
    enumerable: true,
    configurable: true,
    get: (): NodeFib => kept ?? (kept = derive()),
    set: (v: NodeFib) => { kept = v; },
  });
  return info;
}
