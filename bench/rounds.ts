// The engines interleaved in rounds: null, ts, wasm, null, ts, wasm, … one timed run each per
// round, every session on the same image reset to its built state. A drift of the machine
// (a neighbour's build, the VM's core-to-core cost moving) then lands on every engine alike
// instead of on whichever ran last, and the ratios of one invocation stay comparable.
//
// Round 1 warms up for --warmup (the JIT compiles, the pages settle); later rounds only refill
// the rings (ROUND_WARMUP): the worker threads keep their engines across sessions
// (host/runtime/worker.ts), so nothing is compiled again.

import type { Piscina } from 'piscina';
import type { EngineName } from '../host/engine/engine.ts';
import type { FlowArrays } from '../host/runtime/task.ts';
import { resetImage, type Image } from './image.ts';
import { combineSessions, measureEngine, type EngineResult } from './measure.ts';
import type { Prepared } from './setup.ts';

export const ROUND_WARMUP = 0.2;

export interface RoundsConfig {
  engines: EngineName[];
  rounds: number;
  warmup: number;
  duration: number;
  size: number;
  flows: FlowArrays;
  pool: Piscina;
  faultNode: number;
  faultExit: boolean;
  /** seconds done so far over the whole schedule, what runs, the last tick's Mpps */
  onProgress?: (doneSeconds: number, label: string, mpps: number) => void;
  /** called after each session (the bench samples its RSS there) */
  onSession?: (engine: EngineName, round: number, r: EngineResult) => void;
}

/** Seconds of traffic the schedule takes (for a progress bar). */
export function scheduleSeconds(c: Pick<RoundsConfig, 'engines' | 'rounds' | 'warmup' | 'duration'>): number {
  return c.engines.length * (c.warmup + c.duration + (c.rounds - 1) * (Math.min(c.warmup, ROUND_WARMUP) + c.duration));
}

/** Runs the rounds; on a worker's death the WorkerDiedError propagates with what was done in `done`. */
export async function measureRounds(image: Image, p: Prepared, c: RoundsConfig, done: EngineResult[] = []): Promise<EngineResult[]> {
  const parts = new Map<EngineName, EngineResult[]>(c.engines.map((e) => [e, []]));
  let base = 0;
  for (let round = 0; round < c.rounds; round++) {
    const warmup = round === 0 ? c.warmup : Math.min(c.warmup, ROUND_WARMUP);
    for (const engine of c.engines) {
      resetImage(image);
      const label = c.rounds > 1 ? `${engine} round ${round + 1}/${c.rounds}` : engine;
      const at = base;
      const r = await measureEngine(image.dp.memory, {
        engine, image: image.id, workers: p.workers, ranges: p.ranges, flows: c.flows, size: c.size, burst: p.burst, budget: p.ringSlots,
        warmup, duration: c.duration, runs: 1, faultNode: c.faultNode, faultExit: c.faultExit, pool: c.pool,
        onProgress: (s, _label, mpps) => c.onProgress?.(at + s, label, mpps),
      });
      parts.get(engine)!.push(r);
      done.push(r);
      c.onSession?.(engine, round, r);
      base += warmup + c.duration;
    }
  }
  return c.engines.map((e) => combineSessions(parts.get(e)!));
}
