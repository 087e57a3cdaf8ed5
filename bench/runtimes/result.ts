// What `npm run bench:runtimes -- --json FILE` writes, and what the table is built from.
// `schema` is bumped on any incompatible change; test/bench/runtimesSchema.ts validates it.
//
// Two measurements per runtime, each in its own process per round (bench/runtimes/entry.ts):
//   step    one core, in process: the seed's cross-host journey (pod → encap on k8s-master-1,
//           decap on k8s-node-1 → pod; null copies along the same rings), bursts of 32,
//           re-arm subtracted: ns per packet;
//   worker  the benchmark's single-worker path (piscina, 1 worker thread, the seed's three
//           cross-host flows, engines interleaved in rounds, conservation checked): delivered
//           Mpps of each timed run.

import type { EngineName } from '../../host/engine/engine.ts';
import { max, median, min } from '../stats.ts';
import type { RuntimeId, RuntimeKind } from './runtimes.ts';

export const RUNTIMES_SCHEMA = 'calico-ipip-sim/bench-runtimes@1';
export const PARTS = ['step', 'worker'] as const;
export type Part = (typeof PARTS)[number];
export const UNIT: Record<Part, 'ns/packet' | 'Mpps'> = { step: 'ns/packet', worker: 'Mpps' };
export const ENGINES: readonly EngineName[] = ['wasm', 'ts', 'null'];

/** What one entry process reports (one runtime, one part, one round). */
export interface EntryOutput {
  runtime: { kind: RuntimeKind; version: string; jsEngine: string };
  part: Part;
  /** Per engine, every sample of this process (step: ns/packet; worker: Mpps per timed run). */
  samples: Record<EngineName, number[]>;
  /** worker: every engine's books balanced (generated + created = delivered + dropped). */
  conservation: boolean | null;
  /** worker: frames each engine delivered in the whole session (warm-up and drain included). */
  delivered: Record<EngineName, number> | null;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface PartResult {
  unit: 'ns/packet' | 'Mpps';
  /** Why it could not run (first line of the error), or null. */
  error: string | null;
  /** One entry per round that ran: per engine, that process's samples. */
  rounds: Record<EngineName, number[]>[];
  conservation: boolean | null;
  /** Over every sample of every round; null when no round ran. */
  summary: Record<EngineName, Spread> | null;
  /** Throughput ratios taken within each round (same process), then median (min–max). */
  ratios: { wasm_ts: Spread; wasm_null: Spread } | null;
}

export interface MicroFileResult {
  file: string;
  ok: boolean;
  /** `skipped: …` lines the benchmark printed (what it left out and why). */
  skipped: string[];
  error: string | null;
}

export interface RuntimeResult {
  id: RuntimeId;
  kind: RuntimeKind;
  /** The npm package it came from, null for the system Node. */
  pkg: string | null;
  version: string | null;
  jsEngine: string | null;
  /** Why the runtime is absent altogether (not installed, install failed), or null. */
  error: string | null;
  parts: Record<Part, PartResult>;
  micro: MicroFileResult[];
}

export interface RuntimesResult {
  schema: typeof RUNTIMES_SCHEMA;
  date: string; // ISO 8601, the start of the run
  command: string;
  /** The tree measured: `git describe --always --dirty` (absent in runs before it was recorded). */
  commit?: string | null;
  machine: { cpu: string; cores: number; memoryBytes: number; os: string; arch: string };
  config: {
    rounds: number;
    stepMs: number;
    worker: { workers: 1; runs: number; duration: number; warmup: number; size: number; cluster: string };
    order: string;
  };
  /** 1-minute load average before and after each round (2 cores: above ~1 the figures are noisy). */
  load: number[];
  runtimes: RuntimeResult[];
}

/** The median of xs with its extremes. */
export function spreadOf(xs: readonly number[]): Spread {
  return { median: median(xs), min: min(xs), max: max(xs) };
}

/** Throughput of a sample in Mpps, whatever the part measured. */
export function mppsOf(unit: PartResult['unit'], v: number): number {
  return unit === 'Mpps' ? v : 1e3 / v;
}

/** Fills summary and ratios from the rounds. */
export function summarisePart(p: Omit<PartResult, 'summary' | 'ratios'>): PartResult {
  if (p.rounds.length === 0) return { ...p, summary: null, ratios: null };
  const all = (e: EngineName) => p.rounds.flatMap((r) => r[e]);
  const summary = Object.fromEntries(ENGINES.map((e) => [e, spreadOf(all(e))])) as Record<EngineName, Spread>;
  const perRound = (a: EngineName, b: EngineName) => p.rounds.map((r) => mppsOf(p.unit, median(r[a])) / mppsOf(p.unit, median(r[b])));
  return { ...p, summary, ratios: { wasm_ts: spreadOf(perRound('wasm', 'ts')), wasm_null: spreadOf(perRound('wasm', 'null')) } };
}
