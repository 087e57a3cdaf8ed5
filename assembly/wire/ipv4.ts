// IPv4 header (RFC 791 §3.1):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |Version|  IHL  |Type of Service|          Total Length         |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Identification        |Flags|      Fragment Offset    |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  Time to Live |    Protocol   |         Header Checksum       |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                       Source Address                          |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Destination Address                        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Accessors read without bounds checks: call ipv4Check first (it validates exactly what
// Linux's ip_rcv_core does, in the same order). Writing a different IHL invalidates it.

import { ld16be, ld32be, st16be, st32be, CHECK_OK } from './endian';
import { headerSum, foldSum } from './checksum';
import {
  DROP_IP_TRUNCATED, DROP_IP_BAD_VERSION, DROP_IP_BAD_IHL, DROP_IP_BAD_TOTAL_LEN,
  DROP_IP_BAD_CHECKSUM,
} from '../layout';

// @ts-ignore: decorator
@inline export const IPV4_VER_IHL: u32 = 0;
// @ts-ignore: decorator
@inline export const IPV4_TOS: u32 = 1;
// @ts-ignore: decorator
@inline export const IPV4_TOTAL_LEN: u32 = 2;
// @ts-ignore: decorator
@inline export const IPV4_ID: u32 = 4;
// @ts-ignore: decorator
@inline export const IPV4_FLAGS_FRAG: u32 = 6;
// @ts-ignore: decorator
@inline export const IPV4_TTL: u32 = 8;
// @ts-ignore: decorator
@inline export const IPV4_PROTO: u32 = 9;
// @ts-ignore: decorator
@inline export const IPV4_CSUM: u32 = 10;
// @ts-ignore: decorator
@inline export const IPV4_SRC: u32 = 12;
// @ts-ignore: decorator
@inline export const IPV4_DST: u32 = 16;
// @ts-ignore: decorator
@inline export const IPV4_HDR_LEN: u32 = 20; // IHL 5 × 4, no options
// @ts-ignore: decorator
@inline export const IPV4_MAX_HDR_LEN: u32 = 60; // IHL 15 × 4

// @ts-ignore: decorator
@inline export const IPV4_DF: u32 = 0x4000;
// @ts-ignore: decorator
@inline export const IPV4_MF: u32 = 0x2000;
// @ts-ignore: decorator
@inline export const IPV4_FRAG_OFFSET: u32 = 0x1fff; // in 8-octet units

// @ts-ignore: decorator
@inline export const IPPROTO_ICMP: u32 = 1;
// @ts-ignore: decorator
@inline export const IPPROTO_IPIP: u32 = 4;
// @ts-ignore: decorator
@inline export const IPPROTO_TCP: u32 = 6;
// @ts-ignore: decorator
@inline export const IPPROTO_UDP: u32 = 17;

// @ts-ignore: decorator
@inline export const ECN_MASK: u32 = 3;
// @ts-ignore: decorator
@inline export const ECN_NOT_ECT: u32 = 0;
// @ts-ignore: decorator
@inline export const ECN_ECT_0: u32 = 2;
// @ts-ignore: decorator
@inline export const ECN_CE: u32 = 3;

/** Validate the header as ip_rcv_core does: room for 20 bytes, version 4 and IHL ≥ 5, room
 *  for the options, header checksum, then total length within the frame and ≥ IHL×4.
 *  Returns CHECK_OK or the DropReason. (Trailing bytes past total length are Ethernet padding:
 *  the caller trims to ipv4TotalLen, as pskb_trim_rcsum does.) */
export function ipv4Check(p: usize, len: u32): u32 {
  if (len < IPV4_HDR_LEN) return DROP_IP_TRUNCATED;
  const vi = <u32>load<u8>(p, IPV4_VER_IHL);
  if ((vi >>> 4) != 4) return DROP_IP_BAD_VERSION;
  const hl = (vi & 15) << 2;
  if (hl < IPV4_HDR_LEN) return DROP_IP_BAD_IHL;
  if (hl > len) return DROP_IP_TRUNCATED;
  if (headerSum(p, hl) != 0xffff) return DROP_IP_BAD_CHECKSUM;
  const tl = ld16be(p + IPV4_TOTAL_LEN);
  if (tl > len || tl < hl) return DROP_IP_BAD_TOTAL_LEN;
  return CHECK_OK;
}

