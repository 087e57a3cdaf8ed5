// IPv4 as tcpdump 4.99 prints it with -v (print-ip.c ip_print/ip_optprint/ip_demux_print):
//   (tos 0x0, ttl 64, id 63022, offset 0, flags [DF], proto ICMP (1), length 84)
//       172.16.196.1 > 172.16.109.65: ICMP echo request, id 29, seq 0, length 64
// The first part goes on the link line; ")\n    " starts the continuation line. IPIP recurses
// (outer line, inner header line, inner payload line: the seed's ens160 form).

import { checksumShouldBe, internetChecksum } from '../../net/checksum.ts';
import {
  IPPROTO_ICMP, IPPROTO_IPIP, IPPROTO_TCP, IPPROTO_UDP, IPV4_DF, IPV4_FRAG_OFFSET, IPV4_MF, IPV4_RF,
} from '../../net/ipv4.ts';
import { DecodeCtx, TRUNCATED } from './ctx.ts';
import { icmpPrint } from './icmp.ts';
import { ipProtoName } from './names.ts';
import { tcpPrint } from './tcp.ts';
import { udpPrint } from './udp.ts';

const IPPROTO_DCCP = 33;
const IPPROTO_SCTP = 132;

/** ip_print: `off` is the first byte of the IPv4 header, `length` what the link layer says is left. */
export function ipPrint(ctx: DecodeCtx, off: number, length: number): void {
  ctx.proto = 'ip';
  const vhl = ctx.u8(off);
  if (!ctx.eflag) ctx.print('IP ');
  const version = vhl >> 4;
  if (version !== 4) {
    ctx.print(version === 6 ? 'IP6, wrong link-layer encapsulation' : `IP${version}`);
    ctx.print(' (invalid)');
    return;
  }
  if (!ctx.has(off, 20)) throw TRUNCATED;
  if (length < 20) {
    ctx.print(`truncated-ip ${length}`);
    return;
  }
  const hlen = (vhl & 15) * 4;
  if (hlen < 20) {
    ctx.print(`bad-hlen ${hlen}`);
    return;
  }
  const totalLen = ctx.u16(off + 2);
  if (length < totalLen) ctx.print(`truncated-ip - ${totalLen - length} bytes missing! `);
  if (totalLen < hlen) {
    ctx.print(`bad-len ${totalLen}`);
    return;
  }
  // Cut the readable range at the end of the IP packet (drops Ethernet padding).
  const savedEnd = ctx.pushEnd(off + totalLen);
  const payloadLen = totalLen - hlen;
  const fragOff = ctx.u16(off + 6);
  const proto = ctx.u8(off + 9);

  let optTruncated = false;
  if (ctx.verbose > 0) optTruncated = ipVerbose(ctx, off, hlen, totalLen, fragOff, proto);
  if (optTruncated) {
    ctx.print(`${ctx.ip4(off + 12)} > ${ctx.ip4(off + 16)}: `);
    throw TRUNCATED;
  }

  if ((fragOff & IPV4_FRAG_OFFSET) === 0) {
    if (proto !== IPPROTO_TCP && proto !== IPPROTO_UDP && proto !== IPPROTO_SCTP && proto !== IPPROTO_DCCP) {
      ctx.print(`${ctx.ip4(off + 12)} > ${ctx.ip4(off + 16)}: `);
    }
    if (!ctx.has(off, hlen)) {
      ctx.print(` [remaining caplen(${Math.max(ctx.end - off, 0)}) < header length(${hlen})]`);
      throw TRUNCATED;
    }
    ipDemuxPrint(ctx, off + hlen, payloadLen, (fragOff & IPV4_MF) !== 0, proto, off);
  } else {
    ctx.print(`${ctx.ip4(off + 12)} > ${ctx.ip4(off + 16)}:`);
    ctx.print(` ip-proto-${proto}`);
  }
  ctx.end = savedEnd;
}

