// The benchmark as a function: options in, tables/JSON/HTML out, exit status back.
// Shared by `npm run bench` (bench/run.ts) and `calico-ipip-sim bench` (host/cli/commands/bench.ts).
//
// Exit status: 0 all good; 1 a worker died or conservation failed (results still printed);
// 2 bad options (ConfigError, thrown to the caller).

import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import cliProgress from 'cli-progress';
import type { CliIo } from '../host/cli/context.ts';
import { measureEngine, WorkerDiedError, type EngineResult } from './measure.ts';
import type { BenchOptions, EngineName } from './options.ts';
import { describeMachine } from './report/machine.ts';
import { htmlReport } from './report/html.ts';
import { conservationLines, dropTable, headerLines, resultTable } from './report/table.ts';
import { RESULT_SCHEMA, ratiosOf, type BenchResult, type SeriesPoint } from './result.ts';
import { dataplaneFor, prepare, type Prepared } from './setup.ts';
import type { Dataplane } from '../host/memory/build.ts';
import { captureInitial, prefault, resetDataplane, type InitialState } from '../host/runtime/reset.ts';
import { planFlows } from './traffic/flows.ts';

export const REPORT_SIZES = [64, 98, 256, 512, 1024, 1494]; // 1494 = the pods' 1480-byte MTU + Ethernet header
const SERIES_WARMUP = 0.3; // at most: a shorter --warmup shortens it too
const SERIES_RUNS = 3; // at most, likewise with --runs

export interface BenchRun {
  result: BenchResult | null;
  exitCode: number;
}

