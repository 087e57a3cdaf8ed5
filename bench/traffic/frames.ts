// The benchmark's frames: what a busybox pod puts on its eth0 for `ping <peer>` (seed lines
// 219-220): Ethernet from the pod's MAC to Calico's ee:ee:ee:ee:ee:ee, IPv4 ttl 64 DF, ICMP
// echo request. Built once per flow before the run; the workers copy these bytes verbatim into
// the pods' rx rings, so generation costs one memcpy per frame and is the same for every engine.

import { parseMac, type Ip4 } from '../../host/net/addr.ts';
import { echoFrame } from '../../host/net/frames.ts';
import { ICMP_ECHO, ICMP_ECHO_REPLY } from '../../host/net/icmp.ts';
import { IPV4_DF, IPPROTO_UDP, ipv4Packet } from '../../host/net/ipv4.ts';
import { udpDatagram } from '../../host/net/udp.ts';
import { ETHERTYPE_IPV4, ethFrame } from '../../host/net/ethernet.ts';
import { MAX_MTU } from '../../host/cluster/validate.ts';

export const MIN_FRAME = 64; // Ethernet minimum without FCS, as tcpdump prints `length 64`
export const MAX_FRAME = MAX_MTU + 14; // the largest uplink MTU the model accepts + Ethernet header
/** The largest frame for a cluster whose uplink MTU is `mtu` (1514 at 1500, 9014 at 9000). */
export const maxFrameFor = (mtu: number): number => mtu + 14;
export const SEED_FRAME = 98; // the seed's `length 98` ping (56 data bytes)

export interface EchoFlow {
  srcMac: string;
  dstMac: string;
  srcIp: Ip4;
  dstIp: Ip4;
  /** ICMP identifier (busybox: its pid); distinct per flow so captures tell flows apart. */
  ident: number;
  /** IPv4 identification field of the template (the real sender increments it; constant here). */
  ipId: number;
}

/** One echo request frame of exactly `size` bytes (MIN_FRAME..MAX_FRAME), checksums correct. */
export function echoRequestFrame(flow: EchoFlow, size: number): Uint8Array {
  if (!Number.isInteger(size) || size < MIN_FRAME || size > MAX_FRAME) {
    throw new RangeError(`frame size ${size} outside ${MIN_FRAME}..${MAX_FRAME}`);
  }
  const dst = parseMac(flow.dstMac);
  const src = parseMac(flow.srcMac);
  if (!dst || !src) throw new RangeError(`bad MAC in flow ${flow.srcMac} > ${flow.dstMac}`);
  // DF as Linux/busybox ping with PMTU discovery on; seq 0 as in the seed's captures. busybox
  // fills the data with zeros and its first 4 bytes with its send time: left zero so every
  // engine sees identical bytes.
  return echoFrame({ dstMac: dst, srcMac: src, ip: { id: flow.ipId, flagsFrag: IPV4_DF, ttl: 64, src: flow.srcIp, dst: flow.dstIp }, type: ICMP_ECHO, id: flow.ident, seq: 0 }, size);
}

/** The echo reply a pod sends back for `flow`'s request (icmp_reply: DF clear, TTL 64, the
 *  request's identifier), from `flow.srcIp` to `flow.dstIp` as given. */
export function echoReplyFrame(flow: EchoFlow, size: number): Uint8Array {
  const dst = parseMac(flow.dstMac);
  const src = parseMac(flow.srcMac);
  if (!dst || !src) throw new RangeError(`bad MAC in flow ${flow.srcMac} > ${flow.dstMac}`);
  if (!Number.isInteger(size) || size < MIN_FRAME || size > MAX_FRAME) throw new RangeError(`frame size ${size} outside ${MIN_FRAME}..${MAX_FRAME}`);
  return echoFrame({ dstMac: dst, srcMac: src, ip: { id: flow.ipId, flagsFrag: 0, ttl: 64, src: flow.srcIp, dst: flow.dstIp }, type: ICMP_ECHO_REPLY, id: flow.ident, seq: 0 }, size);
}

/** A UDP datagram of exactly `size` bytes from the flow's pod to a Service's ClusterIP:
 *  `flow.dstIp` is the VIP, `sport` → `dport` its ports (the service mix). */
export function serviceFrame(flow: EchoFlow, sport: number, dport: number, size: number): Uint8Array {
  const dst = parseMac(flow.dstMac);
  const src = parseMac(flow.srcMac);
  if (!dst || !src) throw new RangeError(`bad MAC in flow ${flow.srcMac} > ${flow.dstMac}`);
  if (!Number.isInteger(size) || size < MIN_FRAME || size > MAX_FRAME) throw new RangeError(`frame size ${size} outside ${MIN_FRAME}..${MAX_FRAME}`);
  const data = new Uint8Array(size - 14 - 20 - 8);
  const udp = udpDatagram(sport, dport, data, { src: flow.srcIp, dst: flow.dstIp });
  return ethFrame(dst, src, ETHERTYPE_IPV4, ipv4Packet({ tos: 0, id: flow.ipId, flagsFrag: IPV4_DF, ttl: 64, proto: IPPROTO_UDP, src: flow.srcIp, dst: flow.dstIp }, udp));
}
