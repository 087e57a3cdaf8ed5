// ICMP for IPv4 (RFC 792; RFC 1191 for the next-hop MTU of "fragmentation needed"):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     Type      |     Code      |          Checksum             |  0
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   | echo: Identifier / errors: 0  | echo: Sequence / errors: MTU  |  4
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   | echo: data … / errors: the offending IP header + 8 octets …   |  8
//
// The second word ("rest of header") is carried as one u32; the checksum covers the whole
// message.

import { internetChecksum } from './checksum.ts';
import { ld16be, ld32be, st16be, st32be } from './endian.ts';
import type { WireError } from './error.ts';

// Field offsets, one line per row of the diagram.
export const ICMP_TYPE = 0, ICMP_CODE = 1, ICMP_CSUM = 2;
export const ICMP_REST = 4, ICMP_SEQ = 6; // identifier | unused, sequence | next-hop MTU
export const ICMP_HDR_LEN = 8;

// Types (the kernel's names), and the codes used here.
export const ICMP_ECHO_REPLY = 0, ICMP_DEST_UNREACH = 3, ICMP_SOURCE_QUENCH = 4, ICMP_REDIRECT = 5;
export const ICMP_ECHO = 8, ICMP_TIME_EXCEEDED = 11, ICMP_PARAMETERPROB = 12;
export const ICMP_NET_UNREACH = 0, ICMP_HOST_UNREACH = 1, ICMP_PORT_UNREACH = 3, ICMP_FRAG_NEEDED = 4; // of ICMP_DEST_UNREACH
export const NR_ICMP_UNREACH = 15; // the highest ICMP_DEST_UNREACH code
export const ICMP_EXC_TTL = 0, ICMP_EXC_FRAGTIME = 1; // of ICMP_TIME_EXCEEDED

/** The types that quote the offending packet (the kernel's icmp_is_err, tcpdump's ICMP_ERRTYPE). */
export function icmpIsError(type: number): boolean {
  return type === ICMP_DEST_UNREACH || type === ICMP_SOURCE_QUENCH || type === ICMP_REDIRECT
    || type === ICMP_TIME_EXCEEDED || type === ICMP_PARAMETERPROB;
}

/** icmp_pointers[type].error, what __icmp_send sends no error about: the five above and the
 *  unassigned 1, 2, 6, 7, 9 and 10, which the kernel's table marks as errors too. */
export function icmpNoErrorAbout(type: number): boolean {
  return type <= 12 && ((0x1efe >>> type) & 1) !== 0;
}

/** The second word of an echo request or reply. */
export function icmpEchoRest(id: number, seq: number): number {
  return (((id & 0xffff) << 16) | (seq & 0xffff)) >>> 0;
}

export interface IcmpView {
  type: number;
  code: number;
  checksum: number;
  rest: number;
  data: Uint8Array; // a view into the message
}

/** An ICMP message of b.length octets; with `verify`, a wrong checksum is an error (icmp_rcv
 *  checks it before looking at the type). */
export function icmpParse(b: Uint8Array, verify = true): IcmpView | WireError {
  if (b.length < ICMP_HDR_LEN) return 'truncated';
  if (verify && internetChecksum(b, 0, b.length) !== 0) return 'checksum';
  return { type: b[ICMP_TYPE], code: b[ICMP_CODE], checksum: ld16be(b, ICMP_CSUM), rest: ld32be(b, ICMP_REST), data: b.subarray(ICMP_HDR_LEN) };
}

/** Writes the header of the `len`-octet message at b[off] and fills its checksum; the data
 *  must already be in place at b[off + 8, off + len). */
export function icmpEmit(b: Uint8Array, off: number, type: number, code: number, rest: number, len: number): void {
  b[off + ICMP_TYPE] = type;
  b[off + ICMP_CODE] = code;
  st32be(b, off + ICMP_REST, rest);
  icmpFillChecksum(b, off, len);
}

/** A new message: header, then `data`. */
export function icmpMessage(type: number, code: number, rest: number, data: Uint8Array): Uint8Array {
  const b = new Uint8Array(ICMP_HDR_LEN + data.length);
  b.set(data, ICMP_HDR_LEN);
  icmpEmit(b, 0, type, code, rest, b.length);
  return b;
}

/** Recomputes the checksum of the `len`-octet message at b[off]. */
export function icmpFillChecksum(b: Uint8Array, off: number, len: number): void {
  st16be(b, off + ICMP_CSUM, 0);
  st16be(b, off + ICMP_CSUM, internetChecksum(b, off, len));
}
