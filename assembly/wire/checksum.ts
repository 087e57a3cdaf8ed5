// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement
// sum of the data as big-endian 16-bit words (an odd last byte is padded with zero).

import { ld16be } from './endian';

/** Unfolded one's complement sum of `len` bytes at `p`, added to `seed`. The 32-bit
 *  accumulator cannot overflow for any frame that fits a slot (< 2^16 words of < 2^16). */
export function onesSum(p: usize, len: u32, seed: u32): u32 {
  let sum = seed;
  let i: u32 = 0;
  for (; i + 1 < len; i += 2) sum += ld16be(p + i);
  if (i < len) sum += <u32>load<u8>(p + i) << 8;
  return sum;
}

/** Fold the carries back in (end-around carry) to 16 bits. */
// @ts-ignore: decorator
@inline export function foldSum(sum: u32): u32 {
  sum = (sum & 0xffff) + (sum >>> 16);
  sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The checksum field value for `len` bytes at `p` (field itself must be zero or be
 *  included: a region with a correct checksum sums to 0xffff). */
// @ts-ignore: decorator
@inline export function internetChecksum(p: usize, len: u32): u32 {
  return ~foldSum(onesSum(p, len, 0)) & 0xffff;
}

/** The 16-bit digits of an IPv4 header's word sum, added (`len` a multiple of 4, 20..60):
 *  native little-endian u32 words go into a u64 (the sum does not depend on byte order, RFC
 *  1071 §2(B)); it stays below 15 × 2^32, and its digits (2^16 ≡ 2^32 ≡ 1 mod 0xffff) add up to
 *  less than 2 × 0xffff + 16, a value ≡ the sum, zero only for all-zero input. */
// @ts-ignore: decorator
@inline function headerDigits(p: usize, len: u32): u32 {
  let s: u64 = <u64>load<u32>(p) + <u64>load<u32>(p, 4) + <u64>load<u32>(p, 8)
    + <u64>load<u32>(p, 12) + <u64>load<u32>(p, 16);
  for (let i: u32 = 20; i < len; i += 4) s += <u64>load<u32>(p + i);
  return <u32>(s & 0xffff) + <u32>((s >>> 16) & 0xffff) + <u32>(s >>> 32);
}

/** Folded one's complement sum of an IPv4 header, as foldSum(onesSum(p, len, 0)) but a word at
 *  a time (headerDigits), only the folded result swapped: the same value, not just the same
 *  modulo 0xffff. */
// @ts-ignore: decorator
@inline export function headerSum(p: usize, len: u32): u32 {
  return <u32>bswap<u16>(<u16>foldSum(headerDigits(p, len)));
}

/** ipv4Check's test, ip_fast_csum(iph, ihl) == 0, decided without folding: a header whose first
 *  word is not zero (version 4) sums to 0xffff exactly when its digit sum is ≡ 0 (mod 0xffff)
 *  and not zero, which below 2 × 0xffff + 16 leaves 0xffff and 2 × 0xffff. (1.3% of the seed's
 *  journey against the fold: BENCHMARKS.md) */
// @ts-ignore: decorator
@inline export function headerSumOk(p: usize, len: u32): bool {
  const d = headerDigits(p, len);
  return (<u32>(d == 0xffff) | <u32>(d == 0x1fffe)) != 0;
}

/** One's complement add of a 16-bit value to a 16-bit checksum field (the kernel's
 *  csum16_add: end-around carry). */
// @ts-ignore: decorator
@inline export function csum16Add(check: u32, addend: u32): u32 {
  const res = (check + addend) & 0xffff;
  return res < addend ? (res + 1) & 0xffff : res;
}
