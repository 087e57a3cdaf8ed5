// Byte order lives here and nowhere else: packet fields are network order (big-endian) and
// unaligned, our own structures are little-endian. Inside the core an IPv4 address is a u32
// in host order (as DPDK's `uint32_t ip`); only these helpers convert.

/** Returned by the *Check functions when the header is valid (otherwise a DropReason). */
// @ts-ignore: decorator
@inline export const CHECK_OK: u32 = 0xffffffff;

// @ts-ignore: decorator
@inline export function ld16be(p: usize): u32 {
  return <u32>bswap<u16>(load<u16>(p));
}
// @ts-ignore: decorator
@inline export function ld32be(p: usize): u32 {
  return bswap<u32>(load<u32>(p));
}
// @ts-ignore: decorator
@inline export function st16be(p: usize, v: u32): void {
  store<u16>(p, bswap<u16>(<u16>v));
}
// @ts-ignore: decorator
@inline export function st32be(p: usize, v: u32): void {
  store<u32>(p, bswap<u32>(v));
}

/** 6-byte MAC copy (frames may overlap nothing here: src and dst are distinct fields). */
// @ts-ignore: decorator
@inline export function macCopy(dst: usize, src: usize): void {
  store<u32>(dst, load<u32>(src));
  store<u16>(dst, load<u16>(src, 4), 4);
}
// @ts-ignore: decorator
@inline export function macEqual(a: usize, b: usize): bool {
  return load<u32>(a) == load<u32>(b) && load<u16>(a, 4) == load<u16>(b, 4);
}
/** A group address, broadcast included (is_multicast_ether_addr: the I/G bit). */
// @ts-ignore: decorator
@inline export function macIsGroup(a: usize): bool {
  return (load<u8>(a) & 1) != 0;
}
