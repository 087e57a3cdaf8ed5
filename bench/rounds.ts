// The engines interleaved in rounds: null, ts, wasm, null, ts, wasm, … one timed run each per
// round, every session on the same image reset to its built state. A drift of the machine
// (a neighbour's build, the VM's core-to-core cost moving) then lands on every engine alike
// instead of on whichever ran last, and the ratios of one invocation stay comparable.
//
// Round 1 warms up for --warmup (the JIT compiles, the pages settle); later sessions only refill
// the rings (ROUND_WARMUP): the worker threads keep their engines across sessions
// (host/runtime/worker.ts), so nothing is compiled again.
//
// Within a round each engine's timed run is cut into slices of --slice seconds, the engines
// taking turns slice by slice (null, ts, wasm, null, ts, wasm, … until each has had its
// --duration), and the slices of one engine add up to its run of that round. This host slows
// down by up to 1.8× for 5–450 ms at a time, several times a minute (a single thread running
// the journey in 5 ms samples: a quarter of them 1.2× the median or slower, one-second means
// 144–219 ns a packet); a two-second run per engine caught such a spell or not, and one run's
// wasm/null swung from 0.45 to 1.22 across the rounds of one invocation. Slices short against
// that and turns taken many times hand every engine the same share of the slow spells.

import type { Piscina } from 'piscina';
import type { EngineName } from '../host/engine/engine.ts';
import type { FlowArrays } from '../host/runtime/task.ts';
import { resetImage, type Image } from './image.ts';
import { combineSessions, measureEngine, runSample, stagesOf, type EngineResult, type RunSample } from './measure.ts';
import { summarize } from './stats.ts';
import type { Prepared } from './setup.ts';

export const ROUND_WARMUP = 0.2;
/** Turns per run at most: every turn after the first pays ROUND_WARMUP of refill, so a long run
 *  (--duration 60: 240 turns of 0.25 s, 48 s of refill for each engine and round) gets longer
 *  turns instead; a turn of several seconds already averages the host's spells of milliseconds. */
export const MAX_TURNS = 16;

export interface RoundsConfig {
  engines: EngineName[];
  rounds: number;
  warmup: number;
  duration: number;
  /** Seconds per turn within a round (≥ duration: one turn, the whole run). */
  slice: number;
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

/** Turns per run: the run cut into slices of at most `slice` seconds, all of one length, and
 *  into at most MAX_TURNS. */
export function turnsOf(c: Pick<RoundsConfig, 'duration' | 'slice'>): number {
  return Math.min(MAX_TURNS, Math.max(1, Math.ceil(c.duration / c.slice - 1e-9)));
}

/** Seconds of traffic the schedule takes (for a progress bar). */
export function scheduleSeconds(c: Pick<RoundsConfig, 'engines' | 'rounds' | 'warmup' | 'duration' | 'slice'>): number {
  const sessions = c.rounds * turnsOf(c);
  return c.engines.length * (c.warmup + (sessions - 1) * Math.min(c.warmup, ROUND_WARMUP) + c.rounds * c.duration);
}

/** Runs the rounds; on a worker's death the WorkerDiedError propagates with what was done in `done`. */
export async function measureRounds(image: Image, p: Prepared, c: RoundsConfig, done: EngineResult[] = []): Promise<EngineResult[]> {
  const parts = new Map<EngineName, EngineResult[]>(c.engines.map((e) => [e, []]));
  const turns = turnsOf(c);
  const turn = c.duration / turns;
  let base = 0;
  for (let round = 0; round < c.rounds; round++) {
    const slices = new Map<EngineName, EngineResult[]>(c.engines.map((e) => [e, []]));
    for (let t = 0; t < turns; t++) {
      const warmup = round === 0 && t === 0 ? c.warmup : Math.min(c.warmup, ROUND_WARMUP);
      for (const engine of c.engines) {
        resetImage(image);
        const label = c.rounds > 1 ? `${engine} round ${round + 1}/${c.rounds}` : engine;
        const at = base;
        const r = await measureEngine(image.dp.memory, {
          engine, image: image.id, workers: p.workers, ranges: p.ranges, flows: c.flows, size: c.size, burst: p.burst, budget: p.ringSlots,
          warmup, duration: turn, runs: 1, faultNode: c.faultNode, faultExit: c.faultExit, pool: c.pool,
          onProgress: (s, _label, mpps) => c.onProgress?.(at + s, label, mpps),
        });
        slices.get(engine)!.push(r);
        done.push(r);
        base += warmup + turn;
      }
    }
    for (const engine of c.engines) {
      const r = joinSlices(slices.get(engine)!);
      parts.get(engine)!.push(r);
      c.onSession?.(engine, round, r);
    }
  }
  return c.engines.map((e) => combineSessions(parts.get(e)!));
}

/** One engine's turns of a round as one session with one run: frames and seconds added, so the
 *  run's rate is its frames over its time, whatever the turns' lengths. */
function joinSlices(turns: EngineResult[]): EngineResult {
  if (turns.length === 1) return turns[0];
  const whole = combineSessions(turns);
  const rs = whole.runs;
  const total = (f: (r: RunSample) => number): number => rs.reduce((a, r) => a + f(r), 0);
  const run = runSample(total((r) => r.seconds), total((r) => r.delivered), total((r) => r.generated), total((r) => r.deliveredBytes), stagesOf(rs));
  return {
    ...whole, runs: [run], mpps: summarize([run.mpps]), gbps: run.gbps, mppsPerWorker: run.mpps / whole.workers,
    nsPerPacketPerWorker: run.mpps > 0 ? (whole.workers * 1e3) / run.mpps : null,
  };
}
