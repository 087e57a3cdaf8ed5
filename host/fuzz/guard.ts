// Guard bytes: every ring slot is filled with a fixed pseudo-random pattern before use and
// refilled after it is consumed, so any byte an engine writes where it may not is seen.
//
// What an engine may write, per slot role (assembly/tx.ts push, node.ts drainRing, ipip.ts):
//   producer (the core pushing into a cali tx ring or another node's inbox): the header
//     fields len/off/meta [0, 12) and the frame [SLOT_HEADROOM, SLOT_HEADROOM + len);
//   consumer (the core processing an input slot in place): [off − 20, off + len): the
//     Ethernet rewrite, and the outer IPv4 header of an encap 20 octets before the frame
//     (MIN_FRAME_OFF guarantees the room); never the slot header.
// So a host-fed input slot may change only in [off − 20, off + len), a wire slot (produced
// then consumed by the core) only in [0, 12) ∪ [SLOT_HEADROOM − 20, SLOT_HEADROOM + len), and
// a pod output slot only in [0, 12) ∪ [SLOT_HEADROOM, SLOT_HEADROOM + len).
//
// After each batch the slots used are checked near the frame (NEAR octets around it); every
// few batches the whole memory is compared with a snapshot taken when all slots held the
// guard (MemoryWatch): the rest of every slot, unused slots, ring headers, node records,
// next hops, LPM and global tables, everything except the fields the layout declares mutable.

import * as L from '../layout.ts';
import type { Dataplane } from '../dataplane/build.ts';
import { NodeRecord } from '../dataplane/records.ts';

export const ENCAP_HEADROOM = 20; // one outer IPv4 header

/** The pattern, as long as the largest slot (every slot size begins the same way); word
 *  view for fast compares. Functions below take the slot's size (`size`, from its ring). */
export const GUARD = new Uint8Array(L.SLOT_SIZE_MAX);
const GUARD32 = new Uint32Array(GUARD.buffer);
{
  let x = 0x2545f491;
  for (let i = 0; i < L.SLOT_SIZE_MAX; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    GUARD[i] = x & 255;
  }
}

export function fillGuard(u8: Uint8Array, slot: number, size: number): void {
  u8.set(GUARD.subarray(0, size), slot);
}

/** Restore the guard in [0, end) of a slot after a use that could only have written there
 *  (anything written further is the MemoryWatch's to find). */
export function refillGuard(u32: Uint32Array, slot: number, size: number, end: number): void {
  const words = end >= size ? size >>> 2 : (end + 3) >>> 2;
  const w0 = slot >>> 2;
  for (let w = 0; w < words; w++) u32[w0 + w] = GUARD32[w];
}

/** First offset in [a, b) of the slot at `slot` (64-aligned) that differs from the guard,
 *  or −1. */
export function guardDiff(u8: Uint8Array, u32: Uint32Array, slot: number, size: number, a: number, b: number): number {
  if (a < 0) a = 0;
  if (b > size) b = size;
  let i = a;
  for (; i < b && (i & 3) !== 0; i++) if (u8[slot + i] !== GUARD[i]) return i;
  const w0 = (slot + i) >>> 2;
  const g0 = i >>> 2;
  const words = (b - i) >>> 2;
  for (let w = 0; w < words; w++) if (u32[w0 + w] !== GUARD32[g0 + w]) return i + (w << 2) + firstByte(u32[w0 + w], GUARD32[g0 + w]);
  for (i += words << 2; i < b; i++) if (u8[slot + i] !== GUARD[i]) return i;
  return -1;
}

function firstByte(x: number, y: number): number {
  const d = (x ^ y) >>> 0;
  return (d & 0xff) !== 0 ? 0 : (d & 0xff00) !== 0 ? 1 : (d & 0xff0000) !== 0 ? 2 : 3;
}

/** How far past the frame (and before it) the per-batch slot check looks; the rest of
 *  every slot is covered by the periodic whole-memory check (MemoryWatch), which then
 *  replays the frames since the last clean check to name the one that wrote. */
export const NEAR = 256;

/** Guard check of a slot whose only bytes allowed to differ from the guard are [0, h) (the
 *  header part the producer writes) and [v0, v1): checks [h, v0) and NEAR octets after v1;
 *  returns the first offending offset or −1. */
export function slotOutside(u8: Uint8Array, u32: Uint32Array, slot: number, size: number, h: number, v0: number, v1: number): number {
  if (v0 > h) {
    const d = guardDiff(u8, u32, slot, size, h, v0);
    if (d >= 0) return d;
  }
  const from = Math.max(h, v1);
  return guardDiff(u8, u32, slot, size, from, from + NEAR);
}

/** Snapshot of the whole layout; check() compares everything but the declared mutable
 *  fields: ring producer/consumer words, counters and flush lists, the node context's IP ID,
 *  flush count and lookup cache, the redirect peers, the tunnel next hops' learned path MTUs,
 *  the part of the scratch slots packets are built in, the reassembly queues and the part of
 *  their buffers a datagram fills. */
export class MemoryWatch {
  private readonly snap: Uint32Array;
  private readonly base: number;
  /** Sorted, disjoint [start, end) byte ranges (4-aligned) that may change. */
  private readonly mutable: number[] = [];

