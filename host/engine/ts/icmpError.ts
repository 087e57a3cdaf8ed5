// Twin of assembly/icmpError.ts (the rules for when and how, with sources, are there).
import type { Heap, HeapFns } from './heap.ts';
import * as L from '../../layout.ts';
import * as IPV4 from './wire/ipv4.ts';
import { IPV4_HDR_LEN } from './wire/ipv4.ts';
import { type Ipv4Fns } from './wire/ipv4.ts';
import * as ICMP from './wire/icmp.ts';
import { ICMP_ERROR_MAX, ICMP_HDR_LEN } from './wire/icmp.ts';
import { type IcmpFns } from './wire/icmp.ts';
import * as ETHERNET from './wire/ethernet.ts';
import type { CountersFns } from './counters.ts';
import type { ContextFns } from './context.ts';
import type { OutputFns } from './output.ts';

export const ICMP_ERROR_TTL = 64; // net.ipv4.ip_default_ttl
const ICMP_ERROR_DATA_MAX = ICMP_ERROR_MAX - IPV4_HDR_LEN - ICMP_HDR_LEN; // 548

/** This file's numbers as the factory's consts: V8 folds those; an exported binding is a
 *  module cell it reloads, with a hole check, at every use. */
const NUMBERS = { ICMP_ERROR_TTL };

export function icmpErrorFns(h: Heap, d: {
  heap: HeapFns; ipv4: Ipv4Fns; icmp: IcmpFns; counters: CountersFns; context: ContextFns; output: OutputFns;
}) {
  const { ICMP_ERROR_TTL } = NUMBERS;
  const {
    NODE_SCRATCH0, NODE_IP, NODE_TUNL0_IP, NH_NONE, NH_KIND, NH_OIF, NHK_ONLINK_TUNL0, SLOT_HEADROOM,
    IF_KIND, IF_IP, IFK_UPLINK,
    NC_CREATED_ICMP, NC_ICMP_ERRORS,
  } = L;
  const { IPV4_FRAG_OFFSET, IPV4_HDR_LEN, IPPROTO_ICMP } = IPV4;
  const { ICMP_HDR_LEN, ICMP_NR_TYPES } = ICMP;
  const { ETH_HDR_LEN } = ETHERNET;
  const { U8, U16, U32 } = h;
  const { memoryCopy } = d.heap;
  const {
    ipv4HeaderLen, ipv4TotalLen, ipv4FlagsFrag, ipv4Proto, ipv4Src, ipv4Dst, ipv4Tos, icmpErrorTos,
    ipv4PutVersionIhl, ipv4PutTos, ipv4PutTotalLen, ipv4PutId, ipv4PutFlagsFrag, ipv4PutTtl, ipv4PutProto,
    ipv4PutSrc, ipv4PutDst, ipv4PutChecksum, ipv4IsMulticast, ipv4IsLbcast,
  } = d.ipv4;
  const { icmpEmitHeader, icmpFillChecksum, icmpIsError } = d.icmp;
  const { countNode } = d.counters;
  const { routeLookup, nhPtr, nhIsUnicast, nextIpId, ifPtr } = d.context;
  const { ipOutput } = d.output;

  function icmpSource(ctx: number, n: number, kind: number): number {
    if (kind === NHK_ONLINK_TUNL0) return U32[(ctx + NODE_TUNL0_IP) >>> 2];
    const oif = ifPtr(ctx, U16[(n + NH_OIF) >>> 1]);
    return U32[(oif + IF_KIND) >>> 2] === IFK_UPLINK ? U32[(oif + IF_IP) >>> 2] : U32[(ctx + NODE_IP) >>> 2];
  }

  function icmpSendError(ctx: number, ip: number, type: number, code: number, info: number, meta: number, l2bcast: boolean): void {
    icmpSendErrorFrom(ctx, ip, type, code, info, meta, l2bcast, 0);
  }
  /** icmpSendError with the source given (non-zero `from`: RTCF_LOCAL, saddr = iph->daddr). */
  function icmpSendErrorFrom(ctx: number, ip: number, type: number, code: number, info: number, meta: number, l2bcast: boolean, from: number): void {
    icmpSendErrorQuote(ctx, ip, type, code, info, meta, l2bcast, from, ipv4TotalLen(ip));
  }
  /** icmpSendErrorFrom quoting `quote` octets from the IP header on (at most 548). */
  function icmpSendErrorQuote(ctx: number, ip: number, type: number, code: number, info: number, meta: number, l2bcast: boolean, from: number, quote: number): void {
    if (l2bcast) return;
    if ((ipv4FlagsFrag(ip) & IPV4_FRAG_OFFSET) !== 0) return;
    // RTCF_MULTICAST | RTCF_BROADCAST (0.0.0.0 → 0.0.0.0 is brd_input's too)
    if (ipv4IsMulticast(ipv4Dst(ip)) || ipv4IsLbcast(ipv4Dst(ip)) || (ipv4Dst(ip) | ipv4Src(ip)) === 0) return;
    const hl = ipv4HeaderLen(ip);
    const tl = ipv4TotalLen(ip);
    if (ipv4Proto(ip) === IPPROTO_ICMP) {
      if (tl <= hl) return;
      const t = U8[ip + hl];
      if (t > ICMP_NR_TYPES || icmpIsError(t)) return;
    }
    const dst = ipv4Src(ip);
    const nh = routeLookup(ctx, dst);
    if (nh === NH_NONE) return;
    const kind = U8[nhPtr(ctx, nh) + NH_KIND];
    if (!nhIsUnicast(kind)) return;
    const src = from !== 0 ? from : icmpSource(ctx, nhPtr(ctx, nh), kind);
    const copy = quote < ICMP_ERROR_DATA_MAX ? quote : ICMP_ERROR_DATA_MAX;
    const b = U32[(ctx + NODE_SCRATCH0) >>> 2] + SLOT_HEADROOM + ETH_HDR_LEN;
    const total = IPV4_HDR_LEN + ICMP_HDR_LEN + copy;
    ipv4PutChecksum(b, ipv4PutVersionIhl(b)
      + ipv4PutTos(b, icmpErrorTos(ipv4Tos(ip)))
      + ipv4PutTotalLen(b, total)
      + ipv4PutId(b, nextIpId(ctx))
      + ipv4PutFlagsFrag(b, 0) // DF clear: the ICMP socket is IP_PMTUDISC_DONT
      + ipv4PutTtl(b, ICMP_ERROR_TTL)
      + ipv4PutProto(b, IPPROTO_ICMP)
      + ipv4PutSrc(b, src)
      + ipv4PutDst(b, dst));
    const icmp = b + IPV4_HDR_LEN;
    icmpEmitHeader(icmp, type, code, info >>> 16, info & 0xffff);
    memoryCopy(icmp + ICMP_HDR_LEN, ip, copy);
    icmpFillChecksum(icmp, ICMP_HDR_LEN + copy);
    countNode(ctx, NC_CREATED_ICMP);
    countNode(ctx, NC_ICMP_ERRORS);
    ipOutput(ctx, b, total, nh, meta);
  }
  return { icmpSendError, icmpSendErrorFrom, icmpSendErrorQuote };
}
export type IcmpErrorFns = ReturnType<typeof icmpErrorFns>;
