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

/** Folded one's complement sum of an IPv4 header (`len` a multiple of 4, at least 20): the
 *  value of foldSum(onesSum(p, len, 0)), four octets per iteration (see the AS twin). */
export function headerSum(p: number, len: number): number {
  let sum = 0;
  for (let i = 0; i < len; i += 4) sum += ((U8[p + i] + U8[p + i + 2]) << 8) + U8[p + i + 1] + U8[p + i + 3];
  return foldSum(sum);
}

/** One's complement add of a 16-bit value to a 16-bit checksum field (csum16_add). */
export function csum16Add(check: number, addend: number): number {
  const res = (check + addend) & 0xffff;
  return res < addend ? (res + 1) & 0xffff : res;
}
