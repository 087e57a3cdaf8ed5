// ICMP header (RFC 792; RFC 1191 for the next-hop MTU of "fragmentation needed"):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     Type      |     Code      |          Checksum             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  echo: Identifier / errors: unused  |  Sequence / next-hop MTU |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  echo: data … / errors: original IP header + leading data …   |

import { ld16be, st16be, CHECK_OK } from './endian';
import { internetChecksum, foldSum, onesSum } from './checksum';
import { DROP_IP_TRUNCATED } from '../layout';

// @ts-ignore: decorator
@inline export const ICMP_TYPE: u32 = 0;
// @ts-ignore: decorator
@inline export const ICMP_CODE: u32 = 1;
// @ts-ignore: decorator
@inline export const ICMP_CSUM: u32 = 2;
// @ts-ignore: decorator
@inline export const ICMP_REST: u32 = 4; // identifier | unused
// @ts-ignore: decorator
@inline export const ICMP_MTU: u32 = 6; // sequence | next-hop MTU
// @ts-ignore: decorator
@inline export const ICMP_HDR_LEN: u32 = 8;
// @ts-ignore: decorator
@inline export const ICMP_ERROR_MAX: u32 = 576; // whole error datagram, RFC 1812 §4.3.2.3

// @ts-ignore: decorator
@inline export const ICMP_ECHO_REPLY: u32 = 0;
// @ts-ignore: decorator
@inline export const ICMP_DEST_UNREACH: u32 = 3;
// @ts-ignore: decorator
@inline export const ICMP_REDIRECT: u32 = 5;
// @ts-ignore: decorator
@inline export const ICMP_ECHO: u32 = 8;
// @ts-ignore: decorator
@inline export const ICMP_TIME_EXCEEDED: u32 = 11;
// @ts-ignore: decorator
@inline export const ICMP_PARAMETERPROB: u32 = 12;
// @ts-ignore: decorator
@inline export const ICMP_NR_TYPES: u32 = 18; // NR_ICMP_TYPES

// @ts-ignore: decorator
@inline export const ICMP_NET_UNREACH: u32 = 0;
// @ts-ignore: decorator
@inline export const ICMP_HOST_UNREACH: u32 = 1;
// @ts-ignore: decorator
@inline export const ICMP_FRAG_NEEDED: u32 = 4;
// @ts-ignore: decorator
@inline export const ICMP_PKT_FILTERED: u32 = 13;
// @ts-ignore: decorator
@inline export const ICMP_EXC_TTL: u32 = 0;
// @ts-ignore: decorator
@inline export const ICMP_EXC_FRAGTIME: u32 = 1; // fragment reassembly time exceeded (ip_expire)
// @ts-ignore: decorator
@inline export const ICMP_REDIR_HOST: u32 = 1;

/** check_len for an ICMP message of `len` octets (the IP payload). */
// @ts-ignore: decorator
@inline export function icmpCheck(len: u32): u32 {
  return len < ICMP_HDR_LEN ? DROP_IP_TRUNCATED : CHECK_OK;
}

/** icmp_pointers[type].error, what __icmp_send sends no error about (RFC 1122): destination
 *  unreachable, source quench, redirect, time exceeded, parameter problem, and the unassigned
 *  1, 2, 6, 7, 9 and 10, which the table marks as errors too (handled by icmp_discard). */
// @ts-ignore: decorator
@inline export function icmpIsError(type: u32): bool {
  return type <= 12 && ((0x1efe >>> type) & 1) != 0; // bits 1-7, 9-12
}

// @ts-ignore: decorator
@inline export function icmpType(p: usize): u32 {
  return <u32>load<u8>(p, ICMP_TYPE);
}

/** True when the message's checksum is right. */
// @ts-ignore: decorator
@inline export function icmpChecksumOk(p: usize, len: u32): bool {
  return foldSum(onesSum(p, len, 0)) == 0xffff;
}

/** Write type, code, the 32-bit rest field as two halves, and leave the checksum zero. */
// @ts-ignore: decorator
@inline export function icmpEmitHeader(p: usize, type: u32, code: u32, restHi: u32, restLo: u32): void {
  store<u8>(p, <u8>type, ICMP_TYPE);
  store<u8>(p, <u8>code, ICMP_CODE);
  st16be(p + ICMP_CSUM, 0);
  st16be(p + ICMP_REST, restHi);
  st16be(p + ICMP_MTU, restLo);
}

/** Checksum over the whole message (header + data), field zeroed first. */
export function icmpFillChecksum(p: usize, len: u32): void {
  st16be(p + ICMP_CSUM, 0);
  st16be(p + ICMP_CSUM, internetChecksum(p, len));
}

// @ts-ignore: decorator
@inline export function icmpRest(p: usize): u32 {
  return ld16be(p + ICMP_REST);
}
