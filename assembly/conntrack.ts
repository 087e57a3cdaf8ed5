// The connection table IPVS and the masquerade share (ip_vs_conn.c's hash of connections,
// nf_conntrack's two tuples per connection), bounded and in the node's memory:
//
//   ctLookup(tuple) ─► hash ─► bucket (CT_WAYS records, one read each) ─► record | CT_NONE
//   ctCreate(orig, reply) ─► a free record in each tuple's bucket (unused or expired), or
//                            CT_NONE: the caller counts DROP_CT_FULL (a full table never
//                            evicts a live connection and never grows)
//   ctUpdate(record, dir, TCP flags) ─► IPVS's state machine and timeouts
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

import {
  NODE_NOW_MS, NODE_CT_TABLE, NODE_CT_MASK, NODE_CT_LIVE, CT_SRC, CT_DST, CT_SPORT, CT_DPORT,
  CT_PROTO, CT_DIR, CT_STATE, CT_USED, CT_PEER, CT_EXPIRES, CT_RS, CT_VS, CT_SIZE, CT_WAYS,
  CT_NONE, CT_DIR_ORIGINAL, CT_DIR_REPLY, CTS_NONE, CTS_CLOSE, CTS_UDP,
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

/** True when the record is free for reuse: never used, or past its expiry. */
export function ctIsFree(ctx: usize, rec: usize): bool {
  if (load<u8>(rec, CT_USED) == 0) return true;
  return <i32>(load<u32>(rec, CT_EXPIRES) - load<u32>(ctx, NODE_NOW_MS)) <= 0;
}

/** ip_vs_conn_in_get / ip_vs_conn_out_get: the live record whose tuple is this one. */
export function ctLookup(ctx: usize, src: u32, dst: u32, sport: u32, dport: u32, proto: u32): u32 {
  const first = (ctHash(src, dst, sport, dport, proto) & load<u32>(ctx, NODE_CT_MASK)) * CT_WAYS;
  for (let w: u32 = 0; w < CT_WAYS; w++) {
    const rec = ctPtr(ctx, first + w);
    if (load<u32>(rec, CT_SRC) == src && load<u32>(rec, CT_DST) == dst && <u32>load<u16>(rec, CT_SPORT) == sport
      && <u32>load<u16>(rec, CT_DPORT) == dport && <u32>load<u8>(rec, CT_PROTO) == proto && !ctIsFree(ctx, rec)) {
      return first + w;
    }
  }
  return CT_NONE;
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
  store<u8>(rec, 1, CT_USED);
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
  let state = <u32>load<u8>(orig, CT_STATE);
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
}
