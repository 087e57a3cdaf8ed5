// Builds (when stale) and instantiates the stand-alone LPM module, test/route/lpm-entry.ts,
// over a fresh shared memory. Used by the LPM tests and bench/micro/lpm.bench.ts so neither
// depends on the rest of the core compiling. Flags match asconfig.json's release target.

import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { Mem } from '../../host/dataplane/mem.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRY = 'test/route/lpm-entry.ts';
const OUT = 'build/lpm-test.wasm';

export interface LpmWasm {
  mem: Mem;
  memory: WebAssembly.Memory;
  lpmRegionSize(maxPlies8: number, maxPlies4: number, maxRules: number): number;
  lpmInit(base: number, maxPlies8: number, maxPlies4: number, maxRules: number): void;
  lpmAdd(base: number, prefix: number, len: number, value: number): number;
  lpmDelete(base: number, prefix: number, len: number): number;
  /** Returns the raw i32 result; callers apply >>> 0. */
  lpmLookup(base: number, addr: number): number;
  lpmLookupBulk(base: number, addrs: number, n: number, out: number): void;
}

function newestSource(): number {
  const dir = join(ROOT, 'assembly', 'route');
  const files = readdirSync(dir).map((f) => join(dir, f)).concat(join(ROOT, ENTRY));
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

async function buildIfStale(): Promise<string> {
  const out = join(ROOT, OUT);
  if (existsSync(out) && statSync(out).mtimeMs >= newestSource()) return out;
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const { error, stderr } = await asc.main([
    join(ROOT, ENTRY), '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536',
    '--runtime', 'stub', '--enable', 'threads', '--enable', 'simd', '--enable', 'bulk-memory',
    '-O3', '--noAssert', '-o', tmp,
  ]);
  if (error) throw new Error(`asc ${ENTRY} failed: ${error.message}\n${stderr.toString()}`);
  renameSync(tmp, out); // atomic: a concurrent reader sees the old or the new module
  return out;
}

/** Instantiate the LPM module over a new shared memory of `pages` 64 KiB pages. */
export async function loadLpmWasm(pages: number): Promise<LpmWasm> {
  const file = await buildIfStale();
  const memory = new WebAssembly.Memory({ initial: pages, maximum: 65536, shared: true });
  const abort = (): never => { throw new Error('wasm abort'); };
  const { instance } = await WebAssembly.instantiate(readFileSync(file), { env: { memory, abort } });
  const x = instance.exports as unknown as Omit<LpmWasm, 'mem' | 'memory'>;
  return {
    mem: new Mem(memory.buffer),
    memory,
    lpmRegionSize: x.lpmRegionSize,
    lpmInit: x.lpmInit,
    lpmAdd: x.lpmAdd,
    lpmDelete: x.lpmDelete,
    lpmLookup: x.lpmLookup,
    lpmLookupBulk: x.lpmLookupBulk,
  };
}
