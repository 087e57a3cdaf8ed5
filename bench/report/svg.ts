// Inline SVG charts for the HTML report (no external assets, no dependency): bars with their
// spread, and lines with a band for the spread of each point. Tick labels that would overlap
// go to a second row, or are left out, so no two labels ever share pixels.

const W = 640;
const H = 300;
const PAD = { l: 64, r: 150, t: 20, b: 56 };
const FONT = 11;
/** Advance of a digit or letter in the page's sans-serif at 1 px, a little over DejaVu Sans'
 *  widest (0.64 em): an overestimate keeps labels apart. */
const EM = 0.66;
/** Okabe and Ito's colour-blind-safe palette: grey, blue, orange (distinct in hue and lightness). */
export const COLORS: Record<string, string> = { null: '#7f7f7f', ts: '#0072b2', wasm: '#e69f00' };
const OTHER = '#444444';

export interface Bar {
  label: string;
  value: number;
  lo: number;
  hi: number;
}

export function barChart(bars: Bar[], yLabel: string, spreadLabel: string): string {
  const maxV = niceMax(Math.max(...bars.map((b) => b.hi), 1e-9));
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const bw = iw / Math.max(bars.length, 1);
  const y = (v: number) => PAD.t + ih - (v / maxV) * ih;
  const parts: string[] = [axes(maxV, yLabel)];
  bars.forEach((b, i) => {
    const x = PAD.l + i * bw + bw * 0.2;
    const w = bw * 0.6;
    const c = COLORS[b.label] ?? OTHER;
    const cx = x + w / 2;
    parts.push(`<rect x="${f1(x)}" y="${f1(y(b.value))}" width="${f1(w)}" height="${f1(PAD.t + ih - y(b.value))}" fill="${c}"><title>${esc(b.label)}: ${b.value.toFixed(3)} (${b.lo.toFixed(3)}–${b.hi.toFixed(3)})</title></rect>`);
    parts.push(whisker(cx, y(b.lo), y(b.hi), 8));
    parts.push(label(cx, y(b.hi) - 5, b.value.toFixed(2), 'middle'));
    parts.push(label(cx, PAD.t + ih + 16, b.label, 'middle'));
  });
  parts.push(legendNote(PAD.t + 10, ['whiskers:', spreadLabel]));
  return svg(parts);
}

export interface LinePoint {
  x: number;
  y: number;
  lo: number;
  hi: number;
}

export interface Line {
  label: string;
  points: LinePoint[];
}

export interface LineOptions {
  xLabel: string;
  yLabel: string;
  /** What the band and whiskers show, for the legend. */
  spreadLabel: string;
  /** Frame sizes span 64..9000: a log axis keeps 64 and 98 apart. */
  logX?: boolean;
}

export function lineChart(lines: Line[], o: LineOptions): string {
  const xs = [...new Set(lines.flatMap((l) => l.points.map((p) => p.x)))].sort((a, b) => a - b);
  const tx = (x: number) => (o.logX ? Math.log2(x) : x);
  const minX = tx(xs[0]);
  const maxX = tx(xs[xs.length - 1]);
  const maxY = niceMax(Math.max(...lines.flatMap((l) => l.points.map((p) => p.hi)), 1e-9));
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const sx = (x: number) => PAD.l + (maxX === minX ? iw / 2 : ((tx(x) - minX) / (maxX - minX)) * iw);
  const sy = (v: number) => PAD.t + ih - (v / maxY) * ih;
  const parts: string[] = [axes(maxY, o.yLabel)];
  const rows = tickRows(xs.map((x) => ({ x: sx(x), text: String(x) })));
  xs.forEach((x, i) => {
    parts.push(`<line x1="${f1(sx(x))}" x2="${f1(sx(x))}" y1="${PAD.t + ih}" y2="${PAD.t + ih + 4}" stroke="#000"/>`);
    if (rows[i] >= 0) parts.push(label(sx(x), PAD.t + ih + 19 + rows[i] * 13, String(x), 'middle'));
  });
  parts.push(label(PAD.l + iw / 2, H - 6, o.xLabel + (o.logX ? ' (log scale)' : ''), 'middle', 12));
  lines.forEach((l, i) => {
    const c = COLORS[l.label] ?? OTHER;
    const pts = [...l.points].sort((a, b) => a.x - b.x);
    const band = [...pts.map((p) => `${f1(sx(p.x))},${f1(sy(p.hi))}`), ...[...pts].reverse().map((p) => `${f1(sx(p.x))},${f1(sy(p.lo))}`)];
    parts.push(`<polygon points="${band.join(' ')}" fill="${c}" fill-opacity="0.2" stroke="none"/>`);
    parts.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.map((p) => `${f1(sx(p.x))},${f1(sy(p.y))}`).join(' ')}"/>`);
    for (const p of pts) {
      parts.push(whisker(sx(p.x), sy(p.lo), sy(p.hi), 6, c));
      parts.push(`<circle cx="${f1(sx(p.x))}" cy="${f1(sy(p.y))}" r="3" fill="${c}"><title>${esc(l.label)} ${p.x}: ${p.y.toFixed(3)} (${p.lo.toFixed(3)}–${p.hi.toFixed(3)})</title></circle>`);
    }
    parts.push(`<rect x="${W - PAD.r + 12}" y="${PAD.t + i * 18}" width="10" height="10" fill="${c}"/>`);
    parts.push(label(W - PAD.r + 26, PAD.t + i * 18 + 9, l.label, 'start'));
  });
  parts.push(legendNote(PAD.t + lines.length * 18 + 12, ['band and whiskers:', o.spreadLabel]));
  return svg(parts);
}

/** The row (0 or 1) of each tick label, or -1 when it would overlap a label in both rows. */
export function tickRows(ticks: { x: number; text: string }[], font = FONT): number[] {
  const right = [-Infinity, -Infinity];
  return ticks.map((t) => {
    const half = (t.text.length * EM * font) / 2;
    for (let row = 0; row < 2; row++) {
      if (t.x - half >= right[row] + 4) {
        right[row] = t.x + half;
        return row;
      }
    }
    return -1;
  });
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
    out.push(label(PAD.l - 6, y + 4, v.toFixed(maxY < 4 ? 2 : 1), 'end'));
  }
  out.push(`<text x="16" y="${PAD.t + ih / 2}" transform="rotate(-90 16 ${PAD.t + ih / 2})" text-anchor="middle" font-size="12">${esc(yLabel)}</text>`);
  return out.join('');
}

/** Lines of text in the legend column, one under the other. */
function legendNote(y: number, lines: string[]): string {
  return lines.map((l, i) => label(W - PAD.r + 12, y + i * 14, l, 'start')).join('');
}

function whisker(x: number, y1: number, y2: number, cap: number, color = '#000'): string {
  return `<path d="M${f1(x - cap / 2)},${f1(y1)}H${f1(x + cap / 2)}M${f1(x)},${f1(y1)}V${f1(y2)}M${f1(x - cap / 2)},${f1(y2)}H${f1(x + cap / 2)}" stroke="${color}" fill="none"/>`;
}

function label(x: number, y: number, s: string, anchor: 'start' | 'middle' | 'end', size = FONT): string {
  return `<text x="${f1(x)}" y="${f1(y)}" text-anchor="${anchor}" font-size="${size}">${esc(s)}</text>`;
}

function svg(parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">${parts.join('')}</svg>`;
}

function niceMax(v: number): number {
  const e = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * e >= v) return m * e;
  return 10 * e;
}

const f1 = (v: number): string => v.toFixed(1);

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
