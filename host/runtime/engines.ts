// The engines a worker can run, behind one call: step(ctx, budget) → frames taken.
// Loaded inside each worker on the shared memory (the WASM module is compiled per worker:
// a few ms, once per session).

import { readFile } from 'node:fs/promises';

export type EngineName = 'null' | 'ts' | 'wasm';

export interface StepEngine {
  readonly name: EngineName;
  /** One step of the node at `ctx`: at most `budget` frames per input ring; returns frames taken. */
  step(ctx: number, budget: number): number;
}

const WASM_URL = new URL('../../build/core.wasm', import.meta.url);

export async function loadEngine(name: EngineName, memory: WebAssembly.Memory): Promise<StepEngine> {
  switch (name) {
    case 'wasm': {
      const bytes = await readFile(WASM_URL).catch(() => {
        throw new Error(`cannot read ${WASM_URL.pathname}: run \`npm run asbuild\` first`);
      });
      const { instance } = await WebAssembly.instantiate(bytes, {
        // the benchmark never sets IFF_CAPTURE_*, so the hook is never called
        env: { memory, capture: () => {} },
      });
      const nodeStep = instance.exports.nodeStep as (ctx: number, budget: number) => number;
      return { name, step: (ctx, budget) => nodeStep(ctx, budget) };
    }
    case 'ts':
    case 'null':
      throw new Error(`engine ${name}: not integrated yet`);
  }
}
