// The TypeScript reference engine: binds the shared memory and runs nodeStep (node.ts).
import { BURST, type Engine, type EngineOptions } from '../engine.ts';
import { bindHeap, type CaptureFn, type HeapViews } from './heap.ts';
import { nodeStep } from './node.ts';
import { raiseInliningBudget } from './v8tuning.ts';

export class TsEngine implements Engine {
  readonly name = 'ts' as const;
  readonly nodeCount: number;
  private readonly heap: HeapViews;
  private readonly ctxs: Uint32Array;
  private readonly capture: CaptureFn | null;

  /** `ctxs[i]`: the context address of node i in `heap`. */
  constructor(heap: HeapViews, ctxs: ArrayLike<number>, opts: EngineOptions = {}) {
    raiseInliningBudget();
    this.heap = heap;
    this.ctxs = Uint32Array.from(ctxs);
    this.nodeCount = this.ctxs.length;
    const hook = opts.capture;
    const u8 = heap.u8;
    this.capture = hook ? (node, iface, dir, ptr, len) => hook(node, iface, dir === 0 ? 'rx' : 'tx', u8.subarray(ptr, ptr + len)) : null;
  }

  step(node: number, budget = BURST): number {
    bindHeap(this.heap, this.capture);
    return nodeStep(this.ctxs[node], budget);
  }
}
