// Minimal SVG text builder: escaped text, attribute lists, monospace width estimate. The output
// is one self-contained document (no external fonts, images or scripts).

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export type Attrs = Record<string, string | number | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join('');
}

export function el(name: string, a: Attrs, body?: string): string {
  return body === undefined ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${body}</${name}>`;
}

export function text(x: number, y: number, s: string, cls: string, extra: Attrs = {}): string {
  return el('text', { x, y, class: cls, ...extra }, esc(s));
}

/** Text whose `ttl N` parts are emphasised (the TTL story is what the walk is about). */
export function textTtl(x: number, y: number, s: string, cls: string): string {
  const parts = s.split(/(ttl \d+)/);
  const body = parts.map((p) => (/^ttl \d+$/.test(p) ? el('tspan', { class: 'ttl' }, esc(p)) : esc(p))).join('');
  return el('text', { x, y, class: cls }, body);
}

export function rect(x: number, y: number, w: number, h: number, cls: string, rx = 6): string {
  return el('rect', { x, y, width: w, height: h, rx, class: cls });
}

export function line(x1: number, y1: number, x2: number, y2: number, cls: string): string {
  return el('line', { x1, y1, x2, y2, class: cls });
}

/** Width of `s` in DejaVu Sans Mono at `size` px (advance 0.602 em). */
export function monoWidth(s: string, size: number): number {
  return s.length * size * 0.602;
}

export const STYLE = `
  .bg { fill: #ffffff; }
  .title { font: bold 20px 'DejaVu Sans', sans-serif; fill: #1b2631; }
  .subtitle { font: 13px 'DejaVu Sans', sans-serif; fill: #566573; }
  .node { fill: #f4f6f7; stroke: #5d6d7e; stroke-width: 1.5; }
  .nodehead { fill: #1f4e79; }
  .nodename { font: bold 16px 'DejaVu Sans', sans-serif; fill: #ffffff; }
  .nodeinfo { font: 12px 'DejaVu Sans', sans-serif; fill: #d6eaf8; }
  .pod { fill: #eafaf1; stroke: #27ae60; stroke-width: 1.2; }
  .podname { font: bold 12px 'DejaVu Sans', sans-serif; fill: #145a32; }
  .small { font: 11px 'DejaVu Sans', sans-serif; fill: #34495e; }
  .mono { font: 11px 'DejaVu Sans Mono', monospace; fill: #1b2631; }
  .monosmall { font: 10px 'DejaVu Sans Mono', monospace; fill: #7f8c8d; }
  .ifname { font: bold 12px 'DejaVu Sans Mono', monospace; fill: #1b2631; }
  .iface { fill: #fef9e7; stroke: #b7950b; stroke-width: 1.2; }
  .tunl { fill: #f5eef8; stroke: #7d3c98; stroke-width: 1.2; }
  .uplink { fill: #ebf5fb; stroke: #2471a3; stroke-width: 1.2; }
  .dummy { fill: #f2f3f4; stroke: #aab7b8; stroke-width: 1; stroke-dasharray: 4 3; }
  .routes { fill: #ffffff; stroke: #d5d8dc; stroke-width: 1; }
  .label { font: bold 11px 'DejaVu Sans', sans-serif; fill: #566573; }
  .veth { stroke: #27ae60; stroke-width: 2; }
  .wire { stroke: #2471a3; stroke-width: 4; }
  .router { fill: #fdedec; stroke: #922b21; stroke-width: 1.5; }
  .drop { stroke: #2471a3; stroke-width: 2; }
  .path { fill: none; stroke: #e67e22; stroke-width: 3; stroke-linejoin: round; opacity: 0.85; }
  .badge { fill: #e67e22; stroke: #ffffff; stroke-width: 1.5; }
  .badgetext { font: bold 11px 'DejaVu Sans', sans-serif; fill: #ffffff; text-anchor: middle; }
  .hophead { font: bold 12px 'DejaVu Sans', sans-serif; fill: #1b2631; }
  .note { font: italic 11px 'DejaVu Sans', sans-serif; fill: #1f4e79; }
  .hdr { font: 11px 'DejaVu Sans Mono', monospace; fill: #1b2631; }
  .ttl { font-weight: bold; fill: #c0392b; }
  .panel { fill: #fbfcfc; stroke: #d5d8dc; stroke-width: 1; }
`;
