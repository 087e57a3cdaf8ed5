// One captured frame the way Wireshark shows it: the protocol tree (packet details) above the
// bytes (packet bytes). Selecting a field highlights its bytes; selecting a byte, its field.
import { useEffect, useState } from 'preact/hooks';
import type { TreeNode } from '../../host/api/browser.ts';
import { tree, type Frame } from './lab.ts';

interface Range {
  start: number;
  len: number;
}

function deepest(nodes: TreeNode[], at: number): TreeNode | null {
  for (const n of nodes) {
    if (at >= n.start && at < n.start + n.len) return (n.children && deepest(n.children, at)) ?? n;
  }
  return null;
}

function Node({ n, sel, onSel, depth }: { n: TreeNode; sel: TreeNode | null; onSel: (n: TreeNode) => void; depth: number }) {
  const [open, setOpen] = useState(depth === 0 && !n.label.startsWith('Frame'));
  const has = !!n.children?.length;
  return (
    <li>
      <div class={`tn${sel === n ? ' sel' : ''}`} style={{ paddingLeft: `${depth * 14 + 4}px` }} onClick={() => onSel(n)}>
        <span class="tw" onClick={(e) => { e.stopPropagation(); setOpen(!open); }}>{has ? (open ? '▾' : '▸') : ''}</span>
        {n.label}
      </div>
      {has && open && <ul>{n.children!.map((c) => <Node n={c} sel={sel} onSel={onSel} depth={depth + 1} />)}</ul>}
    </li>
  );
}

function Hex({ bytes, hi, onByte }: { bytes: Uint8Array; hi: Range | null; onByte: (i: number) => void }) {
  const rows: preact.JSX.Element[] = [];
  const inHi = (i: number): boolean => hi !== null && i >= hi.start && i < hi.start + hi.len;
  for (let off = 0; off < bytes.length; off += 16) {
    const hex: (preact.JSX.Element | string)[] = [];
    const asc: preact.JSX.Element[] = [];
    for (let i = off; i < off + 16; i++) {
      if (i >= bytes.length) {
        hex.push(<span class="hb">{'   '}</span>);
        continue;
      }
      const b = bytes[i];
      const cls = inHi(i) ? 'hb hi' : 'hb';
      hex.push(<span class={cls} onClick={() => onByte(i)}>{b.toString(16).padStart(2, '0')}</span>, ' ');
      asc.push(<span class={inHi(i) ? 'hi' : ''} onClick={() => onByte(i)}>{b > 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'}</span>);
      if (i % 16 === 7) hex.push(' ');
    }
    rows.push(
      <div class="hr">
        <span class="ho">{off.toString(16).padStart(4, '0')}</span>{'  '}
        <span class="hx">{hex}</span>
{' '}<span class="ha">{asc}</span>
      </div>,
    );
  }
  return <div class="hex" data-testid="hex">{rows}</div>;
}

export function FrameView({ frame }: { frame: Frame | null }) {
  const [sel, setSel] = useState<TreeNode | null>(null);
  useEffect(() => setSel(null), [frame]);
  if (!frame) return <div class="empty">Select a hop or a frame to see its protocol tree and bytes.</div>;
  const t = tree(frame);
  return (
    <div class="frameview" data-testid="frame">
      <div class="fhead mono">
        #{frame.n} · {frame.label} · {frame.direction === 'tx' ? 'sent' : 'received'} · {frame.frame.length} bytes · {frame.linkType === 'raw' ? 'LINKTYPE_RAW' : 'LINKTYPE_ETHERNET'}
      </div>
      <pre class="tcpd mono">{frame.text}</pre>
      <ul class="tree mono" data-testid="tree">{t.map((n) => <Node n={n} sel={sel} onSel={setSel} depth={0} />)}</ul>
      <Hex bytes={frame.frame} hi={sel} onByte={(i) => setSel(deepest(t, i))} />
    </div>
  );
}
