// Delivery to the host stack for packets addressed to one of the node's own addresses
// (ens160 IP, tunl0 IP, kube-ipvs0 service IPs, 127/8). IPIP is handled before this
// (tunnel/ipip.ts). A node runs no listening socket the simulator knows of, so what it does
// is what ip_local_deliver_finish → ip_protocol_deliver_rcu does with nobody listening:
//
//   ICMP 1      icmp_rcv: echo → icmp_echo → icmp_reply: reply src = the address that was
//               pinged, dst = the sender, TOS = the request's TOS, TTL 64, DF clear (ICMP
//               socket: IP_PMTUDISC_DONT), ID from the node's sequence, type 0 with
//               code/identifier/sequence/data copied, checksum recomputed in full; a request
//               that is truncated or fails the ICMP checksum is dropped (icmp_rcv). The
//               request's record route and timestamp options are echoed (ip_options_echo),
//               each with one more entry: the reply's source, the node's clock.
//               timestamp → icmp_timestamp → icmp_reply, the same way: type 14, code 0,
//               identifier/sequence/originate copied, receive = transmit = the node's clock
//               (inet_current_timestamp, NODE_DAY_MS); under 4 octets after the header: none
//   IGMP 2      igmp_rcv: nothing joined, nothing answered
//   TCP 6       tcp_v4_rcv: no socket → tcp_v4_send_reset (tcpNoSocket below), unless the
//               frame was not for this host's MAC, the segment is short, its data offset is
//               bad, its checksum fails, or it is a reset
//   UDP 17      __udp4_lib_rcv: no socket → ICMP 3/3 (port unreachable), unless short or with a
//               bad checksum (0 = none over IPv4, udp4_csum_init); the quote ends at the UDP
//               length (pskb_trim_rcsum)
//   UDP-Lite 136  the same with udplite_checksum_init's coverage rules (0 is not allowed)
//   IPv6 41, MPLS 137   tunnel4 (loaded with ipip.ko) has a handler: tunnel64_rcv /
//               tunnelmpls4_rcv pull the inner header (40 / 4 octets, else a silent drop);
//               no sit.ko, so nothing takes IPv6 → ICMP 3/3; MPLS goes to ipip.ko's
//               mplsip_rcv, and an up tunl0 (the fallback device, protocol "any") takes it:
//               ip_tunnel_rcv hands it to the stack as received on tunl0 (tcpdump there sees
//               it), where no MPLS handler is (mpls_router not loaded); with tunl0 down →
//               3/3. Without ipip.ko (every pool ipipMode Never: no tunl0, not even a down
//               one) they are "others"
//   others      ip_protocol_deliver_rcu: no handler → ICMP 3/2 (protocol unreachable)
//
// Every error about a locally delivered packet is sent from the address it was sent to
// (__icmp_send: the input route is RTCF_LOCAL, so saddr = iph->daddr), not from the route
// back's preferred source. A fragment never gets here: ip_local_deliver reassembles first
// (reasm.ts, from forward.ts), and what arrives is the whole datagram.

import {
  NH_NONE, NC_DELIVERED_HOST, NC_CREATED_ICMP, NC_CREATED_TCP, NC_ECHO_REPLIES, NC_DECAP, DROP_NO_ROUTE,
  NODE_SCRATCH0, NODE_DAY_MS, SLOT_HEADROOM, IF_TUNL0, IF_FLAGS, IFF_UP, IFF_PRESENT,
} from './layout';
import {
  ipv4HeaderLen, ipv4Proto, ipv4Src, ipv4Dst, ipv4Tos,
  ipv4PutVersionIhl, ipv4PutTos, ipv4PutTotalLen, ipv4PutId, ipv4PutFlagsFrag, ipv4PutTtl,
  ipv4PutProto, ipv4PutSrc, ipv4PutDst, ipv4PutChecksum, ipv4FillChecksum,
  IPV4_HDR_LEN, IPV4_DF, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, IPV4_BROADCAST, ECN_MASK,
} from './wire/ipv4';
import {
  icmpType, icmpChecksumOk, icmpFillChecksum, ICMP_HDR_LEN, ICMP_ECHO, ICMP_ECHO_REPLY, ICMP_TYPE,
  ICMP_DEST_UNREACH, ICMP_CODE,
} from './wire/icmp';
import { ETH_HDR_LEN } from './wire/ethernet';
import { ld16be, ld32be, st16be, st32be } from './wire/endian';
import { onesSum, foldSum } from './wire/checksum';
import { countNode, dropRx, dropNode, ifReceived, CaptureOn } from './counters';
import { ipipTunnelUp } from './tunnel/noTunnel';
import { routeLookup, nextIpId, ifPtr } from './context';
import { ipOutput } from './output';
import { ICMP_ERROR_TTL, icmpSendErrorQuote } from './icmpError';
import { ipipErr } from './tunnel/pmtu';
import { ipOptionsEcho, OPT_DROPPED } from './ipOptionsEcho';

