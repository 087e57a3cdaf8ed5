// One engine's measurement: a fresh memory image of the cluster, W workers, a warm-up, then
// `runs` consecutive timed windows of `duration` seconds, then drain → counters → conservation.
//
// Throughput = frames the pods RECEIVED (sink, pod tx rings) per second of wall time in the
// window; Gbit/s counts their Ethernet bytes only (no preamble/IFG, no FCS; 98 B ping = 784 bit);
// ns/packet is per worker: workers × 1e9 / pps, the CPU time one worker spends per delivered
// packet including its share of generation and sink.

import type { Piscina } from 'piscina';
import { Mem } from '../host/dataplane/mem.ts';
import { checkConservation, type Conservation } from '../host/runtime/counters.ts';
import { readClusterCounters, type Counters } from '../host/dataplane/counters.ts';
import { outcomeOf, type Outcome } from './outcome.ts';
import { Session, type Snapshot, type WorkerStages } from '../host/runtime/session.ts';
import type { FlowArrays, WorkerTask } from '../host/runtime/task.ts';
import { allRings, framesInFlight } from '../host/runtime/topology.ts';
import type { EngineName } from '../host/engine/engine.ts';
import { median, summarize, type Summary } from './stats.ts';

/** How long past its duration a phase waits for an injected fault (--fault-node) to fire. */
const FAULT_WAIT_S = 60;

export interface RunSample {
  seconds: number;
  delivered: number;
  generated: number;
  deliveredBytes: number;
  mpps: number;
  gbps: number;
  /** Per worker, during this run: loop iterations, idle ones, futex sleeps, pacing stalls,
   *  frames stepped (host/runtime/control.ts). */
  stages: WorkerStages[];
}

export interface EngineResult {
  engine: EngineName;
  workers: number;
  size: number;
  /** Timed runs, in the order taken (one per round when engines are interleaved). */
  runs: RunSample[];
  /** Over the runs' Mpps: median, min, max, mean, stddev, 95% CI of the mean, CV. */
  mpps: Summary;
  /** Sessions this result sums (one per round). */
  sessions: number;
  gbps: number;
  /** null when nothing was delivered (every frame a counted drop: no time per packet). */
  nsPerPacketPerWorker: number | null;
  mppsPerWorker: number;
  counters: Counters;
  conservation: Conservation;
  /** Where the frames went: to a pod, to a host, out of the cluster, dropped by reason. */
  outcome: Outcome;
  quiescent: boolean;
  totals: { generated: number; delivered: number; deliveredBytes: number };
}

export interface MeasureConfig {
  engine: EngineName;
  /** Which built image `memory` is (workers keep their engines across sessions on one image). */
  image: number;
  workers: number;
  /** [first, end) node index range per worker. */
  ranges: [number, number][];
  flows: FlowArrays;
  size: number;
  burst: number;
  /** Frames per input ring per engine step (WorkerTask.budget). */
  budget: number;
  warmup: number;
  duration: number;
  runs: number;
  faultNode: number;
  faultExit?: boolean;
  /** Called ~10×/s: seconds done in this session, what runs, delivered Mpps over the last tick. */
  onProgress?: (doneSeconds: number, label: string, mpps: number) => void;
  /** Threads to reuse (createWorkerPool); absent: the session starts and ends its own. */
  pool?: Piscina;
}

/** A timed window's sample: its rates are its frames and bytes over its seconds. */
export function runSample(seconds: number, delivered: number, generated: number, deliveredBytes: number, stages: WorkerStages[]): RunSample {
  return { seconds, delivered, generated, deliveredBytes, mpps: delivered / seconds / 1e6, gbps: (deliveredBytes * 8) / seconds / 1e9, stages };
}

export class WorkerDiedError extends Error {
  constructor(
    message: string,
    readonly worker: number,
    readonly node: number,
    readonly counters: Counters | null,
    readonly snapshot: Snapshot | null,
  ) {
    super(message);
    this.name = 'WorkerDiedError';
  }
}

