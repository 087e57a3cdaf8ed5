// The packets the fuzzer's templates (templates.ts) and the oracle's edge cases
// (oracle/scenarios/edge.ts) start from: fixed payload patterns and defaults, so their bytes
// are the same run after run. Built with host/net; build-time only, so they allocate.

import { ARPOP_REQUEST, arpPacket } from '../net/arp.ts';
import { st16be, st32be } from '../net/endian.ts';
import { BROADCAST_MAC, ETHERTYPE_ARP, ZERO_MAC, ethFrame } from '../net/ethernet.ts';
import { ICMP_ECHO, icmpEchoRest, icmpMessage } from '../net/icmp.ts';
import { IPV4_DF, ipv4Packet } from '../net/ipv4.ts';
import { udpDatagram } from '../net/udp.ts';

export interface Ip {
  src: number;
  dst: number;
  proto: number;
  ttl?: number;
  tos?: number;
  id?: number;
  df?: boolean;
}

/** IPv4 (IHL 5) with these defaults: id 0x1234, TTL 64, TOS 0, DF. */
export function ipv4(f: Ip, payload: Uint8Array): Uint8Array {
  return ipv4Packet({ tos: f.tos, id: f.id ?? 0x1234, flagsFrag: f.df ?? true ? IPV4_DF : 0, ttl: f.ttl ?? 64, proto: f.proto, src: f.src, dst: f.dst }, payload);
}

const pattern = (len: number, byte: (i: number) => number): Uint8Array => Uint8Array.from({ length: len }, (_, i) => byte(i) & 255);

/** An echo request with `dataLen` octets of 0x10, 0x11, … */
export function icmpEcho(id: number, seq: number, dataLen: number): Uint8Array {
  return icmpMessage(ICMP_ECHO, 0, icmpEchoRest(id, seq), pattern(dataLen, (i) => 0x10 + i));
}

/** UDP with `dataLen` octets of a…z and a zero checksum (legal in IPv4: the data path never
 *  checks L4 sums anyway). */
export function udp(sport: number, dport: number, dataLen: number): Uint8Array {
  return udpDatagram(sport, dport, pattern(dataLen, (i) => 0x61 + (i % 26)));
}

/** A 20-octet TCP SYN (data offset 5, window 64240), its checksum left zero. */
export function tcpSyn(sport: number, dport: number): Uint8Array {
  const b = new Uint8Array(20);
  st16be(b, 0, sport);
  st16be(b, 2, dport);
  st32be(b, 4, 0x01020304); // sequence number
  b[12] = 5 << 4;
  b[13] = 0x02; // SYN
  st16be(b, 14, 64240);
  return b;
}

/** An Ethernet broadcast ARP request, as arp_solicit sends it (target hardware address zero). */
export function arpWhoHas(sha: Uint8Array, spa: number, tpa: number): Uint8Array {
  return ethFrame(BROADCAST_MAC, sha, ETHERTYPE_ARP, arpPacket({ op: ARPOP_REQUEST, sha, spa, tha: ZERO_MAC, tpa }));
}
