// `npm run bench:micro`: every bench/micro/*.bench.ts, one after the other, each in its own
// process (a fresh JIT and heap, so one benchmark's warm code or garbage cannot help or hurt
// the next). Exit status: the first failing benchmark's.

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
let status = 0;
for (const f of files) {
  console.log(`\n── ${f} ──`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, f)], { stdio: 'inherit' });
  if (r.status !== 0 && status === 0) status = r.status ?? 1;
}
process.exitCode = status;
