// The ICMP errors a pod sends about a packet it received, by __icmp_send's rules
// (net/ipv4/icmp.c):
// - never about a packet that came to a link-layer broadcast/multicast address
//   (pkt_type != PACKET_HOST) or to a broadcast/multicast IP address, nor about a fragment
//   other than the first, nor about an ICMP error (or an ICMP type above NR_ICMP_TYPES);
// - source: the address the packet was sent to when it is local (RTCF_LOCAL), otherwise the
//   address the route to the sender picks (the pod's own);
// - TOS (tos & IPTOS_TOS_MASK 0x1e) | IPTOS_PREC_INTERNETCONTROL 0xc0;
// - the offending packet's options answered as __ip_options_echo builds them (an echo that
//   fails means no error at all);
// - the quote: the packet from its IP header on, the whole message at most 576 octets
//   (min(dst_mtu, 576) − IP header with options − 8);
// - then as any datagram of the ICMP socket: TTL 64, DF clear, an IP ID from the counter.

import { icmpNoErrorAbout, icmpMessage } from '../net/icmp.ts';
import { IPPROTO_ICMP, IPV4_FRAG_OFFSET, IPV4_HDR_LEN, type Ipv4View } from '../net/ipv4.ts';
import type { Ip4 } from '../net/addr.ts';
import { optionsEcho, type IpOptions } from './options.ts';

const NR_ICMP_TYPES = 18;
const ICMP_MAX_MSG = 576; // RFC 1812 §4.3.2.3
const IPTOS_TOS_MASK = 0x1e, IPTOS_PREC_INTERNETCONTROL = 0xc0;

/** A packet as the pod's input path holds it: the header after ip_options_compile. */
export interface Received {
  ip: Ipv4View;
  opts: IpOptions;
  /** Came to the pod's own MAC (PACKET_HOST), not to a broadcast/multicast one. */
  host: boolean;
  /** Looped back inside the pod (a packet it sent to itself). */
  loopback: boolean;
}

export interface ErrorContext {
  podIp: Ip4;
  mtu: number;
  isLocal(addr: Ip4): boolean;
  isUnicast(addr: Ip4): boolean;
}

export interface IcmpErrorPacket {
  src: Ip4;
  dst: Ip4;
  tos: number;
  options: { data: Uint8Array; opts: IpOptions };
  message: Uint8Array;
}

export function isGroupAddress(a: Ip4): boolean {
  return a >>> 28 === 0xe || a === 0xffffffff;
}

/** __icmp_send: the error `type`/`code` with `rest` (the second word: pointer, MTU or 0)
 *  about `r`, quoting `quoteLen` octets of it from the IP header on; null when none is sent. */
export function icmpError(r: Received, type: number, code: number, rest: number, quoteLen: number, ctx: ErrorContext): IcmpErrorPacket | null {
  const ip = r.ip;
  if (!r.host || isGroupAddress(ip.dst)) return null;
  if ((ip.flagsFrag & IPV4_FRAG_OFFSET) !== 0) return null;
  if (ip.proto === IPPROTO_ICMP) {
    if (ip.payload.length < 1) return null;
    const inner = ip.payload[0];
    if (inner > NR_ICMP_TYPES || icmpNoErrorAbout(inner)) return null;
  }
  const options = optionsEcho(ip.packet, r.opts, ctx.isUnicast);
  if (!options) return null;
  const room = Math.min(ctx.mtu, ICMP_MAX_MSG) - IPV4_HDR_LEN - options.data.length - 8;
  const quote = ip.packet.subarray(0, Math.min(quoteLen, ip.packet.length, room));
  return {
    src: ctx.isLocal(ip.dst) ? ip.dst : ctx.podIp,
    dst: ip.src,
    tos: (ip.tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL,
    options,
    message: icmpMessage(type, code, rest, quote),
  };
}
