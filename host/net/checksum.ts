// The Internet checksum (RFC 1071) and its incremental forms (RFC 1624), over byte arrays.
// The forwarding core has its own copy over linear memory (assembly/wire/checksum.ts and
// the TS twin); this one serves everything else on the host: pod stacks, frame builders,
// the fuzzer and the capture decoders.

/** Unfolded one's complement sum of the big-endian 16-bit words of b[off, off+len), added
 *  to `seed` (a pseudo-header sum, say). An odd last octet is padded with zero (RFC 1071
 *  §4.1). Stays below 2^32 for any packet up to 64 KiB, so foldSum can use 32-bit shifts. */
export function onesSum(b: Uint8Array, off: number, len: number, seed = 0): number {
  let sum = seed;
  const end = off + len;
  let i = off;
  for (; i + 1 < end; i += 2) sum += (b[i] << 8) | b[i + 1];
  if (i < end) sum += b[i] << 8;
  return sum;
}

/** End-around carry until the sum fits in 16 bits (not complemented). */
export function foldSum(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The checksum field value for b[off, off+len) with the field itself zero; over data that
 *  includes a correct checksum field the result is 0 (how receivers verify, ip_fast_csum). */
export function internetChecksum(b: Uint8Array, off: number, len: number, seed = 0): number {
  return ~foldSum(onesSum(b, off, len, seed)) & 0xffff;
}

/** RFC 1624 eqn. 3: the checksum after one 16-bit word of the data changed from `from` to
 *  `to`, HC' = ~(~HC + ~m + m'), without summing the data again (csum_replace2). */
export function checksumReplace16(check: number, from: number, to: number): number {
  return ~foldSum((~check & 0xffff) + (~from & 0xffff) + (to & 0xffff)) & 0xffff;
}

/** What a wrong checksum field should have held, given `computed` = internetChecksum over
 *  the data with the wrong field in place: tcpdump's in_cksum_shouldbe (RFC 1624 again). */
export function checksumShouldBe(field: number, computed: number): number {
  let v = field + computed;
  v = (v & 0xffff) + (v >>> 16);
  v = (v & 0xffff) + (v >>> 16);
  return v & 0xffff;
}
