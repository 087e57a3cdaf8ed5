// The host's end of the dataplane's SPSC rings (the core's end: assembly/ring.ts, where the
// ownership and ordering rules are drawn), for whoever plays a ring's other side: pod
// simulators and traffic generators produce into cali rx rings and the external inbox, pod
// sinks and the wire consume cali tx rings and uplink tx rings.
//
//   producer: freeSlots ──► write headSlot(0 … n-1) ──► publish(n)
//             (atomic load of tail)                       (atomic store of head)
//   consumer: ringCount ──► read tailSlot(0 … n-1)  ──► release(n)
//             (atomic load of head)                       (atomic store of tail)
//
// head and tail are free-running u32 counters (slot = counter & mask); head is stored by the
// producer only (after the slots it covers are written: Atomics.store is the release),
// tail by the consumer only (after it is done with the slots). Everything else in this file
// is a burst built on those six calls.
import type { Mem } from './mem.ts';
import {
  RING_SLOT_COUNT, RING_MASK, RING_SLOTS, RING_HEAD, RING_HEAD_SHADOW, RING_TAIL, RING_TAIL_CACHE,
  RING_TOUCHED, RING_SLOT_SIZE, SLOT_LEN, SLOT_OFF, SLOT_META, SLOT_HEADROOM, slotMaxFrame, META_CONFIRM,
} from '../layout.ts';

function slotOf(u32: Uint32Array, ring: number, counter: number): number {
  return u32[(ring + RING_SLOTS) >>> 2] + ((counter & u32[(ring + RING_MASK) >>> 2]) >>> 0) * u32[(ring + RING_SLOT_SIZE) >>> 2];
}

/** Bytes per slot of `ring` (the dataplane's slot size, from the ring header). */
export function slotSizeOf(mem: Mem, ring: number): number {
  return mem.u32[(ring + RING_SLOT_SIZE) >>> 2];
}

/** The largest frame a slot of `ring` carries. */
export function maxFrameOf(mem: Mem, ring: number): number {
  return slotMaxFrame(slotSizeOf(mem, ring));
}

// ── producer ──

/** Slots the producer may write now (one atomic load of the consumer's tail). */
export function freeSlots(mem: Mem, ring: number): number {
  const u32 = mem.u32;
  const tail = Atomics.load(mem.i32, (ring + RING_TAIL) >>> 2) >>> 0;
  u32[(ring + RING_TAIL_CACHE) >>> 2] = tail;
  return u32[(ring + RING_SLOT_COUNT) >>> 2] - ((u32[(ring + RING_HEAD_SHADOW) >>> 2] - tail) >>> 0);
}

/** Address of the i-th slot past head: the producer's next slots (i < freeSlots). */
export function headSlot(mem: Mem, ring: number, i: number): number {
  return slotOf(mem.u32, ring, mem.u32[(ring + RING_HEAD_SHADOW) >>> 2] + i);
}

/** Hand the next `n` written slots to the consumer: one atomic store of head. */
export function publish(mem: Mem, ring: number, n: number): void {
  const head = (mem.u32[(ring + RING_HEAD_SHADOW) >>> 2] + n) >>> 0;
  mem.u32[(ring + RING_HEAD_SHADOW) >>> 2] = head;
  Atomics.store(mem.i32, (ring + RING_HEAD) >>> 2, head | 0);
}

/** Write a frame into `slot` where the core expects it (at SLOT_HEADROOM). */
export function writeSlot(mem: Mem, slot: number, frame: Uint8Array, meta: number): void {
  const u32 = mem.u32;
  u32[(slot + SLOT_LEN) >>> 2] = frame.length;
  u32[(slot + SLOT_OFF) >>> 2] = SLOT_HEADROOM;
  u32[(slot + SLOT_META) >>> 2] = meta >>> 0;
  mem.u8.set(frame, slot + SLOT_HEADROOM);
}

