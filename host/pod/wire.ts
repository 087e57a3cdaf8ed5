// Frames a pod's Linux stack builds and parses: Ethernet, ARP, IPv4, ICMP. Host code for the
// ping simulation (one packet at a time, for people reading traces), not the forwarding path:
// it allocates freely. Addresses are u32 host order (net/addr.ts); bytes are network order.

import type { Ip4, Mac } from '../net/addr.ts';

export const ETH_HDR = 14;
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const IP_HDR = 20;
export const IPPROTO_ICMP = 1;
export const ICMP_ECHOREPLY = 0;
export const ICMP_ECHO = 8;
export const IP_DF = 0x4000;
export const IP_MF = 0x2000;
export const ARPOP_REQUEST = 1;
export const ARPOP_REPLY = 2;
export const BROADCAST_MAC: Mac = Uint8Array.of(255, 255, 255, 255, 255, 255);
export const ZERO_MAC: Mac = new Uint8Array(6);

/** RFC 1071 Internet checksum of `b[off, off+len)`. */
export function inetChecksum(b: Uint8Array, off: number, len: number): number {
  let sum = 0;
  let i = off;
  const end = off + len;
  for (; i + 1 < end; i += 2) sum += (b[i] << 8) | b[i + 1];
  if (i < end) sum += b[i] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export const rd16 = (b: Uint8Array, o: number): number => (b[o] << 8) | b[o + 1];
export const rd32 = (b: Uint8Array, o: number): number => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
export function wr16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 255;
  b[o + 1] = v & 255;
}
export function wr32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 255;
  b[o + 2] = (v >>> 8) & 255;
  b[o + 3] = v & 255;
}

export function ether(dst: Mac, src: Mac, type: number, payload: Uint8Array): Uint8Array {
  const f = new Uint8Array(ETH_HDR + payload.length);
  f.set(dst, 0);
  f.set(src, 6);
  wr16(f, 12, type);
  f.set(payload, ETH_HDR);
  return f;
}

/** An ARP packet for IPv4 over Ethernet (28 octets; veth does not pad, so frames are 42). */
export function arp(op: number, sha: Mac, spa: Ip4, tha: Mac, tpa: Ip4): Uint8Array {
  const a = new Uint8Array(28);
  wr16(a, 0, 1);
  wr16(a, 2, ETHERTYPE_IPV4);
  a[4] = 6;
  a[5] = 4;
  wr16(a, 6, op);
  a.set(sha, 8);
  wr32(a, 14, spa);
  a.set(tha, 18);
  wr32(a, 24, tpa);
  return a;
}

export interface ArpView {
  op: number;
  sha: Mac;
  spa: Ip4;
  tha: Mac;
  tpa: Ip4;
}

/** Parses the ARP packet after the Ethernet header; null unless Ethernet/IPv4 ARP. */
export function parseArp(frame: Uint8Array): ArpView | null {
  if (frame.length < ETH_HDR + 28) return null;
  const a = frame.subarray(ETH_HDR);
  if (rd16(a, 0) !== 1 || rd16(a, 2) !== ETHERTYPE_IPV4 || a[4] !== 6 || a[5] !== 4) return null;
  return { op: rd16(a, 6), sha: a.slice(8, 14), spa: rd32(a, 14), tha: a.slice(18, 24), tpa: rd32(a, 24) };
}

export interface Ipv4Fields {
  tos?: number;
  id: number;
  flags: number; // IP_DF | IP_MF bits as in the 16-bit flags/offset word
  fragOffset?: number; // in 8-octet units
  ttl: number;
  proto: number;
  src: Ip4;
  dst: Ip4;
}

/** An IPv4 packet (no options) around `payload`, header checksum filled. */
export function ipv4(h: Ipv4Fields, payload: Uint8Array): Uint8Array {
  const p = new Uint8Array(IP_HDR + payload.length);
  p[0] = 0x45;
  p[1] = h.tos ?? 0;
  wr16(p, 2, p.length);
  wr16(p, 4, h.id & 0xffff);
  wr16(p, 6, (h.flags & 0xe000) | ((h.fragOffset ?? 0) & 0x1fff));
  p[8] = h.ttl;
  p[9] = h.proto;
  wr32(p, 12, h.src);
  wr32(p, 16, h.dst);
  wr16(p, 10, inetChecksum(p, 0, IP_HDR));
  p.set(payload, IP_HDR);
  return p;
}

export interface Ipv4View {
  hl: number;
  totalLen: number;
  tos: number;
  id: number;
  flagsFrag: number;
  ttl: number;
  proto: number;
  src: Ip4;
  dst: Ip4;
  /** The packet without link padding (ip[0, totalLen)). */
  packet: Uint8Array;
  payload: Uint8Array;
}

/** Validates like ip_rcv_core (version, IHL, lengths, header checksum); null when Linux would drop. */
export function parseIpv4(ip: Uint8Array): Ipv4View | null {
  if (ip.length < IP_HDR || ip[0] >> 4 !== 4) return null;
  const hl = (ip[0] & 15) * 4;
  const totalLen = rd16(ip, 2);
  if (hl < IP_HDR || totalLen < hl || totalLen > ip.length) return null;
  if (inetChecksum(ip, 0, hl) !== 0) return null;
  const packet = ip.subarray(0, totalLen);
  return {
    hl, totalLen, tos: ip[1], id: rd16(ip, 4), flagsFrag: rd16(ip, 6), ttl: ip[8], proto: ip[9],
    src: rd32(ip, 12), dst: rd32(ip, 16), packet, payload: packet.subarray(hl),
  };
}

/** ICMP message: type, code, the 4-octet rest of header, data; checksum filled. */
export function icmp(type: number, code: number, rest: number, data: Uint8Array): Uint8Array {
  const m = new Uint8Array(8 + data.length);
  m[0] = type;
  m[1] = code;
  wr32(m, 4, rest);
  m.set(data, 8);
  wr16(m, 2, inetChecksum(m, 0, m.length));
  return m;
}
