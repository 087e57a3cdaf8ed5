// UDP header (RFC 768):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |          Source Port          |       Destination Port        |  0
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |            Length             |           Checksum            |  4
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                          data …                               |  8
//
// Over IPv4 the checksum is optional: 0 means "not computed", and a computed 0 is sent as
// 0xffff. It covers the IPv4 pseudo-header (ipv4PseudoSum), the header and the data.

import type { Ip4 } from './addr.ts';
import { internetChecksum } from './checksum.ts';
import { ld16be, st16be } from './endian.ts';
import type { WireError } from './error.ts';
import { IPPROTO_UDP, ipv4PseudoSum } from './ipv4.ts';

// Field offsets, one line per row of the diagram.
export const UDP_SPORT = 0, UDP_DPORT = 2;
export const UDP_LEN = 4, UDP_CSUM = 6;
export const UDP_HDR_LEN = 8;

/** The addresses of the IPv4 header around the datagram, for its checksum. */
export interface UdpAddrs {
  src: Ip4;
  dst: Ip4;
}

export interface UdpView {
  sport: number;
  dport: number;
  len: number;
  checksum: number;
  payload: Uint8Array; // b[8, len), a view
}

/** A datagram in b (the IP payload, padding allowed after `len`). With `addrs`, a non-zero
 *  checksum is verified as udp4_csum_init does. */
export function udpParse(b: Uint8Array, addrs?: UdpAddrs): UdpView | WireError {
  if (b.length < UDP_HDR_LEN) return 'truncated';
  const len = ld16be(b, UDP_LEN);
  if (len < UDP_HDR_LEN) return 'malformed';
  if (len > b.length) return 'truncated';
  const checksum = ld16be(b, UDP_CSUM);
  if (addrs && checksum !== 0 && udpChecksum(b, 0, len, addrs) !== 0) return 'checksum';
  return { sport: ld16be(b, UDP_SPORT), dport: ld16be(b, UDP_DPORT), len, checksum, payload: b.subarray(UDP_HDR_LEN, len) };
}

/** Internet checksum of the `len`-octet datagram at b[off] under its pseudo-header. */
export function udpChecksum(b: Uint8Array, off: number, len: number, addrs: UdpAddrs): number {
  return internetChecksum(b, off, len, ipv4PseudoSum(addrs.src, addrs.dst, IPPROTO_UDP, len));
}

/** Writes the header of the `len`-octet datagram at b[off]; the data must be in place. The
 *  checksum is computed when `addrs` is given, else left 0 (not computed). */
export function udpEmit(b: Uint8Array, off: number, sport: number, dport: number, len: number, addrs?: UdpAddrs): void {
  st16be(b, off + UDP_SPORT, sport);
  st16be(b, off + UDP_DPORT, dport);
  st16be(b, off + UDP_LEN, len);
  st16be(b, off + UDP_CSUM, 0);
  if (addrs) st16be(b, off + UDP_CSUM, udpChecksum(b, off, len, addrs) || 0xffff);
}

/** A new datagram: header, then `data`. */
export function udpDatagram(sport: number, dport: number, data: Uint8Array, addrs?: UdpAddrs): Uint8Array {
  const b = new Uint8Array(UDP_HDR_LEN + data.length);
  b.set(data, UDP_HDR_LEN);
  udpEmit(b, 0, sport, dport, b.length, addrs);
  return b;
}
