// Twin of assembly/wire/endian.ts: byte order lives here and nowhere else.
import { U8 } from '../heap.ts';

/** Returned by the *Check functions when the header is valid (otherwise a DropReason). */
export const CHECK_OK = 0xffffffff;

export function ld16be(p: number): number {
  return (U8[p] << 8) | U8[p + 1];
}
export function ld32be(p: number): number {
  return ((U8[p] << 24) | (U8[p + 1] << 16) | (U8[p + 2] << 8) | U8[p + 3]) >>> 0;
}
export function st16be(p: number, v: number): void {
  U8[p] = v >>> 8;
  U8[p + 1] = v;
}
export function st32be(p: number, v: number): void {
  U8[p] = v >>> 24;
  U8[p + 1] = v >>> 16;
  U8[p + 2] = v >>> 8;
  U8[p + 3] = v;
}

export function macCopy(dst: number, src: number): void {
  U8[dst] = U8[src];
  U8[dst + 1] = U8[src + 1];
  U8[dst + 2] = U8[src + 2];
  U8[dst + 3] = U8[src + 3];
  U8[dst + 4] = U8[src + 4];
  U8[dst + 5] = U8[src + 5];
}
export function macEqual(a: number, b: number): boolean {
  return U8[a] === U8[b] && U8[a + 1] === U8[b + 1] && U8[a + 2] === U8[b + 2]
    && U8[a + 3] === U8[b + 3] && U8[a + 4] === U8[b + 4] && U8[a + 5] === U8[b + 5];
}
export function macIsBroadcast(a: number): boolean {
  return (U8[a] & U8[a + 1] & U8[a + 2] & U8[a + 3] & U8[a + 4] & U8[a + 5]) === 0xff;
}
