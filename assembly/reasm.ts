// IPv4 reassembly of the fragments a host takes in (ip_local_deliver → ip_defrag(net, skb,
// IP_DEFRAG_LOCAL_DELIVER), net/ipv4/ip_fragment.c and net/ipv4/inet_fragment.c, 6.1), before
// any protocol handler: an IPIP packet fragmented on its way is put back together and then
// decapsulated, an echo request bigger than the path is answered whole.
//
//   fragment ─► ipFind: the queue of (saddr, daddr, id, protocol), else a free one
//               (none: DROP_REASSEMBLY, as inet_frag_find over ipfrag_high_thresh)
//           ─► ipFragQueue: offset = frag_off × 8, end = offset + payload
//                 last (MF clear): end < len, or a second last elsewhere → discard the queue
//                 else: end &= ~7; past a known last → discard; empty → discard
//               inetFragQueueInsert: after the last fragment → append to its run or start
//                 one; else wholly inside a run → duplicate (dropped, queue kept); any
//                 other overlap → discard the queue (RFC 5722, applied to v4 since 4.19)
//           ─► FIRST_IN | LAST_IN and meat == len → ipFragReasm: the head's header with
//               tot_len, DF if every largest fragment had it, the combined ECN, checksum;
//               over 65535 or an invalid ECN mix → discard
//   the node's timer (node.ts) ─► ipFragTimers: ipfrag_time (30 s) after its first
//               fragment a queue expires (ip_expire): ICMP 11/1 quoting its head fragment
//               as received, when the offset-0 fragment came and the head still routes as
//               local from where the last fragment came in
//
// The payload is copied into the queue's buffer at its offset as it comes (layout/reasm.ts),
// so the datagram is ready in place when the last piece lands: the caller works on it there
// (forward.ts). The kernel's timer wheel fires up to 2.048 s late at HZ 250; the queue's
// time is the 30 s. Not modelled: ipfrag_max_dist (64: ip_frag_too_far restarts a queue when
// more than 64 fragments from its source went to other queues since its last one, counted in
// the source's inet_peer), and the memory accounting (a fixed pool of queues instead).

import {
  NODE_REASM, RA_COUNT, RA_QUEUES, RQ_SIZE, RQ_SADDR, RQ_DADDR, RQ_ID, RQ_PROTO, RQ_FLAGS, RQ_LEN, RQ_MEAT,
  RQ_EXPIRES, RQ_IIF, RQ_MAX_SIZE, RQ_MAX_DF_SIZE, RQ_ECN, RQ_HEAD_HL, RQ_HEAD_BCAST, RQ_RUN_COUNT,
  RQ_HEAD_META, RQ_TAIL_OFF, RQ_TAIL_LEN, RQ_LAST_RUN, RQ_HEAD_QUOTE, RQ_HEAD_OPTS, RQ_FRAGS, RQ_DONE_RX,
  RQ_BUF, RQ_RUNS, RQ_RUN_SIZE, RQ_RUNS_MAX, RQF_LAST_IN, RQF_FIRST_IN, RQF_LIVE, RQF_DONE, REASM_DATA,
  REASM_DATA_MAX, REASM_MAX_LEN, IPFRAG_TIME_MS, NC_RX, NC_REASM_QUEUED, NC_REASM_RELEASED, NC_REASM_OKS,
  NC_DROP_BASE, DROP_REASSEMBLY, DROP_REASM_DUP, DROP_REASM_OVERLAP, DROP_REASM_INVALID, DROP_REASM_TIMEOUT,
  DROP_REASM_OVERSIZE, DROP_REASM_ECN, DROP_REASM_RUNS, NH_NONE, NH_KIND, NHK_LOCAL, IF_KIND, IFK_CALI,
} from './layout';
import {
  ipv4HeaderLen, ipv4FlagsFrag, ipv4Tos, ipv4Src, ipv4Dst, ipv4Proto, ipv4SetTotalLen, ipv4SetFlagsFrag,
  ipv4FillChecksum, IPV4_ID, IPV4_TOS, IPV4_DF, IPV4_MF, IPV4_FRAG_OFFSET, ECN_MASK, ECN_CE,
} from './wire/ipv4';
import { ICMP_TIME_EXCEEDED, ICMP_EXC_FRAGTIME } from './wire/icmp';
import { countNode, countNodeBy, nodeCount, dropRx } from './counters';
import { routeLookup, nhPtr, ifPtr, rpFilterOk, srcIsLocal } from './context';
import { nodeNow, timeAfter, nodeTimerArm } from './arp/neigh';
import { icmpSendErrorQuote } from './icmpError';

