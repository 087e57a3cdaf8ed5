// The connection table IPVS and the masquerade share (ip_vs_conn.c's hash of connections,
// nf_conntrack's two tuples per connection), bounded and in the node's memory:
//
//   ctLookup(tuple) ─► hash ─► bucket (CT_WAYS records, one read each) ─► record | CT_NONE
//   ctCreate(orig, reply) ─► a free record in each tuple's bucket (unused or expired), or
//                            CT_NONE: the caller counts DROP_CT_FULL (a full table never
//                            evicts a live connection and never grows)
//   ctUpdate(record, dir, TCP flags) ─► IPVS's state machine and timeouts
//                            └─ controlled (CTU_CONTROLLED)? ─► its template's ctlUntil,
//                               ASSURED (ip_vs_control_assure_ct)
//   ctplLookup(cnet, vip, vport) ─► the live template (ip_vs_ct_in_get) | CT_NONE
//   ctplCreate(…) ─► a free record in the key's bucket, or CT_NONE: DROP_CT_FULL
//   ctplRearm(template) ─► timer = now + svc->timeout, or 60 s once expire_later ran
//                          (ip_vs_conn_put → __ip_vs_conn_put_timer)
//
// Time is the host's: NODE_NOW_MS, written before each step; a record expires when
// expires − now ≤ 0 (a signed difference, so the u32 clock may wrap). Expired records are
// reclaimed lazily, by the next connection that hashes to their bucket (ip_vs_conn_expire's
// timer, without the timer). The hash is fixed, not keyed: the same frames give the same
// table in both engines on every run.
//
// States and timeouts are IPVS's (net/netfilter/ipvs/ip_vs_proto_tcp.c tcp_states,
// tcp_timeouts; ip_vs_proto_udp.c: one state, 5 minutes): set_tcp_state picks the row by
// direction (INPUT: client → virtual server, OUTPUT: real server → client) and the first of
// RST, SYN, FIN, ACK that is set; a segment with none of them leaves the state CLOSE.
//
// A template's timer has no timer either: ip_vs_conn_expire re-arms it by 60 s while it still
// controls a connection (n_control), so its death is computed from its timer and ctlUntil
// when a lookup meets it (ctplDeath). ctlUntil follows the controlled connection that set it
// last: it grows with any of them and shrinks with the one that set it (a FIN after
// ESTABLISHED). With two overlapping connections of one client, the other one's end is not
// kept, so the template can die before it (the kernel waits for n_control to reach 0); the
// connection itself is untouched, only the next one is scheduled afresh.

import {
  NODE_NOW_MS, NODE_CT_TABLE, NODE_CT_MASK, NODE_CT_LIVE, CT_SRC, CT_DST, CT_SPORT, CT_DPORT,
  CT_PROTO, CT_DIR, CT_STATE, CT_USED, CT_PEER, CT_EXPIRES, CT_RS, CT_VS, CT_SIZE, CT_WAYS,
  CT_NONE, CT_DIR_ORIGINAL, CT_DIR_REPLY, CTS_NONE, CTS_CLOSE, CTS_UDP, CTS_ESTABLISHED, CT_DIR_TEMPLATE,
  CT_CTL_UNTIL, CTU_USED, CTU_CONTROLLED, CTPL_S_ASSURED, CTPL_REARMED, CTPL_REARM_MS, FTPPORT,
  NODE_VS_TABLE, VS_SIZE, VS_NETMASK,
} from './layout';
import { IPPROTO_TCP } from './wire/ipv4';

// @ts-ignore: decorator
@inline const TCP_FIN: u32 = 0x01;
// @ts-ignore: decorator
@inline const TCP_SYN: u32 = 0x02;
// @ts-ignore: decorator
@inline const TCP_RST: u32 = 0x04;
// @ts-ignore: decorator
@inline const TCP_ACK: u32 = 0x10;

