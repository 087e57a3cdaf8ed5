// The benchmark as a function: options in, tables/JSON/HTML out, exit status back.
// Shared by `npm run bench` (bench/run.ts) and `calico-ipip-sim bench` (host/cli/commands/bench.ts).
//
// Exit status: 0 all good; 1 a worker died or conservation failed (results still printed);
// 2 bad options (ConfigError, thrown to the caller).

import { writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Io } from '../host/io.ts';
import type { Fault } from './fault.ts';
import { createWorkerPool } from '../host/runtime/session.ts';
import { imageFor, resetImage } from './image.ts';
import { measureEngine, WorkerDiedError, type EngineResult } from './measure.ts';
import type { BenchOptions } from './options.ts';
import { describeMachine } from './report/machine.ts';
import { htmlReport } from './report/html.ts';
import { conservationLines, dropTable, headerLines, resultTable } from './report/table.ts';
import { RESULT_SCHEMA, ratiosOf, type BenchResult } from './result.ts';
import { measureSeries, reportSizes, seriesThreads } from './series.ts';
import { prepare } from './setup.ts';
import { planFlows } from './traffic/flows.ts';

export interface BenchRun {
  result: BenchResult | null;
  exitCode: number;
}


export async function runBench(o: BenchOptions, io: Io, command: string, fault: Fault = { node: -1, exit: false }): Promise<BenchRun> {
  const p = prepare(o);
  const flows = planFlows(p.cluster, o.mix, o.size);
  const machine = describeMachine();
  let peakRss = process.memoryUsage().rss;
  const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

  const perEngine = o.warmup + o.runs * o.duration;
  const bar = o.progress && process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: ' {bar} {percentage}% | {label} | {mpps}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
    : null;
  // Threads for the whole invocation: starting one costs ~0.5-1 s (tsx, modules, WASM compile).
  const pool = createWorkerPool(Math.max(p.workers, o.report !== null ? seriesThreads(p) : 0));
  try {
    // One memory image for every engine: built once, pages faulted in once, reset between
    // sessions, so each engine starts from the same state on the same pages.
    const image = imageFor(p, p.workers);
    sampleRss();
    bar?.start(perEngine * o.engines.length, 0, { label: 'starting', mpps: '' });
    const engines: EngineResult[] = [];
    try {
      for (const [i, engine] of o.engines.entries()) {
        resetImage(image);
        const r = await measureEngine(image.dp.memory, {
          engine, workers: p.workers, ranges: p.ranges, flows, size: o.size, burst: p.burst,
          warmup: o.warmup, duration: o.duration, runs: o.runs, faultNode: fault.node, faultExit: fault.exit, pool,
          onProgress: (s, label, mpps) => {
            bar?.update(i * perEngine + s, { label, mpps: `${mpps.toFixed(2)} Mpps` });
            sampleRss();
          },
        });
        engines.push(r);
        bar?.update((i + 1) * perEngine, { label: `${engine} done`, mpps: `${r.mpps.median.toFixed(2)} Mpps` });
      }
    } catch (e) {
      if (!(e instanceof WorkerDiedError)) throw e;
      bar?.stop();
      reportDeath(e, p.cluster.nodes.map((n) => n.spec.name), engines, io);
      return { result: null, exitCode: 1 };
    } finally {
      bar?.stop();
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
      memory: { sharedBytes: image.dp.memory.buffer.byteLength, rssBytes: peakRss, heapUsedBytes: process.memoryUsage().heapUsed, buildSeconds: image.buildSeconds },
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
      io.err(`report: measuring series (workers 1..${seriesThreads(p)}, sizes ${reportSizes(p.cluster).join('/')})...\n`);
      result.series = await measureSeries(o, p, image, pool);
      writeFileSync(o.report, htmlReport(result));
      io.out(`report written to ${o.report} (series took ${result.series.seconds.toFixed(0)} s)\n`);
    }
    if (o.json !== null) {
      writeFileSync(o.json, JSON.stringify(result, null, 2) + '\n');
      io.out(`json written to ${o.json}\n`);
    }
    io.out(`conservation: ${result.conservation.passed ? 'passed' : 'FAILED'}\n`);
    return { result, exitCode: result.conservation.passed ? 0 : 1 };
  } finally {
    await pool.destroy();
  }
}

function reportDeath(died: WorkerDiedError, names: string[], done: EngineResult[], io: Io): void {
  const node = died.node >= 0 ? names[died.node] ?? `#${died.node}` : 'none (outside a node step)';
  io.err(`error: worker ${died.worker} died: ${died.message}\n  node: ${node}\n`);
  if (died.snapshot) io.err(`  counters so far: generated ${died.snapshot.generated}, delivered ${died.snapshot.delivered}\n`);
  if (died.counters) io.err(`  core counters: rx ${died.counters.rx}, delivered to pods ${died.counters.deliveredPod}, dropped ${died.counters.dropped}\n`);
  for (const e of done) io.err(`  completed before: ${e.engine} ${e.mpps.median.toFixed(3)} Mpps\n`);
}

function ratioLine(r: BenchResult): string {
  const parts: string[] = [];
  if (r.ratios.wasm_ts !== undefined) parts.push(`wasm/ts ${r.ratios.wasm_ts.toFixed(2)}×`);
  if (r.ratios.wasm_null !== undefined) parts.push(`wasm/null ${(r.ratios.wasm_null * 100).toFixed(0)}%`);
  if (r.ratios.ts_null !== undefined) parts.push(`ts/null ${(r.ratios.ts_null * 100).toFixed(0)}%`);
  return parts.length ? `ratios (medians, same run): ${parts.join(', ')}\n` : '';
}
