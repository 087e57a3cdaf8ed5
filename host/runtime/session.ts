// The main thread's side of one benchmark session (one engine on one built memory): start
// the piscina workers, open the gate, read counters, drain to quiescence, stop, tear down.
// The main thread never touches packets: it reads the control block and ring indices only.
//
// Failure: if a worker throws or its thread dies, the phase goes to STOP at once (the failing
// worker sets it itself, the rejected task sets it here), the session records which worker and
// node, and destroy() terminates every thread, so nothing hangs and no thread is left behind.

import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Mem } from '../dataplane/mem.ts';
import { Control, PHASE_DRAIN, PHASE_RUN, PHASE_STOP, WS_DELIVERED, WS_DELIVERED_BYTES, WS_GENERATED, WS_LOOPS, WS_IDLE_LOOPS, WS_SLEEPS, WS_PACE_STALLS, WS_STEPPED, WS_CPU_S, WS_RUNQUEUE_S, WS_IDLE_S } from './control.ts';
import { allRings, framesInFlight } from './topology.ts';
import type { WorkerResult, WorkerTask } from './task.ts';

export interface Snapshot {
  t: number; // ms, performance.now()
  generated: number;
  delivered: number;
  deliveredBytes: number;
  loops: number[];
  /** Per worker: the loop's stage counters (control.ts WS_*), as the workers last stored them. */
  stages: WorkerStages[];
}

export interface WorkerStages {
  loops: number;
  idleLoops: number;
  sleeps: number;
  paceStalls: number;
  stepped: number;
  /** The thread's seconds on a CPU and runnable but waiting for one (threadCpu.ts); null where
   *  the system does not say. */
  cpuSeconds: number | null;
  runqueueSeconds: number | null;
  /** Seconds spent in stretches of loops that moved nothing (futex sleeps included), timed from
   *  each stretch's first idle loop: what the worker waited for work or for ring room. */
  idleSeconds: number;
}

const known = (x: number): number | null => (x >= 0 ? x : null);

export interface WorkerFailure {
  worker: number;
  node: number; // -1 when not inside a node step
  error: Error;
}

// Compiled (dist/), the worker is worker.js beside this module. From the sources, worker.mjs
// registers the TypeScript loader in the new thread before it imports worker.ts.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker.mjs' : './worker.js', import.meta.url).href;

/** A pool of `threads` benchmark worker threads, reusable across sessions (a thread costs
 *  ~0.5-1 s to start from the sources: tsx, the engines' modules, the WASM compile). */
export function createWorkerPool(threads: number): Piscina {
  return new Piscina({ filename: WORKER_URL, minThreads: threads, maxThreads: threads, idleTimeout: 600_000, concurrentTasksPerWorker: 1 });
}
const READY_TIMEOUT_MS = 60_000;
const DRAIN_TIMEOUT_MS = 10_000;

export class Session {
  readonly control = new Control();
  private readonly pool: Piscina;
  private readonly tasks: Promise<WorkerResult | null>[];
  readonly results: (WorkerResult | null)[] = [];
  failure: WorkerFailure | null = null;
  private failed!: Promise<void>;
  private rings: Uint32Array;
  private stopped = false;

  private readonly ownsPool: boolean;

  private constructor(private readonly mem: Mem, readonly workers: number, makeTask: (w: number, control: SharedArrayBuffer) => WorkerTask, pool?: Piscina) {
    this.rings = allRings(mem);
    if (pool && pool.options.maxThreads < workers) throw new Error(`worker pool has ${pool.options.maxThreads} threads, the session needs ${workers}`);
    this.ownsPool = !pool;
    this.pool = pool ?? createWorkerPool(workers);
    let signal!: () => void;
    this.failed = new Promise((r) => (signal = r));
    this.tasks = [];
    for (let w = 0; w < workers; w++) {
      this.tasks.push(
        this.pool.run(makeTask(w, this.control.sab)).then(
          (r: WorkerResult) => (this.results[w] = r),
          (e: unknown) => {
            if (!this.failure) this.failure = { worker: w, node: this.control.failNode(w), error: e instanceof Error ? e : new Error(String(e)) };
            this.control.setPhase(PHASE_STOP);
            signal();
            return null;
          },
        ),
      );
    }
  }

