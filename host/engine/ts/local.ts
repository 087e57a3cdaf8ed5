// Twin of assembly/local.ts: delivery to the host stack (ip_local_deliver_finish →
// ip_protocol_deliver_rcu with nobody listening; the rules and their kernel functions are there).
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';
import * as IPV4 from './wire/ipv4.ts';
import { type Ipv4Fns } from './wire/ipv4.ts';
import * as ICMP from './wire/icmp.ts';
import * as ETH from './wire/ethernet.ts';
import { type IcmpFns } from './wire/icmp.ts';
import type { EndianFns } from './wire/endian.ts';
import type { ChecksumFns } from './wire/checksum.ts';
import type { CountersFns } from './counters.ts';
import type { ContextFns } from './context.ts';
import type { OutputFns } from './output.ts';
import * as ICMPERROR from './icmpError.ts';
import type { IcmpErrorFns } from './icmpError.ts';
import * as IPOPT from './ipOptionsEcho.ts';
import type { IpOptionsEchoFns } from './ipOptionsEcho.ts';
import type { PmtuFns } from './tunnel/pmtu.ts';
import type { NoTunnelFns } from './tunnel/noTunnel.ts';

const IPPROTO_IGMP = 2, IPPROTO_IPV6 = 41, IPPROTO_PIM = 103, IPPROTO_UDPLITE = 136, IPPROTO_MPLS = 137;
const ICMP_PROT_UNREACH = 2, ICMP_PORT_UNREACH = 3;
const UDP_HDR_LEN = 8;
const ICMP_TIMESTAMP = 13, ICMP_TIMESTAMPREPLY = 14, ICMP_TIMESTAMP_LEN = 20;
const TCP_HDR_LEN = 20, TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04, TCP_ACK = 0x10, TCP_DEFAULT_TTL = 64;
/** This file's numbers as the factory's consts (V8 folds those). */
const NUMBERS = {
  IPPROTO_IGMP, IPPROTO_IPV6, IPPROTO_PIM, IPPROTO_UDPLITE, IPPROTO_MPLS, ICMP_PROT_UNREACH, ICMP_PORT_UNREACH, UDP_HDR_LEN,
  ICMP_TIMESTAMP, ICMP_TIMESTAMPREPLY, ICMP_TIMESTAMP_LEN, TCP_HDR_LEN, TCP_FIN, TCP_SYN, TCP_RST, TCP_ACK, TCP_DEFAULT_TTL,
};

