// The HTML report's extra series: Mpps with workers 1..min(cores, nodes) at the main frame
// size, and Mpps vs frame size at the main worker count; every engine, shorter runs
// (≤ 0.3 s warm-up, ≤ 3 runs of ≤ 1 s) on one image per worker count.

import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { measureEngine } from './measure.ts';
import { imageFor, resetImage, type Image } from './image.ts';
import type { BenchOptions } from './options.ts';
import type { EngineName } from '../host/engine/engine.ts';
import type { BenchResult, SeriesPoint } from './result.ts';
import { contiguousRanges, type Prepared } from './setup.ts';
import { planFlows } from './traffic/flows.ts';

import type { Cluster } from '../host/cluster/types.ts';
import { podMtu } from '../host/cluster/ifaces.ts';
import { hostsOf } from '../host/dataplane/ports.ts';

/** Frame sizes of the report's size series: the small ones, then the largest frame a pod sends
 *  unfragmented (its MTU + Ethernet header: 1494 at MTU 1500, 8994 at 9000), with 4096 on the
 *  way on jumbo clusters. */
export function reportSizes(cluster: Cluster): number[] {
  const largest = podMtu(cluster.spec) + 14;
  return [...[64, 98, 256, 512, 1024, 4096].filter((s) => s < largest), largest];
}
const SERIES_WARMUP = 0.3;
const SERIES_RUNS = 3;
const SERIES_DURATION = 1;

export function seriesThreads(p: Prepared): number {
  return Math.min(availableParallelism(), hostsOf(p.cluster).length);
}

export async function measureSeries(o: BenchOptions, p: Prepared, main: Image, pool: Piscina): Promise<NonNullable<BenchResult['series']>> {
  const t0 = performance.now();
  const images = new Map<number, Image>([[p.workers, main]]);
  const point = async (engine: EngineName, workers: number, size: number, x: number): Promise<SeriesPoint> => {
    let image = images.get(workers);
    if (!image) images.set(workers, (image = imageFor(p, workers)));
    resetImage(image);
    const r = await measureEngine(image.dp.memory, {
      engine, image: image.id, workers, ranges: contiguousRanges(hostsOf(p.cluster).length, workers), flows: planFlows(p.cluster, o.mix, size), size,
      burst: p.burst, budget: p.ringSlots, warmup: Math.min(SERIES_WARMUP, o.warmup), duration: Math.min(SERIES_DURATION, o.duration),
      runs: Math.min(SERIES_RUNS, o.runs), faultNode: -1, pool,
    });
    return { engine, x, mpps: r.mpps.median, mppsMin: r.mpps.min, mppsMax: r.mpps.max };
  };
  const workers: SeriesPoint[] = [];
  const sizes: SeriesPoint[] = [];
  for (const engine of o.engines) {
    for (let w = 1; w <= seriesThreads(p); w++) workers.push(await point(engine, w, o.size, w));
    for (const size of reportSizes(p.cluster)) sizes.push(await point(engine, p.workers, size, size));
  }
  return { workers, sizes, seconds: (performance.now() - t0) / 1000 };
}
