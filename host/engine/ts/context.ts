// Twin of assembly/context.ts: the node context record and the tables it points at (the box
// diagram is there). Every stage reaches interfaces, next hops and routes through these.
import { U32, MEM } from './heap.ts';
import {
  NODE_LPM_BASE, NODE_NH_TABLE, NODE_NH_COUNT, NODE_IF_TABLE, NODE_IP_ID_SEQ, NH_SIZE, NH_NONE,
  IF_SIZE, NHK_CALI, NHK_NEIGH, NHK_ONLINK_TUNL0, NHK_CONNECTED,
} from '../../layout.ts';
import { lpmLookup } from './route/lpm.ts';

export function ifPtr(ctx: number, iface: number): number {
  return U32[(ctx + NODE_IF_TABLE) >>> 2] + iface * IF_SIZE;
}
export function nhPtr(ctx: number, nh: number): number {
  return U32[(ctx + NODE_NH_TABLE) >>> 2] + nh * NH_SIZE;
}
export function routeLookup(ctx: number, addr: number): number {
  const v = lpmLookup(MEM, U32[(ctx + NODE_LPM_BASE) >>> 2], addr);
  return v < U32[(ctx + NODE_NH_COUNT) >>> 2] ? v : NH_NONE;
}
export function nhIsUnicast(kind: number): boolean {
  return kind === NHK_CALI || kind === NHK_NEIGH || kind === NHK_ONLINK_TUNL0 || kind === NHK_CONNECTED;
}
export function nextIpId(ctx: number): number {
  const v = U32[(ctx + NODE_IP_ID_SEQ) >>> 2];
  U32[(ctx + NODE_IP_ID_SEQ) >>> 2] = v + 1;
  return v & 0xffff;
}
