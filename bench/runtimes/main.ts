// `npm run bench:runtimes [-- options]`: the benchmark under Node 20 (the system one), Node 22
// and 24, Bun and Deno. Each runtime other than the system Node is installed on first use
// from npm into .runtimes/ (bench/runtimes/runtimes.ts). Then, round by round, every runtime
// runs the one entry (bench/runtimes/entry.ts) once per part, the runtimes' order rotated each
// round so none always runs first or last on this shared machine; then each runtime runs every
// bench/micro/*.bench.ts once, to show which of them it can run (their output goes to
// .bench/runtimes/). Prints the table; --json writes every sample (bench/runtimes/result.ts).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ConfigError, EXIT_USAGE } from '../../host/errors.ts';
import { exitQuietlyOnClosedPipe, processIo } from '../../host/io.ts';
import { describeMachine } from '../report/machine.ts';
import { SEED_FRAME } from '../traffic/frames.ts';
import { PARTS, RUNTIMES_SCHEMA, UNIT, summarisePart, type EntryOutput, type Part, type RuntimeResult, type RuntimesResult } from './result.ts';
import { RUNTIMES, RUNTIME_IDS, findBinary, install, runtimeSpec, type RuntimeSpec } from './runtimes.ts';
import { runEntry, runMicroFile, type EntryArgs } from './spawn.ts';
import { markdownTables, runtimeLabel, textTables } from './table.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Options extends EntryArgs {
  runtimes: RuntimeSpec[];
  rounds: number;
  install: boolean;
  micro: boolean;
  microMs: number;
  json: string | null;
  markdown: boolean;
}

function positive(text: string, flag: string, integer: boolean): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) throw new ConfigError(flag, `must be a positive ${integer ? 'integer' : 'number'}`, text);
  return v;
}

function parse(argv: string[]): Options {
  const program = new Command('npm run bench:runtimes --')
    .description('the single-worker path and the one-core journey under Node 20/22/24, Bun and Deno')
    .option('--runtimes <list>', `comma-separated: ${RUNTIME_IDS.join(', ')}`, RUNTIME_IDS.join(','))
    .option('--rounds <n>', 'rounds; each runs every runtime once per part, order rotated', '5')
    .option('--step-ms <ms>', 'ms per tinybench task in the one-core part (3 rounds per process)', '300')
    .option('--runs <n>', 'timed runs per engine in the single-worker part', '3')
    .option('--duration <s>', 'seconds per timed run', '1')
    .option('--warmup <s>', 'seconds of warm-up per engine', '0.5')
    .option('--micro-ms <ms>', 'ms per task when each runtime runs bench/micro/*.bench.ts', '100')
    .option('--no-micro', 'skip running bench/micro/ under each runtime')
    .option('--no-install', 'use only the runtimes already in .runtimes/')
    .option('--quick', 'one short round (a check that everything runs, not a measurement)')
    .option('--json <file>', 'write every sample, the machine and the config as JSON')
    .option('--markdown', 'print the tables as Markdown too')
    .exitOverride()
    .configureOutput({ writeOut: processIo.out, writeErr: processIo.err });
  program.parse(argv, { from: 'user' });
  const o = program.opts() as Record<string, string | boolean | undefined>;
  const runtimes = String(o.runtimes).split(',').map((s) => s.trim()).filter((s) => s !== '').map((id) => {
    const spec = runtimeSpec(id);
    if (!spec) throw new ConfigError('--runtimes', `unknown runtime (known: ${RUNTIME_IDS.join(', ')})`, id);
    return spec;
  });
  if (runtimes.length === 0) throw new ConfigError('--runtimes', 'at least one runtime is needed', String(o.runtimes));
  const quick = o.quick === true;
  return {
    runtimes,
    rounds: quick ? 1 : positive(String(o.rounds), '--rounds', true),
    stepMs: quick ? 50 : positive(String(o.stepMs), '--step-ms', false),
    runs: quick ? 1 : positive(String(o.runs), '--runs', true),
    duration: quick ? 0.3 : positive(String(o.duration), '--duration', false),
    warmup: quick ? 0.2 : positive(String(o.warmup), '--warmup', false),
    microMs: quick ? 20 : positive(String(o.microMs), '--micro-ms', false),
    micro: o.micro !== false,
    install: o.install !== false,
    json: typeof o.json === 'string' ? o.json : null,
    markdown: o.markdown === true,
  };
}

function emptyRuntime(spec: RuntimeSpec, error: string | null): RuntimeResult {
  const part = (p: Part) => ({ unit: UNIT[p], error: null, rounds: [], conservation: null, summary: null, ratios: null });
  return { id: spec.id, kind: spec.kind, pkg: spec.pkg, version: null, jsEngine: null, error, parts: { step: part('step'), worker: part('worker') }, micro: [] };
}

