// Twin of assembly/wire/arp.ts (RFC 826 diagram there).
import type { Heap } from '../heap.ts';
import * as ENDIAN from './endian.ts';
import { type EndianFns } from './endian.ts';
import * as L from '../../../layout.ts';

export const ARP_HTYPE = 0;
export const ARP_PTYPE = 2;
export const ARP_HLEN = 4;
export const ARP_PLEN = 5;
export const ARP_OP = 6;
export const ARP_SHA = 8;
export const ARP_SPA = ARP_SHA + 6;
export const ARP_THA = ARP_SPA + 4;
export const ARP_TPA = ARP_THA + 6;
export const ARP_LEN = ARP_TPA + 4; // 28

export const ARPHRD_ETHER = 1;
export const ARPHRD_IEEE802 = 6;
export const ARPOP_REQUEST = 1;
export const ARPOP_REPLY = 2;

/** This file's numbers as the factory's consts: V8 folds those; an exported binding is a
 *  module cell it reloads, with a hole check, at every use. */
const NUMBERS = { ARP_HTYPE, ARP_PTYPE, ARP_HLEN, ARP_PLEN, ARP_OP, ARP_SPA, ARP_TPA, ARP_LEN, ARPHRD_ETHER, ARPHRD_IEEE802, ARPOP_REQUEST, ARPOP_REPLY };

export function arpFns(h: Heap, d: { endian: EndianFns }) {
  const {
    ARP_HTYPE, ARP_PTYPE, ARP_HLEN, ARP_PLEN, ARP_OP, ARP_SPA, ARP_TPA, ARP_LEN, ARPHRD_ETHER, ARPHRD_IEEE802,
    ARPOP_REQUEST, ARPOP_REPLY,
  } = NUMBERS;
  const { CHECK_OK } = ENDIAN;
  const { DROP_ARP_MALFORMED } = L;
  const { U8 } = h;
  const { ld16be, ld32be, st16be, st32be } = d.endian;

  function arpCheck(p: number, len: number): number {
    if (len < ARP_LEN) return DROP_ARP_MALFORMED;
    const hrd = ld16be(p + ARP_HTYPE);
    if ((hrd !== ARPHRD_ETHER && hrd !== ARPHRD_IEEE802) || ld16be(p + ARP_PTYPE) !== 0x0800) return DROP_ARP_MALFORMED;
    if (U8[p + ARP_HLEN] !== 6 || U8[p + ARP_PLEN] !== 4) return DROP_ARP_MALFORMED;
    const op = ld16be(p + ARP_OP);
    if (op !== ARPOP_REQUEST && op !== ARPOP_REPLY) return DROP_ARP_MALFORMED;
    return CHECK_OK;
  }
  function arpOp(p: number): number {
    return ld16be(p + ARP_OP);
  }
  function arpSpa(p: number): number {
    return ld32be(p + ARP_SPA);
  }
  function arpTpa(p: number): number {
    return ld32be(p + ARP_TPA);
  }
  function arpSetHtype(p: number, hrd: number): void {
    st16be(p + ARP_HTYPE, hrd);
  }
  function arpSetOp(p: number, op: number): void {
    st16be(p + ARP_OP, op);
  }
  function arpSetSpa(p: number, a: number): void {
    st32be(p + ARP_SPA, a);
  }
  function arpSetTpa(p: number, a: number): void {
    st32be(p + ARP_TPA, a);
  }
  return { arpCheck, arpOp, arpSpa, arpTpa, arpSetHtype, arpSetOp, arpSetSpa, arpSetTpa };
}
export type ArpFns = ReturnType<typeof arpFns>;
