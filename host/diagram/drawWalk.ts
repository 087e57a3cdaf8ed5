// The packet walk over the cluster picture: an orange path through the interfaces in capture
// order with numbered badges, and below the picture one panel entry per hop with what the host
// did (notes), the headers (TTL emphasised) and the frame as tcpdump prints it.

import { anchorKey, type Anchor } from './drawCluster.ts';
import { headerLines } from './frame.ts';
import { el, esc, rect, text, textTtl } from './svg.ts';
import type { Walk, WalkHop } from './walk.ts';

export interface WalkDrawing {
  overlay: string;
  panel: string;
  height: number;
}

const LINE = 15;

function hopHeight(h: WalkHop): number {
  return 24 + (h.notes.length + headerLines(h.headers).length) * LINE + h.summary.length * 13 + 14;
}

export function drawWalk(walk: Walk, anchors: Map<string, Anchor>, left: number, top: number, width: number): WalkDrawing {
  // Path: consecutive anchors; an interface seen twice in a row (rx then tx) adds no segment.
  const pts: Anchor[] = [];
  const badges: string[] = [];
  const seen = new Map<string, number>();
  for (const h of walk.hops) {
    const key = anchorKey(h.host, h.iface);
    const p = anchors.get(key);
    if (!p) continue; // an interface the picture does not draw
    const last = pts[pts.length - 1];
    if (last !== p) pts.push(p);
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    // On the lane beside the interface, repeats below it: never over the box's text.
    const bx = p.lane;
    const by = p.y + k * 24;
    badges.push(el('circle', { cx: bx, cy: by, r: 11, class: 'badge' }), el('text', { x: bx, y: by + 4, class: 'badgetext' }, String(h.step)));
  }
  const d = pathThrough(pts);
  const overlay = [pts.length > 1 ? el('path', { d, class: 'path', 'marker-end': 'url(#arrow)' }) : '', ...badges].join('\n');

  const out: string[] = [];
  const title = `Packet walk: ping ${walk.to} from ${walk.from} — ${walk.hops.length} frames captured by the dataplane; ${walk.outcome}`;
  let y = top + 20;
  const panelH = 34 + walk.hops.reduce((s, h) => s + hopHeight(h), 0);
  out.push(rect(left, top, width, panelH, 'panel', 8));
  out.push(text(left + 16, y, title, 'hophead'));
  y += 20;
  for (const h of walk.hops) {
    const x = left + 16;
    out.push(el('circle', { cx: x + 11, cy: y + 4, r: 11, class: 'badge' }), el('text', { x: x + 11, y: y + 8, class: 'badgetext' }, String(h.step)));
    out.push(text(x + 30, y + 9, `${h.host} · ${h.iface} · ${h.direction === 'tx' ? 'sent' : 'received'}`, 'hophead'));
    y += 24;
    for (const n of h.notes) {
      out.push(text(x + 30, y, n, 'note'));
      y += LINE;
    }
    for (const l of headerLines(h.headers)) {
      out.push(textTtl(x + 30, y, l, 'hdr'));
      y += LINE;
    }
    for (const s of h.summary) {
      out.push(el('text', { x: x + 30, y, class: 'monosmall', 'xml:space': 'preserve' }, esc(s)));
      y += 13;
    }
    y += 14;
  }
  return { overlay, panel: out.join('\n'), height: panelH };
}

/** Orthogonal path in the free lanes and channels (drawCluster.ts): inside a node along its
 *  lanes, between hosts through the gap under the uplink, down its drop, along the wire (and
 *  through the routers between segments) and up the other host's drop. */
function pathThrough(pts: Anchor[]): string {
  if (pts.length === 0) return '';
  const seg: string[] = [`M${pts[0].x},${pts[0].y}`];
  // From an uplink down to the wire; a port on the wire (a router's) is there already.
  const leave = (a: Anchor): string[] => (a.exit !== undefined && a.drop ? [`H${a.lane}`, `V${a.exit}`, `H${a.drop.x}`, `V${a.drop.y}`] : []);
  const enter = (b: Anchor): string[] => (b.exit !== undefined && b.drop ? [`H${b.drop.x}`, `V${b.exit}`, `H${b.lane}`, `V${b.y}`, `H${b.x}`] : [`H${b.x}`]);
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const b = pts[i];
    if (a.node === b.node && a.lane === b.lane) {
      seg.push(`H${a.lane}`, `V${b.y}`, `H${b.x}`);
    } else if (a.node === b.node && !(a.drop && b.drop)) {
      const channel = a.channel ?? b.channel ?? (a.y + b.y) / 2;
      seg.push(`H${a.lane}`, `V${channel}`, `H${b.lane}`, `V${b.y}`, `H${b.x}`);
    } else if (a.drop && b.drop) {
      seg.push(...leave(a), ...enter(b));
    } else {
      seg.push(`L${b.x},${b.y}`);
    }
  }
  return seg.join(' ');
}
