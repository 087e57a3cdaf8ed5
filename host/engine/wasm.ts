// The WebAssembly engine: build/core.wasm (npm run asbuild) instantiated on the shared memory. A worker runtime instantiates the same module on the same memory in each
// worker (compileCore once, then instantiateCore per worker) and calls nodeStep(ctx, budget).
// Where the compiled module comes from is coreFile.ts: read from build/core.wasm under Node,
// handed in by the page in a browser (coreFile.browser.ts, swapped in by package.json's
// "browser" field, which bundlers honour).
import { BURST, type Engine, type EngineOptions, type CaptureHook } from './engine.ts';
import { compileCore } from './coreFile.ts';

export { compileCore };

/** What the core exports (assembly/index.ts). */
export interface CoreExports {
  nodeStep(ctx: number, budget: number): number;
  frameInput(ctx: number, iface: number, frame: number, len: number, meta: number): void;
  nodeFlush(ctx: number): void;
  /** The null engine's step (assembly/nullPath.ts): the same rings, copying only. */
  nullStep(ctx: number, node: number, budget: number): number;
  layoutValue(i: number): number;
  heapBase(): number;
  lpmLookup(base: number, addr: number): number;
  lpmAdd(base: number, prefix: number, len: number, value: number): number;
  lpmDelete(base: number, prefix: number, len: number): number;
  lpmRegionSize(maxPlies8: number, maxPlies4: number, maxRules: number): number;
  lpmInit(base: number, maxPlies8: number, maxPlies4: number, maxRules: number): void;
}

/** Instantiate the core on `memory`; `capture` receives (node, iface, dir, ptr, len). */
export function instantiateCore(
  module: WebAssembly.Module, memory: WebAssembly.Memory,
  capture: (node: number, iface: number, dir: number, ptr: number, len: number) => void = () => {},
): CoreExports {
  const inst = new WebAssembly.Instance(module, { env: { memory, capture, abort: () => { throw new Error('core abort'); } } });
  return inst.exports as unknown as CoreExports;
}

export class WasmEngine implements Engine {
  readonly name = 'wasm' as const;
  readonly nodeCount: number;
  readonly core: CoreExports;
  private readonly ctxs: Uint32Array;

  /** `ctxs[i]`: the context address of node i in `memory`. */
  constructor(memory: WebAssembly.Memory, ctxs: ArrayLike<number>, opts: EngineOptions = {}, module = compileCore()) {
    this.ctxs = Uint32Array.from(ctxs);
    this.nodeCount = this.ctxs.length;
    const hook: CaptureHook | undefined = opts.capture;
    const u8 = new Uint8Array(memory.buffer);
    this.core = instantiateCore(module, memory, hook
      ? (node, iface, dir, ptr, len) => hook(node, iface, dir === 0 ? 'rx' : 'tx', u8.subarray(ptr, ptr + len))
      : undefined);
  }

  step(node: number, budget = BURST): number {
    return this.core.nodeStep(this.ctxs[node], budget);
  }
}