// @ts-ignore: decorator
@inline const IPPROTO_IGMP: u32 = 2;
// @ts-ignore: decorator
@inline const IPPROTO_IPV6: u32 = 41;
// @ts-ignore: decorator
@inline const IPPROTO_PIM: u32 = 103;
// @ts-ignore: decorator
@inline const IPPROTO_UDPLITE: u32 = 136;
// @ts-ignore: decorator
@inline const IPPROTO_MPLS: u32 = 137;
// @ts-ignore: decorator
@inline const ICMP_PROT_UNREACH: u32 = 2;
// @ts-ignore: decorator
@inline const ICMP_PORT_UNREACH: u32 = 3;
// @ts-ignore: decorator
@inline const UDP_HDR_LEN: u32 = 8;
// @ts-ignore: decorator
@inline const ICMP_TIMESTAMP: u32 = 13;
// @ts-ignore: decorator
@inline const ICMP_TIMESTAMPREPLY: u32 = 14;
// @ts-ignore: decorator
@inline const ICMP_TIMESTAMP_LEN: u32 = 20; // the header, originate, receive, transmit
// @ts-ignore: decorator
@inline const TCP_HDR_LEN: u32 = 20; // doff 5
// @ts-ignore: decorator
@inline const TCP_FIN: u32 = 0x01;
// @ts-ignore: decorator
@inline const TCP_SYN: u32 = 0x02;
// @ts-ignore: decorator
@inline const TCP_RST: u32 = 0x04;
// @ts-ignore: decorator
@inline const TCP_ACK: u32 = 0x10;
// @ts-ignore: decorator
@inline const TCP_DEFAULT_TTL: u32 = 64; // the control socket's: sysctl_ip_default_ttl

/** `opts`: what ipOptionsRcv compiled from the packet's options (0 without options). */
export function localDeliver(ctx: usize, inIf: u32, ip: usize, tl: u32, meta: u32, l2bcast: bool, opts: u32): void {
  countNode(ctx, NC_DELIVERED_HOST);
  const hl = ipv4HeaderLen(ip);
  const pl = tl - hl;
  const proto = ipv4Proto(ip);
  if (proto == IPPROTO_ICMP) {
    if (pl >= ICMP_HDR_LEN && ipv4Dst(ip) != IPV4_BROADCAST && icmpType(ip + hl) == ICMP_DEST_UNREACH) {
      ipipErr(ctx, ip + hl, pl); // about a packet we sent: a tunnel's path MTU (tunnel/pmtu.ts)
      return;
    }
    icmpReply(ctx, ip, hl, pl, meta, opts);
    return;
  }
  if (proto == IPPROTO_TCP) {
    if (!l2bcast) tcpNoSocket(ctx, ip, hl, pl, meta, opts); // tcp_v4_rcv: PACKET_HOST only
    return;
  }
  // igmp_rcv: nothing joined here answers; pim_rcv (ipmr.c: Debian builds IP_MROUTE and
  // IP_PIMSM_V2 in, and ip_mr_init registers it at boot) drops anything but a register, and a
  // register too without a multicast routing daemon's register vif: no 3/2 for either
  if (proto == IPPROTO_IGMP || proto == IPPROTO_PIM) return;
  const from = ipv4Dst(ip);
  if (proto == IPPROTO_UDP || proto == IPPROTO_UDPLITE) {
    const quote = udpNoSocket(ip, hl, pl, proto);
    if (quote != 0) icmpSendErrorQuote(ctx, ip, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, meta, l2bcast, from, quote, opts);
    return;
  }
  if ((proto == IPPROTO_IPV6 || proto == IPPROTO_MPLS) && tunnel4Loaded(ctx)) { // tunnel64_rcv, tunnelmpls4_rcv: pskb_may_pull
    if (pl < (proto == IPPROTO_IPV6 ? <u32>40 : <u32>4)) return;
    if (proto == IPPROTO_MPLS && ipipTunnelUp(ctx)) { // mplsip_rcv → ipip_tunnel_rcv → ip_tunnel_rcv
      countNode(ctx, NC_DECAP);
      ifReceived(ctx, IF_TUNL0, ip + hl, pl);
      return;
    }
    icmpSendErrorQuote(ctx, ip, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, meta, l2bcast, from, tl, opts);
    return;
  }
  icmpSendErrorQuote(ctx, ip, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0, meta, l2bcast, from, tl, opts);
}