  /** Starts `workers` threads and waits until each has loaded its engine and resolved its rings. */
  static async start(mem: Mem, workers: number, makeTask: (w: number, control: SharedArrayBuffer) => WorkerTask, pool?: Piscina): Promise<Session> {
    if (workers > availableParallelism() * 4) throw new Error(`${workers} workers on ${availableParallelism()} cores`);
    const s = new Session(mem, workers, makeTask, pool);
    const t0 = performance.now();
    while (s.control.readyCount() < workers && !s.failure) {
      if (performance.now() - t0 > READY_TIMEOUT_MS) {
        s.failure = { worker: -1, node: -1, error: new Error(`workers not ready after ${READY_TIMEOUT_MS / 1000} s`) };
        break;
      }
      await s.sleep(2);
    }
    return s;
  }

  /** Opens the gate: generators start. */
  go(): void {
    this.control.setPhase(PHASE_RUN);
  }

  snapshot(): Snapshot {
    const c = this.control;
    const loops: number[] = [];
    const stages: WorkerStages[] = [];
    for (let w = 0; w < this.workers; w++) {
      loops.push(c.stat(w, WS_LOOPS));
      stages.push({ loops: c.stat(w, WS_LOOPS), idleLoops: c.stat(w, WS_IDLE_LOOPS), sleeps: c.stat(w, WS_SLEEPS), paceStalls: c.stat(w, WS_PACE_STALLS), stepped: c.stat(w, WS_STEPPED), cpuSeconds: known(c.stat(w, WS_CPU_S)), runqueueSeconds: known(c.stat(w, WS_RUNQUEUE_S)), idleSeconds: c.stat(w, WS_IDLE_S) });
    }
    return {
      t: performance.now(),
      generated: c.total(this.workers, WS_GENERATED),
      delivered: c.total(this.workers, WS_DELIVERED),
      deliveredBytes: c.total(this.workers, WS_DELIVERED_BYTES),
      loops,
      stages,
    };
  }

  /** Sleeps `ms`, waking early if a worker fails. */
  async sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise<void>((r) => (timer = setTimeout(r, ms))), this.failed]);
    clearTimeout(timer);
  }

  /**
   * Stops generating and lets the engines empty every ring. Quiescent = no frame in any ring,
   * twice, with every worker having completed two full loops in between (a frame inside a step,
   * between its input ring's release and its output ring's publish, cannot hide across a full loop).
   */
  async drain(): Promise<{ quiescent: boolean; inFlight: number }> {
    this.control.setPhase(PHASE_DRAIN);
    const t0 = performance.now();
    while (!this.failure && performance.now() - t0 < DRAIN_TIMEOUT_MS) {
      await this.sleep(2);
      if (framesInFlight(this.mem, this.rings) !== 0) continue;
      const before = this.snapshot();
      while (!this.failure && this.snapshot().loops.some((l, w) => l < before.loops[w] + 2)) {
        if (performance.now() - t0 > DRAIN_TIMEOUT_MS) break;
        await this.sleep(1);
      }
      const after = this.snapshot();
      if (framesInFlight(this.mem, this.rings) === 0 && after.delivered === before.delivered) {
        return { quiescent: true, inFlight: 0 };
      }
    }
    return { quiescent: false, inFlight: framesInFlight(this.mem, this.rings) };
  }

  /** STOP and wait for every task (they return within one loop iteration). The threads are
   *  destroyed when the session owns its pool, or when a task did not return within a second
   *  or failed (a shared pool is then unusable: the caller must not reuse it; see `poolBroken`). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.control.setPhase(PHASE_STOP);
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const timeout = new Promise<void>((r) => (timer = setTimeout(r, 1000)));
    await Promise.race([Promise.all(this.tasks).then(() => (finished = true)), timeout]);
    clearTimeout(timer);
    this.poolBroken = !finished || this.failure !== null;
    // destroy() terminates threads still busy (a worker stuck in an engine loop) as well.
    if (this.ownsPool || this.poolBroken) await this.pool.destroy();
  }

  poolBroken = false;
}
