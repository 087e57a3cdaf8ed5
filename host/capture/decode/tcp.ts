// TCP as tcpdump 4.99 prints it with -v/-vv (print-tcp.c), for ports without an application
// printer: "src.sp > dst.dp: Flags [S.], cksum 0x1234 (correct), seq 1:13, ack 1, win 64240,
// options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 12", with relative seq/ack.

import { checksumShouldBe, internetChecksum } from '../../net/checksum.ts';
import { IPPROTO_TCP } from '../../net/ipv4.ts';
import { DecodeCtx, TRUNCATED, hex2, hex4 } from './ctx.ts';
import { pseudoSum } from './udp.ts';

const TH_FIN = 0x01, TH_SYN = 0x02, TH_RST = 0x04, TH_PUSH = 0x08, TH_ACK = 0x10, TH_URG = 0x20, TH_ECE = 0x40, TH_CWR = 0x80;
const FLAG_LETTERS: [number, string][] = [
  [TH_FIN, 'F'], [TH_SYN, 'S'], [TH_RST, 'R'], [TH_PUSH, 'P'], [TH_ACK, '.'], [TH_URG, 'U'], [TH_ECE, 'E'], [TH_CWR, 'W'],
];
const OPTION_NAMES: Record<number, string> = {
  0: 'eol', 1: 'nop', 2: 'mss', 3: 'wscale', 4: 'sackOK', 5: 'sack', 6: 'echo', 7: 'echoreply', 8: 'TS', 11: 'cc', 12: 'ccnew',
  13: '', 19: 'md5', 20: 'scps', 28: 'uto', 29: 'tcp-ao', 30: 'mptcp', 34: 'tfo', 254: 'exp',
};
const MAX_RST_DATA_LEN = 30;

export function tcpPrint(ctx: DecodeCtx, off: number, length: number, ipOff: number, fragmented: boolean): void {
  ctx.proto = 'tcp';
  if (!ctx.has(off + 2, 2)) {
    ctx.print(`${ctx.ip4(ipOff + 12)} > ${ctx.ip4(ipOff + 16)}:`);
    throw TRUNCATED;
  }
  const sport = ctx.u16(off);
  const dport = ctx.u16(off + 2);
  ctx.print(`${ctx.ip4(ipOff + 12)}.${sport} > ${ctx.ip4(ipOff + 16)}.${dport}: `);
  if (!ctx.has(off, 20)) throw TRUNCATED;
  let hlen = (ctx.u8(off + 12) >> 4) * 4;
  if (hlen < 20) {
    ctx.print(` tcp ${length - hlen} [bad hdr length ${hlen} - too short, < 20]`);
    return;
  }
  let seq = ctx.u32(off + 4);
  let ack = ctx.u32(off + 8);
  const win = ctx.u16(off + 14);
  const urp = ctx.u16(off + 18);
  const flags = ctx.u8(off + 13);
  let letters = '';
  for (const [bit, ch] of FLAG_LETTERS) if (flags & bit) letters += ch;
  ctx.print(`Flags [${letters === '' ? 'none' : letters}]`);

  if (flags & TH_ACK) {
    const src = ctx.u32(ipOff + 12);
    const dst = ctx.u32(ipOff + 16);
    const { key, rev, entry } = ctx.tcpSeq.lookup(src, dst, sport, dport);
    if (!entry || flags & TH_SYN) {
      ctx.tcpSeq.set(key, rev ? { ack: seq, seq: (ack - 1) >>> 0 } : { seq, ack: (ack - 1) >>> 0 });
    } else if (rev) {
      seq = (seq - entry.ack) >>> 0;
      ack = (ack - entry.seq) >>> 0;
    } else {
      seq = (seq - entry.seq) >>> 0;
      ack = (ack - entry.ack) >>> 0;
    }
  }
  if (hlen > length) {
    ctx.print(` [bad hdr length ${hlen} - too long, > ${length}]`);
    return;
  }
  if (ctx.verbose > 0 && !fragmented && ctx.has(off, length)) {
    const c = internetChecksum(ctx.buf, off, length, pseudoSum(ctx, ipOff, IPPROTO_TCP, length));
    const field = ctx.u16(off + 16);
    ctx.print(`, cksum 0x${hex4(field)}`);
    ctx.print(c !== 0 ? ` (incorrect -> 0x${hex4(checksumShouldBe(field, c))})` : ' (correct)');
  }
  const dataLen = length - hlen;
  if (ctx.verbose > 1 || dataLen > 0 || flags & (TH_SYN | TH_FIN | TH_RST)) {
    ctx.print(`, seq ${seq}`);
    if (dataLen > 0) ctx.print(`:${(seq + dataLen) >>> 0}`);
  }
  if (flags & TH_ACK) ctx.print(`, ack ${ack}`);
  ctx.print(`, win ${win}`);
  if (flags & TH_URG) ctx.print(`, urg ${urp}`);
  if (hlen > 20 && !tcpOptions(ctx, off + 20, hlen - 20)) return;
  ctx.print(`, length ${dataLen}`);
  if (ctx.verbose > 0 && dataLen > 0 && flags & TH_RST) rstData(ctx, off + hlen, dataLen);
}

