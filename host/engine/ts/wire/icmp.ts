// Twin of assembly/wire/icmp.ts (RFC 792 / RFC 1191 diagram there).
import type { Heap } from '../heap.ts';
import * as ENDIAN from './endian.ts';
import { type EndianFns } from './endian.ts';
import type { ChecksumFns } from './checksum.ts';
import * as L from '../../../layout.ts';

export const ICMP_TYPE = 0;
export const ICMP_CODE = 1;
export const ICMP_CSUM = 2;
export const ICMP_REST = 4; // identifier | unused
export const ICMP_MTU = 6; // sequence | next-hop MTU
export const ICMP_HDR_LEN = 8;
export const ICMP_ERROR_MAX = 576; // whole error datagram, RFC 1812 §4.3.2.3

export const ICMP_ECHO_REPLY = 0;
export const ICMP_DEST_UNREACH = 3;
export const ICMP_REDIRECT = 5;
export const ICMP_ECHO = 8;
export const ICMP_TIME_EXCEEDED = 11;
export const ICMP_PARAMETERPROB = 12;
export const ICMP_NR_TYPES = 18;

export const ICMP_NET_UNREACH = 0;
export const ICMP_HOST_UNREACH = 1;
export const ICMP_FRAG_NEEDED = 4;
export const ICMP_PKT_FILTERED = 13;
export const ICMP_EXC_TTL = 0;
export const ICMP_EXC_FRAGTIME = 1; // fragment reassembly time exceeded (ip_expire)
export const ICMP_REDIR_HOST = 1;

/** This file's numbers as the factory's consts: V8 folds those; an exported binding is a
 *  module cell it reloads, with a hole check, at every use. */
const NUMBERS = { ICMP_TYPE, ICMP_CODE, ICMP_CSUM, ICMP_REST, ICMP_MTU, ICMP_HDR_LEN };

export function icmpFns(h: Heap, d: { endian: EndianFns; checksum: ChecksumFns }) {
  const { ICMP_TYPE, ICMP_CODE, ICMP_CSUM, ICMP_REST, ICMP_MTU, ICMP_HDR_LEN } = NUMBERS;
  const { CHECK_OK } = ENDIAN;
  const { DROP_IP_TRUNCATED } = L;
  const { U8 } = h;
  const { ld16be, st16be } = d.endian;
  const { internetChecksum, foldSum, onesSum } = d.checksum;

  function icmpCheck(len: number): number {
    return len < ICMP_HDR_LEN ? DROP_IP_TRUNCATED : CHECK_OK;
  }
  /** icmp_pointers[type].error (see the AS twin): 1-7 and 9-12. */
  function icmpIsError(type: number): boolean {
    return type <= 12 && ((0x1efe >>> type) & 1) !== 0;
  }
  function icmpType(p: number): number {
    return U8[p + ICMP_TYPE];
  }
  function icmpChecksumOk(p: number, len: number): boolean {
    return foldSum(onesSum(p, len, 0)) === 0xffff;
  }
  function icmpEmitHeader(p: number, type: number, code: number, restHi: number, restLo: number): void {
    U8[p + ICMP_TYPE] = type;
    U8[p + ICMP_CODE] = code;
    st16be(p + ICMP_CSUM, 0);
    st16be(p + ICMP_REST, restHi);
    st16be(p + ICMP_MTU, restLo);
  }
  function icmpFillChecksum(p: number, len: number): void {
    st16be(p + ICMP_CSUM, 0);
    st16be(p + ICMP_CSUM, internetChecksum(p, len));
  }
  function icmpRest(p: number): number {
    return ld16be(p + ICMP_REST);
  }
  return { icmpCheck, icmpIsError, icmpType, icmpChecksumOk, icmpEmitHeader, icmpFillChecksum, icmpRest };
}
export type IcmpFns = ReturnType<typeof icmpFns>;