// inet_frag_queue_insert's verdicts
// @ts-ignore: decorator
@inline const IPFRAG_OK: u32 = 0;
// @ts-ignore: decorator
@inline const IPFRAG_DUP: u32 = 1;
// @ts-ignore: decorator
@inline const IPFRAG_OVERLAP: u32 = 2;
// @ts-ignore: decorator
@inline const IPFRAG_NO_RUN: u32 = 3; // the simulator's bound (RQ_RUNS_MAX)

// @ts-ignore: decorator
@inline function rqPtr(ra: usize, i: u32): usize {
  return <usize>load<u32>(ra, RA_QUEUES) + <usize>i * RQ_SIZE;
}

// @ts-ignore: decorator
@inline function runPtr(q: usize, i: u32): usize {
  return q + RQ_RUNS + <usize>i * RQ_RUN_SIZE;
}

/** Where the completed datagram of queue `q` starts (its head's header, in the buffer). */
// @ts-ignore: decorator
@inline export function reasmDatagram(q: usize): usize {
  return <usize>load<u32>(q, RQ_BUF) + REASM_DATA - <u32>load<u8>(q, RQ_HEAD_HL);
}

/** ip_defrag for the fragment at `ip` (`tl` its validated total length) addressed to this
 *  host. Returns the queue whose datagram it completed (reasmDatagram), or 0: the fragment
 *  was queued, or dropped (counted). `opts`: ipOptionsRcv's result for it. */
export function ipDefrag(ctx: usize, inIf: u32, ip: usize, tl: u32, meta: u32, l2bcast: bool, opts: u32): usize {
  const ra = <usize>load<u32>(ctx, NODE_REASM);
  const q: usize = ra == 0 ? 0 : ipFind(ctx, ra, ip);
  if (q == 0) {
    dropRx(ctx, inIf, DROP_REASSEMBLY);
    return 0;
  }
  return ipFragQueue(ctx, q, inIf, ip, tl, meta, l2bcast, opts);
}

/** ip_find → inet_frag_find: the live queue of the fragment's key, else a new one (its timer
 *  armed ipfrag_time from now), else 0 when the pool is used up. A bounded scan of the pool. A
 *  queue completed while this frame is processed keeps its buffer (RQF_DONE). */
function ipFind(ctx: usize, ra: usize, ip: usize): usize {
  const src = ipv4Src(ip);
  const dst = ipv4Dst(ip);
  const id = load<u16>(ip, IPV4_ID);
  const proto = ipv4Proto(ip);
  const frame = nodeCount(ctx, NC_RX);
  const n = load<u32>(ra, RA_COUNT);
  let free: usize = 0;
  for (let i: u32 = 0; i < n; i++) {
    const q = rqPtr(ra, i);
    const f = <u32>load<u8>(q, RQ_FLAGS);
    if ((f & RQF_LIVE) != 0) {
      if (load<u32>(q, RQ_SADDR) == src && load<u32>(q, RQ_DADDR) == dst && load<u16>(q, RQ_ID) == id
        && <u32>load<u8>(q, RQ_PROTO) == proto) return q;
    } else if (free == 0 && (f == 0 || load<f64>(q, RQ_DONE_RX) != frame)) {
      free = q;
    }
  }
  if (free == 0) return 0;
  const q = free;
  store<u32>(q, src, RQ_SADDR);
  store<u32>(q, dst, RQ_DADDR);
  store<u16>(q, id, RQ_ID);
  store<u8>(q, <u8>proto, RQ_PROTO);
  store<u8>(q, <u8>RQF_LIVE, RQ_FLAGS);
  store<u32>(q, 0, RQ_LEN);
  store<u32>(q, 0, RQ_MEAT);
  store<u16>(q, 0, RQ_MAX_SIZE);
  store<u16>(q, 0, RQ_MAX_DF_SIZE);
  store<u8>(q, 0, RQ_ECN);
  store<u8>(q, 0, RQ_RUN_COUNT);
  store<u32>(q, 0, RQ_FRAGS);
  const at = nodeNow(ctx) + IPFRAG_TIME_MS;
  store<u32>(q, at, RQ_EXPIRES);
  nodeTimerArm(ctx, at);
  return q;
}

