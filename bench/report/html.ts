// `--report FILE.html`: one self-contained page (inline CSS and SVG, no scripts, no external
// assets): the results table, the run's warnings (runs that disagree, a busy or slow machine),
// Mpps per engine, scaling with workers, Mpps and Gbit/s vs frame size, each with the spread of
// its runs.

import type { BenchResult, SeriesPoint } from '../result.ts';
import { barChart, esc, lineChart, type Line } from './svg.ts';

export function htmlReport(r: BenchResult): string {
  const c = r.config;
  const m = r.machine;
  const rows = r.engines
    .map(
      (e) =>
        `<tr><td>${esc(e.engine)}</td><td class="num">${e.mpps.median.toFixed(3)} (${e.mpps.min.toFixed(3)}–${e.mpps.max.toFixed(3)})</td>` +
        `<td class="num">${e.gbps.toFixed(2)}</td><td class="num">${e.nsPerPacketPerWorker?.toFixed(1) ?? '–'}</td>` +
        `<td class="num">${e.mpps.ci95[0].toFixed(3)}–${e.mpps.ci95[1].toFixed(3)}</td><td class="num">${(e.mpps.cv * 100).toFixed(1)} %</td>` +
        `<td>${e.conservation.passed ? 'passed' : 'FAILED'}</td><td>${esc(e.conservation.detail)}</td></tr>`,
    )
    .join('\n');
  const ratios = Object.entries(r.ratios)
    .map(([k, v]) => `<li>${k.replace('_', ' / ')}: ${v?.toFixed(2)}×</li>`)
    .join('');
  const perEngine = barChart(
    r.engines.map((e) => ({ label: e.engine, value: e.mpps.median, lo: e.mpps.min, hi: e.mpps.max })),
    'Mpps (median)',
    `min–max, ${c.runs} run${c.runs === 1 ? '' : 's'}`,
  );
  const series = r.series;
  const spread = `min–max, ≤ 3 runs`;
  const scaling = series ? lineChart(lines(series.workers, 'mpps'), { xLabel: 'workers', yLabel: 'Mpps (median)', spreadLabel: spread }) : '<p>not measured</p>';
  const sizes = series ? lineChart(lines(series.sizes, 'mpps'), { xLabel: 'frame size (bytes)', yLabel: 'Mpps (median)', spreadLabel: spread, logX: true }) : '<p>not measured</p>';
  const gbps = series ? lineChart(lines(series.sizes, 'gbps'), { xLabel: 'frame size (bytes)', yLabel: 'Gbit/s (median)', spreadLabel: spread, logX: true }) : '<p>not measured</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>calico-ipip-sim bench ${esc(r.date)}</title>
<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{background:#f4f4f4}.warn{border-left:4px solid #d55e00;background:#fdf0e6;padding:6px 12px}</style>
</head><body>
<h1>calico-ipip-sim benchmark</h1>
<p><code>${esc(r.command)}</code><br>${esc(r.date)} — ${esc(m.cpu)}, ${m.cores} cores, ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB,
${esc(m.os)}, Node ${esc(m.node)} (V8 ${esc(m.v8)})</p>
<p>Cluster: ${esc(c.cluster)}, ${c.nodes} nodes, ${c.pods} pods; ${c.flows.cross} cross-host and ${c.flows.same} same-host flows;
${c.workers} workers; ${c.size}-byte frames; ${c.runs} runs × ${c.duration} s after ${c.warmup} s warm-up.
Shared memory ${(r.memory.sharedBytes / 2 ** 20).toFixed(1)} MiB, RSS ${(r.memory.rssBytes / 2 ** 20).toFixed(1)} MiB.</p>
<table><tr><th>engine</th><th>Mpps median (min–max)</th><th>Gbit/s</th><th>ns/packet/worker</th><th>Mpps 95% CI of the mean</th><th>CV of runs</th><th>conservation</th><th>detail</th></tr>
${rows}</table>
<ul>${ratios}</ul>
${r.warnings.length ? `<div class="warn"><p><b>Read with care:</b> differences smaller than the spread of the runs are noise.</p><ul>${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div>` : ''}
<h2>Mpps per engine</h2>${perEngine}
<h2>Scaling with workers</h2>${scaling}
<h2>Mpps vs frame size</h2>${sizes}
<h2>Gbit/s vs frame size</h2>${gbps}
${series ? `<p>Series measured in ${series.seconds.toFixed(0)} s (shorter runs than the main table).</p>` : ''}
<p>Gbit/s counts Ethernet frame bytes delivered to pods (no preamble, inter-frame gap or FCS).
ns/packet/worker = workers × 10⁹ / packets per second. CV = standard deviation / mean of the runs' Mpps.</p>
</body></html>
`;
}

/** One line per engine; Gbit/s from the frame size (the x of the size series). */
function lines(points: SeriesPoint[], unit: 'mpps' | 'gbps'): Line[] {
  const by = new Map<string, Line>();
  for (const p of points) {
    let l = by.get(p.engine);
    if (!l) by.set(p.engine, (l = { label: p.engine, points: [] }));
    const k = unit === 'gbps' ? (p.x * 8) / 1000 : 1;
    l.points.push({ x: p.x, y: p.mpps * k, lo: p.mppsMin * k, hi: p.mppsMax * k });
  }
  return [...by.values()];
}
