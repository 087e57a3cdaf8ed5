// Ethernet II header (IEEE 802.3 framing as Linux sends it on veth and ens160):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                 destination MAC (6 octets) …                  |
//   +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                               |    source MAC (6 octets) …    |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
//   |                                                               |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |           EtherType           |   payload …
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// No FCS (Linux never shows it) and no 802.1Q tag (an 0x8100 frame is an unknown type).

import { ld16be, st16be, macCopy, CHECK_OK } from './endian';
import { DROP_ETH_TRUNCATED } from '../layout';

// @ts-ignore: decorator
@inline export const ETH_DST: u32 = 0;
// @ts-ignore: decorator
@inline export const ETH_SRC: u32 = 6;
// @ts-ignore: decorator
@inline export const ETH_TYPE: u32 = 12;
// @ts-ignore: decorator
@inline export const ETH_HDR_LEN: u32 = 14; // 6 + 6 + 2
// @ts-ignore: decorator
@inline export const ETHERTYPE_IPV4: u32 = 0x0800;
// @ts-ignore: decorator
@inline export const ETHERTYPE_ARP: u32 = 0x0806;
// @ts-ignore: decorator
@inline export const ETH_MTU_SLACK: u32 = ETH_HDR_LEN + 4; // is_skb_forwardable: mtu + hard_header_len + VLAN_HLEN

/** check_len: the only bounds check; accessors below read without checks afterwards. */
// @ts-ignore: decorator
@inline export function ethCheck(len: u32): u32 {
  return len < ETH_HDR_LEN ? DROP_ETH_TRUNCATED : CHECK_OK;
}
// @ts-ignore: decorator
@inline export function ethType(f: usize): u32 {
  return ld16be(f + ETH_TYPE);
}
/** Write the whole header (dst, src from MAC fields elsewhere in memory, type). */
// @ts-ignore: decorator
@inline export function ethEmit(f: usize, dstMac: usize, srcMac: usize, type: u32): void {
  macCopy(f + ETH_DST, dstMac);
  macCopy(f + ETH_SRC, srcMac);
  st16be(f + ETH_TYPE, type);
}
