// What a run prints: one table per scenario (interface × frames in the kernel and in each engine
// × result), then every differing field (frame, field, kernel value, simulator value; for the
// replay, the input frame that caused it), the times, and the verdict. The same text goes to
// <out>/report.txt, the full list of differences to <out>/result.json.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Table from 'cli-table3';
import type { PingScenario } from './scenarios/pings.ts';
import type { ReplayScenario } from './scenarios/replay.ts';

export interface Diff {
  iface: string;
  frame: number | string;
  field: string;
  kernel: string;
  sim: string;
  summary?: string;
  input?: string;
}

export interface Row {
  iface: string;
  kernel: number;
  sim: number;
  /** Node-to-node ARP frames on an uplink (kernel, simulator): compared as their own list (M1). */
  arp: [number, number];
  diffs: Diff[];
}

export interface Result {
  scenario: string;
  engine: string;
  rows: Row[];
  inputs: null | { total: number; seen_kernel: number; seen_sim: number; missing_kernel: string[]; missing_sim: string[]; mismatched_inputs: number };
  frames?: { key: [number, number] | 'before'; diffs: Diff[] }[];
}

export interface ReportInput {
  results: Result[];
  pings: { s: PingScenario; kernel: string | null; sims: Record<string, string | null> }[];
  /** Other programs' scenarios (scenarios/services.ts): their title and output. */
  programs?: { name: string; what: string; kernel: string | null; sims: Record<string, string | null> }[];
  replay: ReplayScenario | null;
  ignore: string[];
  out: string;
  times: {
    imageBuildS: number | null;
    vm: { wallS: number; bootS: number | null; setupS: number | null; doneS: number | null } | null;
    simS: number;
    cmpS: number;
    totalS: number;
  };
  cluster: string;
  kernel: string;
}

/** busybox's output without what depends on the clock: the RTTs. */
function maskPing(t: string): string {
  return t.replace(/time=[\d.]+ ms/g, 'time=X ms').replace(/^round-trip .*$/m, 'round-trip X');
}

const MAX_SHOWN = 40;

/** Prints the report; returns the number of differences (after the ignored classes) and the
 *  kernel frames compared. */
