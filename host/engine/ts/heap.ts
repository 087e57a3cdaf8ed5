// The TypeScript engine's view of the shared memory: module-level typed arrays bound once
// per step (bindHeap), so the data-path functions read like the AssemblyScript twins
// (`U32[(p + OFF) >>> 2]` where the core has `load<u32>(p, OFF)`) without passing a
// memory object around or allocating anything per packet.
/** The typed views the twin reads memory through (host/dataplane/mem.ts builds them once per
 *  memory: the twin never creates views of its own). */
export interface HeapViews {
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly u32: Uint32Array;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
}

export let MEM: HeapViews;
export let U8: Uint8Array;
export let U16: Uint16Array;
export let U32: Uint32Array;
export let I32: Int32Array;
export let F64: Float64Array;

/** Capture hook of the engine currently stepping (null: no engine wants captures). */
export type CaptureFn = (node: number, iface: number, dir: number, ptr: number, len: number) => void;
export let CAPTURE: CaptureFn | null = null;

export function bindHeap(m: HeapViews, capture: CaptureFn | null): void {
  if (MEM !== m) {
    MEM = m;
    U8 = m.u8;
    U16 = m.u16;
    U32 = m.u32;
    I32 = m.i32;
    F64 = m.f64;
  }
  CAPTURE = capture;
}