export async function runBench(o: BenchOptions, io: CliIo, command: string, faultNode = -1): Promise<BenchRun> {
  const p = prepare(o);
  const flows = planFlows(p.cluster, o.mix, o.size);
  const machine = describeMachine();
  let peakRss = process.memoryUsage().rss;
  const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

  const perEngine = o.warmup + o.runs * o.duration;
  const total = perEngine * o.engines.length;
  const bar = o.progress && process.stderr.isTTY ? new cliProgress.SingleBar({ format: ' {bar} {percentage}% | {label} | {mpps}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(total, 0, { label: 'building', mpps: '' });

  const engines: EngineResult[] = [];
  let died: WorkerDiedError | null = null;
  // One memory image for every engine: built once, pages faulted in once, reset between
  // sessions (host/runtime/reset.ts), so each engine starts from the same state on the same pages.
  const t0 = performance.now();
  const image = imageFor(p, p.workers);
  const buildSeconds = (performance.now() - t0) / 1000;
  const sharedBytes = image.dp.memory.buffer.byteLength;
  sampleRss();
  try {
    for (const [i, engine] of o.engines.entries()) {
      resetDataplane(image.dp.mem, image.initial);
      const r = await measureEngine(image.dp.memory, {
        engine, workers: p.workers, ranges: p.ranges, flows, size: o.size, burst: p.burst,
        warmup: o.warmup, duration: o.duration, runs: o.runs, faultNode,
        onProgress: (s, label) => {
          bar?.update(i * perEngine + s, { label, mpps: '' });
          sampleRss();
        },
      });
      engines.push(r);
      bar?.update((i + 1) * perEngine, { label: `${engine} done`, mpps: `${r.mpps.median.toFixed(2)} Mpps` });
    }
  } catch (e) {
    if (!(e instanceof WorkerDiedError)) throw e;
    died = e;
  } finally {
    bar?.stop();
  }

  if (died) {
    const node = died.node >= 0 ? p.cluster.nodes[died.node]?.spec.name ?? `#${died.node}` : 'none (outside a node step)';
    io.err(`error: worker ${died.worker} died: ${died.message}\n  node: ${node}\n`);
    if (died.snapshot) io.err(`  counters so far: generated ${died.snapshot.generated}, delivered ${died.snapshot.delivered}\n`);
    if (died.counters) io.err(`  core counters: rx ${died.counters.rx}, delivered to pods ${died.counters.deliveredPod}, dropped ${died.counters.dropsTotal}\n`);
    for (const e of engines) io.err(`  completed before: ${e.engine} ${e.mpps.median.toFixed(3)} Mpps\n`);
    return { result: null, exitCode: 1 };
  }

  const result: BenchResult = {
    schema: RESULT_SCHEMA,
    date: new Date().toISOString(),
    command,
    machine,
    config: {
      engines: o.engines,
      cluster: p.label,
      nodes: p.cluster.nodes.length,
      pods: p.cluster.pods.length,
      podsPerNode: o.nodes !== null ? o.podsPerNode : null,
      workers: p.workers,
      nodesPerWorker: p.ranges.map(([a, b]) => b - a),
      assignment: 'contiguous',
      duration: o.duration,
      warmup: o.warmup,
      runs: o.runs,
      size: o.size,
      mix: o.mix,
      burst: p.burst,
      ringSlots: p.ringSlots,
      flows: { cross: flows.crossFlows, same: flows.sameFlows },
    },
    memory: { sharedBytes, rssBytes: peakRss, heapUsedBytes: process.memoryUsage().heapUsed, buildSeconds },
    engines,
    ratios: ratiosOf(engines),
    conservation: { passed: engines.every((e) => e.conservation.passed) },
  };

  io.out(headerLines(result));
  io.out(resultTable(result));
  io.out(ratioLine(result));
  io.out(dropTable(result));
  io.out(conservationLines(result));

  if (o.report !== null) {
    io.err(`report: measuring series (workers 1..${availableParallelism()}, sizes ${REPORT_SIZES.join('/')})...\n`);
    result.series = await measureSeries(o, p, image);
    writeFileSync(o.report, htmlReport(result));
    io.out(`report written to ${o.report} (series took ${result.series.seconds.toFixed(0)} s)\n`);
  }
  if (o.json !== null) {
    writeFileSync(o.json, JSON.stringify(result, null, 2) + '\n');
    io.out(`json written to ${o.json}\n`);
  }
  io.out(`conservation: ${result.conservation.passed ? 'passed' : 'FAILED'}\n`);
  return { result, exitCode: result.conservation.passed ? 0 : 1 };
}

interface Image {
  dp: Dataplane;
  initial: InitialState;
}

/** A built memory image with its pages faulted in and its initial state recorded. */
function imageFor(p: Prepared, workers: number): Image {
  const dp = dataplaneFor(p, workers, p.ringSlots);
  prefault(dp.mem);
  return { dp, initial: captureInitial(dp.mem) };
}

function ratioLine(r: BenchResult): string {
  const parts: string[] = [];
  if (r.ratios.wasm_ts !== undefined) parts.push(`wasm/ts ${r.ratios.wasm_ts.toFixed(2)}×`);
  if (r.ratios.wasm_null !== undefined) parts.push(`wasm/null ${(r.ratios.wasm_null * 100).toFixed(0)}%`);
  if (r.ratios.ts_null !== undefined) parts.push(`ts/null ${(r.ratios.ts_null * 100).toFixed(0)}%`);
  return parts.length ? `ratios (medians, same run): ${parts.join(', ')}\n` : '';
}

/** The report's extra series: Mpps with workers 1..min(cores, nodes), Mpps vs frame size. */
async function measureSeries(o: BenchOptions, p: Prepared, main: Image): Promise<NonNullable<BenchResult['series']>> {
  const t0 = performance.now();
  const duration = Math.min(o.duration, 1);
  const workersMax = Math.min(availableParallelism(), p.cluster.nodes.length);
  const workers: SeriesPoint[] = [];
  const sizes: SeriesPoint[] = [];
  const images = new Map<number, Image>([[p.workers, main]]);
  const point = async (engine: EngineName, w: number, size: number): Promise<SeriesPoint> => {
    let image = images.get(w);
    if (!image) images.set(w, (image = imageFor(p, w)));
    resetDataplane(image.dp.mem, image.initial);
    const dp = image.dp;
    const flows = planFlows(p.cluster, o.mix, size);
    const ranges = Array.from({ length: w }, (_, i) => [Math.floor((i * p.cluster.nodes.length) / w), Math.floor(((i + 1) * p.cluster.nodes.length) / w)] as [number, number]);
    const r = await measureEngine(dp.memory, { engine, workers: w, ranges, flows, size, burst: p.burst, warmup: Math.min(SERIES_WARMUP, o.warmup), duration, runs: Math.min(SERIES_RUNS, o.runs), faultNode: -1 });
    return { engine, x: w, mpps: r.mpps.median, mppsMin: r.mpps.min, mppsMax: r.mpps.max };
  };
  for (const engine of o.engines) {
    for (let w = 1; w <= workersMax; w++) workers.push(await point(engine, w, o.size));
    for (const size of REPORT_SIZES) sizes.push({ ...(await point(engine, p.workers, size)), x: size });
  }
  return { workers, sizes, seconds: (performance.now() - t0) / 1000 };
}
