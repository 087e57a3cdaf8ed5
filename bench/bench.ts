// The benchmark as a function: options in, tables/JSON/HTML out, exit status back.
// Shared by `npm run bench` (bench/run.ts) and `calico-ipip-sim bench` (host/cli/commands/bench.ts).
//
//   build the image ─► calibrate (copy ceiling) ─► rounds: null, ts, wasm, null, ts, wasm, …
//                   ─► calibrate again ─► table, warnings, --json
//
// Exit status: 0 all good; 1 a worker died or conservation failed (results still printed);
// 2 bad options (ConfigError, thrown to the caller).

import { writeOutputFile } from './outputFile.ts';
import cliProgress from 'cli-progress';
import type { Io } from '../host/io.ts';
import type { Fault } from './fault.ts';
import { createWorkerPool } from '../host/runtime/session.ts';
import { slotSizeOf } from '../host/dataplane/rings.ts';
import { imageFor, type Image } from './image.ts';
import { WorkerDiedError, type EngineResult } from './measure.ts';
import type { BenchOptions } from './options.ts';
import { describeMachine } from './report/machine.ts';
import { machineLoad, sampleCpu } from './report/load.ts';
import { htmlReport } from './report/html.ts';
import { calibrationLines, conservationLines, outcomeTable, headerLines, resultTable, stageLines, warningLines } from './report/table.ts';
import { RESULT_SCHEMA, ratiosOf, roundRatiosOf, warningsOf, type BenchResult } from './result.ts';
import { unarrived } from './outcome.ts';
import { vethMtu } from '../host/cluster/ifaces.ts';
import { ETH_HDR_LEN } from '../host/net/ethernet.ts';
import { measureSeries, reportSizes, seriesThreads } from './series.ts';
import { prepare, type Prepared } from './setup.ts';
import { planFlows } from './traffic/flows.ts';
import { measureRounds, scheduleSeconds, turnsOf } from './rounds.ts';
import { calibrationOf, copyCeiling } from './calibrate.ts';
import { hostsOf } from '../host/dataplane/ports.ts';

export interface BenchRun {
  result: BenchResult | null;
  exitCode: number;
}

/** Seconds of each copy-ceiling measurement (shorter when the runs are). */
const CALIBRATION_SECONDS = 0.5;

