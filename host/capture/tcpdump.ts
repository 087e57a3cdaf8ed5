// Text of `tcpdump -e -N -nn -v -l` (and -vv) for one captured frame, as tcpdump 4.99 prints it
// when reading a pcap file: "HH:MM:SS.uuuuuu " then the link-level header and the decoded
// packet, continuation lines indented as tcpdump indents them (4 spaces after each IP header;
// a TAB before the packet quoted inside an ICMP error). Host code for people reading traces,
// not the forwarding path.
//
// Timestamps are printed in UTC. tcpdump prints local time, so compare with `TZ=UTC tcpdump -r`.
// TCP sequence numbers are relative per conversation (tcpdump's default without -S), which needs
// the packets seen before: use a TcpdumpSession per capture to keep that state.

import { DecodeCtx, TRUNCATED } from './decode/ctx.ts';
import { etherPrint, rawPrint } from './decode/ether.ts';
import { TcpSeqTable } from './decode/tcpseq.ts';
import { asciiDump, hexAsciiDump, hexDump } from './decode/hexdump.ts';
import type { LinkKind, PcapTime, SecUsec } from './pcap.ts';
import { toSecUsec } from './pcap.ts';
import type { TcpdumpStyle } from './tcpdumpArgs.ts';

export interface TcpdumpOptions {
  /** 0 = no -v (one line per packet), 1 = -v (the seed's cali/tunl0 captures), 2 = -vv (its ens160 capture). Default 1. */
  verbose?: 0 | 1 | 2;
  /** -e: print the link-level header. Default true (the seed's captures all use -e). */
  link?: boolean;
  /** Length of the frame on the wire, when `frame` holds only the first bytes (snap length). */
  wireLength?: number;
  /** Relative-sequence state shared across calls; a fresh table when absent. */
  tcpSeq?: TcpSeqTable;
}

/** "HH:MM:SS.uuuuuu" (UTC) for a simulated-clock time. */
export function formatTimestamp(t: PcapTime): string {
  const { sec, usec } = toSecUsec(t);
  return hms(sec % 86400, usec);
}

function hms(sec: number, usec: number): string {
  return `${pad2(Math.floor(sec / 3600))}:${pad2(Math.floor((sec % 3600) / 60))}:${pad2(sec % 60)}.${String(usec).padStart(6, '0')}`;
}

/** ts_print for -t … -ttttt (`time` = how many t's; 0 is the default HH:MM:SS.frac); null
 *  for -t, which prints none. A delta is ts_format's: a sign column (a space) and H:M:S.frac. */
export function timestampText(time: number, t: SecUsec, prev: SecUsec, first: SecUsec): string | null {
  const us = (x: SecUsec) => x.sec * 1_000_000 + x.usec;
  const delta = (from: SecUsec) => {
    const d = us(t) - us(from);
    const a = Math.abs(d);
    return `${d < 0 ? '-' : ' '}${hms(Math.floor(a / 1_000_000), a % 1_000_000)}`;
  };
  switch (time) {
    case 1: return null;
    case 2: return `${t.sec}.${String(t.usec).padStart(6, '0')}`;
    case 3: return delta(prev);
    case 4: return `${new Date(t.sec * 1000).toISOString().slice(0, 10)} ${hms(t.sec % 86400, t.usec)}`;
    case 5: return delta(first);
    default: return hms(t.sec % 86400, t.usec);
  }
}

/** pretty_print_packet's dump after the decoded packet (-x, -X, -A; doubled: the whole frame). */
function dumpText(frame: Uint8Array, linkType: LinkKind, dump: NonNullable<TcpdumpStyle['dump']>): string {
  const skip = dump.whole ? 0 : linkType === 'ether' ? 14 : 0;
  if (frame.length <= skip) return '';
  const print = dump.as === 'hexascii' ? hexAsciiDump : dump.as === 'hex' ? hexDump : asciiDump;
  return print(frame, skip, frame.length - skip);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The decoded text after the timestamp (may contain newlines), without the trailing newline. */
export function tcpdumpText(frame: Uint8Array, linkType: LinkKind, opts: TcpdumpOptions = {}): string {
  const verbose = opts.verbose ?? 1;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new RangeError(`tcpdump verbose must be 0, 1 or 2 (got ${String(verbose)})`);
  const wireLength = opts.wireLength ?? frame.length;
  if (!Number.isInteger(wireLength) || wireLength < frame.length) {
    throw new RangeError(`tcpdump: wire length ${wireLength} is shorter than the ${frame.length} captured bytes`);
  }
  const ctx = new DecodeCtx(frame, frame.length, verbose, opts.tcpSeq ?? new TcpSeqTable(), opts.link ?? true);
  try {
    if (linkType === 'ether') etherPrint(ctx, wireLength);
    else if (linkType === 'raw') rawPrint(ctx, wireLength);
    else throw new RangeError(`tcpdump: link type must be 'ether' or 'raw' (got ${String(linkType)})`);
  } catch (e) {
    if (e !== TRUNCATED) throw e;
    ctx.print(` [|${ctx.proto}]${ctx.truncTail}`);
  }
  return ctx.text();
}

/**
 * The lines tcpdump prints for one packet: the first line (timestamp, link header, IP header)
 * and its continuation lines.
 */
export function tcpdumpLines(frame: Uint8Array, linkType: LinkKind, tsNs: PcapTime, opts: TcpdumpOptions = {}): string[] {
  return `${formatTimestamp(tsNs)} ${tcpdumpText(frame, linkType, opts)}`.split('\n');
}

/** One capture's printer: keeps tcpdump's per-run state between packets (TCP sequence
 *  numbers, the first and the previous timestamp for -ttt and -ttttt). */
export class TcpdumpSession {
  readonly linkType: LinkKind;
  readonly verbose: 0 | 1 | 2;
  /** -e */
  readonly link: boolean;
  private readonly style: Pick<TcpdumpStyle, 'time' | 'dump'>;
  private readonly tcpSeq = new TcpSeqTable();
  private first: SecUsec | null = null;
  private prev: SecUsec | null = null;

  constructor(linkType: LinkKind, verbose: 0 | 1 | 2 = 1, link = true, style: Pick<TcpdumpStyle, 'time' | 'dump'> = {}) {
    this.linkType = linkType;
    this.verbose = verbose;
    this.link = link;
    this.style = style;
  }

  lines(frame: Uint8Array, tsNs: PcapTime, wireLength?: number): string[] {
    const t = toSecUsec(tsNs);
    this.first ??= t;
    const ts = timestampText(this.style.time ?? 0, t, this.prev ?? t, this.first);
    this.prev = t;
    const text = tcpdumpText(frame, this.linkType, { verbose: this.verbose, link: this.link, wireLength, tcpSeq: this.tcpSeq });
    const dump = this.style.dump ? dumpText(frame, this.linkType, this.style.dump) : '';
    return `${ts === null ? '' : `${ts} `}${text}${dump}`.split('\n');
  }
}
