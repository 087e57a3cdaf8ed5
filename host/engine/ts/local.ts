// Twin of assembly/local.ts: delivery to the host stack (ip_local_deliver_finish →
// ip_protocol_deliver_rcu with nobody listening; the rules and their kernel functions are there).
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';
import * as IPV4 from './wire/ipv4.ts';
import { type Ipv4Fns } from './wire/ipv4.ts';
import * as ICMP from './wire/icmp.ts';
import { type IcmpFns } from './wire/icmp.ts';
import type { EndianFns } from './wire/endian.ts';
import type { ChecksumFns } from './wire/checksum.ts';
import type { CountersFns } from './counters.ts';
import type { ContextFns } from './context.ts';
import type { OutputFns } from './output.ts';
import * as ICMPERROR from './icmpError.ts';
import type { IcmpErrorFns } from './icmpError.ts';
import * as IPOPT from './ipOptions.ts';
import type { IpOptionsFns } from './ipOptions.ts';
import type { PmtuFns } from './tunnel/pmtu.ts';

const IPPROTO_IGMP = 2, IPPROTO_IPV6 = 41, IPPROTO_UDPLITE = 136, IPPROTO_MPLS = 137;
const ICMP_PROT_UNREACH = 2, ICMP_PORT_UNREACH = 3;
const UDP_HDR_LEN = 8;
/** This file's numbers as the factory's consts (V8 folds those). */
const NUMBERS = { IPPROTO_IGMP, IPPROTO_IPV6, IPPROTO_UDPLITE, IPPROTO_MPLS, ICMP_PROT_UNREACH, ICMP_PORT_UNREACH, UDP_HDR_LEN };

