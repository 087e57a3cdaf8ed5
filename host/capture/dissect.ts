// A captured frame as a protocol tree, the way Wireshark's packet details pane shows it: one
// node per layer ("Ethernet II, Src: …, Dst: …"), one child per field, each with the byte range
// it covers so a hex pane can highlight it. tcpdump.ts prints the one-line text; this is the
// other view of the same bytes. Field names follow Wireshark's dissectors (packet-eth.c,
// packet-ip.c, packet-icmp.c, packet-udp.c, packet-tcp.c, packet-arp.c); values are read with
// the one packet library (host/net). Bytes past the end become "[Malformed Packet]", never a throw.

import { formatIp4, formatMac } from '../net/addr.ts';
import { ARP_HLEN, ARP_HTYPE, ARP_LEN, ARP_OP, ARP_PLEN, ARP_PTYPE, ARP_SHA, ARP_SPA, ARP_THA, ARP_TPA } from '../net/arp.ts';
import { internetChecksum } from '../net/checksum.ts';
import { ld16be, ld32be } from '../net/endian.ts';
import { ETH_DST, ETH_HDR_LEN, ETH_SRC, ETH_TYPE, ETHERTYPE_ARP, ETHERTYPE_IPV4 } from '../net/ethernet.ts';
import { ICMP_DEST_UNREACH, ICMP_ECHO, ICMP_ECHO_REPLY, ICMP_HDR_LEN, ICMP_TIME_EXCEEDED, icmpIsError } from '../net/icmp.ts';
import { IPPROTO_ICMP, IPPROTO_IPIP, IPPROTO_TCP, IPPROTO_UDP, IPV4_CSUM, IPV4_DST, IPV4_FLAGS_FRAG, IPV4_HDR_LEN, IPV4_ID, IPV4_PROTO, IPV4_SRC, IPV4_TOS, IPV4_TOTAL_LEN, IPV4_TTL } from '../net/ipv4.ts';
import { TCP_ACK, TCP_CSUM, TCP_DOFF, TCP_DPORT, TCP_FLAGS, TCP_HDR_LEN, TCP_SEQ, TCP_SPORT, TCP_WINDOW } from '../net/tcp.ts';
import { UDP_CSUM, UDP_DPORT, UDP_HDR_LEN, UDP_LEN, UDP_SPORT } from '../net/udp.ts';
import type { LinkKind } from './pcap.ts';

export interface TreeNode {
  label: string;
  /** Byte range in the frame: [start, start + len). */
  start: number;
  len: number;
  children?: TreeNode[];
}

const PROTO_NAMES: Record<number, string> = { [IPPROTO_ICMP]: 'ICMP', [IPPROTO_IPIP]: 'IPIP', [IPPROTO_TCP]: 'TCP', [IPPROTO_UDP]: 'UDP' };
const hex = (v: number, digits: number): string => '0x' + v.toString(16).padStart(digits, '0');
const field = (label: string, start: number, len: number, children?: TreeNode[]): TreeNode => (children ? { label, start, len, children } : { label, start, len });
/** Wireshark's bit-field prefix: the bits under `mask` of a `width`-bit value, dots elsewhere,
 *  in groups of four (`010. ....`, `...0 0000 0000 0000`). */
function bitPattern(v: number, mask: number, width: number): string {
  let s = '';
  for (let i = width - 1; i >= 0; i--) {
    s += mask & (1 << i) ? String((v >> i) & 1) : '.';
    if (i % 4 === 0 && i > 0) s += ' ';
  }
  return s;
}

/** DSCP names as Wireshark's packet-ip.c (dscp_short_vals, dscp_vals). */
function dscpShort(d: number): string {
  if (d % 8 === 0) return `CS${d / 8}`;
  if (d === 46) return 'EF';
  if (d === 44) return 'VOICE-ADMIT';
  if (d >= 10 && d <= 38 && d % 2 === 0 && (d & 7) !== 0) return `AF${d >> 3}${(d & 7) >> 1}`;
  return String(d);
}

function dscpLong(d: number): string {
  if (d === 0) return 'Default';
  if (d % 8 === 0) return `Class Selector ${d / 8}`;
  if (d === 46) return 'Expedited Forwarding';
  const s = dscpShort(d);
  return s.startsWith('AF') ? `Assured Forwarding ${s.slice(2)}` : 'Unknown';
}

const ECN: readonly (readonly [string, string])[] = [
  ['Not-ECT', 'Not ECN-Capable Transport'], ['ECT(1)', "ECN-Capable Transport codepoint '01'"],
  ['ECT(0)', "ECN-Capable Transport codepoint '10'"], ['CE', 'Congestion Experienced'],
];

