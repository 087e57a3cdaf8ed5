// IPv4 input and forwarding (ip_rcv_core → ip_route_input → ip_forward / ip_local_deliver).
//
//   validate (ipv4Check) ─► martian checks ─► route input ─► options (IHL > 5: ipOptions.ts)
//                                                         ┬─ LOCAL: fragment ─► reasm.ts│
//                                                         │   (the whole datagram, or  │
//                                                         │   nothing yet), then:      │
//                                                         │   proto 4 ─► decap ────────┤
//                                                         │   else ─► localDeliver     │
//                                                         ├─ blackhole: silent drop     │
//                                                         ├─ unreachable/prohibit/miss: │
//                                                         │   ICMP 3/1, 3/13, 3/0 + drop │
//                                                         └─ unicast: forwarding on?    │
//     ┌───────────────── inner packet, as received on tunl0 ◄────────────────────────────┘
//     │                                   PACKET_HOST? TTL > 1 (else ICMP 11/0)
//     └─► (loop)                          DF and > egress MTU? (ICMP 3/4 + MTU)
//                                         TTL − 1 (incremental checksum), forward
//                                         options (record route) ─► ipOutput
//
// Order as in the kernel: the route type decides first (ip_error for unreachable routes
// runs before ip_forward), then ip_forward's TTL check comes BEFORE the MTU check and both
// before the decrement (ip_forward, net/ipv4/ip_forward.c). The packet is edited in place: a forward only changes
// TTL and checksum (and a record-route slot), so there is no parse/emit round-trip. A packet
// that leaves through the interface it came in on, towards an on-link source, also gets an
// ICMP redirect (redirect.ts). rp_filter: strict on a cali (Felix), loose nowhere, off
// elsewhere; a source that is one of our own addresses is a martian everywhere.

import {
  IF_FLAGS, IF_KIND, IF_MTU, IFK_CALI, IFF_FORWARDING, IF_TUNL0, NH_NONE, NH_KIND, NH_OIF,
  NHK_LOCAL, NHK_BROADCAST, NHK_BLACKHOLE, NHK_UNREACHABLE, NHK_PROHIBIT, NHK_ONLINK_TUNL0, NC_FORWARDED, NC_DELIVERED_HOST,
  DROP_IP_MARTIAN_SRC, DROP_IP_MARTIAN_DST, DROP_NO_ROUTE, DROP_BLACKHOLE, DROP_UNREACHABLE,
  DROP_PROHIBIT, DROP_NOT_FORWARDING, DROP_L2_BROADCAST, DROP_TTL_EXCEEDED, DROP_FRAG_NEEDED,
  DROP_RP_FILTER, DROP_IP_LOCAL_SRC, FLOW_WAY, FW_NH, NODE_VS_MASK, NODE_IPVS_OPTS, NODE_CT_LIVE, RQ_HEAD_OPTS, RQ_HEAD_BCAST,
} from './layout';
import {
  ipv4Check, ipv4TotalLen, ipv4Src, ipv4Dst, ipv4Proto, ipv4Ttl, ipv4FlagsFrag, ipv4DecTtl,
  ipv4HeaderLen, ipv4IsFragment, ipv4IsMulticast, ipv4IsLbcast, ipv4IsZeronet, ipv4IsLoopback, ipv4BothPlain, IPV4_DF, IPV4_BROADCAST, IPV4_ALLHOSTS, IPV4_LOOPBACK,
  IPPROTO_IPIP, IPV4_HDR_LEN, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP,
} from './wire/ipv4';
import {
  ICMP_DEST_UNREACH, ICMP_NET_UNREACH, ICMP_HOST_UNREACH, ICMP_PKT_FILTERED, ICMP_FRAG_NEEDED,
  ICMP_TIME_EXCEEDED, ICMP_EXC_TTL,
} from './wire/icmp';
import { CHECK_OK } from './wire/endian';
import { countNode, dropRx, dropTx, ifReceivedIn, ifTransmittedIn } from './counters';
import { routeLookup, lookupCacheSlot, flowCacheSet, flowWayIs, flowCacheFill, routeLookupMiss, nhPtr, ifPtr, nhKindIn, NHK_UNICAST_SET, rpFilterOk, srcIsLocal, srcOnLink, nhGateway } from './context';
import { ipRtSendRedirect } from './redirect';
import { fragmentOutput } from './fragment';
import { ipTransmitTo } from './nexthop';
import { icmpSendError } from './icmpError';
import { localDeliver } from './local';
import { ipipDecap, ipipEncapHeld, IPIP_OVERHEAD } from './tunnel/ipip';
import { flowOutputHeld, flowOutputMtu, flowOutput, flowOutputFill } from './flowOutput';
import { ETH_HDR_LEN } from './wire/ethernet';
import { ipipTunnelUp, ipipNoTunnel } from './tunnel/noTunnel';
import { ipipTooBig } from './tunnel/pmtu';
import { ipOptionsRcv, ipForwardOptions, NHK_NO_ROUTE } from './ipOptions';
import { OPT_DROPPED } from './ipOptionsEcho';
import { ipvsIn } from './ipvs';
import { ipDefrag, reasmDatagram } from './reasm';