export async function main(argv: string[]): Promise<number> {
  let o: Options;
  try {
    o = parse(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    if (e instanceof ConfigError) {
      processIo.err(`error: ${e.format()}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const date = new Date().toISOString();
  const log = (s: string) => processIo.err(s);
  const bins = new Map<string, string>();
  const results: RuntimeResult[] = [];
  for (const spec of o.runtimes) {
    const got = o.install ? install(spec, ROOT, log) : (() => { const b = findBinary(spec, ROOT); return b ? { bin: b } : { error: `not in ${'.runtimes/'} (run without --no-install)` }; })();
    if ('bin' in got) bins.set(spec.id, got.bin);
    results.push(emptyRuntime(spec, 'error' in got ? got.error : null));
  }
  const conservation = new Map<string, boolean>();
  const load: number[] = [os.loadavg()[0]];
  const present = results.filter((r) => r.error === null);
  for (let round = 0; round < o.rounds; round++) {
    const order = present.map((_, i) => present[(i + round) % present.length]);
    for (const r of order) {
      for (const part of PARTS) {
        const p = r.parts[part];
        if (p.error !== null) continue; // a part that failed once is not retried
        log(`round ${round + 1}/${o.rounds}: ${r.id} ${part}...\n`);
        const out = runEntry(ROOT, r.kind, bins.get(r.id)!, part, o);
        if ('error' in out) {
          p.error = out.error;
          continue;
        }
        r.version = out.runtime.version;
        r.jsEngine = out.runtime.jsEngine;
        p.rounds.push((out as EntryOutput).samples);
        if (out.conservation !== null) conservation.set(r.id, (conservation.get(r.id) ?? true) && out.conservation);
      }
    }
    load.push(os.loadavg()[0]);
  }
  for (const r of present) {
    for (const part of PARTS) r.parts[part] = summarisePart(r.parts[part]);
    r.parts.worker.conservation = conservation.get(r.id) ?? null;
  }
  if (o.micro) runMicro(present, bins, o.microMs, log);

  const m = describeMachine();
  const result: RuntimesResult = {
    schema: RUNTIMES_SCHEMA,
    date,
    command: ['npm run bench:runtimes', ...(argv.length ? ['--', ...argv] : [])].join(' '),
    commit: gitCommit(),
    machine: { cpu: m.cpu, cores: m.cores, memoryBytes: m.memoryBytes, os: m.os, arch: m.arch },
    config: {
      rounds: o.rounds,
      stepMs: o.stepMs,
      worker: { workers: 1, runs: o.runs, duration: o.duration, warmup: o.warmup, size: SEED_FRAME, cluster: 'seed (k8s-master-1 + k8s-node-1)' },
      order: 'rotated by one runtime each round',
    },
    load,
    runtimes: results,
  };
  processIo.out(textTables(result));
  if (o.markdown) processIo.out(`\n${markdownTables(result)}`);
  if (o.json !== null) {
    writeFileSync(o.json, JSON.stringify(result, null, 2) + '\n');
    processIo.out(`json written to ${o.json}\n`);
  }
  const booksFailed = results.some((r) => r.parts.worker.conservation === false);
  if (booksFailed) processIo.err('error: the books did not balance under some runtime (see the table)\n');
  return booksFailed ? 1 : 0;
}

/** The tree being measured, or null outside a git checkout. */
function gitCommit(): string | null {
  const r = spawnSync('git', ['describe', '--always', '--dirty', '--abbrev=7'], { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function runMicro(present: RuntimeResult[], bins: Map<string, string>, ms: number, log: (s: string) => void): void {
  const files = readdirSync(join(ROOT, 'bench/micro')).filter((f) => f.endsWith('.bench.ts')).sort();
  const logDir = join(ROOT, '.bench', 'runtimes');
  mkdirSync(logDir, { recursive: true });
  for (const r of present) {
    for (const f of files) {
      log(`bench/micro: ${r.id} ${f}...\n`);
      const { result, output } = runMicroFile(ROOT, r.kind, bins.get(r.id)!, f, ms);
      r.micro.push(result);
      writeFileSync(join(logDir, `${r.id}-${f.replace(/\.bench\.ts$/, '')}.log`), `${runtimeLabel(r)}\n${output}`);
    }
  }
  log(`bench/micro output under each runtime: ${logDir}/\n`);
}

exitQuietlyOnClosedPipe();
process.exitCode = await main(process.argv.slice(2));