/** Push frames and publish them with one store. Returns how many fit; frames beyond the
 *  free space or larger than the ring's slots carry (maxFrameOf) are not written. */
export function pushFrames(mem: Mem, ring: number, frames: readonly Uint8Array[], metas?: readonly number[]): number {
  const free = freeSlots(mem, ring);
  const max = maxFrameOf(mem, ring);
  let n = 0;
  while (n < frames.length && n < free && frames[n].length <= max) {
    writeSlot(mem, headSlot(mem, ring, n), frames[n], metas?.[n] ?? 0);
    n++;
  }
  publish(mem, ring, n);
  return n;
}

/** Push one frame; false when the ring is full or the frame larger than a slot. */
export function pushFrame(mem: Mem, ring: number, frame: Uint8Array, meta = 0): boolean {
  return pushFrames(mem, ring, [frame], [meta]) === 1;
}

/** The benchmark's burst: copy `frames[next]`, `frames[next + 1]`, … (cycling) into at most
 *  `n` free slots, metas meta, meta + 1, … (31 bits: the top one is META_CONFIRM), and publish them with one store. The frames are
 *  prebuilt and at most maxFrameOf(ring) long. Returns the count written. */
export function pushCopies(mem: Mem, ring: number, frames: readonly Uint8Array[], next: number, n: number, meta: number): number {
  const free = freeSlots(mem, ring);
  if (n > free) n = free;
  if (n <= 0) return 0;
  const u32 = mem.u32;
  const u8 = mem.u8;
  const head = u32[(ring + RING_HEAD_SHADOW) >>> 2];
  const slots = u32[(ring + RING_SLOTS) >>> 2];
  const mask = u32[(ring + RING_MASK) >>> 2];
  const size = u32[(ring + RING_SLOT_SIZE) >>> 2];
  const count = frames.length;
  for (let i = 0; i < n; i++) {
    const slot = slots + ((head + i) & mask) * size;
    const f = frames[next];
    if (++next === count) next = 0;
    u32[(slot + SLOT_LEN) >>> 2] = f.length;
    u32[(slot + SLOT_OFF) >>> 2] = SLOT_HEADROOM;
    u32[(slot + SLOT_META) >>> 2] = ((meta + i) & ~META_CONFIRM) >>> 0; // a sequence: never the flag
    u8.set(f, slot + SLOT_HEADROOM);
  }
  publish(mem, ring, n);
  return n;
}

/** pushCopies with the frames chosen: `frames[order[0]]`, …, `frames[order[n - 1]]` (the
 *  benchmark's paced generator), one publish. Returns the count written. */
export function pushChosen(mem: Mem, ring: number, frames: readonly Uint8Array[], order: Uint32Array, n: number, meta: number): number {
  const free = freeSlots(mem, ring);
  if (n > free) n = free;
  if (n <= 0) return 0;
  const u32 = mem.u32;
  const u8 = mem.u8;
  const head = u32[(ring + RING_HEAD_SHADOW) >>> 2];
  const slots = u32[(ring + RING_SLOTS) >>> 2];
  const mask = u32[(ring + RING_MASK) >>> 2];
  const size = u32[(ring + RING_SLOT_SIZE) >>> 2];
  for (let i = 0; i < n; i++) {
    const slot = slots + ((head + i) & mask) * size;
    const f = frames[order[i]];
    u32[(slot + SLOT_LEN) >>> 2] = f.length;
    u32[(slot + SLOT_OFF) >>> 2] = SLOT_HEADROOM;
    u32[(slot + SLOT_META) >>> 2] = ((meta + i) & ~META_CONFIRM) >>> 0; // a sequence: never the flag
    u8.set(f, slot + SLOT_HEADROOM);
  }
  publish(mem, ring, n);
  return n;
}

