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
//               each with one more entry: the reply's source, the node's clock
//   IGMP 2      igmp_rcv: nothing joined, nothing answered
//   TCP 6       tcp_v4_rcv: no socket → tcp_v4_send_reset (not modelled: counted only)
//   UDP 17      __udp4_lib_rcv: no socket → ICMP 3/3 (port unreachable), unless short or with a
//               bad checksum (0 = none over IPv4, udp4_csum_init); the quote ends at the UDP
//               length (pskb_trim_rcsum)
//   UDP-Lite 136  the same with udplite_checksum_init's coverage rules (0 is not allowed)
//   IPv6 41, MPLS 137   tunnel4 (loaded with ipip.ko) has a handler and no tunnel takes the
//               packet: tunnel64_rcv / tunnelmpls4_rcv answer ICMP 3/3 once the inner header
//               they pull is there
//   others      ip_protocol_deliver_rcu: no handler → ICMP 3/2 (protocol unreachable)
//
// Every error about a locally delivered packet is sent from the address it was sent to
// (__icmp_send: the input route is RTCF_LOCAL, so saddr = iph->daddr), not from the route
// back's preferred source. A fragment never gets here: ip_local_deliver reassembles first
// (reasm.ts, from forward.ts), and what arrives is the whole datagram.

import {
  NH_NONE, NC_DELIVERED_HOST, NC_CREATED_ICMP, NC_ECHO_REPLIES, DROP_NO_ROUTE,
  NODE_SCRATCH0, SLOT_HEADROOM,
} from './layout';
import {
  ipv4HeaderLen, ipv4Proto, ipv4Src, ipv4Dst, ipv4Tos,
  ipv4PutVersionIhl, ipv4PutTos, ipv4PutTotalLen, ipv4PutId, ipv4PutFlagsFrag, ipv4PutTtl,
  ipv4PutProto, ipv4PutSrc, ipv4PutDst, ipv4PutChecksum, ipv4FillChecksum,
  IPV4_HDR_LEN, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, IPV4_BROADCAST,
} from './wire/ipv4';
import {
  icmpType, icmpChecksumOk, icmpFillChecksum, ICMP_HDR_LEN, ICMP_ECHO, ICMP_ECHO_REPLY, ICMP_TYPE,
  ICMP_DEST_UNREACH,
} from './wire/icmp';
import { ld16be } from './wire/endian';
import { onesSum, foldSum } from './wire/checksum';
import { countNode, dropRx, dropNode } from './counters';
import { routeLookup, nextIpId } from './context';
import { ipOutput } from './output';
import { ICMP_ERROR_TTL, icmpSendErrorQuote } from './icmpError';
import { ipipErr } from './tunnel/pmtu';
import { ipOptionsEcho, OPT_DROPPED } from './ipOptions';

// @ts-ignore: decorator
@inline const IPPROTO_IGMP: u32 = 2;
// @ts-ignore: decorator
@inline const IPPROTO_IPV6: u32 = 41;
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
    icmpEchoReply(ctx, ip, hl, pl, meta, opts);
    return;
  }
  if (proto == IPPROTO_IGMP || proto == IPPROTO_TCP) return;
  const from = ipv4Dst(ip);
  if (proto == IPPROTO_UDP || proto == IPPROTO_UDPLITE) {
    const quote = udpNoSocket(ip, hl, pl, proto);
    if (quote != 0) icmpSendErrorQuote(ctx, ip, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, meta, l2bcast, from, quote);
    return;
  }
  if (proto == IPPROTO_IPV6 || proto == IPPROTO_MPLS) { // tunnel64_rcv, tunnelmpls4_rcv: pskb_may_pull
    if (pl >= (proto == IPPROTO_IPV6 ? <u32>40 : <u32>4)) {
      icmpSendErrorQuote(ctx, ip, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, meta, l2bcast, from, tl);
    }
    return;
  }
  icmpSendErrorQuote(ctx, ip, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0, meta, l2bcast, from, tl);
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

/** icmp_echo → icmp_reply, in place: the request becomes its reply (the echoed options are
 *  built in scratch slot 0 first: they are never longer than the request's). */
function icmpEchoReply(ctx: usize, ip: usize, hl: u32, icmpLen: u32, meta: u32, opts: u32): void {
  if (icmpLen < ICMP_HDR_LEN || ipv4Dst(ip) == IPV4_BROADCAST) return;
  if (icmpType(ip + hl) != ICMP_ECHO || !icmpChecksumOk(ip + hl, icmpLen)) return;
  const src = ipv4Dst(ip);
  const dst = ipv4Src(ip);
  const tos = ipv4Tos(ip);
  let ol: u32 = 0;
  const o = <usize>load<u32>(ctx, NODE_SCRATCH0) + SLOT_HEADROOM;
  if (opts != 0) {
    ol = ipOptionsEcho(ctx, ip, opts, o, src);
    if (ol == OPT_DROPPED) return; // icmp_reply: ip_options_echo failed, no answer
  }
  const rhl = IPV4_HDR_LEN + ol;
  if (hl != rhl) memory.copy(ip + rhl, ip + hl, icmpLen);
  if (ol != 0) memory.copy(ip + IPV4_HDR_LEN, o, ol);
  const shares = ipv4PutVersionIhl(ip)
    + ipv4PutTos(ip, tos)
    + ipv4PutTotalLen(ip, rhl + icmpLen)
    + ipv4PutId(ip, nextIpId(ctx))
    + ipv4PutFlagsFrag(ip, 0)
    + ipv4PutTtl(ip, ICMP_ERROR_TTL)
    + ipv4PutProto(ip, IPPROTO_ICMP)
    + ipv4PutSrc(ip, src)
    + ipv4PutDst(ip, dst);
  if (ol == 0) ipv4PutChecksum(ip, shares);
  else { // IHL > 5: the options are in the sum too
    store<u8>(ip, <u8>(0x40 | (rhl >>> 2)));
    ipv4FillChecksum(ip);
  }
  store<u8>(ip + rhl, <u8>ICMP_ECHO_REPLY, ICMP_TYPE);
  icmpFillChecksum(ip + rhl, icmpLen);
  countNode(ctx, NC_CREATED_ICMP);
  countNode(ctx, NC_ECHO_REPLIES);
  const nh = routeLookup(ctx, dst);
  if (nh == NH_NONE) dropNode(ctx, DROP_NO_ROUTE);
  else ipOutput(ctx, ip, rhl + icmpLen, nh, meta);
}
