// The page's state in the URL fragment, so a link replays a walk:
//   #ping=busybox-77649b9c55-r6bx9/172.16.109.65
//   #cluster=crosssubnet-3node&traceroute=default/pod-a/10.244.1.2&c=3
// The pod may carry its namespace (the destination is what follows the last '/'); `cluster` names
// a shipped example (absent: the seed); a pasted cluster cannot be linked and is marked `pasted`.
import type { Command } from './lab.ts';

export interface UrlState {
  cluster: string;
  command: Command;
  pod: string | null;
  dst: string | null;
  count: number;
  tab: 'walk' | 'bench';
}

export function readHash(hash: string): UrlState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const st: UrlState = { cluster: p.get('cluster') ?? 'seed', command: 'ping', pod: null, dst: null, count: 1, tab: p.get('tab') === 'bench' ? 'bench' : 'walk' };
  for (const c of ['ping', 'traceroute'] as const) {
    const v = p.get(c);
    if (v === null) continue;
    const cut = v.lastIndexOf('/');
    st.command = c;
    if (cut > 0) {
      st.pod = v.slice(0, cut);
      st.dst = v.slice(cut + 1);
    }
  }
  const n = Number(p.get('c'));
  if (Number.isInteger(n) && n >= 1 && n <= 20) st.count = n;
  return st;
}

export function writeHash(s: UrlState): string {
  const parts: string[] = [];
  if (s.cluster !== 'seed') parts.push(`cluster=${encodeURIComponent(s.cluster)}`);
  if (s.pod && s.dst) parts.push(`${s.command}=${s.pod}/${s.dst}`);
  if (s.count !== 1) parts.push(`c=${s.count}`);
  if (s.tab === 'bench') parts.push('tab=bench');
  return '#' + parts.join('&');
}