const malformed = (b: Uint8Array, at: number): TreeNode => field('[Malformed Packet: the frame ends before this header does]', at, Math.max(0, b.length - at));

/** The layers of frame number `number` captured on a link of kind `link` (tunl0 is raw IP, the rest Ethernet). */
export function dissect(frame: Uint8Array, link: LinkKind, number = 1): TreeNode[] {
  const bits = frame.length * 8;
  const out: TreeNode[] = [field(`Frame ${number}: ${frame.length} bytes on wire (${bits} bits), ${frame.length} bytes captured (${bits} bits)`, 0, frame.length)];
  if (link === 'raw') {
    out.push(...ipv4(frame, 0, frame.length));
    return out;
  }
  if (frame.length < ETH_HDR_LEN) return [...out, malformed(frame, 0)];
  const type = ld16be(frame, ETH_TYPE);
  const dst = formatMac(frame.subarray(ETH_DST, ETH_DST + 6));
  const src = formatMac(frame.subarray(ETH_SRC, ETH_SRC + 6));
  const typeName = type === ETHERTYPE_IPV4 ? 'IPv4' : type === ETHERTYPE_ARP ? 'ARP' : 'Unknown';
  out.push(field(`Ethernet II, Src: ${src}, Dst: ${dst}`, 0, ETH_HDR_LEN, [
    field(`Destination: ${dst}`, ETH_DST, 6),
    field(`Source: ${src}`, ETH_SRC, 6),
    field(`Type: ${typeName} (${hex(type, 4)})`, ETH_TYPE, 2),
  ]));
  if (type === ETHERTYPE_IPV4) out.push(...ipv4(frame, ETH_HDR_LEN, frame.length));
  else if (type === ETHERTYPE_ARP) out.push(arp(frame, ETH_HDR_LEN));
  else out.push(field(`Data (${frame.length - ETH_HDR_LEN} bytes)`, ETH_HDR_LEN, frame.length - ETH_HDR_LEN));
  return out;
}

function arp(b: Uint8Array, o: number): TreeNode {
  if (b.length < o + ARP_LEN) return malformed(b, o);
  const op = ld16be(b, o + ARP_OP);
  const opName = op === 1 ? 'request' : op === 2 ? 'reply' : 'unknown';
  const mac = (at: number): string => formatMac(b.subarray(o + at, o + at + 6));
  const ip = (at: number): string => formatIp4(ld32be(b, o + at));
  return field(`Address Resolution Protocol (${opName})`, o, ARP_LEN, [
    field(`Hardware type: ${ld16be(b, o + ARP_HTYPE) === 1 ? 'Ethernet' : 'Unknown'} (${ld16be(b, o + ARP_HTYPE)})`, o + ARP_HTYPE, 2),
    field(`Protocol type: IPv4 (${hex(ld16be(b, o + ARP_PTYPE), 4)})`, o + ARP_PTYPE, 2),
    field(`Hardware size: ${b[o + ARP_HLEN]}`, o + ARP_HLEN, 1),
    field(`Protocol size: ${b[o + ARP_PLEN]}`, o + ARP_PLEN, 1),
    field(`Opcode: ${opName} (${op})`, o + ARP_OP, 2),
    field(`Sender MAC address: ${mac(ARP_SHA)}`, o + ARP_SHA, 6),
    field(`Sender IP address: ${ip(ARP_SPA)}`, o + ARP_SPA, 4),
    field(`Target MAC address: ${mac(ARP_THA)}`, o + ARP_THA, 6),
    field(`Target IP address: ${ip(ARP_TPA)}`, o + ARP_TPA, 4),
  ]);
}

