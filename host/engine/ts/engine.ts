// The TypeScript reference engine: binds the shared memory and runs nodeStep (node.ts).
import type { Dataplane } from '../../memory/build.ts';
import { BURST, type Engine, type EngineOptions } from '../engine.ts';
import { bindHeap, type CaptureFn } from './heap.ts';
import { nodeStep } from './node.ts';

export class TsEngine implements Engine {
  readonly name = 'ts' as const;
  readonly dataplane: Dataplane;
  private readonly ctxs: Uint32Array;
  private readonly capture: CaptureFn | null;

  constructor(dp: Dataplane, opts: EngineOptions = {}) {
    this.dataplane = dp;
    this.ctxs = Uint32Array.from(dp.nodes.map((n) => n.ctx));
    const hook = opts.capture;
    const u8 = dp.mem.u8;
    this.capture = hook ? (node, iface, dir, ptr, len) => hook(node, iface, dir === 0 ? 'rx' : 'tx', u8.subarray(ptr, ptr + len)) : null;
  }

  step(node: number, budget = BURST): number {
    bindHeap(this.dataplane.mem, this.capture);
    return nodeStep(this.ctxs[node], budget);
  }
}