/** ip_route_input_slow's source check (ipv4Input's rp_filter block, below) on the destination
 *  as received, for a packet IPVS is about to see: its hooks (LOCAL_IN, FORWARD) run after the
 *  route input, so a source rp_filter refuses never creates a connection or moves a scheduler.
 *  False after a counted drop. Written out here, not shared with ipv4Input: one inlined
 *  function for both costs the journey 1.5 % (BENCHMARKS.md, 2026-12-01 09:00). */
function ipvsSourceOk(ctx: usize, iface: u32, src: u32, dst: u32, brdIn: bool, localnet: bool): bool {
  const nh = routeLookup(ctx, dst);
  const kind: u32 = brdIn ? NHK_BROADCAST : nh == NH_NONE ? NHK_NO_ROUTE : <u32>load<u8>(nhPtr(ctx, nh), NH_KIND);
  if (!nhKindIn(kind, NHK_UNICAST_SET | (1 << NHK_LOCAL) | (1 << NHK_BROADCAST)) || (brdIn && ipv4IsZeronet(src))) return true;
  if (localnet) {
    if (rpFilterOk(ctx, iface, src)) return true;
    dropRx(ctx, iface, DROP_RP_FILTER);
    return false;
  }
  if (!(ipv4IsLoopback(src) ? src == IPV4_LOOPBACK : srcIsLocal(ctx, src))) return true;
  dropRx(ctx, iface, DROP_IP_LOCAL_SRC);
  return false;
}

/** Process the IPv4 packet at `ip` (`len` octets available, padding included) received on
 *  `inIf`; `l2bcast` when the frame's destination MAC was broadcast (not PACKET_HOST). `C`:
 *  compiled with or without the capture hook's call (counters.ts). Inlined into node.ts's
 *  drainRing, whose loop otherwise spills its live values around a call per frame: the
 *  journey 0.954 (BENCHMARKS.md, "The null engine in the core"). */