/** One IPv4 header and what it carries (IPIP: the inner packet, as Wireshark nests it). */
function ipv4(b: Uint8Array, o: number, end: number): TreeNode[] {
  if (end < o + IPV4_HDR_LEN) return [malformed(b, o)];
  const ihl = (b[o] & 0x0f) * 4;
  if (ihl < IPV4_HDR_LEN || end < o + ihl) return [malformed(b, o)];
  const total = ld16be(b, o + IPV4_TOTAL_LEN);
  const ff = ld16be(b, o + IPV4_FLAGS_FRAG);
  const proto = b[o + IPV4_PROTO];
  const src = formatIp4(ld32be(b, o + IPV4_SRC));
  const dst = formatIp4(ld32be(b, o + IPV4_DST));
  const csum = ld16be(b, o + IPV4_CSUM);
  const good = internetChecksum(b, o, ihl) === 0;
  const id = ld16be(b, o + IPV4_ID);
  const flags = ff >> 13;
  const flagNames = [flags & 2 ? "Don't fragment" : '', flags & 1 ? 'More fragments' : ''].filter(Boolean).join(', ');
  const tos = b[o + IPV4_TOS];
  const children: TreeNode[] = [
    field(`0100 .... = Version: ${b[o] >> 4}`, o, 1),
    field(`.... ${(ihl / 4).toString(2).padStart(4, '0')} = Header Length: ${ihl} bytes (${ihl / 4})`, o, 1),
    field(`Differentiated Services Field: ${hex(tos, 2)} (DSCP: ${dscpShort(tos >> 2)}, ECN: ${ECN[tos & 3][0]})`, o + IPV4_TOS, 1, [
      field(`${bitPattern(tos, 0xfc, 8)} = Differentiated Services Codepoint: ${dscpLong(tos >> 2)} (${tos >> 2})`, o + IPV4_TOS, 1),
      field(`${bitPattern(tos, 0x03, 8)} = Explicit Congestion Notification: ${ECN[tos & 3][1]} (${tos & 3})`, o + IPV4_TOS, 1),
    ]),
    field(`Total Length: ${total}`, o + IPV4_TOTAL_LEN, 2),
    field(`Identification: ${hex(id, 4)} (${id})`, o + IPV4_ID, 2),
    field(`${bitPattern(ff >> 8, 0xe0, 8)} = Flags: ${hex(flags, 1)}${flagNames ? `, ${flagNames}` : ''}`, o + IPV4_FLAGS_FRAG, 1, [
      field(`0... .... = Reserved bit: ${flags & 4 ? 'Set' : 'Not set'}`, o + IPV4_FLAGS_FRAG, 1),
      field(`.${flags & 2 ? 1 : 0}.. .... = Don't fragment: ${flags & 2 ? 'Set' : 'Not set'}`, o + IPV4_FLAGS_FRAG, 1),
      field(`..${flags & 1 ? 1 : 0}. .... = More fragments: ${flags & 1 ? 'Set' : 'Not set'}`, o + IPV4_FLAGS_FRAG, 1),
    ]),
    field(`${bitPattern(ff, 0x1fff, 16)} = Fragment Offset: ${(ff & 0x1fff) * 8}`, o + IPV4_FLAGS_FRAG, 2),
    field(`Time to Live: ${b[o + IPV4_TTL]}`, o + IPV4_TTL, 1),
    field(`Protocol: ${PROTO_NAMES[proto] ?? 'Unknown'} (${proto})`, o + IPV4_PROTO, 1),
    field(`Header Checksum: ${hex(csum, 4)} [${good ? 'correct' : 'incorrect'}]`, o + IPV4_CSUM, 2),
    field(`Source Address: ${src}`, o + IPV4_SRC, 4),
    field(`Destination Address: ${dst}`, o + IPV4_DST, 4),
  ];
  if (ihl > IPV4_HDR_LEN) children.push(field(`Options: (${ihl - IPV4_HDR_LEN} bytes)`, o + IPV4_HDR_LEN, ihl - IPV4_HDR_LEN));
  const out = [field(`Internet Protocol Version 4, Src: ${src}, Dst: ${dst}`, o, ihl, children)];
  const pay = o + ihl;
  const payEnd = Math.min(end, o + Math.max(total, ihl));
  if ((ff & 0x1fff) !== 0) return [...out, field(`Data (fragment, ${payEnd - pay} bytes)`, pay, payEnd - pay)];
  if (proto === IPPROTO_IPIP) out.push(...ipv4(b, pay, payEnd));
  else if (proto === IPPROTO_ICMP) out.push(...icmp(b, pay, payEnd));
  else if (proto === IPPROTO_UDP) out.push(udp(b, pay, payEnd));
  else if (proto === IPPROTO_TCP) out.push(tcp(b, pay, payEnd));
  else if (payEnd > pay) out.push(field(`Data (${payEnd - pay} bytes)`, pay, payEnd - pay));
  return out;
}

const ICMP_TYPES: Record<number, string> = {
  [ICMP_ECHO_REPLY]: 'Echo (ping) reply', [ICMP_DEST_UNREACH]: 'Destination unreachable', [ICMP_ECHO]: 'Echo (ping) request',
  [ICMP_TIME_EXCEEDED]: 'Time-to-live exceeded', 12: 'Parameter problem', 13: 'Timestamp request', 14: 'Timestamp reply',
};
const UNREACH_CODES = ['Network unreachable', 'Host unreachable', 'Protocol unreachable', 'Port unreachable', 'Fragmentation needed'];

