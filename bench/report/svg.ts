// Minimal inline SVG charts for the HTML report (no external assets, no dependency).

const W = 640;
const H = 300;
const PAD = { l: 60, r: 120, t: 20, b: 40 };
export const COLORS: Record<string, string> = { null: '#888888', ts: '#3178c6', wasm: '#654ff0' };

export interface Bar {
  label: string;
  value: number;
  lo: number;
  hi: number;
}

export function barChart(bars: Bar[], yLabel: string): string {
  const maxV = niceMax(Math.max(...bars.map((b) => b.hi), 1e-9));
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const bw = iw / Math.max(bars.length, 1);
  const y = (v: number) => PAD.t + ih - (v / maxV) * ih;
  const parts: string[] = [axes(maxV, yLabel)];
  bars.forEach((b, i) => {
    const x = PAD.l + i * bw + bw * 0.2;
    const w = bw * 0.6;
    const c = COLORS[b.label] ?? '#444';
    parts.push(`<rect x="${x.toFixed(1)}" y="${y(b.value).toFixed(1)}" width="${w.toFixed(1)}" height="${(PAD.t + ih - y(b.value)).toFixed(1)}" fill="${c}"/>`);
    const cx = x + w / 2;
    parts.push(`<line x1="${cx}" x2="${cx}" y1="${y(b.lo).toFixed(1)}" y2="${y(b.hi).toFixed(1)}" stroke="#000"/>`);
    parts.push(`<text x="${cx}" y="${(y(b.value) - 4).toFixed(1)}" text-anchor="middle" font-size="12">${b.value.toFixed(2)}</text>`);
    parts.push(`<text x="${cx}" y="${H - PAD.b + 16}" text-anchor="middle" font-size="12">${esc(b.label)}</text>`);
  });
  return svg(parts);
}

export interface Line {
  label: string;
  points: { x: number; y: number }[];
}

export function lineChart(lines: Line[], xLabel: string, yLabel: string): string {
  const xs = lines.flatMap((l) => l.points.map((p) => p.x));
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const maxY = niceMax(Math.max(...lines.flatMap((l) => l.points.map((p) => p.y)), 1e-9));
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const sx = (x: number) => PAD.l + (maxX === minX ? iw / 2 : ((x - minX) / (maxX - minX)) * iw);
  const sy = (v: number) => PAD.t + ih - (v / maxY) * ih;
  const parts: string[] = [axes(maxY, yLabel)];
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    parts.push(`<text x="${sx(x).toFixed(1)}" y="${H - PAD.b + 16}" text-anchor="middle" font-size="11">${x}</text>`);
  }
  parts.push(`<text x="${PAD.l + iw / 2}" y="${H - 6}" text-anchor="middle" font-size="12">${esc(xLabel)}</text>`);
  lines.forEach((l, i) => {
    const c = COLORS[l.label] ?? '#444';
    const pts = [...l.points].sort((a, b) => a.x - b.x);
    parts.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" fill="${c}"><title>${esc(l.label)} ${p.x}: ${p.y.toFixed(3)}</title></circle>`);
    parts.push(`<rect x="${W - PAD.r + 12}" y="${PAD.t + i * 18}" width="10" height="10" fill="${c}"/>`);
    parts.push(`<text x="${W - PAD.r + 26}" y="${PAD.t + i * 18 + 9}" font-size="12">${esc(l.label)}</text>`);
  });
  return svg(parts);
}

function axes(maxY: number, yLabel: string): string {
  const ih = H - PAD.t - PAD.b;
  const out: string[] = [];
  out.push(`<line x1="${PAD.l}" x2="${PAD.l}" y1="${PAD.t}" y2="${PAD.t + ih}" stroke="#000"/>`);
  out.push(`<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${PAD.t + ih}" y2="${PAD.t + ih}" stroke="#000"/>`);
  for (let i = 0; i <= 4; i++) {
    const v = (maxY * i) / 4;
    const y = PAD.t + ih - (i / 4) * ih;
    out.push(`<line x1="${PAD.l - 4}" x2="${W - PAD.r}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${PAD.l - 6}" y="${y + 4}" text-anchor="end" font-size="11">${v.toFixed(maxY < 4 ? 2 : 1)}</text>`);
  }
  out.push(`<text x="14" y="${PAD.t + ih / 2}" transform="rotate(-90 14 ${PAD.t + ih / 2})" text-anchor="middle" font-size="12">${esc(yLabel)}</text>`);
  return out.join('');
}

function svg(parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">${parts.join('')}</svg>`;
}

function niceMax(v: number): number {
  const e = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * e >= v) return m * e;
  return 10 * e;
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
