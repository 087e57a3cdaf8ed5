// `npm run bench` / `calico-ipip-sim bench` options: one definition for both entry points.
// Every value is validated here; a bad one is a ConfigError naming the flag and the value
// (the CLI prints it on one line and exits 2).

import os from 'node:os';
import type { Command } from 'commander';
import { ConfigError } from '../host/errors.ts';
import { MAX_NODES, MAX_PODS_PER_NODE, MAX_SUBNETS } from './cluster/synthetic.ts';
import type { IpipMode } from '../host/cluster/types.ts';

const IPIP_MODES: readonly IpipMode[] = ['Always', 'CrossSubnet', 'Never'];
import { MIN_FRAME, SEED_FRAME, maxFrameFor } from './traffic/frames.ts';
import { MIN_MTU, MAX_MTU } from '../host/cluster/validate.ts';
import { MIXES, type Mix } from './traffic/flows.ts';
import { ENGINE_NAMES, type EngineName } from '../host/engine/engine.ts';
import { checkOutputFile } from './outputFile.ts';


export interface BenchOptions {
  engines: EngineName[];
  /** null = the seed cluster (or --cluster FILE); a number = a synthetic cluster. */
  nodes: number | null;
  podsPerNode: number;
  workers: number;
  duration: number; // seconds per timed run
  warmup: number; // seconds before the first timed run
  runs: number;
  /** Seconds per engine turn within a round (bench/rounds.ts). */
  slice: number;
  size: number;
  /** Uplink MTU of the seed or synthetic cluster (null: the cluster's own, 1500 by default). */
  mtu: number | null;
  mix: Mix;
  burst: number;
  /** --burst was given: the default one adapts to small rings (setup.ts prepare). */
  burstGiven: boolean;
  ringSlots: number | null; // null = chosen from the cluster size
  json: string | null;
  report: string | null;
  progress: boolean;
  clusterFile: string | null;
  /** Frames that leave the cluster are expected (no failed run for them). */
  allowLeaving: boolean;
  /** Synthetic cluster: the nodes spread over this many subnets, joined by one router (1 = one subnet). */
  subnets: number;
  /** Synthetic cluster: the pool's ipipMode. */
  ipipMode: IpipMode;
}

/** Raw option values as commander hands them over (strings unless defaulted). */
export interface RawBenchOptions {
  engine?: string;
  nodes?: string;
  podsPerNode?: string;
  workers?: string;
  duration?: string;
  warmup?: string;
  runs?: string;
  slice?: string;
  size?: string;
  mtu?: string;
  mix?: string;
  burst?: string;
  ringSlots?: string;
  json?: string;
  report?: string;
  progress?: boolean;
  allowLeaving?: boolean;
  subnets?: string;
  ipipMode?: string;
}

export const DEFAULTS = { duration: 2, warmup: 1, runs: 5, slice: 0.25, size: SEED_FRAME, mix: 'cross' as Mix, burst: 32, podsPerNode: 2 };

export function addBenchOptions(cmd: Command): Command {
  return cmd
    .option('--engine <list>', `engines to run, comma-separated: ${ENGINE_NAMES.join(', ')}`, ENGINE_NAMES.join(','))
    .option('--nodes <n>', `simulated nodes (synthetic cluster, 1..${MAX_NODES}); default: the seed cluster`)
    .option('--pods-per-node <n>', `pods per node with --nodes (1..${MAX_PODS_PER_NODE}, default ${DEFAULTS.podsPerNode})`)
    .option('--workers <n>', 'worker threads (default: min(cores, nodes))')
    .option('--duration <s>', 'seconds per timed run', String(DEFAULTS.duration))
    .option('--warmup <s>', 'seconds of warm-up before the timed runs', String(DEFAULTS.warmup))
    .option('--runs <n>', 'timed runs per engine (median, min-max reported)', String(DEFAULTS.runs))
    .option('--slice <s>', 'seconds per engine turn: within a round the engines take turns until each has run --duration', String(DEFAULTS.slice))
    .option('--size <bytes>', `Ethernet frame size without FCS, ${MIN_FRAME}..the cluster MTU + 14 (1514 at MTU 1500)`, String(DEFAULTS.size))
    .option('--mtu <bytes>', `uplink MTU of the seed or synthetic cluster, ${MIN_MTU}..${MAX_MTU} (tunl0 and pods get 20 less); ring slots are sized from it`)
    .option('--mix <kind>', `flows: ${MIXES.join(' | ')}`, DEFAULTS.mix)
    .option('--burst <n>', `frames per ring operation (generator, engine, sink), 1..256 (default ${DEFAULTS.burst}, half the ring below ${2 * DEFAULTS.burst} slots)`)
    .option('--ring-slots <n>', 'slots per ring, power of two 8..4096 (default: by cluster size)')
    .option('--json <file>', 'write every number, the machine and the config as JSON')
    .option('--report <file>', 'write a self-contained HTML report (runs extra series: workers 1..N, frame sizes)')
    .option('--no-progress', 'no progress bar even on a terminal')
    .option('--subnets <k>', 'with --nodes: spread the nodes over k subnets joined by a router (1..64, default 1)')
    .option('--ipip-mode <mode>', `with --nodes: the pool's ipipMode, ${IPIP_MODES.join(' | ')} (default Always)`)
    .option('--allow-leaving', 'frames that leave the cluster are expected: reported, not a failed run');
}