/** The -v part of ip_print: "(tos …, length N)" and the newline; true when the options ran past the capture. */
function ipVerbose(ctx: DecodeCtx, off: number, hlen: number, totalLen: number, fragOff: number, proto: number): boolean {
  const tos = ctx.u8(off + 1);
  ctx.print(`(tos 0x${tos.toString(16)}`);
  const ecn = tos & 3;
  if (ecn === 1) ctx.print(',ECT(1)');
  else if (ecn === 2) ctx.print(',ECT(0)');
  else if (ecn === 3) ctx.print(',CE');
  const ttl = ctx.u8(off + 8);
  if (ttl >= 1) ctx.print(`, ttl ${ttl}`);
  ctx.print(`, id ${ctx.u16(off + 4)}, offset ${(fragOff & IPV4_FRAG_OFFSET) * 8}, flags [${fragFlags(fragOff)}], proto ${ipProtoName(proto)} (${proto})`);
  ctx.print(`, length ${totalLen}`);
  let optTruncated = false;
  if (hlen > 20) {
    ctx.print(', options (');
    if (!ipOptPrint(ctx, off + 20, hlen - 20)) {
      ctx.print(' [truncated-option]');
      optTruncated = true;
    }
    ctx.print(')');
  }
  if (ctx.has(off, hlen)) {
    const c = internetChecksum(ctx.buf, off, hlen);
    if (c !== 0) {
      const field = ctx.u16(off + 10);
      ctx.print(`, bad cksum ${field.toString(16)} (->${checksumShouldBe(field, c).toString(16)})!`);
    }
  }
  ctx.print(')\n    ');
  return optTruncated;
}

// bittok2str(ip_frag_values): table order MF, DF, RF, joined with ", ".
function fragFlags(off: number): string {
  const parts: string[] = [];
  if (off & IPV4_MF) parts.push('+');
  if (off & IPV4_DF) parts.push('DF');
  if (off & IPV4_RF) parts.push('rsvd');
  return parts.length === 0 ? 'none' : parts.join(', ');
}

function ipDemuxPrint(ctx: DecodeCtx, off: number, length: number, fragmented: boolean, proto: number, ipOff: number): void {
  switch (proto) {
    case IPPROTO_ICMP:
      icmpPrint(ctx, off, length, fragmented, ipPrint);
      return;
    case IPPROTO_TCP:
      tcpPrint(ctx, off, length, ipOff, fragmented);
      return;
    case IPPROTO_UDP:
      udpPrint(ctx, off, length, ipOff, fragmented);
      return;
    case IPPROTO_IPIP:
      ipPrint(ctx, off, length);
      return;
    default:
      // Protocols with their own tcpdump printers (IGMP, GRE, ESP, OSPF, ...) are not decoded here;
      // they get tcpdump's generic form, which is what tcpdump prints for protocols it does not know.
      ctx.print(` ip-proto-${proto} ${length}`);
  }
}

const IP_OPTION_NAMES: Record<number, string> = {
  0: 'EOL', 1: 'NOP', 68: 'timestamp', 130: 'security', 7: 'RR', 137: 'SSRR', 131: 'LSRR', 148: 'RA', 82: 'traceroute',
};

/** ip_optprint; false when an option runs past the capture ("[truncated-option]"). */
function ipOptPrint(ctx: DecodeCtx, off: number, length: number): boolean {
  let sep = '';
  while (length > 0) {
    ctx.print(sep);
    sep = ',';
    const code = ctx.u8(off);
    ctx.print(IP_OPTION_NAMES[code] ?? `unknown ${code}`);
    let optLen: number;
    if (code === 0 || code === 1) optLen = 1;
    else {
      optLen = ctx.u8(off + 1);
      if (optLen < 2) {
        ctx.print(` [bad length ${optLen}]`);
        return true;
      }
    }
    if (optLen > length) {
      ctx.print(` [bad length ${optLen}]`);
      return true;
    }
    if (!ctx.has(off, optLen)) return false;
    if (code === 0) return true;
    if (code === 7 || code === 137 || code === 131) ipPrintRoute(ctx, off, optLen);
    else if (code === 148) {
      if (optLen < 4) ctx.print(` [bad length ${optLen}]`);
      else if (ctx.u16(off + 2) !== 0) ctx.print(` value ${ctx.u16(off + 2)}`);
    }
    off += optLen;
    length -= optLen;
  }
  return true;
}

function ipPrintRoute(ctx: DecodeCtx, off: number, length: number): void {
  if (length < 3) {
    ctx.print(` [bad length ${length}]`);
    return;
  }
  if ((length + 1) & 3) ctx.print(` [bad length ${length}]`);
  const ptr = ctx.u8(off + 2) - 1;
  if (ptr < 3 || (ptr + 1) & 3 || ptr > length + 1) ctx.print(` [bad ptr ${ctx.u8(off + 2)}]`);
  for (let len = 3; len < length; len += 4) {
    ctx.print(` ${ctx.ip4(off + len)}`);
    if (ptr > len) ctx.print(',');
  }
}