/** __udp4_lib_rcv with no socket: the octets ICMP 3/3 quotes (the IP header and the datagram
 *  up to its UDP length for UDP, the whole packet for UDP-Lite), or 0 when it is dropped
 *  silently (short, or a checksum that fails: udp4_csum_init / udplite_checksum_init). */
function udpNoSocket(ip: usize, hl: u32, pl: u32, proto: u32): u32 {
  if (pl < UDP_HDR_LEN) return 0;
  const d = ip + hl;
  const ulen = <u32>ld16be(d + 4); // UDP: length; UDP-Lite: checksum coverage
  const csum = <u32>ld16be(d + 6);
  if (ulen > pl) return 0;
  const pseudo = (ipv4Src(ip) >>> 16) + (ipv4Src(ip) & 0xffff) + (ipv4Dst(ip) >>> 16) + (ipv4Dst(ip) & 0xffff) + proto;
  if (proto == IPPROTO_UDP) {
    if (ulen < UDP_HDR_LEN) return 0;
    if (csum != 0 && foldSum(onesSum(d, ulen, pseudo + ulen)) != 0xffff) return 0;
    return hl + ulen;
  }
  if (csum == 0 || (ulen != 0 && ulen < UDP_HDR_LEN)) return 0; // UDP-Lite: the checksum is mandatory
  const cover = ulen == 0 ? pl : ulen;
  if (foldSum(onesSum(d, cover, pseudo + pl)) != 0xffff) return 0;
  return hl + pl;
}

/** Is tunnel4 there, its handlers for protocols 4, 41 and 137 registered? ipip.ko loads it, and
 *  a host of a cluster with ipip.ko has a tunl0, up or at least present (plan.ts). */
// @ts-ignore: decorator
@inline function tunnel4Loaded(ctx: usize): bool {
  return (load<u32>(ifPtr(ctx, IF_TUNL0), IF_FLAGS) & (IFF_UP | IFF_PRESENT)) != 0;
}

/** icmp_rcv → icmp_echo / icmp_timestamp → icmp_reply: a request with a good checksum, not to a
 *  broadcast address (icmp_echo_ignore_broadcasts), is answered; everything else is not. */
