// ICMP errors the node sends about a packet it could not forward (__icmp_send):
//   - never about an ICMP error, a non-first fragment, a packet to a broadcast/multicast
//     address, or a frame that was not addressed to our MAC (__icmp_send, net/ipv4/icmp.c);
//   - source address: the address Linux's route lookup back to the sender selects — the
//     tunl0 /32 when the error goes back over the tunnel (onlink route), the uplink's address
//     for uplink routes (a router: the interface facing the sender), the node IP for cali
//     routes (a cali has no IPv4 address, and inet_select_addr falls back to the first global
//     address, ens160's; __icmp_send leaves saddr 0 for forwarded packets);
//   - TOS (offending TOS & 0x1E) | 0xC0, TTL 64, DF clear (the ICMP socket is
//     IP_PMTUDISC_DONT), ID from the node's sequence;
//   - options: the offending packet's, as __ip_options_echo answers them (ipOptionsEcho.ts:
//     record route and timestamp with one more entry, a source route reversed and the error
//     sent to its last hop); an echo the kernel refuses means no error;
//   - payload: the offending IP header and data as received, the whole error ≤ 576 octets
//     and ≤ the route's MTU, options included;
//   - no rate limiting (icmp_ratelimit / icmp_msgs_per_sec: icmpv4_xrlim_allow, icmp_global_allow): left out so runs
//     are deterministic; frag-needed is exempt in Linux anyway.
// If there is no usable route back, no error is sent (the offending packet's drop is
// counted by the caller either way).

import {
  NODE_SCRATCH0, NODE_IP, NODE_TUNL0_IP, NH_NONE, NH_KIND, NH_OIF, NHK_ONLINK_TUNL0, SLOT_HEADROOM,
  IF_KIND, IF_IP, IF_MTU, IFK_UPLINK,
  NC_CREATED_ICMP, NC_ICMP_ERRORS,
} from './layout';
import {
  ipv4HeaderLen, ipv4TotalLen, ipv4FlagsFrag, ipv4Proto, ipv4Src, ipv4Dst, ipv4Tos, icmpErrorTos,
  ipv4PutVersionIhl, ipv4PutTos, ipv4PutTotalLen, ipv4PutId, ipv4PutFlagsFrag, ipv4PutTtl,
  ipv4PutProto, ipv4PutSrc, ipv4PutDst, ipv4PutChecksum, ipv4FillChecksum,
  ipv4IsMulticast, ipv4IsLbcast, IPV4_FRAG_OFFSET, IPV4_HDR_LEN, IPPROTO_ICMP,
} from './wire/ipv4';
import {
  icmpEmitHeader, icmpFillChecksum, icmpIsError, ICMP_HDR_LEN, ICMP_ERROR_MAX, ICMP_NR_TYPES,
} from './wire/icmp';
import { ETH_HDR_LEN } from './wire/ethernet';
import { countNode, CaptureOn } from './counters';
import { routeLookup, nhPtr, nhIsUnicast, nextIpId, ifPtr } from './context';
import { ipOutput } from './output';
import { ipOptionsEcho, srrFirstHop, OPT_DROPPED } from './ipOptionsEcho';

// @ts-ignore: decorator
@inline export const ICMP_ERROR_TTL: u32 = 64; // net.ipv4.ip_default_ttl

/** The error's source: the route back's preferred source (fib_select → FIB_RES_PREFSRC, then
 *  inet_select_addr on the output device): tunl0's /32 over the tunnel, the uplink's own
 *  address out of an uplink (a router answers from the interface facing the sender), the
 *  node IP out of a cali (no address of its own). */
// @ts-ignore: decorator
@inline function icmpSource(ctx: usize, n: usize, kind: u32): u32 {
  if (kind == NHK_ONLINK_TUNL0) return load<u32>(ctx, NODE_TUNL0_IP);
  const oif = ifPtr(ctx, <u32>load<u16>(n, NH_OIF));
  return load<u32>(oif, IF_KIND) == IFK_UPLINK ? load<u32>(oif, IF_IP) : load<u32>(ctx, NODE_IP);
}

/** Send type/code about the packet at `ip` (validated header), whose options compiled into
 *  `opts` (ipOptionsEcho.ts; 0: none, or an error that echoes none: icmp_ndo_send's). `info`
 *  is icmp_send's: the 32 bits after the checksum (3/4: the next-hop MTU; 12/0: the pointer in
 *  the top octet). */
export function icmpSendError(ctx: usize, ip: usize, type: u32, code: u32, info: u32, meta: u32, l2bcast: bool, opts: u32): void {
  icmpSendErrorQuote(ctx, ip, type, code, info, meta, l2bcast, 0, ipv4TotalLen(ip), opts);
}