/** inet_frag_kill and the fragments freed with the queue: each one it held back in the books
 *  as a drop for `reason`. */
function reasmDiscard(ctx: usize, q: usize, reason: u32): void {
  const held = <f64>load<u32>(q, RQ_FRAGS);
  countNodeBy(ctx, NC_REASM_RELEASED, held);
  countNodeBy(ctx, NC_DROP_BASE + reason, held);
  store<u8>(q, 0, RQ_FLAGS);
}

/** ip_frag_queue: place the fragment, and reassemble when it was the last piece missing. */
function ipFragQueue(ctx: usize, q: usize, inIf: u32, ip: usize, tl: u32, meta: u32, l2bcast: bool, opts: u32): usize {
  const hl = ipv4HeaderLen(ip);
  const ff = ipv4FlagsFrag(ip);
  const offset = (ff & IPV4_FRAG_OFFSET) << 3;
  let end = offset + tl - hl;
  let flags = <u32>load<u8>(q, RQ_FLAGS);
  const qlen = load<u32>(q, RQ_LEN);
  let bad = false;
  if ((ff & IPV4_MF) == 0) { // the final fragment: bits already beyond it, or another end
    if (end < qlen || ((flags & RQF_LAST_IN) != 0 && end != qlen)) bad = true;
    else {
      flags |= RQF_LAST_IN;
      store<u32>(q, end, RQ_LEN);
    }
  } else {
    end &= ~7; // a fragment that is not the last carries a multiple of 8 octets
    if (end > qlen) {
      if ((flags & RQF_LAST_IN) != 0) bad = true; // some bits beyond the end
      else store<u32>(q, end, RQ_LEN);
    }
  }
  store<u8>(q, <u8>flags, RQ_FLAGS);
  if (bad || end == offset) {
    dropRx(ctx, inIf, DROP_REASM_INVALID);
    reasmDiscard(ctx, q, DROP_REASM_INVALID);
    return 0;
  }
  const len = end - offset; // pskb_trim_rcsum: the octets past `end` go
  const verdict = inetFragQueueInsert(q, offset, end);
  if (verdict == IPFRAG_DUP) {
    dropRx(ctx, inIf, DROP_REASM_DUP);
    return 0;
  }
  if (verdict == IPFRAG_NO_RUN) {
    dropRx(ctx, inIf, DROP_REASM_RUNS);
    return 0;
  }
  if (verdict == IPFRAG_OVERLAP) {
    dropRx(ctx, inIf, DROP_REASM_OVERLAP);
    reasmDiscard(ctx, q, DROP_REASM_OVERLAP);
    return 0;
  }
  countNode(ctx, NC_REASM_QUEUED);
  store<u32>(q, load<u32>(q, RQ_FRAGS) + 1, RQ_FRAGS);
  store<u32>(q, inIf, RQ_IIF);
  store<u32>(q, load<u32>(q, RQ_MEAT) + len, RQ_MEAT);
  store<u8>(q, <u8>(<u32>load<u8>(q, RQ_ECN) | (<u32>1 << (ipv4Tos(ip) & ECN_MASK))), RQ_ECN); // ip4_frag_ecn
  const buf = <usize>load<u32>(q, RQ_BUF);
  if (end <= REASM_DATA_MAX) memory.copy(buf + REASM_DATA + offset, ip + hl, len); // past it: oversize anyway
  if (offset == 0) {
    flags |= RQF_FIRST_IN;
    store<u8>(q, <u8>flags, RQ_FLAGS);
    memory.copy(buf + REASM_DATA - hl, ip, hl);
    store<u8>(q, <u8>hl, RQ_HEAD_HL);
    store<u8>(q, l2bcast ? 1 : 0, RQ_HEAD_BCAST);
    store<u32>(q, meta, RQ_HEAD_META);
    store<u32>(q, hl + len, RQ_HEAD_QUOTE);
    store<u32>(q, opts, RQ_HEAD_OPTS);
  }
  const size = hl + len;
  if (size > <u32>load<u16>(q, RQ_MAX_SIZE)) store<u16>(q, <u16>size, RQ_MAX_SIZE);
  if ((ff & IPV4_DF) != 0 && size > <u32>load<u16>(q, RQ_MAX_DF_SIZE)) store<u16>(q, <u16>size, RQ_MAX_DF_SIZE);
  if ((flags & (RQF_FIRST_IN | RQF_LAST_IN)) == (RQF_FIRST_IN | RQF_LAST_IN) && load<u32>(q, RQ_MEAT) == load<u32>(q, RQ_LEN)) {
    return ipFragReasm(ctx, q);
  }
  return 0;
}

