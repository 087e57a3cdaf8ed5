// Test harness for the LPM: both engines side by side in one shared memory, each on its
// own region, plus a naive reference (linear scan for the longest covering prefix).

import * as ts from '../../host/engine/ts/route/lpm.ts';
import { LPM_H_USED8, LPM_H_USED4, LPM_H_NRULES } from '../../host/engine/ts/route/lpmLayout.ts';
import type { LpmCapacity } from '../../host/engine/ts/route/lpmCapacity.ts';
import type { Mem } from '../../host/dataplane/mem.ts';
import type { LpmWasm } from './lpmWasm.ts';

export interface LpmEngine {
  readonly name: string;
  readonly base: number;
  add(prefix: number, len: number, value: number): number;
  del(prefix: number, len: number): number;
  lookup(addr: number): number;
}

export const wasmEngine = (w: LpmWasm, base: number): LpmEngine => ({
  name: 'wasm',
  base,
  add: (p, l, v) => w.lpmAdd(base, p, l, v),
  del: (p, l) => w.lpmDelete(base, p, l),
  lookup: (a) => w.lpmLookup(base, a) >>> 0,
});

export const tsEngine = (m: Mem, base: number): LpmEngine => ({
  name: 'ts',
  base,
  add: (p, l, v) => ts.lpmAdd(m, base, p, l, v),
  del: (p, l) => ts.lpmDelete(m, base, p, l),
  lookup: (a) => ts.lpmLookup(m, base, a),
});

/** Both engines on fresh regions sized for `cap`, one after the other from byte 64 KiB
 *  (below that lies the module's static data). */
export function twoEngines(w: LpmWasm, cap: LpmCapacity): { engines: LpmEngine[]; size: number } {
  const size = ts.lpmRegionSize(cap.maxPlies8, cap.maxPlies4, cap.maxRules);
  if (size === 0) throw new RangeError('capacity out of range');
  const a = 65536;
  const b = a + size;
  const need = b + size;
  if (need > w.mem.u8.length) throw new RangeError(`two regions need ${need} bytes; load the module with more pages`);
  const mem = w.mem;
  w.lpmInit(a, cap.maxPlies8, cap.maxPlies4, cap.maxRules);
  ts.lpmInit(mem, b, cap.maxPlies8, cap.maxPlies4, cap.maxRules);
  return { engines: [wasmEngine(w, a), tsEngine(mem, b)], size };
}

export function pliesUsed(m: Mem, base: number): { used8: number; used4: number; rules: number } {
  const w = base >>> 2;
  return { used8: m.u32[w + LPM_H_USED8 / 4], used4: m.u32[w + LPM_H_USED4 / 4], rules: m.u32[w + LPM_H_NRULES / 4] };
}

export function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** Naive reference: the installed routes, keyed by prefix/len. */
export class NaiveLpm {
  readonly routes = new Map<string, { dst: number; len: number; value: number }>();
  add(dst: number, len: number, value: number): void {
    this.routes.set(`${dst}/${len}`, { dst, len, value });
  }
  del(dst: number, len: number): boolean {
    return this.routes.delete(`${dst}/${len}`);
  }
  has(dst: number, len: number): boolean {
    return this.routes.has(`${dst}/${len}`);
  }
  lookup(addr: number): number {
    let best = -1;
    let value = ts.LPM_MISS;
    for (const r of this.routes.values()) {
      if (r.len > best && ((addr & maskOf(r.len)) >>> 0) === r.dst) {
        best = r.len;
        value = r.value;
      }
    }
    return value;
  }
  /** Addresses at and around every prefix boundary: first, last, and one outside each side. */
  boundaryAddrs(extra: Iterable<{ dst: number; len: number }> = []): number[] {
    const out: number[] = [];
    for (const r of [...this.routes.values(), ...extra]) {
      const last = (r.dst | ~maskOf(r.len)) >>> 0;
      out.push(r.dst, last, (r.dst - 1) >>> 0, (last + 1) >>> 0);
    }
    return out;
  }
}

export function regionBytes(m: Mem, base: number, size: number): Buffer {
  return Buffer.from(m.u8.buffer, base, size);
}
