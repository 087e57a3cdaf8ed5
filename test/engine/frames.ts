// Test-side frame construction, independent of both engines (plain byte arithmetic).
import { parseMac } from '../../host/net/addr.ts';

export function mac(text: string): Uint8Array {
  const m = parseMac(text);
  if (!m) throw new Error(`bad MAC ${text}`);
  return m;
}

export function checksum(b: Uint8Array, start: number, end: number): number {
  let s = 0;
  for (let i = start; i < end; i += 2) s += (b[i] << 8) | (i + 1 < end ? b[i + 1] : 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
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

export function ipv4Frame(s: Ipv4FrameSpec): Uint8Array {
  const f = new Uint8Array(s.frameLen);
  f.set(s.dstMac, 0);
  f.set(s.srcMac, 6);
  f[12] = 0x08;
  f[13] = 0x00;
  const ip = 14;
  const tl = s.frameLen - 14;
  f[ip] = 0x45;
  f[ip + 1] = s.tos ?? 0;
  f[ip + 2] = tl >>> 8;
  f[ip + 3] = tl & 255;
  const id = s.id ?? 0;
  f[ip + 4] = id >>> 8;
  f[ip + 5] = id & 255;
  f[ip + 6] = s.df ? 0x40 : 0;
  f[ip + 8] = s.ttl;
  f[ip + 9] = s.proto;
  for (let i = 0; i < 4; i++) {
    f[ip + 12 + i] = (s.src >>> (24 - 8 * i)) & 255;
    f[ip + 16 + i] = (s.dst >>> (24 - 8 * i)) & 255;
  }
  const ck = checksum(f, ip, ip + 20);
  f[ip + 10] = ck >>> 8;
  f[ip + 11] = ck & 255;
  const l4 = ip + 20;
  const seed = s.fill ?? 0;
  for (let i = l4; i < f.length; i++) f[i] = (seed + i * 7) & 255;
  if (s.proto === 1 && f.length >= l4 + 8) {
    f[l4] = 8; // echo request
    f[l4 + 1] = 0;
    f[l4 + 2] = 0;
    f[l4 + 3] = 0;
    const c = checksum(f, l4, f.length);
    f[l4 + 2] = c >>> 8;
    f[l4 + 3] = c & 255;
  }
  return f;
}

export function arpRequest(srcMac: Uint8Array, sip: number, tip: number, dstMac = mac('ff:ff:ff:ff:ff:ff')): Uint8Array {
  const f = new Uint8Array(42);
  f.set(dstMac, 0);
  f.set(srcMac, 6);
  f[12] = 0x08;
  f[13] = 0x06;
  const a = 14;
  f.set([0, 1, 8, 0, 6, 4, 0, 1], a);
  f.set(srcMac, a + 8);
  for (let i = 0; i < 4; i++) {
    f[a + 14 + i] = (sip >>> (24 - 8 * i)) & 255;
    f[a + 24 + i] = (tip >>> (24 - 8 * i)) & 255;
  }
  return f;
}

/** Wrap an IPv4 packet (bytes from the IP header on) in an outer IPIP header + Ethernet. */
export function ipipFrame(dstMac: Uint8Array, srcMac: Uint8Array, outerSrc: number, outerDst: number, inner: Uint8Array, ttl = 63, id = 0, tos = 0, df = false): Uint8Array {
  const f = new Uint8Array(34 + inner.length);
  f.set(dstMac, 0);
  f.set(srcMac, 6);
  f[12] = 0x08;
  const tl = 20 + inner.length;
  f.set([0x45, tos, tl >>> 8, tl & 255, id >>> 8, id & 255, df ? 0x40 : 0, 0, ttl, 4, 0, 0], 14);
  for (let i = 0; i < 4; i++) {
    f[26 + i] = (outerSrc >>> (24 - 8 * i)) & 255;
    f[30 + i] = (outerDst >>> (24 - 8 * i)) & 255;
  }
  const ck = checksum(f, 14, 34);
  f[24] = ck >>> 8;
  f[25] = ck & 255;
  f.set(inner, 34);
  return f;
}

/** mulberry32: a tiny seeded PRNG so every failure reproduces from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