export function localFns(h: Heap, d: {
  ipv4: Ipv4Fns; icmp: IcmpFns; endian: EndianFns; checksum: ChecksumFns; counters: CountersFns;
  context: ContextFns; output: OutputFns; icmpError: IcmpErrorFns; ipOptionsEcho: IpOptionsEchoFns; pmtu: PmtuFns;
  noTunnel: NoTunnelFns;
}) {
  const {
    IPPROTO_IGMP, IPPROTO_IPV6, IPPROTO_PIM, IPPROTO_UDPLITE, IPPROTO_MPLS, ICMP_PROT_UNREACH, ICMP_PORT_UNREACH, UDP_HDR_LEN,
    ICMP_TIMESTAMP, ICMP_TIMESTAMPREPLY, ICMP_TIMESTAMP_LEN, TCP_HDR_LEN, TCP_FIN, TCP_SYN, TCP_RST, TCP_ACK, TCP_DEFAULT_TTL,
  } = NUMBERS;
  const {
    NH_NONE, NC_DELIVERED_HOST, NC_CREATED_ICMP, NC_CREATED_TCP, NC_ECHO_REPLIES, NC_DECAP, DROP_NO_ROUTE, NODE_SCRATCH0, NODE_DAY_MS,
    SLOT_HEADROOM, IF_TUNL0, IF_FLAGS, IFF_UP, IFF_PRESENT,
  } = L;
  const { OPT_DROPPED } = IPOPT;
  const { IPV4_HDR_LEN, IPV4_DF, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, IPV4_BROADCAST, ECN_MASK } = IPV4;
  const { ICMP_HDR_LEN, ICMP_ECHO, ICMP_ECHO_REPLY, ICMP_TYPE, ICMP_CODE, ICMP_DEST_UNREACH } = ICMP;
  const { ICMP_ERROR_TTL } = ICMPERROR;
  const { ETH_HDR_LEN } = ETH;
  const { U8, U32 } = h;
  const {
    ipv4HeaderLen, ipv4Proto, ipv4Src, ipv4Dst, ipv4Tos, ipv4PutVersionIhl, ipv4PutTos,
    ipv4PutTotalLen, ipv4PutId, ipv4PutFlagsFrag, ipv4PutTtl, ipv4PutProto, ipv4PutSrc, ipv4PutDst,
    ipv4PutChecksum, ipv4FillChecksum,
  } = d.ipv4;
  const { icmpType, icmpChecksumOk, icmpFillChecksum } = d.icmp;
  const { ld16be, ld32be, st16be, st32be } = d.endian;
  const { onesSum, foldSum } = d.checksum;
  const { countNode, dropRx, dropNode, ifReceived } = d.counters;
  const { ipipTunnelUp } = d.noTunnel;
  const { routeLookup, nextIpId, ifPtr } = d.context;
  const { ipOutput } = d.output;
  const { icmpSendErrorQuote } = d.icmpError;
  const { ipOptionsEcho } = d.ipOptionsEcho;
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
      icmpReply(ctx, ip, hl, pl, meta, opts);
      return;
    }
    if (proto === IPPROTO_TCP) {
      if (!l2bcast) tcpNoSocket(ctx, ip, hl, pl, meta, opts); // tcp_v4_rcv: PACKET_HOST only
      return;
    }
    if (proto === IPPROTO_IGMP || proto === IPPROTO_PIM) return; // igmp_rcv, pim_rcv: silent (see the AS twin)
    const from = ipv4Dst(ip);
    if (proto === IPPROTO_UDP || proto === IPPROTO_UDPLITE) {
      const quote = udpNoSocket(ip, hl, pl, proto);
      if (quote !== 0) icmpSendErrorQuote(ctx, ip, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, meta, l2bcast, from, quote, opts);
      return;
    }
    if ((proto === IPPROTO_IPV6 || proto === IPPROTO_MPLS) && tunnel4Loaded(ctx)) {
      if (pl < (proto === IPPROTO_IPV6 ? 40 : 4)) return;
      if (proto === IPPROTO_MPLS && ipipTunnelUp(ctx)) { // mplsip_rcv → ipip_tunnel_rcv → ip_tunnel_rcv
        countNode(ctx, NC_DECAP);
        ifReceived(ctx, IF_TUNL0, ip + hl, pl);
        return;
      }
      icmpSendErrorQuote(ctx, ip, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, meta, l2bcast, from, tl, opts);
      return;
    }
    icmpSendErrorQuote(ctx, ip, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0, meta, l2bcast, from, tl, opts);
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

  function tunnel4Loaded(ctx: number): boolean {
    return (U32[(ifPtr(ctx, IF_TUNL0) + IF_FLAGS) >>> 2] & (IFF_UP | IFF_PRESENT)) !== 0;
  }

  function icmpReply(ctx: number, ip: number, hl: number, icmpLen: number, meta: number, opts: number): void {
    if (icmpLen < ICMP_HDR_LEN || ipv4Dst(ip) === IPV4_BROADCAST) return;
    const type = icmpType(ip + hl);
    if (type !== ICMP_ECHO && type !== ICMP_TIMESTAMP) return;
    if (!icmpChecksumOk(ip + hl, icmpLen)) return;
    if (type === ICMP_ECHO) {
      const rhl = answerHeader(ctx, ip, ip, hl, icmpLen, icmpLen, opts, IPPROTO_ICMP, ipv4Tos(ip), false, ICMP_ERROR_TTL);
      if (rhl === OPT_DROPPED) return;
      U8[ip + rhl + ICMP_TYPE] = ICMP_ECHO_REPLY;
      icmpFillChecksum(ip + rhl, icmpLen);
      countNode(ctx, NC_ECHO_REPLIES);
      answerSend(ctx, ip, rhl + icmpLen, meta, NC_CREATED_ICMP);
      return;
    }
    if (icmpLen < ICMP_HDR_LEN + 4) return;
    const idSeq = ld32be(ip + hl + 4);
    const originate = ld32be(ip + hl + 8);
    const b = U32[(ctx + NODE_SCRATCH0) >>> 2] + SLOT_HEADROOM + ETH_HDR_LEN;
    const rhl = answerHeader(ctx, ip, b, hl, ICMP_TIMESTAMP_LEN, 0, opts, IPPROTO_ICMP, ipv4Tos(ip), false, ICMP_ERROR_TTL);
    if (rhl === OPT_DROPPED) return;
    const m = b + rhl;
    const now = U32[(ctx + NODE_DAY_MS) >>> 2];
    U8[m + ICMP_TYPE] = ICMP_TIMESTAMPREPLY;
    U8[m + ICMP_CODE] = 0;
    st32be(m + 4, idSeq);
    st32be(m + 8, originate);
    st32be(m + 12, now);
    st32be(m + 16, now);
    icmpFillChecksum(m, ICMP_TIMESTAMP_LEN);
    answerSend(ctx, b, rhl + ICMP_TIMESTAMP_LEN, meta, NC_CREATED_ICMP);
  }

  function tcpNoSocket(ctx: number, ip: number, hl: number, pl: number, meta: number, opts: number): void {
    if (pl < TCP_HDR_LEN) return;
    const t = ip + hl;
    const doff = (U8[t + 12] >>> 4) << 2;
    if (doff < TCP_HDR_LEN || doff > pl) return;
    const saddr = ipv4Src(ip);
    const daddr = ipv4Dst(ip);
    const pseudo = (saddr >>> 16) + (saddr & 0xffff) + (daddr >>> 16) + (daddr & 0xffff) + IPPROTO_TCP + pl;
    if (foldSum(onesSum(t, pl, pseudo)) !== 0xffff) return;
    const flags = U8[t + 13];
    if ((flags & TCP_RST) !== 0 || daddr === IPV4_BROADCAST) return;
    const sport = ld16be(t);
    const dport = ld16be(t + 2);
    const seq = ld32be(t + 4);
    const ackSeq = ld32be(t + 8);
    const rhl = answerHeader(ctx, ip, ip, hl, TCP_HDR_LEN, 0, opts, IPPROTO_TCP, ipv4Tos(ip) & ~ECN_MASK, true, TCP_DEFAULT_TTL);
    if (rhl === OPT_DROPPED) return;
    const r = ip + rhl;
    st16be(r, dport);
    st16be(r + 2, sport);
    if ((flags & TCP_ACK) !== 0) {
      st32be(r + 4, ackSeq);
      st32be(r + 8, 0);
      U8[r + 13] = TCP_RST;
    } else {
      const syn = (flags & TCP_SYN) !== 0 ? 1 : 0;
      const fin = (flags & TCP_FIN) !== 0 ? 1 : 0;
      st32be(r + 4, 0);
      st32be(r + 8, (seq + syn + fin + (pl - doff)) >>> 0);
      U8[r + 13] = TCP_RST | TCP_ACK;
    }
    U8[r + 12] = 5 << 4;
    st32be(r + 14, 0);
    st16be(r + 18, 0);
    st16be(r + 16, ~foldSum(onesSum(r, TCP_HDR_LEN, (saddr >>> 16) + (saddr & 0xffff) + (daddr >>> 16) + (daddr & 0xffff) + IPPROTO_TCP + TCP_HDR_LEN)) & 0xffff);
    answerSend(ctx, ip, rhl + TCP_HDR_LEN, meta, NC_CREATED_TCP);
  }

  function answerHeader(ctx: number, ip: number, out: number, hl: number, len: number, move: number, opts: number, proto: number, tos: number, df: boolean, ttl: number): number {
    const src = ipv4Dst(ip);
    const dst = ipv4Src(ip);
    let ol = 0;
    const o = out === ip ? U32[(ctx + NODE_SCRATCH0) >>> 2] + SLOT_HEADROOM : out + IPV4_HDR_LEN;
    if (opts !== 0) {
      ol = ipOptionsEcho(ctx, ip, opts, o, src);
      if (ol === OPT_DROPPED) return OPT_DROPPED;
    }
    const rhl = IPV4_HDR_LEN + ol;
    if (move !== 0 && (out !== ip || hl !== rhl)) U8.copyWithin(out + rhl, ip + hl, ip + hl + move);
    if (ol !== 0 && out === ip) U8.copyWithin(out + IPV4_HDR_LEN, o, o + ol);
    const shares = ipv4PutVersionIhl(out)
      + ipv4PutTos(out, tos)
      + ipv4PutTotalLen(out, rhl + len)
      + ipv4PutId(out, df ? 0 : nextIpId(ctx))
      + ipv4PutFlagsFrag(out, df ? IPV4_DF : 0)
      + ipv4PutTtl(out, ttl)
      + ipv4PutProto(out, proto)
      + ipv4PutSrc(out, src)
      + ipv4PutDst(out, dst);
    if (ol === 0) ipv4PutChecksum(out, shares);
    else {
      U8[out] = 0x40 | (rhl >>> 2);
      ipv4FillChecksum(out);
    }
    return rhl;
  }

  function answerSend(ctx: number, ip: number, tl: number, meta: number, created: number): void {
    countNode(ctx, created);
    const nh = routeLookup(ctx, ipv4Dst(ip));
    if (nh === NH_NONE) dropNode(ctx, DROP_NO_ROUTE);
    else ipOutput(ctx, ip, tl, nh, meta);
  }
  return { localDeliver };
}
export type LocalFns = ReturnType<typeof localFns>;