/** Header length in octets (IHL × 4). */
// @ts-ignore: decorator
@inline export function ipv4HeaderLen(p: usize): u32 {
  return (<u32>load<u8>(p, IPV4_VER_IHL) & 15) << 2;
}
// @ts-ignore: decorator
@inline export function ipv4Tos(p: usize): u32 {
  return <u32>load<u8>(p, IPV4_TOS);
}
// @ts-ignore: decorator
@inline export function ipv4TotalLen(p: usize): u32 {
  return ld16be(p + IPV4_TOTAL_LEN);
}
// @ts-ignore: decorator
@inline export function ipv4FlagsFrag(p: usize): u32 {
  return ld16be(p + IPV4_FLAGS_FRAG);
}
/** True for any fragment (MF set or a non-zero offset). */
// @ts-ignore: decorator
@inline export function ipv4IsFragment(p: usize): bool {
  return (ld16be(p + IPV4_FLAGS_FRAG) & (IPV4_MF | IPV4_FRAG_OFFSET)) != 0;
}
// @ts-ignore: decorator
@inline export function ipv4Ttl(p: usize): u32 {
  return <u32>load<u8>(p, IPV4_TTL);
}
// @ts-ignore: decorator
@inline export function ipv4Proto(p: usize): u32 {
  return <u32>load<u8>(p, IPV4_PROTO);
}
// @ts-ignore: decorator
@inline export function ipv4Src(p: usize): u32 {
  return ld32be(p + IPV4_SRC);
}
// @ts-ignore: decorator
@inline export function ipv4Dst(p: usize): u32 {
  return ld32be(p + IPV4_DST);
}
// @ts-ignore: decorator
@inline export function ipv4SetTotalLen(p: usize, v: u32): void {
  st16be(p + IPV4_TOTAL_LEN, v);
}
// @ts-ignore: decorator
@inline export function ipv4SetFlagsFrag(p: usize, v: u32): void {
  st16be(p + IPV4_FLAGS_FRAG, v);
}

/** Recompute the header checksum over IHL × 4 octets. */
export function ipv4FillChecksum(p: usize): void {
  st16be(p + IPV4_CSUM, 0);
  st16be(p + IPV4_CSUM, ~headerSum(p, ipv4HeaderLen(p)) & 0xffff);
}

/** ip_decrease_ttl: TTL − 1 and the incremental update of RFC 1141/1624 exactly as the kernel
 *  writes it (add 0x0100 with end-around carry, `check >= 0xFFFF` folding 0xFFFF to 0), so
 *  the corner case where RFC 1624 eqn. 3 and the kernel differ comes out as Linux has it.
 *  No Repr round-trip: only two fields change, the rest of the header stays byte-identical. */
export function ipv4DecTtl(p: usize): void {
  let c = ld16be(p + IPV4_CSUM) + 0x0100;
  c += c >= 0xffff ? 1 : 0;
  st16be(p + IPV4_CSUM, c & 0xffff);
  store<u8>(p, load<u8>(p, IPV4_TTL) - 1, IPV4_TTL);
}

/** The checksum of the header ipv4Emit writes, summed from the field values (as big-endian
 *  words, the same value headerSum would read back): reading back a header just stored in
 *  octets and halves would stall on store-to-load forwarding. */
// @ts-ignore: decorator
@inline function emitChecksum(
  tos: u32, totalLen: u32, id: u32, flagsFrag: u32, ttl: u32, proto: u32, src: u32, dst: u32,
): u32 {
  return ~foldSum(0x4500 + (tos & 0xff) + (totalLen & 0xffff) + (id & 0xffff) + (flagsFrag & 0xffff)
    + ((ttl & 0xff) << 8) + (proto & 0xff) + (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff)) & 0xffff;
}

/** Emit a 20-octet header (no options) with its checksum. */
// @ts-ignore: decorator
@inline export function ipv4Emit(
  p: usize, tos: u32, totalLen: u32, id: u32, flagsFrag: u32, ttl: u32, proto: u32,
  src: u32, dst: u32,
): void {
  store<u8>(p, 0x45, IPV4_VER_IHL);
  store<u8>(p, <u8>tos, IPV4_TOS);
  st16be(p + IPV4_TOTAL_LEN, totalLen);
  st16be(p + IPV4_ID, id);
  st16be(p + IPV4_FLAGS_FRAG, flagsFrag);
  store<u8>(p, <u8>ttl, IPV4_TTL);
  store<u8>(p, <u8>proto, IPV4_PROTO);
  st16be(p + IPV4_CSUM, emitChecksum(tos, totalLen, id, flagsFrag, ttl, proto, src, dst));
  st32be(p + IPV4_SRC, src);
  st32be(p + IPV4_DST, dst);
}

/** Martian checks on addresses (ip_route_input_slow): 0.0.0.0/8, 127/8 (without
 *  route_localnet), multicast 224/4 and class E 240/4 including limited broadcast. */
// @ts-ignore: decorator
@inline export function ipv4IsMulticastOrE(a: u32): bool {
  return (a >>> 28) >= 14;
}
// @ts-ignore: decorator
@inline export function ipv4IsZeronet(a: u32): bool {
  return (a >>> 24) == 0;
}
// @ts-ignore: decorator
@inline export function ipv4IsLoopback(a: u32): bool {
  return (a >>> 24) == 127;
}
// @ts-ignore: decorator
@inline export const IPV4_BROADCAST: u32 = 0xffffffff;
