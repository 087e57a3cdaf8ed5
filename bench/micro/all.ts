// `npm run bench:micro`: every bench/micro/*.bench.ts, one after the other, each in its own
// process (a fresh JIT and heap, so one benchmark's warm code or garbage cannot help or hurt
// the next). Exit status: the first failing benchmark's.
//
// Each of these processes runs the TS engine as a benchmark subject, so each gets V8's
// inlining budget raised (V8_FLAGS): the twin mirrors the core's small functions, which asc
// merges by `@inline` and V8 stops inlining partway down a chain at its default budget.
// The flags change how much TurboFan inlines, never what code computes; the WASM core and the
// tuned-JS yardstick in the same process get them too. Nothing outside these benchmark
// processes sets them. MICRO_V8_DEFAULTS=1 runs with V8's defaults, for the figure without.

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const V8_FLAGS = [
  '--max-inlined-bytecode-size=2000',
  '--max-inlined-bytecode-size-cumulative=10000',
  '--max-inlined-bytecode-size-absolute=10000',
];

const dir = dirname(fileURLToPath(import.meta.url));
const flags = process.env.MICRO_V8_DEFAULTS === '1' ? [] : V8_FLAGS;
const only = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
let status = 0;
for (const f of files) {
  console.log(`\n── ${f} ──`);
  const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', join(dir, f)], { stdio: 'inherit' });
  if (r.status !== 0 && status === 0) status = r.status ?? 1;
}
process.exitCode = status;
