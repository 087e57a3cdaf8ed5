// What the main thread hands each worker (structured-cloned once per session: the memory and
// the control block are shared, the plan arrays are copied) and what a worker returns.

import type { EngineName } from '../engine/engine.ts';

export interface FlowArrays {
  podNode: Uint32Array;
  podSlot: Uint32Array;
  podTplFirst: Uint32Array;
  podTplCount: Uint32Array;
  tplOff: Uint32Array;
  tplLen: Uint32Array;
  tplBytes: Uint8Array;
  tplDstNode: Uint32Array;
}

export interface WorkerTask {
  worker: number;
  engine: EngineName;
  memory: WebAssembly.Memory;
  /** Which built image `memory` is (a thread keeps its engines while this stays the same). */
  image: number;
  control: SharedArrayBuffer;
  /** Owned nodes: [firstNode, endNode) (contiguous range, see assign.ts). */
  firstNode: number;
  endNode: number;
  flows: FlowArrays;
  /** Frames per ring per step (engine budget, generator top-up). */
  burst: number;
  /** Fault injection for the worker-death path: throw while stepping this node (-1: never). */
  faultNode: number;
  /** …after this many loop iterations in the RUN phase. */
  faultAfterLoops: number;
  /** true: the thread exits (process.exit in the worker) instead of throwing. */
  faultExit: boolean;
}

export interface WorkerResult {
  worker: number;
  generated: number;
  delivered: number;
  deliveredBytes: number;
  /** Frames taken from the uplink tx rings of the worker's nodes (sent beyond the cluster). */
  wired: number;
  /** The worker loop's stages: iterations, those that moved nothing, futex sleeps, sender
   *  bursts held back by pacing, frames its engine took from input rings. */
  loops: number;
  idleLoops: number;
  sleeps: number;
  paceStalls: number;
  stepped: number;
}
