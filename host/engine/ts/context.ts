// Twin of assembly/context.ts: the node context record and the tables it points at (the box
// diagram is there). Every stage reaches interfaces, next hops and routes through these.
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';
import { lpmLookup } from './route/lpm.ts';
import { LPM_H_GEN } from './route/lpmLayout.ts';

export function contextFns(h: Heap) {
  const {
    NODE_LPM_BASE, NODE_NH_TABLE, NODE_NH_COUNT, NODE_IF_TABLE, NODE_IP_ID_SEQ,
    NODE_OWN_ROUTES, NODE_LPM_GEN, NODE_LOOKUP_CACHE, LOOKUP_CACHE_SIZE, NODE_FLOW_CACHE, FLOW_CACHE_SIZE, FLOW_CACHE_SHIFT, FLOW_CACHE_HASH, FLOW_SET_SHIFT, FLOW_WAY, LOOKUP_CACHE_SHIFT, LOOKUP_CACHE_HASH, LOOKUP_CACHE_KEY0_EMPTY, OWN_BASE, OWN_SIZE, OWN_LOCAL_IP, OWN_LOCAL_NH, OWN_NH,
    NH_SIZE, NH_NONE, IF_SIZE, NHK_CALI, NHK_NEIGH, NHK_NEIGH_ARP, NHK_ONLINK_TUNL0,
    NHK_CONNECTED, NHK_LOCAL, NH_KIND, NH_OIF, NH_GW, NH_GW_HI, NH_GW_LO, IF_IP,
  } = L;
  const { U8, U16, U32, MEM } = h;

  // The stepped node's table addresses, read from its record once per step (bindNode) where
  // the core loads them on every use; nothing writes the record during a step. `var`, not
  // `let`: V8 checks a captured `let` for its temporal dead zone at every read.
  var ifTable = 0;
  var nhTable = 0;
  var nhCount = 0;
  var lpmBase = 0;
  var own = 0;
  function bindNode(ctx: number): void {
    ifTable = U32[(ctx + NODE_IF_TABLE) >>> 2];
    nhTable = U32[(ctx + NODE_NH_TABLE) >>> 2];
    nhCount = U32[(ctx + NODE_NH_COUNT) >>> 2];
    lpmBase = U32[(ctx + NODE_LPM_BASE) >>> 2];
    own = U32[(ctx + NODE_OWN_ROUTES) >>> 2];
  }

  function ifPtr(ctx: number, iface: number): number {
    return ifTable + iface * IF_SIZE;
  }
  function nhPtr(ctx: number, nh: number): number {
    return nhTable + nh * NH_SIZE;
  }
  /** Empty the lookup and flow caches if the LPM changed since they were filled: once per step (see the AS twin). */
  function lookupCacheValidate(ctx: number): void {
    const want = (U32[(lpmBase + LPM_H_GEN) >>> 2] + 1) >>> 0;
    if (U32[(ctx + NODE_LPM_GEN) >>> 2] !== want || want === 0) {
      U32.fill(0, (ctx + NODE_LOOKUP_CACHE) >>> 2, (ctx + NODE_LOOKUP_CACHE + LOOKUP_CACHE_SIZE) >>> 2);
      U32[(ctx + NODE_LOOKUP_CACHE) >>> 2] = LOOKUP_CACHE_KEY0_EMPTY;
      U32.fill(0, (ctx + NODE_FLOW_CACHE) >>> 2, (ctx + NODE_FLOW_CACHE + FLOW_CACHE_SIZE) >>> 2);
      U32[(ctx + NODE_LPM_GEN) >>> 2] = want;
    }
  }
  /** Through the node's lookup cache, valid for this step (see the AS twin). */
  function routeLookup(ctx: number, addr: number): number {
    const at = (ctx + NODE_LOOKUP_CACHE + ((Math.imul(addr, LOOKUP_CACHE_HASH) >>> LOOKUP_CACHE_SHIFT) << 3)) >>> 2;
    if (U32[at] === addr >>> 0) return U32[at + 1] - 1; // an empty key never matches (see the AS twin)
    const v = fibLookup(ctx, addr);
    if (v !== NH_NONE) {
      U32[at] = addr;
      U32[at + 1] = v + 1;
    }
    return v;
  }
  /** The flow cache's set for (dst, src, iif), in octets (see the AS twin). */
  function flowCacheSet(ctx: number, dst: number, src: number, iif: number): number {
    return ctx + NODE_FLOW_CACHE + ((Math.imul(Math.imul(dst, LOOKUP_CACHE_HASH) ^ src ^ iif, FLOW_CACHE_HASH) >>> FLOW_CACHE_SHIFT) << FLOW_SET_SHIFT);
  }
  /** The way of `set` that holds (dst, src, iif), in octets, or 0 when neither does. */
  function flowCacheWay(set: number, dst: number, src: number, iif: number): number {
    const w = set >>> 2;
    if (U32[w] === dst >>> 0 && U32[w + 1] === src >>> 0 && U32[w + 2] === iif + 1) return set;
    const v = w + (FLOW_WAY >>> 2);
    if (U32[v] === dst >>> 0 && U32[v + 1] === src >>> 0 && U32[v + 2] === iif + 1) return set + FLOW_WAY;
    return 0;
  }
  /** Into way 0 of `set`, what way 0 held moving to way 1 (see the AS twin). */
  function flowCacheFill(set: number, dst: number, src: number, iif: number, nh: number, kind: number): void {
    const w = set >>> 2;
    U32.copyWithin(w + (FLOW_WAY >>> 2), w, w + (FLOW_WAY >>> 2));
    U32[w] = dst;
    U32[w + 1] = src;
    U32[w + 2] = iif + 1;
    U32[w + 3] = (kind << 24) | (nh + 1);
    U32.fill(0, w + 4, w + (FLOW_WAY >>> 2)); // no output yet (flowOutput.ts)
  }

  function fibLookup(ctx: number, addr: number): number {
    let v: number;
    const off = (addr - (own !== 0 ? U32[(own + OWN_BASE) >>> 2] : 0)) >>> 0;
    if (own !== 0 && off < U32[(own + OWN_SIZE) >>> 2]) v = U32[(own + OWN_NH + (off << 2)) >>> 2];
    else if (own !== 0 && (addr >>> 0) === U32[(own + OWN_LOCAL_IP) >>> 2]) v = U32[(own + OWN_LOCAL_NH) >>> 2];
    else v = lpmLookup(MEM, lpmBase, addr);
    return v < nhCount ? v : NH_NONE;
  }
  function nhIsUnicast(kind: number): boolean {
    return nhKindIn(kind, NHK_UNICAST_SET);
  }
  const NHK_UNICAST_SET = (1 << NHK_CALI) | (1 << NHK_NEIGH) | (1 << NHK_NEIGH_ARP) | (1 << NHK_ONLINK_TUNL0) | (1 << NHK_CONNECTED);
  /** Is next-hop kind `kind` one of `set` (a bit per kind)? */
  function nhKindIn(kind: number, set: number): boolean {
    return kind < 32 && ((set >>> kind) & 1) !== 0;
  }
  /** Strict reverse-path check (see the AS twin: fib_validate_source, rp_filter=1). */
  function rpFilterOk(ctx: number, inIf: number, src: number): boolean {
    const nh = routeLookup(ctx, src);
    if (nh === NH_NONE) return false;
    const n = nhPtr(ctx, nh);
    return nhIsUnicast(U8[n + NH_KIND]) && U16[(n + NH_OIF) >>> 1] === inIf;
  }
  /** The gateway of a next hop (see the AS twin: rt_nexthop; a NEIGH's top octet is its interface's). */
  function nhGateway(ctx: number, n: number, kind: number): number {
    if (kind === NHK_NEIGH_ARP || kind === NHK_ONLINK_TUNL0) return U32[(n + NH_GW) >>> 2];
    if (kind === NHK_NEIGH) {
      const top = U32[(ifPtr(ctx, U16[(n + NH_OIF) >>> 1]) + IF_IP) >>> 2] & 0xff000000;
      return (top | (U8[n + NH_GW_HI] << 16) | U16[(n + NH_GW_LO) >>> 1]) >>> 0;
    }
    return 0;
  }
  /** `src` is one of our own addresses (see the AS twin: fib_validate_source, accept_local=0). */
  function srcIsLocal(ctx: number, src: number): boolean {
    const nh = routeLookup(ctx, src);
    return nh !== NH_NONE && U8[nhPtr(ctx, nh) + NH_KIND] === NHK_LOCAL;
  }
  /** The route back to `src` leaves through `inIf` without a gateway (see the AS twin: __fib_validate_source). */
  function srcOnLink(ctx: number, inIf: number, src: number): boolean {
    const nh = routeLookup(ctx, src);
    if (nh === NH_NONE) return false;
    const n = nhPtr(ctx, nh);
    const kind = U8[n + NH_KIND];
    if (!nhIsUnicast(kind) || U16[(n + NH_OIF) >>> 1] !== inIf) return false;
    const gw = nhGateway(ctx, n, kind);
    return gw === 0 || gw === src;
  }
  function nextIpId(ctx: number): number {
    const v = U32[(ctx + NODE_IP_ID_SEQ) >>> 2];
    U32[(ctx + NODE_IP_ID_SEQ) >>> 2] = v + 1;
    return v & 0xffff;
  }
  return { bindNode, ifPtr, nhPtr, lookupCacheValidate, routeLookup, flowCacheSet, flowCacheWay, flowCacheFill, nhIsUnicast, nhKindIn, NHK_UNICAST_SET, rpFilterOk, nhGateway, srcIsLocal, srcOnLink, nextIpId };
}
export type ContextFns = ReturnType<typeof contextFns>;
