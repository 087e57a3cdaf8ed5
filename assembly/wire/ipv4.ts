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
import { headerSum, headerSumOk, foldSum } from './checksum';
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
@inline export const ECN_ECT_1: u32 = 1;
// @ts-ignore: decorator
@inline export const ECN_CE: u32 = 3;

/** Validate the header as ip_rcv_core does: room for 20 bytes, version 4 and IHL ≥ 5, room
 *  for the options, header checksum, then total length within the frame and ≥ IHL×4.
 *  Returns CHECK_OK or the DropReason. (Trailing bytes past total length are Ethernet padding:
 *  the caller trims to ipv4TotalLen, as pskb_trim_rcsum does.) */
// @ts-ignore: decorator
@inline export function ipv4Check(p: usize, len: u32): u32 {
  if (len < IPV4_HDR_LEN) return DROP_IP_TRUNCATED;
  const vi = <u32>load<u8>(p, IPV4_VER_IHL);
  if ((vi >>> 4) != 4) return DROP_IP_BAD_VERSION;
  const hl = (vi & 15) << 2;
  if (hl < IPV4_HDR_LEN) return DROP_IP_BAD_IHL;
  if (hl > len) return DROP_IP_TRUNCATED;
  if (!headerSumOk(p, hl)) return DROP_IP_BAD_CHECKSUM;
  const tl = ld16be(p + IPV4_TOTAL_LEN);
  if (tl - hl > len - hl) return DROP_IP_BAD_TOTAL_LEN; // tl > len or tl < hl (hl ≤ len here), in one unsigned compare
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

// Emitting a 20-octet header (IHL 5, no options) field by named field. Each ipv4Put* stores
// one field in network order and returns its share of the header's one's-complement sum;
// ipv4PutChecksum folds the shares into the checksum field:
//
//   ipv4PutChecksum(p, ipv4PutVersionIhl(p) + ipv4PutTos(p, tos) + ipv4PutTotalLen(p, len)
//     + ipv4PutId(p, id) + ipv4PutFlagsFrag(p, 0) + ipv4PutTtl(p, 64)
//     + ipv4PutProto(p, IPPROTO_ICMP) + ipv4PutSrc(p, src) + ipv4PutDst(p, dst));
//
// All inline: the same stores and adds as one call with nine arguments, and the checksum
// comes from the values (as big-endian words, what headerSum would read back), not from
// reading back octets and halves just stored, which would stall on store-to-load forwarding.

// @ts-ignore: decorator
@inline export function ipv4PutVersionIhl(p: usize): u32 {
  store<u8>(p, 0x45, IPV4_VER_IHL);
  return 0x4500;
}
// @ts-ignore: decorator
@inline export function ipv4PutTos(p: usize, tos: u32): u32 {
  store<u8>(p, <u8>tos, IPV4_TOS);
  return tos & 0xff;
}
// @ts-ignore: decorator
@inline export function ipv4PutTotalLen(p: usize, totalLen: u32): u32 {
  st16be(p + IPV4_TOTAL_LEN, totalLen);
  return totalLen & 0xffff;
}
// @ts-ignore: decorator
@inline export function ipv4PutId(p: usize, id: u32): u32 {
  st16be(p + IPV4_ID, id);
  return id & 0xffff;
}
// @ts-ignore: decorator
@inline export function ipv4PutFlagsFrag(p: usize, flagsFrag: u32): u32 {
  st16be(p + IPV4_FLAGS_FRAG, flagsFrag);
  return flagsFrag & 0xffff;
}
// @ts-ignore: decorator
@inline export function ipv4PutTtl(p: usize, ttl: u32): u32 {
  store<u8>(p, <u8>ttl, IPV4_TTL);
  return (ttl & 0xff) << 8;
}
// @ts-ignore: decorator
@inline export function ipv4PutProto(p: usize, proto: u32): u32 {
  store<u8>(p, <u8>proto, IPV4_PROTO);
  return proto & 0xff;
}
// @ts-ignore: decorator
@inline export function ipv4PutSrc(p: usize, src: u32): u32 {
  st32be(p + IPV4_SRC, src);
  return (src >>> 16) + (src & 0xffff);
}
// @ts-ignore: decorator
@inline export function ipv4PutDst(p: usize, dst: u32): u32 {
  st32be(p + IPV4_DST, dst);
  return (dst >>> 16) + (dst & 0xffff);
}
/** The header checksum from the shares the other ipv4Put* returned (their sum). */
// @ts-ignore: decorator
@inline export function ipv4PutChecksum(p: usize, shares: u32): void {
  st16be(p + IPV4_CSUM, ~foldSum(shares) & 0xffff);
}

// ICMP error TOS (__icmp_send: RT_TOS(iph->tos) | IPTOS_PREC_INTERNETCONTROL): the
// offending packet's TOS bits, precedence "internetwork control".
// @ts-ignore: decorator
@inline export const IPTOS_TOS_MASK: u32 = 0x1e;
// @ts-ignore: decorator
@inline export const IPTOS_PREC_INTERNETCONTROL: u32 = 0xc0;
// @ts-ignore: decorator
@inline export function icmpErrorTos(tos: u32): u32 {
  return (tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL;
}

/** Martian checks on addresses (ip_route_input_slow, 6.1): a source is martian when
 *  multicast 224/4 or the limited broadcast, 0.0.0.0/8, or 127/8 without route_localnet; a
 *  destination when 0.0.0.0/8 or 127/8 (multicast ones go to ip_route_input_mc). Class E
 *  240/4 is ordinary unicast since 2.6.25 (ipv4_is_badclass became ipv4_is_lbcast). */
// @ts-ignore: decorator
@inline export function ipv4IsMulticast(a: u32): bool {
  return (a >>> 28) == 14;
}
// @ts-ignore: decorator
@inline export function ipv4IsLbcast(a: u32): bool {
  return a == 0xffffffff;
}
/** ipv4_is_zeronet: 0.0.0.0 alone since Linux 5.3 ("Allow 0.0.0.0/8 as a valid address
 *  range"): the rest of 0/8 is routed as unicast. */
// @ts-ignore: decorator
@inline export function ipv4IsZeronet(a: u32): bool {
  return a == 0;
}
// @ts-ignore: decorator
@inline export function ipv4IsLoopback(a: u32): bool {
  return (a >>> 24) == 127;
}
// @ts-ignore: decorator
@inline export const IPV4_BROADCAST: u32 = 0xffffffff;
/** 224.0.0.1, INADDR_ALLHOSTS_GROUP. */
// @ts-ignore: decorator
@inline export const IPV4_ALLHOSTS: u32 = 0xe0000001;
/** 127.0.0.1, INADDR_LOOPBACK: lo's one address (its local route covers all of 127/8). */
// @ts-ignore: decorator
@inline export const IPV4_LOOPBACK: u32 = 0x7f000001;

/** Top nibbles no martian has: each test above (and the limited broadcast) needs a top nibble
 *  of 0 (0.0.0.0), 7 (127/8), 14 (224/4) or 15 (255.255.255.255). */
// @ts-ignore: decorator
@inline export const IPV4_PLAIN_NIBBLES: u32 = 0xffff & ~((1 << 0) | (1 << 7) | (1 << 14) | (1 << 15));
/** True when neither address can be a martian nor the limited broadcast (IPV4_PLAIN_NIBBLES):
 *  one test that lets the forwarding path skip the checks one by one. */
// @ts-ignore: decorator
@inline export function ipv4BothPlain(a: u32, b: u32): bool {
  return ((IPV4_PLAIN_NIBBLES >>> (a >>> 28)) & (IPV4_PLAIN_NIBBLES >>> (b >>> 28)) & 1) != 0;
}
