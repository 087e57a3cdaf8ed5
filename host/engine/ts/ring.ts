// Twin of assembly/ring.ts: SPSC ring of fixed-size slots (ownership and ordering rules
// there). Atomics.load/store on an Int32Array over the same bytes are the host side of the
// core's atomic.load/store: one of each per burst, never per packet.
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';

export function ringFns(h: Heap) {
  const {
    RING_SLOT_COUNT, RING_MASK, RING_SLOTS, RING_HEAD, RING_HEAD_SHADOW, RING_TAIL_CACHE, RING_TAIL,
    RING_SLOT_SIZE,
  } = L;
  const { U32, I32 } = h;

  function ringSlot(ring: number, idx: number): number {
    return U32[(ring + RING_SLOTS) >>> 2] + ((idx & U32[(ring + RING_MASK) >>> 2]) >>> 0) * U32[(ring + RING_SLOT_SIZE) >>> 2];
  }

  /** ringSlot from the slot array, mask and slot size read beforehand (see the AS twin). */
  function ringSlotIn(slots: number, mask: number, size: number, idx: number): number {
    return slots + ((idx & mask) >>> 0) * size;
  }

  // ── consumer side ──
  function ringReadable(ring: number): number {
    return (Atomics.load(I32, (ring + RING_HEAD) >>> 2) - U32[(ring + RING_TAIL) >>> 2]) >>> 0;
  }
  function ringTail(ring: number): number {
    return U32[(ring + RING_TAIL) >>> 2];
  }
  function ringRelease(ring: number, tail: number): void {
    Atomics.store(I32, (ring + RING_TAIL) >>> 2, tail | 0);
  }

  // ── producer side ──
  function ringRefreshTail(ring: number): void {
    U32[(ring + RING_TAIL_CACHE) >>> 2] = Atomics.load(I32, (ring + RING_TAIL) >>> 2);
  }
  function ringReserve(ring: number): number {
    const shadow = U32[(ring + RING_HEAD_SHADOW) >>> 2];
    if ((shadow - U32[(ring + RING_TAIL_CACHE) >>> 2]) >>> 0 >= U32[(ring + RING_SLOT_COUNT) >>> 2]) return 0;
    return ringSlot(ring, shadow);
  }
  function ringCommit(ring: number): void {
    U32[(ring + RING_HEAD_SHADOW) >>> 2] = U32[(ring + RING_HEAD_SHADOW) >>> 2] + 1;
  }
  function ringPublish(ring: number): void {
    Atomics.store(I32, (ring + RING_HEAD) >>> 2, U32[(ring + RING_HEAD_SHADOW) >>> 2] | 0);
  }
  return {
    ringSlot, ringSlotIn, ringReadable, ringTail, ringRelease, ringRefreshTail, ringReserve, ringCommit, ringPublish,
  };
}
export type RingFns = ReturnType<typeof ringFns>;
