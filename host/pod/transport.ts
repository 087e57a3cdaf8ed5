// What a pod does with a packet addressed to it once it is whole (ip_local_deliver_finish →
// ip_protocol_deliver_rcu), protocol by protocol. A pod has no listening TCP or UDP sockets;
// its sockets are busybox ping's raw ICMP ones, which get a copy of every ICMP packet
// (raw_local_deliver) before icmp_rcv looks at it, and the TCP ones of tcp.ts (wget, nc, the
// HTTP responder); a segment no TCP socket takes is answered as below.
//
//   ICMP 1      icmp_rcv: a wrong checksum drops it (skb_checksum_simple_validate); echo →
//               reply (icmp_echo: the header copied, type 0, code kept), timestamp → reply
//               (icmp_timestamp), anything else is only seen by the sockets
//   IGMP 2      igmp_rcv: nothing joined, nothing answered
//   PIM 103     pim_rcv (ipmr.c, built into Debian's kernel and registered at boot): anything
//               but a register is dropped, and a register too without a multicast routing
//               daemon: nothing answered
//   TCP 6       tcp_v4_rcv → no socket → tcp_v4_send_reset, unless the segment is not for
//               this host's MAC, is short, has a bad data offset or checksum, or is a reset
//   UDP 17      __udp4_lib_rcv → no socket → ICMP 3/3 (port unreachable), unless short or
//               with a bad checksum (0 = none over IPv4, udp4_csum_init)
//   UDP-Lite 136  the same with udplite_checksum_init's coverage rules (0 is not allowed)
//   IPIP 4, IPv6 41, MPLS 137   when tunnel4 is loaded on the host (ipip.ko: a cluster with
//               tunnels) its handlers are per protocol, not per namespace: no tunnel in the pod
//               takes the packet, so tunnel4_rcv answers ICMP 3/3 (after pulling the inner
//               header it needs); without it (ipipMode Never everywhere) they are "others"
//   others      ICMP 3/2 (protocol unreachable)

import { internetChecksum, foldSum, onesSum } from '../net/checksum.ts';
import { ld16be } from '../net/endian.ts';
import {
  ICMP_DEST_UNREACH, ICMP_ECHO, ICMP_ECHO_REPLY, ICMP_EXC_FRAGTIME, ICMP_HDR_LEN, ICMP_PARAMETERPROB, ICMP_PORT_UNREACH,
  ICMP_TIME_EXCEEDED, NR_ICMP_UNREACH,
} from '../net/icmp.ts';
import { IPPROTO_ICMP, IPPROTO_IPIP, IPPROTO_TCP, IPPROTO_UDP, IPV4_HDR_LEN, ipv4PseudoSum } from '../net/ipv4.ts';
import { TCP_ACKF, TCP_FIN, TCP_RST, TCP_SYN, tcpParse, tcpSegment } from '../net/tcp.ts';
import { UDP_CSUM, UDP_HDR_LEN, UDP_LEN, udpChecksum } from '../net/udp.ts';
import type { Received } from './icmpError.ts';

export const IPPROTO_IGMP = 2, IPPROTO_IPV6 = 41, IPPROTO_PIM = 103, IPPROTO_UDPLITE = 136, IPPROTO_MPLS = 137;
const ICMP_PROT_UNREACH = 2;
const ICMP_TIMESTAMP = 13, ICMP_TIMESTAMPREPLY = 14;
const NR_ICMP_TYPES = 18;
const INET_ECN_MASK = 3;

export interface LocalHost {
  /** A copy to every raw ICMP socket. */
  toSockets(r: Received): void;
  /** __icmp_send about `r`, quoting `quoteLen` octets from its IP header on. */
  sendError(r: Received, type: number, code: number, rest: number, quoteLen: number): void;
  /** An answer to `r`'s sender from the address it was sent to, with `r`'s options echoed:
   *  `df` set means the socket is IP_PMTUDISC_DO and has no peer, so the IP ID is 0. */
  answer(r: Received, proto: number, payload: Uint8Array, tos: number, df: boolean): void;
  /** Milliseconds since midnight UTC (inet_current_timestamp). */
  msOfDay(): number;
  /** tcp_v4_rcv's socket lookup: true when a socket took the segment. */
  tcp?(r: Received): boolean;
  /** tcp_v4_err: an ICMP error quoting `quoted` (IP header and 8 octets or more of TCP). */
  tcpError?(quoted: Uint8Array, type: number, code: number): void;
  /** Are tunnel4's handlers registered (ipip.ko loaded)? Without them the tunnel protocols
   *  are protocols without a handler. Default true. */
  tunnel4?(): boolean;
}

export function transportInput(r: Received, h: LocalHost): void {
  const ip = r.ip;
  const wholeLen = ip.packet.length;
  const tunnel4 = h.tunnel4?.() ?? true;
  switch (tunnel4 ? ip.proto : ip.proto === IPPROTO_IPIP || ip.proto === IPPROTO_IPV6 || ip.proto === IPPROTO_MPLS ? -1 : ip.proto) {
    case IPPROTO_ICMP: return icmpInput(r, h);
    case IPPROTO_IGMP: return;
    case IPPROTO_PIM: return;
    case IPPROTO_TCP: return tcpInput(r, h);
    case IPPROTO_UDP: return udpInput(r, h);
    case IPPROTO_UDPLITE: return udpliteInput(r, h);
    case IPPROTO_IPIP: // tunnel4_rcv: pskb_may_pull(struct iphdr)
      if (ip.payload.length >= 20) h.sendError(r, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, wholeLen);
      return;
    case IPPROTO_IPV6: // tunnel64_rcv: pskb_may_pull(struct ipv6hdr)
      if (ip.payload.length >= 40) h.sendError(r, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, wholeLen);
      return;
    case IPPROTO_MPLS: // tunnelmpls4_rcv: pskb_may_pull(struct mpls_label)
      if (ip.payload.length >= 4) h.sendError(r, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, wholeLen);
      return;
    default:
      h.sendError(r, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0, wholeLen);
  }
}

