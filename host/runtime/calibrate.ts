// The machine's cross-thread copy ceiling, measured on the dataplane's own ring layout: two
// threads, one SPSC ring between them laid out by the builder's writeRing (same header, same
// slot size, same slot count), the same burst, the same frame. Thread 0 is a generator
// (pushCopies: one copy per frame, one atomic store per burst); thread 1 takes each frame off
// that ring and copies it into a ring of its own, which it then drains (drainCounting), the
// way the receiving node of a cross-worker frame copies it to a pod. So one frame costs two
// copies, one of them across cores, and no dataplane: what two cores of this machine can move
// right now, the figure every cross-worker result is read against.
//
// This VM's core-to-core cost moves by ~3x between runs (BENCHMARKS.md); a run measures this
// ceiling at its start and at its end and states which state the machine was in.

import { Mem } from '../dataplane/mem.ts';
import { writeRing } from '../dataplane/write.ts';
import { drainCounting, freeSlots, headSlot, publish, pushCopies, release, ringCount, tailSlot, type Tally } from '../dataplane/rings.ts';
import { RING_HDR_SIZE, RING_KIND_INBOX, RING_KIND_POD_TX, SLOT_HEADROOM, SLOT_LEN, SLOT_META, SLOT_OFF } from '../layout.ts';
import { Control, PHASE_IDLE, PHASE_RUN, PHASE_STOP, WS_DELIVERED, WS_GENERATED, WS_LOOPS } from './control.ts';

export interface CopyRings {
  buffer: SharedArrayBuffer;
  /** producer → consumer (crosses cores) */
  cross: number;
  /** consumer's own output ring (stays on its core) */
  local: number;
}

/** A memory holding the two rings, `slots` × `slotSize` each, written as the builder writes rings. */
export function copyRings(slots: number, slotSize: number): CopyRings {
  const ringBytes = RING_HDR_SIZE + slots * slotSize;
  const cross = 4096;
  const local = cross + Math.ceil(ringBytes / 4096) * 4096;
  const buffer = new SharedArrayBuffer(local + Math.ceil(ringBytes / 4096) * 4096);
  const mem = new Mem(buffer);
  writeRing(mem, { addr: cross, slots, kind: RING_KIND_INBOX }, 1, slotSize);
  writeRing(mem, { addr: local, slots, kind: RING_KIND_POD_TX }, 2, slotSize);
  return { buffer, cross, local };
}

export interface CopyTask {
  role: 'producer' | 'consumer';
  rings: CopyRings;
  control: SharedArrayBuffer;
  burst: number;
  frame: Uint8Array;
}

const START_TIMEOUT_MS = 30_000;
// Spin, then a short futex sleep: the benchmark worker's idle policy until 2026-11-30 (it now
// sleeps until a peer moves frames, worker.ts), kept here so that the ceiling stays comparable
// with the runs before; on a quiet machine neither side of the copy sleeps.
const IDLE_SPIN = 256;
const BACKOFF_MS = 0.02;

/** One side of the copy; returns when the phase goes to STOP. Statistics: worker 0's
 *  WS_GENERATED, worker 1's WS_DELIVERED, each side's WS_LOOPS. */
export function runCopySide(task: CopyTask): number {
  const ctl = new Control(task.control);
  const mem = new Mem(task.rings.buffer);
  const { cross, local } = task.rings;
  const burst = task.burst;
  const me = task.role === 'producer' ? 0 : 1;
  const iCount = ctl.statIndex(me, me === 0 ? WS_GENERATED : WS_DELIVERED);
  const iLoops = ctl.statIndex(me, WS_LOOPS);
  const frames = [task.frame];
  const u32 = mem.u32;
  const tally: Tally = { frames: 0, bytes: 0 };
  ctl.markReady(me);
  if (ctl.waitForStart(START_TIMEOUT_MS) === PHASE_IDLE) throw new Error('calibration: no start signal within 30 s');
  let count = 0;
  let loops = 0;
  let idleStreak = 0;
  for (;;) {
    const phase = ctl.phase();
    if (phase === PHASE_STOP) break;
    let moved = 0;
    if (me === 0) {
      if (phase === PHASE_RUN) moved = pushCopies(mem, cross, frames, 0, burst, count);
      count += moved;
    } else {
      let n = ringCount(mem, cross);
      if (n > burst) n = burst;
      const room = freeSlots(mem, local);
      if (n > room) n = room;
      for (let i = 0; i < n; i++) {
        const s = tailSlot(mem, cross, i);
        const d = headSlot(mem, local, i);
        const len = u32[(s + SLOT_LEN) >>> 2];
        copyWords(u32, d + SLOT_HEADROOM, s + u32[(s + SLOT_OFF) >>> 2], len);
        u32[(d + SLOT_LEN) >>> 2] = len;
        u32[(d + SLOT_OFF) >>> 2] = SLOT_HEADROOM;
        u32[(d + SLOT_META) >>> 2] = u32[(s + SLOT_META) >>> 2];
      }
      if (n > 0) {
        release(mem, cross, n);
        publish(mem, local, n);
      }
      moved = n + drainCounting(mem, local, tally);
      count = tally.frames;
    }
    loops++;
    if (moved === 0) {
      if (++idleStreak >= IDLE_SPIN) {
        ctl.idleWait(phase, BACKOFF_MS);
        idleStreak = 0;
      }
    } else idleStreak = 0;
    ctl.f64[iCount] = count;
    ctl.f64[iLoops] = loops;
  }
  return count;
}

/** The frames sit at the same offset in every slot, so a word copy (the twin's memoryCopy)
 *  with a ragged tail. */
function copyWords(u32: Uint32Array, dst: number, src: number, len: number): void {
  const d = dst >>> 2;
  const s = src >>> 2;
  const words = (len + 3) >>> 2;
  for (let k = 0; k < words; k++) u32[d + k] = u32[s + k];
}
