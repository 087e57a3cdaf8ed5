// The TypeScript engine's views of one shared memory. Every twin file is a factory
// (`ipv4Fns(h, deps)`, `forwardFns(h, deps)`, ...) whose functions are the AssemblyScript
// file's functions, same names, same bodies: `U32[(p + OFF) >>> 2]` where the core has
// `load<u32>(p, OFF)`, `DV.getUint16(p)` where it has `bswap<u16>(load<u16>(p))`. engine.ts
// calls the factories once per engine, in import order, each getting the functions of the
// files it imports.
//
// Why factories and not module-level views rebound per memory: a module binding that can
// change is reloaded and hole-checked on every access, and so is everything derived from it
// (the array's length and data pointer, for each bounds check). A view captured as a `const`
// by a closure created once is a constant to V8's optimizing compiler (it specialises a
// function on its context when only one closure of it exists): the data pointer and length
// are folded into the code, and calls between the files' functions are calls to known
// targets, which it inlines. engine.ts makes one set per memory (engines over the same views
// share it); a process with twins over several memories (the tests) gets correct, slower code.
//
// Conventions (as the core): our own structures are little-endian and naturally aligned
// (U32/I32/F64 with index = byteOffset >>> 2, >>> 3); packet fields are network order at any
// offset (DV, big-endian, in wire/endian.ts only).

/** The typed views the twin reads memory through (host/dataplane/mem.ts builds them once per
 *  memory: the twin never creates typed arrays of its own). */
export interface HeapViews {
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly u32: Uint32Array;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
}

/** Capture hook of an engine (null: no captures wanted; counters.ts calls it). */
export type CaptureFn = (node: number, iface: number, dir: number, ptr: number, len: number) => void;

export class Heap {
  readonly MEM: HeapViews;
  readonly U8: Uint8Array;
  readonly U16: Uint16Array;
  readonly U32: Uint32Array;
  readonly I32: Int32Array;
  readonly F64: Float64Array;
  readonly DV: DataView;

  constructor(views: HeapViews) {
    this.MEM = views;
    this.U8 = views.u8;
    this.U16 = views.u16;
    this.U32 = views.u32;
    this.I32 = views.i32;
    this.F64 = views.f64;
    this.DV = new DataView(views.u8.buffer, views.u8.byteOffset, views.u8.byteLength);
  }
}

/** The core's memory.copy, for ranges that do not overlap (a frame into an output slot). */
export function heapFns(h: Heap) {
  const { U8, U32 } = h;

  /** 32-bit words when source and destination share their alignment (frames do: both sit at
   *  a slot offset), single octets at the ragged ends; writes exactly [dst, dst + len). */
  function memoryCopy(dst: number, src: number, len: number): void {
    let i = 0;
    if (((dst ^ src) & 3) === 0) {
      for (; i < len && ((dst + i) & 3) !== 0; i++) U8[dst + i] = U8[src + i];
      const d = (dst + i) >>> 2;
      const s = (src + i) >>> 2;
      const words = (len - i) >>> 2;
      for (let k = 0; k < words; k++) U32[d + k] = U32[s + k];
      i += words << 2;
    }
    for (; i < len; i++) U8[dst + i] = U8[src + i];
  }
  return { memoryCopy };
}
export type HeapFns = ReturnType<typeof heapFns>;