// tcp_states (without secure_tcp), a row per direction and flag (INPUT syn, fin, ack, rst,
// OUTPUT syn, fin, ack, rst), the next state of each of the 11 in a nibble (states 0..7 in
// `lo`, 8..10 in `hi`): code, not a static array, so the core writes nothing of its own into
// the shared memory.
//                 sNO sES sSS sSR sFW sTW sCL sCW sLA sLI sSA
//   INPUT syn      3   1   1   3   3   3   3   3   3   3   3
//   INPUT fin      6   7   2   5   5   5   6   7   8   9   5
//   INPUT ack      6   1   2   1   4   5   6   7   6   9   1
//   INPUT rst      6   6   6   3   6   6   6   6   8   9   3
//   OUTPUT syn     2   1   2   3   2   2   2   2   2   9   3
//   OUTPUT fin     5   4   2   5   4   5   6   5   8   9   5
//   OUTPUT ack     1   1   2   1   4   5   6   7   8   1   1
//   OUTPUT rst     6   6   2   6   6   5   6   6   6   6   6
export function tcpNextState(row: u32, state: u32): u32 {
  let lo: u32;
  let hi: u32;
  switch (row) {
    case 0: lo = 0x33333113; hi = 0x333; break; // INPUT syn
    case 1: lo = 0x76555276; hi = 0x598; break; // INPUT fin
    case 2: lo = 0x76541216; hi = 0x196; break; // INPUT ack
    case 3: lo = 0x66663666; hi = 0x398; break; // INPUT rst
    case 4: lo = 0x22223212; hi = 0x392; break; // OUTPUT syn
    case 5: lo = 0x56545245; hi = 0x598; break; // OUTPUT fin
    case 6: lo = 0x76541211; hi = 0x118; break; // OUTPUT ack
    default: lo = 0x66566266; hi = 0x666; break; // OUTPUT rst
  }
  return state < 8 ? (lo >>> (state << 2)) & 0xf : (hi >>> ((state - 8) << 2)) & 0xf;
}

/** Timeout in ms of a state: tcp_timeouts, then UDP's NORMAL (5 min). */
export function ctTimeoutMs(state: u32): u32 {
  switch (state) {
    case 0: return 2000; // NONE
    case 1: return 900000; // ESTABLISHED
    case 2: return 120000; // SYN_SENT
    case 3: return 60000; // SYN_RECV
    case 4: return 120000; // FIN_WAIT
    case 5: return 120000; // TIME_WAIT
    case 6: return 10000; // CLOSE
    case 7: return 60000; // CLOSE_WAIT
    case 8: return 30000; // LAST_ACK
    case 9: return 120000; // LISTEN
    case 10: return 120000; // SYNACK
    default: return 300000; // UDP NORMAL
  }
}

/** The record at index `r`. */
// @ts-ignore: decorator
@inline export function ctPtr(ctx: usize, r: u32): usize {
  return <usize>load<u32>(ctx, NODE_CT_TABLE) + <usize>r * CT_SIZE;
}

/** A fixed mix of the 5-tuple (multiplicative hashing, then a fold of the high bits). */
export function ctHash(src: u32, dst: u32, sport: u32, dport: u32, proto: u32): u32 {
  let h = src * 0x9e3779b1;
  h ^= dst * 0x85ebca77;
  h ^= ((sport << 16) | dport) * 0xc2b2ae3d;
  h ^= proto;
  return h ^ (h >>> 15);
}

/** When a template dies: ip_vs_conn_expire at its timer, then every 60 s (expire_later)
 *  while a connection it controls is alive at that instant (its end is after it). */
export function ctplDeath(expires: u32, ctlUntil: u32): u32 {
  const ahead = <i32>(ctlUntil - expires);
  if (ahead <= 0) return expires;
  return expires + ((<u32>ahead + CTPL_REARM_MS - 1) / CTPL_REARM_MS) * CTPL_REARM_MS;
}

/** True when the record is free for reuse: never used, or past its expiry (a template: past
 *  its death). */
export function ctIsFree(ctx: usize, rec: usize): bool {
  if (load<u8>(rec, CT_USED) == 0) return true;
  const now = load<u32>(ctx, NODE_NOW_MS);
  if (<i32>(load<u32>(rec, CT_EXPIRES) - now) > 0) return false;
  if (load<u8>(rec, CT_DIR) != CT_DIR_TEMPLATE) return true;
  return <i32>(ctplDeath(load<u32>(rec, CT_EXPIRES), load<u32>(rec, CT_CTL_UNTIL)) - now) <= 0;
}

/** ip_vs_conn_in_get / ip_vs_conn_out_get: the live record whose tuple is this one. A
 *  template is never a packet's (__ip_vs_conn_in_get: a template has a cport 0 without
 *  IP_VS_CONN_F_NO_CPORT). */
export function ctLookup(ctx: usize, src: u32, dst: u32, sport: u32, dport: u32, proto: u32): u32 {
  const first = (ctHash(src, dst, sport, dport, proto) & load<u32>(ctx, NODE_CT_MASK)) * CT_WAYS;
  for (let w: u32 = 0; w < CT_WAYS; w++) {
    const rec = ctPtr(ctx, first + w);
    if (load<u32>(rec, CT_SRC) == src && load<u32>(rec, CT_DST) == dst && <u32>load<u16>(rec, CT_SPORT) == sport
      && <u32>load<u16>(rec, CT_DPORT) == dport && <u32>load<u8>(rec, CT_PROTO) == proto
      && load<u8>(rec, CT_DIR) != CT_DIR_TEMPLATE && !ctIsFree(ctx, rec)) {
      return first + w;
    }
  }
  return CT_NONE;
}