export async function runBench(o: BenchOptions, io: Io, command: string, fault: Fault = { node: -1, exit: false }): Promise<BenchRun> {
  const p = prepare(o);
  const flows = planFlows(p.cluster, o.mix, o.size);
  const machine = describeMachine();
  let peakRss = process.memoryUsage().rss;
  const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

  const schedule = scheduleSeconds({ engines: o.engines, rounds: o.runs, warmup: o.warmup, duration: o.duration, slice: o.slice });
  const bar = o.progress && process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: ' {bar} {percentage}% | {label} | {mpps}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
    : null;
  // Threads for the whole invocation: starting one costs ~0.5-1 s (tsx, modules, WASM compile).
  // At least two: the copy ceiling always runs on two threads.
  const pool = createWorkerPool(Math.max(p.workers, 2, o.report !== null ? seriesThreads(p) : 0));
  try {
    // One memory image for every engine: built once, pages faulted in once, reset between
    // sessions, so each engine starts from the same state on the same pages.
    const image = buildWithProgress(p, o.progress, sampleRss);
    sampleRss();
    // the ring that crosses workers is a wire (inbox) ring: calibrate on its size
    const calCfg = { pool, slots: p.inboxSlots, slotSize: slotSizeOf(image.dp.mem, image.dp.nodes[0].uplinkTx), burst: p.burst, frame: flows.tplBytes.slice(0, flows.tplLen[0]), seconds: Math.min(CALIBRATION_SECONDS, o.duration) };
    const cpuBefore = sampleCpu();
    const calStart = await copyCeiling(calCfg);
    bar?.start(schedule, 0, { label: 'starting', mpps: '' });
    const done: EngineResult[] = [];
    let engines: EngineResult[];
    try {
      engines = await measureRounds(image, p, {
        engines: o.engines, rounds: o.runs, warmup: o.warmup, duration: o.duration, slice: o.slice, size: o.size, flows, pool,
        faultNode: fault.node, faultExit: fault.exit,
        onProgress: (s, label, mpps) => {
          bar?.update(s, { label, mpps: `${mpps.toFixed(2)} Mpps` });
          sampleRss();
        },
        onSession: () => sampleRss(),
      }, done);
    } catch (e) {
      if (!(e instanceof WorkerDiedError)) throw e;
      bar?.stop();
      reportDeath(e, hostsOf(p.cluster).map((n) => n.spec.name), done, io);
      return { result: null, exitCode: 1 };
    } finally {
      bar?.stop();
    }
    const calEnd = await copyCeiling(calCfg);
    const load = machineLoad(cpuBefore, sampleCpu());
    const calibration = calibrationOf({ ...calCfg, size: calCfg.frame.length }, calStart, calEnd);

    const result: BenchResult = {
      schema: RESULT_SCHEMA,
      date: new Date().toISOString(),
      command,
      machine,
      config: {
        engines: o.engines,
        cluster: p.label,
        nodes: p.cluster.nodes.length,
        routers: p.cluster.routers.length,
        subnets: p.cluster.segments.length,
        pods: p.cluster.pods.length,
        podsPerNode: o.nodes !== null ? o.podsPerNode : null,
        workers: p.workers,
        nodesPerWorker: p.ranges.map(([a, b]) => b - a),
        assignment: 'contiguous',
        duration: o.duration,
        warmup: o.warmup,
        runs: o.runs,
        slice: o.slice,
        turns: turnsOf(o),
        interleaved: true,
        size: o.size,
        mix: o.mix,
        burst: p.burst,
        ringSlots: p.ringSlots,
        inboxSlots: p.inboxSlots,
        hostSlots: p.hostSlots,
        flows: { cross: flows.crossFlows, same: flows.sameFlows },
      },
      memory: {
        sharedBytes: image.dp.memory.buffer.byteLength, rssBytes: peakRss, heapUsedBytes: process.memoryUsage().heapUsed, buildSeconds: image.buildSeconds,
        // the largest node's conntrack table (nodes without Services have none)
        conntrackBytesPerNode: image.dp.nodes.reduce((m, n) => Math.max(m, n.ipvs?.ctBytes ?? 0), 0),
      },
      calibration,
      load,
      warnings: warningsOf(engines, load, calibration),
      engines,
      ratios: ratiosOf(engines),
      roundRatios: roundRatiosOf(engines),
      conservation: { passed: engines.every((e) => e.conservation.passed) },
    };

    io.out(headerLines(result));
    io.out(calibrationLines(result));
    io.out(resultTable(result));
    io.out(ratioLine(result));
    io.out(stageLines(result));
    io.out(outcomeTable(result));
    io.out(conservationLines(result));
    io.out(warningLines(result));

    if (o.report !== null) {
      io.err(`report: measuring series (workers 1..${seriesThreads(p)}, sizes ${reportSizes(p.cluster).join('/')})...\n`);
      result.series = await measureSeries(o, p, image, pool);
      writeOutputFile('--report', o.report, htmlReport(result));
      io.out(`report written to ${o.report} (series took ${result.series.seconds.toFixed(0)} s)\n`);
    }
    if (o.json !== null) {
      writeOutputFile('--json', o.json, JSON.stringify(result, null, 2) + '\n');
      io.out(`json written to ${o.json}\n`);
    }
    io.out(`conservation: ${result.conservation.passed ? 'passed' : 'FAILED'}\n`);
    // traffic that cannot arrive is a failed run, never a measurement of delivery
    let arrived = true;
    for (const e of engines) {
      const why = unarrived(e.outcome, o.allowLeaving, o.size > vethMtu(p.cluster.spec) + ETH_HDR_LEN);
      if (why.length === 0) continue;
      arrived = false;
      io.err(`error: ${e.engine}: frames of the flows cannot reach their pods: ${why.join(', ')}${e.outcome.leftCluster > 0 && !o.allowLeaving ? ' (--allow-leaving if that traffic is meant to leave)' : ''}\n`);
    }
    return { result, exitCode: result.conservation.passed && arrived ? 0 : 1 };
  } finally {
    await pool.destroy();
  }
}

/** The image, with a progress bar on a terminal (a 5000-node build takes tens of seconds). */
function buildWithProgress(p: Prepared, progress: boolean, sampleRss: () => void): Image {
  if (!progress || !process.stderr.isTTY) return imageFor(p, p.workers);
  const bar = new cliProgress.SingleBar({ format: ' build {bar} {percentage}% | {stage} {value}/{total} {unit}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  const names = { share: ['sharing FIBs', 'nodes'], plan: ['planning', 'nodes'], write: ['writing', 'nodes'], prefault: ['faulting in', 'MiB'] } as const;
  let stage = '';
  bar.start(1, 0, { stage: 'planning', unit: 'nodes' });
  try {
    return imageFor(p, p.workers, (s, done, total) => {
      if (s !== stage) {
        stage = s;
        bar.setTotal(total);
        sampleRss();
      }
      bar.update(done, { stage: names[s][0], unit: names[s][1] });
    });
  } finally {
    bar.stop();
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
  const range = (xs: number[] | undefined, f: (x: number) => string) => (xs && xs.length > 1 ? ` (rounds ${f(Math.min(...xs))}–${f(Math.max(...xs))})` : '');
  const x = (v: number) => `${v.toFixed(2)}×`;
  const pc = (v: number) => `${(v * 100).toFixed(0)}%`;
  if (r.ratios.wasm_ts !== undefined) parts.push(`wasm/ts ${x(r.ratios.wasm_ts)}${range(r.roundRatios.wasm_ts, x)}`);
  if (r.ratios.wasm_null !== undefined) parts.push(`wasm/null ${pc(r.ratios.wasm_null)}${range(r.roundRatios.wasm_null, pc)}`);
  if (r.ratios.ts_null !== undefined) parts.push(`ts/null ${pc(r.ratios.ts_null)}${range(r.roundRatios.ts_null, pc)}`);
  return parts.length ? `ratios (medians, same run): ${parts.join(', ')}\n` : '';
}
