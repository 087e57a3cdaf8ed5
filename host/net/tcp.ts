// TCP header (RFC 793 §3.1; RFC 3168 for CWR/ECE), what a host without listeners needs: the
// fields a reset is made from, and the checksum over the IPv4 pseudo-header.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |          Source Port          |       Destination Port        |  0
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                        Sequence Number                        |  4
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Acknowledgment Number                      |  8
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  Data |       |C|E|U|A|P|R|S|F|                               |
//   | Offset|  Res. |W|C|R|C|S|S|Y|I|            Window             | 12
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |           Checksum            |         Urgent Pointer        | 16
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

import type { Ip4 } from './addr.ts';
import { internetChecksum } from './checksum.ts';
import { ld16be, ld32be, st16be, st32be } from './endian.ts';
import type { WireError } from './error.ts';
import { IPPROTO_TCP, ipv4PseudoSum } from './ipv4.ts';

// Field offsets, one line per row of the diagram.
export const TCP_SPORT = 0, TCP_DPORT = 2;
export const TCP_SEQ = 4;
export const TCP_ACK = 8;
export const TCP_DOFF = 12, TCP_FLAGS = 13, TCP_WINDOW = 14;
export const TCP_CSUM = 16, TCP_URG = 18;
export const TCP_HDR_LEN = 20;

export const TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04, TCP_PSH = 0x08, TCP_ACKF = 0x10;

export interface TcpView {
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  hdrLen: number; // data offset × 4
  flags: number;
  /** Octets after the header (options excluded). */
  dataLen: number;
}

/** A segment filling b (the IP payload), checked as tcp_v4_rcv does before any lookup: a
 *  whole 20-octet header, a data offset of at least 5 words that fits, and, with `addrs`, the
 *  checksum (no "no checksum" value in TCP). */
export function tcpParse(b: Uint8Array, addrs?: { src: Ip4; dst: Ip4 }): TcpView | WireError {
  if (b.length < TCP_HDR_LEN) return 'truncated';
  const hdrLen = (b[TCP_DOFF] >> 4) * 4;
  if (hdrLen < TCP_HDR_LEN) return 'malformed';
  if (hdrLen > b.length) return 'truncated';
  if (addrs && tcpChecksum(b, 0, b.length, addrs) !== 0) return 'checksum';
  return {
    sport: ld16be(b, TCP_SPORT), dport: ld16be(b, TCP_DPORT), seq: ld32be(b, TCP_SEQ), ack: ld32be(b, TCP_ACK),
    hdrLen, flags: b[TCP_FLAGS], dataLen: b.length - hdrLen,
  };
}

/** Internet checksum of the `len`-octet segment at b[off] under its pseudo-header. */
export function tcpChecksum(b: Uint8Array, off: number, len: number, addrs: { src: Ip4; dst: Ip4 }): number {
  return internetChecksum(b, off, len, ipv4PseudoSum(addrs.src, addrs.dst, IPPROTO_TCP, len));
}

export interface TcpFields {
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
}

/** A 20-octet segment without data or options, checksum filled for `addrs`. */
export function tcpSegment(f: TcpFields, addrs: { src: Ip4; dst: Ip4 }): Uint8Array {
  const b = new Uint8Array(TCP_HDR_LEN);
  st16be(b, TCP_SPORT, f.sport);
  st16be(b, TCP_DPORT, f.dport);
  st32be(b, TCP_SEQ, f.seq >>> 0);
  st32be(b, TCP_ACK, f.ack >>> 0);
  b[TCP_DOFF] = (TCP_HDR_LEN / 4) << 4;
  b[TCP_FLAGS] = f.flags;
  st16be(b, TCP_WINDOW, f.window);
  st16be(b, TCP_CSUM, tcpChecksum(b, 0, TCP_HDR_LEN, addrs));
  return b;
}

/** A segment with `options` (a multiple of 4 octets) and `data`, checksum filled for `addrs`. */
export function tcpSegmentWith(f: TcpFields, options: Uint8Array, data: Uint8Array, addrs: { src: Ip4; dst: Ip4 }): Uint8Array {
  const hl = TCP_HDR_LEN + options.length;
  const b = new Uint8Array(hl + data.length);
  st16be(b, TCP_SPORT, f.sport);
  st16be(b, TCP_DPORT, f.dport);
  st32be(b, TCP_SEQ, f.seq >>> 0);
  st32be(b, TCP_ACK, f.ack >>> 0);
  b[TCP_DOFF] = (hl / 4) << 4;
  b[TCP_FLAGS] = f.flags;
  st16be(b, TCP_WINDOW, f.window);
  b.set(options, TCP_HDR_LEN);
  b.set(data, hl);
  st16be(b, TCP_CSUM, tcpChecksum(b, 0, b.length, addrs));
  return b;
}