function icmp(b: Uint8Array, o: number, end: number): TreeNode[] {
  if (end < o + ICMP_HDR_LEN) return [malformed(b, o)];
  const type = b[o];
  const code = b[o + 1];
  const csum = ld16be(b, o + 2);
  const good = internetChecksum(b, o, end - o) === 0;
  const codeName = type === ICMP_DEST_UNREACH ? UNREACH_CODES[code] : type === ICMP_TIME_EXCEEDED && code === 0 ? 'Time to live exceeded in transit' : undefined;
  const children: TreeNode[] = [
    field(`Type: ${type} (${ICMP_TYPES[type] ?? 'Unknown'})`, o, 1),
    field(`Code: ${code}${codeName ? ` (${codeName})` : ''}`, o + 1, 1),
    field(`Checksum: ${hex(csum, 4)} [${good ? 'correct' : 'incorrect'}]`, o + 2, 2),
  ];
  if (type === ICMP_ECHO || type === ICMP_ECHO_REPLY || type === 13 || type === 14) {
    const id = ld16be(b, o + 4);
    const seq = ld16be(b, o + 6);
    children.push(field(`Identifier (BE): ${id} (${hex(id, 4)})`, o + 4, 2), field(`Sequence Number (BE): ${seq} (${hex(seq, 4)})`, o + 6, 2));
    if (end > o + 8) children.push(field(`Data (${end - o - 8} bytes)`, o + 8, end - o - 8));
  } else if (icmpIsError(type)) {
    if (type === ICMP_DEST_UNREACH && code === 4) children.push(field(`MTU of next hop: ${ld16be(b, o + 6)}`, o + 6, 2));
    else children.push(field(`Unused: ${ld32be(b, o + 4).toString(16).padStart(8, '0')}`, o + 4, 4));
    if (end > o + 8) {
      // the quoted packet: its header and first 8 octets (icmp_send quotes at most 576 octets)
      children.push(...ipv4(b, o + 8, end));
    }
  } else if (end > o + 4) {
    children.push(field(`Data (${end - o - 4} bytes)`, o + 4, end - o - 4));
  }
  return [field('Internet Control Message Protocol', o, end - o, children)];
}

function udp(b: Uint8Array, o: number, end: number): TreeNode {
  if (end < o + UDP_HDR_LEN) return malformed(b, o);
  const sport = ld16be(b, o + UDP_SPORT);
  const dport = ld16be(b, o + UDP_DPORT);
  const len = ld16be(b, o + UDP_LEN);
  const children = [
    field(`Source Port: ${sport}`, o + UDP_SPORT, 2),
    field(`Destination Port: ${dport}`, o + UDP_DPORT, 2),
    field(`Length: ${len}`, o + UDP_LEN, 2),
    field(`Checksum: ${hex(ld16be(b, o + UDP_CSUM), 4)} [unverified]`, o + UDP_CSUM, 2),
  ];
  if (end > o + UDP_HDR_LEN) children.push(field(`Data (${end - o - UDP_HDR_LEN} bytes)`, o + UDP_HDR_LEN, end - o - UDP_HDR_LEN));
  return field(`User Datagram Protocol, Src Port: ${sport}, Dst Port: ${dport}`, o, end - o, children);
}

const TCP_FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'];

function tcp(b: Uint8Array, o: number, end: number): TreeNode {
  if (end < o + TCP_HDR_LEN) return malformed(b, o);
  const sport = ld16be(b, o + TCP_SPORT);
  const dport = ld16be(b, o + TCP_DPORT);
  const hlen = (b[o + TCP_DOFF] >> 4) * 4;
  const flags = b[o + TCP_FLAGS];
  const names = TCP_FLAG_NAMES.filter((_, i) => flags & (1 << i)).join(', ');
  const seq = ld32be(b, o + TCP_SEQ);
  const ack = ld32be(b, o + TCP_ACK);
  return field(`Transmission Control Protocol, Src Port: ${sport}, Dst Port: ${dport}, Seq: ${seq}${flags & 0x10 ? `, Ack: ${ack}` : ''}`, o, end - o, [
    field(`Source Port: ${sport}`, o + TCP_SPORT, 2),
    field(`Destination Port: ${dport}`, o + TCP_DPORT, 2),
    field(`Sequence Number (raw): ${seq}`, o + TCP_SEQ, 4),
    field(`Acknowledgment Number (raw): ${ack}`, o + TCP_ACK, 4),
    field(`Header Length: ${hlen} bytes (${hlen / 4})`, o + TCP_DOFF, 1),
    field(`Flags: ${hex(flags, 3)} (${names || 'none'})`, o + TCP_FLAGS, 1),
    field(`Window: ${ld16be(b, o + TCP_WINDOW)}`, o + TCP_WINDOW, 2),
    field(`Checksum: ${hex(ld16be(b, o + TCP_CSUM), 4)} [unverified]`, o + TCP_CSUM, 2),
  ]);
}
