// Host-side access to the dataplane's rings, for whoever plays a ring's other end: the
// pod simulators and traffic generators (producers of cali rx rings and of the external
// inbox) and the pod sinks (consumers of cali tx rings). Each call is one burst: one atomic
// load of the other side's index and one atomic store of ours.
import type { Mem } from './mem.ts';
import {
  RING_SLOT_COUNT, RING_MASK, RING_SLOTS, RING_HEAD, RING_HEAD_SHADOW, RING_TAIL, RING_TAIL_CACHE,
  SLOT_SIZE, SLOT_LEN, SLOT_OFF, SLOT_META, SLOT_HEADROOM, SLOT_MAX_FRAME,
} from '../layout.ts';

export interface RxFrame {
  frame: Uint8Array; // a copy
  meta: number;
}

function slotAt(mem: Mem, ring: number, idx: number): number {
  const u32 = mem.u32;
  return u32[(ring + RING_SLOTS) >>> 2] + ((idx & u32[(ring + RING_MASK) >>> 2]) >>> 0) * SLOT_SIZE;
}

/** Push frames (producer side) and publish them with one store. Returns how many fit;
 *  frames beyond the free space or larger than SLOT_MAX_FRAME (1984) are not written. */
export function pushFrames(mem: Mem, ring: number, frames: readonly Uint8Array[], metas?: readonly number[]): number {
  const u32 = mem.u32;
  const tail = Atomics.load(mem.i32, (ring + RING_TAIL) >>> 2) >>> 0;
  u32[(ring + RING_TAIL_CACHE) >>> 2] = tail;
  let head = u32[(ring + RING_HEAD_SHADOW) >>> 2];
  const slots = u32[(ring + RING_SLOT_COUNT) >>> 2];
  let n = 0;
  for (const f of frames) {
    if (f.length > SLOT_MAX_FRAME) break;
    if (((head - tail) >>> 0) >= slots) break;
    const s = slotAt(mem, ring, head);
    mem.u8.set(f, s + SLOT_HEADROOM);
    u32[(s + SLOT_LEN) >>> 2] = f.length;
    u32[(s + SLOT_OFF) >>> 2] = SLOT_HEADROOM;
    u32[(s + SLOT_META) >>> 2] = metas?.[n] ?? 0;
    head = (head + 1) >>> 0;
    n++;
  }
  u32[(ring + RING_HEAD_SHADOW) >>> 2] = head;
  Atomics.store(mem.i32, (ring + RING_HEAD) >>> 2, head | 0);
  return n;
}

/** Push one frame; false when the ring is full or the frame larger than a slot. */
export function pushFrame(mem: Mem, ring: number, frame: Uint8Array, meta = 0): boolean {
  return pushFrames(mem, ring, [frame], [meta]) === 1;
}

/** Write a raw slot descriptor (tests and fuzzers: lets them hand the core a bad off/len). */
export function pushRawSlot(mem: Mem, ring: number, off: number, len: number, bytes: Uint8Array, meta = 0): boolean {
  const u32 = mem.u32;
  const tail = Atomics.load(mem.i32, (ring + RING_TAIL) >>> 2) >>> 0;
  const head = u32[(ring + RING_HEAD_SHADOW) >>> 2];
  if (((head - tail) >>> 0) >= u32[(ring + RING_SLOT_COUNT) >>> 2]) return false;
  const s = slotAt(mem, ring, head);
  mem.u8.set(bytes.subarray(0, Math.max(0, SLOT_SIZE - SLOT_HEADROOM)), s + SLOT_HEADROOM);
  u32[(s + SLOT_LEN) >>> 2] = len;
  u32[(s + SLOT_OFF) >>> 2] = off;
  u32[(s + SLOT_META) >>> 2] = meta;
  u32[(ring + RING_HEAD_SHADOW) >>> 2] = head + 1;
  Atomics.store(mem.i32, (ring + RING_HEAD) >>> 2, (head + 1) | 0);
  return true;
}

/** Frames waiting in `ring` (as the consumer would see them now). */
export function ringCount(mem: Mem, ring: number): number {
  return (Atomics.load(mem.i32, (ring + RING_HEAD) >>> 2) - mem.u32[(ring + RING_TAIL) >>> 2]) >>> 0;
}

/** Take up to `max` frames (consumer side), copying them out; one release store. */
export function popFrames(mem: Mem, ring: number, max = Infinity): RxFrame[] {
  const u32 = mem.u32;
  const head = Atomics.load(mem.i32, (ring + RING_HEAD) >>> 2) >>> 0;
  let tail = u32[(ring + RING_TAIL) >>> 2];
  const out: RxFrame[] = [];
  while (tail !== head && out.length < max) {
    const s = slotAt(mem, ring, tail);
    const off = u32[(s + SLOT_OFF) >>> 2];
    const len = u32[(s + SLOT_LEN) >>> 2];
    out.push({ frame: mem.u8.slice(s + off, s + off + len), meta: u32[(s + SLOT_META) >>> 2] });
    tail = (tail + 1) >>> 0;
  }
  Atomics.store(mem.i32, (ring + RING_TAIL) >>> 2, tail | 0);
  return out;
}

/** Take one frame or null. */
export function popFrame(mem: Mem, ring: number): RxFrame | null {
  return popFrames(mem, ring, 1)[0] ?? null;
}
