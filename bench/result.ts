// Everything one `npm run bench` invocation measured: what --json writes and what the table,
// the HTML report and the test read. `schema` is bumped on any incompatible change; every
// field is documented in BENCHMARKS.md ("The --json document").

import type { EngineResult } from './measure.ts';
import type { Machine } from './report/machine.ts';
import type { EngineName } from '../host/engine/engine.ts';
import type { Mix } from './traffic/flows.ts';
import type { Calibration } from './calibrate.ts';
import type { MachineLoad } from './report/load.ts';

export const RESULT_SCHEMA = 'calico-ipip-sim/bench@5';

/** The table warns when a result's coefficient of variation is above this. */
export const CV_WARN = 0.1;

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
    /** Routers between the subnets (hosts without pods, owned by workers like nodes). */
    routers: number;
    /** L2 segments (subnets) of the hosts. */
    subnets: number;
    pods: number;
    podsPerNode: number | null;
    workers: number;
    nodesPerWorker: number[];
    assignment: 'contiguous';
    duration: number;
    warmup: number;
    runs: number;
    /** Seconds per engine turn within a round (--slice). */
    slice: number;
    /** Turns per engine per round: each run is this many turns of duration / turns seconds. */
    turns: number;
    /** Engines interleaved in rounds (one run each per round), always true since bench@3. */
    interleaved: boolean;
    size: number;
    mix: Mix;
    burst: number;
    ringSlots: number;
    /** Slots of the wire (inbox) rings. */
    inboxSlots: number;
    /** Slots of the external inbox and the uplink tx ring (the generator feeds neither):
     *  inboxSlots, or 8 when the ring budget has no room (5000 nodes). */
    hostSlots: number;
    flows: { cross: number; same: number };
  };
  memory: {
    sharedBytes: number;
    rssBytes: number;
    heapUsedBytes: number;
    buildSeconds: number;
    /** A node's conntrack table (layout/ipvs.ts: CT_SIZE-byte records, two per connection);
     *  absent in runs before it was reported. */
    conntrackBytesPerNode?: number;
  };
  /** The machine's cross-thread copy ceiling at the start and at the end of the run. */
  calibration: Calibration;
  /** Load average before/after, steal, other processes' CPU during the run. */
  load: MachineLoad;
  /** What the table printed as warnings (high CV, a busy machine, a slow or changing state). */
  warnings: string[];
  engines: EngineResult[];
  /** Median Mpps ratios, same invocation; absent when an engine did not run. */
  ratios: Partial<Record<RatioName, number>>;
  /** The same ratios round by round (run i of one engine against run i of the other: taken
   *  within seconds of each other). */
  roundRatios: Partial<Record<RatioName, number[]>>;
  conservation: { passed: boolean };
  series?: { workers: SeriesPoint[]; sizes: SeriesPoint[]; seconds: number };
}

/** Warnings for a result: spread, load, machine state. */
export function warningsOf(engines: EngineResult[], load: MachineLoad, cal: Calibration): string[] {
  const out: string[] = [];
  for (const e of engines) {
    if (e.mpps.cv > CV_WARN) out.push(`${e.engine}: coefficient of variation ${(e.mpps.cv * 100).toFixed(0)}% (over ${CV_WARN * 100}%): the runs disagree`);
  }
  for (const e of engines) {
    const over = e.outcome.drops.rxOverMtu ?? 0;
    if (over > 0) out.push(`${e.engine}: ${over} frames dropped on arrival as longer than their interface's MTU + 18 (rxOverMtu): --size is above what the pods can send (their MTU + 14)`);
    const big = e.outcome.drops.fragNeeded ?? 0;
    if (big > 0) out.push(`${e.engine}: ${big} frames refused by ip_forward as larger than their route's MTU with DF set (fragNeeded; an ICMP frag-needed went back to each sender)`);
  }
  for (const b of load.busy) out.push(`machine busy: ${b}`);
  if (cal.state !== 'fast') {
    out.push(cal.state === 'slow'
      ? `machine in its slow state: copy ceiling ${cal.start.mpps.toFixed(1)} → ${cal.end.mpps.toFixed(1)} Mpps (fast ≥ ${cal.fastThresholdMpps})`
      : `machine state changed during the run: copy ceiling ${cal.start.mpps.toFixed(1)} → ${cal.end.mpps.toFixed(1)} Mpps`);
  }
  return out;
}

export type RatioName = 'wasm_ts' | 'wasm_null' | 'ts_null';
const RATIOS: [RatioName, EngineName, EngineName][] = [['wasm_ts', 'wasm', 'ts'], ['wasm_null', 'wasm', 'null'], ['ts_null', 'ts', 'null']];

export function roundRatiosOf(engines: EngineResult[]): BenchResult['roundRatios'] {
  const out: BenchResult['roundRatios'] = {};
  for (const [name, a, b] of RATIOS) {
    const x = engines.find((e) => e.engine === a)?.runs;
    const y = engines.find((e) => e.engine === b)?.runs;
    if (x && y) out[name] = x.map((r, i) => (y[i] && y[i].mpps > 0 ? r.mpps / y[i].mpps : 0));
  }
  return out;
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
