// Handing frames to output rings: a pod's cali tx ring, another node's inbox on the wire, or
// the node's uplink tx ring (the wire beyond this dataplane, drained by the host).
// Every output is one copy from wherever the frame was built (the input slot, a scratch
// slot) into the output slot at SLOT_HEADROOM. Rings touched during a node's step go on the
// node's flush list and are published once at the end of the step (ring.ts explains why).

import {
  LAYOUT_BASE, GH_INBOX_TABLE, GH_INBOXES_PER_NODE, GH_PORT_COUNT, NODE_WORKER, NODE_FLUSH_COUNT,
  NODE_FLUSH_LIST, FLUSH_MAX, RING_TOUCHED, SLOT_LEN, SLOT_OFF, SLOT_META,
  SLOT_HEADROOM, RING_SLOT_SIZE, slotMaxFrame, IF_TX_RING, IF_FLAGS, IFF_HOST_WIRE, NC_DELIVERED_POD,
  NC_TX_WIRE, DROP_RING_FULL, DROP_TOO_BIG_FOR_SLOT, META_CONFIRM,
} from './layout';
import { ringReserve, ringCommit, ringPublish, ringRefreshTail } from './ring';
import { countNode, dropTx, ifTransmittedIn, CaptureOn } from './counters';
import { ifPtr } from './context';

/** Publish every ring this node produced into since the last flush. */
export function flushTouched(ctx: usize): void {
  const n = load<u32>(ctx, NODE_FLUSH_COUNT);
  const list = <usize>load<u32>(ctx, NODE_FLUSH_LIST);
  for (let i: u32 = 0; i < n; i++) {
    const ring = <usize>load<u32>(list + (<usize>i << 2));
    ringPublish(ring);
    store<u32>(ring, 0, RING_TOUCHED);
  }
  store<u32>(ctx, 0, NODE_FLUSH_COUNT);
}

/** First write into `ring` during this step: load its tail once, remember to publish it. */
// @ts-ignore: decorator
@inline function touch(ctx: usize, ring: usize): void {
  if (load<u32>(ring, RING_TOUCHED) != 0) return;
  let n = load<u32>(ctx, NODE_FLUSH_COUNT);
  if (n == FLUSH_MAX) { // publishing early is always correct, only one more atomic store
    flushTouched(ctx);
    n = 0;
  }
  store<u32>(<usize>load<u32>(ctx, NODE_FLUSH_LIST) + (<usize>n << 2), <u32>ring);
  store<u32>(ctx, n + 1, NODE_FLUSH_COUNT);
  store<u32>(ring, 1, RING_TOUCHED);
  ringRefreshTail(ring);
}

/** Copy `len` octets of a frame into an output slot (the ranges never overlap: an output slot
 *  is never the slot being read) in 16-octet blocks: the first and the last 16, 32 or 64
 *  octets (overlapping each other when the frame is shorter than twice that), with 64-octet
 *  blocks between them past 128, so exactly [dst, dst + len) is written and a frame of up to
 *  128 octets takes no loop (V8 puts an interrupt check in every loop iteration). memory.copy
 *  is a call out of the generated code into the runtime's memmove for every frame
 *  (BENCHMARKS.md, the core's own cost). */
// @ts-ignore: decorator
@inline function copyFrame(dst: usize, src: usize, len: u32): void {
  if (len < 16) {
    memory.copy(dst, src, len);
  } else if (len <= 32) {
    copy16(dst, src);
    copy16(dst + len - 16, src + len - 16);
  } else if (len <= 64) {
    copy16(dst, src);
    copy16(dst + 16, src + 16);
    copy16(dst + len - 32, src + len - 32);
    copy16(dst + len - 16, src + len - 16);
  } else { // 64-octet blocks while more than 128 remain, then the two that end the frame
    let i: u32 = 0;
    if (len > 128) for (; i + 128 < len; i += 64) copy64(dst + i, src + i);
    copy64(dst + i, src + i);
    copy64(dst + len - 64, src + len - 64);
  }
}

// @ts-ignore: decorator
@inline function copy16(dst: usize, src: usize): void {
  v128.store(dst, v128.load(src));
}

