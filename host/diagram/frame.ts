// Header fields of one captured frame for the diagram (Ethernet or raw IP, IPv4, IPIP, ICMP).
// Display code, not the packet path: it may allocate. Truncated or non-IPv4 frames keep
// whatever was decodable.

import { formatIp4, formatMac } from '../net/addr.ts';
import { ETHERTYPE_IPV4, ETH_HDR_LEN, ethParse } from '../net/ethernet.ts';
import { icmpParse } from '../net/icmp.ts';
import { IPPROTO_ICMP, IPPROTO_IPIP, IPV4_DF, ipv4Header } from '../net/ipv4.ts';
import type { LinkKind } from '../capture/pcap.ts';
import type { FrameHeaders, Ip4Header } from './walk.ts';

/** The header at b[off] as the diagram shows it, and where its payload starts; null when no
 *  whole IPv4 header is there. */
function ip4At(b: Uint8Array, off: number): { hdr: Ip4Header; payload: number } | null {
  const h = ipv4Header(b.subarray(off));
  if (typeof h === 'string') return null;
  return {
    hdr: {
      tos: h.tos, totalLen: h.totalLen, id: h.id, df: (h.flagsFrag & IPV4_DF) !== 0, ttl: h.ttl, proto: h.proto,
      src: formatIp4(h.src), dst: formatIp4(h.dst),
    },
    payload: off + h.hdrLen,
  };
}

export function decodeFrame(b: Uint8Array, link: LinkKind): FrameHeaders {
  const h: FrameHeaders = {};
  let off = 0;
  if (link === 'ether') {
    const eth = ethParse(b);
    if (typeof eth === 'string') return h;
    h.eth = { dst: formatMac(eth.dst), src: formatMac(eth.src), etherType: eth.type };
    if (eth.type !== ETHERTYPE_IPV4) return h;
    off = ETH_HDR_LEN;
  }
  let ip = ip4At(b, off);
  if (!ip) return h;
  if (ip.hdr.proto === IPPROTO_IPIP) {
    h.outer = ip.hdr;
    ip = ip4At(b, ip.payload);
    if (!ip) return h;
  }
  h.ip = ip.hdr;
  const icmp = ip.hdr.proto === IPPROTO_ICMP ? icmpParse(b.subarray(ip.payload), false) : null;
  if (icmp && typeof icmp !== 'string') h.icmp = { type: icmp.type, code: icmp.code, id: icmp.rest >>> 16, seq: icmp.rest & 0xffff };
  return h;
}

const ICMP_NAMES: Record<number, string> = { 0: 'echo reply', 3: 'unreachable', 8: 'echo request', 11: 'time exceeded' };

/** One-line header summaries for the diagram, outermost first. */
export function headerLines(h: FrameHeaders): string[] {
  const out: string[] = [];
  if (h.eth) out.push(`Ethernet ${h.eth.src} → ${h.eth.dst}`);
  const ip = (x: Ip4Header, what: string) =>
    `${what} ${x.src} → ${x.dst}  ttl ${x.ttl}  id ${x.id}${x.df ? '  DF' : ''}  proto ${x.proto === IPPROTO_IPIP ? 'IPIP' : x.proto === IPPROTO_ICMP ? 'ICMP' : x.proto}  len ${x.totalLen}`;
  if (h.outer) out.push(ip(h.outer, 'outer IP'));
  if (h.ip) out.push(ip(h.ip, h.outer ? 'inner IP' : 'IP'));
  if (h.icmp) out.push(`ICMP ${ICMP_NAMES[h.icmp.type] ?? `type ${h.icmp.type}`}  id ${h.icmp.id}  seq ${h.icmp.seq}`);
  return out;
}
