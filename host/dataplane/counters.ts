// Reading a dataplane's counters and switching captures, by name. Names come from
// host/layout.ts (NC_*, IC_*, DROP_*), so a counter added to the layout appears here.
import * as L from '../layout.ts';
import type { Dataplane } from './build.ts';
import { NodeRecord } from './records.ts';

const pick = (prefix: string, exclude: string[]): [string, number][] =>
  Object.entries(L).filter(([k, v]) => k.startsWith(prefix) && typeof v === 'number' && !exclude.includes(k)) as [string, number][];

/** Node counter names (without NC_) → index, drops excluded. */
export const NODE_COUNTER_NAMES: readonly [string, number][] = pick('NC_', ['NC_DROP_BASE', 'NC_COUNT']).map(([k, v]) => [k.slice(3), v]);
/** Drop reason names (without DROP_) → reason. */
export const DROP_NAMES: readonly [string, number][] = pick('DROP_', ['DROP_COUNT']).map(([k, v]) => [k.slice(5), v]);
/** Interface counter names (without IC_) → index. */
export const IF_COUNTER_NAMES: readonly [string, number][] = pick('IC_', ['IC_COUNT']).map(([k, v]) => [k.slice(3), v]);

export interface NodeCounters {
  RX: number; TX_WIRE: number; DELIVERED_POD: number; DELIVERED_HOST: number;
  CREATED_ICMP: number; CREATED_ARP: number; CREATED_FRAG: number; FORWARDED: number; ENCAP: number;
  DECAP: number; ICMP_ERRORS: number; ECHO_REPLIES: number; FRAGMENTED: number;
  [name: string]: number;
}

/** The raw counter block of node `node` (a copy): NC_COUNT f64 values. */
export function nodeCounterVector(dp: Dataplane, node: number): Float64Array {
  const base = new NodeRecord(dp.mem, dp.nodes[node].ctx).counterIndex;
  return dp.mem.f64.slice(base, base + L.NC_COUNT);
}

/** The raw per-interface block of node `node` (a copy): ifCount × IC_COUNT f64 values. */
export function ifCounterVector(dp: Dataplane, node: number): Float64Array {
  const rec = new NodeRecord(dp.mem, dp.nodes[node].ctx);
  return dp.mem.f64.slice(rec.ifCounterIndex, rec.ifCounterIndex + rec.ifCount * L.IC_COUNT);
}

export interface NodeCounterReport {
  counters: NodeCounters;
  drops: Record<string, number>; // non-zero drop reasons only
  dropped: number; // Σ drops
}

export function readNodeCounters(dp: Dataplane, node: number): NodeCounterReport {
  const v = nodeCounterVector(dp, node);
  const counters = {} as NodeCounters;
  for (const [name, i] of NODE_COUNTER_NAMES) counters[name] = v[i];
  const drops: Record<string, number> = {};
  let dropped = 0;
  for (const [name, r] of DROP_NAMES) {
    const x = v[L.NC_DROP_BASE + r];
    if (x !== 0) drops[name] = x;
    dropped += x;
  }
  return { counters, drops, dropped };
}

/** Counters of interface `iface` (data-path index) of node `node`, by name. */
export function readIfCounters(dp: Dataplane, node: number, iface: number): Record<string, number> {
  const v = ifCounterVector(dp, node);
  const out: Record<string, number> = {};
  for (const [name, i] of IF_COUNTER_NAMES) out[name] = v[iface * L.IC_COUNT + i];
  return out;
}

/** Turn the capture hook on or off for one interface and direction(s). Set between steps. */
export function setCapture(dp: Dataplane, node: number, iface: number, on: { rx?: boolean; tx?: boolean }): void {
  const rec = new NodeRecord(dp.mem, dp.nodes[node].ctx).iface(iface);
  let f = rec.flags;
  if (on.rx !== undefined) f = on.rx ? f | L.IFF_CAPTURE_RX : f & ~L.IFF_CAPTURE_RX;
  if (on.tx !== undefined) f = on.tx ? f | L.IFF_CAPTURE_TX : f & ~L.IFF_CAPTURE_TX;
  rec.flags = f;
}

/** Per-node accounting check: RX + created = delivered + dropped + sent on the wire.
 *  Returns the imbalance (0 when the books balance). */
export function nodeImbalance(dp: Dataplane, node: number): number {
  const { counters: c, dropped } = readNodeCounters(dp, node);
  return c.RX + c.CREATED_ICMP + c.CREATED_ARP + c.CREATED_FRAG
    - (c.DELIVERED_POD + c.DELIVERED_HOST + dropped + c.TX_WIRE);
}
