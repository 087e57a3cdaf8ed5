// Ethernet II header (IEEE 802.3 clause 3.2, DIX framing), as a veth or a vmxnet3 NIC hands
// it to Linux: no preamble, no FCS, no 802.1Q tag.
//
//   octet  0        6        12         14
//          +--------+--------+----------+--------------------------+
//          |  dst   |  src   | EtherType| payload (IPv4, ARP, …)   |
//          |  MAC   |  MAC   | 0x0800/  |                          |
//          |  (6)   |  (6)   | 0x0806   |                          |
//          +--------+--------+----------+--------------------------+

import type { Mac } from './addr.ts';
import { ld16be, st16be } from './endian.ts';
import type { WireError } from './error.ts';

export const ETH_DST = 0, ETH_SRC = 6, ETH_TYPE = 12;
export const ETH_HDR_LEN = 14; // ETH_HLEN
export const ETH_ALEN = 6;

export const ETHERTYPE_IPV4 = 0x0800, ETHERTYPE_ARP = 0x0806;

export const BROADCAST_MAC: Mac = Uint8Array.of(255, 255, 255, 255, 255, 255);
export const ZERO_MAC: Mac = new Uint8Array(ETH_ALEN);

export interface EthView {
  dst: Uint8Array; // views into the frame, not copies
  src: Uint8Array;
  type: number;
  payload: Uint8Array;
}

export function ethParse(f: Uint8Array): EthView | WireError {
  if (f.length < ETH_HDR_LEN) return 'truncated';
  return {
    dst: f.subarray(ETH_DST, ETH_DST + ETH_ALEN),
    src: f.subarray(ETH_SRC, ETH_SRC + ETH_ALEN),
    type: ld16be(f, ETH_TYPE),
    payload: f.subarray(ETH_HDR_LEN),
  };
}

/** Writes the 14-octet header at f[off]; the caller has checked there is room. */
export function ethEmit(f: Uint8Array, off: number, dst: ArrayLike<number>, src: ArrayLike<number>, type: number): void {
  f.set(dst, off + ETH_DST);
  f.set(src, off + ETH_SRC);
  st16be(f, off + ETH_TYPE, type);
}

/** A new frame: header, then `payload` (veth does not pad short frames, so neither do we). */
export function ethFrame(dst: ArrayLike<number>, src: ArrayLike<number>, type: number, payload: Uint8Array): Uint8Array {
  const f = new Uint8Array(ETH_HDR_LEN + payload.length);
  ethEmit(f, 0, dst, src, type);
  f.set(payload, ETH_HDR_LEN);
  return f;
}

export function macIsBroadcast(m: ArrayLike<number>): boolean {
  for (let i = 0; i < ETH_ALEN; i++) if (m[i] !== 255) return false;
  return true;
}

export function macEqual(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < ETH_ALEN; i++) if (a[i] !== b[i]) return false;
  return true;
}