function icmpInput(r: Received, h: LocalHost): void {
  const m = r.ip.payload;
  h.toSockets(r);
  if (m.length < ICMP_HDR_LEN || internetChecksum(m, 0, m.length) !== 0) return;
  const type = m[0];
  if (type > NR_ICMP_TYPES) return;
  if (type === ICMP_DEST_UNREACH || type === ICMP_TIME_EXCEEDED || type === ICMP_PARAMETERPROB) return icmpUnreach(m, h);
  if (type === ICMP_ECHO) {
    const reply = m.slice();
    reply[0] = ICMP_ECHO_REPLY;
    return void h.answer(r, IPPROTO_ICMP, withIcmpChecksum(reply), r.ip.tos, false);
  }
  if (type === ICMP_TIMESTAMP && m.length - ICMP_HDR_LEN >= 4) {
    // originate copied, receive = transmit = now
    const reply = new Uint8Array(ICMP_HDR_LEN + 12);
    reply.set(m.subarray(0, ICMP_HDR_LEN + 4));
    reply[0] = ICMP_TIMESTAMPREPLY;
    reply[1] = 0;
    const now = h.msOfDay();
    for (const at of [12, 16]) {
      reply[at] = now >>> 24;
      reply[at + 1] = (now >>> 16) & 0xff;
      reply[at + 2] = (now >>> 8) & 0xff;
      reply[at + 3] = now & 0xff;
    }
    h.answer(r, IPPROTO_ICMP, withIcmpChecksum(reply), r.ip.tos, false);
  }
}

/** icmp_unreach → icmp_socket_deliver: an error about a packet this namespace sent goes to the
 *  quoted protocol's err_handler. Only TCP's (tcp_v4_err) changes anything here: ping's raw
 *  socket has had its copy (toSockets), and UDP has no connected sockets to fail. */
function icmpUnreach(m: Uint8Array, h: LocalHost): void {
  const type = m[0], code = m[1];
  const quoted = m.subarray(ICMP_HDR_LEN);
  if (quoted.length < IPV4_HDR_LEN) return; // pskb_may_pull(struct iphdr)
  const ihl = (quoted[0] & 0xf) * 4;
  if (ihl < IPV4_HDR_LEN) return; // a mangled header
  if (type === ICMP_DEST_UNREACH && code > NR_ICMP_UNREACH) return;
  if (type === ICMP_TIME_EXCEEDED && code === ICMP_EXC_FRAGTIME) return;
  if (quoted.length < ihl + 8) return; // icmp_socket_deliver: the IP header and 8 octets
  if (quoted[9] === IPPROTO_TCP) h.tcpError?.(quoted, type, code);
}

function withIcmpChecksum(m: Uint8Array): Uint8Array {
  m[2] = 0;
  m[3] = 0;
  const c = internetChecksum(m, 0, m.length);
  m[2] = c >> 8;
  m[3] = c & 0xff;
  return m;
}

function udpInput(r: Received, h: LocalHost): void {
  const ip = r.ip;
  const d = ip.payload;
  if (d.length < UDP_HDR_LEN) return;
  const ulen = ld16be(d, UDP_LEN);
  if (ulen > d.length || ulen < UDP_HDR_LEN) return; // short_packet (the rest is trimmed off)
  if (ld16be(d, UDP_CSUM) !== 0 && udpChecksum(d, 0, ulen, { src: ip.src, dst: ip.dst }) !== 0) return;
  h.sendError(r, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, ip.hdrLen + ulen);
}

function udpliteInput(r: Received, h: LocalHost): void {
  const ip = r.ip;
  const d = ip.payload;
  if (d.length < UDP_HDR_LEN) return;
  const cscov = ld16be(d, UDP_LEN);
  if (cscov > d.length) return;
  if (ld16be(d, UDP_CSUM) === 0) return; // mandatory in UDP-Lite
  if (cscov !== 0 && cscov < UDP_HDR_LEN) return;
  const cover = cscov === 0 ? d.length : cscov;
  const sum = onesSum(d, 0, cover, ipv4PseudoSum(ip.src, ip.dst, IPPROTO_UDPLITE, d.length));
  if (foldSum(sum) !== 0xffff) return;
  h.sendError(r, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, ip.packet.length);
}

// tcp_v4_rcv → tcp_v4_send_reset (no socket): seq = their ack if ACK is set, else ACK of
// everything the segment occupied (seq + SYN + FIN + data); window 0; sent from the control
// socket: TOS without ECN, DF set, IP ID 0, TTL 64.
function tcpInput(r: Received, h: LocalHost): void {
  const ip = r.ip;
  if (!r.host) return;
  if (h.tcp?.(r)) return;
  const t = tcpParse(ip.payload, { src: ip.src, dst: ip.dst });
  if (typeof t === 'string' || t.flags & TCP_RST) return;
  const seg = (t.flags & TCP_ACKF)
    ? { seq: t.ack, ack: 0, flags: TCP_RST }
    : { seq: 0, ack: (t.seq + (t.flags & TCP_SYN ? 1 : 0) + (t.flags & TCP_FIN ? 1 : 0) + t.dataLen) >>> 0, flags: TCP_RST | TCP_ACKF };
  const rst = tcpSegment({ sport: t.dport, dport: t.sport, window: 0, ...seg }, { src: ip.dst, dst: ip.src });
  h.answer(r, IPPROTO_TCP, rst, ip.tos & ~INET_ECN_MASK, true);
}
