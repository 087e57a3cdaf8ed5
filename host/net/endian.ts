// Byte order for the host side. Packet fields are network order (big-endian) and unaligned;
// inside the simulator an IPv4 address is a u32 in host order (addr.ts), so these four
// helpers are the only place the two meet. No bounds checks: the protocol modules check a
// header's length once, then read (as smoltcp's `new_checked` and gVisor's `IsValid`).

export function ld16be(b: Uint8Array, off: number): number {
  return (b[off] << 8) | b[off + 1];
}

/** Unsigned: the u32 form of addresses and sequence numbers. */
export function ld32be(b: Uint8Array, off: number): number {
  return ((b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3]) >>> 0;
}

export function st16be(b: Uint8Array, off: number, v: number): void {
  b[off] = v >>> 8;
  b[off + 1] = v;
}

export function st32be(b: Uint8Array, off: number, v: number): void {
  b[off] = v >>> 24;
  b[off + 1] = v >>> 16;
  b[off + 2] = v >>> 8;
  b[off + 3] = v;
}
