// The runtime table: one row per runtime, one column per engine (median (min–max)), then the
// same-round ratios wasm/ts and wasm/null as throughput ratios. Printed for the terminal
// (cli-table3) or as Markdown for the README and BENCHMARKS.md (--markdown).

import Table from 'cli-table3';
import { ENGINES, PARTS, type Part, type PartResult, type RuntimeResult, type RuntimesResult, type Spread } from './result.ts';

const TITLE: Record<Part, string> = {
  worker: 'single-worker path (npm run bench -- --workers 1, seed cluster, 98 B): delivered Mpps',
  step: 'one core, in process: the seed\'s cross-host journey (encap + decap), ns/packet, re-arm subtracted',
};

export function runtimeLabel(r: RuntimeResult): string {
  const name = r.kind === 'node' ? 'Node' : r.kind === 'bun' ? 'Bun' : 'Deno';
  return r.version ? `${name} ${r.version}` : `${name} (${r.id})`;
}

function decimals(unit: PartResult['unit'], v: number): number {
  return unit === 'Mpps' ? (v < 10 ? 2 : 1) : v < 100 ? 1 : 0;
}

export function spreadText(s: Spread, unit: PartResult['unit']): string {
  const d = decimals(unit, s.median);
  return `${s.median.toFixed(d)} (${s.min.toFixed(d)}–${s.max.toFixed(d)})`;
}

export function ratioText(s: Spread, percent: boolean): string {
  if (percent) return `${(s.median * 100).toFixed(0)} % (${(s.min * 100).toFixed(0)}–${(s.max * 100).toFixed(0)})`;
  return `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
}

/** The cells of one runtime's row: engines, then wasm/ts and wasm/null; or why it did not run. */
export function rowCells(r: RuntimeResult, part: Part): string[] | { error: string } {
  const p = r.parts[part];
  const why = r.error ?? p.error;
  if (why !== null || p.summary === null || p.ratios === null) return { error: `could not run: ${why ?? 'no round completed'}` };
  const cells = ENGINES.map((e) => spreadText(p.summary![e], p.unit));
  cells.push(ratioText(p.ratios.wasm_ts, false), ratioText(p.ratios.wasm_null, true));
  if (p.conservation === false) cells[cells.length - 1] += ' (books did NOT balance)';
  return cells;
}

export function headerCells(part: Part): string[] {
  const unit = part === 'worker' ? 'Mpps' : 'ns/packet';
  return ['runtime', ...ENGINES.map((e) => `${e} ${unit}`), 'wasm/ts', 'wasm/null'];
}

/** A loader's message cut to its reason (the JSON keeps the whole line). */
export function shortReason(s: string): string {
  const abi = /^(.*?): .*NODE_MODULE_VERSION (\d+)\..*requires NODE_MODULE_VERSION (\d+)/.exec(s);
  if (abi) return `${abi[1]}: a native addon built for NODE_MODULE_VERSION ${abi[2]} (npm ci's Node), this runtime needs ${abi[3]}`;
  const nan = /^(.*?): .*legacy Node\.js native addon API \(NODE_MODULE \/ nan\), which Deno does not support/.exec(s);
  if (nan) return `${nan[1]}: a nan addon, and Deno loads only N-API addons`;
  return s;
}

/** What each runtime could not run of bench/micro/, and why. */
export function microLines(res: RuntimesResult): string[] {
  const out: string[] = [];
  for (const r of res.runtimes) {
    if (r.micro.length === 0) continue;
    const ran = r.micro.filter((m) => m.ok).length;
    const notes = r.micro.flatMap((m) => [
      ...(m.ok ? [] : [`${m.file} failed: ${m.error}`]),
      ...m.skipped.map((s) => `${m.file} left out ${shortReason(s)}`),
    ]);
    out.push(`${runtimeLabel(r)}: bench/micro ${ran}/${r.micro.length} files ran${notes.length ? `; ${notes.join('; ')}` : ''}`);
  }
  return out;
}

export function headline(res: RuntimesResult): string {
  const top = Math.max(...res.load);
  const loads = res.load.length ? ` load average ${Math.min(...res.load).toFixed(1)}–${top.toFixed(1)}${top > res.machine.cores ? ' (noisy: more runnable threads than cores)' : ''}` : '';
  const at = res.commit ? ` at ${res.commit}` : '';
  return `${res.date.slice(0, 16).replace('T', ' ')} UTC${at}, ${res.machine.cpu}, ${res.machine.cores} cores;`
    + ` ${res.config.rounds} rounds, runtimes interleaved (${res.config.order});${loads}`;
}

export function textTables(res: RuntimesResult): string {
  let s = `bench:runtimes — ${headline(res)}\n`;
  for (const part of [...PARTS].reverse()) {
    const t = new Table({ head: headerCells(part), colAligns: ['left', 'right', 'right', 'right', 'right', 'right'], style: { head: [], border: [] } });
    for (const r of res.runtimes) {
      const c = rowCells(r, part);
      t.push(Array.isArray(c) ? [runtimeLabel(r), ...c] : [runtimeLabel(r), { colSpan: 5, content: c.error }]);
    }
    s += `${TITLE[part]}; median (min–max) over every run of every round, ratios taken within each round:\n${t.toString()}\n`;
  }
  const micro = microLines(res);
  if (micro.length) s += `bench/micro under each runtime (short task times, V8 defaults):\n${micro.map((l) => `  ${l}\n`).join('')}`;
  return s;
}

export function markdownTables(res: RuntimesResult): string {
  let s = `${headline(res)}\n`;
  for (const part of [...PARTS].reverse()) {
    s += `\n${TITLE[part]}, median (min–max):\n\n| ${headerCells(part).join(' | ')} |\n|${headerCells(part).map(() => '---').join('|')}|\n`;
    for (const r of res.runtimes) {
      const c = rowCells(r, part);
      s += Array.isArray(c) ? `| ${runtimeLabel(r)} | ${c.join(' | ')} |\n` : `| ${runtimeLabel(r)} | ${c.error} | | | | |\n`;
    }
  }
  const micro = microLines(res);
  if (micro.length) s += `\n${micro.map((l) => `- ${l}\n`).join('')}`;
  return s;
}
