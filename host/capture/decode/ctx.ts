// Shared state of one tcpdump-style decode: the captured bytes, the current "snap end" (how far
// bytes may be read), the text printed so far and the name of the protocol being printed.
//
// tcpdump 4.99 reads every header field through GET_* macros that longjmp to the top when the
// field lies past the snap end; the top then prints " [|<protocol>]". We mirror that with one
// thrown sentinel: printers read through the checked accessors below and never test bounds by
// hand unless tcpdump itself does (ND_TTEST), so the partial text before the cut is identical.

import { formatIp4, formatMac } from '../../net/addr.ts';
import { ld16be, ld32be } from '../../net/endian.ts';
import type { TcpSeqTable } from './tcpseq.ts';

/** Thrown when a read runs past the captured bytes; carries nothing, the context knows the protocol. */
export const TRUNCATED: unique symbol = Symbol('truncated');

export class DecodeCtx {
  readonly buf: Uint8Array;
  /** One past the last byte that may be read (shrinks while an IP packet's payload is printed). */
  end: number;
  /** Protocol name for the truncation marker, as tcpdump's ndo_protocol. */
  proto = '';
  /** Extra text tcpdump appends after the truncation marker (TCP options print a closing '>'). */
  truncTail = '';
  readonly verbose: number;
  readonly tcpSeq: TcpSeqTable;
  /** tcpdump's -e (ndo_eflag): link-level header printed. */
  readonly eflag: boolean;
  private readonly parts: string[] = [];

  constructor(buf: Uint8Array, caplen: number, verbose: number, tcpSeq: TcpSeqTable, eflag = true) {
    this.buf = buf;
    this.end = Math.min(caplen, buf.length);
    this.verbose = verbose;
    this.tcpSeq = tcpSeq;
    this.eflag = eflag;
  }

  print(s: string): void {
    this.parts.push(s);
  }

  text(): string {
    return this.parts.join('');
  }

  /** ND_TTEST_LEN: are `len` bytes from `off` captured? */
  has(off: number, len: number): boolean {
    return off >= 0 && len >= 0 && off + len <= this.end;
  }

  u8(off: number): number {
    if (off + 1 > this.end) throw TRUNCATED;
    return this.buf[off];
  }

  u16(off: number): number {
    if (off + 2 > this.end) throw TRUNCATED;
    return ld16be(this.buf, off);
  }

  u32(off: number): number {
    if (off + 4 > this.end) throw TRUNCATED;
    return ld32be(this.buf, off);
  }

  /** GET_IPADDR_STRING with -n: dotted quad, truncation if not captured. */
  ip4(off: number): string {
    if (off + 4 > this.end) throw TRUNCATED;
    return formatIp4(ld32be(this.buf, off));
  }

  /** GET_ETHERADDR_STRING. */
  mac(off: number): string {
    if (off + 6 > this.end) throw TRUNCATED;
    return formatMac(this.buf.subarray(off, off + 6));
  }

  /** nd_push_snaplen: never grows the readable range. Returns the old end for popping. */
  pushEnd(newEnd: number): number {
    const old = this.end;
    if (newEnd < this.end) this.end = Math.max(newEnd, 0);
    return old;
  }
}

export function hex2(v: number): string {
  return (v < 16 ? '0' : '') + v.toString(16);
}

export function hex4(v: number): string {
  return v.toString(16).padStart(4, '0');
}