/** `memory` must be a freshly built image (counters at zero, rings empty). */
export async function measureEngine(memory: WebAssembly.Memory, cfg: MeasureConfig): Promise<EngineResult> {
  const mem = new Mem(memory.buffer);
  const makeTask = (w: number, control: SharedArrayBuffer): WorkerTask => ({
    worker: w,
    workers: cfg.workers,
    engine: cfg.engine,
    memory,
    image: cfg.image,
    control,
    firstNode: cfg.ranges[w][0],
    endNode: cfg.ranges[w][1],
    flows: cfg.flows,
    burst: cfg.burst,
    budget: cfg.budget,
    faultNode: cfg.faultNode,
    faultAfterLoops: 1000,
    faultExit: cfg.faultExit ?? false,
  });
  const session = await Session.start(mem, cfg.workers, makeTask, cfg.pool);
  try {
    checkFailure(session, mem);
    session.go();
    let tick = session.snapshot();
    const progress = async (seconds: number, label: string, base: number): Promise<void> => {
      const t0 = performance.now();
      for (;;) {
        const el = (performance.now() - t0) / 1000;
        if (session.failure) break;
        // With --fault-node the phase lasts until the injected fault has fired (bounded), so the
        // failure path is taken however slowly a loaded machine runs the loops before it
        if (el >= seconds && (cfg.faultNode < 0 || el >= seconds + FAULT_WAIT_S)) break;
        const now = session.snapshot();
        cfg.onProgress?.(base + el, label, now.t > tick.t ? (now.delivered - tick.delivered) / (now.t - tick.t) / 1e3 : 0);
        tick = now;
        await session.sleep(el < seconds ? Math.min(100, (seconds - el) * 1000) : 10);
      }
      checkFailure(session, mem);
    };
    await progress(cfg.warmup, `${cfg.engine} warm-up`, 0);
    const runs: RunSample[] = [];
    let prev = session.snapshot();
    for (let r = 0; r < cfg.runs; r++) {
      await progress(cfg.duration, `${cfg.engine} run ${r + 1}/${cfg.runs}`, cfg.warmup + r * cfg.duration);
      const now = session.snapshot();
      const seconds = (now.t - prev.t) / 1000;
      const delivered = now.delivered - prev.delivered;
      const bytes = now.deliveredBytes - prev.deliveredBytes;
      runs.push(runSample(seconds, delivered, now.generated - prev.generated, bytes, now.stages.map((x, w) => stagesDelta(x, prev.stages[w]))));
      prev = now;
    }
    const drained = await session.drain();
    checkFailure(session, mem);
    await session.stop();
    checkFailure(session, mem);
    const counters = readClusterCounters(mem);
    const generated = session.results.reduce((s, r) => s + (r?.generated ?? 0), 0);
    const delivered = session.results.reduce((s, r) => s + (r?.delivered ?? 0), 0);
    const deliveredBytes = session.results.reduce((s, r) => s + (r?.deliveredBytes ?? 0), 0);
    const wired = session.results.reduce((s, r) => s + (r?.wired ?? 0), 0);
    const inFlight = framesInFlight(mem, allRings(mem));
    const conservation = checkConservation(counters, generated, delivered, wired, inFlight);
    const mpps = runs.map((r) => r.mpps);
    const med = median(mpps);
    return {
      engine: cfg.engine,
      workers: cfg.workers,
      size: cfg.size,
      runs,
      mpps: summarize(mpps),
      sessions: 1,
      gbps: median(runs.map((r) => r.gbps)),
      mppsPerWorker: med / cfg.workers,
      nsPerPacketPerWorker: med > 0 ? (cfg.workers * 1e3) / med : null,
      counters,
      conservation,
      outcome: outcomeOf(counters, conservation),
      quiescent: drained.quiescent,
      totals: { generated, delivered, deliveredBytes },
    };
  } finally {
    await session.stop();
  }
}

const minus = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.max(0, a - b));
const plus = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a + b);

function stagesDelta(a: WorkerStages, b: WorkerStages): WorkerStages {
  return {
    loops: a.loops - b.loops, idleLoops: a.idleLoops - b.idleLoops, sleeps: a.sleeps - b.sleeps, paceStalls: a.paceStalls - b.paceStalls, stepped: a.stepped - b.stepped,
    cpuSeconds: minus(a.cpuSeconds, b.cpuSeconds), runqueueSeconds: minus(a.runqueueSeconds, b.runqueueSeconds),
    idleSeconds: a.idleSeconds - b.idleSeconds,
  };
}