/** ip_vs_ct_in_get: the live template (proto, cnet, 0 → vip, vport). */
export function ctplLookup(ctx: usize, cnet: u32, vip: u32, vport: u32, proto: u32): u32 {
  const first = (ctHash(cnet, vip, 0, vport, proto) & load<u32>(ctx, NODE_CT_MASK)) * CT_WAYS;
  for (let w: u32 = 0; w < CT_WAYS; w++) {
    const rec = ctPtr(ctx, first + w);
    if (load<u8>(rec, CT_DIR) == CT_DIR_TEMPLATE && load<u32>(rec, CT_SRC) == cnet && load<u32>(rec, CT_DST) == vip
      && <u32>load<u16>(rec, CT_DPORT) == vport && <u32>load<u8>(rec, CT_PROTO) == proto && !ctIsFree(ctx, rec)) {
      return first + w;
    }
  }
  return CT_NONE;
}

/** ip_vs_sched_persist's ip_vs_conn_new(…, IP_VS_CONN_F_TEMPLATE, dest) and its put: a
 *  template binding the client net to real server `rs`, its timer `timeoutMs` away (ct->timeout
 *  = svc->timeout). CT_NONE when the bucket is full (nothing is written then). */
export function ctplCreate(ctx: usize, cnet: u32, vip: u32, vport: u32, proto: u32, vs: u32, rs: u32, timeoutMs: u32): u32 {
  const t = ctFreeIn(ctx, cnet, vip, 0, vport, proto, CT_NONE);
  if (t == CT_NONE) return CT_NONE;
  const rec = ctPtr(ctx, t);
  const now = load<u32>(ctx, NODE_NOW_MS);
  store<u32>(rec, cnet, CT_SRC);
  store<u32>(rec, vip, CT_DST);
  store<u16>(rec, 0, CT_SPORT);
  store<u16>(rec, <u16>vport, CT_DPORT);
  store<u8>(rec, <u8>proto, CT_PROTO);
  store<u8>(rec, <u8>CT_DIR_TEMPLATE, CT_DIR);
  store<u8>(rec, 0, CT_STATE); // IP_VS_CTPL_S_NONE
  store<u8>(rec, <u8>CTU_USED, CT_USED);
  store<u32>(rec, now, CT_CTL_UNTIL);
  store<u32>(rec, now + timeoutMs, CT_EXPIRES);
  store<u32>(rec, rs, CT_RS);
  store<u32>(rec, vs, CT_VS);
  return t;
}

/** ip_vs_conn_put on a template that was found: its timer restarts with its timeout, which
 *  is 60 s once expire_later has run (a timer before now that it outlived). */
export function ctplRearm(ctx: usize, t: u32, timeoutMs: u32): void {
  const rec = ctPtr(ctx, t);
  const now = load<u32>(ctx, NODE_NOW_MS);
  let st = <u32>load<u8>(rec, CT_STATE);
  if (<i32>(load<u32>(rec, CT_EXPIRES) - now) <= 0) st |= CTPL_REARMED;
  store<u8>(rec, <u8>st, CT_STATE);
  store<u32>(rec, now + ((st & CTPL_REARMED) != 0 ? CTPL_REARM_MS : timeoutMs), CT_EXPIRES);
}

/** A controlled connection's new expiry (and `assure`: ip_vs_control_assure_ct) reaches its
 *  template, found by the key the connection's tuple and virtual server give. */
function ctplControl(ctx: usize, orig: usize, oldExpires: u32, expires: u32, assure: bool): void {
  const v = <usize>load<u32>(ctx, NODE_VS_TABLE) + <usize>load<u32>(orig, CT_VS) * VS_SIZE;
  const dport = <u32>load<u16>(orig, CT_DPORT);
  const t = ctplLookup(ctx, load<u32>(orig, CT_SRC) & load<u32>(v, VS_NETMASK), load<u32>(orig, CT_DST),
    dport == FTPPORT ? 0 : dport, <u32>load<u8>(orig, CT_PROTO));
  if (t == CT_NONE) return;
  const tp = ctPtr(ctx, t);
  const until = load<u32>(tp, CT_CTL_UNTIL);
  if (<i32>(expires - until) > 0 || until == oldExpires) store<u32>(tp, expires, CT_CTL_UNTIL);
  if (assure) store<u8>(tp, load<u8>(tp, CT_STATE) | <u8>CTPL_S_ASSURED, CT_STATE);
}

