// Twin of assembly/wire/checksum.ts: the Internet checksum (RFC 1071).
import type { Heap } from '../heap.ts';

export function checksumFns(h: Heap) {
  const { U8, DV } = h;

  /** Unfolded one's complement sum of `len` bytes at `p`, added to `seed`. */
  function onesSum(p: number, len: number, seed: number): number {
    let sum = seed;
    let i = 0;
    for (; i + 1 < len; i += 2) sum += DV.getUint16(p + i);
    if (i < len) sum += U8[p + i] << 8;
    return sum;
  }

  /** Fold the carries back in (end-around carry) to 16 bits. */
  function foldSum(sum: number): number {
    sum = (sum & 0xffff) + (sum >>> 16);
    sum = (sum & 0xffff) + (sum >>> 16);
    return sum;
  }

  function internetChecksum(p: number, len: number): number {
    return ~foldSum(onesSum(p, len, 0)) & 0xffff;
  }

  /** An IPv4 header's native little-endian words (`len` a multiple of 4, at least 20), each
   *  word's halves added apart so the sum stays a small integer (see the AS twin). */
  function headerHalves(p: number, len: number): number {
    let sum = 0;
    for (let i = 0; i < len; i += 4) {
      const w = DV.getUint32(p + i, true);
      sum += (w & 0xffff) + (w >>> 16);
    }
    return sum;
  }

  /** Folded one's complement sum of an IPv4 header: the value of foldSum(onesSum(p, len, 0)),
   *  only the folded result swapped (the sum commutes with the byte swap, RFC 1071 §2(B)). */
  function headerSum(p: number, len: number): number {
    const f = foldSum(headerHalves(p, len));
    return ((f & 0xff) << 8) | (f >>> 8);
  }

  /** ipv4Check's test (see the AS twin): the halves' sum (not zero for a version-4 header)
   *  ≡ 0 mod 0xffff, without folding. */
  function headerSumOk(p: number, len: number): boolean {
    const sum = headerHalves(p, len);
    return sum !== 0 && sum % 0xffff === 0;
  }

  /** One's complement add of a 16-bit value to a 16-bit checksum field (csum16_add). */
  function csum16Add(check: number, addend: number): number {
    const res = (check + addend) & 0xffff;
    return res < addend ? (res + 1) & 0xffff : res;
  }
  return { onesSum, foldSum, internetChecksum, headerSum, headerSumOk, csum16Add };
}
export type ChecksumFns = ReturnType<typeof checksumFns>;
