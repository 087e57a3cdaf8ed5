// Starting one runtime on one TypeScript file and reading what it left: the entry's JSON
// for a part, or the printed output of a bench/micro file.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntryOutput, MicroFileResult, Part } from './result.ts';
import { commandFor, type RuntimeKind } from './runtimes.ts';

const PART_TIMEOUT_MS = 300_000;

/** The line of a failed process's output that says why: the first error line, else the last
 *  line; paths inside the repository made relative (the JSON is committed). */
export function errorLine(output: string, root = ''): string {
  if (root !== '') output = output.split(`${root}/`).join('');
  const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const err = lines.find((l) => /^(error|uncaught|\w*Error\b)/i.test(l)) ?? lines.find((l) => /error/i.test(l));
  return (err ?? lines[lines.length - 1] ?? 'no output').slice(0, 300);
}

export interface EntryArgs {
  stepMs: number;
  runs: number;
  duration: number;
  warmup: number;
}

export function runEntry(root: string, kind: RuntimeKind, bin: string, part: Part, a: EntryArgs): EntryOutput | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-runtimes-'));
  const out = join(dir, 'out.json');
  try {
    const argv = commandFor(kind, bin, join(root, 'bench/runtimes/entry.ts'), [
      '--part', part, '--out', out, '--step-ms', String(a.stepMs), '--runs', String(a.runs), '--duration', String(a.duration), '--warmup', String(a.warmup),
    ]);
    const r = spawnSync(argv[0], argv.slice(1), { cwd: root, encoding: 'utf8', timeout: PART_TIMEOUT_MS, env: { ...process.env, NO_COLOR: '1' } });
    if (r.status !== 0) return { error: r.error ? r.error.message : errorLine(`${r.stderr}\n${r.stdout}`, root) };
    return JSON.parse(readFileSync(out, 'utf8')) as EntryOutput;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One bench/micro/*.bench.ts under the runtime, with short task times; its output is returned for the log. */
export function runMicroFile(root: string, kind: RuntimeKind, bin: string, file: string, ms: number): { result: MicroFileResult; output: string } {
  const argv = commandFor(kind, bin, join(root, 'bench/micro', file));
  const env = { ...process.env, NO_COLOR: '1', MICRO_BENCH_TIME: String(ms), LPM_BENCH_TIME: String(ms), JOURNEY_ROUNDS: '3' };
  const r = spawnSync(argv[0], argv.slice(1), { cwd: root, encoding: 'utf8', timeout: PART_TIMEOUT_MS, env });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const skipped = (r.stdout ?? '').split('\n').filter((l) => l.startsWith('skipped: ')).map((l) => l.slice('skipped: '.length).split(`${root}/`).join('').slice(0, 300));
  const ok = r.status === 0;
  return { result: { file, ok, skipped, error: ok ? null : r.error ? r.error.message : errorLine(output, root) }, output };
}
