// Test-side frame construction with host/net (which test/net holds to scapy's bytes),
// independent of both engines.
import { parseMac } from '../../host/net/addr.ts';
import { ARPOP_REQUEST, arpPacket } from '../../host/net/arp.ts';
import { ld32be } from '../../host/net/endian.ts';
import { BROADCAST_MAC, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETH_HDR_LEN, ZERO_MAC, ethEmit, ethFrame } from '../../host/net/ethernet.ts';
import { ICMP_ECHO, ICMP_HDR_LEN, ICMP_REST, icmpEmit } from '../../host/net/icmp.ts';
import { IPPROTO_ICMP, IPPROTO_IPIP, IPV4_DF, IPV4_HDR_LEN, ipv4Emit, ipv4Packet } from '../../host/net/ipv4.ts';

export function mac(text: string): Uint8Array {
  const m = parseMac(text);
  if (!m) throw new Error(`bad MAC ${text}`);
  return m;
}

export interface Ipv4FrameSpec {
  dstMac: Uint8Array;
  srcMac: Uint8Array;
  src: number;
  dst: number;
  proto: number; // 1 ICMP (echo request), 6 TCP, 17 UDP, other: opaque bytes
  ttl: number;
  tos?: number;
  id?: number;
  df?: boolean;
  frameLen: number; // whole Ethernet frame, ≥ 34
  fill?: number; // payload byte seed
}

/** Ethernet + IPv4 of exactly frameLen octets; the payload is a pattern from `fill`, and an
 *  ICMP payload is an echo request (its identifier and sequence from the pattern). */
export function ipv4Frame(s: Ipv4FrameSpec): Uint8Array {
  const f = new Uint8Array(s.frameLen);
  const l4 = ETH_HDR_LEN + IPV4_HDR_LEN;
  const seed = s.fill ?? 0;
  for (let i = l4; i < f.length; i++) f[i] = (seed + i * 7) & 255;
  ethEmit(f, 0, s.dstMac, s.srcMac, ETHERTYPE_IPV4);
  ipv4Emit(f, ETH_HDR_LEN, { tos: s.tos, id: s.id ?? 0, flagsFrag: s.df ? IPV4_DF : 0, ttl: s.ttl, proto: s.proto, src: s.src, dst: s.dst }, f.length - l4);
  if (s.proto === IPPROTO_ICMP && f.length >= l4 + ICMP_HDR_LEN) icmpEmit(f, l4, ICMP_ECHO, 0, ld32be(f, l4 + ICMP_REST), f.length - l4);
  return f;
}

export function arpRequest(srcMac: Uint8Array, sip: number, tip: number, dstMac = BROADCAST_MAC): Uint8Array {
  return ethFrame(dstMac, srcMac, ETHERTYPE_ARP, arpPacket({ op: ARPOP_REQUEST, sha: srcMac, spa: sip, tha: ZERO_MAC, tpa: tip }));
}

/** Wrap an IPv4 packet (bytes from the IP header on) in an outer IPIP header + Ethernet. */
export function ipipFrame(dstMac: Uint8Array, srcMac: Uint8Array, outerSrc: number, outerDst: number, inner: Uint8Array, ttl = 63, id = 0, tos = 0, df = false): Uint8Array {
  return ethFrame(dstMac, srcMac, ETHERTYPE_IPV4, ipv4Packet({ tos, id, flagsFrag: df ? IPV4_DF : 0, ttl, proto: IPPROTO_IPIP, src: outerSrc, dst: outerDst }, inner));
}
