// tcpdump's filter language (pcap-filter(7)) for the simulator's captures:
//   expr      := term { (or | ||) term }        term := factor { (and | &&) factor }
//   factor    := (not | !) factor | '(' expr ')' | primitive
//   primitive := [src|dst] [host] ADDR | [src|dst] net CIDR | [src|dst] net ADDR mask MASK
//              | [tcp|udp] [src|dst] port N | ip proto N | proto N | ip proto \icmp …
//              | icmp | tcp | udp | ip | ipip | arp | ip6 | ether [src|dst] [host] MAC
//              | less N | greater N
// `and` binds tighter than `or`, as in pcap-filter. host/net match IPv4 source/destination and,
// as libpcap compiles them, ARP sender/target protocol addresses. `port` is TCP or UDP, on the
// first fragment only (a later fragment has no transport header). On tunl0 (raw IP, no link
// header) `arp` never matches and `ip` always does; `icmp` means the frame's own IP protocol, so
// on ens160 an IPIP-encapsulated ping is `ip proto 4`, not `icmp` (as with the real tcpdump).

import { ConfigError } from '../errors.ts';
import type { LinkKind } from './pcap.ts';
import { maskOf, parseCidr, parseIp4, parseMac } from '../net/addr.ts';

export type FrameFilter = (frame: Uint8Array, link: LinkKind, wireLength?: number) => boolean;

const NAMED: Record<string, number> = { icmp: 1, igmp: 2, ipip: 4, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, sctp: 132 };
const SUPPORTED = 'host, net, src, dst, port, proto, ip proto N, icmp, tcp, udp, ip, arp, ether host, less, greater, not/and/or, ( )';

interface Pkt {
  frame: Uint8Array;
  link: LinkKind;
  wire: number;
}

// Like a BPF program, a read past the captured bytes rejects the packet outright (whatever `not`
// or `or` surround it): libpcap's filters load fields by offset and return 0 on a short packet.
const OUT_OF_BOUNDS: unique symbol = Symbol('out of bounds');

function u8(p: Pkt, o: number): number {
  if (o >= p.frame.length) throw OUT_OF_BOUNDS;
  return p.frame[o];
}

function u16(p: Pkt, o: number): number {
  return (u8(p, o) << 8) | u8(p, o + 1);
}

function u32(p: Pkt, o: number): number {
  return ((u16(p, o) << 16) | u16(p, o + 2)) >>> 0;
}

/** Offset of the IPv4 header, or -1: the EtherType on Ethernet, the version nibble on raw IP (as libpcap tests them). */
function ipOff(p: Pkt): number {
  if (p.link === 'raw') return u8(p, 0) >> 4 === 4 ? 0 : -1;
  return u16(p, 12) === 0x0800 ? 14 : -1;
}

function isArp(p: Pkt): boolean {
  return p.link === 'ether' && u16(p, 12) === 0x0806;
}

type Dir = 'src' | 'dst' | 'any';

/** Does an IPv4 (or ARP protocol) address on side `dir` satisfy `test`? Source is tried first, as libpcap orders it. */
function addrMatch(p: Pkt, dir: Dir, test: (a: number) => boolean): boolean {
  const o = ipOff(p);
  if (o >= 0) return (dir !== 'dst' && test(u32(p, o + 12))) || (dir !== 'src' && test(u32(p, o + 16)));
  if (isArp(p)) return (dir !== 'dst' && test(u32(p, 28))) || (dir !== 'src' && test(u32(p, 38)));
  return false;
}

function portMatch(p: Pkt, dir: Dir, port: number, proto?: number): boolean {
  const o = ipOff(p);
  if (o < 0) return false;
  const pr = u8(p, o + 9);
  if (proto !== undefined ? pr !== proto : pr !== 6 && pr !== 17 && pr !== 132) return false;
  if ((u16(p, o + 6) & 0x1fff) !== 0) return false;
  const t = o + (u8(p, o) & 15) * 4;
  return (dir !== 'dst' && u16(p, t) === port) || (dir !== 'src' && u16(p, t + 2) === port);
}

function macMatch(p: Pkt, dir: Dir, mac: Uint8Array): boolean {
  if (p.link !== 'ether') return false;
  const at = (o: number) => mac.every((b, i) => u8(p, o + i) === b);
  return (dir !== 'src' && at(0)) || (dir !== 'dst' && at(6));
}

type Test = (p: Pkt) => boolean;

class Parser {
  private i = 0;
  constructor(private readonly words: string[], private readonly expr: string, private readonly field: string) {}

  bad(why: string): ConfigError {
    return new ConfigError(this.field, `${why} (supported: ${SUPPORTED})`, this.expr);
  }

  peek(): string | undefined {
    return this.words[this.i];
  }

  next(what: string): string {
    const w = this.words[this.i++];
    if (w === undefined) throw this.bad(`expression ends early, expected ${what}`);
    return w;
  }

  parse(): Test {
    const t = this.or();
    if (this.i < this.words.length) throw this.bad(`unexpected ${this.words[this.i]}`);
    return t;
  }

  private or(): Test {
    const parts = [this.and()];
    while (this.peek() === 'or' || this.peek() === '||') {
      this.i++;
      parts.push(this.and());
    }
    return parts.length === 1 ? parts[0] : (p) => parts.some((t) => t(p));
  }

  private and(): Test {
    const parts = [this.factor()];
    while (this.peek() === 'and' || this.peek() === '&&') {
      this.i++;
      parts.push(this.factor());
    }
    return parts.length === 1 ? parts[0] : (p) => parts.every((t) => t(p));
  }