function icmpReply(ctx: usize, ip: usize, hl: u32, icmpLen: u32, meta: u32, opts: u32): void {
  if (icmpLen < ICMP_HDR_LEN || ipv4Dst(ip) == IPV4_BROADCAST) return;
  const type = icmpType(ip + hl);
  if (type != ICMP_ECHO && type != ICMP_TIMESTAMP) return;
  if (!icmpChecksumOk(ip + hl, icmpLen)) return;
  if (type == ICMP_ECHO) { // the request becomes its reply
    const rhl = answerHeader(ctx, ip, ip, hl, icmpLen, icmpLen, opts, IPPROTO_ICMP, ipv4Tos(ip), false, ICMP_ERROR_TTL);
    if (rhl == OPT_DROPPED) return; // icmp_reply: ip_options_echo failed, no answer
    store<u8>(ip + rhl, <u8>ICMP_ECHO_REPLY, ICMP_TYPE);
    icmpFillChecksum(ip + rhl, icmpLen);
    countNode(ctx, NC_ECHO_REPLIES);
    answerSend(ctx, ip, rhl + icmpLen, meta, NC_CREATED_ICMP);
    return;
  }
  if (icmpLen < ICMP_HDR_LEN + 4) return; // icmp_timestamp: skb->len < 4, ICMP_MIB_INERRORS
  const idSeq = ld32be(ip + hl + 4); // identifier | sequence
  const originate = ld32be(ip + hl + 8);
  // 20 octets may not fit where the request was (12 are enough for it): built in scratch slot 0,
  // as an ICMP error is
  const b = <usize>load<u32>(ctx, NODE_SCRATCH0) + SLOT_HEADROOM + ETH_HDR_LEN;
  const rhl = answerHeader(ctx, ip, b, hl, ICMP_TIMESTAMP_LEN, 0, opts, IPPROTO_ICMP, ipv4Tos(ip), false, ICMP_ERROR_TTL);
  if (rhl == OPT_DROPPED) return;
  const m = b + rhl;
  const now = load<u32>(ctx, NODE_DAY_MS); // inet_current_timestamp
  store<u8>(m, <u8>ICMP_TIMESTAMPREPLY, ICMP_TYPE);
  store<u8>(m, 0, ICMP_CODE);
  st32be(m + 4, idSeq);
  st32be(m + 8, originate);
  st32be(m + 12, now);
  st32be(m + 16, now);
  icmpFillChecksum(m, ICMP_TIMESTAMP_LEN);
  answerSend(ctx, b, rhl + ICMP_TIMESTAMP_LEN, meta, NC_CREATED_ICMP);
}

/** tcp_v4_rcv with no socket → tcp_v4_send_reset, through the namespace's TCP control socket
 *  (ip_send_unicast_reply), in place:
 *
 *    the segment                        its reset (doff 5, no options, window 0)
 *    ┌──────┬──────┬─────┬─────┬─────┐    ┌──────┬──────┬─────────┬─────────────────┬──────────┐
 *    │sport │dport │ seq │ ack │flags│ ─► │dport │sport │ACK? ack │ACK? 0 : seq+SYN │ACK? RST  │
 *    └──────┴──────┴─────┴─────┴─────┘    │      │      │ : 0     │  +FIN+data      │ : RST|ACK│
 *                                         └──────┴──────┴─────────┴─────────────────┴──────────┘
 *  IP: from the address the segment was sent to, TOS without ECN, DF (IP_PMTUDISC_DO) and so
 *  ID 0 (ip_select_ident: DF, no connected socket), TTL 64, the segment's options echoed.
 *  Nothing for a short segment, a data offset under 5 or past the end, a bad checksum (all
 *  three bad_packet / csum_error) or a reset. A broadcast never gets here (forward.ts). */
function tcpNoSocket(ctx: usize, ip: usize, hl: u32, pl: u32, meta: u32, opts: u32): void {
  if (pl < TCP_HDR_LEN) return;
  const t = ip + hl;
  const doff = (<u32>load<u8>(t + 12) >>> 4) << 2;
  if (doff < TCP_HDR_LEN || doff > pl) return;
  const saddr = ipv4Src(ip);
  const daddr = ipv4Dst(ip);
  const pseudo = (saddr >>> 16) + (saddr & 0xffff) + (daddr >>> 16) + (daddr & 0xffff) + IPPROTO_TCP + pl;
  if (foldSum(onesSum(t, pl, pseudo)) != 0xffff) return; // skb_checksum_init / tcp_checksum_complete
  const flags = <u32>load<u8>(t + 13);
  if ((flags & TCP_RST) != 0 || daddr == IPV4_BROADCAST) return; // not RTN_LOCAL: no reset
  const sport = ld16be(t);
  const dport = ld16be(t + 2);
  const seq = ld32be(t + 4);
  const ackSeq = ld32be(t + 8);
  const rhl = answerHeader(ctx, ip, ip, hl, TCP_HDR_LEN, 0, opts, IPPROTO_TCP, ipv4Tos(ip) & ~ECN_MASK, true, TCP_DEFAULT_TTL);
  if (rhl == OPT_DROPPED) return; // ip_send_unicast_reply: __ip_options_echo failed
  const r = ip + rhl;
  st16be(r, dport);
  st16be(r + 2, sport);
  if ((flags & TCP_ACK) != 0) {
    st32be(r + 4, ackSeq);
    st32be(r + 8, 0);
    store<u8>(r + 13, <u8>TCP_RST);
  } else {
    const syn: u32 = (flags & TCP_SYN) != 0 ? 1 : 0;
    const fin: u32 = (flags & TCP_FIN) != 0 ? 1 : 0;
    st32be(r + 4, 0);
    st32be(r + 8, seq + syn + fin + (pl - doff));
    store<u8>(r + 13, <u8>(TCP_RST | TCP_ACK));
  }
  store<u8>(r + 12, <u8>(5 << 4));
  st32be(r + 14, 0); // window 0, checksum 0 while summing
  st16be(r + 18, 0); // urgent pointer
  // the reset goes from daddr to saddr: the same pseudo-header sum
  st16be(r + 16, ~foldSum(onesSum(r, TCP_HDR_LEN, (saddr >>> 16) + (saddr & 0xffff) + (daddr >>> 16) + (daddr & 0xffff) + IPPROTO_TCP + TCP_HDR_LEN)) & 0xffff);
  answerSend(ctx, ip, rhl + TCP_HDR_LEN, meta, NC_CREATED_TCP);
}

