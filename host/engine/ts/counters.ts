// Twin of assembly/counters.ts: f64 counters and the capture hook.
import type { CaptureFn, Heap } from './heap.ts';
import * as L from '../../layout.ts';
import type { ContextFns } from './context.ts';

export function countersFns(h: Heap, d: { context: ContextFns }) {
  const {
    NODE_ID, NODE_COUNTERS, NODE_IF_COUNTERS, IC_COUNT, NC_DROP_BASE, IC_RX_DROPS, IC_TX_DROPS,
    IC_TX_PACKETS, IC_RX_PACKETS, IF_FLAGS, IFF_CAPTURE_RX, IFF_CAPTURE_TX,
    CAPTURE_RX, CAPTURE_TX,
  } = L;
  const { U32, F64 } = h;
  const { ifPtr } = d.context;

  // The stepped node's counter arrays as F64 indices, read from its record once per step
  // (bindCounters) where the core loads the array's address at every increment (`var`: see
  // context.ts). countNode stays under V8's 27-byte always-inline size.
  var nodeCounters = 0;
  var ifCounters = 0;
  // The stepping engine's capture hook (engines over one memory share these functions).
  let CAPTURE: CaptureFn | null = null;
  function bindCapture(hook: CaptureFn | null): void {
    CAPTURE = hook;
  }
  function bindCounters(ctx: number): void {
    nodeCounters = U32[(ctx + NODE_COUNTERS) >>> 2] >>> 3;
    ifCounters = U32[(ctx + NODE_IF_COUNTERS) >>> 2] >>> 3;
  }

  function countNode(ctx: number, idx: number): void {
    F64[nodeCounters + idx] += 1;
  }
  function countNodeBy(ctx: number, idx: number, amount: number): void {
    F64[nodeCounters + idx] += amount;
  }
  function nodeCount(ctx: number, idx: number): number {
    return F64[nodeCounters + idx];
  }
  function countIf(ctx: number, iface: number, idx: number, amount: number): void {
    F64[ifCounters + iface * IC_COUNT + idx] += amount;
  }
  /** Interface counters `idx` += `a`, `idx + 1` += `b` (the AS twin: one f64x2 add). */
  function countIfPair(ctx: number, iface: number, idx: number, a: number, b: number): void {
    const at = ifCounters + iface * IC_COUNT + idx;
    F64[at] += a;
    F64[at + 1] += b;
  }
  function dropRx(ctx: number, iface: number, reason: number): void {
    countNode(ctx, NC_DROP_BASE + reason);
    countIf(ctx, iface, IC_RX_DROPS, 1);
  }
  function dropTx(ctx: number, iface: number, reason: number): void {
    countNode(ctx, NC_DROP_BASE + reason);
    countIf(ctx, iface, IC_TX_DROPS, 1);
  }
  function dropNode(ctx: number, reason: number): void {
    countNode(ctx, NC_DROP_BASE + reason);
  }
  // The core compiles its per-frame path twice, with and without the hook's call (CaptureOn /
  // CaptureOff, picked per step from NODEF_CAPTURE), because V8 spills around a wasm call site;
  // here the hook's call is kept out of line (below), and the flag test is all a frame pays.
  function ifReceived(ctx: number, iface: number, ptr: number, len: number): void {
    countIfPair(ctx, iface, IC_RX_PACKETS, 1, len);
    const flags = U32[(ifPtr(ctx, iface) + IF_FLAGS) >>> 2];
    if ((flags & IFF_CAPTURE_RX) !== 0) capture(ctx, iface, CAPTURE_RX, ptr, len);
  }
  /** Receive books for a burst taken while `iface`'s capture is off (see the AS twin). */
  function ifReceivedBurst(ctx: number, iface: number, frames: number, bytes: number): void {
    countIfPair(ctx, iface, IC_RX_PACKETS, frames, bytes);
  }
  function ifTransmitted(ctx: number, iface: number, ptr: number, len: number): void {
    countIfPair(ctx, iface, IC_TX_PACKETS, 1, len);
    const flags = U32[(ifPtr(ctx, iface) + IF_FLAGS) >>> 2];
    if ((flags & IFF_CAPTURE_TX) !== 0) capture(ctx, iface, CAPTURE_TX, ptr, len);
  }
  /** The hook call kept out of line: the two functions above stay small enough for V8 to
   *  inline them at every use within its default budget. */
  function capture(ctx: number, iface: number, dir: number, ptr: number, len: number): void {
    if (CAPTURE !== null) CAPTURE(U32[(ctx + NODE_ID) >>> 2], iface, dir, ptr, len);
  }
  return { bindCapture, bindCounters, countNode, countNodeBy, nodeCount, countIf, dropRx, dropTx, dropNode, ifReceived, ifReceivedBurst, ifTransmitted };
}
export type CountersFns = ReturnType<typeof countersFns>;
