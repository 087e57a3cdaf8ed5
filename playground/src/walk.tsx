// A packet's walk: the project's diagram (host/diagram) with the path of the selected packet,
// animated interface by interface (each badge lights up in capture order), and the hops as a
// table (time, host, interface, direction, what the host did, the frame as tcpdump prints it).
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { formatTimestamp, renderDiagram, type Cluster } from '../../host/api/browser.ts';
import type { Frame, Packet } from './lab.ts';

export function WalkDiagram({ cluster, packet, hop }: { cluster: Cluster; packet: Packet | null; hop: number }) {
  const svg = useMemo(() => renderDiagram(cluster, packet?.walk, { panel: false }), [cluster, packet]);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = box.current?.querySelector('svg');
    if (!root) return;
    // the badges are circle + text pairs in hop order; a badge's text is its step number
    const texts = [...root.querySelectorAll<SVGTextElement>('text.badgetext')];
    for (const t of texts) {
      const step = Number(t.textContent);
      const c = t.previousElementSibling as SVGCircleElement | null;
      const state = step < hop + 1 ? 'done' : step === hop + 1 ? 'now' : 'todo';
      for (const e of [t, c]) e?.setAttribute('data-state', state);
    }
    const path = root.querySelector<SVGPathElement>('path.path');
    if (path && packet) {
      const len = path.getTotalLength();
      const frac = packet.walk.hops.length <= 1 ? 1 : Math.min(1, hop / (packet.walk.hops.length - 1));
      path.style.strokeDasharray = `${len}`;
      path.style.strokeDashoffset = `${len * (1 - frac)}`;
    }
  }, [svg, hop, packet]);
  return <div class="diagram" ref={box} data-testid="diagram" dangerouslySetInnerHTML={{ __html: svg.replace(/^<\?xml[^>]*>\n/, '') }} />;
}

export function HopTable({ packet, hop, onHop }: { packet: Packet; hop: number; onHop: (i: number) => void }) {
  const t0 = packet.frames[0]?.wallNs ?? 0n;
  return (
    <table class="grid hops" data-testid="hops">
      <thead>
        <tr><th>#</th><th>Δt µs</th><th>host</th><th>iface</th><th></th><th>what the host did</th></tr>
      </thead>
      <tbody>
        {packet.walk.hops.map((h, i) => {
          const f: Frame = packet.frames[i];
          const dt = Number(f.wallNs - t0) / 1000;
          return (
            <tr class={i === hop ? 'sel' : i < hop ? 'done' : ''} onClick={() => onHop(i)}>
              <td class="num">{h.step}</td>
              <td class="num">{dt.toFixed(1)}</td>
              <td>{h.host}</td>
              <td class="mono">{h.iface}</td>
              <td class={h.direction}>{h.direction === 'tx' ? 'tx →' : '→ rx'}</td>
              <td class="notes">{h.notes.join(' · ')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function PacketList({ packets, sel, onSel }: { packets: Packet[]; sel: number; onSel: (i: number) => void }) {
  return (
    <div class="packets" data-testid="packets">
      {packets.map((p, i) => (
        <button class={i === sel ? 'pk sel' : 'pk'} onClick={() => onSel(i)} title={p.walk.outcome}>
          <span class="pkn">{p.walk.hops.length}</span>
          <span class="mono">{p.title}</span>
        </button>
      ))}
    </div>
  );
}

export function stamp(f: Frame): string {
  return formatTimestamp(f.wallNs);
}
