// Header fields of one captured frame for the diagram (Ethernet or raw IP, IPv4, IPIP, ICMP).
// Display code, not the packet path: it may allocate. Truncated or non-IPv4 frames keep
// whatever was decodable.

import { formatIp4, formatMac } from '../net/addr.ts';
import type { LinkKind } from '../capture/pcap.ts';
import type { FrameHeaders, Ip4Header } from './walk.ts';

const ETHERTYPE_IPV4 = 0x0800;
const IPPROTO_ICMP = 1;
const IPPROTO_IPIP = 4;

function ip4At(b: Uint8Array, off: number): { hdr: Ip4Header; payload: number } | null {
  if (b.length < off + 20 || b[off] >> 4 !== 4) return null;
  const ihl = (b[off] & 0x0f) * 4;
  if (ihl < 20 || b.length < off + ihl) return null;
  const u16 = (o: number) => (b[off + o] << 8) | b[off + o + 1];
  const u32 = (o: number) => ((b[off + o] << 24) | (b[off + o + 1] << 16) | (b[off + o + 2] << 8) | b[off + o + 3]) >>> 0;
  return {
    hdr: {
      tos: b[off + 1],
      totalLen: u16(2),
      id: u16(4),
      df: (u16(6) & 0x4000) !== 0,
      ttl: b[off + 8],
      proto: b[off + 9],
      src: formatIp4(u32(12)),
      dst: formatIp4(u32(16)),
    },
    payload: off + ihl,
  };
}

export function decodeFrame(b: Uint8Array, link: LinkKind): FrameHeaders {
  const h: FrameHeaders = {};
  let off = 0;
  if (link === 'ether') {
    if (b.length < 14) return h;
    h.eth = { dst: formatMac(b.subarray(0, 6)), src: formatMac(b.subarray(6, 12)), etherType: (b[12] << 8) | b[13] };
    if (h.eth.etherType !== ETHERTYPE_IPV4) return h;
    off = 14;
  }
  let ip = ip4At(b, off);
  if (!ip) return h;
  if (ip.hdr.proto === IPPROTO_IPIP) {
    h.outer = ip.hdr;
    ip = ip4At(b, ip.payload);
    if (!ip) return h;
  }
  h.ip = ip.hdr;
  const p = ip.payload;
  if (ip.hdr.proto === IPPROTO_ICMP && b.length >= p + 8) {
    h.icmp = { type: b[p], code: b[p + 1], id: (b[p + 4] << 8) | b[p + 5], seq: (b[p + 6] << 8) | b[p + 7] };
  }
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