/** The IP header of an answer to `ip` from the address it was sent to, written at `out`: over
 *  the request itself (`out` = `ip`: its options echoed by ip_options_echo are built in scratch
 *  slot 0 first, and are never longer than the request's), or in scratch slot 0; then `move`
 *  octets of the request's payload moved behind it; `len` is the answer's payload length. `df`: the socket is IP_PMTUDISC_DO and unconnected, so
 *  ip_select_ident gives ID 0; else (ICMP: IP_PMTUDISC_DONT) the ID comes from the node's
 *  sequence. Returns the header length, or OPT_DROPPED. */
function answerHeader(ctx: usize, ip: usize, out: usize, hl: u32, len: u32, move: u32, opts: u32, proto: u32, tos: u32, df: bool, ttl: u32): u32 {
  const src = ipv4Dst(ip);
  const dst = ipv4Src(ip);
  let ol: u32 = 0;
  const o = out == ip ? <usize>load<u32>(ctx, NODE_SCRATCH0) + SLOT_HEADROOM : out + IPV4_HDR_LEN;
  if (opts != 0) {
    ol = ipOptionsEcho(ctx, ip, opts, o, src);
    if (ol == OPT_DROPPED) return OPT_DROPPED;
  }
  const rhl = IPV4_HDR_LEN + ol;
  if (move != 0 && (out != ip || hl != rhl)) memory.copy(out + rhl, ip + hl, move);
  if (ol != 0 && out == ip) memory.copy(out + IPV4_HDR_LEN, o, ol);
  const shares = ipv4PutVersionIhl(out)
    + ipv4PutTos(out, tos)
    + ipv4PutTotalLen(out, rhl + len)
    + ipv4PutId(out, df ? 0 : nextIpId(ctx))
    + ipv4PutFlagsFrag(out, df ? IPV4_DF : 0)
    + ipv4PutTtl(out, ttl)
    + ipv4PutProto(out, proto)
    + ipv4PutSrc(out, src)
    + ipv4PutDst(out, dst);
  if (ol == 0) ipv4PutChecksum(out, shares);
  else { // IHL > 5: the options are in the sum too
    store<u8>(out, <u8>(0x40 | (rhl >>> 2)));
    ipv4FillChecksum(out);
  }
  return rhl;
}

/** Counted as created (`created`: NC_CREATED_ICMP or NC_CREATED_TCP) and routed to its
 *  destination like any locally generated packet. */
function answerSend(ctx: usize, ip: usize, tl: u32, meta: u32, created: u32): void {
  countNode(ctx, created);
  const nh = routeLookup(ctx, ipv4Dst(ip));
  if (nh == NH_NONE) dropNode(ctx, DROP_NO_ROUTE);
  else ipOutput<CaptureOn>(ctx, ip, tl, nh, meta);
}
