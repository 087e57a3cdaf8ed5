// Twin of assembly/wire/endian.ts: byte order lives here and nowhere else. Packet fields are
// network order at any offset; DataView loads and stores (big-endian unless told) compile to
// one unaligned access and a byte swap, as bswap(load<u16/u32>) does in the core.
import type { Heap } from '../heap.ts';

/** Returned by the *Check functions when the header is valid (otherwise a DropReason). The
 *  core's is 0xffffffff; here a small integer, which V8 never boxes. */
export const CHECK_OK = -1;

export function endianFns(h: Heap) {
  const { DV } = h;

  function ld16be(p: number): number {
    return DV.getUint16(p);
  }
  function ld32be(p: number): number {
    return DV.getUint32(p);
  }
  function st16be(p: number, v: number): void {
    DV.setUint16(p, v);
  }
  function st32be(p: number, v: number): void {
    DV.setUint32(p, v);
  }

  /** 6-byte MAC copy: one 32-bit and one 16-bit move, as the core. */
  function macCopy(dst: number, src: number): void {
    DV.setUint32(dst, DV.getUint32(src, true), true);
    DV.setUint16(dst + 4, DV.getUint16(src + 4, true), true);
  }
  function macEqual(a: number, b: number): boolean {
    return DV.getInt32(a, true) === DV.getInt32(b, true) && DV.getUint16(a + 4, true) === DV.getUint16(b + 4, true);
  }
  /** A group address, broadcast included (is_multicast_ether_addr: the I/G bit). */
  function macIsGroup(a: number): boolean {
    return (DV.getUint8(a) & 1) !== 0;
  }
  return { ld16be, ld32be, st16be, st32be, macCopy, macEqual, macIsGroup };
}
export type EndianFns = ReturnType<typeof endianFns>;