/** Write a raw slot descriptor (tests and fuzzers: lets them hand the core a bad off/len). */
export function pushRawSlot(mem: Mem, ring: number, off: number, len: number, bytes: Uint8Array, meta = 0): boolean {
  if (freeSlots(mem, ring) === 0) return false;
  const s = headSlot(mem, ring, 0);
  const u32 = mem.u32;
  mem.u8.set(bytes.subarray(0, maxFrameOf(mem, ring)), s + SLOT_HEADROOM);
  u32[(s + SLOT_LEN) >>> 2] = len;
  u32[(s + SLOT_OFF) >>> 2] = off;
  u32[(s + SLOT_META) >>> 2] = meta;
  publish(mem, ring, 1);
  return true;
}

// ── consumer ──

/** Frames waiting in `ring` (atomic loads of both ends: right from either side, or from a
 *  thread that only watches). */
export function ringCount(mem: Mem, ring: number): number {
  return (Atomics.load(mem.i32, (ring + RING_HEAD) >>> 2) - Atomics.load(mem.i32, (ring + RING_TAIL) >>> 2)) >>> 0;
}

/** Address of the i-th waiting slot (i < ringCount). */
export function tailSlot(mem: Mem, ring: number, i: number): number {
  return slotOf(mem.u32, ring, mem.u32[(ring + RING_TAIL) >>> 2] + i);
}

/** Give `n` read slots back to the producer: one atomic store of tail. */
export function release(mem: Mem, ring: number, n: number): void {
  Atomics.store(mem.i32, (ring + RING_TAIL) >>> 2, (mem.u32[(ring + RING_TAIL) >>> 2] + n) | 0);
}

export interface RxFrame {
  frame: Uint8Array; // a copy
  meta: number;
}

/** Take up to `max` frames, copying them out; one release store. */
export function popFrames(mem: Mem, ring: number, max = Infinity): RxFrame[] {
  const u32 = mem.u32;
  const n = Math.min(ringCount(mem, ring), max);
  const out: RxFrame[] = [];
  for (let i = 0; i < n; i++) {
    const s = tailSlot(mem, ring, i);
    const off = u32[(s + SLOT_OFF) >>> 2];
    out.push({ frame: mem.u8.slice(s + off, s + off + u32[(s + SLOT_LEN) >>> 2]), meta: u32[(s + SLOT_META) >>> 2] });
  }
  release(mem, ring, n);
  return out;
}

/** Take one frame or null. */
export function popFrame(mem: Mem, ring: number): RxFrame | null {
  return popFrames(mem, ring, 1)[0] ?? null;
}

/** What drainCounting adds to. */
export interface Tally {
  frames: number;
  bytes: number;
}

/** The benchmark's sink: take every waiting frame without copying it, add the frames and
 *  their bytes to `tally`, release them with one store. Returns the frames taken. */
export function drainCounting(mem: Mem, ring: number, tally: Tally): number {
  const u32 = mem.u32;
  const tail = u32[(ring + RING_TAIL) >>> 2];
  const n = (Atomics.load(mem.i32, (ring + RING_HEAD) >>> 2) - tail) >>> 0;
  if (n === 0) return 0;
  const slots = u32[(ring + RING_SLOTS) >>> 2];
  const mask = u32[(ring + RING_MASK) >>> 2];
  const size = u32[(ring + RING_SLOT_SIZE) >>> 2];
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += u32[(slots + ((tail + i) & mask) * size + SLOT_LEN) >>> 2];
  Atomics.store(mem.i32, (ring + RING_TAIL) >>> 2, (tail + n) | 0);
  tally.frames += n;
  tally.bytes += bytes;
  return n;
}

/** Empty a ring by rewinding both ends (no side may be running: between sessions). */
export function resetRing(mem: Mem, ring: number): void {
  for (const f of [RING_HEAD, RING_HEAD_SHADOW, RING_TAIL_CACHE, RING_TOUCHED, RING_TAIL]) mem.u32[(ring + f) >>> 2] = 0;
}
