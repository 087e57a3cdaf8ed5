// The run's yardstick for the machine: its cross-thread copy ceiling on the run's own ring
// layout (host/runtime/calibrate.ts), measured before the engines and again after them. Every
// cross-worker figure of the run is read against it: on this shared VM the same code has
// measured 6 and 17 Mpps with 2 workers, and this ceiling moves with it (issue 13).

import type { Piscina } from 'piscina';
import { Control, PHASE_RUN, PHASE_STOP, WS_DELIVERED } from '../host/runtime/control.ts';
import { copyRings, type CopyTask } from '../host/runtime/calibrate.ts';

/** Below this the copy ceiling says the machine is in its slow state. Measured on this VM
 *  (2 vCPUs, 98-byte frames, 2048-byte slots, bursts of 32): ~30-45 Mpps in the fast state,
 *  ~8-18 in the slow one (BENCHMARKS.md, "Calibration"). */
export const FAST_STATE_MPPS = 24;

export interface CopyCeiling {
  /** Frames per second the consumer thread took, in Mpps. */
  mpps: number;
  seconds: number;
}

export interface Calibration {
  method: string;
  slots: number;
  slotSize: number;
  burst: number;
  size: number;
  start: CopyCeiling;
  end: CopyCeiling;
  /** 'fast' when both ends are at or above FAST_STATE_MPPS, 'slow' when both are below,
   *  'changed' when the machine moved between the start and the end of the run. */
  state: 'fast' | 'slow' | 'changed';
  fastThresholdMpps: number;
}

export interface CalibrationConfig {
  pool: Piscina;
  slots: number;
  slotSize: number;
  burst: number;
  frame: Uint8Array;
  seconds: number;
}

const WARMUP_MS = 150;

/** One measurement: two threads of the pool, `seconds` timed after a short warm-up. */
export async function copyCeiling(c: CalibrationConfig): Promise<CopyCeiling> {
  const control = new Control();
  const rings = copyRings(c.slots, c.slotSize);
  const task = (role: CopyTask['role']): CopyTask => ({ role, rings, control: control.sab, burst: c.burst, frame: c.frame });
  const sides = [c.pool.run(task('producer'), { name: 'calibrate' }), c.pool.run(task('consumer'), { name: 'calibrate' })];
  const failed = Promise.all(sides).then(() => new Error('calibration: a side returned early'));
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  try {
    const t0 = performance.now();
    while (control.readyCount() < 2) {
      if (performance.now() - t0 > 30_000) throw new Error('calibration: threads not ready after 30 s');
      await Promise.race([sleep(2), failed.then((e) => Promise.reject(e))]);
    }
    control.setPhase(PHASE_RUN);
    await sleep(WARMUP_MS);
    const a = { t: performance.now(), n: control.stat(1, WS_DELIVERED) };
    await sleep(c.seconds * 1000);
    const b = { t: performance.now(), n: control.stat(1, WS_DELIVERED) };
    const seconds = (b.t - a.t) / 1000;
    return { mpps: (b.n - a.n) / seconds / 1e6, seconds };
  } finally {
    control.setPhase(PHASE_STOP);
    await Promise.allSettled(sides);
  }
}

export function calibrationOf(c: Omit<CalibrationConfig, 'pool' | 'frame'> & { size: number }, start: CopyCeiling, end: CopyCeiling): Calibration {
  const fast = (x: CopyCeiling) => x.mpps >= FAST_STATE_MPPS;
  return {
    method: 'two threads, one SPSC ring of the dataplane layout: pushCopies → copy into a local ring → drainCounting',
    slots: c.slots,
    slotSize: c.slotSize,
    burst: c.burst,
    size: c.size,
    start,
    end,
    state: fast(start) && fast(end) ? 'fast' : !fast(start) && !fast(end) ? 'slow' : 'changed',
    fastThresholdMpps: FAST_STATE_MPPS,
  };
}
