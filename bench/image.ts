// A built memory image with its pages faulted in and its initial state recorded, so several
// sessions (engines, frame sizes) run on it one after the other (host/runtime/reset.ts).

import type { Dataplane } from '../host/dataplane/build.ts';
import { captureInitial, prefault, resetDataplane, type InitialState } from '../host/runtime/reset.ts';
import { dataplaneFor, type Prepared } from './setup.ts';

export interface Image {
  /** Distinct per image built in this process: worker threads keep their engines per image. */
  id: number;
  dp: Dataplane;
  initial: InitialState;
  buildSeconds: number;
}

let images = 0;

/** Build stages for a progress bar: sharing FIBs, planning and writing count nodes, prefault counts MiB. */
export type BuildProgress = (stage: 'share' | 'plan' | 'write' | 'prefault', done: number, total: number) => void;

export function imageFor(p: Prepared, workers: number, onProgress?: BuildProgress): Image {
  const t0 = performance.now();
  const dp = dataplaneFor(p, workers, onProgress);
  prefault(dp.mem, onProgress ? (done, total) => onProgress('prefault', done, total) : undefined);
  return { id: ++images, dp, initial: captureInitial(dp.mem), buildSeconds: (performance.now() - t0) / 1000 };
}

/** Back to the state of a fresh build (no worker may be running). */
export function resetImage(image: Image): void {
  resetDataplane(image.dp.mem, image.initial);
}
