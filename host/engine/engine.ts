// The one interface every engine implements. An engine is a core: it is given the shared
// memory and the context address of each node it may step (host/dataplane builds both), and
// nothing else; the frames live in the memory's rings, so engines are interchangeable: the
// same memory stepped by the wasm core or the TS twin must end in the same bytes.

/** `wasm` (build/core.wasm), `ts` (the TypeScript twin), `null` (copies frames, the copy limit). */
export type EngineName = 'wasm' | 'ts' | 'null';
/** In the order a benchmark runs them: the copy limit first, then the twin, then the core. */
export const ENGINE_NAMES: readonly EngineName[] = ['null', 'ts', 'wasm'];
/** The engines that implement Calico's dataplane (the null engine only copies frames). */
export type ForwardingEngineName = Exclude<EngineName, 'null'>;

/** Called for every frame on an interface whose capture flag is set (host/dataplane/counters.ts).
 *  `frame` is a view into the shared memory, valid only during the call: copy what you keep.
 *  tunl0 frames are raw IPv4 (no Ethernet header); the others are Ethernet. */
export type CaptureHook = (node: number, iface: number, dir: 'rx' | 'tx', frame: Uint8Array) => void;

export interface EngineOptions {
  capture?: CaptureHook;
}

export interface Engine {
  readonly name: EngineName;
  /** Nodes this engine can step: indexes 0..nodeCount-1. */
  readonly nodeCount: number;
  /** One step of node `node`: at most `budget` frames from each of its input rings
   *  (default BURST). Returns the frames taken. */
  step(node: number, budget?: number): number;
}

export const BURST = 32;

/** Thrown by runUntilIdle when the nodes still move frames after its round limit (a spin). */
export class StillMovingError extends Error {}

/** Step every node (in index order) until a whole round takes no frame; returns the rounds
 *  run. Single-threaded convenience for tests, the CLI and the fuzzer. */
export function runUntilIdle(engine: Engine, maxRounds = 100000, budget = BURST): number {
  const n = engine.nodeCount;
  for (let round = 1; round <= maxRounds; round++) {
    let moved = 0;
    for (let i = 0; i < n; i++) moved += engine.step(i, budget);
    if (moved === 0) return round;
  }
  throw new StillMovingError(`still moving frames after ${maxRounds} rounds`);
}
