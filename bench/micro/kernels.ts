// Builds (when stale) bench/micro/kernels-entry.ts with the core's release flags and loads it
// over a fresh shared memory; also the TypeScript twins of its bulk loops, over the TS
// engine's wire/ functions, so both sides time the same kernel on the same bytes.

import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { Mem } from '../../host/dataplane/mem.ts';
import { Heap } from '../../host/engine/ts/heap.ts';
import { twinOver } from '../../host/engine/ts/engine.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRY = 'bench/micro/kernels-entry.ts';
const OUT = 'build/bench-kernels.wasm';
const SOURCES = [ENTRY, 'assembly/wire/ipv4.ts', 'assembly/wire/checksum.ts', 'assembly/wire/endian.ts'];

export interface Kernels {
  mem: Mem;
  wasm: { decTtlBulk(p: number, n: number, stride: number): void; fillChecksumBulk(p: number, n: number, stride: number): void };
  ts: { decTtlBulk(p: number, n: number, stride: number): void; fillChecksumBulk(p: number, n: number, stride: number): void };
}

async function buildIfStale(): Promise<string> {
  const out = join(ROOT, OUT);
  const newest = Math.max(...SOURCES.map((f) => statSync(join(ROOT, f)).mtimeMs));
  if (existsSync(out) && statSync(out).mtimeMs >= newest) return out;
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const { error, stderr } = await asc.main([
    join(ROOT, ENTRY), '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536',
    '--runtime', 'stub', '--enable', 'threads', '--enable', 'simd', '--enable', 'bulk-memory',
    '-O3', '--noAssert', '-o', tmp,
  ]);
  if (error) throw new Error(`asc ${ENTRY} failed: ${error.message}\n${stderr.toString()}`);
  renameSync(tmp, out);
  return out;
}

export async function loadKernels(pages: number): Promise<Kernels> {
  const { readFileSync } = await import('node:fs');
  const file = await buildIfStale();
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const { instance } = await WebAssembly.instantiate(readFileSync(file), { env: { memory, abort: () => { throw new Error('abort'); } } });
  const mem = new Mem(memory.buffer);
  const { ipv4DecTtl, ipv4FillChecksum } = twinOver(new Heap(mem)).ipv4;
  return {
    mem,
    wasm: instance.exports as unknown as Kernels['wasm'],
    ts: {
      decTtlBulk(p, n, stride) {
        for (let i = 0; i < n; i++) ipv4DecTtl(p + i * stride);
      },
      fillChecksumBulk(p, n, stride) {
        for (let i = 0; i < n; i++) ipv4FillChecksum(p + i * stride);
      },
    },
  };
}
