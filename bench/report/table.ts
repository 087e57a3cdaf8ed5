// The terminal output: the results table, the drop counters by reason, the conservation line.

import Table from 'cli-table3';
import { ROUND_WARMUP } from '../rounds.ts';
import { stagesOf } from '../measure.ts';
import { CV_WARN, type BenchResult } from '../result.ts';
import { CT_SIZE } from '../../host/layout.ts';

export function resultTable(r: BenchResult): string {
  const ref = (name: string) => r.engines.find((e) => e.engine === name)?.mpps.median;
  const ts = ref('ts');
  const nul = ref('null');
  const t = new Table({
    head: ['engine', 'Mpps median (min–max)', '95% CI of mean', 'CV', 'Gbit/s', 'ns/packet/worker', 'vs ts', 'vs null', 'conservation'],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    style: { head: [], border: [] },
  });
  for (const e of r.engines) {
    t.push([
      e.engine,
      `${f(e.mpps.median, 3)} (${f(e.mpps.min, 3)}–${f(e.mpps.max, 3)})`,
      e.mpps.n > 1 ? `${f(e.mpps.ci95[0], 3)}–${f(e.mpps.ci95[1], 3)}` : '–',
      `${f(e.mpps.cv * 100, 1)}%${e.mpps.cv > CV_WARN ? ' !' : ''}`,
      f(e.gbps, 2),
      f(e.nsPerPacketPerWorker, 1),
      ts ? `${f(e.mpps.median / ts, 2)}×` : '–',
      nul ? `${f(e.mpps.median / nul, 2)}×` : '–',
      e.conservation.passed ? 'passed' : 'FAILED',
    ]);
  }
  return t.toString() + '\n';
}

/** Where the frames went; the one-line verdict only when every generated frame reached its pod. */
export function outcomeTable(r: BenchResult): string {
  if (r.engines.every((e) => e.outcome.allArrived)) return 'drops: none (every generated frame was delivered)\n';
  const reasons = [...new Set(r.engines.flatMap((e) => Object.keys(e.outcome.drops)))].sort();
  const t = new Table({ head: ['frames', ...r.engines.map((e) => e.engine)], style: { head: [], border: [] } });
  t.push(['delivered to a pod', ...r.engines.map((e) => String(e.outcome.deliveredPod))]);
  t.push(['delivered to a host', ...r.engines.map((e) => String(e.outcome.deliveredHost))]);
  t.push(['left the cluster', ...r.engines.map((e) => String(e.outcome.leftCluster))]);
  for (const reason of reasons) t.push([`dropped: ${reason}`, ...r.engines.map((e) => String(e.outcome.drops[reason] ?? 0))]);
  return 'where the frames went (whole session, warm-up and drain included):\n' + t.toString() + '\n';
}

export function conservationLines(r: BenchResult): string {
  return r.engines
    .map((e) => `conservation ${e.engine}: ${e.conservation.passed ? 'passed' : 'FAILED'} — ${e.conservation.detail}\n`)
    .join('');
}

/** The machine's state, from the copy ceiling measured before and after the engines. */
export function calibrationLines(r: BenchResult): string {
  const c = r.calibration;
  const l = r.load;
  const words = { fast: 'the machine was in its FAST state', slow: 'the machine was in its SLOW state (cross-core figures are low)', changed: 'the machine CHANGED state during the run (read the figures with care)' };
  const la = (x: number[]) => x.map((v) => v.toFixed(2)).join(' ');
  return (
    `copy ceiling (2 threads, one ${c.slots}-slot ring of ${c.slotSize} B slots, bursts of ${c.burst}, ${c.size} B frames): ` +
    `${f(c.start.mpps, 1)} Mpps at the start, ${f(c.end.mpps, 1)} at the end: ${words[c.state]} (fast ≥ ${c.fastThresholdMpps})\n` +
    `load average ${la(l.loadavgBefore)} before, ${la(l.loadavgAfter)} after; steal ${l.stealShare === null ? '–' : `${f(l.stealShare * 100, 1)}%`}; ` +
    `other processes ${l.othersCores === null ? '–' : `${f(l.othersCores, 2)} cores`} during the run; engines interleaved in ${r.config.runs} rounds of ${r.config.turns} turns\n`
  );
}

/** Where each worker's loop went during the timed runs (host/runtime/worker.ts). */
export function stageLines(r: BenchResult): string {
  const lines = r.engines.map((e) => {
    const secs = e.runs.reduce((a, x) => a + x.seconds, 0);
    const ws = stagesOf(e.runs).map((s, w) =>
      `w${w} ${f(s.loops / secs / 1e3, 1)} k loops/s, ${f(s.loops ? (100 * s.idleLoops) / s.loops : 0, 0)}% idle (${f((100 * s.idleSeconds) / secs, 0)}% of the time), ` +
      `${f(s.sleeps / secs / 1e3, 1)} k sleeps/s, ${f(s.loops ? s.paceStalls / s.loops : 0, 2)} pacing stalls/loop, ${f(s.loops ? s.stepped / s.loops : 0, 1)} frames/loop` +
      (s.cpuSeconds === null || s.runqueueSeconds === null ? '' : `, on a CPU ${f((100 * s.cpuSeconds) / secs, 0)}% of the time, waiting for one ${f((100 * s.runqueueSeconds) / secs, 0)}%`));
    return `  ${e.engine}: ${ws.join('; ')}\n`;
  });
  return `worker loops in the timed runs:\n${lines.join('')}`;
}

export function warningLines(r: BenchResult): string {
  return r.warnings.map((w) => `WARNING: ${w}\n`).join('');
}

export function headerLines(r: BenchResult): string {
  const c = r.config;
  const m = r.machine;
  return (
    `calico-ipip-sim bench — ${r.date}\n` +
    `machine: ${m.cpu}, ${m.cores} cores, ${gib(m.memoryBytes)} GiB, ${m.os}, Node ${m.node} (V8 ${m.v8})\n` +
    `cluster: ${c.cluster}, ${c.nodes} nodes${c.routers ? ` + ${c.routers} router${c.routers > 1 ? 's' : ''} (${c.subnets} subnets)` : ''}, ${c.pods} pods; flows: ${c.flows.cross} cross-host, ${c.flows.same} same-host (--mix ${c.mix})\n` +
    `workers: ${c.workers} (nodes per worker ${summarize(c.nodesPerWorker)}, contiguous); frame ${c.size} B; burst ${c.burst}; ring ${c.ringSlots} slots (wire rings ${c.inboxSlots}${c.hostSlots !== c.inboxSlots ? `, external inbox and uplink tx ${c.hostSlots}` : ''})\n` +
    `runs: ${c.runs} rounds × ${c.duration} s per engine, in ${c.turns} turn${c.turns === 1 ? '' : 's'} of ${f(c.duration / c.turns, 3)} s taken by ${r.engines.map((e) => e.engine).join(', ')}, …; ${c.warmup} s warm-up first, ${Math.min(c.warmup, ROUND_WARMUP)} s before every later turn\n` +
    `memory: shared ${mib(r.memory.sharedBytes)} MiB, process RSS ${mib(r.memory.rssBytes)} MiB, built in ${f(r.memory.buildSeconds, 2)} s${conntrackLine(r.memory.conntrackBytesPerNode)}\n`
  );
}

/** A node's conntrack table: its size and the connections it holds (two records each). */
function conntrackLine(bytes: number | undefined): string {
  if (!bytes) return '';
  return `; conntrack ${(bytes / 1024).toFixed(0)} KiB per node (${bytes / CT_SIZE / 2} connections)`;
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
