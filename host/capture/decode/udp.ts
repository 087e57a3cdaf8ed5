// UDP as tcpdump 4.99 prints it with -v/-vv for ports no tcpdump dissector claims:
//   "src.sport > dst.dport: UDP, length N"; -vv adds "[udp sum ok] " / "[bad udp cksum ...] " /
//   "[no cksum] " before "UDP" (print-udp.c checks the IPv4 UDP checksum only at -vv).
// Port-specific application printers (DNS, NTP, VXLAN, ...) are not reproduced.

import { checksumShouldBe, internetChecksum } from '../../net/checksum.ts';
import { ld32be } from '../../net/endian.ts';
import { IPPROTO_UDP, IPV4_DST, IPV4_SRC, ipv4PseudoSum } from '../../net/ipv4.ts';
import { DecodeCtx, TRUNCATED, hex4 } from './ctx.ts';

function addrs(ctx: DecodeCtx, ipOff: number, sport: number, dport: number): void {
  const src = ctx.ip4(ipOff + 12);
  const dst = ctx.ip4(ipOff + 16);
  if (sport < 0) ctx.print(`${src} > ${dst}: `);
  else if (dport < 0) ctx.print(`${src}.${sport} > ${dst}: `);
  else ctx.print(`${src}.${sport} > ${dst}.${dport}: `);
}

export function udpPrint(ctx: DecodeCtx, off: number, length: number, ipOff: number, fragmented: boolean): void {
  ctx.proto = 'udp';
  if (length < 8) {
    addrs(ctx, ipOff, -1, -1);
    ctx.print(`truncated-udp ${length}`);
    return;
  }
  // Both ports or neither: tcpdump 4.99.3 prints bare addresses when the destination port is cut.
  if (!ctx.has(off, 4)) {
    addrs(ctx, ipOff, -1, -1);
    throw TRUNCATED;
  }
  const sport = ctx.u16(off);
  const dport = ctx.u16(off + 2);
  if (!ctx.has(off + 4, 2)) {
    addrs(ctx, ipOff, sport, dport);
    throw TRUNCATED;
  }
  let ulen = ctx.u16(off + 4);
  if (ulen < 8) {
    addrs(ctx, ipOff, sport, dport);
    ctx.print(`truncated-udplength ${ulen}`);
    return;
  }
  ulen -= 8;
  length -= 8;
  if (ulen < length) length = ulen;
  if (off + 8 > ctx.end) {
    addrs(ctx, ipOff, sport, dport);
    throw TRUNCATED;
  }
  addrs(ctx, ipOff, sport, dport);
  if (ctx.verbose > 1 && !fragmented) {
    const field = ctx.u16(off + 6);
    if (field === 0) ctx.print('[no cksum] ');
    else if (ctx.has(off + 8, length)) {
      const c = udpCksum(ctx, ipOff, off, length + 8);
      if (c !== 0) ctx.print(`[bad udp cksum 0x${hex4(field)} -> 0x${hex4(checksumShouldBe(field, c))}!] `);
      else ctx.print('[udp sum ok] ');
    }
  }
  ctx.print(`UDP, length ${ulen}`);
}

/** Checksum over the IPv4 pseudo-header and `len` bytes of the datagram (0 = correct). */
export function udpCksum(ctx: DecodeCtx, ipOff: number, off: number, len: number): number {
  return internetChecksum(ctx.buf, off, len, pseudoSum(ctx, ipOff, IPPROTO_UDP, len));
}

export function pseudoSum(ctx: DecodeCtx, ipOff: number, proto: number, len: number): number {
  return ipv4PseudoSum(ld32be(ctx.buf, ipOff + IPV4_SRC), ld32be(ctx.buf, ipOff + IPV4_DST), proto, len);
}