  constructor(dp: Dataplane, rings: readonly number[]) {
    const u32 = dp.mem.u32;
    const ranges: Array<[number, number]> = [];
    for (const r of rings) {
      ranges.push([r + L.RING_HEAD, r + L.RING_HEAD + 4]);
      ranges.push([r + L.RING_HEAD_SHADOW, r + L.RING_TOUCHED + 4]); // the producer's private words
      ranges.push([r + L.RING_TAIL, r + L.RING_TAIL + 4]);
    }
    for (const n of dp.nodes) {
      const ctx = n.ctx;
      ranges.push([ctx + L.NODE_IP_ID_SEQ, ctx + L.NODE_IP_ID_SEQ + 4]);
      ranges.push([ctx + L.NODE_FLUSH_COUNT, ctx + L.NODE_FLUSH_COUNT + 4]);
      ranges.push([ctx + L.NODE_TIMER_AT, ctx + L.NODE_TIMER_ARMED + 4]); // the node's earliest timer
      ranges.push([ctx + L.NODE_LPM_GEN, ctx + L.NODE_LPM_GEN + 4]); // the lookup cache's generation
      ranges.push([ctx + L.NODE_LOOKUP_CACHE, ctx + L.NODE_LOOKUP_CACHE + L.LOOKUP_CACHE_SIZE]); // and its slots
      ranges.push([ctx + L.NODE_FLOW_CACHE, ctx + L.NODE_FLOW_CACHE + L.FLOW_CACHE_SIZE]); // the route input's flow cache
      const rec = new NodeRecord(dp.mem, ctx);
      ranges.push([rec.counterIndex * 8, rec.flushList + L.FLUSH_MAX * 4]); // node + iface counters, flush list
      if (u32[(ctx + L.NODE_OWN_ROUTES) >>> 2] === 0) { // a tunnel next hop's learned path MTU and its expiry (tunnel/pmtu.ts)
        const table = u32[(ctx + L.NODE_NH_TABLE) >>> 2];
        const count = u32[(ctx + L.NODE_NH_COUNT) >>> 2];
        for (let i = 0; i < count; i++) {
          const nh = table + i * L.NH_SIZE;
          if (dp.mem.u8[nh + L.NH_KIND] === L.NHK_ONLINK_TUNL0) ranges.push([nh + L.NH_PMTU, nh + L.NH_PMTU_EXPIRES + 2]);
        }
      }
      const peers = u32[(ctx + L.NODE_PEERS) >>> 2]; // the redirect peers' state (not the limit's header)
      if (peers !== 0) ranges.push([peers + L.PT_HDR_SIZE, peers + L.PT_SIZE]);
      const ra = u32[(ctx + L.NODE_REASM) >>> 2]; // the reassembly queues and their buffers
      if (ra !== 0) {
        const count = u32[(ra + L.RA_COUNT) >>> 2];
        const queues = u32[(ra + L.RA_QUEUES) >>> 2];
        ranges.push([queues, queues + count * L.RQ_SIZE]);
        for (let i = 0; i < count; i++) {
          const buf = u32[(queues + i * L.RQ_SIZE + L.RQ_BUF) >>> 2];
          // a datagram is worked on in place: its header from REASM_DATA − 60 on, and what
          // leaves from there gets an outer header and an Ethernet header in front
          ranges.push([buf + L.SLOT_HEADROOM - ENCAP_HEADROOM - 14, buf + L.REASM_DATA + L.REASM_DATA_MAX]);
        }
      }
      let maxMtu = 0;
      for (const f of n.ifaces) maxMtu = Math.max(maxMtu, rec.iface(f.index).mtu);
      for (const s of rec.scratch) {
        const end = Math.min(s + dp.slotSize, (s + L.SLOT_HEADROOM + 14 + maxMtu + 3) & ~3);
        ranges.push([s + L.SLOT_HEADROOM - ENCAP_HEADROOM, end]); // Ethernet of an encap'd error: 64 + 14 − 20 − 14
      }
    }
    ranges.sort((a, b) => a[0] - b[0]);
    for (const [s, e] of ranges) {
      const last = this.mutable.length - 2;
      if (last >= 0 && s <= this.mutable[last + 1]) this.mutable[last + 1] = Math.max(this.mutable[last + 1], e);
      else this.mutable.push(s & ~3, (e + 3) & ~3);
    }
    this.base = L.LAYOUT_BASE;
    this.snap = u32.slice(this.base >>> 2, (dp.totalBytes + 3) >>> 2);
  }

  /** First changed byte address outside the mutable fields, or −1. */
  check(u32: Uint32Array): number {
    const snap = this.snap;
    const b0 = this.base >>> 2;
    let w = 0;
    const end = snap.length;
    for (let k = 0; k <= this.mutable.length; k += 2) {
      const stop = k < this.mutable.length ? (this.mutable[k] >>> 2) - b0 : end;
      for (; w < stop; w++) if (u32[b0 + w] !== snap[w]) return (b0 + w) << 2;
      if (k < this.mutable.length) w = (this.mutable[k + 1] >>> 2) - b0;
    }
    return -1;
  }
}
