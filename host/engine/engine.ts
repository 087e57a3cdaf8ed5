// The one interface every engine implements. An engine steps nodes of one Dataplane (see
// host/memory/build.ts); the frames live in the dataplane's rings, so engines are
// interchangeable: the same memory stepped by the wasm core or the TS twin must end in the
// same bytes.
import type { Dataplane } from '../memory/build.ts';

/** Called for every frame on an interface whose capture flag is set (host/memory/capture.ts).
 *  `frame` is a view into the shared memory, valid only during the call: copy what you keep.
 *  tunl0 frames are raw IPv4 (no Ethernet header); the others are Ethernet. */
export type CaptureHook = (node: number, iface: number, dir: 'rx' | 'tx', frame: Uint8Array) => void;

export interface EngineOptions {
  capture?: CaptureHook;
}

export interface Engine {
  readonly name: 'wasm' | 'ts' | 'null';
  readonly dataplane: Dataplane;
  /** One step of node `node` (index in dataplane.nodes): at most `budget` frames from each
   *  of its input rings (default BURST). Returns the frames taken. */
  step(node: number, budget?: number): number;
}

export const BURST = 32;

/** Step every node (in index order) until a whole round takes no frame; returns the rounds
 *  run. Single-threaded convenience for tests and the CLI. Throws after `maxRounds`. */
export function runUntilIdle(engine: Engine, maxRounds = 100000, budget = BURST): number {
  const n = engine.dataplane.nodes.length;
  for (let round = 1; round <= maxRounds; round++) {
    let moved = 0;
    for (let i = 0; i < n; i++) moved += engine.step(i, budget);
    if (moved === 0) return round;
  }
  throw new Error(`runUntilIdle: still moving frames after ${maxRounds} rounds`);
}
