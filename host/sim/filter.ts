// A small subset of tcpdump's filter language (pcap-filter(7)), enough for the seed's
// captures (`icmp` on the cali, `ip proto 4` on ens160):
//   primitive := icmp | arp | ip | ipip | ip proto N | ip proto \icmp | ip proto \ipip
//   expr      := [not|!] primitive { (and|&&|or||) [not|!] primitive }
// `and` binds tighter than `or`, as in pcap-filter. On tunl0 (raw IP, no link header) `arp`
// never matches and `ip` always does; `icmp` means the frame's own IP protocol, so on ens160
// an IPIP-encapsulated ping is `ip proto 4`, not `icmp` (as with the real tcpdump).

import { ConfigError } from '../errors.ts';
import type { LinkKind } from '../capture/pcap.ts';

export type FrameFilter = (frame: Uint8Array, link: LinkKind) => boolean;

type Prim = { kind: 'arp' } | { kind: 'ip' } | { kind: 'proto'; proto: number };

const NAMED: Record<string, number> = { icmp: 1, ipip: 4, tcp: 6, udp: 17 };

function ipProto(frame: Uint8Array, link: LinkKind): number | null {
  const off = link === 'ether' ? 14 : 0;
  if (link === 'ether' && (frame.length < 14 || frame[12] !== 0x08 || frame[13] !== 0x00)) return null;
  if (frame.length < off + 20 || frame[off] >> 4 !== 4) return null;
  return frame[off + 9];
}

function test(p: Prim, frame: Uint8Array, link: LinkKind): boolean {
  if (p.kind === 'arp') return link === 'ether' && frame.length >= 14 && frame[12] === 0x08 && frame[13] === 0x06;
  const proto = ipProto(frame, link);
  if (proto === null) return false;
  return p.kind === 'ip' || proto === p.proto;
}

/** Compiles `expr`; throws ConfigError('--filter', …) on anything outside the subset. */
export function compileFilter(expr: string): FrameFilter {
  const words = expr.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return () => true;
  const bad = (why: string): ConfigError => new ConfigError('--filter', `${why} (supported: icmp, arp, ip, ipip, tcp, udp, ip proto N, not, and, or)`, expr);
  let i = 0;
  const prim = (): Prim => {
    const w = words[i++];
    if (w === undefined) throw bad('expression ends early');
    if (w === 'arp') return { kind: 'arp' };
    if (w === 'ip' && words[i] === 'proto') {
      i++;
      const v = words[i++];
      if (v === undefined) throw bad('`ip proto` needs a protocol');
      const name = v.replace(/^\\/, '');
      const n = NAMED[name] ?? (/^\d{1,3}$/.test(name) && Number(name) <= 255 ? Number(name) : NaN);
      if (Number.isNaN(n)) throw bad(`unknown protocol ${v}`);
      return { kind: 'proto', proto: n };
    }
    if (w === 'ip') return { kind: 'ip' };
    if (w in NAMED) return { kind: 'proto', proto: NAMED[w] };
    throw bad(`unsupported primitive ${w}`);
  };
  // disjunction of conjunctions of (negated) primitives
  const ors: { neg: boolean; p: Prim }[][] = [[]];
  for (;;) {
    let neg = false;
    while (words[i] === 'not' || words[i] === '!') {
      neg = !neg;
      i++;
    }
    ors[ors.length - 1].push({ neg, p: prim() });
    const op = words[i++];
    if (op === undefined) break;
    if (op === 'or' || op === '||') ors.push([]);
    else if (op !== 'and' && op !== '&&') throw bad(`expected and/or, got ${op}`);
  }
  return (frame, link) => ors.some((all) => all.every(({ neg, p }) => test(p, frame, link) !== neg));
}
