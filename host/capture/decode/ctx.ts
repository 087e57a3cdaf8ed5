// Shared state of one tcpdump-style decode: the captured bytes, the current "snap end" (how far
// bytes may be read), the text printed so far and the name of the protocol being printed.
//
// tcpdump 4.99 reads every header field through GET_* macros that longjmp to the top when the
// field lies past the snap end; the top then prints " [|<protocol>]". We mirror that with one
// thrown sentinel: printers read through the checked accessors below and never test bounds by
// hand unless tcpdump itself does (ND_TTEST), so the partial text before the cut is identical.

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
  private readonly parts: string[] = [];

  constructor(buf: Uint8Array, caplen: number, verbose: number, tcpSeq: TcpSeqTable) {
    this.buf = buf;
    this.end = Math.min(caplen, buf.length);
    this.verbose = verbose;
    this.tcpSeq = tcpSeq;
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
    return (this.buf[off] << 8) | this.buf[off + 1];
  }

  u32(off: number): number {
    if (off + 4 > this.end) throw TRUNCATED;
    return ((this.buf[off] << 24) | (this.buf[off + 1] << 16) | (this.buf[off + 2] << 8) | this.buf[off + 3]) >>> 0;
  }

  /** GET_IPADDR_STRING with -n: dotted quad, truncation if not captured. */
  ip4(off: number): string {
    if (off + 4 > this.end) throw TRUNCATED;
    const b = this.buf;
    return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
  }

  /** GET_ETHERADDR_STRING. */
  mac(off: number): string {
    if (off + 6 > this.end) throw TRUNCATED;
    let s = '';
    for (let i = 0; i < 6; i++) s += (i ? ':' : '') + hex2(this.buf[off + i]);
    return s;
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

/**
 * One's-complement sum of big-endian 16-bit words over buf[off, off+len), added to `seed`
 * (unfolded 32-bit accumulator, so callers can chain a pseudo-header).
 */
export function sum16(buf: Uint8Array, off: number, len: number, seed = 0): number {
  let s = seed;
  const last = off + len - 1;
  let i = off;
  for (; i < last; i += 2) s += (buf[i] << 8) | buf[i + 1];
  if (i === last) s += buf[i] << 8;
  return s;
}

/** in_cksum: fold and complement; 0 means the data (including its checksum field) is correct. */
export function foldCksum(s: number): number {
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

/** in_cksum_shouldbe: the value the checksum field should have held. */
export function cksumShouldBe(field: number, computed: number): number {
  let v = field + computed;
  v = (v & 0xffff) + (v >>> 16);
  v = (v & 0xffff) + (v >>> 16);
  return v & 0xffff;
}
