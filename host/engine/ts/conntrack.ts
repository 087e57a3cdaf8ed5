// Twin of assembly/conntrack.ts: the connection table (the picture, the states and timeouts
// with their kernel sources are there).
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';
import { IPPROTO_TCP } from './wire/ipv4.ts';

const TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04, TCP_ACK = 0x10;

/** tcp_states as the core packs it (the table is drawn there). */
export function tcpNextState(row: number, state: number): number {
  let lo: number;
  let hi: number;
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

/** Timeout in ms of a state (tcp_timeouts, then UDP's NORMAL). */
export function ctTimeoutMs(state: number): number {
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

/** Twin of assembly/conntrack.ts ctplDeath, from a template's timer and ctlUntil (the host's
 *  views use it too). */
export function ctplDeath(expires: number, ctlUntil: number): number {
  const ahead = (ctlUntil - expires) | 0;
  if (ahead <= 0) return expires;
  return (expires + Math.floor((ahead + L.CTPL_REARM_MS - 1) / L.CTPL_REARM_MS) * L.CTPL_REARM_MS) >>> 0;
}

/** A fixed mix of the 5-tuple; the builder (host/dataplane) hashes virtual servers with it too. */
export function ctHash(src: number, dst: number, sport: number, dport: number, proto: number): number {
  let h = Math.imul(src, 0x9e3779b1);
  h ^= Math.imul(dst, 0x85ebca77);
  h ^= Math.imul(((sport << 16) | dport) >>> 0, 0xc2b2ae3d);
  h ^= proto;
  return (h ^ (h >>> 15)) >>> 0;
}

export function conntrackFns(h: Heap) {
  const {
    NODE_NOW_MS, NODE_CT_TABLE, NODE_CT_MASK, NODE_CT_LIVE, CT_SRC, CT_DST, CT_SPORT, CT_DPORT,
    CT_PROTO, CT_DIR, CT_STATE, CT_USED, CT_PEER, CT_EXPIRES, CT_RS, CT_VS, CT_SIZE, CT_WAYS,
    CT_NONE, CT_DIR_ORIGINAL, CT_DIR_REPLY, CTS_NONE, CTS_CLOSE, CTS_UDP, CTS_ESTABLISHED, CT_DIR_TEMPLATE,
    CT_CTL_UNTIL, CTU_USED, CTU_CONTROLLED, CTPL_S_ASSURED, CTPL_REARMED, CTPL_REARM_MS, FTPPORT,
    NODE_VS_TABLE, VS_SIZE, VS_NETMASK,
  } = L;
  const { U8, U16, U32 } = h;

  function ctPtr(ctx: number, r: number): number {
    return U32[(ctx + NODE_CT_TABLE) >>> 2] + r * CT_SIZE;
  }
  function ctIsFree(ctx: number, rec: number): boolean {
    if (U8[rec + CT_USED] === 0) return true;
    const now = U32[(ctx + NODE_NOW_MS) >>> 2];
    if (((U32[(rec + CT_EXPIRES) >>> 2] - now) | 0) > 0) return false;
    if (U8[rec + CT_DIR] !== CT_DIR_TEMPLATE) return true;
    return ((ctplDeath(U32[(rec + CT_EXPIRES) >>> 2], U32[(rec + CT_CTL_UNTIL) >>> 2]) - now) | 0) <= 0;
  }
  function ctLookup(ctx: number, src: number, dst: number, sport: number, dport: number, proto: number): number {
    const first = ((ctHash(src, dst, sport, dport, proto) & U32[(ctx + NODE_CT_MASK) >>> 2]) >>> 0) * CT_WAYS;
    for (let w = 0; w < CT_WAYS; w++) {
      const rec = ctPtr(ctx, first + w);
      if (U32[(rec + CT_SRC) >>> 2] === src && U32[(rec + CT_DST) >>> 2] === dst && U16[(rec + CT_SPORT) >>> 1] === sport
        && U16[(rec + CT_DPORT) >>> 1] === dport && U8[rec + CT_PROTO] === proto
        && U8[rec + CT_DIR] !== CT_DIR_TEMPLATE && !ctIsFree(ctx, rec)) {
        return first + w;
      }
    }
    return CT_NONE;
  }
  function ctplLookup(ctx: number, cnet: number, vip: number, vport: number, proto: number): number {
    const first = ((ctHash(cnet, vip, 0, vport, proto) & U32[(ctx + NODE_CT_MASK) >>> 2]) >>> 0) * CT_WAYS;
    for (let w = 0; w < CT_WAYS; w++) {
      const rec = ctPtr(ctx, first + w);
      if (U8[rec + CT_DIR] === CT_DIR_TEMPLATE && U32[(rec + CT_SRC) >>> 2] === cnet && U32[(rec + CT_DST) >>> 2] === vip
        && U16[(rec + CT_DPORT) >>> 1] === vport && U8[rec + CT_PROTO] === proto && !ctIsFree(ctx, rec)) {
        return first + w;
      }
    }
    return CT_NONE;
  }
  function ctplCreate(ctx: number, cnet: number, vip: number, vport: number, proto: number, vs: number, rs: number, timeoutMs: number): number {
    const t = ctFreeIn(ctx, cnet, vip, 0, vport, proto, CT_NONE);
    if (t === CT_NONE) return CT_NONE;
    const rec = ctPtr(ctx, t);
    const now = U32[(ctx + NODE_NOW_MS) >>> 2];
    U32[(rec + CT_SRC) >>> 2] = cnet;
    U32[(rec + CT_DST) >>> 2] = vip;
    U16[(rec + CT_SPORT) >>> 1] = 0;
    U16[(rec + CT_DPORT) >>> 1] = vport;
    U8[rec + CT_PROTO] = proto;
    U8[rec + CT_DIR] = CT_DIR_TEMPLATE;
    U8[rec + CT_STATE] = 0;
    U8[rec + CT_USED] = CTU_USED;
    U32[(rec + CT_CTL_UNTIL) >>> 2] = now;
    U32[(rec + CT_EXPIRES) >>> 2] = now + timeoutMs;
    U32[(rec + CT_RS) >>> 2] = rs;
    U32[(rec + CT_VS) >>> 2] = vs;
    return t;
  }
  function ctplRearm(ctx: number, t: number, timeoutMs: number): void {
    const rec = ctPtr(ctx, t);
    const now = U32[(ctx + NODE_NOW_MS) >>> 2];
    let st = U8[rec + CT_STATE];
    if (((U32[(rec + CT_EXPIRES) >>> 2] - now) | 0) <= 0) st |= CTPL_REARMED;
    U8[rec + CT_STATE] = st;
    U32[(rec + CT_EXPIRES) >>> 2] = now + ((st & CTPL_REARMED) !== 0 ? CTPL_REARM_MS : timeoutMs);
  }
  function ctplControl(ctx: number, orig: number, oldExpires: number, expires: number, assure: boolean): void {
    const v = U32[(ctx + NODE_VS_TABLE) >>> 2] + U32[(orig + CT_VS) >>> 2] * VS_SIZE;
    const dport = U16[(orig + CT_DPORT) >>> 1];
    const t = ctplLookup(ctx, (U32[(orig + CT_SRC) >>> 2] & U32[(v + VS_NETMASK) >>> 2]) >>> 0, U32[(orig + CT_DST) >>> 2],
      dport === FTPPORT ? 0 : dport, U8[orig + CT_PROTO]);
    if (t === CT_NONE) return;
    const tp = ctPtr(ctx, t);
    const until = U32[(tp + CT_CTL_UNTIL) >>> 2];
    if (((expires - until) | 0) > 0 || until === oldExpires) U32[(tp + CT_CTL_UNTIL) >>> 2] = expires;
    if (assure) U8[tp + CT_STATE] = U8[tp + CT_STATE] | CTPL_S_ASSURED;
  }
  function ctFreeIn(ctx: number, src: number, dst: number, sport: number, dport: number, proto: number, skip: number): number {
    const first = ((ctHash(src, dst, sport, dport, proto) & U32[(ctx + NODE_CT_MASK) >>> 2]) >>> 0) * CT_WAYS;
    for (let w = 0; w < CT_WAYS; w++) {
      if (first + w !== skip && ctIsFree(ctx, ctPtr(ctx, first + w))) return first + w;
    }
    return CT_NONE;
  }
  function ctFill(ctx: number, r: number, src: number, dst: number, sport: number, dport: number, proto: number, dir: number, peer: number, vs: number, rs: number): void {
    const rec = ctPtr(ctx, r);
    U32[(rec + CT_SRC) >>> 2] = src;
    U32[(rec + CT_DST) >>> 2] = dst;
    U16[(rec + CT_SPORT) >>> 1] = sport;
    U16[(rec + CT_DPORT) >>> 1] = dport;
    U8[rec + CT_PROTO] = proto;
    U8[rec + CT_DIR] = dir;
    U8[rec + CT_STATE] = proto === IPPROTO_TCP ? CTS_NONE : CTS_UDP;
    U8[rec + CT_USED] = CTU_USED;
    U32[(rec + CT_PEER) >>> 2] = peer;
    U32[(rec + CT_EXPIRES) >>> 2] = U32[(ctx + NODE_NOW_MS) >>> 2] + ctTimeoutMs(CTS_NONE);
    U32[(rec + CT_RS) >>> 2] = rs;
    U32[(rec + CT_VS) >>> 2] = vs;
  }
  function ctCreate(ctx: number, src: number, dst: number, sport: number, dport: number, proto: number,
    rSrc: number, rDst: number, rSport: number, rDport: number, vs: number, rs: number): number {
    const a = ctFreeIn(ctx, src, dst, sport, dport, proto, CT_NONE);
    if (a === CT_NONE) return CT_NONE;
    const b = ctFreeIn(ctx, rSrc, rDst, rSport, rDport, proto, a);
    if (b === CT_NONE) return CT_NONE;
    ctFill(ctx, a, src, dst, sport, dport, proto, CT_DIR_ORIGINAL, b, vs, rs);
    ctFill(ctx, b, rSrc, rDst, rSport, rDport, proto, CT_DIR_REPLY, a, vs, rs);
    U32[(ctx + NODE_CT_LIVE) >>> 2] = U32[(ctx + NODE_CT_LIVE) >>> 2] + 1;
    return a;
  }
  function ctUpdate(ctx: number, r: number, tcpFlags: number): void {
    const rec = ctPtr(ctx, r);
    const peer = ctPtr(ctx, U32[(rec + CT_PEER) >>> 2]);
    const orig = U8[rec + CT_DIR] === CT_DIR_ORIGINAL ? rec : peer;
    const old = U8[orig + CT_STATE];
    const oldExpires = U32[(orig + CT_EXPIRES) >>> 2];
    let state = old;
    if (state !== CTS_UDP) {
      let idx = -1;
      if (tcpFlags & TCP_RST) idx = 3;
      else if (tcpFlags & TCP_SYN) idx = 0;
      else if (tcpFlags & TCP_FIN) idx = 1;
      else if (tcpFlags & TCP_ACK) idx = 2;
      if (idx < 0) state = CTS_CLOSE;
      else {
        const row = idx + (U8[rec + CT_DIR] === CT_DIR_REPLY ? 4 : 0);
        state = tcpNextState(row, state);
      }
    }
    const expires = (U32[(ctx + NODE_NOW_MS) >>> 2] + ctTimeoutMs(state)) >>> 0;
    U8[rec + CT_STATE] = state;
    U8[peer + CT_STATE] = state;
    U32[(rec + CT_EXPIRES) >>> 2] = expires;
    U32[(peer + CT_EXPIRES) >>> 2] = expires;
    if ((U8[orig + CT_USED] & CTU_CONTROLLED) !== 0) {
      const assure = state === CTS_UDP ? U8[rec + CT_DIR] === CT_DIR_REPLY : state === CTS_ESTABLISHED && old !== CTS_ESTABLISHED;
      ctplControl(ctx, orig, oldExpires, expires, assure);
    }
  }
  return { ctPtr, ctHash, ctIsFree, ctLookup, ctCreate, ctUpdate, ctplLookup, ctplCreate, ctplRearm };
}
export type ConntrackFns = ReturnType<typeof conntrackFns>;