/** A free record in the bucket of the tuple, other than `skip`; CT_NONE when it is full. */
function ctFreeIn(ctx: usize, src: u32, dst: u32, sport: u32, dport: u32, proto: u32, skip: u32): u32 {
  const first = (ctHash(src, dst, sport, dport, proto) & load<u32>(ctx, NODE_CT_MASK)) * CT_WAYS;
  for (let w: u32 = 0; w < CT_WAYS; w++) {
    if (first + w != skip && ctIsFree(ctx, ctPtr(ctx, first + w))) return first + w;
  }
  return CT_NONE;
}

function ctFill(ctx: usize, r: u32, src: u32, dst: u32, sport: u32, dport: u32, proto: u32, dir: u32, peer: u32, vs: u32, rs: u32): void {
  const rec = ctPtr(ctx, r);
  store<u32>(rec, src, CT_SRC);
  store<u32>(rec, dst, CT_DST);
  store<u16>(rec, <u16>sport, CT_SPORT);
  store<u16>(rec, <u16>dport, CT_DPORT);
  store<u8>(rec, <u8>proto, CT_PROTO);
  store<u8>(rec, <u8>dir, CT_DIR);
  store<u8>(rec, <u8>(proto == IPPROTO_TCP ? CTS_NONE : CTS_UDP), CT_STATE);
  store<u8>(rec, <u8>CTU_USED, CT_USED);
  store<u32>(rec, peer, CT_PEER);
  store<u32>(rec, load<u32>(ctx, NODE_NOW_MS) + ctTimeoutMs(CTS_NONE), CT_EXPIRES);
  store<u32>(rec, rs, CT_RS);
  store<u32>(rec, vs, CT_VS);
}

/** ip_vs_conn_new: both directions of a connection. The reply tuple is (rSrc:rSport →
 *  rDst:rDport). Returns the original direction's record, or CT_NONE when either bucket is
 *  full (nothing is written then). */
export function ctCreate(ctx: usize, src: u32, dst: u32, sport: u32, dport: u32, proto: u32,
  rSrc: u32, rDst: u32, rSport: u32, rDport: u32, vs: u32, rs: u32): u32 {
  const a = ctFreeIn(ctx, src, dst, sport, dport, proto, CT_NONE);
  if (a == CT_NONE) return CT_NONE;
  const b = ctFreeIn(ctx, rSrc, rDst, rSport, rDport, proto, a);
  if (b == CT_NONE) return CT_NONE;
  ctFill(ctx, a, src, dst, sport, dport, proto, CT_DIR_ORIGINAL, b, vs, rs);
  ctFill(ctx, b, rSrc, rDst, rSport, rDport, proto, CT_DIR_REPLY, a, vs, rs);
  store<u32>(ctx, load<u32>(ctx, NODE_CT_LIVE) + 1, NODE_CT_LIVE);
  return a;
}

/** tcp_state_transition / udp_state_transition for a packet of record `r`: the new state
 *  and its timeout, kept in both records. */
export function ctUpdate(ctx: usize, r: u32, tcpFlags: u32): void {
  const rec = ctPtr(ctx, r);
  const peer = ctPtr(ctx, load<u32>(rec, CT_PEER));
  const orig = load<u8>(rec, CT_DIR) == CT_DIR_ORIGINAL ? rec : peer;
  const old = <u32>load<u8>(orig, CT_STATE);
  const oldExpires = load<u32>(orig, CT_EXPIRES);
  let state = old;
  if (state != CTS_UDP) {
    let idx: i32 = -1;
    if (tcpFlags & TCP_RST) idx = 3;
    else if (tcpFlags & TCP_SYN) idx = 0;
    else if (tcpFlags & TCP_FIN) idx = 1;
    else if (tcpFlags & TCP_ACK) idx = 2;
    if (idx < 0) state = CTS_CLOSE;
    else {
      const row = <u32>idx + (load<u8>(rec, CT_DIR) == CT_DIR_REPLY ? 4 : 0);
      state = tcpNextState(row, state);
    }
  }
  const expires = load<u32>(ctx, NODE_NOW_MS) + ctTimeoutMs(state);
  store<u8>(rec, <u8>state, CT_STATE);
  store<u8>(peer, <u8>state, CT_STATE);
  store<u32>(rec, expires, CT_EXPIRES);
  store<u32>(peer, expires, CT_EXPIRES);
  if ((load<u8>(orig, CT_USED) & CTU_CONTROLLED) != 0) {
    // set_tcp_state: entering ESTABLISHED; udp_state_transition: a reply (IP_VS_DIR_OUTPUT)
    const assure = state == CTS_UDP ? load<u8>(rec, CT_DIR) == CT_DIR_REPLY : state == CTS_ESTABLISHED && old != CTS_ESTABLISHED;
    ctplControl(ctx, orig, oldExpires, expires, assure);
  }
}
