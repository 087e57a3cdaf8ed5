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
import type { LinkKind, PcapTime } from './pcap.ts';
import { toSecUsec } from './pcap.ts';

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
  const day = sec % 86400;
  const hh = Math.floor(day / 3600);
  const mm = Math.floor((day % 3600) / 60);
  const ss = day % 60;
  return `${pad2(hh)}:${pad2(mm)}:${pad2(ss)}.${String(usec).padStart(6, '0')}`;
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

/** One capture's printer: keeps tcpdump's per-run TCP sequence state between packets. */
export class TcpdumpSession {
  readonly linkType: LinkKind;
  readonly verbose: 0 | 1 | 2;
  /** -e */
  readonly link: boolean;
  private readonly tcpSeq = new TcpSeqTable();

  constructor(linkType: LinkKind, verbose: 0 | 1 | 2 = 1, link = true) {
    this.linkType = linkType;
    this.verbose = verbose;
    this.link = link;
  }

  lines(frame: Uint8Array, tsNs: PcapTime, wireLength?: number): string[] {
    return tcpdumpLines(frame, this.linkType, tsNs, { verbose: this.verbose, link: this.link, wireLength, tcpSeq: this.tcpSeq });
  }
}
