// Twin of assembly/wire/ethernet.ts (diagram there): Ethernet II, no FCS, no 802.1Q.
import type { Heap } from '../heap.ts';
import * as ENDIAN from './endian.ts';
import { type EndianFns } from './endian.ts';
import * as L from '../../../layout.ts';

export const ETH_DST = 0;
export const ETH_SRC = 6;
export const ETH_TYPE = 12;
export const ETH_HDR_LEN = 14; // 6 + 6 + 2
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETH_MTU_SLACK = ETH_HDR_LEN + 4; // is_skb_forwardable: mtu + hard_header_len + VLAN_HLEN

/** This file's numbers as the factory's consts: V8 folds those; an exported binding is a
 *  module cell it reloads, with a hole check, at every use. */
const NUMBERS = { ETH_DST, ETH_SRC, ETH_TYPE, ETH_HDR_LEN };

export function ethernetFns(h: Heap, d: { endian: EndianFns }) {
  const { ETH_DST, ETH_SRC, ETH_TYPE, ETH_HDR_LEN } = NUMBERS;
  const { CHECK_OK } = ENDIAN;
  const { DROP_ETH_TRUNCATED } = L;
  const { ld16be, st16be, macCopy } = d.endian;

  function ethCheck(len: number): number {
    return len < ETH_HDR_LEN ? DROP_ETH_TRUNCATED : CHECK_OK;
  }
  function ethType(f: number): number {
    return ld16be(f + ETH_TYPE);
  }
  function ethEmit(f: number, dstMac: number, srcMac: number, type: number): void {
    macCopy(f + ETH_DST, dstMac);
    macCopy(f + ETH_SRC, srcMac);
    st16be(f + ETH_TYPE, type);
  }
  return { ethCheck, ethType, ethEmit };
}
export type EthernetFns = ReturnType<typeof ethernetFns>;
