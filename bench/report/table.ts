// The terminal output: the results table, the drop counters by reason, the conservation line.

import Table from 'cli-table3';
import type { BenchResult } from '../result.ts';

export function resultTable(r: BenchResult): string {
  const ref = (name: string) => r.engines.find((e) => e.engine === name)?.mpps.median;
  const ts = ref('ts');
  const nul = ref('null');
  const t = new Table({
    head: ['engine', 'Mpps median (min–max)', 'Gbit/s', 'ns/packet/worker', 'vs ts', 'vs null', 'conservation'],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
    style: { head: [], border: [] },
  });
  for (const e of r.engines) {
    t.push([
      e.engine,
      `${f(e.mpps.median, 3)} (${f(e.mpps.min, 3)}–${f(e.mpps.max, 3)})`,
      f(e.gbps, 2),
      f(e.nsPerPacketPerWorker, 1),
      ts ? `${f(e.mpps.median / ts, 2)}×` : '–',
      nul ? `${f(e.mpps.median / nul, 2)}×` : '–',
      e.conservation.passed ? 'passed' : 'FAILED',
    ]);
  }
  return t.toString() + '\n';
}

export function dropTable(r: BenchResult): string {
  const reasons = [...new Set(r.engines.flatMap((e) => Object.keys(e.counters.drops)))].sort();
  if (reasons.length === 0) return 'drops: none (every generated frame was delivered)\n';
  const t = new Table({ head: ['drop reason', ...r.engines.map((e) => e.engine)], style: { head: [], border: [] } });
  for (const reason of reasons) t.push([reason, ...r.engines.map((e) => String(e.counters.drops[reason] ?? 0))]);
  return 'drops by reason (whole session, warm-up and drain included):\n' + t.toString() + '\n';
}

export function conservationLines(r: BenchResult): string {
  return r.engines
    .map((e) => `conservation ${e.engine}: ${e.conservation.passed ? 'passed' : 'FAILED'} — ${e.conservation.detail}\n`)
    .join('');
}

export function headerLines(r: BenchResult): string {
  const c = r.config;
  const m = r.machine;
  return (
    `calico-ipip-sim bench — ${r.date}\n` +
    `machine: ${m.cpu}, ${m.cores} cores, ${gib(m.memoryBytes)} GiB, ${m.os}, Node ${m.node} (V8 ${m.v8})\n` +
    `cluster: ${c.cluster}, ${c.nodes} nodes, ${c.pods} pods; flows: ${c.flows.cross} cross-host, ${c.flows.same} same-host (--mix ${c.mix})\n` +
    `workers: ${c.workers} (nodes per worker ${summarize(c.nodesPerWorker)}, contiguous); frame ${c.size} B; burst ${c.burst}; ring ${c.ringSlots} slots\n` +
    `runs: ${c.runs} × ${c.duration} s after ${c.warmup} s warm-up, per engine\n` +
    `memory: shared ${mib(r.memory.sharedBytes)} MiB, process RSS ${mib(r.memory.rssBytes)} MiB, built in ${f(r.memory.buildSeconds, 2)} s\n`
  );
}

function summarize(xs: number[]): string {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? String(lo) : `${lo}..${hi}`;
}

function f(x: number | null, digits: number): string {
  return x !== null && Number.isFinite(x) ? x.toFixed(digits) : '–';
}

export function mib(b: number): string {
  return (b / 2 ** 20).toFixed(1);
}

function gib(b: number): string {
  return (b / 2 ** 30).toFixed(1);
}
