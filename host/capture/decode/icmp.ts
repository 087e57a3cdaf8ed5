// ICMP as tcpdump 4.99 prints it with -v (print-icmp.c). Errors (unreachable, source quench,
// redirect, time exceeded, parameter problem) are followed by the quoted packet on a new line
// starting with a TAB: "\n\t(tos ...)\n    inner > addrs: ...", exactly as tcpdump indents it.

import { checksumShouldBe, internetChecksum } from '../../net/checksum.ts';
import { icmpIsError } from '../../net/icmp.ts';
import { DecodeCtx } from './ctx.ts';

const UNREACH: Record<number, [string, string]> = {
  0: ['net ', ' unreachable'], 1: ['host ', ' unreachable'], 5: ['', ' unreachable - source route failed'],
  6: ['net ', ' unreachable - unknown'], 7: ['host ', ' unreachable - unknown'], 8: ['', ' unreachable - source host isolated'],
  9: ['net ', ' unreachable - admin prohibited'], 10: ['host ', ' unreachable - admin prohibited'],
  11: ['net ', ' unreachable - tos prohibited'], 12: ['host ', ' unreachable - tos prohibited'],
  13: ['host ', ' unreachable - admin prohibited filter'], 14: ['host ', ' unreachable - host precedence violation'],
  15: ['host ', ' unreachable - precedence cutoff'],
};

const REDIRECT: Record<number, [string, string]> = {
  0: ['redirect ', ' to net '], 1: ['redirect ', ' to host '], 2: ['redirect-tos ', ' to net '], 3: ['redirect-tos ', ' to host '],
};

const SIMPLE: Record<number, string> = {
  0: 'echo reply', 4: 'source quench', 8: 'echo request', 10: 'router solicitation', 13: 'time stamp request',
  14: 'time stamp reply', 15: 'information request', 16: 'information reply', 17: 'address mask request',
};

export type IpPrinter = (ctx: DecodeCtx, off: number, length: number) => void;

export function icmpPrint(ctx: DecodeCtx, off: number, plen: number, fragmented: boolean, ipPrint: IpPrinter): void {
  ctx.proto = 'icmp';
  const type = ctx.u8(off);
  const code = ctx.u8(off + 1);
  const quoted = off + 8; // the quoted IP header of error messages
  let str: string;
  switch (type) {
    case 0:
    case 8:
      str = `echo ${type === 8 ? 'request' : 'reply'}, id ${ctx.u16(off + 4)}, seq ${ctx.u16(off + 6)}`;
      break;
    case 3:
      str = unreachText(ctx, off, code);
      break;
    case 5: {
      const dst = ctx.ip4(quoted + 16);
      const gw = ctx.ip4(off + 4);
      const r = REDIRECT[code];
      str = r ? `${r[0]}${dst}${r[1]}${gw}` : `redirect-#${code} ${dst} to ${gw}`;
      break;
    }
    case 11:
      ctx.ip4(quoted + 16); // ND_TCHECK_4(icmp_ip.ip_dst)
      str = code === 0 ? 'time exceeded in-transit' : code === 1 ? 'ip reassembly time exceeded' : `time exceeded-#${code}`;
      break;
    case 12:
      str = code !== 0 ? `parameter problem - code ${code}` : `parameter problem - octet ${ctx.u8(off + 4)}`;
      break;
    case 18:
      str = `address mask is 0x${ctx.u32(off + 8).toString(16).padStart(8, '0')}`;
      break;
    default:
      str = SIMPLE[type] ?? `type-#${type}`;
  }
  ctx.print(`ICMP ${str}, length ${plen}`);
  if (ctx.verbose > 0 && !fragmented && ctx.has(off, plen)) {
    const c = internetChecksum(ctx.buf, off, plen);
    if (c !== 0) {
      const field = ctx.u16(off + 2);
      ctx.print(` (wrong icmp cksum ${field.toString(16)} (->${checksumShouldBe(field, c).toString(16)})!)`);
    }
  }
  if (ctx.verbose > 0 && icmpIsError(type)) { // ICMP_ERRTYPE, quoted only with -v
    ctx.print('\n\t');
    const innerLen = ctx.u16(quoted + 2);
    const saved = ctx.pushEnd(quoted + innerLen);
    ipPrint(ctx, quoted, innerLen);
    ctx.end = saved;
  }
}

function unreachText(ctx: DecodeCtx, off: number, code: number): string {
  const q = off + 8;
  switch (code) {
    case 2:
      return `${ctx.ip4(q + 16)} protocol ${ctx.u8(q + 9)} unreachable`;
    case 3: {
      const hlen = (ctx.u8(q) & 15) * 4;
      const dport = ctx.u16(q + hlen + 2);
      const p = ctx.u8(q + 9);
      const dst = ctx.ip4(q + 16);
      if (p === 6) return `${dst} tcp port ${dport} unreachable`;
      if (p === 17) return `${dst} udp port ${dport} unreachable`;
      return `${dst} protocol ${p} port ${dport} unreachable`;
    }
    case 4: {
      const mtu = ctx.u16(off + 6);
      const dst = ctx.ip4(q + 16);
      return mtu ? `${dst} unreachable - need to frag (mtu ${mtu})` : `${dst} unreachable - need to frag`;
    }
    default: {
      const dst = ctx.ip4(q + 16);
      const u = UNREACH[code];
      return u ? `${u[0]}${dst}${u[1]}` : `#${code} ${dst} unreachable`;
    }
  }
}