  private factor(): Test {
    const w = this.next('a primitive');
    if (w === 'not' || w === '!') {
      const t = this.factor();
      return (p) => !t(p);
    }
    if (w === '(') {
      const t = this.or();
      if (this.next(')') !== ')') throw this.bad('expected )');
      return t;
    }
    this.i--;
    return this.primitive();
  }

  private protoNumber(v: string): number {
    const name = v.replace(/^\\/, '');
    const n = NAMED[name] ?? (/^\d{1,3}$/.test(name) && Number(name) <= 255 ? Number(name) : NaN);
    if (Number.isNaN(n)) throw this.bad(`unknown protocol ${v}`);
    return n;
  }

  private primitive(): Test {
    let w = this.next('a primitive');
    if (w === 'arp') return isArp;
    if (w === 'ip6' || w === 'rarp') return () => false; // no such frames in the simulation
    if (w === 'less' || w === 'greater') {
      const n = Number(this.next('a length'));
      if (!Number.isInteger(n) || n < 0) throw this.bad(`${w} needs a length`);
      return w === 'less' ? (p) => p.wire <= n : (p) => p.wire >= n;
    }
    if (w === 'ether') {
      let dir: Dir = 'any';
      let v = this.next('a MAC address');
      if (v === 'src' || v === 'dst') [dir, v] = [v, this.next('a MAC address')];
      if (v === 'host') v = this.next('a MAC address');
      const mac = parseMac(v);
      if (!mac) throw this.bad(`not a MAC address: ${v}`);
      return (p) => macMatch(p, dir, mac);
    }
    if ((w === 'ip' && this.peek() === 'proto') || w === 'proto') {
      if (w === 'ip') this.i++;
      const n = this.protoNumber(this.next('a protocol'));
      return (p) => ipOff(p) >= 0 && u8(p, ipOff(p) + 9) === n;
    }
    let proto: number | undefined;
    if ((w === 'tcp' || w === 'udp') && ['port', 'src', 'dst'].includes(this.peek() ?? '')) {
      proto = NAMED[w];
      w = this.next('port');
    }
    if (w === 'ip' && ['host', 'net', 'src', 'dst'].includes(this.peek() ?? '')) w = this.next('host');
    if (proto === undefined && w === 'ip') return (p) => ipOff(p) >= 0;
    if (proto === undefined && w in NAMED) {
      const n = NAMED[w];
      return (p) => ipOff(p) >= 0 && u8(p, ipOff(p) + 9) === n;
    }
    let dir: Dir = 'any';
    if (w === 'src' || w === 'dst') {
      dir = w;
      w = this.next('host, net, port or an address');
      if (w === 'or' || w === 'and') throw this.bad(`\`${dir} ${w}\` qualifiers are not supported; write (src … or dst …)`);
    }
    if (w === 'port') {
      const v = this.next('a port');
      const n = Number(v);
      if (!/^\d{1,5}$/.test(v) || n > 65535) throw this.bad(`not a port number: ${v}`);
      return (p) => portMatch(p, dir, n, proto);
    }
    if (proto !== undefined) throw this.bad(`expected port after ${w}`);
    if (w === 'net') {
      const v = this.next('a network');
      let base: number;
      let len: number;
      if (this.peek() === 'mask') {
        this.i++;
        const ip = parseIp4(v);
        const m = parseIp4(this.next('a netmask'));
        if (ip === null || m === null) throw this.bad(`not an address and mask: ${v}`);
        base = (ip & m) >>> 0;
        return (p) => addrMatch(p, dir, (a) => ((a & m) >>> 0) === base);
      }
      const c = parseCidr(v.includes('/') ? v : partialNet(v), false);
      const addr = v.split('/')[0];
      const given = addr.split('.').length === 4 ? parseIp4(addr) : null; // `net 10.1` has no host bits to check
      if (!c) throw this.bad(`not a network: ${v}`);
      base = c.base;
      len = c.len;
      if (given !== null && given !== base) throw this.bad(`non-network bits set in ${v}`);
      return (p) => addrMatch(p, dir, (a) => ((a & maskOf(len)) >>> 0) === base);
    }
    if (w === 'host') w = this.next('an address');
    const ip = parseIp4(w);
    if (ip === null) throw this.bad(w.includes(':') ? `IPv6 is not simulated: ${w}` : `unsupported primitive ${w}`);
    return (p) => addrMatch(p, dir, (a) => a === ip);
  }
}

/** `net 10.1` = 10.1.0.0/16, as pcap reads a network with fewer than four parts. */
function partialNet(v: string): string {
  const parts = v.split('.');
  if (parts.length >= 4) return `${v}/32`;
  return `${[...parts, ...new Array(4 - parts.length).fill('0')].join('.')}/${parts.length * 8}`;
}

/** Words with parentheses and `!` as their own tokens. */
function tokens(expr: string): string[] {
  return expr.replace(/([()])/g, ' $1 ').replace(/(^|\s)!(?=\S)/g, '$1! ').trim().split(/\s+/).filter((w) => w !== '');
}

/** Compiles `expr`; throws ConfigError(field, …) on anything outside the subset. */
export function compileFilter(expr: string, field = '--filter'): FrameFilter {
  const words = tokens(expr);
  if (words.length === 0) return () => true;
  const test = new Parser(words, expr, field).parse();
  return (frame, link, wire = frame.length) => {
    try {
      return test({ frame, link, wire });
    } catch (e) {
      if (e === OUT_OF_BOUNDS) return false;
      throw e;
    }
  };
}
