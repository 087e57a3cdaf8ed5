// ARP for IPv4 over Ethernet (RFC 826), 28 octets after the Ethernet header:
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     hardware type (1 = Ethernet)  |  protocol type (0x0800)   |  0
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   | hw len (6)    | proto len (4) |  operation (1 request, 2 reply)|  4
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                sender hardware address (sha) …                |  8
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |             … sha     |     sender protocol address (spa) …   | 12
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |          … spa        |   target hardware address (tha) …     | 16
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                             … tha                             | 20
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                  target protocol address (tpa)                | 24
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

import type { Ip4, Mac } from './addr.ts';
import { ld16be, ld32be, st16be, st32be } from './endian.ts';
import type { WireError } from './error.ts';
import { ETHERTYPE_IPV4, ETH_ALEN } from './ethernet.ts';

// Field offsets, by row of the diagram (the addresses straddle rows).
export const ARP_HTYPE = 0, ARP_PTYPE = 2;
export const ARP_HLEN = 4, ARP_PLEN = 5, ARP_OP = 6;
export const ARP_SHA = 8, ARP_SPA = 14, ARP_THA = 18, ARP_TPA = 24;
export const ARP_LEN = 28; // veth does not pad, so an ARP frame is 42 octets

export const ARPHRD_ETHER = 1;
export const ARPOP_REQUEST = 1, ARPOP_REPLY = 2;

export interface Arp {
  op: number;
  sha: Mac;
  spa: Ip4;
  tha: Mac;
  tpa: Ip4;
}

/** arp_rcv's shape checks (length, Ethernet/IPv4 types and address lengths). The operation
 *  comes back as it is: receivers act on the ones they know and ignore the rest. Addresses
 *  are copies, safe to keep after the frame's buffer is reused. */
export function arpParse(b: Uint8Array): Arp | WireError {
  if (b.length < ARP_LEN) return 'truncated';
  if (ld16be(b, ARP_HTYPE) !== ARPHRD_ETHER || ld16be(b, ARP_PTYPE) !== ETHERTYPE_IPV4) return 'malformed';
  if (b[ARP_HLEN] !== ETH_ALEN || b[ARP_PLEN] !== 4) return 'malformed';
  return {
    op: ld16be(b, ARP_OP),
    sha: b.slice(ARP_SHA, ARP_SHA + ETH_ALEN),
    spa: ld32be(b, ARP_SPA),
    tha: b.slice(ARP_THA, ARP_THA + ETH_ALEN),
    tpa: ld32be(b, ARP_TPA),
  };
}

/** Writes the 28 octets at b[off]. */
export function arpEmit(b: Uint8Array, off: number, a: Arp): void {
  st16be(b, off + ARP_HTYPE, ARPHRD_ETHER);
  st16be(b, off + ARP_PTYPE, ETHERTYPE_IPV4);
  b[off + ARP_HLEN] = ETH_ALEN;
  b[off + ARP_PLEN] = 4;
  st16be(b, off + ARP_OP, a.op);
  b.set(a.sha, off + ARP_SHA);
  st32be(b, off + ARP_SPA, a.spa);
  b.set(a.tha, off + ARP_THA);
  st32be(b, off + ARP_TPA, a.tpa);
}

export function arpPacket(a: Arp): Uint8Array {
  const b = new Uint8Array(ARP_LEN);
  arpEmit(b, 0, a);
  return b;
}
