// Twin of assembly/wire/checksum.ts: the Internet checksum (RFC 1071).
import { U8 } from '../heap.ts';

/** Unfolded one's complement sum of `len` bytes at `p`, added to `seed`. */
export function onesSum(p: number, len: number, seed: number): number {
  let sum = seed;
  let i = 0;
  for (; i + 1 < len; i += 2) sum += (U8[p + i] << 8) | U8[p + i + 1];
  if (i < len) sum += U8[p + i] << 8;
  return sum;
}

/** Fold the carries back in (end-around carry) to 16 bits. */
export function foldSum(sum: number): number {
  sum = (sum & 0xffff) + (sum >>> 16);
  sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

export function internetChecksum(p: number, len: number): number {
  return ~foldSum(onesSum(p, len, 0)) & 0xffff;
}

/** One's complement add of a 16-bit value to a 16-bit checksum field (csum16_add). */
export function csum16Add(check: number, addend: number): number {
  const res = (check + addend) & 0xffff;
  return res < addend ? (res + 1) & 0xffff : res;
}
