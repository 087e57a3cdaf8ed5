// `--report FILE.html`: one self-contained page (inline CSS and SVG, no scripts, no external
// assets): the results table, Mpps per engine, scaling with workers, Mpps vs frame size.

import type { BenchResult, SeriesPoint } from '../result.ts';
import { barChart, esc, lineChart, type Line } from './svg.ts';

export function htmlReport(r: BenchResult): string {
  const c = r.config;
  const m = r.machine;
  const rows = r.engines
    .map(
      (e) =>
        `<tr><td>${e.engine}</td><td>${e.mpps.median.toFixed(3)} (${e.mpps.min.toFixed(3)}–${e.mpps.max.toFixed(3)})</td>` +
        `<td>${e.gbps.toFixed(2)}</td><td>${e.nsPerPacketPerWorker?.toFixed(1) ?? '–'}</td>` +
        `<td>${e.conservation.passed ? 'passed' : 'FAILED'}</td><td>${esc(e.conservation.detail)}</td></tr>`,
    )
    .join('\n');
  const ratios = Object.entries(r.ratios)
    .map(([k, v]) => `<li>${k.replace('_', ' / ')}: ${v?.toFixed(2)}×</li>`)
    .join('');
  const perEngine = barChart(
    r.engines.map((e) => ({ label: e.engine, value: e.mpps.median, lo: e.mpps.min, hi: e.mpps.max })),
    'Mpps (median, min–max)',
  );
  const series = r.series;
  const scaling = series ? lineChart(lines(series.workers), 'workers', 'Mpps') : '<p>not measured</p>';
  const sizes = series ? lineChart(lines(series.sizes), 'frame size (bytes)', 'Mpps') : '<p>not measured</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>calico-ipip-sim bench ${esc(r.date)}</title>
<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child{text-align:left}code{background:#f4f4f4}</style>
</head><body>
<h1>calico-ipip-sim benchmark</h1>
<p><code>${esc(r.command)}</code><br>${esc(r.date)} — ${esc(m.cpu)}, ${m.cores} cores, ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB,
${esc(m.os)}, Node ${esc(m.node)} (V8 ${esc(m.v8)})</p>
<p>Cluster: ${esc(c.cluster)}, ${c.nodes} nodes, ${c.pods} pods; ${c.flows.cross} cross-host and ${c.flows.same} same-host flows;
${c.workers} workers; ${c.size}-byte frames; ${c.runs} runs × ${c.duration} s after ${c.warmup} s warm-up.
Shared memory ${(r.memory.sharedBytes / 2 ** 20).toFixed(1)} MiB, RSS ${(r.memory.rssBytes / 2 ** 20).toFixed(1)} MiB.</p>
<table><tr><th>engine</th><th>Mpps median (min–max)</th><th>Gbit/s</th><th>ns/packet/worker</th><th>conservation</th><th>detail</th></tr>
${rows}</table>
<ul>${ratios}</ul>
<h2>Mpps per engine</h2>${perEngine}
<h2>Scaling with workers</h2>${scaling}
<h2>Mpps vs frame size</h2>${sizes}
${series ? `<p>Series measured in ${series.seconds.toFixed(0)} s (shorter runs than the main table).</p>` : ''}
<p>Gbit/s counts Ethernet frame bytes delivered to pods (no preamble, inter-frame gap or FCS).
ns/packet/worker = workers × 10⁹ / packets per second.</p>
</body></html>
`;
}

function lines(points: SeriesPoint[]): Line[] {
  const by = new Map<string, Line>();
  for (const p of points) {
    let l = by.get(p.engine);
    if (!l) by.set(p.engine, (l = { label: p.engine, points: [] }));
    l.points.push({ x: p.x, y: p.mpps });
  }
  return [...by.values()];
}