/** icmpSendError with the source given (`from`, non-zero): for a packet addressed to a local
 *  address, __icmp_send answers from that address (RTCF_LOCAL: saddr = iph->daddr). */
export function icmpSendErrorFrom(ctx: usize, ip: usize, type: u32, code: u32, info: u32, meta: u32, l2bcast: bool, from: u32, opts: u32): void {
  icmpSendErrorQuote(ctx, ip, type, code, info, meta, l2bcast, from, ipv4TotalLen(ip), opts);
}

/** icmpSendErrorFrom quoting at most `quote` octets from the IP header on: what is left of
 *  skb_in when the error is sent (__udp4_lib_rcv has trimmed it to the UDP length). */
export function icmpSendErrorQuote(ctx: usize, ip: usize, type: u32, code: u32, info: u32, meta: u32, l2bcast: bool, from: u32, quote: u32, opts: u32): void {
  if (l2bcast) return; // skb->pkt_type != PACKET_HOST
  if ((ipv4FlagsFrag(ip) & IPV4_FRAG_OFFSET) != 0) return;
  // RTCF_MULTICAST | RTCF_BROADCAST (0.0.0.0 → 0.0.0.0 is brd_input's too)
  if (ipv4IsMulticast(ipv4Dst(ip)) || ipv4IsLbcast(ipv4Dst(ip)) || (ipv4Dst(ip) | ipv4Src(ip)) == 0) return;
  const hl = ipv4HeaderLen(ip);
  const tl = ipv4TotalLen(ip);
  if (ipv4Proto(ip) == IPPROTO_ICMP) {
    if (tl <= hl) return; // the inner type is unreadable: skb_header_pointer fails
    const t = <u32>load<u8>(ip + hl);
    if (t > ICMP_NR_TYPES || icmpIsError(t)) return;
  }
  // icmp_route_lookup: back to the sender, or to an echoed source route's last hop
  const hop = opts != 0 ? srrFirstHop(ip, opts) : 0;
  const dst = hop != 0 ? hop : ipv4Src(ip);
  const nh = routeLookup(ctx, dst);
  if (nh == NH_NONE) return;
  const n = nhPtr(ctx, nh);
  const kind = load<u8>(n, NH_KIND);
  if (!nhIsUnicast(kind)) return; // no usable output route back to the sender
  const src = from != 0 ? from : icmpSource(ctx, n, kind);
  const b = <usize>load<u32>(ctx, NODE_SCRATCH0) + SLOT_HEADROOM + ETH_HDR_LEN;
  let ol: u32 = 0;
  if (opts != 0) {
    ol = ipOptionsEcho(ctx, ip, opts, b + IPV4_HDR_LEN, src);
    if (ol == OPT_DROPPED) return;
  }
  // "return as much as we can without exceeding 576 bytes": min(dst_mtu, 576), less the
  // headers; at most the IP header's worth means no error ("guard against tiny mtu")
  const mtu = load<u32>(ifPtr(ctx, <u32>load<u16>(n, NH_OIF)), IF_MTU);
  const room = <i32>(mtu < ICMP_ERROR_MAX ? mtu : ICMP_ERROR_MAX) - <i32>(IPV4_HDR_LEN + ol + ICMP_HDR_LEN);
  if (room <= <i32>IPV4_HDR_LEN) return;
  const copy = quote < <u32>room ? quote : <u32>room;
  const hl2 = IPV4_HDR_LEN + ol;
  const total = hl2 + ICMP_HDR_LEN + copy;
  const sum = ipv4PutVersionIhl(b)
    + ipv4PutTos(b, icmpErrorTos(ipv4Tos(ip)))
    + ipv4PutTotalLen(b, total)
    + ipv4PutId(b, nextIpId(ctx))
    + ipv4PutFlagsFrag(b, 0) // DF clear: the ICMP socket is IP_PMTUDISC_DONT
    + ipv4PutTtl(b, ICMP_ERROR_TTL)
    + ipv4PutProto(b, IPPROTO_ICMP)
    + ipv4PutSrc(b, src)
    + ipv4PutDst(b, dst);
  if (ol == 0) ipv4PutChecksum(b, sum);
  else { // IHL > 5: the options are in the sum too
    store<u8>(b, <u8>(0x40 | (hl2 >>> 2)));
    ipv4FillChecksum(b);
  }
  const icmp = b + hl2;
  icmpEmitHeader(icmp, type, code, info >>> 16, info & 0xffff);
  memory.copy(icmp + ICMP_HDR_LEN, ip, copy);
  icmpFillChecksum(icmp, ICMP_HDR_LEN + copy);
  countNode(ctx, NC_CREATED_ICMP);
  countNode(ctx, NC_ICMP_ERRORS);
  ipOutput<CaptureOn>(ctx, b, total, nh, meta);
}