/** Per worker, summed over runs. */
export function stagesOf(runs: RunSample[]): WorkerStages[] {
  const out: WorkerStages[] = runs[0].stages.map(() => ({ loops: 0, idleLoops: 0, sleeps: 0, paceStalls: 0, stepped: 0, cpuSeconds: 0, runqueueSeconds: 0, idleSeconds: 0 }));
  for (const r of runs) r.stages.forEach((x, w) => {
    const o = out[w];
    o.loops += x.loops; o.idleLoops += x.idleLoops; o.sleeps += x.sleeps; o.paceStalls += x.paceStalls; o.stepped += x.stepped; o.idleSeconds += x.idleSeconds;
    o.cpuSeconds = plus(o.cpuSeconds, x.cpuSeconds); o.runqueueSeconds = plus(o.runqueueSeconds, x.runqueueSeconds);
  });
  return out;
}

/** One engine's sessions (its turns, in every round) as one result: the runs in order, the counters and
 *  the books summed (each session starts from a reset image, so sums are exact). */
export function combineSessions(parts: EngineResult[]): EngineResult {
  const first = parts[0];
  const sessions = parts.reduce((a, p) => a + p.sessions, 0);
  const runs = parts.flatMap((p) => p.runs);
  const mpps = summarize(runs.map((r) => r.mpps));
  const sum = (f: (p: EngineResult) => number) => parts.reduce((a, p) => a + f(p), 0);
  const counters = sumCounters(parts.map((p) => p.counters));
  const c = parts.map((p) => p.conservation);
  const total = (k: 'generated' | 'created' | 'delivered' | 'dropped' | 'sinkDelivered' | 'wired' | 'inFlight') => c.reduce((a, x) => a + x[k], 0);
  const passed = c.every((x) => x.passed);
  const out = `delivered ${total('delivered')} + dropped ${total('dropped')}${total('wired') > 0 ? ` + left on the wire ${total('wired')}` : ''}`;
  const conservation: Conservation = {
    passed,
    generated: total('generated'),
    created: total('created'),
    delivered: total('delivered'),
    dropped: total('dropped'),
    sinkDelivered: total('sinkDelivered'),
    wired: total('wired'),
    inFlight: total('inFlight'),
    detail: passed
      ? `generated ${total('generated')} + created ${total('created')} = ${out} (${sessions} sessions)`
      : c.map((x, i) => (x.passed ? '' : `session ${i + 1}: ${x.detail}`)).filter(Boolean).join('; '),
  };
  return {
    engine: first.engine,
    workers: first.workers,
    size: first.size,
    runs,
    mpps,
    sessions,
    gbps: median(runs.map((r) => r.gbps)),
    mppsPerWorker: mpps.median / first.workers,
    nsPerPacketPerWorker: mpps.median > 0 ? (first.workers * 1e3) / mpps.median : null,
    counters,
    conservation,
    outcome: outcomeOf(counters, conservation),
    quiescent: parts.every((p) => p.quiescent),
    totals: { generated: sum((p) => p.totals.generated), delivered: sum((p) => p.totals.delivered), deliveredBytes: sum((p) => p.totals.deliveredBytes) },
  };
}

function sumCounters(cs: Counters[]): Counters {
  const out = structuredClone(cs[0]);
  for (const c of cs.slice(1)) {
    for (const [k, v] of Object.entries(c)) {
      if (typeof v === 'number') (out as unknown as Record<string, number>)[k] += v;
    }
    for (const [k, v] of Object.entries(c.drops)) out.drops[k] = (out.drops[k] ?? 0) + v;
  }
  return out;
}

function checkFailure(session: Session, mem: Mem): void {
  const f = session.failure;
  if (!f) return;
  let counters: Counters | null = null;
  try {
    counters = readClusterCounters(mem);
  } catch {
    counters = null;
  }
  throw new WorkerDiedError(f.error.message, f.worker, f.node, counters, session.snapshot());
}
