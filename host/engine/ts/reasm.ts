// Twin of assembly/reasm.ts: IPv4 reassembly at local delivery (ip_defrag, ip_frag_queue,
// inet_frag_queue_insert, ip_frag_reasm) and ip_expire's ICMP 11/1 (the kernel's rules and
// the queue's record are there and in layout/reasm.ts).
import type { Heap, HeapFns } from './heap.ts';
import * as L from '../../layout.ts';
import * as IPV4 from './wire/ipv4.ts';
import { type Ipv4Fns } from './wire/ipv4.ts';
import * as ICMP from './wire/icmp.ts';
import type { CountersFns } from './counters.ts';
import type { ContextFns } from './context.ts';
import type { NeighFns } from './arp/neigh.ts';
import type { IcmpErrorFns } from './icmpError.ts';

const IPFRAG_OK = 0, IPFRAG_DUP = 1, IPFRAG_OVERLAP = 2, IPFRAG_NO_RUN = 3;
/** This file's numbers as the factory's consts (V8 folds those). */
const NUMBERS = { IPFRAG_OK, IPFRAG_DUP, IPFRAG_OVERLAP, IPFRAG_NO_RUN };

export function reasmFns(h: Heap, d: {
  heap: HeapFns; ipv4: Ipv4Fns; counters: CountersFns; context: ContextFns; neigh: NeighFns; icmpError: IcmpErrorFns;
}) {
  const { IPFRAG_OK, IPFRAG_DUP, IPFRAG_OVERLAP, IPFRAG_NO_RUN } = NUMBERS;
  const {
    NODE_REASM, RA_COUNT, RA_QUEUES, RQ_SIZE, RQ_SADDR, RQ_DADDR, RQ_ID, RQ_PROTO, RQ_FLAGS, RQ_LEN, RQ_MEAT,
    RQ_EXPIRES, RQ_IIF, RQ_MAX_SIZE, RQ_MAX_DF_SIZE, RQ_ECN, RQ_HEAD_HL, RQ_HEAD_BCAST, RQ_RUN_COUNT,
    RQ_HEAD_META, RQ_TAIL_OFF, RQ_TAIL_LEN, RQ_LAST_RUN, RQ_HEAD_QUOTE, RQ_HEAD_OPTS, RQ_FRAGS, RQ_DONE_RX,
    RQ_BUF, RQ_RUNS, RQ_RUN_SIZE, RQ_RUNS_MAX, RQF_LAST_IN, RQF_FIRST_IN, RQF_LIVE, RQF_DONE, REASM_DATA,
    REASM_DATA_MAX, REASM_MAX_LEN, IPFRAG_TIME_MS, NC_RX, NC_REASM_QUEUED, NC_REASM_RELEASED, NC_REASM_OKS,
    NC_DROP_BASE, DROP_REASSEMBLY, DROP_REASM_DUP, DROP_REASM_OVERLAP, DROP_REASM_INVALID, DROP_REASM_TIMEOUT,
    DROP_REASM_OVERSIZE, DROP_REASM_ECN, DROP_REASM_RUNS, NH_NONE, NH_KIND, NHK_LOCAL, IF_KIND, IFK_CALI,
  } = L;
  const { IPV4_ID, IPV4_TOS, IPV4_DF, IPV4_MF, IPV4_FRAG_OFFSET, ECN_MASK, ECN_CE } = IPV4;
  const { ICMP_TIME_EXCEEDED, ICMP_EXC_FRAGTIME } = ICMP;
  const { U8, U16, U32, F64 } = h;
  const { memoryCopy } = d.heap;
  const {
    ipv4HeaderLen, ipv4FlagsFrag, ipv4Tos, ipv4Src, ipv4Dst, ipv4Proto, ipv4SetTotalLen, ipv4SetFlagsFrag,
    ipv4FillChecksum,
  } = d.ipv4;
  const { countNode, countNodeBy, nodeCount, dropRx } = d.counters;
  const { routeLookup, nhPtr, ifPtr, rpFilterOk, srcIsLocal } = d.context;
  const { nodeNow, timeAfter, nodeTimerArm } = d.neigh;
  const { icmpSendErrorQuote } = d.icmpError;

  function rqPtr(ra: number, i: number): number {
    return U32[(ra + RA_QUEUES) >>> 2] + i * RQ_SIZE;
  }
  function runPtr(q: number, i: number): number {
    return q + RQ_RUNS + i * RQ_RUN_SIZE;
  }
  function reasmDatagram(q: number): number {
    return U32[(q + RQ_BUF) >>> 2] + REASM_DATA - U8[q + RQ_HEAD_HL];
  }

  function ipDefrag(ctx: number, inIf: number, ip: number, tl: number, meta: number, l2bcast: boolean, opts: number): number {
    const ra = U32[(ctx + NODE_REASM) >>> 2];
    const q = ra === 0 ? 0 : ipFind(ctx, ra, ip);
    if (q === 0) {
      dropRx(ctx, inIf, DROP_REASSEMBLY);
      return 0;
    }
    return ipFragQueue(ctx, q, inIf, ip, tl, meta, l2bcast, opts);
  }

  function ipFind(ctx: number, ra: number, ip: number): number {
    const src = ipv4Src(ip);
    const dst = ipv4Dst(ip);
    const id = U8[ip + IPV4_ID] | (U8[ip + IPV4_ID + 1] << 8); // as the core's load<u16>: wire octets, little-endian
    const proto = ipv4Proto(ip);
    const frame = nodeCount(ctx, NC_RX);
    const n = U32[(ra + RA_COUNT) >>> 2];
    let free = 0;
    for (let i = 0; i < n; i++) {
      const q = rqPtr(ra, i);
      const f = U8[q + RQ_FLAGS];
      if ((f & RQF_LIVE) !== 0) {
        if (U32[(q + RQ_SADDR) >>> 2] === src && U32[(q + RQ_DADDR) >>> 2] === dst && U16[(q + RQ_ID) >>> 1] === id
          && U8[q + RQ_PROTO] === proto) return q;
      } else if (free === 0 && (f === 0 || F64[(q + RQ_DONE_RX) >>> 3] !== frame)) {
        free = q;
      }
    }
    if (free === 0) return 0;
    const q = free;
    U32[(q + RQ_SADDR) >>> 2] = src;
    U32[(q + RQ_DADDR) >>> 2] = dst;
    U16[(q + RQ_ID) >>> 1] = id;
    U8[q + RQ_PROTO] = proto;
    U8[q + RQ_FLAGS] = RQF_LIVE;
    U32[(q + RQ_LEN) >>> 2] = 0;
    U32[(q + RQ_MEAT) >>> 2] = 0;
    U16[(q + RQ_MAX_SIZE) >>> 1] = 0;
    U16[(q + RQ_MAX_DF_SIZE) >>> 1] = 0;
    U8[q + RQ_ECN] = 0;
    U8[q + RQ_RUN_COUNT] = 0;
    U32[(q + RQ_FRAGS) >>> 2] = 0;
    const at = (nodeNow(ctx) + IPFRAG_TIME_MS) >>> 0;
    U32[(q + RQ_EXPIRES) >>> 2] = at;
    nodeTimerArm(ctx, at);
    return q;
  }

  function reasmDiscard(ctx: number, q: number, reason: number): void {
    const held = U32[(q + RQ_FRAGS) >>> 2];
    countNodeBy(ctx, NC_REASM_RELEASED, held);
    countNodeBy(ctx, NC_DROP_BASE + reason, held);
    U8[q + RQ_FLAGS] = 0;
  }

  function ipFragQueue(ctx: number, q: number, inIf: number, ip: number, tl: number, meta: number, l2bcast: boolean, opts: number): number {
    const hl = ipv4HeaderLen(ip);
    const ff = ipv4FlagsFrag(ip);
    const offset = (ff & IPV4_FRAG_OFFSET) << 3;
    let end = offset + tl - hl;
    let flags = U8[q + RQ_FLAGS];
    const qlen = U32[(q + RQ_LEN) >>> 2];
    let bad = false;
    if ((ff & IPV4_MF) === 0) {
      if (end < qlen || ((flags & RQF_LAST_IN) !== 0 && end !== qlen)) bad = true;
      else {
        flags |= RQF_LAST_IN;
        U32[(q + RQ_LEN) >>> 2] = end;
      }
    } else {
      end &= ~7;
      if (end > qlen) {
        if ((flags & RQF_LAST_IN) !== 0) bad = true;
        else U32[(q + RQ_LEN) >>> 2] = end;
      }
    }
    U8[q + RQ_FLAGS] = flags;
    if (bad || end === offset) {
      dropRx(ctx, inIf, DROP_REASM_INVALID);
      reasmDiscard(ctx, q, DROP_REASM_INVALID);
      return 0;
    }
    const len = end - offset;
    const verdict = inetFragQueueInsert(q, offset, end);
    if (verdict === IPFRAG_DUP) {
      dropRx(ctx, inIf, DROP_REASM_DUP);
      return 0;
    }
    if (verdict === IPFRAG_NO_RUN) {
      dropRx(ctx, inIf, DROP_REASM_RUNS);
      return 0;
    }
    if (verdict === IPFRAG_OVERLAP) {
      dropRx(ctx, inIf, DROP_REASM_OVERLAP);
      reasmDiscard(ctx, q, DROP_REASM_OVERLAP);
      return 0;
    }
    countNode(ctx, NC_REASM_QUEUED);
    U32[(q + RQ_FRAGS) >>> 2] = U32[(q + RQ_FRAGS) >>> 2] + 1;
    U32[(q + RQ_IIF) >>> 2] = inIf;
    U32[(q + RQ_MEAT) >>> 2] = U32[(q + RQ_MEAT) >>> 2] + len;
    U8[q + RQ_ECN] = U8[q + RQ_ECN] | (1 << (ipv4Tos(ip) & ECN_MASK));
    const buf = U32[(q + RQ_BUF) >>> 2];
    if (end <= REASM_DATA_MAX) memoryCopy(buf + REASM_DATA + offset, ip + hl, len);
    if (offset === 0) {
      flags |= RQF_FIRST_IN;
      U8[q + RQ_FLAGS] = flags;
      memoryCopy(buf + REASM_DATA - hl, ip, hl);
      U8[q + RQ_HEAD_HL] = hl;
      U8[q + RQ_HEAD_BCAST] = l2bcast ? 1 : 0;
      U32[(q + RQ_HEAD_META) >>> 2] = meta;
      U32[(q + RQ_HEAD_QUOTE) >>> 2] = hl + len;
      U32[(q + RQ_HEAD_OPTS) >>> 2] = opts;
    }
    const size = hl + len;
    if (size > U16[(q + RQ_MAX_SIZE) >>> 1]) U16[(q + RQ_MAX_SIZE) >>> 1] = size;
    if ((ff & IPV4_DF) !== 0 && size > U16[(q + RQ_MAX_DF_SIZE) >>> 1]) U16[(q + RQ_MAX_DF_SIZE) >>> 1] = size;
    if ((flags & (RQF_FIRST_IN | RQF_LAST_IN)) === (RQF_FIRST_IN | RQF_LAST_IN) && U32[(q + RQ_MEAT) >>> 2] === U32[(q + RQ_LEN) >>> 2]) {
      return ipFragReasm(ctx, q);
    }
    return 0;
  }

  function inetFragQueueInsert(q: number, offset: number, end: number): number {
    const runs = U8[q + RQ_RUN_COUNT];
    const len = end - offset;
    if (runs !== 0) {
      const tailEnd = U32[(q + RQ_TAIL_OFF) >>> 2] + U32[(q + RQ_TAIL_LEN) >>> 2];
      if (tailEnd < end) {
        if (offset < tailEnd) return IPFRAG_OVERLAP;
        if (offset === tailEnd) {
          const r = runPtr(q, U32[(q + RQ_LAST_RUN) >>> 2]);
          U32[(r + 4) >>> 2] = U32[(r + 4) >>> 2] + len;
          U32[(q + RQ_TAIL_OFF) >>> 2] = offset;
          U32[(q + RQ_TAIL_LEN) >>> 2] = len;
          return IPFRAG_OK;
        }
      } else {
        for (let i = 0; i < runs; i++) {
          const r = runPtr(q, i);
          const rOff = U32[r >>> 2];
          const rEnd = rOff + U32[(r + 4) >>> 2];
          if (end <= rOff || offset >= rEnd) continue;
          return offset >= rOff && end <= rEnd ? IPFRAG_DUP : IPFRAG_OVERLAP;
        }
        if (runs === RQ_RUNS_MAX) return IPFRAG_NO_RUN;
        const r = runPtr(q, runs);
        U32[r >>> 2] = offset;
        U32[(r + 4) >>> 2] = len;
        U8[q + RQ_RUN_COUNT] = runs + 1;
        return IPFRAG_OK;
      }
    }
    if (runs === RQ_RUNS_MAX) return IPFRAG_NO_RUN;
    const r = runPtr(q, runs);
    U32[r >>> 2] = offset;
    U32[(r + 4) >>> 2] = len;
    U8[q + RQ_RUN_COUNT] = runs + 1;
    U32[(q + RQ_LAST_RUN) >>> 2] = runs;
    U32[(q + RQ_TAIL_OFF) >>> 2] = offset;
    U32[(q + RQ_TAIL_LEN) >>> 2] = len;
    return IPFRAG_OK;
  }

  function ipFragEcn(seen: number): number {
    if ((seen & 1) !== 0 && seen !== 1) return 0xff;
    return (seen & 8) !== 0 && (seen & 6) !== 0 ? ECN_CE : 0;
  }

  function ipFragReasm(ctx: number, q: number): number {
    const ecn = ipFragEcn(U8[q + RQ_ECN]);
    if (ecn === 0xff) {
      reasmDiscard(ctx, q, DROP_REASM_ECN);
      return 0;
    }
    const hl = U8[q + RQ_HEAD_HL];
    const len = hl + U32[(q + RQ_LEN) >>> 2];
    if (len > REASM_MAX_LEN) {
      reasmDiscard(ctx, q, DROP_REASM_OVERSIZE);
      return 0;
    }
    const ip = reasmDatagram(q);
    ipv4SetTotalLen(ip, len);
    U8[ip + IPV4_TOS] = ipv4Tos(ip) | ecn;
    ipv4SetFlagsFrag(ip, U16[(q + RQ_MAX_DF_SIZE) >>> 1] === U16[(q + RQ_MAX_SIZE) >>> 1] ? IPV4_DF : 0);
    ipv4FillChecksum(ip);
    countNode(ctx, NC_REASM_RELEASED);
    countNode(ctx, NC_REASM_OKS);
    U8[q + RQ_FLAGS] = RQF_DONE;
    F64[(q + RQ_DONE_RX) >>> 3] = nodeCount(ctx, NC_RX);
    return q;
  }

  function ipFragTimers(ctx: number, now: number): void {
    const ra = U32[(ctx + NODE_REASM) >>> 2];
    if (ra === 0) return;
    const n = U32[(ra + RA_COUNT) >>> 2];
    for (let i = 0; i < n; i++) {
      const q = rqPtr(ra, i);
      if ((U8[q + RQ_FLAGS] & RQF_LIVE) === 0) continue;
      const at = U32[(q + RQ_EXPIRES) >>> 2];
      if (timeAfter(at, now)) nodeTimerArm(ctx, at);
      else ipExpire(ctx, q);
    }
  }

  function ipExpire(ctx: number, q: number): void {
    const first = (U8[q + RQ_FLAGS] & RQF_FIRST_IN) !== 0;
    reasmDiscard(ctx, q, DROP_REASM_TIMEOUT);
    if (!first) return;
    const ip = reasmDatagram(q);
    const src = ipv4Src(ip);
    const dst = ipv4Dst(ip);
    const nh = routeLookup(ctx, dst);
    if (nh === NH_NONE || U8[nhPtr(ctx, nh) + NH_KIND] !== NHK_LOCAL) return;
    const iif = U32[(q + RQ_IIF) >>> 2];
    if (U32[(ifPtr(ctx, iif) + IF_KIND) >>> 2] === IFK_CALI ? !rpFilterOk(ctx, iif, src) : srcIsLocal(ctx, src)) return;
    icmpSendErrorQuote(ctx, ip, ICMP_TIME_EXCEEDED, ICMP_EXC_FRAGTIME, 0, U32[(q + RQ_HEAD_META) >>> 2],
      U8[q + RQ_HEAD_BCAST] !== 0, dst, U32[(q + RQ_HEAD_QUOTE) >>> 2], U32[(q + RQ_HEAD_OPTS) >>> 2]);
  }

  return { reasmDatagram, ipDefrag, ipFragTimers };
}
export type ReasmFns = ReturnType<typeof reasmFns>;
