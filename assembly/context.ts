// The node context: the record a worker hands to every stage (`ctx`), and the tables it
// points at. Every stage reaches a node's interfaces, next hops and routes through these
// helpers (and its counters through counters.ts), so this module sits below all of them.
//
//   ctx ─► ┌─────────────────────┐ (NODE_CTX_SIZE; every field: layout/node.ts)
//          │ id, worker, nodeIp, │
//          │ tunl0Ip             │      ┌──── IF_SIZE ────┐
//          │ ifTable ────────────┼────► │ 0 ens160        │ ifPtr(ctx, i)
//          │ ifCount             │      │ 1 tunl0         │
//          │ lpmBase ──────────┐ │      │ 2.. cali (pods) │
//          │ nhTable ──────────┼─┼──┐   └─────────────────┘
//          │ nhCount           │ │  │   ┌──── NH_SIZE ────┐
//          │ counters, ifCtrs  │ │  └─► │ adjacency 0 …   │ nhPtr(ctx, nh)
//          │ ipIdSeq           │ │      └─────────────────┘
//          │ flushList, inboxes│ │      ┌─────────────────┐
//          │ scratch0/1        │ └────► │ LPM (route/)    │ routeLookup(ctx, addr) → nh
//          │ lpmGen              │      └─────────────────┘ (a hit in the lookup
//          │ lookup cache        │                          cache skips the LPM)
//          └─────────────────────┘
//
// The LPM value is a next-hop index (VPP: a FIB entry points at an adjacency); a value past
// nhCount is treated as a miss, so a corrupt table cannot send nhPtr out of the table.
// With a shared FIB (layout/node.ts OWN_*), lpmBase and nhTable are the class's tables and
// ownRoutes answers first for the node's own block and address.

import {
  NODE_LPM_BASE, NODE_NH_TABLE, NODE_NH_COUNT, NODE_IF_TABLE, NODE_IP_ID_SEQ, NH_SIZE, NH_NONE,
  NODE_OWN_ROUTES, NODE_LPM_GEN, NODE_LOOKUP_CACHE, NODE_FLOW_CACHE, FLOW_CACHE_SIZE, FLOW_CACHE_SHIFT, FLOW_CACHE_HASH, FLOW_WAY, FLOW_SET_SHIFT, FW_DST, FW_SRC, FW_IIF, FW_NH, LOOKUP_CACHE_SIZE, LOOKUP_CACHE_SHIFT,
  LOOKUP_CACHE_HASH, LOOKUP_CACHE_KEY0_EMPTY, OWN_BASE, OWN_SIZE, OWN_LOCAL_IP, OWN_LOCAL_NH, OWN_NH, IF_SIZE, NHK_CALI, NHK_NEIGH, NHK_NEIGH_ARP, NHK_ONLINK_TUNL0, NHK_CONNECTED, NHK_LOCAL, NH_KIND, NH_OIF,
  NH_GW, NH_GW_HI, NH_GW_LO, IF_IP,
} from './layout';
import { lpmLookup } from './route/lpm';
import { LPM_H_GEN } from './route/lpmLayout';

/** The record of interface `iface` (0 ens160, 1 tunl0, 2.. cali). */
// @ts-ignore: decorator
@inline export function ifPtr(ctx: usize, iface: u32): usize {
  return <usize>load<u32>(ctx, NODE_IF_TABLE) + <usize>iface * IF_SIZE;
}

/** The record of next hop (adjacency) `nh`. */
// @ts-ignore: decorator
@inline export function nhPtr(ctx: usize, nh: u32): usize {
  return <usize>load<u32>(ctx, NODE_NH_TABLE) + <usize>nh * NH_SIZE;
}

/** Empty the node's lookup and flow caches (layout/node.ts) if its LPM changed since they were
 *  filled. Once per node step and per exported entry, not per lookup: the tables change only
 *  between steps (the host's lpmAdd/lpmDelete; the core never edits a route), so within a step
 *  the generation cannot move, and the journey's six lookups each saved two loads and a branch. */
// @ts-ignore: decorator
@inline export function lookupCacheValidate(ctx: usize): void {
  // gen + 1, so that a zeroed context is never valid; at gen + 1 = 0 the cache is emptied on
  // every step (correct, only slower, after 2^32 − 1 route changes)
  const want = load<u32>(<usize>load<u32>(ctx, NODE_LPM_BASE), LPM_H_GEN) + 1;
  if (load<u32>(ctx, NODE_LPM_GEN) != want || want == 0) {
    memory.fill(ctx + NODE_LOOKUP_CACHE, 0, LOOKUP_CACHE_SIZE);
    store<u32>(ctx + NODE_LOOKUP_CACHE, LOOKUP_CACHE_KEY0_EMPTY);
    memory.fill(ctx + NODE_FLOW_CACHE, 0, FLOW_CACHE_SIZE);
    store<u32>(ctx, want, NODE_LPM_GEN);
  }
}

