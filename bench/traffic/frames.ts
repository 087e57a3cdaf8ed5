// The benchmark's frames: what a busybox pod puts on its eth0 for `ping <peer>` (seed lines
// 219-220): Ethernet from the pod's MAC to Calico's ee:ee:ee:ee:ee:ee, IPv4 ttl 64 DF, ICMP
// echo request. Built once per flow before the run; the workers copy these bytes verbatim into
// the pods' rx rings, so generation costs one memcpy per frame and is the same for every engine.

import { parseMac, type Ip4 } from '../../host/net/addr.ts';

export const ETH_HLEN = 14;
export const IP_HLEN = 20;
export const ICMP_HLEN = 8;
export const MIN_FRAME = 64; // Ethernet minimum without FCS, as tcpdump prints `length 64`
export const MAX_FRAME = 1514; // 1500-byte IP packet + Ethernet header
export const SEED_FRAME = 98; // the seed's `length 98` ping (56 data bytes)

export interface EchoFlow {
  srcMac: string;
  dstMac: string;
  srcIp: Ip4;
  dstIp: Ip4;
  /** ICMP identifier (busybox: its pid); distinct per flow so captures tell flows apart. */
  ident: number;
  /** IPv4 identification field of the template (the real sender increments it; constant here). */
  ipId: number;
}

/** One echo request frame of exactly `size` bytes (MIN_FRAME..MAX_FRAME), checksums correct. */
export function echoRequestFrame(flow: EchoFlow, size: number): Uint8Array {
  if (!Number.isInteger(size) || size < MIN_FRAME || size > MAX_FRAME) {
    throw new RangeError(`frame size ${size} outside ${MIN_FRAME}..${MAX_FRAME}`);
  }
  const f = new Uint8Array(size);
  const dst = parseMac(flow.dstMac);
  const src = parseMac(flow.srcMac);
  if (!dst || !src) throw new RangeError(`bad MAC in flow ${flow.srcMac} > ${flow.dstMac}`);
  f.set(dst, 0);
  f.set(src, 6);
  f[12] = 0x08; // IPv4
  f[13] = 0x00;

  const ip = ETH_HLEN;
  const totalLen = size - ETH_HLEN;
  f[ip] = 0x45;
  f[ip + 1] = 0; // tos
  put16(f, ip + 2, totalLen);
  put16(f, ip + 4, flow.ipId & 0xffff);
  put16(f, ip + 6, 0x4000); // DF, as Linux/busybox ping with PMTU discovery on
  f[ip + 8] = 64; // ttl
  f[ip + 9] = 1; // ICMP
  put32(f, ip + 12, flow.srcIp);
  put32(f, ip + 16, flow.dstIp);
  put16(f, ip + 10, checksum(f, ip, IP_HLEN));

  const icmp = ip + IP_HLEN;
  f[icmp] = 8; // echo request
  f[icmp + 1] = 0;
  put16(f, icmp + 4, flow.ident & 0xffff);
  put16(f, icmp + 6, 0); // seq 0, as in the seed's captures
  // busybox fills the data with zeros; the first 4 bytes would carry its send time: left zero
  // so every engine sees identical bytes.
  put16(f, icmp + 2, checksum(f, icmp, totalLen - IP_HLEN));
  return f;
}

/** RFC 1071 one's-complement sum over f[off, off+len). */
export function checksum(f: Uint8Array, off: number, len: number): number {
  let sum = 0;
  let i = off;
  const end = off + len;
  for (; i + 1 < end; i += 2) sum += (f[i] << 8) | f[i + 1];
  if (i < end) sum += f[i] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function put16(f: Uint8Array, off: number, v: number): void {
  f[off] = (v >>> 8) & 0xff;
  f[off + 1] = v & 0xff;
}

function put32(f: Uint8Array, off: number, v: number): void {
  f[off] = (v >>> 24) & 0xff;
  f[off + 1] = (v >>> 16) & 0xff;
  f[off + 2] = (v >>> 8) & 0xff;
  f[off + 3] = v & 0xff;
}