export function localFns(h: Heap, d: {
  ipv4: Ipv4Fns; icmp: IcmpFns; endian: EndianFns; checksum: ChecksumFns; counters: CountersFns;
  context: ContextFns; output: OutputFns; icmpError: IcmpErrorFns; ipOptions: IpOptionsFns; pmtu: PmtuFns;
}) {
  const { IPPROTO_IGMP, IPPROTO_IPV6, IPPROTO_UDPLITE, IPPROTO_MPLS, ICMP_PROT_UNREACH, ICMP_PORT_UNREACH, UDP_HDR_LEN } = NUMBERS;
  const { NH_NONE, NC_DELIVERED_HOST, NC_CREATED_ICMP, NC_ECHO_REPLIES, DROP_NO_ROUTE, NODE_SCRATCH0, SLOT_HEADROOM } = L;
  const { OPT_DROPPED } = IPOPT;
  const { IPV4_HDR_LEN, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, IPV4_BROADCAST } = IPV4;
  const { ICMP_HDR_LEN, ICMP_ECHO, ICMP_ECHO_REPLY, ICMP_TYPE, ICMP_DEST_UNREACH } = ICMP;
  const { ICMP_ERROR_TTL } = ICMPERROR;
  const { U8, U32 } = h;
  const {
    ipv4HeaderLen, ipv4Proto, ipv4Src, ipv4Dst, ipv4Tos, ipv4PutVersionIhl, ipv4PutTos,
    ipv4PutTotalLen, ipv4PutId, ipv4PutFlagsFrag, ipv4PutTtl, ipv4PutProto, ipv4PutSrc, ipv4PutDst,
    ipv4PutChecksum, ipv4FillChecksum,
  } = d.ipv4;
  const { icmpType, icmpChecksumOk, icmpFillChecksum } = d.icmp;
  const { ld16be } = d.endian;
  const { onesSum, foldSum } = d.checksum;
  const { countNode, dropRx, dropNode } = d.counters;
  const { routeLookup, nextIpId } = d.context;
  const { ipOutput } = d.output;
  const { icmpSendErrorQuote } = d.icmpError;
  const { ipOptionsEcho } = d.ipOptions;
  const { ipipErr } = d.pmtu;

  function localDeliver(ctx: number, inIf: number, ip: number, tl: number, meta: number, l2bcast: boolean, opts: number): void {
    countNode(ctx, NC_DELIVERED_HOST);
    const hl = ipv4HeaderLen(ip);
    const pl = tl - hl;
    const proto = ipv4Proto(ip);
    if (proto === IPPROTO_ICMP) {
      if (pl >= ICMP_HDR_LEN && ipv4Dst(ip) !== IPV4_BROADCAST && icmpType(ip + hl) === ICMP_DEST_UNREACH) {
        ipipErr(ctx, ip + hl, pl); // about a packet we sent: a tunnel's path MTU
        return;
      }
      icmpEchoReply(ctx, ip, hl, pl, meta, opts);
      return;
    }
    if (proto === IPPROTO_IGMP || proto === IPPROTO_TCP) return;
    const from = ipv4Dst(ip);
    if (proto === IPPROTO_UDP || proto === IPPROTO_UDPLITE) {
      const quote = udpNoSocket(ip, hl, pl, proto);
      if (quote !== 0) icmpSendErrorQuote(ctx, ip, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, meta, l2bcast, from, quote);
      return;
    }
    if (proto === IPPROTO_IPV6 || proto === IPPROTO_MPLS) {
      if (pl >= (proto === IPPROTO_IPV6 ? 40 : 4)) {
        icmpSendErrorQuote(ctx, ip, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, meta, l2bcast, from, tl);
      }
      return;
    }
    icmpSendErrorQuote(ctx, ip, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0, meta, l2bcast, from, tl);
  }

  function udpNoSocket(ip: number, hl: number, pl: number, proto: number): number {
    if (pl < UDP_HDR_LEN) return 0;
    const d = ip + hl;
    const ulen = ld16be(d + 4);
    const csum = ld16be(d + 6);
    if (ulen > pl) return 0;
    const pseudo = (ipv4Src(ip) >>> 16) + (ipv4Src(ip) & 0xffff) + (ipv4Dst(ip) >>> 16) + (ipv4Dst(ip) & 0xffff) + proto;
    if (proto === IPPROTO_UDP) {
      if (ulen < UDP_HDR_LEN) return 0;
      if (csum !== 0 && foldSum(onesSum(d, ulen, pseudo + ulen)) !== 0xffff) return 0;
      return hl + ulen;
    }
    if (csum === 0 || (ulen !== 0 && ulen < UDP_HDR_LEN)) return 0;
    const cover = ulen === 0 ? pl : ulen;
    if (foldSum(onesSum(d, cover, pseudo + pl)) !== 0xffff) return 0;
    return hl + pl;
  }

  function icmpEchoReply(ctx: number, ip: number, hl: number, icmpLen: number, meta: number, opts: number): void {
    if (icmpLen < ICMP_HDR_LEN || ipv4Dst(ip) === IPV4_BROADCAST) return;
    if (icmpType(ip + hl) !== ICMP_ECHO || !icmpChecksumOk(ip + hl, icmpLen)) return;
    const src = ipv4Dst(ip);
    const dst = ipv4Src(ip);
    const tos = ipv4Tos(ip);
    let ol = 0;
    const o = U32[(ctx + NODE_SCRATCH0) >>> 2] + SLOT_HEADROOM;
    if (opts !== 0) {
      ol = ipOptionsEcho(ctx, ip, opts, o, src);
      if (ol === OPT_DROPPED) return;
    }
    const rhl = IPV4_HDR_LEN + ol;
    if (hl !== rhl) U8.copyWithin(ip + rhl, ip + hl, ip + hl + icmpLen);
    if (ol !== 0) U8.copyWithin(ip + IPV4_HDR_LEN, o, o + ol);
    const shares = ipv4PutVersionIhl(ip)
      + ipv4PutTos(ip, tos)
      + ipv4PutTotalLen(ip, rhl + icmpLen)
      + ipv4PutId(ip, nextIpId(ctx))
      + ipv4PutFlagsFrag(ip, 0)
      + ipv4PutTtl(ip, ICMP_ERROR_TTL)
      + ipv4PutProto(ip, IPPROTO_ICMP)
      + ipv4PutSrc(ip, src)
      + ipv4PutDst(ip, dst);
    if (ol === 0) ipv4PutChecksum(ip, shares);
    else {
      U8[ip] = 0x40 | (rhl >>> 2);
      ipv4FillChecksum(ip);
    }
    U8[ip + rhl + ICMP_TYPE] = ICMP_ECHO_REPLY;
    icmpFillChecksum(ip + rhl, icmpLen);
    countNode(ctx, NC_CREATED_ICMP);
    countNode(ctx, NC_ECHO_REPLIES);
    const nh = routeLookup(ctx, dst);
    if (nh === NH_NONE) dropNode(ctx, DROP_NO_ROUTE);
    else ipOutput(ctx, ip, rhl + icmpLen, nh, meta);
  }
  return { localDeliver };
}
export type LocalFns = ReturnType<typeof localFns>;
