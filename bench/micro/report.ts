// The micro-benchmarks' common table: one row per kernel or path, WASM vs TS, with the ratio.

import Table from 'cli-table3';
import type { Bench } from 'tinybench';

/** Median ns per packet of each task (a task processes `perIteration` packets per call). */
export function nsPerPacket(bench: Bench, perIteration: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of bench.tasks) {
    const r = t.result;
    if (r.state !== 'completed') throw new Error(`${t.name}: ${r.state}`);
    out.set(t.name, 1e9 / (r.throughput.p50 * perIteration));
  }
  return out;
}

export interface Row {
  name: string;
  wasmNs: number;
  tsNs: number;
  note?: string;
}

export function printRows(title: string, rows: Row[]): void {
  const t = new Table({
    head: ['', 'WASM ns/pkt', 'WASM Mpps', 'TS ns/pkt', 'TS Mpps', 'WASM / TS'],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [] },
  });
  for (const r of rows) {
    t.push([r.name + (r.note ? ` (${r.note})` : ''), r.wasmNs.toFixed(1), (1e3 / r.wasmNs).toFixed(2), r.tsNs.toFixed(1), (1e3 / r.tsNs).toFixed(2), `${(r.tsNs / r.wasmNs).toFixed(2)}×`]);
  }
  console.log(title);
  console.log(t.toString());
}

/** Issue 13's one-core figure: the full cross-host step of one 98-byte frame, encap on
 *  k8s-master-1 then decap on k8s-node-1 (both nodes' nodeStep, bursts of 32, the re-arm of
 *  the input slots subtracted), as ns/packet and Mpps against the 20 Mpps (50 ns) target.
 *  `ns`: one figure, or the per-round figures of an interleaved run (median, min–max). */
export function fullStepLine(engine: string, ns: number | number[]): string {
  const xs = typeof ns === 'number' ? [ns] : [...ns].sort((a, b) => a - b);
  const med = xs[xs.length >> 1];
  const spread = xs.length > 1 ? ` (rounds ${xs[0].toFixed(1)}–${xs[xs.length - 1].toFixed(1)} ns)` : '';
  return `Full cross-host step, ${engine}, one core (encap on k8s-master-1 + decap on k8s-node-1, 98 B): `
    + `${med.toFixed(1)} ns/packet = ${(1e3 / med).toFixed(2)} Mpps${spread}; target ≥ 20 Mpps (≤ 50 ns): ${med <= 50 ? 'reached' : 'not reached'}`;
}

/** The V8 inlining flags this process runs with (all.ts sets them; see there). */
export function v8FlagsLine(): string {
  const v8 = process.execArgv.filter((a) => a.startsWith('--max-inlined'));
  return `V8 flags: ${v8.length ? v8.join(' ') : "none (V8's default inlining budget)"}`;
}
