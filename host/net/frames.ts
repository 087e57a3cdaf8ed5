// Whole frames built from the headers above, for senders that know every field: the
// benchmark's and the diagram's ping probes, and tests.

import { ETHERTYPE_IPV4, ETH_HDR_LEN, ethEmit } from './ethernet.ts';
import { ICMP_HDR_LEN, icmpEchoRest, icmpEmit } from './icmp.ts';
import { IPPROTO_ICMP, IPV4_HDR_LEN, ipv4Emit, type Ipv4Fields } from './ipv4.ts';

export interface EchoFrame {
  dstMac: ArrayLike<number>;
  srcMac: ArrayLike<number>;
  ip: Omit<Ipv4Fields, 'proto'>;
  type: number; // ICMP_ECHO or ICMP_ECHO_REPLY
  id: number;
  seq: number;
}

/** Ethernet + IPv4 + ICMP echo of exactly `size` octets (at least 42), the data all zero. */
export function echoFrame(e: EchoFrame, size: number): Uint8Array {
  const f = new Uint8Array(size);
  const ip = ETH_HDR_LEN;
  const icmp = ip + IPV4_HDR_LEN;
  const icmpLen = size - icmp;
  if (icmpLen < ICMP_HDR_LEN) throw new RangeError(`echo frame of ${size} octets: the minimum is ${icmp + ICMP_HDR_LEN}`);
  ethEmit(f, 0, e.dstMac, e.srcMac, ETHERTYPE_IPV4);
  const h = e.ip;
  ipv4Emit(f, ip, { tos: h.tos, id: h.id, flagsFrag: h.flagsFrag, ttl: h.ttl, proto: IPPROTO_ICMP, src: h.src, dst: h.dst }, icmpLen);
  icmpEmit(f, icmp, e.type, 0, icmpEchoRest(e.id, e.seq), icmpLen);
  return f;
}