/** Longest-prefix match (fib_lookup) → next-hop index, or NH_NONE (a miss, or a value past
 *  the table), through the node's lookup cache (layout/node.ts; valid for this step:
 *  lookupCacheValidate): the forwarding path asks for the same few addresses burst after
 *  burst (the destination, rp_filter's source, the inner destination after decap), and a hit
 *  is a load and a compare instead of the trie's dependent loads. An empty slot's key never
 *  matches (LOOKUP_CACHE_KEY0_EMPTY), so the key alone decides: with a second test of the
 *  value, V8 kept the `&&` as a 0/1 on the stack and the journey took 3 % longer
 *  (BENCHMARKS.md, 2026-12-02). forward.ts writes the hit out for the route input (a hit is
 *  never NH_NONE, and without that test V8 spills less: 0.991); rp_filter and the own-source
 *  check doing the same measured 0.995, within the noise, and keep this one function. */
// @ts-ignore: decorator
@inline export function routeLookup(ctx: usize, addr: u32): u32 {
  const at = lookupCacheSlot(ctx, addr);
  if (load<u32>(at) == addr) return load<u32>(at, 4) - 1;
  return routeLookupMiss(ctx, at, addr);
}

/** The lookup cache's slot for `addr`: {addr, next hop + 1}. */
// @ts-ignore: decorator
@inline export function lookupCacheSlot(ctx: usize, addr: u32): usize {
  return ctx + NODE_LOOKUP_CACHE + (<usize>((addr * LOOKUP_CACHE_HASH) >>> LOOKUP_CACHE_SHIFT) << 3);
}

/** routeLookup after a miss in slot `at`: the tables, and the slot filled unless NH_NONE. */
// @ts-ignore: decorator
@inline export function routeLookupMiss(ctx: usize, at: usize, addr: u32): u32 {
  const v = fibLookup(ctx, addr);
  if (v != NH_NONE) {
    store<u32>(at, addr);
    store<u32>(at, v + 1, 4);
  }
  return v;
}

/** The flow cache's set for (dst, src, iif): two ways of FLOW_WAY octets (layout/node.ts).
 *  The route input (forward.ts) sees the same few flows burst after burst, and a hit answers
 *  both of ip_route_input_slow's lookups, the destination's and fib_validate_source's of the
 *  source, with their checks (the seed's journey 0.93 against the lookup cache alone:
 *  BENCHMARKS.md, 2026-12-03). The kernel has no such cache since 3.6; this one only remembers
 *  answers that nothing but a route change can alter, and a route change empties it. */
// @ts-ignore: decorator
@inline export function flowCacheSet(ctx: usize, dst: u32, src: u32, iif: u32): usize {
  return ctx + NODE_FLOW_CACHE + (<usize>((((dst * LOOKUP_CACHE_HASH) ^ src ^ iif) * FLOW_CACHE_HASH) >>> FLOW_CACHE_SHIFT) << FLOW_SET_SHIFT);
}

/** Does the way at `w` hold (dst, src, iif)? */
// @ts-ignore: decorator
@inline export function flowWayIs(w: usize, dst: u32, src: u32, iif: u32): bool {
  return ((load<u32>(w, FW_DST) ^ dst) | (load<u32>(w, FW_SRC) ^ src) | (load<u32>(w, FW_IIF) ^ (iif + 1))) == 0;
}

/** Remember that (dst, src, iif) routes to `nh` of `kind` with its source accepted: into way 0
 *  of `set`, what way 0 held moving to way 1; no output yet (flowOutput.ts fills it). */
// @ts-ignore: decorator
@inline export function flowCacheFill(set: usize, dst: u32, src: u32, iif: u32, nh: u32, kind: u32): void {
  v128.store(set, v128.load(set), FLOW_WAY);
  v128.store(set, v128.load(set, 16), FLOW_WAY + 16);
  v128.store(set, v128.load(set, 32), FLOW_WAY + 32);
  v128.store(set, v128.load(set, 48), FLOW_WAY + 48);
  store<u32>(set, dst, FW_DST);
  store<u32>(set, src, FW_SRC);
  store<u32>(set, iif + 1, FW_IIF);
  store<u32>(set, (kind << 24) | (nh + 1), FW_NH);
  v128.store(set, i64x2.splat(0), 16); // no output (memory.fill would be a call out of the code)
  v128.store(set, i64x2.splat(0), 32);
  v128.store(set, i64x2.splat(0), 48);
}