/** inet_frag_queue_insert over the queue's runs of adjacent fragments: after the fragment
 *  that ends last (fragments_tail) it extends that run or starts one; anywhere else it is a
 *  duplicate when wholly inside one run, an overlap when it touches any other way (the
 *  rb-tree's descent meets the run it intersects first; runs never overlap, so a scan in
 *  any order gives the same verdict). */
function inetFragQueueInsert(q: usize, offset: u32, end: u32): u32 {
  const runs = <u32>load<u8>(q, RQ_RUN_COUNT);
  const len = end - offset;
  if (runs != 0) {
    const tailEnd = load<u32>(q, RQ_TAIL_OFF) + load<u32>(q, RQ_TAIL_LEN);
    if (tailEnd < end) { // the common case: it goes at the end
      if (offset < tailEnd) return IPFRAG_OVERLAP;
      if (offset == tailEnd) { // fragrun_append_to_last
        const r = runPtr(q, load<u32>(q, RQ_LAST_RUN));
        store<u32>(r, load<u32>(r, 4) + len, 4);
        store<u32>(q, offset, RQ_TAIL_OFF);
        store<u32>(q, len, RQ_TAIL_LEN);
        return IPFRAG_OK;
      }
    } else {
      for (let i: u32 = 0; i < runs; i++) {
        const r = runPtr(q, i);
        const rOff = load<u32>(r);
        const rEnd = rOff + load<u32>(r, 4);
        if (end <= rOff || offset >= rEnd) continue;
        return offset >= rOff && end <= rEnd ? IPFRAG_DUP : IPFRAG_OVERLAP;
      }
      if (runs == RQ_RUNS_MAX) return IPFRAG_NO_RUN;
      const r = runPtr(q, runs); // a run of its own; the tail stays
      store<u32>(r, offset);
      store<u32>(r, len, 4);
      store<u8>(q, <u8>(runs + 1), RQ_RUN_COUNT);
      return IPFRAG_OK;
    }
  }
  if (runs == RQ_RUNS_MAX) return IPFRAG_NO_RUN;
  const r = runPtr(q, runs); // fragrun_create: the first fragment, or one past a gap
  store<u32>(r, offset);
  store<u32>(r, len, 4);
  store<u8>(q, <u8>(runs + 1), RQ_RUN_COUNT);
  store<u32>(q, runs, RQ_LAST_RUN);
  store<u32>(q, offset, RQ_TAIL_OFF);
  store<u32>(q, len, RQ_TAIL_LEN);
  return IPFRAG_OK;
}

/** ip_frag_ecn_table: 1 << ECN codepoint of every fragment ORed → what the datagram's TOS
 *  gets ORed with, or 0xff: Not-ECT mixed with ECT or CE is invalid. */
