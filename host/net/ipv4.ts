// IPv4 header (RFC 791 §3.1), 20 octets plus IHL−5 words of options:
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |Version|  IHL  |Type of Service|          Total Length         |  0
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Identification        |R|D|M|    Fragment Offset      |  4
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  Time to Live |    Protocol   |         Header Checksum       |  8
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                       Source Address                          | 12
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Destination Address                        | 16
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Options (IHL > 5) …                        | 20
//
// R reserved ("evil bit"), D don't fragment, M more fragments; the offset counts 8-octet
// units. The flags and the offset are kept together as one 16-bit word (`flagsFrag`), as
// the kernel's iph->frag_off.

import type { Ip4 } from './addr.ts';
import { internetChecksum } from './checksum.ts';
import { ld16be, ld32be, st16be, st32be } from './endian.ts';
import type { WireError } from './error.ts';

// Field offsets, one line per row of the diagram.
export const IPV4_VER_IHL = 0, IPV4_TOS = 1, IPV4_TOTAL_LEN = 2;
export const IPV4_ID = 4, IPV4_FLAGS_FRAG = 6;
export const IPV4_TTL = 8, IPV4_PROTO = 9, IPV4_CSUM = 10;
export const IPV4_SRC = 12;
export const IPV4_DST = 16;
export const IPV4_HDR_LEN = 20; // IHL 5, no options

// The flags/offset word.
export const IPV4_RF = 0x8000, IPV4_DF = 0x4000, IPV4_MF = 0x2000, IPV4_FRAG_OFFSET = 0x1fff;

export const IPPROTO_ICMP = 1, IPPROTO_IPIP = 4, IPPROTO_TCP = 6, IPPROTO_UDP = 17;

export interface Ipv4Header {
  hdrLen: number; // IHL × 4
  tos: number;
  totalLen: number;
  id: number;
  flagsFrag: number;
  ttl: number;
  proto: number;
  checksum: number;
  src: Ip4;
  dst: Ip4;
}

export interface Ipv4View extends Ipv4Header {
  /** The packet without link padding: b[0, totalLen). */
  packet: Uint8Array;
  payload: Uint8Array;
}

/** The fields a sender chooses; the rest (version, IHL 5, total length, checksum) follow. */
export interface Ipv4Fields {
  tos?: number;
  id: number;
  flagsFrag?: number;
  ttl: number;
  proto: number;
  src: Ip4;
  dst: Ip4;
}

/** The header length when a whole IPv4 header (options included) is in b. */
function headerLen(b: Uint8Array): number | WireError {
  if (b.length < IPV4_HDR_LEN) return 'truncated';
  const vi = b[IPV4_VER_IHL];
  const hdrLen = (vi & 15) << 2;
  if (vi >> 4 !== 4 || hdrLen < IPV4_HDR_LEN) return 'malformed';
  if (hdrLen > b.length) return 'truncated';
  return hdrLen;
}

/** The fields, with the packet taken to end at `end` (one object shape for both parsers;
 *  no object spread, which V8 runs on a slow path here). */
function view(b: Uint8Array, hdrLen: number, end: number): Ipv4View {
  const packet = b.subarray(0, end);
  return {
    hdrLen, tos: b[IPV4_TOS], totalLen: ld16be(b, IPV4_TOTAL_LEN), id: ld16be(b, IPV4_ID),
    flagsFrag: ld16be(b, IPV4_FLAGS_FRAG), ttl: b[IPV4_TTL], proto: b[IPV4_PROTO],
    checksum: ld16be(b, IPV4_CSUM), src: ld32be(b, IPV4_SRC), dst: ld32be(b, IPV4_DST),
    packet, payload: packet.subarray(hdrLen),
  };
}

/** The header's fields when a whole IPv4 header (options included) is there; no check of
 *  the total length or the checksum (a display reads headers as they are). */
export function ipv4Header(b: Uint8Array): Ipv4Header | WireError {
  const hdrLen = headerLen(b);
  return typeof hdrLen === 'string' ? hdrLen : view(b, hdrLen, b.length);
}

/** What a receiving host accepts, checked as ip_rcv_core does: version, IHL, header
 *  checksum, then total length against what arrived (the rest is link padding). */
export function ipv4Parse(b: Uint8Array): Ipv4View | WireError {
  const hdrLen = headerLen(b);
  if (typeof hdrLen === 'string') return hdrLen;
  if (internetChecksum(b, 0, hdrLen) !== 0) return 'checksum';
  const totalLen = ld16be(b, IPV4_TOTAL_LEN);
  if (totalLen > b.length) return 'truncated';
  if (totalLen < hdrLen) return 'malformed';
  return view(b, hdrLen, totalLen);
}

/** Writes a 20-octet header at b[off] for `payloadLen` octets of payload, checksum filled. */
export function ipv4Emit(b: Uint8Array, off: number, f: Ipv4Fields, payloadLen: number): void {
  b[off + IPV4_VER_IHL] = 0x45;
  b[off + IPV4_TOS] = f.tos ?? 0;
  st16be(b, off + IPV4_TOTAL_LEN, IPV4_HDR_LEN + payloadLen);
  st16be(b, off + IPV4_ID, f.id);
  st16be(b, off + IPV4_FLAGS_FRAG, f.flagsFrag ?? 0);
  b[off + IPV4_TTL] = f.ttl;
  b[off + IPV4_PROTO] = f.proto;
  st32be(b, off + IPV4_SRC, f.src);
  st32be(b, off + IPV4_DST, f.dst);
  ipv4FillChecksum(b, off, IPV4_HDR_LEN);
}

/** A new packet: header, then `payload`. */
export function ipv4Packet(f: Ipv4Fields, payload: Uint8Array): Uint8Array {
  const b = new Uint8Array(IPV4_HDR_LEN + payload.length);
  ipv4Emit(b, 0, f, payload.length);
  b.set(payload, IPV4_HDR_LEN);
  return b;
}

/** A new packet whose header carries `options` (a multiple of 4 octets, at most 40): IHL and
 *  the total length count them; the checksum is left to the caller (ipv4FillChecksum), who
 *  may still write into the options (ip_options_build). */
export function ipv4PacketWithOptions(f: Ipv4Fields, options: Uint8Array, payload: Uint8Array): Uint8Array {
  const hl = IPV4_HDR_LEN + options.length;
  const b = new Uint8Array(hl + payload.length);
  ipv4Emit(b, 0, f, options.length + payload.length);
  b[IPV4_VER_IHL] = 0x40 | (hl >> 2);
  b.set(options, IPV4_HDR_LEN);
  b.set(payload, hl);
  ipv4FillChecksum(b, 0, hl);
  return b;
}

/** Recomputes the header checksum of the `hdrLen`-octet header at b[off] (ip_send_check). */
export function ipv4FillChecksum(b: Uint8Array, off: number, hdrLen: number): void {
  b[off + IPV4_CSUM] = 0;
  b[off + IPV4_CSUM + 1] = 0;
  st16be(b, off + IPV4_CSUM, internetChecksum(b, off, hdrLen));
}

/** The one's complement sum of the pseudo-header UDP and TCP checksums cover (RFC 768,
 *  RFC 793 §3.1): source, destination, zero + protocol, and the transport length. */
export function ipv4PseudoSum(src: Ip4, dst: Ip4, proto: number, len: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + proto + len;
}
