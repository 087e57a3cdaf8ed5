// Delivery to the host stack for packets addressed to one of the node's own addresses
// (ens160 IP, tunl0 IP, kube-ipvs0 service IPs, 127/8). IPIP is handled before this
// (tunnel/ipip.ts). The host stack itself is not simulated; the one thing it answers here
// is ICMP echo, as Linux does (icmp_echo → icmp_reply):
//   reply src = the address that was pinged, dst = the sender, TOS = the request's TOS,
//   TTL 64, DF clear (ICMP socket: IP_PMTUDISC_DONT), ID from the node's sequence, ICMP
//   type 0 with code/identifier/sequence/data copied, checksum recomputed in full.
//   Deviation: IP options of the request are not echoed back (the reply has IHL 5).
// Everything else (and echo requests that are truncated or fail the ICMP checksum, which
// icmp_rcv drops) is counted as delivered to the host. Fragments would need reassembly:
// out of scope, counted as DROP_REASSEMBLY.

import {
  NH_NONE, NC_DELIVERED_HOST, NC_CREATED_ICMP, NC_ECHO_REPLIES, DROP_REASSEMBLY, DROP_NO_ROUTE,
} from './layout';
import {
  ipv4HeaderLen, ipv4IsFragment, ipv4Proto, ipv4Src, ipv4Dst, ipv4Tos,
  ipv4PutVersionIhl, ipv4PutTos, ipv4PutTotalLen, ipv4PutId, ipv4PutFlagsFrag, ipv4PutTtl,
  ipv4PutProto, ipv4PutSrc, ipv4PutDst, ipv4PutChecksum,
  IPV4_HDR_LEN, IPPROTO_ICMP, IPV4_BROADCAST,
} from './wire/ipv4';
import {
  icmpType, icmpChecksumOk, icmpFillChecksum, ICMP_HDR_LEN, ICMP_ECHO, ICMP_ECHO_REPLY, ICMP_TYPE, ICMP_DEST_UNREACH,
} from './wire/icmp';
import { ipipErr } from './tunnel/pmtu';
import { countNode, dropRx, dropNode } from './counters';
import { routeLookup, nextIpId } from './context';
import { ipOutput } from './output';
import { ICMP_ERROR_TTL } from './icmpError';

export function localDeliver(ctx: usize, inIf: u32, ip: usize, tl: u32, meta: u32): void {
  if (ipv4IsFragment(ip)) {
    dropRx(ctx, inIf, DROP_REASSEMBLY);
    return;
  }
  countNode(ctx, NC_DELIVERED_HOST);
  const hl = ipv4HeaderLen(ip);
  const icmpLen = tl - hl;
  if (ipv4Proto(ip) != IPPROTO_ICMP || icmpLen < ICMP_HDR_LEN || ipv4Dst(ip) == IPV4_BROADCAST) return;
  if (icmpType(ip + hl) == ICMP_DEST_UNREACH) { // about a packet we sent: a tunnel's path MTU (tunnel/pmtu.ts)
    ipipErr(ctx, ip + hl, icmpLen);
    return;
  }
  if (icmpType(ip + hl) != ICMP_ECHO || !icmpChecksumOk(ip + hl, icmpLen)) return;
  const src = ipv4Dst(ip);
  const dst = ipv4Src(ip);
  const tos = ipv4Tos(ip);
  if (hl != IPV4_HDR_LEN) memory.copy(ip + IPV4_HDR_LEN, ip + hl, icmpLen);
  ipv4PutChecksum(ip, ipv4PutVersionIhl(ip)
    + ipv4PutTos(ip, tos)
    + ipv4PutTotalLen(ip, IPV4_HDR_LEN + icmpLen)
    + ipv4PutId(ip, nextIpId(ctx))
    + ipv4PutFlagsFrag(ip, 0)
    + ipv4PutTtl(ip, ICMP_ERROR_TTL)
    + ipv4PutProto(ip, IPPROTO_ICMP)
    + ipv4PutSrc(ip, src)
    + ipv4PutDst(ip, dst));
  store<u8>(ip + IPV4_HDR_LEN, <u8>ICMP_ECHO_REPLY, ICMP_TYPE);
  icmpFillChecksum(ip + IPV4_HDR_LEN, icmpLen);
  countNode(ctx, NC_CREATED_ICMP);
  countNode(ctx, NC_ECHO_REPLIES);
  const nh = routeLookup(ctx, dst);
  if (nh == NH_NONE) dropNode(ctx, DROP_NO_ROUTE);
  else ipOutput(ctx, ip, IPV4_HDR_LEN + icmpLen, nh, meta);
}
