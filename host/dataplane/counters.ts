// The dataplane's counters by name, and the capture switches. One table: every node counter
// (NC_*), drop reason (DROP_*) and interface counter (IC_*) of host/layout.ts has one name
// outside the layout, its camelCase form (NC_DELIVERED_POD → deliveredPod, DROP_NEIGH_MISS →
// neighMiss, IC_RX_PACKETS → rxPackets). The embedding API, the benchmark's JSON and text,
// the fuzzer and the tests all print and read these names; a counter added to the layout
// appears here without a change.
import * as L from '../layout.ts';
import type { Dataplane } from './build.ts';
import type { Mem } from './mem.ts';
import { nodeContexts, NodeRecord } from './records.ts';

/** `DELIVERED_POD` → `deliveredPod`, `NEIGH_MISS` → `neighMiss`. */
export function counterName(layoutName: string): string {
  return layoutName.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const table = (prefix: string, exclude: string[]): readonly (readonly [string, number])[] =>
  Object.entries(L)
    .filter(([k, v]) => k.startsWith(prefix) && typeof v === 'number' && !exclude.includes(k))
    .map(([k, v]) => [counterName(k.slice(prefix.length)), v as number] as const);

/** Node counters: name → index in the node's block (drops excluded: DROP_REASONS). */
export const NODE_COUNTERS = table('NC_', ['NC_DROP_BASE', 'NC_COUNT']);
/** Drop reasons: name → reason (counted at NC_DROP_BASE + reason). */
export const DROP_REASONS = table('DROP_', ['DROP_COUNT']);
/** Interface counters: name → index in the interface's block. */
export const IFACE_COUNTERS = table('IC_', ['IC_COUNT']);

/** The books of one node, or of a cluster summed: frames in (rx) + created + neighReleased +
 *  reasmReleased = delivered + dropped + txWire + neighQueued + reasmQueued. */
export interface Counters {
  /** Frames taken from any input ring. */
  rx: number;
  /** Put on the wire: into another node's inbox (same dataplane), or its uplink tx ring. */
  txWire: number;
  deliveredPod: number;
  /** Consumed by the host stack (its own address, ARP it answered). */
  deliveredHost: number;
  createdIcmp: number;
  createdArp: number;
  createdFrag: number;
  /** Resets sent by a node's TCP control socket (tcp_v4_send_reset). */
  createdTcp: number;
  forwarded: number;
  encap: number;
  decap: number;
  icmpErrors: number;
  echoReplies: number;
  fragmented: number;
  /** Packets that went into a neighbour's queue to wait for its resolution, and that left it
   *  (sent or dropped): the books count a waiting packet as queued until it is released. */
  neighQueued: number;
  neighReleased: number;
  /** Fragments taken into a reassembly queue (out of the books), and what came out of the
   *  queues into them again: a datagram per queue completed, each fragment of a queue
   *  discarded (then counted as a drop); reasmOks: datagrams reassembled. */
  reasmQueued: number;
  reasmReleased: number;
  reasmOks: number;
  /** ICMP redirects sent, and owed but held back by ip_rt_send_redirect's per-peer limit. */
  redirects: number;
  redirectsLimited: number;
  /** Non-zero drop reasons: `ttlExceeded`, `blackhole`, `neighMiss`, `ringFull`, … (DROP_REASONS). */
  drops: Record<string, number>;
  /** Σ drops. */
  dropped: number;
}

/** A node's counters and, by interface name, its interfaces'. */
export interface NodeCounters extends Counters {
  ifaces: Record<string, IfaceCounters>;
}

export interface IfaceCounters {
  rxPackets: number;
  rxBytes: number;
  txPackets: number;
  txBytes: number;
  rxDrops: number;
  txDrops: number;
  [name: string]: number;
}

/** Counters of the nodes whose contexts are `ctxs`, summed, by name. */
function sumCounters(mem: Mem, ctxs: ArrayLike<number>): Counters {
  const sum = new Float64Array(L.NC_COUNT);
  for (let i = 0; i < ctxs.length; i++) {
    const base = new NodeRecord(mem, ctxs[i]).counterIndex;
    for (let k = 0; k < L.NC_COUNT; k++) sum[k] += mem.f64[base + k];
  }
  const out: Record<string, unknown> = {};
  for (const [name, i] of NODE_COUNTERS) out[name] = sum[i];
  const drops: Record<string, number> = {};
  let dropped = 0;
  for (const [name, r] of DROP_REASONS) {
    const x = sum[L.NC_DROP_BASE + r];
    if (x !== 0) drops[name] = x;
    dropped += x;
  }
  return { ...out, drops, dropped } as Counters;
}

/** Counters of node `node` (its index) and of its interfaces, by name. */
export function readNodeCounters(dp: Dataplane, node: number): NodeCounters {
  const ifaces: Record<string, IfaceCounters> = {};
  for (const f of dp.nodes[node].ifaces) ifaces[f.name] = readIfCounters(dp, node, f.index);
  return { ...sumCounters(dp.mem, [dp.ctxs[node]]), ifaces };
}

/** Counters of the whole dataplane, summed over its nodes. */
export function readClusterCounters(mem: Mem): Counters {
  return sumCounters(mem, nodeContexts(mem));
}

/** Counters of interface `iface` (data-path index) of node `node`, by name. */
export function readIfCounters(dp: { mem: Mem; ctxs: Uint32Array }, node: number, iface: number): IfaceCounters {
  const base = new NodeRecord(dp.mem, dp.ctxs[node]).ifCounterIndex + iface * L.IC_COUNT;
  const out: Record<string, number> = {};
  for (const [name, i] of IFACE_COUNTERS) out[name] = dp.mem.f64[base + i];
  return out as IfaceCounters;
}

/** Turn the capture hook on or off for one interface and direction(s). Set between steps. The
 *  node's NODEF_CAPTURE says whether any of its interfaces has one on: the core runs its
 *  per-frame path compiled without the hook's call while it is clear (assembly/counters.ts). */
export function setCapture(dp: { mem: Mem; ctxs: Uint32Array }, node: number, iface: number, on: { rx?: boolean; tx?: boolean }): void {
  const host = new NodeRecord(dp.mem, dp.ctxs[node]);
  const rec = host.iface(iface);
  let f = rec.flags;
  if (on.rx !== undefined) f = on.rx ? f | L.IFF_CAPTURE_RX : f & ~L.IFF_CAPTURE_RX;
  if (on.tx !== undefined) f = on.tx ? f | L.IFF_CAPTURE_TX : f & ~L.IFF_CAPTURE_TX;
  rec.flags = f;
  let any = false;
  for (let k = 0; k < host.ifCount; k++) if ((host.iface(k).flags & (L.IFF_CAPTURE_RX | L.IFF_CAPTURE_TX)) !== 0) any = true;
  const at = (dp.ctxs[node] + L.NODE_FLAGS) >>> 2;
  dp.mem.u32[at] = any ? dp.mem.u32[at] | L.NODEF_CAPTURE : dp.mem.u32[at] & ~L.NODEF_CAPTURE;
}

/** Per-node accounting check: rx + created + released from a neighbour or reassembly queue =
 *  delivered + dropped + put on the wire + queued. Returns the imbalance (0 when the books
 *  balance). */
export function nodeImbalance(dp: Dataplane, node: number): number {
  const c = readNodeCounters(dp, node);
  return c.rx + c.createdIcmp + c.createdArp + c.createdFrag + c.createdTcp + c.neighReleased + c.reasmReleased
    - (c.deliveredPod + c.deliveredHost + c.dropped + c.txWire + c.neighQueued + c.reasmQueued);
}
