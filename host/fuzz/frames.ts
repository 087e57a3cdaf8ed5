// Building well-formed frames for the fuzzer's templates (and for tests): Ethernet, IPv4
// with its checksum, ICMP echo, UDP, TCP SYN, ARP. Build-time only (templates are made once
// per run), so these allocate freely; the per-frame mutator (mutate.ts) only edits bytes.

export const ETH_LEN = 14;
export const IP_LEN = 20;
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;

export function put16(b: Uint8Array, at: number, v: number): void {
  b[at] = (v >>> 8) & 255;
  b[at + 1] = v & 255;
}

export function put32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = (v >>> 16) & 255;
  b[at + 2] = (v >>> 8) & 255;
  b[at + 3] = v & 255;
}

export function get16(b: Uint8Array, at: number): number {
  return (b[at] << 8) | b[at + 1];
}

/** RFC 1071 checksum of b[at, at+len) (the field itself must be zero or excluded by the caller). */
export function inetChecksum(b: Uint8Array, at: number, len: number): number {
  let s = 0;
  let i = 0;
  for (; i + 1 < len; i += 2) s += (b[at + i] << 8) | b[at + i + 1];
  if (i < len) s += b[at + i] << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

/** Recompute the IPv4 header checksum of the header at `ip` (IHL from the header, clamped
 *  to what is in the buffer up to `end`). */
export function fixIpChecksum(b: Uint8Array, ip: number, end: number): void {
  if (ip + IP_LEN > end) return;
  let hl = (b[ip] & 15) << 2;
  if (hl < IP_LEN) hl = IP_LEN;
  if (ip + hl > end) return;
  b[ip + 10] = 0;
  b[ip + 11] = 0;
  put16(b, ip + 10, inetChecksum(b, ip, hl));
}

export function ethHeader(dst: Uint8Array, src: Uint8Array, type: number): Uint8Array {
  const b = new Uint8Array(ETH_LEN);
  b.set(dst, 0);
  b.set(src, 6);
  put16(b, 12, type);
  return b;
}

export interface Ip4Fields {
  src: number;
  dst: number;
  proto: number;
  ttl?: number;
  tos?: number;
  id?: number;
  df?: boolean;
}

/** An IPv4 packet (IHL 5) around `payload`, checksum filled. */
export function ipv4Packet(f: Ip4Fields, payload: Uint8Array): Uint8Array {
  const b = new Uint8Array(IP_LEN + payload.length);
  b[0] = 0x45;
  b[1] = f.tos ?? 0;
  put16(b, 2, b.length);
  put16(b, 4, f.id ?? 0x1234);
  put16(b, 6, f.df ?? true ? 0x4000 : 0);
  b[8] = f.ttl ?? 64;
  b[9] = f.proto;
  put32(b, 12, f.src);
  put32(b, 16, f.dst);
  b.set(payload, IP_LEN);
  fixIpChecksum(b, 0, b.length);
  return b;
}

export function icmpEcho(id: number, seq: number, dataLen: number): Uint8Array {
  const b = new Uint8Array(8 + dataLen);
  b[0] = 8;
  put16(b, 4, id);
  put16(b, 6, seq);
  for (let i = 0; i < dataLen; i++) b[8 + i] = (0x10 + i) & 255;
  put16(b, 2, inetChecksum(b, 0, b.length));
  return b;
}

/** UDP with a zero checksum (legal in IPv4: the data path never checks L4 sums anyway). */
export function udp(sport: number, dport: number, dataLen: number): Uint8Array {
  const b = new Uint8Array(8 + dataLen);
  put16(b, 0, sport);
  put16(b, 2, dport);
  put16(b, 4, b.length);
  for (let i = 0; i < dataLen; i++) b[8 + i] = (0x61 + (i % 26)) & 255;
  return b;
}

export function tcpSyn(sport: number, dport: number): Uint8Array {
  const b = new Uint8Array(20);
  put16(b, 0, sport);
  put16(b, 2, dport);
  put32(b, 4, 0x01020304);
  b[12] = 5 << 4;
  b[13] = 0x02;
  put16(b, 14, 64240);
  return b;
}

/** An ARP request (op 1) for Ethernet/IPv4. */
export function arpRequest(sha: Uint8Array, spa: number, tpa: number): Uint8Array {
  const b = new Uint8Array(28);
  put16(b, 0, 1);
  put16(b, 2, 0x0800);
  b[4] = 6;
  b[5] = 4;
  put16(b, 6, 1);
  b.set(sha, 8);
  put32(b, 14, spa);
  put32(b, 24, tpa);
  return b;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function toHex(b: Uint8Array, from = 0, to = b.length): string {
  let s = '';
  for (let i = from; i < to; i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}
