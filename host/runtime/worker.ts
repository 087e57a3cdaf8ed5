// One benchmark worker (a piscina task that runs for the whole session): it owns a contiguous
// range of nodes and, until told to stop, loops
//   for each owned node: generator tops up the node's pods' rx rings → engine steps the node
//                        → sink drains the node's pods' tx rings
// with one Atomics.load of the phase per loop iteration. Frames between nodes travel through
// the inbox rings the engines write (inbox[dst][this worker]); this file never forwards.

import { Control, PHASE_IDLE, PHASE_RUN, PHASE_STOP, WSTATE_DONE, WSTATE_FAILED, WSTATE_RUNNING, WS_DELIVERED, WS_DELIVERED_BYTES, WS_GENERATED, WS_IDLE_LOOPS, WS_LOOPS, WS_STEPPED, WS_SLEEPS, WS_PACE_STALLS, WS_CPU_S, WS_RUNQUEUE_S, WS_IDLE_S } from './control.ts';
import { threadSchedSeconds } from './threadCpu.ts';
import { resolvePorts, type ResolvedPorts } from './topology.ts';
import { createEngine, mapMemory, type DataplaneMemory } from '../dataplane/engines.ts';
import type { Engine, EngineName } from '../engine/engine.ts';
import type { WorkerResult, WorkerTask } from './task.ts';
import { runCopySide, type CopyTask } from './calibrate.ts';

const START_TIMEOUT_MS = 120_000;
// Idle back-off: a worker whose loops have moved nothing for IDLE_SPIN_MS sleeps on its
// doorbell (control.ts: a futex) until another worker's loop moves frames, a phase change, or
// BACKSTOP_MS. Without sleeping, a worker whose peer was descheduled (another process, a V8
// compile thread: this machine has 2 cores) spins on an empty inbox and keeps the core the
// peer needs, and throughput collapses by 10-100x. Until 2026-11-30 it spun 256 loops
// (~100 µs) and slept 20 µs at a time: when both workers had to share one core (other
// processes had the other), each woke every 20 µs to find its peer's burst not yet published
// (a step publishes at its end) and spun another ~100 µs; 2 workers pinned to one busy core
// moved 0.4-0.8 Mpps so, 1.0-1.6 with this policy. 30 µs of spinning still covers a peer's
// whole loop on a quiet machine (5-15 µs on the seed), where sleeping would add a wake-up.
const IDLE_SPIN_MS = 0.03;
const BACKSTOP_MS = 1;
// The thread's CPU and run-queue seconds are read (a file read, ~20-50 µs) at most this often,
// the clock looked at every CPU_CHECK_LOOPS loops (every loop when a loop steps many nodes and
// lasts milliseconds): under 1% of a loop's time, a 1-2 s run's figures exact to a few ms.
const CPU_READ_MS = 5;
const CPU_CHECK_LOOPS = 32;
const MANY_NODES = 16;

// The memory map and the engines of the image this thread last stepped, kept across sessions:
// a benchmark that interleaves engines in rounds runs each engine many times on one image, and
// a TS twin made anew per session would be a second closure of every twin function in this
// thread (V8 then stops specialising them: several times slower, BENCHMARKS.md).
// The generator and sink of a plan's node range are kept the same way: resolving them walks every
// template's wire path (5000 nodes' random mix: 160 000), which each session repeated, and
// the garbage of 15 sessions a run kept each worker's heap ~150 MiB above what it needs.
let mapped: { image: number; map: DataplaneMemory; engines: Map<EngineName, Engine>; ports: Map<string, ResolvedPorts> } | null = null;

function engineFor(task: WorkerTask): { map: DataplaneMemory; engine: Engine; resolved: ResolvedPorts } {
  if (mapped === null || mapped.image !== task.image) mapped = { image: task.image, map: mapMemory(task.memory), engines: new Map(), ports: new Map() };
  let engine = mapped.engines.get(task.engine);
  if (engine === undefined) mapped.engines.set(task.engine, (engine = createEngine(task.engine, mapped.map)));
  const key = `${task.flows.id} ${task.firstNode} ${task.endNode} ${task.burst}`;
  let resolved = mapped.ports.get(key);
  if (resolved === undefined) {
    resolved = resolvePorts(mapped.map.mem, task, mapped.map.ctxs.subarray(task.firstNode, task.endNode));
    mapped.ports.set(key, resolved);
  } else resolved.ports.reset();
  return { map: mapped.map, engine, resolved };
}

/** One side of the machine's copy ceiling (calibrate.ts), run as a named piscina task. */
export async function calibrate(task: CopyTask): Promise<number> {
  return runCopySide(task);
}