// @ts-ignore: decorator
@inline export function ipv4Input<C>(ctx: usize, inIf: u32, ip: usize, len: u32, meta: u32, l2bcast: bool): void {
  let iface = inIf;
  let p = ip;
  let avail = len;
  let bcast = l2bcast;
  while (true) {
    const r = ipv4Check(p, avail);
    if (r != CHECK_OK) {
      dropRx(ctx, iface, r);
      return;
    }
    let tl = ipv4TotalLen(p); // trailing octets are link padding (pskb_trim_rcsum)
    const src = ipv4Src(p);
    const dst = ipv4Dst(p);
    const localnet = load<u32>(ifPtr(ctx, iface), IF_KIND) == IFK_CALI; // route_localnet=1
    let brdIn = false; // taken in as a broadcast whatever the route says
    if (!ipv4BothPlain(src, dst)) { // the martian checks, in the kernel's order
      // Delivered locally like a subnet broadcast (nothing answers it, IPIP is decapsulated),
      // with a 0.0.0.0 source allowed: 224.0.0.1, as every device that is up has joined the
      // all-hosts group (ip_mc_up: ip_route_input_rcu → ip_check_mc_rcu → ip_route_input_mc,
      // RTCF_MULTICAST; ip_mc_validate_source lets 0.0.0.0 through for 224.0.0.0/24); and the
      // limited broadcast 255.255.255.255 or 0.0.0.0 → 0.0.0.0 (ip_route_input_slow → brd_input,
      // RTCF_BROADCAST, after the multicast and limited-broadcast source checks only). Set here
      // only: none of these is plain
      brdIn = dst == IPV4_ALLHOSTS || dst == IPV4_BROADCAST || (src == 0 && dst == 0);
      // (a loopback source is a martian except towards the limited broadcast:
      // ip_route_input_slow jumps to brd_input before its loopback checks; for 224.0.0.1,
      // ip_mc_validate_source refuses it like any other)
      if (ipv4IsMulticast(src) || ipv4IsLbcast(src) || (!localnet && ipv4IsLoopback(src) && dst != IPV4_BROADCAST)) {
        dropRx(ctx, iface, DROP_IP_MARTIAN_SRC);
        return;
      }
      if (ipv4IsZeronet(src) && !brdIn) {
        dropRx(ctx, iface, DROP_IP_MARTIAN_SRC);
        return;
      }
      if ((ipv4IsZeronet(dst) && !brdIn) || (ipv4IsMulticast(dst) && !brdIn) || (!localnet && ipv4IsLoopback(dst))) {
        dropRx(ctx, iface, DROP_IP_MARTIAN_DST); // multicast: no other group is joined here
        return;
      }
    }
    // kube-proxy's IPVS and the masquerade (ipvs.ts): may rewrite the addresses; the checks
    // above and rp_filter (before IPVS too: ipvsSourceOk) see the packet as received, the
    // route its new destination
    // (only TCP, UDP, and ICMP once a connection exists: the IPIP outer header and a pod's
    // echo pay one load and a compare)
    let to = dst;
    if (load<u32>(ctx, NODE_VS_MASK) != 0) {
      const pr = ipv4Proto(p);
      if (pr == IPPROTO_TCP || pr == IPPROTO_UDP || (pr == IPPROTO_ICMP && load<u32>(ctx, NODE_CT_LIVE) != 0)) {
        if (!ipvsSourceOk(ctx, iface, src, dst, brdIn, localnet) || !ipvsIn(ctx, iface, p, meta, bcast)) return;
        to = ipv4Dst(p);
      }
    }
    // the route and the source's verdict for this flow, when it passed before (context.ts
    // flowCacheSet: the same answer as the lookups below, valid for the step like the lookup
    // cache); a broadcast taken in as such (brdIn) is never filled, so never found
    const set = flowCacheSet(ctx, to, src, iface);
    let way: usize = 0; // the way the flow was found in (its output is held from its second packet)
    let nh: u32;
    let kind: u32;
    if (flowWayIs(set, to, src, iface)) {
      way = set;
      const v = load<u32>(set, FW_NH);
      nh = (v & 0xffffff) - 1;
      kind = v >>> 24;
    } else if (flowWayIs(set + FLOW_WAY, to, src, iface)) {
      way = set + FLOW_WAY;
      const v = load<u32>(set, FLOW_WAY + FW_NH);
      nh = (v & 0xffffff) - 1;
      kind = v >>> 24;
    } else {
      const at = lookupCacheSlot(ctx, to); // routeLookup, its hit written out (context.ts)
      if (load<u32>(at) == to) {
        nh = load<u32>(at, 4) - 1;
        kind = <u32>load<u8>(nhPtr(ctx, nh), NH_KIND);
      } else {
        nh = routeLookupMiss(ctx, at, to);
        kind = nh == NH_NONE ? NHK_NO_ROUTE : <u32>load<u8>(nhPtr(ctx, nh), NH_KIND);
      }
      if (brdIn) kind = NHK_BROADCAST;
      // ip_route_input_slow → fib_validate_source, for a local or a unicast route (rp_filter=1
      // on every cali, 0 on ens160 and tunl0): a dropped martian, no ICMP. Without rp_filter a
      // source that is one of our own addresses is still one (accept_local=0:
      // inet_lookup_ifaddr_rcu; with rp_filter the route back is RTN_LOCAL, which fails too);
      // brd_input validates the source of a subnet broadcast the same way
      if (nhKindIn(kind, NHK_UNICAST_SET | (1 << NHK_LOCAL) | (1 << NHK_BROADCAST)) && !(brdIn && ipv4IsZeronet(src))) {
        if (localnet) {
          if (!rpFilterOk(ctx, iface, src)) {
            dropRx(ctx, iface, DROP_RP_FILTER);
            store<u32>(ctx, 0, NODE_IPVS_OPTS); // what IPVS compiled dies with the packet
            return;
          }
        } else if (ipv4IsLoopback(src) ? src == IPV4_LOOPBACK : srcIsLocal(ctx, src)) {
          // without rp_filter, inet_lookup_ifaddr_rcu: one of our addresses exactly, and of 127/8
          // (lo's local route) that is 127.0.0.1 alone; a loopback source only gets here as
          // the source of a limited broadcast
          dropRx(ctx, iface, DROP_IP_LOCAL_SRC);
          store<u32>(ctx, 0, NODE_IPVS_OPTS);
          return;
        }
        if (!brdIn) flowCacheFill(set, to, src, iface, nh, kind);
      }
    }
    let opts: u32 = 0;
    if (ipv4HeaderLen(p) > IPV4_HDR_LEN) { // ip_rcv_options: after the route, before its input
      opts = load<u32>(ctx, NODE_IPVS_OPTS); // compiled already, before IPVS translated it
      if (opts != 0) store<u32>(ctx, 0, NODE_IPVS_OPTS);
      else {
        // a bad option in a broadcast gets no 12/0: __icmp_send ignores RTCF_BROADCAST routes
        opts = ipOptionsRcv(ctx, iface, p, kind, meta, bcast || kind == NHK_BROADCAST);
        if (opts == OPT_DROPPED) return;
      }
    }
    if (nh == NH_NONE && !brdIn) {
      icmpSendError(ctx, p, ICMP_DEST_UNREACH, ICMP_NET_UNREACH, 0, meta, bcast, opts);
      dropRx(ctx, iface, DROP_NO_ROUTE);
      return;
    }
    const n = nhPtr(ctx, nh);
    if (kind == NHK_LOCAL || kind == NHK_BROADCAST) {
      if (ipv4IsFragment(p)) { // ip_local_deliver → ip_defrag, before any protocol handler
        const q = ipDefrag(ctx, iface, p, tl, meta, bcast, opts);
        if (q == 0) return;
        p = reasmDatagram(q); // the head's header, the options it came with, PACKET_HOST or not
        tl = ipv4TotalLen(p);
        opts = load<u32>(q, RQ_HEAD_OPTS);
        bcast = load<u8>(q, RQ_HEAD_BCAST) != 0;
      }
      if (ipv4Proto(p) != IPPROTO_IPIP) {
        // a subnet broadcast is delivered as RTCF_BROADCAST (brd_input → local_input) and
        // nothing answers it: echo is ignored (icmp_echo_ignore_broadcasts = 1), UDP finds no
        // socket in __udp4_lib_mcast_deliver, and __icmp_send sends no error about it
        if (kind == NHK_BROADCAST) countNode(ctx, NC_DELIVERED_HOST);
        else localDeliver(ctx, iface, p, tl, meta, bcast, opts);
        return;
      }
      if (!ipipTunnelUp(ctx)) {
        ipipNoTunnel(ctx, iface, p, tl, meta, bcast, opts);
        return;
      }
      const innerLen = ipipDecap(ctx, iface, p, tl);
      if (innerLen == 0) return;
      p += ipv4HeaderLen(p);
      avail = innerLen;
      iface = IF_TUNL0;
      bcast = false;
      ifReceivedIn<C>(ctx, IF_TUNL0, p, innerLen);
      continue;
    }
    if (kind == NHK_BLACKHOLE) { // fib_props: -EINVAL, silent
      dropRx(ctx, iface, DROP_BLACKHOLE);
      return;
    }
    if (kind == NHK_UNREACHABLE) {
      icmpSendError(ctx, p, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0, meta, bcast, opts);
      dropRx(ctx, iface, DROP_UNREACHABLE);
      return;
    }
    if (kind == NHK_PROHIBIT) {
      icmpSendError(ctx, p, ICMP_DEST_UNREACH, ICMP_PKT_FILTERED, 0, meta, bcast, opts);
      dropRx(ctx, iface, DROP_PROHIBIT);
      return;
    }
    if ((load<u32>(ifPtr(ctx, iface), IF_FLAGS) & IFF_FORWARDING) == 0) {
      dropRx(ctx, iface, DROP_NOT_FORWARDING); // ip_error: no ICMP without forwarding
      return;
    }
    if (bcast) {
      dropRx(ctx, iface, DROP_L2_BROADCAST);
      return;
    }
    if (ipv4Ttl(p) <= 1) {
      icmpSendError(ctx, p, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0, meta, false, opts);
      dropRx(ctx, iface, DROP_TTL_EXCEEDED);
      return;
    }
    // the egress MTU and, below, the output from the flow's way when it holds them (flowOutput.ts)
    const mtu = way != 0 && flowOutputHeld(way) ? flowOutputMtu(way) : load<u32>(ifPtr(ctx, load<u16>(n, NH_OIF)), IF_MTU);
    if (tl > mtu && (ipv4FlagsFrag(p) & IPV4_DF) != 0) {
      icmpSendError(ctx, p, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, mtu, meta, false, opts);
      dropRx(ctx, iface, DROP_FRAG_NEEDED);
      return;
    }
    ipv4DecTtl(p);
    // __mkroute_input's IPSKB_DOREDIRECT, sent by ip_forward before the forward options
    if (<u32>load<u16>(n, NH_OIF) == iface && srcOnLink(ctx, iface, src)) {
      const gw = nhGateway(ctx, n, kind);
      ipRtSendRedirect(ctx, p, gw != 0 ? gw : to, meta, opts);
    }
    if (opts != 0) ipForwardOptions(ctx, p, opts, kind);
    countNode(ctx, NC_FORWARDED);
    if (kind == NHK_ONLINK_TUNL0) { // tnl_update_pmtu: a path MTU learned beyond the uplink
      const pmtu = ipipTooBig(ctx, n, p, tl);
      if (pmtu != 0) { // tunl0 saw it go (dev_queue_xmit_nit), ip_tunnel_xmit turns it back
        // through icmp_ndo_send, whose options are empty: no echo
        ifTransmittedIn<C>(ctx, IF_TUNL0, p, tl);
        icmpSendError(ctx, p, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, pmtu, meta, false, 0);
        dropTx(ctx, IF_TUNL0, DROP_FRAG_NEEDED);
        return;
      }
    }
    // ip_finish_output with what is known here: the route is unicast (every other kind has
    // returned above) and a DF packet over the egress MTU was refused before the decrement
    // (output.ts ipOutput reads both again for its other callers; journey 0.957 without that)
    if (tl > mtu) {
      fragmentOutput(ctx, p, tl, nh, mtu, meta);
    } else if (way == 0 || !flowOutputHeld(way)) {
      ipTransmitTo<C>(ctx, p, tl, n, kind, meta);
      if (way != 0) flowOutputFill(ctx, way, n, kind);
    } else if (kind == NHK_ONLINK_TUNL0) {
      ipipEncapHeld<C>(ctx, p, tl, way);
      flowOutput<C>(ctx, way, p - IPIP_OVERHEAD - ETH_HDR_LEN, tl + IPIP_OVERHEAD + ETH_HDR_LEN, meta);
    } else {
      flowOutput<C>(ctx, way, p - ETH_HDR_LEN, tl + ETH_HDR_LEN, meta);
    }
    return;
  }
}