/** The node's tables themselves: its own routes first with a shared FIB, then the LPM. */
// @ts-ignore: decorator
@inline function fibLookup(ctx: usize, addr: u32): u32 {
  let v: u32;
  const own = <usize>load<u32>(ctx, NODE_OWN_ROUTES);
  const off = addr - (own != 0 ? load<u32>(own, OWN_BASE) : 0);
  if (own != 0 && off < load<u32>(own, OWN_SIZE)) v = load<u32>(own + OWN_NH + (<usize>off << 2));
  else if (own != 0 && addr == load<u32>(own, OWN_LOCAL_IP)) v = load<u32>(own, OWN_LOCAL_NH);
  else v = lpmLookup(<usize>load<u32>(ctx, NODE_LPM_BASE), addr);
  return v < load<u32>(ctx, NODE_NH_COUNT) ? v : NH_NONE;
}

/** True for next hops that leave through an interface (and so have an MTU). */
// @ts-ignore: decorator
@inline export function nhIsUnicast(kind: u32): bool {
  return nhKindIn(kind, NHK_UNICAST_SET);
}

// @ts-ignore: decorator
@inline export const NHK_UNICAST_SET: u32 = (1 << NHK_CALI) | (1 << NHK_NEIGH) | (1 << NHK_NEIGH_ARP) | (1 << NHK_ONLINK_TUNL0) | (1 << NHK_CONNECTED);

/** Is next-hop kind `kind` one of `set` (a bit per kind)? One shift and a test instead of a
 *  compare per kind. */
// @ts-ignore: decorator
@inline export function nhKindIn(kind: u32, set: u32): bool {
  return kind < 32 && ((set >>> kind) & 1) != 0;
}

/** Strict reverse-path check (fib_validate_source with rp_filter=1, Felix's setting on every
 *  cali): the route back to `src` must be unicast and leave through `inIf` itself. A source
 *  that is one of our own addresses fails (accept_local=0), and so does one with no route. */
// @ts-ignore: decorator
@inline export function rpFilterOk(ctx: usize, inIf: u32, src: u32): bool {
  const nh = routeLookup(ctx, src);
  if (nh == NH_NONE) return false;
  const n = nhPtr(ctx, nh);
  return nhIsUnicast(<u32>load<u8>(n, NH_KIND)) && <u32>load<u16>(n, NH_OIF) == inIf;
}

/** The gateway of next hop `n` of kind `kind` (a route's nhc_gw, what rt_nexthop returns for a
 *  route that uses one), 0 for a route without one (a cali, a connected subnet). A neighbour's
 *  adj-fib (its own /32) returns the neighbour itself: the kernel reaches it by the connected
 *  route, whose next hop is the destination. */
export function nhGateway(ctx: usize, n: usize, kind: u32): u32 {
  if (kind == NHK_NEIGH_ARP || kind == NHK_ONLINK_TUNL0) return load<u32>(n, NH_GW);
  if (kind == NHK_NEIGH) { // without its top octet, which is its interface's (layout/nexthop.ts)
    const top = load<u32>(ifPtr(ctx, <u32>load<u16>(n, NH_OIF)), IF_IP) & 0xff000000;
    return top | (<u32>load<u8>(n, NH_GW_HI) << 16) | <u32>load<u16>(n, NH_GW_LO);
  }
  return 0;
}

/** True when `src` is one of our own addresses (the local table: fib_validate_source's
 *  inet_lookup_ifaddr_rcu, or its reverse route of type RTN_LOCAL). */
// @ts-ignore: decorator
@inline export function srcIsLocal(ctx: usize, src: u32): bool {
  const nh = routeLookup(ctx, src);
  return nh != NH_NONE && <u32>load<u8>(nhPtr(ctx, nh), NH_KIND) == NHK_LOCAL;
}

/** fib_validate_source's answer when the packet leaves through the interface it came in on
 *  (__fib_validate_source, the full check __mkroute_input needs for a redirect): true when the
 *  route back to `src` leaves through `inIf` without a gateway (nhc_scope ≥ RT_SCOPE_HOST:
 *  `src` is on-link there). The kernel's second lookup, restricted to `inIf` when the route
 *  back leaves elsewhere, finds a gateway-less route only for a source that a more specific
 *  route through another device shadows: a node's table has none. */
export function srcOnLink(ctx: usize, inIf: u32, src: u32): bool {
  const nh = routeLookup(ctx, src);
  if (nh == NH_NONE) return false;
  const n = nhPtr(ctx, nh);
  const kind = <u32>load<u8>(n, NH_KIND);
  if (!nhIsUnicast(kind) || <u32>load<u16>(n, NH_OIF) != inIf) return false;
  const gw = nhGateway(ctx, n, kind);
  return gw == 0 || gw == src;
}

/** The node's own IP ID sequence (layout/node.ts NODE_IP_ID_SEQ explains why one counter). */
// @ts-ignore: decorator
@inline export function nextIpId(ctx: usize): u32 {
  const v = load<u32>(ctx, NODE_IP_ID_SEQ);
  store<u32>(ctx, v + 1, NODE_IP_ID_SEQ);
  return v & 0xffff;
}
