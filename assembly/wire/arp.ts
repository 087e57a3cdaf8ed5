// ARP packet for Ethernet/IPv4 (RFC 826), the only form Linux accepts on these devices (hardware
// type 1, or 6 = IEEE 802: arp_process takes both on ARPHRD_ETHER devices; replies say 1):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |    hardware type (1 or 6)     |    protocol type (0x0800)     |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  hlen (6)     |   plen (4)    |      operation (1 req, 2 rep) |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  sender HW address (6) … | sender IP (4) … | target HW (6) …  |
//   |  … target IP (4)                                              |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

import { ld16be, ld32be, st16be, st32be, CHECK_OK } from './endian';
import { DROP_ARP_MALFORMED } from '../layout';

// @ts-ignore: decorator
@inline export const ARP_HTYPE: u32 = 0;
// @ts-ignore: decorator
@inline export const ARP_PTYPE: u32 = 2;
// @ts-ignore: decorator
@inline export const ARP_HLEN: u32 = 4;
// @ts-ignore: decorator
@inline export const ARP_PLEN: u32 = 5;
// @ts-ignore: decorator
@inline export const ARP_OP: u32 = 6;
// @ts-ignore: decorator
@inline export const ARP_SHA: u32 = 8;
// @ts-ignore: decorator
@inline export const ARP_SPA: u32 = ARP_SHA + 6;
// @ts-ignore: decorator
@inline export const ARP_THA: u32 = ARP_SPA + 4;
// @ts-ignore: decorator
@inline export const ARP_TPA: u32 = ARP_THA + 6;
// @ts-ignore: decorator
@inline export const ARP_LEN: u32 = ARP_TPA + 4; // 28

// @ts-ignore: decorator
@inline export const ARPHRD_ETHER: u32 = 1;
// @ts-ignore: decorator
@inline export const ARPHRD_IEEE802: u32 = 6;
// @ts-ignore: decorator
@inline export const ARPOP_REQUEST: u32 = 1;
// @ts-ignore: decorator
@inline export const ARPOP_REPLY: u32 = 2;

/** arp_rcv's checks (room for the packet, hlen 6, plen 4) and arp_process's on an Ethernet
 *  device: hardware type ARPHRD_ETHER or ARPHRD_IEEE802, protocol IPv4, a known op. */
export function arpCheck(p: usize, len: u32): u32 {
  if (len < ARP_LEN) return DROP_ARP_MALFORMED;
  const hrd = ld16be(p + ARP_HTYPE);
  if ((hrd != ARPHRD_ETHER && hrd != ARPHRD_IEEE802) || ld16be(p + ARP_PTYPE) != 0x0800) return DROP_ARP_MALFORMED;
  if (<u32>load<u8>(p, ARP_HLEN) != 6 || <u32>load<u8>(p, ARP_PLEN) != 4) return DROP_ARP_MALFORMED;
  const op = ld16be(p + ARP_OP);
  if (op != ARPOP_REQUEST && op != ARPOP_REPLY) return DROP_ARP_MALFORMED;
  return CHECK_OK;
}

// @ts-ignore: decorator
@inline export function arpOp(p: usize): u32 {
  return ld16be(p + ARP_OP);
}
// @ts-ignore: decorator
@inline export function arpSpa(p: usize): u32 {
  return ld32be(p + ARP_SPA);
}
// @ts-ignore: decorator
@inline export function arpTpa(p: usize): u32 {
  return ld32be(p + ARP_TPA);
}
/** arp_create writes the device's own type (dev->type), whatever the request said. */
// @ts-ignore: decorator
@inline export function arpSetHtype(p: usize, hrd: u32): void {
  st16be(p + ARP_HTYPE, hrd);
}
// @ts-ignore: decorator
@inline export function arpSetOp(p: usize, op: u32): void {
  st16be(p + ARP_OP, op);
}
// @ts-ignore: decorator
@inline export function arpSetSpa(p: usize, a: u32): void {
  st32be(p + ARP_SPA, a);
}
// @ts-ignore: decorator
@inline export function arpSetTpa(p: usize, a: u32): void {
  st32be(p + ARP_TPA, a);
}
