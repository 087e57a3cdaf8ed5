// npm run fuzz -- [--frames N] [--seed S] [--time-budget SEC] [--batch B] [--ring-slots R]
//                 [--cluster FILE] [--only INDEX] [--max-failures K] [--watch-every W]
// Differential fuzzing of the TS engine against the WASM core (README "Robustness").
// Exit 0: no failure; 1: failures (each with a reproducer); 2: bad arguments.

import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { buildCluster, defaultClusterSpec, loadClusterFile } from '../cluster/index.ts';
import { ConfigError, EXIT_USAGE } from '../errors.ts';
import { exitQuietlyOnClosedPipe } from '../io.ts';
import * as L from '../layout.ts';
import { DROP_REASONS, NODE_COUNTERS } from '../dataplane/counters.ts';
import { FuzzHarness } from './harness.ts';
import { formatFailure, runFuzz } from './run.ts';

function int(name: string, min: number, max: number) {
  return (v: string): number => {
    const n = Number(v.replace(/_/g, ''));
    if (!/^[0-9_]+(e[0-9]+)?$/i.test(v) || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name}: must be an integer in ${min}..${max} (got ${JSON.stringify(v)})`);
    }
    return n;
  };
}

const program = new Command('fuzz')
  .description('feed random and mutated frames to both engines and check they survive and agree')
  .option('--frames <n>', 'frames to generate (each goes through both engines)', int('--frames', 1, 2 ** 40), 1_000_000)
  .option('--seed <s>', 'PRNG seed', int('--seed', 0, 0xffffffff), 1)
  .option('--time-budget <sec>', 'stop (successfully) after this many seconds; 0 = none', int('--time-budget', 0, 86400 * 7), 0)
  .option('--batch <b>', 'frames pushed per step round (1 = per-frame accounting)', int('--batch', 1, 4096), 32)
  .option('--ring-slots <r>', 'slots per ring (power of two)', int('--ring-slots', 2, 1 << 16), 64)
  .option('--watch-every <w>', 'whole-memory guard check every W batches (0 = only at the end)', int('--watch-every', 0, 1 << 30), 256)
  .option('--max-failures <k>', 'stop after K failures', int('--max-failures', 1, 1000), 10)
  .option('--cluster <file>', 'cluster YAML (default: the seed cluster)')
  .option('--only <index>', 'run frame INDEX alone and print what happened to it', int('--only', 0, 2 ** 40))
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

function main(): number {
  try {
    program.parse(process.argv.slice(2), { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    throw e;
  }
  const o = program.opts<{ frames: number; seed: number; timeBudget: number; batch: number; ringSlots: number; watchEvery: number; maxFailures: number; cluster?: string; only?: number }>();
  try {
    if ((o.ringSlots & (o.ringSlots - 1)) !== 0) throw new ConfigError('--ring-slots', 'must be a power of two', o.ringSlots);
    if (o.batch > o.ringSlots) throw new ConfigError('--batch', `must not exceed --ring-slots ${o.ringSlots}`, o.batch);
    const cluster = buildCluster(o.cluster ? loadClusterFile(o.cluster) : defaultClusterSpec());
    if (o.only !== undefined) return only(cluster, o.seed, o.only, o.ringSlots);
    console.log(`fuzz: seed ${o.seed}, ${o.frames.toLocaleString('en-US')} frames, batch ${o.batch}, ring slots ${o.ringSlots}`
      + (o.timeBudget ? `, time budget ${o.timeBudget} s` : '') + `, engines ts + wasm, cluster ${o.cluster ?? 'seed'}`);
    const s = runFuzz(cluster, {
      seed: o.seed, frames: o.frames, batch: o.batch, ringSlots: o.ringSlots, watchEvery: o.watchEvery,
      timeBudget: o.timeBudget, maxFailures: o.maxFailures,
      progress: (done, ms, f) => console.log(`  ${done.toLocaleString('en-US')} frames  ${Math.round(done / (ms / 1000)).toLocaleString('en-US')} frames/s  ${f} failures`),
    });
    console.log(`templates ${s.templates}; the first ${s.sweepFrames.toLocaleString('en-US')} frames truncate every template at every offset`);
    console.log('mutations: ' + Object.entries(s.mutations).map(([k, v]) => `${k} ${v}`).join(', '));
    console.log('outcomes:  ' + Object.entries(s.outcomes).sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${v}`).join(', '));
    for (const f of s.failures) console.log(formatFailure(f));
    console.log(`fuzz: ${s.frames.toLocaleString('en-US')} frames in ${(s.elapsedMs / 1000).toFixed(1)} s = `
      + `${Math.round(s.framesPerSec).toLocaleString('en-US')} frames/s (each through both engines)`
      + `${s.stoppedByBudget ? ', stopped by the time budget' : ''}; ${s.failures.length} failures`);
    return s.failures.length === 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`error: ${e.format()}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

/** One frame on fresh dataplanes: what it was, what each engine counted, any failure. */
function only(cluster: ReturnType<typeof buildCluster>, seed: number, index: number, ringSlots: number): number {
  const h = new FuzzHarness(cluster, { seed, batch: 1, ringSlots, watchEvery: 1 });
  console.log(h.describe(index));
  const fails = h.runBatch(index, 1);
  for (const s of h.sides) {
    const parts: string[] = [];
    s.dp.nodes.forEach((n, i) => {
      const c = s.counterRanges[2 * i];
      for (const [name, k] of NODE_COUNTERS) if (s.f64[c + k]) parts.push(`${n.name}.${name}=${s.f64[c + k]}`);
      for (const [name, r] of DROP_REASONS) if (s.f64[c + L.NC_DROP_BASE + r]) parts.push(`${n.name}.drops.${name}=${s.f64[c + L.NC_DROP_BASE + r]}`);
    });
    console.log(`${s.name}: ${parts.join(' ')}`);
  }
  for (const f of fails) console.log(`FAIL [${f.check}] ${f.message}`);
  console.log(fails.length === 0 ? 'ok' : `${fails.length} failures`);
  return fails.length === 0 ? 0 : 1;
}

exitQuietlyOnClosedPipe();
process.exitCode = main();
