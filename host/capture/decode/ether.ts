// Link layers: Ethernet with -e ("src > dst, ethertype IPv4 (0x0800), length 98: ") and raw IP
// ("ip: "), as tcpdump 4.99's ether_print and raw_if_print. Only IPv4 and ARP are decoded;
// any other EtherType is hex-dumped, which is what tcpdump does for the ones it does not know.

import { ETHERTYPE_ARP, ETHERTYPE_IPV4, ETH_HDR_LEN, ETH_SRC, ETH_TYPE } from '../../net/ethernet.ts';
import { DecodeCtx, TRUNCATED, hex4 } from './ctx.ts';
import { arpPrint } from './arp.ts';
import { hexAsciiDump } from './hexdump.ts';
import { ipPrint } from './ipv4.ts';
import { etherTypeName } from './names.ts';

export function etherPrint(ctx: DecodeCtx, wireLen: number): void {
  ctx.proto = 'ether';
  if (ctx.end < ETH_HDR_LEN) throw TRUNCATED;
  const type = ctx.u16(ETH_TYPE);
  if (type <= 1500) {
    // 802.3 length field + LLC: not decoded (tcpdump prints "802.3, length N: LLC, ...").
    if (ctx.eflag) ctx.print(`${ctx.mac(ETH_SRC)} > ${ctx.mac(0)}, 802.3, length ${type}: `);
    ctx.print(hexAsciiDump(ctx.buf, ETH_HDR_LEN, ctx.end - ETH_HDR_LEN));
    return;
  }
  const header = `${ctx.mac(ETH_SRC)} > ${ctx.mac(0)}, ethertype ${etherTypeName(type)} (0x${hex4(type)}), length ${wireLen}: `;
  if (ctx.eflag) ctx.print(header);
  const length = wireLen - ETH_HDR_LEN;
  if (type === ETHERTYPE_IPV4) ipPrint(ctx, ETH_HDR_LEN, length);
  else if (type === ETHERTYPE_ARP) arpPrint(ctx, ETH_HDR_LEN, length);
  else {
    // ether_common_print: a type it cannot decode gets the link header printed even without -e
    if (!ctx.eflag) ctx.print(header);
    ctx.print(hexAsciiDump(ctx.buf, ETH_HDR_LEN, ctx.end - ETH_HDR_LEN));
  }
}

export function rawPrint(ctx: DecodeCtx, wireLen: number): void {
  if (ctx.eflag) ctx.print('ip: ');
  ctx.proto = 'raw';
  if (wireLen < 1) {
    ctx.print(`truncated-ip ${wireLen}`);
    return;
  }
  const ver = ctx.u8(0) & 0xf0;
  if (ver === 0x40) ipPrint(ctx, 0, wireLen);
  else ctx.print(`unknown ip ${ver >> 4}`);
}