export function parseBenchOptions(raw: RawBenchOptions, clusterFile: string | null): BenchOptions {
  const engines = parseEngines(raw.engine ?? ENGINE_NAMES.join(','));
  const nodes = raw.nodes === undefined ? null : int(raw.nodes, '--nodes', 1, MAX_NODES);
  if (nodes !== null && clusterFile !== null) {
    throw new ConfigError('--nodes', 'cannot be combined with --cluster (the synthetic cluster replaces the file)', raw.nodes);
  }
  // The seed cluster and --cluster files place their own pods: --pods-per-node shapes only --nodes.
  if (raw.podsPerNode !== undefined && nodes === null) throw new ConfigError('--pods-per-node', 'needs --nodes N (it shapes the synthetic cluster)', raw.podsPerNode);
  const mtu = raw.mtu === undefined ? null : int(raw.mtu, '--mtu', MIN_MTU, MAX_MTU);
  if (mtu !== null && clusterFile !== null) {
    throw new ConfigError('--mtu', 'cannot be combined with --cluster (the file sets the MTU)', raw.mtu);
  }
  const size = int(raw.size ?? String(DEFAULTS.size), '--size', MIN_FRAME, maxFrameFor(mtu ?? MAX_MTU));
  const podsPerNode = int(raw.podsPerNode ?? String(DEFAULTS.podsPerNode), '--pods-per-node', 1, MAX_PODS_PER_NODE);
  const cores = os.availableParallelism();
  const workers = raw.workers === undefined ? 0 : int(raw.workers, '--workers', 1, 256);
  const mix = raw.mix ?? DEFAULTS.mix;
  if (!MIXES.includes(mix as Mix)) throw new ConfigError('--mix', `must be one of ${MIXES.join(', ')}`, mix);
  if (raw.subnets !== undefined && nodes === null) throw new ConfigError('--subnets', 'needs --nodes N (it shapes the synthetic cluster)', raw.subnets);
  const subnets = int(raw.subnets ?? '1', '--subnets', 1, MAX_SUBNETS);
  if (nodes !== null && subnets > nodes) throw new ConfigError('--subnets', `more subnets than nodes (${nodes})`, raw.subnets);
  if (raw.ipipMode !== undefined && nodes === null) throw new ConfigError('--ipip-mode', 'needs --nodes N (a cluster file or the seed sets its own pools)', raw.ipipMode);
  const ipipMode = raw.ipipMode ?? 'Always';
  if (!IPIP_MODES.includes(ipipMode as IpipMode)) throw new ConfigError('--ipip-mode', `must be one of ${IPIP_MODES.join(', ')} (exact case)`, ipipMode);
  let ringSlots: number | null = null;
  if (raw.ringSlots !== undefined) {
    ringSlots = int(raw.ringSlots, '--ring-slots', 8, 4096);
    if ((ringSlots & (ringSlots - 1)) !== 0) throw new ConfigError('--ring-slots', 'must be a power of two', raw.ringSlots);
  }
  const burst = int(raw.burst ?? String(DEFAULTS.burst), '--burst', 1, 256);
  if (ringSlots !== null && burst > ringSlots) {
    throw new ConfigError('--burst', `must not exceed --ring-slots (${ringSlots})`, raw.burst);
  }
  return {
    engines,
    nodes,
    podsPerNode,
    // 0 = decided once the node count is known: min(cores, nodes).
    workers: workers === 0 ? -cores : workers,
    duration: seconds(raw.duration ?? String(DEFAULTS.duration), '--duration', 0.05, 3600),
    warmup: seconds(raw.warmup ?? String(DEFAULTS.warmup), '--warmup', 0, 600),
    runs: int(raw.runs ?? String(DEFAULTS.runs), '--runs', 1, 1000),
    slice: seconds(raw.slice ?? String(DEFAULTS.slice), '--slice', 0.05, 3600),
    size,
    mtu,
    mix: mix as Mix,
    burst,
    burstGiven: raw.burst !== undefined,
    ringSlots,
    json: outputFile('--json', raw.json),
    report: outputFile('--report', raw.report),
    progress: raw.progress !== false,
    clusterFile,
    allowLeaving: raw.allowLeaving === true,
    subnets,
    ipipMode: ipipMode as IpipMode,
  };
}

/** The worker count for `nodes` nodes: the explicit --workers, else min(cores, nodes). */
export function workersFor(o: BenchOptions, nodes: number): number {
  const w = o.workers < 0 ? Math.min(-o.workers, nodes) : o.workers;
  if (w > nodes) throw new ConfigError('--workers', `more workers than nodes (${nodes}): a worker owns whole nodes`, o.workers);
  return w;
}

function parseEngines(list: string): EngineName[] {
  const out: EngineName[] = [];
  for (const part of list.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (!ENGINE_NAMES.includes(part as EngineName)) throw new ConfigError('--engine', `unknown engine (known: ${ENGINE_NAMES.join(', ')})`, part);
    if (!out.includes(part as EngineName)) out.push(part as EngineName);
  }
  if (out.length === 0) throw new ConfigError('--engine', 'at least one engine is needed', list);
  return out;
}

function int(text: string, flag: string, min: number, max: number): number {
  const v = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new ConfigError(flag, `must be an integer in ${min}..${max}`, text);
  return v;
}

function seconds(text: string, flag: string, min: number, max: number): number {
  const v = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(v) || v < min || v > max) throw new ConfigError(flag, `must be a number of seconds in ${min}..${max}`, text);
  return v;
}

function outputFile(flag: string, path: string | undefined): string | null {
  if (path === undefined) return null;
  checkOutputFile(flag, path);
  return path;
}
