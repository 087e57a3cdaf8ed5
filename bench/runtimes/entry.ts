// The one benchmark entry every runtime runs (Node through tsx, Bun and Deno natively):
//
//   <runtime> bench/runtimes/entry.ts --part step|worker --out FILE [--step-ms N]
//             [--runs N] [--duration S] [--warmup S]
//
// One part per process, so each part starts with a fresh JIT and heap and a part a runtime
// cannot run fails alone. Writes an EntryOutput (bench/runtimes/result.ts) as JSON to FILE;
// bench/runtimes/main.ts starts these processes and builds the table.

import { writeFileSync } from 'node:fs';
import { measurePath } from './path.ts';
import { PARTS, type EntryOutput, type Part } from './result.ts';
import { measureStep } from './step.ts';

declare const Bun: { version: string } | undefined;
declare const Deno: { version: { deno: string; v8: string } } | undefined;

/** Which runtime this is: Bun and Deno also answer to `process.versions.node`. */
export function currentRuntime(): EntryOutput['runtime'] {
  if (typeof Bun !== 'undefined') return { kind: 'bun', version: Bun.version, jsEngine: `JavaScriptCore ${process.versions.webkit ?? ''}`.trim() };
  if (typeof Deno !== 'undefined') return { kind: 'deno', version: Deno.version.deno, jsEngine: `V8 ${Deno.version.v8}` };
  return { kind: 'node', version: process.versions.node, jsEngine: `V8 ${process.versions.v8}` };
}

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i];
    if (!k.startsWith('--') || argv[i + 1] === undefined) throw new Error(`entry: expected --flag value pairs (got ${k})`);
    out[k.slice(2)] = argv[i + 1];
  }
  return out;
}

function num(a: Record<string, string>, k: string, dflt: number): number {
  const v = a[k] === undefined ? dflt : Number(a[k]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`entry: --${k} must be a positive number (got ${a[k]})`);
  return v;
}

const args = parseArgs(process.argv.slice(2));
const part = args.part as Part;
if (!PARTS.includes(part) || !args.out) {
  console.error(`usage: entry.ts --part ${PARTS.join('|')} --out FILE`);
  process.exit(2);
}
const out: EntryOutput = { runtime: currentRuntime(), part, samples: { wasm: [], ts: [], null: [] }, conservation: null, delivered: null };
if (part === 'step') {
  out.samples = await measureStep(num(args, 'step-ms', 300));
} else {
  const r = await measurePath({ runs: num(args, 'runs', 3), duration: num(args, 'duration', 1), warmup: num(args, 'warmup', 0.5) });
  out.samples = r.samples;
  out.conservation = r.conservation;
  out.delivered = r.delivered;
}
writeFileSync(args.out, JSON.stringify(out) + '\n');
// Bun and Deno keep a process alive while a worker-thread handle lingers; the work is done.
process.exit(0);
