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

/** The V8 inlining flags this process runs with (all.ts sets them; see there). */
export function v8FlagsLine(): string {
  const v8 = process.execArgv.filter((a) => a.startsWith('--max-inlined'));
  return `V8 flags: ${v8.length ? v8.join(' ') : "none (V8's default inlining budget)"}`;
}
