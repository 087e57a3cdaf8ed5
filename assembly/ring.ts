// Single-producer single-consumer ring of fixed-size slots (layout and diagram: layout/ring.ts).
//
// Ownership: the producer alone writes the producer line (head, headShadow, tailCache,
// touched); the consumer alone writes tail. The producer fills slots and advances its
// private headShadow, then publishes ONE atomic store of head per burst (per touched ring,
// see node.ts flush); the store is a release: the slot bytes written before it are visible
// to a consumer that loaded head atomically (acquire). The consumer loads head once per
// burst, processes the slots, then publishes tail with one atomic store, which hands the
// slots back. Never an atomic per packet.
import {
  RING_SLOT_COUNT, RING_MASK, RING_SLOTS, RING_HEAD, RING_HEAD_SHADOW, RING_TAIL_CACHE,
  RING_TAIL, RING_SLOT_SIZE,
} from './layout';

/** Address of the slot holding free-running index `idx`. */
// @ts-ignore: decorator
@inline export function ringSlot(ring: usize, idx: u32): usize {
  return <usize>load<u32>(ring, RING_SLOTS) + (<usize>(idx & load<u32>(ring, RING_MASK)) * <usize>load<u32>(ring, RING_SLOT_SIZE));
}

/** ringSlot from the ring's slot array, index mask and slot size read beforehand: a burst
 *  loop reads them once (they are fixed for the ring's life). */
// @ts-ignore: decorator
@inline export function ringSlotIn(slots: usize, mask: u32, size: u32, idx: u32): usize {
  return slots + <usize>(idx & mask) * <usize>size;
}

// ── consumer side ──

/** Acquire: how many slots the consumer may read now (one atomic load). */
// @ts-ignore: decorator
@inline export function ringReadable(ring: usize): u32 {
  return atomic.load<u32>(ring, RING_HEAD) - load<u32>(ring, RING_TAIL);
}

/** The consumer's private tail (only the consumer writes it, so a plain load is exact). */
// @ts-ignore: decorator
@inline export function ringTail(ring: usize): u32 {
  return load<u32>(ring, RING_TAIL);
}

/** Release `tail` (one atomic store): slots before it belong to the producer again. */
// @ts-ignore: decorator
@inline export function ringRelease(ring: usize, tail: u32): void {
  atomic.store<u32>(ring, tail, RING_TAIL);
}

// ── producer side ──

/** Refresh the producer's view of tail (one atomic load; done once per step per ring). */
// @ts-ignore: decorator
@inline export function ringRefreshTail(ring: usize): void {
  store<u32>(ring, atomic.load<u32>(ring, RING_TAIL), RING_TAIL_CACHE);
}

/** The next free slot, or 0 when the ring is full as of the last tail refresh. */
// @ts-ignore: decorator
@inline export function ringReserve(ring: usize): usize {
  const shadow = load<u32>(ring, RING_HEAD_SHADOW);
  if (shadow - load<u32>(ring, RING_TAIL_CACHE) >= load<u32>(ring, RING_SLOT_COUNT)) return 0;
  return ringSlot(ring, shadow);
}

/** Account the reserved slot as written (private: nothing is visible yet). */
// @ts-ignore: decorator
@inline export function ringCommit(ring: usize): void {
  store<u32>(ring, load<u32>(ring, RING_HEAD_SHADOW) + 1, RING_HEAD_SHADOW);
}

/** Publish everything committed so far (one atomic store). */
// @ts-ignore: decorator
@inline export function ringPublish(ring: usize): void {
  atomic.store<u32>(ring, load<u32>(ring, RING_HEAD_SHADOW), RING_HEAD);
}
