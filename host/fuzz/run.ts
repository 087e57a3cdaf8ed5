// One fuzz run: batches until N frames or the time budget, failures localized to a frame
// (a batch failure is replayed one frame at a time on fresh dataplanes), a summary at the
// end. Used by `npm run fuzz` (main.ts) and, in-process, by test/robustness.

import type { Cluster } from '../cluster/types.ts';
import * as L from '../layout.ts';
import { DROP_REASONS } from '../dataplane/counters.ts';
import { FuzzHarness, type Failure, type FuzzOptions } from './harness.ts';
import { MUTATIONS } from './mutate.ts';

export interface RunOptions extends FuzzOptions {
  frames: number;
  /** Seconds; stop early (successfully) when spent. 0 = no budget. */
  timeBudget: number;
  maxFailures: number;
  /** Skip the truncation sweep: random mutations from the first frame (short runs over many clusters). */
  randomOnly?: boolean;
  /** Called about every `progressEvery` ms with the frames done so far. */
  progress?: (done: number, elapsedMs: number, failures: number) => void;
  progressEvery?: number;
}

export interface RunSummary {
  seed: number;
  frames: number;
  elapsedMs: number;
  framesPerSec: number;
  sweepFrames: number;
  templates: number;
  failures: Array<Failure & { frame: string }>;
  stoppedByBudget: boolean;
  mutations: Record<string, number>;
  /** Outcomes over the run (both engines agree; these are the TS side's), by counter name. */
  outcomes: Record<string, number>;
}

export function runFuzz(cluster: Cluster, o: RunOptions): RunSummary {
  const h = new FuzzHarness(cluster, o);
  const failures: RunSummary['failures'] = [];
  const outcomes: Record<string, number> = {};
  const harvest = (): void => { // counters of the dataplanes about to be dropped
    const s = h.sides[0];
    const add = (k: string, v: number): void => { if (v) outcomes[k] = (outcomes[k] ?? 0) + v; };
    add('pushed', h.pushed);
    add('not pushed: input ring full', h.hostFull);
    add('delivered to a pod', s.total(L.NC_DELIVERED_POD));
    add('delivered to the host', s.total(L.NC_DELIVERED_HOST));
    add('sent beyond the dataplane', h.wired);
    add('created ICMP', s.total(L.NC_CREATED_ICMP));
    add('created ARP', s.total(L.NC_CREATED_ARP));
    add('created fragments', s.total(L.NC_CREATED_FRAG));
    add('created TCP resets', s.total(L.NC_CREATED_TCP));
    add('encapsulated', s.total(L.NC_ENCAP));
    add('decapsulated', s.total(L.NC_DECAP));
    for (const [name, r] of DROP_REASONS) add(`drop ${name}`, s.total(L.NC_DROP_BASE + r));
  };
  const t0 = performance.now();
  const deadline = o.timeBudget > 0 ? t0 + o.timeBudget * 1000 : Infinity;
  const every = o.progressEvery ?? 2000;
  let nextReport = t0 + every;
  let done = 0;
  let stoppedByBudget = false;
  const first = o.randomOnly ? h.mutator.sweepTotal : 0;
  while (done < o.frames && failures.length < o.maxFailures) {
    const count = Math.min(o.batch, o.frames - done);
    const fails = h.runBatch(first + done, count);
    if (fails.length > 0) {
      for (const f of localize(cluster, o, fails)) failures.push({ ...f, frame: f.index >= 0 ? h.describe(f.index) : '' });
      harvest();
      h.reset();
    }
    done += count;
    if ((done & 1023) < count || done >= o.frames) {
      const now = performance.now();
      if (now >= nextReport) {
        o.progress?.(done, now - t0, failures.length);
        nextReport = now + every;
      }
      if (now >= deadline) {
        stoppedByBudget = done < o.frames;
        break;
      }
    }
  }
  const last = h.checkMemory(first + done);
  if (last.length > 0) for (const f of localize(cluster, o, last)) failures.push({ ...f, frame: f.index >= 0 ? h.describe(f.index) : '' });
  harvest();
  const elapsedMs = performance.now() - t0;
  const mutations: Record<string, number> = {};
  h.kindCount.forEach((v, i) => { if (v) mutations[MUTATIONS[i]] = v; });
  return {
    seed: o.seed, frames: done, elapsedMs, framesPerSec: done / (elapsedMs / 1000), sweepFrames: h.mutator.sweepTotal,
    templates: h.templates.length, failures, stoppedByBudget, mutations, outcomes,
  };
}

/** Replay the failed batch one frame at a time on fresh dataplanes to name the frame. */
function localize(cluster: Cluster, o: FuzzOptions, fails: Failure[]): Failure[] {
  const known = fails.filter((f) => f.index >= 0);
  if (known.length > 0) return known.slice(0, 4);
  // the widest range: a whole-memory failure covers every frame since the last clean check
  const { batchFirst, batchCount } = fails.reduce((w, f) => (f.batchCount > w.batchCount ? f : w));
  if (batchCount > 1) {
    const single = new FuzzHarness(cluster, { ...o, batch: 1, watchEvery: 1 });
    for (let i = batchFirst; i < batchFirst + batchCount; i++) {
      const again = single.runBatch(i, 1);
      if (again.length > 0) return again.slice(0, 4).map((f) => ({ ...f, index: f.index >= 0 ? f.index : i }));
    }
  }
  return fails.slice(0, 4).map((f) => ({ ...f, message: `${f.message} (frames ${batchFirst}..${batchFirst + batchCount - 1}; no single frame reproduces it alone)` }));
}

export function formatFailure(f: RunSummary['failures'][number]): string {
  const where = f.index >= 0 ? `seed ${f.seed} index ${f.index}` : `seed ${f.seed} frames ${f.batchFirst}..${f.batchFirst + f.batchCount - 1}`;
  const repro = f.index >= 0 ? `\n  reproduce: npm run fuzz -- --seed ${f.seed} --only ${f.index}` : '';
  return `FAIL [${f.check}] ${where}: ${f.message}${f.frame ? `\n  ${f.frame}` : ''}${repro}`;
}
