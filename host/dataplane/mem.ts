// Typed views over the simulator's one linear memory (the WebAssembly.Memory buffer,
// a SharedArrayBuffer). The host side (builder, rings, readers) and the TypeScript twin
// (it takes a Mem as its HeapViews) read and write the same bytes as the WASM core through
// these views, so everyone shares one binary layout. Creating one has no side effect.
//
// Conventions (match the AssemblyScript side):
// - our own structures (ring headers, node context, LPM, counters) are little-endian,
//   naturally aligned: read them through u32/i32/f64 with index = byteOffset >>> 2 (>>> 3);
// - packet bytes are network order and unaligned: read them through u8.
// The views are created once; the memory is sized up front and never grown (a grown
// SharedArrayBuffer would leave these views on the old length).

import type { HeapViews } from '../engine/ts/heap.ts';

export class Mem implements HeapViews {
  readonly buffer: ArrayBufferLike;
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly u32: Uint32Array;
  readonly i32: Int32Array;
  readonly f64: Float64Array;

  constructor(buffer: ArrayBufferLike) {
    this.buffer = buffer;
    this.u8 = new Uint8Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.u32 = new Uint32Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer);
  }
}
