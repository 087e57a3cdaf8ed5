// The bench tab: the benchmark of `npm run bench` in Web Workers. The page builds the cluster's
// memory image once per engine (shared WebAssembly.Memory), starts one worker per node range,
// opens the gate, samples delivered frames per run, drains, stops and checks the books
// (generated + created = delivered + dropped) as the Node benchmark does.

import {
  Control, PHASE_DRAIN, PHASE_RUN, PHASE_STOP, WS_DELIVERED, allRings, buildDataplane, checkConservation,
  framesInFlight, readClusterCounters, type Cluster, type EngineName, type WorkerResult, type WorkerTask,
} from '../../host/api/browser.ts';
import { planFlows } from '../../bench/traffic/flows.ts';

export interface BenchConfig {
  engines: EngineName[];
  workers: number;
  warmupS: number;
  runS: number;
  runs: number;
  size: number;
}

export interface EngineRun {
  engine: EngineName;
  mpps: number[];
  median: number;
  min: number;
  max: number;
  balanced: boolean;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Slots per pod ring, and frames an engine may take from each input ring per step (the Node
 *  benchmark's defaults: `npm run bench` gives the engine the pod ring's size as its budget). */
const RING_SLOTS = 64;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Contiguous node ranges, as even as possible (bench/setup.ts's split). */
function ranges(nodes: number, workers: number): [number, number][] {
  return Array.from({ length: workers }, (_, w) => [Math.floor((w * nodes) / workers), Math.floor(((w + 1) * nodes) / workers)] as [number, number]);
}

export async function benchEngine(cluster: Cluster, engine: EngineName, cfg: BenchConfig, module: WebAssembly.Module, onSample: (mpps: number) => void): Promise<EngineRun> {
  const workers = Math.max(1, Math.min(cfg.workers, cluster.nodes.length));
  const rs = ranges(cluster.nodes.length, workers);
  const owner = new Int32Array(cluster.nodes.length);
  rs.forEach(([a, b], w) => owner.fill(w, a, b));
  const dp = buildDataplane(cluster, { workers, ringSlots: RING_SLOTS, workerOf: (n) => owner[n.index] });
  const flows = planFlows(cluster, 'cross', cfg.size);
  const control = new Control();
  const threads: Worker[] = [];
  const done: Promise<WorkerResult>[] = [];
  try {
    for (let w = 0; w < workers; w++) {
      const task: WorkerTask = {
        worker: w, workers, engine, memory: dp.memory, image: 1, control: control.sab, firstNode: rs[w][0], endNode: rs[w][1],
        flows, burst: 32, budget: RING_SLOTS, faultNode: -1, faultAfterLoops: 0, faultExit: false,
      };
      const t = new Worker(new URL('./benchWorker.js', import.meta.url), { type: 'module', name: `bench-${engine}-${w}` });
      threads.push(t);
      done.push(new Promise((ok, fail) => {
        t.onmessage = (e: MessageEvent<{ result?: WorkerResult; error?: string }>) => (e.data.result ? ok(e.data.result) : fail(new Error(`worker ${w}: ${e.data.error}`)));
        t.onerror = (e) => fail(new Error(`worker ${w}: ${e.message}`));
      }));
      t.postMessage({ module, task });
    }
    const failed = Promise.race(done.map((p) => p.then(() => new Promise<never>(() => {}))));
    const t0 = performance.now();
    while (control.readyCount() < workers) {
      if (performance.now() - t0 > 30_000) throw new Error('bench workers not ready after 30 s');
      await Promise.race([sleep(5), failed]);
    }
    control.setPhase(PHASE_RUN);
    await Promise.race([sleep(cfg.warmupS * 1000), failed]);
    const mpps: number[] = [];
    let prev = { t: performance.now(), d: control.total(workers, WS_DELIVERED) };
    for (let r = 0; r < cfg.runs; r++) {
      await Promise.race([sleep(cfg.runS * 1000), failed]);
      const now = { t: performance.now(), d: control.total(workers, WS_DELIVERED) };
      const m = (now.d - prev.d) / ((now.t - prev.t) / 1000) / 1e6;
      mpps.push(m);
      onSample(m);
      prev = now;
    }
    control.setPhase(PHASE_DRAIN);
    const rings = allRings(dp.mem);
    const d0 = performance.now();
    while (framesInFlight(dp.mem, rings) !== 0 && performance.now() - d0 < 5000) await sleep(5);
    await sleep(20);
    control.setPhase(PHASE_STOP);
    const results = await Promise.all(done);
    const generated = results.reduce((s, r) => s + r.generated, 0);
    const delivered = results.reduce((s, r) => s + r.delivered, 0);
    const wired = results.reduce((s, r) => s + r.wired, 0);
    const books = checkConservation(readClusterCounters(dp.mem), generated, delivered, wired, framesInFlight(dp.mem, rings));
    return { engine, mpps, median: median(mpps), min: Math.min(...mpps), max: Math.max(...mpps), balanced: books.passed };
  } finally {
    control.setPhase(PHASE_STOP);
    for (const t of threads) t.terminate();
  }
}