export default async function benchWorker(task: WorkerTask): Promise<WorkerResult> {
  const ctl = new Control(task.control);
  const w = task.worker;
  let current = -1;
  try {
    const { map, engine, resolved } = engineFor(task);
    const ctxs = map.ctxs.subarray(task.firstNode, task.endNode);
    const { ports, sendFrom, sendTo, txFrom, txTo } = resolved;
    const nodeCount = ctxs.length;
    const budget = task.budget;
    const stats = ctl.f64;
    const iGen = ctl.statIndex(w, WS_GENERATED);
    const iDel = ctl.statIndex(w, WS_DELIVERED);
    const iBytes = ctl.statIndex(w, WS_DELIVERED_BYTES);
    const iLoops = ctl.statIndex(w, WS_LOOPS);
    const iIdle = ctl.statIndex(w, WS_IDLE_LOOPS);
    const iStepped = ctl.statIndex(w, WS_STEPPED);
    const iSleeps = ctl.statIndex(w, WS_SLEEPS);
    const iStalls = ctl.statIndex(w, WS_PACE_STALLS);
    const iCpu = ctl.statIndex(w, WS_CPU_S);
    const iRunq = ctl.statIndex(w, WS_RUNQUEUE_S);
    const iIdleS = ctl.statIndex(w, WS_IDLE_S);
    const readCpu = (): void => {
      const s = threadSchedSeconds();
      stats[iCpu] = s ? s[0] : -1;
      stats[iRunq] = s ? s[1] : -1;
    };
    let cpuReadAt = performance.now();
    const cpuCheckMask = ctxs.length >= MANY_NODES ? 0 : CPU_CHECK_LOOPS - 1;
    let sleeps = 0;
    let stepped = 0;
    const faultLocal = task.faultNode >= task.firstNode && task.faultNode < task.endNode ? task.faultNode - task.firstNode : -1;

    readCpu();
    ctl.markReady(w);
    if (ctl.waitForStart(START_TIMEOUT_MS) === PHASE_IDLE) throw new Error('worker: no start signal within 120 s');
    ctl.setState(w, WSTATE_RUNNING);

    let loops = 0;
    let idle = 0;
    let runLoops = 0;
    let idleStreak = 0;
    let armed = false;
    let idleSince = 0;
    let idleMs = 0;
    const workers = task.workers;
    for (;;) {
      const phase = ctl.phase();
      if (phase === PHASE_STOP) break;
      const generate = phase === PHASE_RUN;
      if (generate) runLoops++;
      let moved = 0;
      for (let i = 0; i < nodeCount; i++) {
        current = task.firstNode + i;
        if (i === faultLocal && runLoops > task.faultAfterLoops) {
          if (task.faultExit) {
            ctl.setFailNode(w, current);
            ctl.setState(w, WSTATE_FAILED);
            process.exit(70); // in a worker thread: ends this thread only, like a crash would
          }
          throw new Error(`injected fault (--fault-node ${task.faultNode})`);
        }
        if (generate) moved += ports.generate(sendFrom[i], sendTo[i]);
        const took = engine.step(current, budget);
        stepped += took;
        moved += took;
        moved += ports.sink(txFrom[i], txTo[i]);
        moved += ports.drainUplink(i);
      }
      current = -1;
      loops++;
      if (moved === 0) {
        idle++;
        if (idleStreak++ === 0) idleSince = performance.now();
        else if (armed) {
          ctl.sleepArmed(w, BACKSTOP_MS);
          armed = false;
          sleeps++;
          idleMs += performance.now() - idleSince; // the stretch so far, the sleep included
          idleStreak = 0;
        } else if ((idleStreak & 7) === 0 && performance.now() - idleSince >= IDLE_SPIN_MS) {
          ctl.arm(w); // then one more loop: work a peer published before this store is seen there
          armed = true;
        }
      } else {
        if (idleStreak !== 0) idleMs += performance.now() - idleSince; // a clock read per stretch, not per loop
        idleStreak = 0;
        if (armed) {
          ctl.disarm(w);
          armed = false;
        }
        for (let v = 0; v < workers; v++) if (v !== w) ctl.ring(v); // peers asleep on what this loop moved
      }
      stats[iGen] = ports.generated;
      stats[iDel] = ports.delivered;
      stats[iBytes] = ports.deliveredBytes;
      stats[iLoops] = loops;
      stats[iIdle] = idle;
      stats[iStepped] = stepped;
      stats[iSleeps] = sleeps;
      stats[iStalls] = ports.paceStalls;
      stats[iIdleS] = idleMs / 1000;
      if ((loops & cpuCheckMask) === 0) {
        const now = performance.now();
        if (now - cpuReadAt >= CPU_READ_MS) {
          readCpu();
          cpuReadAt = now;
        }
      }
    }
    readCpu();
    ctl.setState(w, WSTATE_DONE);
    return { worker: w, generated: ports.generated, delivered: ports.delivered, deliveredBytes: ports.deliveredBytes, wired: ports.wired, loops, idleLoops: idle, sleeps, paceStalls: ports.paceStalls, stepped };
  } catch (e) {
    ctl.setFailNode(w, current);
    ctl.setState(w, WSTATE_FAILED);
    // Tell the others at once: the main thread will also notice the rejected task.
    ctl.setPhase(PHASE_STOP);
    throw e;
  }
}
