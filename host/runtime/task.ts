// What the main thread hands each worker (structured-cloned once per session: the memory, the
// control block and the plan's arrays are shared buffers, so only the small fields are copied)
// and what a worker returns.

import type { EngineName } from '../engine/engine.ts';

export interface FlowArrays {
  /** Names this plan for the process's lifetime: a worker resolves a plan's ports once and
   *  keeps them while the image and its node range stay the same (worker.ts). */
  id: number;
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
  /** Workers in the session (the peers whose doorbells this one rings). */
  workers: number;
  engine: EngineName;
  memory: WebAssembly.Memory;
  /** Which built image `memory` is (a thread keeps its engines while this stays the same). */
  image: number;
  control: SharedArrayBuffer;
  /** Owned nodes: [firstNode, endNode) (contiguous range, see assign.ts). */
  firstNode: number;
  endNode: number;
  flows: FlowArrays;
  /** Frames per sender per loop (the generator's top-up, one ring operation). */
  burst: number;
  /** Frames the engine may take from each input ring per step. More than a burst: several
   *  senders of a worker feed one wire ring (the seed's busybox and coredns both go to
   *  k8s-node-1), and a one-burst budget lets that ring's consumer take less per loop than the
   *  pacing lets in, so the senders stall every other loop (measured: 128 of 192 frames per
   *  loop with one worker). The pod ring size: a step never puts more into a pod's tx ring
   *  from one input ring than it holds. */
  budget: number;
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