/** The ", options [...]" list; false when tcpdump stops at "[bad opt]". Truncation throws. */
function tcpOptions(ctx: DecodeCtx, cp: number, hlen: number): boolean {
  ctx.print(', options [');
  let sep = '';
  while (hlen > 0) {
    ctx.print(sep);
    const opt = ctx.u8(cp++);
    let len = 1;
    if (opt !== 0 && opt !== 1) {
      len = ctx.u8(cp++);
      if (len < 2 || len > hlen) return badOpt(ctx, sep);
      hlen--;
    }
    hlen--;
    ctx.print(opt in OPTION_NAMES ? OPTION_NAMES[opt] : `unknown-${opt}`);
    let datalen = 0;
    // LENCHECK: past the header → "[bad opt]"; past the capture → " [|tcp]" plus tcpdump's stray '>'.
    const lencheck = (l: number): boolean => {
      if (l > hlen) return false;
      if (!ctx.has(cp, l)) {
        if (sep !== '') ctx.truncTail = '>';
        throw TRUNCATED;
      }
      return true;
    };
    switch (opt) {
      case 2:
        datalen = 2;
        if (!lencheck(2)) return badOpt(ctx, sep);
        ctx.print(` ${ctx.u16(cp)}`);
        break;
      case 3:
        datalen = 1;
        if (!lencheck(1)) return badOpt(ctx, sep);
        ctx.print(` ${ctx.u8(cp)}`);
        break;
      case 8:
        datalen = 8;
        if (!lencheck(8)) return badOpt(ctx, sep);
        ctx.print(` val ${ctx.u32(cp)} ecr ${ctx.u32(cp + 4)}`);
        break;
      case 0:
      case 1:
      case 4:
        break;
      default:
        datalen = len - 2;
        if (datalen) ctx.print(' 0x');
        for (let i = 0; i < datalen; i++) {
          if (!lencheck(i + 1)) return badOpt(ctx, sep);
          ctx.print(hex2(ctx.u8(cp + i)));
        }
    }
    cp += datalen;
    hlen -= datalen;
    const spec = datalen + 1 + (opt !== 0 && opt !== 1 ? 1 : 0);
    if (spec !== len) ctx.print(`[len ${len}]`);
    sep = ',';
    if (opt === 0) break;
  }
  ctx.print(']');
  return true;
}

function badOpt(ctx: DecodeCtx, sep: string): false {
  ctx.print('[bad opt]');
  if (sep !== '') ctx.print(']');
  return false;
}

/** print_tcp_rst_data: up to 30 bytes of RST payload, made printable like cat -v. */
function rstData(ctx: DecodeCtx, off: number, length: number): void {
  ctx.print(ctx.has(off, length) ? ' [RST' : ' [!RST');
  if (length > MAX_RST_DATA_LEN) {
    length = MAX_RST_DATA_LEN;
    ctx.print('+');
  }
  ctx.print(' ');
  let s = '';
  for (let i = 0; i < length && off + i < ctx.end; i++) {
    let c = ctx.buf[off + i];
    if (c & 0x80) {
      c &= 0x7f;
      s += 'M-';
    }
    if (c < 0x20 || c > 0x7e) {
      c ^= 0x40;
      s += '^';
    }
    s += String.fromCharCode(c);
  }
  ctx.print(s + ']');
}
