// ARP as tcpdump 4.99 prints it with -v (print-arp.c), for Ethernet/IPv4 ARP:
//   "Ethernet (len 6), IPv4 (len 4), Request who-has 169.254.1.1 tell 172.16.196.1, length 28"
//   "Ethernet (len 6), IPv4 (len 4), Reply 169.254.1.1 is-at ee:ee:ee:ee:ee:ee, length 28"

import { ETHERTYPE_IPV4 } from '../../net/ethernet.ts';
import { DecodeCtx, TRUNCATED, hex2 } from './ctx.ts';
import { etherTypeName } from './names.ts';

const HRD_NAMES: Record<number, string> = { 1: 'Ethernet', 6: 'Token-Ring', 15: 'Frame-Relay', 16: 'ATM', 32: 'InfiniBand' };
const OP_NAMES: Record<number, string> = { 1: 'Request', 2: 'Reply', 3: 'Reverse Request', 4: 'Reverse Reply', 8: 'Inverse Request', 9: 'Inverse Reply', 10: 'NACK Reply' };

export function arpPrint(ctx: DecodeCtx, off: number, length: number): void {
  ctx.proto = 'arp';
  if (!ctx.has(off, 8)) throw TRUNCATED;
  const hrd = ctx.u16(off);
  const pro = ctx.u16(off + 2);
  const hln = ctx.u8(off + 4);
  const pln = ctx.u8(off + 5);
  const op = ctx.u16(off + 6);
  const sha = off + 8;
  const spa = sha + hln;
  const tha = spa + pln;
  const tpa = tha + hln;
  if (!ctx.has(tpa, pln)) throw TRUNCATED;
  const proName = pro === ETHERTYPE_IPV4 ? 'IPv4' : etherTypeName(pro) === 'Unknown' ? `Unknown Protocol (0x${pro.toString(16).padStart(4, '0')})` : etherTypeName(pro);
  if (!ctx.eflag) ctx.print('ARP, ');
  if (ctx.verbose > 0) ctx.print(`${HRD_NAMES[hrd] ?? `Unknown Hardware (${hrd})`} (len ${hln}), ${proName} (len ${pln}), `);
  if ((pro !== ETHERTYPE_IPV4 && pro !== 0x1000) || pln !== 4 || hln === 0) {
    ctx.print(`Unknown Protocol (0x${pro.toString(16).padStart(4, '0')})`);
  } else {
    switch (op) {
      case 1: {
        ctx.print(`Request who-has ${ctx.ip4(tpa)}`);
        let nonzero = false;
        for (let i = 0; i < hln; i++) if (ctx.u8(tha + i) !== 0) nonzero = true;
        if (nonzero) ctx.print(` (${linkAddr(ctx, tha, hln)})`);
        ctx.print(` tell ${ctx.ip4(spa)}`);
        break;
      }
      case 2:
        ctx.print(`Reply ${ctx.ip4(spa)} is-at ${linkAddr(ctx, sha, hln)}`);
        break;
      default:
        ctx.print(`${OP_NAMES[op] ?? `Unknown (${op})`}`);
    }
  }
  ctx.print(`, length ${length}`);
}

function linkAddr(ctx: DecodeCtx, off: number, len: number): string {
  if (len === 6) return ctx.mac(off);
  let s = '';
  for (let i = 0; i < len; i++) s += (i ? ':' : '') + hex2(ctx.u8(off + i));
  return s;
}
