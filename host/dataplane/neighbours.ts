// Reading and stepping the neighbour tables of a dataplane from the host (layout/neigh.ts has
// the records): what `ip neigh` shows for a node's uplink, and when the core's neighbour
// timers want the node stepped (NODE_TIMER_AT, on the clock conntrack.ts's setNodeClock writes).
import * as L from '../layout.ts';
import type { Mem } from './mem.ts';

/** The kernel's name of each NUD state (include/uapi/linux/neighbour.h, iproute2's nud_state_n2a). */
export const NUD_NAMES: ReadonlyMap<number, string> = new Map([
  [L.NUD_INCOMPLETE, 'INCOMPLETE'], [L.NUD_REACHABLE, 'REACHABLE'], [L.NUD_STALE, 'STALE'],
  [L.NUD_DELAY, 'DELAY'], [L.NUD_PROBE, 'PROBE'], [L.NUD_FAILED, 'FAILED'], [L.NUD_NOARP, 'NOARP'],
  [L.NUD_PERMANENT, 'PERMANENT'],
]);

export interface NeighbourRecord {
  ip: number;
  /** null before the first resolution. */
  mac: Uint8Array | null;
  state: number; // NUD_*
  probes: number;
  /** ms on the node's clock. */
  used: number;
  confirmed: number;
  updated: number;
  /** Packets waiting for the resolution. */
  queued: number;
}

/** The entries of interface `iface`'s table on the node at `ctx`, in entry order (the builder's
 *  reserved ones first); entries that were never used (state NONE) are left out, as the kernel
 *  has none for them. Empty when the interface keeps no table. */
export function readNeighbours(mem: Mem, ctx: number, iface: number): NeighbourRecord[] {
  const ifTable = mem.u32[(ctx + L.NODE_IF_TABLE) >>> 2];
  const t = mem.u32[(ifTable + iface * L.IF_SIZE + L.IF_NEIGH) >>> 2];
  if (t === 0) return [];
  const u32 = (a: number): number => mem.u32[a >>> 2];
  const out: NeighbourRecord[] = [];
  const cap = u32(t + L.NT_CAPACITY);
  const entries = u32(t + L.NT_ENTRIES);
  for (let i = 0; i < cap; i++) {
    const e = entries + i * L.NE_SIZE;
    const state = mem.u8[e + L.NE_STATE];
    if ((mem.u8[e + L.NE_FLAGS] & L.NEF_IN_USE) === 0 || state === L.NUD_NONE) continue;
    const valid = (state & L.NUD_VALID) !== 0;
    out.push({
      ip: u32(e + L.NE_IP),
      mac: valid ? mem.u8.slice(e + L.NE_MAC, e + L.NE_MAC + 6) : null,
      state, probes: mem.u8[e + L.NE_PROBES],
      used: u32(e + L.NE_USED), confirmed: u32(e + L.NE_CONFIRMED), updated: u32(e + L.NE_UPDATED),
      queued: u32(e + L.NE_Q_LEN),
    });
  }
  return out;
}

/** ms of the node clock for simulated time `ns` (jiffies wrap: modulo 2^32). */
export function nodeMs(ns: number): number {
  return Math.floor(ns / 1_000_000) >>> 0;
}

/** The node's earliest neighbour timer (ms on its clock), or null when none is armed. */
export function nodeTimer(mem: Mem, ctx: number): number | null {
  return mem.u32[(ctx + L.NODE_TIMER_ARMED) >>> 2] === 0 ? null : mem.u32[(ctx + L.NODE_TIMER_AT) >>> 2];
}

/** Sets interface `iface`'s reachable_time on the node at `ctx` (ms; the kernel draws it per
 *  device, neigh_rand_reach_time), as drawn at node-clock time `nowMs` (the next draw comes
 *  300 s later, neigh_periodic_work). No-op when the interface keeps no table. */
export function setReachableTime(mem: Mem, ctx: number, iface: number, ms: number, nowMs = 0): void {
  const ifTable = mem.u32[(ctx + L.NODE_IF_TABLE) >>> 2];
  const t = mem.u32[(ifTable + iface * L.IF_SIZE + L.IF_NEIGH) >>> 2];
  if (t === 0) return;
  mem.u32[(t + L.NT_REACHABLE_TIME) >>> 2] = ms >>> 0;
  mem.u32[(t + L.NT_LAST_RAND) >>> 2] = nowMs >>> 0;
}
