// Twin of assembly/context.ts: the node context record and the tables it points at (the box
// diagram is there). Every stage reaches interfaces, next hops and routes through these.
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';
import { lpmLookup } from './route/lpm.ts';

export function contextFns(h: Heap) {
  const {
    NODE_LPM_BASE, NODE_NH_TABLE, NODE_NH_COUNT, NODE_IF_TABLE, NODE_IP_ID_SEQ, NODE_COUNTERS,
    NODE_IF_COUNTERS, NH_SIZE, NH_NONE, IF_SIZE, IC_COUNT, NHK_CALI, NHK_NEIGH, NHK_ONLINK_TUNL0,
    NHK_CONNECTED,
  } = L;
  const { U32, MEM } = h;

  // The stepped node's table addresses, read from its record once per step (bindNode) where
  // the core loads them on every use; nothing writes the record during a step.
  let ifTable = 0;
  let nhTable = 0;
  let nhCount = 0;
  let lpmBase = 0;
  let nodeCounters = 0; // f64 index
  let ifCounters = 0; // f64 index
  function bindNode(ctx: number): void {
    ifTable = U32[(ctx + NODE_IF_TABLE) >>> 2];
    nhTable = U32[(ctx + NODE_NH_TABLE) >>> 2];
    nhCount = U32[(ctx + NODE_NH_COUNT) >>> 2];
    lpmBase = U32[(ctx + NODE_LPM_BASE) >>> 2];
    nodeCounters = U32[(ctx + NODE_COUNTERS) >>> 2] >>> 3;
    ifCounters = U32[(ctx + NODE_IF_COUNTERS) >>> 2] >>> 3;
  }

  function ifPtr(ctx: number, iface: number): number {
    return ifTable + iface * IF_SIZE;
  }
  function nhPtr(ctx: number, nh: number): number {
    return nhTable + nh * NH_SIZE;
  }
  function routeLookup(ctx: number, addr: number): number {
    const v = lpmLookup(MEM, lpmBase, addr);
    return v < nhCount ? v : NH_NONE;
  }
  /** F64 index of node counter `idx`, and of counter `idx` of interface `iface`. */
  function nodeCounter(ctx: number, idx: number): number {
    return nodeCounters + idx;
  }
  function ifCounter(ctx: number, iface: number, idx: number): number {
    return ifCounters + iface * IC_COUNT + idx;
  }
  function nhIsUnicast(kind: number): boolean {
    return kind === NHK_CALI || kind === NHK_NEIGH || kind === NHK_ONLINK_TUNL0 || kind === NHK_CONNECTED;
  }
  function nextIpId(ctx: number): number {
    const v = U32[(ctx + NODE_IP_ID_SEQ) >>> 2];
    U32[(ctx + NODE_IP_ID_SEQ) >>> 2] = v + 1;
    return v & 0xffff;
  }
  return { bindNode, ifPtr, nhPtr, routeLookup, nodeCounter, ifCounter, nhIsUnicast, nextIpId };
}
export type ContextFns = ReturnType<typeof contextFns>;