// @ts-ignore: decorator
@inline function copy64(dst: usize, src: usize): void {
  const a = v128.load(src);
  const b = v128.load(src, 16);
  const c = v128.load(src, 32);
  const d = v128.load(src, 48);
  v128.store(dst, a);
  v128.store(dst, b, 16);
  v128.store(dst, c, 32);
  v128.store(dst, d, 48);
}

/** Copy a frame into `ring`; false (counted against `oif`) when full or too big for its slots. */
// @ts-ignore: decorator
@inline export function pushFrame(ctx: usize, oif: u32, ring: usize, frame: usize, len: u32, meta: u32): bool {
  if (len > slotMaxFrame(load<u32>(ring, RING_SLOT_SIZE))) {
    dropTx(ctx, oif, DROP_TOO_BIG_FOR_SLOT);
    return false;
  }
  touch(ctx, ring);
  const slot = ringReserve(ring);
  if (slot == 0) {
    dropTx(ctx, oif, DROP_RING_FULL); // tail drop: never overwrite, never spin
    return false;
  }
  copyFrame(slot + SLOT_HEADROOM, frame, len);
  store<u32>(slot, len, SLOT_LEN);
  store<u32>(slot, SLOT_HEADROOM, SLOT_OFF);
  store<u32>(slot, meta & ~META_CONFIRM, SLOT_META); // the next host's skb is a new one
  ringCommit(ring);
  return true;
}

/** inbox[port][this node's worker]: the wire towards `port` (SPSC: only this worker produces). */
// @ts-ignore: decorator
@inline export function inboxOf(ctx: usize, port: u32): usize {
  const idx = port * load<u32>(LAYOUT_BASE, GH_INBOXES_PER_NODE) + load<u32>(ctx, NODE_WORKER);
  return <usize>load<u32>(<usize>load<u32>(LAYOUT_BASE, GH_INBOX_TABLE) + (<usize>idx << 2));
}

/** Transmit an Ethernet frame on cali `oif`: into the pod's rx path (the cali tx ring). */
// @ts-ignore: decorator
@inline export function sendToPod(ctx: usize, oif: u32, frame: usize, len: u32, meta: u32): void {
  sendToPodIn<CaptureOn>(ctx, oif, frame, len, meta);
}

/** sendToPod on the per-frame path (counters.ts CaptureOn / CaptureOff). */
// @ts-ignore: decorator
@inline export function sendToPodIn<C>(ctx: usize, oif: u32, frame: usize, len: u32, meta: u32): void {
  ifTransmittedIn<C>(ctx, oif, frame, len);
  const ring = <usize>load<u32>(ifPtr(ctx, oif), IF_TX_RING);
  if (pushFrame(ctx, oif, ring, frame, len, meta)) countNode(ctx, NC_DELIVERED_POD);
}

/** Transmit an Ethernet frame on uplink `oif` towards port `dstPort` (dev_queue_xmit):
 *
 *    dstPort a port of this dataplane ──► inbox[dstPort][this worker] (SPSC: only this
 *                                         worker produces into it)
 *    NODE_EXTERNAL, or IFF_HOST_WIRE ───► oif's tx ring: the host carries it
 */
// @ts-ignore: decorator
@inline export function sendOnWire(ctx: usize, oif: u32, frame: usize, len: u32, dstPort: u32, meta: u32): void {
  sendOnWireIn<CaptureOn>(ctx, oif, frame, len, dstPort, meta);
}

/** sendOnWire on the per-frame path (counters.ts CaptureOn / CaptureOff). */
// @ts-ignore: decorator
@inline export function sendOnWireIn<C>(ctx: usize, oif: u32, frame: usize, len: u32, dstPort: u32, meta: u32): void {
  ifTransmittedIn<C>(ctx, oif, frame, len);
  const uplink = ifPtr(ctx, oif);
  let ring: usize;
  if (dstPort >= load<u32>(LAYOUT_BASE, GH_PORT_COUNT) || (load<u32>(uplink, IF_FLAGS) & IFF_HOST_WIRE) != 0) {
    ring = <usize>load<u32>(uplink, IF_TX_RING); // NODE_EXTERNAL is above every port
  } else {
    ring = inboxOf(ctx, dstPort);
  }
  if (pushFrame(ctx, oif, ring, frame, len, meta)) countNode(ctx, NC_TX_WIRE);
}
