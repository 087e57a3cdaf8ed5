// Twin of assembly/icmpError.ts (the rules for when and how, with sources, are there).
import type { Heap, HeapFns } from './heap.ts';
import * as L from '../../layout.ts';
import * as IPV4 from './wire/ipv4.ts';
import { type Ipv4Fns } from './wire/ipv4.ts';
import * as ICMP from './wire/icmp.ts';
import { type IcmpFns } from './wire/icmp.ts';
import * as ETHERNET from './wire/ethernet.ts';
import type { CountersFns } from './counters.ts';
import type { ContextFns } from './context.ts';
import type { OutputFns } from './output.ts';
import { OPT_DROPPED, type IpOptionsEchoFns } from './ipOptionsEcho.ts';

export const ICMP_ERROR_TTL = 64; // net.ipv4.ip_default_ttl

/** This file's numbers as the factory's consts: V8 folds those; an exported binding is a
 *  module cell it reloads, with a hole check, at every use. */
const NUMBERS = { ICMP_ERROR_TTL, OPT_DROPPED };

export function icmpErrorFns(h: Heap, d: {
  heap: HeapFns; ipv4: Ipv4Fns; icmp: IcmpFns; counters: CountersFns; context: ContextFns; output: OutputFns;
  ipOptionsEcho: IpOptionsEchoFns;
}) {
  const { ICMP_ERROR_TTL, OPT_DROPPED } = NUMBERS;
  const {
    NODE_SCRATCH0, NODE_IP, NODE_TUNL0_IP, NH_NONE, NH_KIND, NH_OIF, NHK_ONLINK_TUNL0, SLOT_HEADROOM,
    IF_KIND, IF_IP, IF_MTU, IFK_UPLINK,
    NC_CREATED_ICMP, NC_ICMP_ERRORS,
  } = L;
  const { IPV4_FRAG_OFFSET, IPV4_HDR_LEN, IPPROTO_ICMP } = IPV4;
  const { ICMP_HDR_LEN, ICMP_NR_TYPES, ICMP_ERROR_MAX } = ICMP;
  const { ETH_HDR_LEN } = ETHERNET;
  const { U8, U16, U32 } = h;
  const { memoryCopy } = d.heap;
  const {
    ipv4HeaderLen, ipv4TotalLen, ipv4FlagsFrag, ipv4Proto, ipv4Src, ipv4Dst, ipv4Tos, icmpErrorTos,
    ipv4PutVersionIhl, ipv4PutTos, ipv4PutTotalLen, ipv4PutId, ipv4PutFlagsFrag, ipv4PutTtl, ipv4PutProto,
    ipv4PutSrc, ipv4PutDst, ipv4PutChecksum, ipv4FillChecksum, ipv4IsMulticast, ipv4IsLbcast,
  } = d.ipv4;
  const { icmpEmitHeader, icmpFillChecksum, icmpIsError } = d.icmp;
  const { countNode } = d.counters;
  const { routeLookup, nhPtr, nhIsUnicast, nextIpId, ifPtr } = d.context;
  const { ipOutput } = d.output;
  const { ipOptionsEcho, srrFirstHop } = d.ipOptionsEcho;

  function icmpSource(ctx: number, n: number, kind: number): number {
    if (kind === NHK_ONLINK_TUNL0) return U32[(ctx + NODE_TUNL0_IP) >>> 2];
    const oif = ifPtr(ctx, U16[(n + NH_OIF) >>> 1]);
    return U32[(oif + IF_KIND) >>> 2] === IFK_UPLINK ? U32[(oif + IF_IP) >>> 2] : U32[(ctx + NODE_IP) >>> 2];
  }

  function icmpSendError(ctx: number, ip: number, type: number, code: number, info: number, meta: number, l2bcast: boolean, opts: number): void {
    icmpSendErrorQuote(ctx, ip, type, code, info, meta, l2bcast, 0, ipv4TotalLen(ip), opts);
  }
  /** icmpSendError with the source given (non-zero `from`: RTCF_LOCAL, saddr = iph->daddr). */
  function icmpSendErrorFrom(ctx: number, ip: number, type: number, code: number, info: number, meta: number, l2bcast: boolean, from: number, opts: number): void {
    icmpSendErrorQuote(ctx, ip, type, code, info, meta, l2bcast, from, ipv4TotalLen(ip), opts);
  }
  /** icmpSendErrorFrom quoting at most `quote` octets from the IP header on. */
  function icmpSendErrorQuote(ctx: number, ip: number, type: number, code: number, info: number, meta: number, l2bcast: boolean, from: number, quote: number, opts: number): void {
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
    const hop = opts !== 0 ? srrFirstHop(ip, opts) : 0;
    const dst = hop !== 0 ? hop : ipv4Src(ip);
    const nh = routeLookup(ctx, dst);
    if (nh === NH_NONE) return;
    const n = nhPtr(ctx, nh);
    const kind = U8[n + NH_KIND];
    if (!nhIsUnicast(kind)) return;
    const src = from !== 0 ? from : icmpSource(ctx, n, kind);
    const b = U32[(ctx + NODE_SCRATCH0) >>> 2] + SLOT_HEADROOM + ETH_HDR_LEN;
    let ol = 0;
    if (opts !== 0) {
      ol = ipOptionsEcho(ctx, ip, opts, b + IPV4_HDR_LEN, src);
      if (ol === OPT_DROPPED) return;
    }
    const mtu = U32[(ifPtr(ctx, U16[(n + NH_OIF) >>> 1]) + IF_MTU) >>> 2];
    const room = (mtu < ICMP_ERROR_MAX ? mtu : ICMP_ERROR_MAX) - (IPV4_HDR_LEN + ol + ICMP_HDR_LEN);
    if (room <= IPV4_HDR_LEN) return;
    const copy = quote < room ? quote : room;
    const hl2 = IPV4_HDR_LEN + ol;
    const total = hl2 + ICMP_HDR_LEN + copy;
    const sum = ipv4PutVersionIhl(b)
      + ipv4PutTos(b, icmpErrorTos(ipv4Tos(ip)))
      + ipv4PutTotalLen(b, total)
      + ipv4PutId(b, nextIpId(ctx))
      + ipv4PutFlagsFrag(b, 0) // DF clear: the ICMP socket is IP_PMTUDISC_DONT
      + ipv4PutTtl(b, ICMP_ERROR_TTL)
      + ipv4PutProto(b, IPPROTO_ICMP)
      + ipv4PutSrc(b, src)
      + ipv4PutDst(b, dst);
    if (ol === 0) ipv4PutChecksum(b, sum);
    else {
      U8[b] = 0x40 | (hl2 >>> 2);
      ipv4FillChecksum(b);
    }
    const icmp = b + hl2;
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