export function printReport(r: ReportInput): { mismatches: number; frames: number } {
  const lines: string[] = [];
  const P = (s = ''): number => lines.push(s);
  const engines = [...new Set(r.results.map((x) => x.engine))];
  const scenarios = [...new Set(r.results.map((x) => x.scenario))];
  let total = 0;
  let framesCompared = 0;
  P(`kernel: ${r.kernel}; cluster: ${r.cluster}; engines: ${engines.join(', ')}${r.ignore.length ? `; ignored: ${r.ignore.join(', ')}` : ''}`);
  for (const name of scenarios) {
    const per = engines.map((e) => r.results.find((x) => x.scenario === name && x.engine === e)!);
    const ping = r.pings.find((p) => p.s.name === name);
    const prog = r.programs?.find((p) => p.name === name);
    P();
    P(`── ${name}: ${prog ? prog.what : ping ? `${ping.s.what} (ping ${ping.s.dst}${ping.s.size !== undefined ? ` -s ${ping.s.size}` : ''}${ping.s.ttl !== undefined ? ` -t ${ping.s.ttl}` : ''}, -c ${ping.s.count})` : `${r.replay!.frames} input frames, seed ${r.replay!.seed}, ${r.replay!.batches.length} batches, ${r.replay!.spacingMs} ms apart`}`);
    const t = new Table({
      head: ['interface', 'kernel', ...engines, 'result'],
      style: { head: [], border: [], compact: true },
    });
    for (let i = 0; i < per[0].rows.length; i++) {
      const row = per[0].rows[i];
      const ign = per.some((x) => x.rows[i].arp[0] || x.rows[i].arp[1]);
      const same = per.every((x) => JSON.stringify(x.rows[i].diffs) === JSON.stringify(per[0].rows[i].diffs));
      const res = same
        ? (row.diffs.length ? [`${row.diffs.length} differences${per.length > 1 ? ' (every engine)' : ''}`] : [])
        : per.map((x, k) => (x.rows[i].diffs.length ? `${x.rows[i].diffs.length} differences (${engines[k]})` : '')).filter(Boolean);
      t.push([
        row.iface,
        `${row.kernel}${ign ? ` + ${per[0].rows[i].arp[0]} ARP` : ''}`,
        ...per.map((x) => `${x.rows[i].sim}${ign ? ` + ${x.rows[i].arp[1]} ARP` : ''}`),
        res.length ? res.join(', ') : 'match',
      ]);
      framesCompared += row.kernel + row.arp[0];
    }
    if (ping) {
      const k = ping.kernel === null ? null : maskPing(ping.kernel);
      const res = engines.map((e) => (ping.sims[e] === null || k === null || maskPing(ping.sims[e]!) !== k ? `differs (${e})` : '')).filter(Boolean);
      t.push(['busybox output (time= masked)', k === null ? 'none' : 'text', ...engines.map(() => 'text'), res.length ? res.join(', ') : 'match']);
      if (res.length) {
        total += res.length;
        P(`   busybox in the kernel:\n${(ping.kernel ?? '').replace(/^/gm, '     | ')}`);
        for (const e of engines) P(`   busybox in the simulator (${e}):\n${(ping.sims[e] ?? '').replace(/^/gm, '     | ')}`);
      }
    }
    if (prog) {
      const res = engines.map((e) => (prog.sims[e] === null || prog.kernel === null || prog.sims[e] !== prog.kernel ? `differs (${e})` : '')).filter(Boolean);
      t.push(['program output', prog.kernel === null ? 'none' : 'text', ...engines.map(() => 'text'), res.length ? res.join(', ') : 'match']);
      if (res.length) {
        total += res.length;
        P(`   in the kernel:\n${(prog.kernel ?? '').replace(/^/gm, '     | ')}`);
        for (const e of engines) P(`   in the simulator (${e}):\n${(prog.sims[e] ?? '').replace(/^/gm, '     | ')}`);
      }
    }
    P(t.toString());
    if (per.some((x) => x.rows.some((row) => row.arp[0] || row.arp[1]))) {
      P(`   + N ARP: ARP between nodes on an uplink, compared as a list of its own (M1: each node resolving its peer, the kernel and the simulator alike)${r.ignore.includes('uplink-arp') ? '; ignored (--ignore uplink-arp)' : ''}`);
    }
    // the engines agree with each other far more often than with the kernel: print once then
    const agree = per.every((x) => JSON.stringify(x.rows) === JSON.stringify(per[0].rows) && JSON.stringify(x.inputs) === JSON.stringify(per[0].inputs));
    const shown = agree ? [per[0]] : per;
    for (let k = 0; k < shown.length; k++) {
      const x = shown[k];
      const label = agree ? engines.join(' and ') : engines[k];
      if (x.inputs) {
        const i = x.inputs;
        P(`   inputs (${label}): ${i.total} frames; seen on their interface: kernel ${i.seen_kernel}, simulator ${i.seen_sim}; inputs whose outputs differ: ${i.mismatched_inputs}`);
        if (i.missing_kernel.length) P(`   inputs the kernel's captures do not show: ${i.missing_kernel.slice(0, 20).join(' ')}${i.missing_kernel.length > 20 ? ' …' : ''}`);
        if (i.missing_sim.length) P(`   inputs the simulator's captures do not show: ${i.missing_sim.slice(0, 20).join(' ')}`);
        total += i.missing_kernel.length + i.missing_sim.length;
      }
      if (x.frames?.length) {
        // which inputs: a generated frame by its mutation, a hand-made one by its name
        const kinds = new Map<string, number>();
        for (const f of x.frames) {
          const input = (f.diffs[0].input ?? 'before the first input').replace(/^b\d+\/\d+ /, '');
          const name = input.startsWith('fuzz ') ? `generated, ${input.slice(input.lastIndexOf('· ') + 2)}` : input;
          kinds.set(name, (kinds.get(name) ?? 0) + 1);
        }
        const top = [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 15);
        P(`   differing inputs by kind (${kinds.size} kinds${kinds.size > 15 ? ', first 15' : ''}):`);
        for (const [name, n] of top) P(`   ${String(n).padStart(5)} × ${name}`);
      }
      const diffs = x.rows.flatMap((row) => row.diffs);
      total += diffs.length;
      if (!diffs.length) continue;
      P(`   differences, ${label} (${diffs.length}${diffs.length > MAX_SHOWN ? `, first ${MAX_SHOWN}` : ''}; all in ${join(r.out, 'result.json')}):`);
      for (const d of diffs.slice(0, MAX_SHOWN)) {
        P(`   ${d.input ? `[${d.input}] ` : ''}${d.iface} frame ${d.frame}: ${d.field}: kernel ${d.kernel} · sim ${d.sim}${d.summary && d.field !== '(frame)' ? `   (${d.summary})` : ''}`);
      }
    }
  }
  const tm = r.times;
  P();
  P(`frames compared (kernel side, every interface): ${framesCompared}; replayed inputs: ${r.replay?.frames ?? 0}`);
  const vm = tm.vm;
  P(`time: ${tm.imageBuildS !== null ? `image build ${tm.imageBuildS.toFixed(1)} s, ` : ''}${vm ? `VM ${vm.wallS.toFixed(1)} s (kernel up ${vm.bootS ?? '?'} s, cluster built ${vm.setupS ?? '?'} s, scenarios done ${vm.doneS ?? '?'} s, VM clock), ` : ''}simulator ${tm.simS.toFixed(1)} s, compare ${tm.cmpS.toFixed(1)} s, total ${tm.totalS.toFixed(1)} s`);
  P(total === 0 ? 'oracle: 0 mismatches' : `oracle: ${total} mismatching fields or frames`);
  const text = lines.join('\n') + '\n';
  process.stdout.write(text);
  writeFileSync(join(r.out, 'report.txt'), text);
  return { mismatches: total, frames: framesCompared };
}
