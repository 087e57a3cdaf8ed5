// The null engine: the ceiling of the path a frame takes, without the dataplane. Each step runs
// the core module's nullStep (assembly/nullPath.ts), which carries every frame along the same
// rings as nodeStep, with the same ring endpoint and books, and only copies: wasm/null is what
// the dataplane's parsing and decisions cost on top of moving the frame, measured between two
// loops compiled alike over one memory.
import { BURST, type Engine } from './engine.ts';
import { instantiateCore, type CoreExports } from './wasm.ts';

export class NullEngine implements Engine {
  readonly name = 'null' as const;
  readonly nodeCount: number;
  private readonly ctxs: Uint32Array;
  private readonly core: CoreExports;

  /** `ctxs[i]`: the context address of node i in `memory`; `module`: the compiled core. */
  constructor(memory: WebAssembly.Memory, ctxs: ArrayLike<number>, module: WebAssembly.Module) {
    this.ctxs = Uint32Array.from(ctxs);
    this.nodeCount = this.ctxs.length;
    this.core = instantiateCore(module, memory);
  }

  step(node: number, budget = BURST): number {
    return this.core.nullStep(this.ctxs[node], node, budget);
  }
}