// @ts-ignore: decorator
@inline function ipFragEcn(seen: u32): u32 {
  if ((seen & 1) != 0 && seen != 1) return 0xff;
  return (seen & 8) != 0 && (seen & 6) != 0 ? ECN_CE : 0; // CE with ECT(0) or ECT(1)
}

/** ip_frag_reasm: the queue is complete; its datagram is the head's header over the payload,
 *  in the buffer. Returns the queue (kept as RQF_DONE while this frame is processed), or 0
 *  after discarding it. */
function ipFragReasm(ctx: usize, q: usize): usize {
  const ecn = ipFragEcn(<u32>load<u8>(q, RQ_ECN));
  if (ecn == 0xff) {
    reasmDiscard(ctx, q, DROP_REASM_ECN);
    return 0;
  }
  const hl = <u32>load<u8>(q, RQ_HEAD_HL);
  const len = hl + load<u32>(q, RQ_LEN);
  if (len > REASM_MAX_LEN) {
    reasmDiscard(ctx, q, DROP_REASM_OVERSIZE);
    return 0;
  }
  const ip = reasmDatagram(q);
  ipv4SetTotalLen(ip, len);
  store<u8>(ip, <u8>(ipv4Tos(ip) | ecn), IPV4_TOS);
  // DF only when the largest fragment had it (a refragmented DF packet must not grow)
  ipv4SetFlagsFrag(ip, load<u16>(q, RQ_MAX_DF_SIZE) == load<u16>(q, RQ_MAX_SIZE) ? IPV4_DF : 0);
  ipv4FillChecksum(ip);
  countNode(ctx, NC_REASM_RELEASED);
  countNode(ctx, NC_REASM_OKS);
  store<u8>(q, <u8>RQF_DONE, RQ_FLAGS);
  store<f64>(q, nodeCount(ctx, NC_RX), RQ_DONE_RX);
  return q;
}

/** The reassembly queues' timers, run by the node's step once its timer is due (`now` ms):
 *  expire what is due, keep the node's timer for the rest. */
export function ipFragTimers(ctx: usize, now: u32): void {
  const ra = <usize>load<u32>(ctx, NODE_REASM);
  if (ra == 0) return;
  const n = load<u32>(ra, RA_COUNT);
  for (let i: u32 = 0; i < n; i++) {
    const q = rqPtr(ra, i);
    if ((<u32>load<u8>(q, RQ_FLAGS) & RQF_LIVE) == 0) continue;
    const at = load<u32>(q, RQ_EXPIRES);
    if (timeAfter(at, now)) nodeTimerArm(ctx, at);
    else ipExpire(ctx, q);
  }
}

/** ip_expire: the queue dies with its fragments; when its offset-0 fragment came, the head
 *  is routed again as received on the interface of the last fragment (ip_route_input_noref:
 *  a local route, the source still valid there) and icmp_send quotes it: ICMP 11/1 from the
 *  address it was sent to (RTCF_LOCAL). */
function ipExpire(ctx: usize, q: usize): void {
  const first = (<u32>load<u8>(q, RQ_FLAGS) & RQF_FIRST_IN) != 0;
  reasmDiscard(ctx, q, DROP_REASM_TIMEOUT);
  if (!first) return;
  const ip = reasmDatagram(q);
  const src = ipv4Src(ip);
  const dst = ipv4Dst(ip);
  const nh = routeLookup(ctx, dst);
  if (nh == NH_NONE || <u32>load<u8>(nhPtr(ctx, nh), NH_KIND) != NHK_LOCAL) return; // a broadcast gets no error
  const iif = load<u32>(q, RQ_IIF);
  if (load<u32>(ifPtr(ctx, iif), IF_KIND) == IFK_CALI ? !rpFilterOk(ctx, iif, src) : srcIsLocal(ctx, src)) return;
  icmpSendErrorQuote(ctx, ip, ICMP_TIME_EXCEEDED, ICMP_EXC_FRAGTIME, 0, load<u32>(q, RQ_HEAD_META),
    load<u8>(q, RQ_HEAD_BCAST) != 0, dst, load<u32>(q, RQ_HEAD_QUOTE), load<u32>(q, RQ_HEAD_OPTS));
}
