// Counter updates (f64 slots, see layout/counters.ts for why f64) and the capture hook.
// A drop is never an exception: it is one counter increment indexed by its DropReason
// (VPP's error counters), on the node and on the interface the frame is blamed on.

import {
  NODE_COUNTERS, NODE_IF_COUNTERS, NODE_ID, NC_DROP_BASE, IC_COUNT, IC_RX_DROPS,
  IC_TX_DROPS, IC_TX_PACKETS, IC_RX_PACKETS, IF_FLAGS,
  IFF_CAPTURE_RX, IFF_CAPTURE_TX, CAPTURE_RX, CAPTURE_TX,
} from './layout';
import { ifPtr } from './context';

/** The host's capture hook (pcap writer, traces): called only when the interface's
 *  capture flag is set, so a path with captures off pays one flag test. */
// @ts-ignore: decorator
@external("env", "capture")
declare function envCapture(node: u32, iface: u32, dir: u32, ptr: usize, len: u32): void;

// @ts-ignore: decorator
@inline export function countNode(ctx: usize, idx: u32): void {
  const p = <usize>load<u32>(ctx, NODE_COUNTERS) + (<usize>idx << 3);
  store<f64>(p, load<f64>(p) + 1.0);
}

/** Node counter `idx` += `amount` (the fragments a discarded reassembly queue held). */
// @ts-ignore: decorator
@inline export function countNodeBy(ctx: usize, idx: u32, amount: f64): void {
  const p = <usize>load<u32>(ctx, NODE_COUNTERS) + (<usize>idx << 3);
  store<f64>(p, load<f64>(p) + amount);
}

/** The value of node counter `idx`. */
// @ts-ignore: decorator
@inline export function nodeCount(ctx: usize, idx: u32): f64 {
  return load<f64>(<usize>load<u32>(ctx, NODE_COUNTERS) + (<usize>idx << 3));
}

// @ts-ignore: decorator
@inline export function countIf(ctx: usize, iface: u32, idx: u32, amount: f64): void {
  const p = <usize>load<u32>(ctx, NODE_IF_COUNTERS) + ((<usize>(iface * IC_COUNT + idx)) << 3);
  store<f64>(p, load<f64>(p) + amount);
}

/** Interface counters `idx` += `a` and `idx + 1` += `b` in one 16-octet load, add and store
 *  (packets and bytes sit side by side: layout/counters.ts): the per-frame books of an
 *  interface, 2-4% of the journey against two f64 read-modify-writes. Each lane is the
 *  same IEEE sum as a scalar add. */
// @ts-ignore: decorator
@inline export function countIfPair(ctx: usize, iface: u32, idx: u32, a: f64, b: f64): void {
  const p = <usize>load<u32>(ctx, NODE_IF_COUNTERS) + ((<usize>(iface * IC_COUNT + idx)) << 3);
  v128.store(p, f64x2.add(v128.load(p), f64x2.replace_lane(f64x2.splat(a), 1, b)));
}

/** A frame received on `iface` is dropped for `reason`. */
export function dropRx(ctx: usize, iface: u32, reason: u32): void {
  countNode(ctx, NC_DROP_BASE + reason);
  countIf(ctx, iface, IC_RX_DROPS, 1.0);
}

/** A frame on its way out of `iface` is dropped for `reason`. */
export function dropTx(ctx: usize, iface: u32, reason: u32): void {
  countNode(ctx, NC_DROP_BASE + reason);
  countIf(ctx, iface, IC_TX_DROPS, 1.0);
}

/** A counted drop that belongs to no interface (a created packet with nowhere to go). */
export function dropNode(ctx: usize, reason: u32): void {
  countNode(ctx, NC_DROP_BASE + reason);
}

// The per-frame path is compiled twice (node.ts nodeStep picks one per step): with the capture
// hook's call, and, for a node with no capture on (NODEF_CAPTURE clear), without it. The call
// is never taken there, but V8 keeps every value live across it in a stack slot: 3.6% of the
// seed's journey (BENCHMARKS.md, "The null engine in the core"). The type argument is the
// switch: sizeof<C>() is a constant, so the CaptureOff copy has no call.
export type CaptureOn = u16;
export type CaptureOff = u8;
// @ts-ignore: decorator
@inline export function captureCompiled<C>(): bool {
  return sizeof<C>() == sizeof<CaptureOn>();
}

/** Receive accounting + capture for `iface` (tunl0 frames are raw IP, no Ethernet). */
// @ts-ignore: decorator
@inline export function ifReceived(ctx: usize, iface: u32, ptr: usize, len: u32): void {
  ifReceivedIn<CaptureOn>(ctx, iface, ptr, len);
}

/** ifReceived on the per-frame path compiled with (CaptureOn) or without (CaptureOff) the hook. */
// @ts-ignore: decorator
@inline export function ifReceivedIn<C>(ctx: usize, iface: u32, ptr: usize, len: u32): void {
  countIfPair(ctx, iface, IC_RX_PACKETS, 1.0, <f64>len);
  if (captureCompiled<C>()) {
    const flags = load<u32>(ifPtr(ctx, iface), IF_FLAGS);
    if (flags & IFF_CAPTURE_RX) envCapture(load<u32>(ctx, NODE_ID), iface, CAPTURE_RX, ptr, len);
  }
}

/** Receive accounting for `frames` frames of `bytes` octets in all taken from one ring on
 *  `iface` while its capture is off (node.ts drainRing: the books once per burst). */
// @ts-ignore: decorator
@inline export function ifReceivedBurst(ctx: usize, iface: u32, frames: u32, bytes: f64): void {
  countIfPair(ctx, iface, IC_RX_PACKETS, <f64>frames, bytes);
}

/** Transmit accounting + capture for `iface`, called when the frame is handed to the device
 *  (before any ring-full drop, as tcpdump sees a packet before the qdisc drops it). */
// @ts-ignore: decorator
@inline export function ifTransmitted(ctx: usize, iface: u32, ptr: usize, len: u32): void {
  ifTransmittedIn<CaptureOn>(ctx, iface, ptr, len);
}

/** ifTransmitted on the per-frame path compiled with (CaptureOn) or without (CaptureOff) the hook. */
// @ts-ignore: decorator
@inline export function ifTransmittedIn<C>(ctx: usize, iface: u32, ptr: usize, len: u32): void {
  countIfPair(ctx, iface, IC_TX_PACKETS, 1.0, <f64>len);
  if (captureCompiled<C>()) {
    const flags = load<u32>(ifPtr(ctx, iface), IF_FLAGS);
    if (flags & IFF_CAPTURE_TX) envCapture(load<u32>(ctx, NODE_ID), iface, CAPTURE_TX, ptr, len);
  }
}
