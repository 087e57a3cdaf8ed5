// Twin of assembly/counters.ts: f64 counters and the capture hook.
import { U32, F64, CAPTURE } from './heap.ts';
import {
  NODE_COUNTERS, NODE_IF_COUNTERS, NODE_ID, NC_DROP_BASE, IC_COUNT, IC_RX_DROPS,
  IC_TX_DROPS, IC_TX_PACKETS, IC_TX_BYTES, IC_RX_PACKETS, IC_RX_BYTES, IF_FLAGS,
  IFF_CAPTURE_RX, IFF_CAPTURE_TX, CAPTURE_RX, CAPTURE_TX,
} from '../../layout.ts';
import { ifPtr } from './context.ts';

export function countNode(ctx: number, idx: number): void {
  F64[(U32[(ctx + NODE_COUNTERS) >>> 2] >>> 3) + idx] += 1;
}
export function countIf(ctx: number, iface: number, idx: number, amount: number): void {
  F64[(U32[(ctx + NODE_IF_COUNTERS) >>> 2] >>> 3) + iface * IC_COUNT + idx] += amount;
}
export function dropRx(ctx: number, iface: number, reason: number): void {
  countNode(ctx, NC_DROP_BASE + reason);
  countIf(ctx, iface, IC_RX_DROPS, 1);
}
export function dropTx(ctx: number, iface: number, reason: number): void {
  countNode(ctx, NC_DROP_BASE + reason);
  countIf(ctx, iface, IC_TX_DROPS, 1);
}
export function dropNode(ctx: number, reason: number): void {
  countNode(ctx, NC_DROP_BASE + reason);
}
export function ifReceived(ctx: number, iface: number, ptr: number, len: number): void {
  countIf(ctx, iface, IC_RX_PACKETS, 1);
  countIf(ctx, iface, IC_RX_BYTES, len);
  const flags = U32[(ifPtr(ctx, iface) + IF_FLAGS) >>> 2];
  if (flags & IFF_CAPTURE_RX && CAPTURE !== null) CAPTURE(U32[(ctx + NODE_ID) >>> 2], iface, CAPTURE_RX, ptr, len);
}
export function ifTransmitted(ctx: number, iface: number, ptr: number, len: number): void {
  countIf(ctx, iface, IC_TX_PACKETS, 1);
  countIf(ctx, iface, IC_TX_BYTES, len);
  const flags = U32[(ifPtr(ctx, iface) + IF_FLAGS) >>> 2];
  if (flags & IFF_CAPTURE_TX && CAPTURE !== null) CAPTURE(U32[(ctx + NODE_ID) >>> 2], iface, CAPTURE_TX, ptr, len);
}
