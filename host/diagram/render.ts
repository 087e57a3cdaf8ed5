// The whole diagram: title, cluster picture, and with a walk the path overlay and hop panel.

import type { Cluster } from '../cluster/types.ts';
import { drawCluster } from './drawCluster.ts';
import { drawWalk } from './drawWalk.ts';
import { el, esc, STYLE, text } from './svg.ts';
import type { Walk } from './walk.ts';

const MARGIN = 24;

/** `panel: false` leaves out the hop-by-hop panel below the picture (a page that lists the hops
 *  itself keeps only the path and its numbered badges). */
export function renderDiagram(cluster: Cluster, walk?: Walk, opts: { panel?: boolean } = {}): string {
  const top = 78;
  const pic = drawCluster(cluster, top, MARGIN);
  const width = Math.max(pic.width + 2 * MARGIN, 900);
  const w = walk ? drawWalk(walk, pic.anchors, MARGIN, pic.bottom, width - 2 * MARGIN) : null;
  const panel = w !== null && opts.panel !== false;
  const height = pic.bottom + (panel ? w.height + MARGIN : 0);
  const pools = cluster.spec.pools.map((p) => `${p.cidr} /${p.blockSize} ipipMode ${p.ipipMode}`).join('; ');
  const body = [
    el('rect', { x: 0, y: 0, width, height, class: 'bg' }),
    text(MARGIN, 34, 'Calico IP-in-IP dataplane', 'title'),
    text(MARGIN, 56, `${cluster.nodes.length} node(s), ${cluster.pods.length} pod(s) · IP pool ${pools}`, 'subtitle'),
    pic.svg,
    w ? w.overlay : '',
    panel ? w.panel : '',
  ].join('\n');
  const defs = el(
    'defs',
    {},
    el('style', {}, STYLE) +
      el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 8, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' }, el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#e67e22' })),
  );
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n` +
    `<title>${esc(walk ? `Calico IPIP: ${walk.from} → ${walk.to}` : 'Calico IPIP cluster')}</title>\n` +
    `${defs}\n${body}\n</svg>\n`
  );
}
