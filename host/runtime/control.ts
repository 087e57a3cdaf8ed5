// The control block shared by the main thread and the workers: a small SharedArrayBuffer apart
// from the simulator's memory, so the main thread steers the run without touching packet memory.
//
//   i32[0]            phase: IDLE → RUN (generate) → DRAIN (no new frames) → STOP
//   i32[1]            workers ready (Atomics.add by each worker once set up)
//   i32[8 + w]        worker w state: STARTING, READY, RUNNING, DONE, FAILED
//   i32[8 + 256 + w]  worker w: node index being stepped when it failed (-1 = none)
//   f64[(4096 >> 3) + w * WS_COUNT + k]  worker w statistics (plain stores by the worker,
//                     read by the main thread for progress; exact after the worker is DONE)
//   i32[DOORBELLS / 4 + w * 16]  worker w's doorbell, on a cache line of its own: 1 while it
//                     sleeps (or is about to) until another worker moves frames
// One Atomics.load of the phase per worker loop iteration, never per packet.

export const PHASE_IDLE = 0;
export const PHASE_RUN = 1;
export const PHASE_DRAIN = 2;
export const PHASE_STOP = 3;

export const WSTATE_STARTING = 0;
export const WSTATE_READY = 1;
export const WSTATE_RUNNING = 2;
export const WSTATE_DONE = 3;
export const WSTATE_FAILED = 4;

export const MAX_WORKERS = 256;

// per-worker statistics (f64 indices)
export const WS_GENERATED = 0; // frames the generator wrote into pod rx rings
export const WS_DELIVERED = 1; // frames the sink took from pod tx rings
export const WS_DELIVERED_BYTES = 2; // their Ethernet bytes (no preamble, IFG or FCS)
export const WS_LOOPS = 3; // worker loop iterations (all owned nodes stepped once)
export const WS_IDLE_LOOPS = 4; // iterations in which nothing moved (drain detection)
export const WS_STEPPED = 5; // frames the engine took from input rings (all of this worker's nodes)
export const WS_SLEEPS = 6; // futex sleeps after IDLE_SPIN idle loops (the core handed back)
export const WS_PACE_STALLS = 7; // sender bursts held back because a wire ring had no room (pacing)
export const WS_CPU_S = 8; // the thread's seconds on a CPU (threadCpu.ts; -1 where unknown), every few ms
export const WS_RUNQUEUE_S = 9; // its seconds runnable but waiting for a CPU (other processes had it)
export const WS_IDLE_S = 10; // seconds from the first of a run of idle loops to the next loop that moves a frame (sleeps included)
export const WS_COUNT = 16; // 128 bytes: each worker's statistics on their own two cache lines

const I_PHASE = 0;
const I_READY = 1;
const I_STATE = 8;
const I_FAIL_NODE = I_STATE + MAX_WORKERS;
const F_STATS = 4096 >> 3;
const DOORBELLS = 4096 + MAX_WORKERS * WS_COUNT * 8;
const BELL_STRIDE = 64 >> 2; // i32s: one cache line per worker

export class Control {
  readonly sab: SharedArrayBuffer;
  readonly i32: Int32Array;
  readonly f64: Float64Array;

  constructor(sab?: SharedArrayBuffer) {
    this.sab = sab ?? new SharedArrayBuffer(DOORBELLS + MAX_WORKERS * BELL_STRIDE * 4);
    this.i32 = new Int32Array(this.sab);
    this.f64 = new Float64Array(this.sab);
    if (!sab) this.i32.fill(-1, I_FAIL_NODE, I_FAIL_NODE + MAX_WORKERS);
  }

  phase(): number {
    return Atomics.load(this.i32, I_PHASE);
  }

  setPhase(p: number): void {
    Atomics.store(this.i32, I_PHASE, p);
    Atomics.notify(this.i32, I_PHASE);
    for (let w = 0; w < MAX_WORKERS; w++) this.ring(w); // a worker asleep on its doorbell sees the phase too
  }

  /** Worker side: block until the phase leaves IDLE (start barrier). */
  waitForStart(timeoutMs: number): number {
    Atomics.wait(this.i32, I_PHASE, PHASE_IDLE, timeoutMs);
    return this.phase();
  }

  /** Worker side: sleep up to `ms` unless the phase changes from `phase` (futex, yields the core). */
  idleWait(phase: number, ms: number): void {
    Atomics.wait(this.i32, I_PHASE, phase, ms);
  }

  // ── doorbells: a worker with nothing to do sleeps until another one moves frames ──
  // Sleeper: arm(w), look for work once more (a full loop), then sleepArmed(w). Waker: after a
  // loop that moved frames (its publishes and releases are seq-cst stores), ring(v) for each
  // peer. Either the sleeper's last look sees the waker's stores, or the waker's load of the
  // doorbell sees the sleeper's arm (one total order of seq-cst operations): no lost wake-up.

  /** Worker side: `w` is about to sleep unless its next loop finds work. */
  arm(w: number): void {
    Atomics.store(this.i32, (DOORBELLS >> 2) + w * BELL_STRIDE, 1);
  }

  disarm(w: number): void {
    Atomics.store(this.i32, (DOORBELLS >> 2) + w * BELL_STRIDE, 0);
  }

  /** Worker side: sleep (futex) while `w`'s doorbell stays armed, at most `ms`; disarmed after. */
  sleepArmed(w: number, ms: number): void {
    Atomics.wait(this.i32, (DOORBELLS >> 2) + w * BELL_STRIDE, 1, ms);
    this.disarm(w);
  }

  /** Wake worker `v` if it sleeps or is about to (one atomic load when it does not). */
  ring(v: number): void {
    const i = (DOORBELLS >> 2) + v * BELL_STRIDE;
    if (Atomics.load(this.i32, i) === 0) return;
    Atomics.store(this.i32, i, 0);
    Atomics.notify(this.i32, i);
  }

  markReady(w: number): void {
    Atomics.store(this.i32, I_STATE + w, WSTATE_READY);
    Atomics.add(this.i32, I_READY, 1);
  }

  readyCount(): number {
    return Atomics.load(this.i32, I_READY);
  }

  state(w: number): number {
    return Atomics.load(this.i32, I_STATE + w);
  }

  setState(w: number, s: number): void {
    Atomics.store(this.i32, I_STATE + w, s);
  }

  failNode(w: number): number {
    return Atomics.load(this.i32, I_FAIL_NODE + w);
  }

  setFailNode(w: number, node: number): void {
    Atomics.store(this.i32, I_FAIL_NODE + w, node);
  }

  statIndex(w: number, k: number): number {
    return F_STATS + w * WS_COUNT + k;
  }

  stat(w: number, k: number): number {
    return this.f64[F_STATS + w * WS_COUNT + k];
  }

  /** Sum of statistic k over workers 0..workers-1. */
  total(workers: number, k: number): number {
    let s = 0;
    for (let w = 0; w < workers; w++) s += this.f64[F_STATS + w * WS_COUNT + k];
    return s;
  }
}
