// The single-worker part of the runtime benchmark: `npm run bench -- --workers 1` in
// miniature: the seed cluster, its three cross-host flows, 98-byte frames, one piscina worker
// thread stepping both nodes, each engine on the same memory image reset between engines,
// and the books checked after each engine (bench/measure.ts, the benchmark's own code).

import type { EngineName } from '../../host/engine/engine.ts';
import { createWorkerPool } from '../../host/runtime/session.ts';
import { imageFor, resetImage } from '../image.ts';
import { measureEngine } from '../measure.ts';
import { parseBenchOptions } from '../options.ts';
import { prepare } from '../setup.ts';
import { planFlows } from '../traffic/flows.ts';
import { ENGINES } from './result.ts';

export interface PathConfig {
  runs: number;
  duration: number;
  warmup: number;
}

/** Mpps of each timed run per engine, the frames delivered, and whether every engine's books balanced. */
export async function measurePath(c: PathConfig): Promise<{ samples: Record<EngineName, number[]>; delivered: Record<EngineName, number>; conservation: boolean }> {
  const o = parseBenchOptions({ workers: '1', runs: String(c.runs), duration: String(c.duration), warmup: String(c.warmup), progress: false }, null);
  const p = prepare(o);
  const flows = planFlows(p.cluster, o.mix, o.size);
  const pool = createWorkerPool(1);
  const samples = {} as Record<EngineName, number[]>;
  const delivered = {} as Record<EngineName, number>;
  let conservation = true;
  try {
    const image = imageFor(p, p.workers);
    for (const engine of ENGINES) {
      resetImage(image);
      const r = await measureEngine(image.dp.memory, {
        engine, workers: 1, ranges: p.ranges, flows, size: o.size, burst: p.burst,
        warmup: o.warmup, duration: o.duration, runs: o.runs, faultNode: -1, pool,
      });
      samples[engine] = r.runs.map((run) => run.mpps);
      delivered[engine] = r.totals.delivered;
      conservation &&= r.conservation.passed;
    }
  } finally {
    await pool.destroy();
  }
  return { samples, delivered, conservation };
}
