// Everything one `npm run bench` invocation measured: what --json writes and what the table,
// the HTML report and the test read. `schema` is bumped on any incompatible change.

import type { EngineResult } from './measure.ts';
import type { Machine } from './report/machine.ts';
import type { EngineName } from '../host/engine/engine.ts';
import type { Mix } from './traffic/flows.ts';

export const RESULT_SCHEMA = 'calico-ipip-sim/bench@2';

export interface SeriesPoint {
  engine: EngineName;
  /** workers for the scaling series, frame size for the size series */
  x: number;
  mpps: number;
  mppsMin: number;
  mppsMax: number;
}

export interface BenchResult {
  schema: typeof RESULT_SCHEMA;
  date: string; // ISO 8601
  command: string;
  machine: Machine;
  config: {
    engines: EngineName[];
    cluster: string; // "seed" | "synthetic" | file path
    nodes: number;
    pods: number;
    podsPerNode: number | null;
    workers: number;
    nodesPerWorker: number[];
    assignment: 'contiguous';
    duration: number;
    warmup: number;
    runs: number;
    size: number;
    mix: Mix;
    burst: number;
    ringSlots: number;
    flows: { cross: number; same: number };
  };
  memory: {
    sharedBytes: number;
    rssBytes: number;
    heapUsedBytes: number;
    buildSeconds: number;
  };
  engines: EngineResult[];
  /** Median Mpps ratios, same invocation; absent when an engine did not run. */
  ratios: Partial<Record<'wasm_ts' | 'wasm_null' | 'ts_null', number>>;
  conservation: { passed: boolean };
  series?: { workers: SeriesPoint[]; sizes: SeriesPoint[]; seconds: number };
}

export function ratiosOf(engines: EngineResult[]): BenchResult['ratios'] {
  const m = (e: EngineName) => engines.find((r) => r.engine === e)?.mpps.median;
  const out: BenchResult['ratios'] = {};
  const wasm = m('wasm');
  const ts = m('ts');
  const nul = m('null');
  if (wasm !== undefined && ts !== undefined && ts > 0) out.wasm_ts = wasm / ts;
  if (wasm !== undefined && nul !== undefined && nul > 0) out.wasm_null = wasm / nul;
  if (ts !== undefined && nul !== undefined && nul > 0) out.ts_null = ts / nul;
  return out;
}
