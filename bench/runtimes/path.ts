// The single-worker part of the runtime benchmark: `npm run bench -- --workers 1` in
// miniature, through the benchmark's own code (bench/rounds.ts): the seed cluster, its three
// cross-host flows, 98-byte frames, one piscina worker thread stepping both nodes, the engines
// interleaved in rounds (one timed run each per round) on one memory image reset between
// sessions, the books checked after each session.

import type { EngineName } from '../../host/engine/engine.ts';
import { createWorkerPool } from '../../host/runtime/session.ts';
import { imageFor } from '../image.ts';
import { parseBenchOptions } from '../options.ts';
import { measureRounds } from '../rounds.ts';
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
  try {
    const image = imageFor(p, p.workers);
    const results = await measureRounds(image, p, {
      engines: [...ENGINES], rounds: o.runs, warmup: o.warmup, duration: o.duration, slice: o.slice, size: o.size, flows, pool, faultNode: -1, faultExit: false,
    });
    const samples = {} as Record<EngineName, number[]>;
    const delivered = {} as Record<EngineName, number>;
    for (const r of results) {
      samples[r.engine] = r.runs.map((run) => run.mpps);
      delivered[r.engine] = r.totals.delivered;
    }
    return { samples, delivered, conservation: results.every((r) => r.conservation.passed) };
  } finally {
    await pool.destroy();
  }
}
