// Twin of assembly/forward.ts: IPv4 input and forwarding (the path picture and the kernel
// ordering argument are there).
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';
import * as IPV4 from './wire/ipv4.ts';
import { type Ipv4Fns } from './wire/ipv4.ts';
import * as ICMP from './wire/icmp.ts';
import * as ENDIAN from './wire/endian.ts';
import type { CountersFns } from './counters.ts';
import type { ContextFns } from './context.ts';
import type { FragmentFns } from './fragment.ts';
import type { NexthopFns } from './nexthop.ts';
import type { IcmpErrorFns } from './icmpError.ts';
import type { LocalFns } from './local.ts';
import * as IPIP from './tunnel/ipip.ts';
import type { IpipFns } from './tunnel/ipip.ts';
import * as ETHERNET from './wire/ethernet.ts';
import type { FlowOutputFns } from './flowOutput.ts';
import type { NoTunnelFns } from './tunnel/noTunnel.ts';
import type { PmtuFns } from './tunnel/pmtu.ts';
import * as IPOPT from './ipOptions.ts';
import * as OPTS from './ipOptionsEcho.ts';
import { type IpOptionsFns } from './ipOptions.ts';
import type { IpvsFns } from './ipvs.ts';
import type { RedirectFns } from './redirect.ts';
import type { ReasmFns } from './reasm.ts';

export function forwardFns(h: Heap, d: {
  ipv4: Ipv4Fns; counters: CountersFns; context: ContextFns; fragment: FragmentFns; nexthop: NexthopFns; icmpError: IcmpErrorFns;
  local: LocalFns; ipip: IpipFns; noTunnel: NoTunnelFns; pmtu: PmtuFns; ipOptions: IpOptionsFns; ipvs: IpvsFns; redirect: RedirectFns;
  reasm: ReasmFns; flowOutput: FlowOutputFns;
}) {
  const {
    IF_FLAGS, IF_KIND, IF_MTU, IFK_CALI, IFF_FORWARDING, IF_TUNL0, NH_NONE, NH_KIND, NH_OIF, NHK_LOCAL, NHK_BROADCAST,
    NHK_BLACKHOLE, NHK_UNREACHABLE, NHK_PROHIBIT, NHK_ONLINK_TUNL0, NC_FORWARDED, NC_DELIVERED_HOST, DROP_IP_MARTIAN_SRC,
    DROP_IP_MARTIAN_DST, DROP_NO_ROUTE, DROP_BLACKHOLE, DROP_UNREACHABLE, DROP_PROHIBIT, DROP_NOT_FORWARDING,
    DROP_L2_BROADCAST, DROP_TTL_EXCEEDED, DROP_FRAG_NEEDED, DROP_RP_FILTER, DROP_IP_LOCAL_SRC, NODE_VS_MASK, NODE_CT_LIVE, NODE_IPVS_OPTS,
    RQ_HEAD_OPTS, RQ_HEAD_BCAST, FW_NH,
  } = L;
  const { IPIP_OVERHEAD } = IPIP;
  const { ETH_HDR_LEN } = ETHERNET;
  const { IPV4_DF, IPV4_BROADCAST, IPV4_ALLHOSTS, IPV4_LOOPBACK, IPPROTO_IPIP, IPV4_HDR_LEN, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP } = IPV4;
  const { NHK_NO_ROUTE } = IPOPT;
  const { OPT_DROPPED } = OPTS;
  const {
    ICMP_DEST_UNREACH, ICMP_NET_UNREACH, ICMP_HOST_UNREACH, ICMP_PKT_FILTERED, ICMP_FRAG_NEEDED,
    ICMP_TIME_EXCEEDED, ICMP_EXC_TTL,
  } = ICMP;
  const { CHECK_OK } = ENDIAN;
  const { U8, U16, U32 } = h;
  const {
    ipv4Check, ipv4TotalLen, ipv4Src, ipv4Dst, ipv4Proto, ipv4Ttl, ipv4FlagsFrag, ipv4DecTtl, ipv4HeaderLen,
    ipv4IsFragment, ipv4IsMulticast, ipv4IsLbcast, ipv4IsZeronet, ipv4IsLoopback, ipv4BothPlain,
  } = d.ipv4;
  const { countNode, dropRx, dropTx, ifReceived, ifTransmitted } = d.counters;
  const { routeLookup, flowCacheSet, flowCacheWay, flowCacheFill, nhPtr, ifPtr, nhKindIn, NHK_UNICAST_SET, rpFilterOk, srcIsLocal, srcOnLink, nhGateway } = d.context;
  const { ipRtSendRedirect } = d.redirect;
  const { fragmentOutput } = d.fragment;
  const { ipTransmitTo } = d.nexthop;
  const { icmpSendError } = d.icmpError;
  const { localDeliver } = d.local;
  const { ipipDecap, ipipEncapHeld } = d.ipip;
  const { flowOutputHeld, flowOutputMtu, flowOutput, flowOutputFill } = d.flowOutput;
  const { ipipTunnelUp, ipipNoTunnel } = d.noTunnel;
  const { ipipTooBig } = d.pmtu;
  const { ipOptionsRcv, ipForwardOptions } = d.ipOptions;
  const { ipvsIn } = d.ipvs;
  const { ipDefrag, reasmDatagram } = d.reasm;

  /** Twin of assembly/forward.ts ipvsSourceOk: the route input's source check before IPVS. */
  function ipvsSourceOk(ctx: number, iface: number, src: number, dst: number, brdIn: boolean, localnet: boolean): boolean {
    const nh = routeLookup(ctx, dst);
    const kind = brdIn ? NHK_BROADCAST : nh === NH_NONE ? NHK_NO_ROUTE : U8[nhPtr(ctx, nh) + NH_KIND];
    if (!nhKindIn(kind, NHK_UNICAST_SET | (1 << NHK_LOCAL) | (1 << NHK_BROADCAST)) || (brdIn && ipv4IsZeronet(src))) return true;
    if (localnet) {
      if (rpFilterOk(ctx, iface, src)) return true;
      dropRx(ctx, iface, DROP_RP_FILTER);
      return false;
    }
    if (!(ipv4IsLoopback(src) ? src === IPV4_LOOPBACK : srcIsLocal(ctx, src))) return true;
    dropRx(ctx, iface, DROP_IP_LOCAL_SRC);
    return false;
  }

  function ipv4Input(ctx: number, inIf: number, ip: number, len: number, meta: number, l2bcast: boolean): void {
    let iface = inIf;
    let p = ip;
    let avail = len;
    let bcast = l2bcast;
    for (;;) {
      const r = ipv4Check(p, avail);
      if (r !== CHECK_OK) {
        dropRx(ctx, iface, r);
        return;
      }
      let tl = ipv4TotalLen(p);
      const src = ipv4Src(p);
      const dst = ipv4Dst(p);
      const localnet = U32[(ifPtr(ctx, iface) + IF_KIND) >>> 2] === IFK_CALI;
      let brdIn = false; // taken in as a broadcast whatever the route says (see the AS twin)
      if (!ipv4BothPlain(src, dst)) {
        // 224.0.0.1 (ip_mc_up: every device that is up has joined it), 255.255.255.255 and
        // 0.0.0.0 → 0.0.0.0 (brd_input); none is plain
        brdIn = dst === IPV4_ALLHOSTS || dst === IPV4_BROADCAST || (src === 0 && dst === 0);
        // a loopback source only towards the limited broadcast (see the AS twin)
        if (ipv4IsMulticast(src) || ipv4IsLbcast(src) || (!localnet && ipv4IsLoopback(src) && dst !== IPV4_BROADCAST)) {
          dropRx(ctx, iface, DROP_IP_MARTIAN_SRC);
          return;
        }
        if (ipv4IsZeronet(src) && !brdIn) {
          dropRx(ctx, iface, DROP_IP_MARTIAN_SRC);
          return;
        }
        if ((ipv4IsZeronet(dst) && !brdIn) || (ipv4IsMulticast(dst) && !brdIn) || (!localnet && ipv4IsLoopback(dst))) {
          dropRx(ctx, iface, DROP_IP_MARTIAN_DST);
          return;
        }
      }
      let to = dst;
      if (U32[(ctx + NODE_VS_MASK) >>> 2] !== 0) {
        const pr = ipv4Proto(p);
        if (pr === IPPROTO_TCP || pr === IPPROTO_UDP || (pr === IPPROTO_ICMP && U32[(ctx + NODE_CT_LIVE) >>> 2] !== 0)) {
          if (!ipvsSourceOk(ctx, iface, src, dst, brdIn, localnet) || !ipvsIn(ctx, iface, p, meta, bcast)) return;
          to = ipv4Dst(p);
        }
      }
      // the flow's route and source verdict when it passed before (see the AS twin)
      const set = flowCacheSet(ctx, to, src, iface);
      const way = flowCacheWay(set, to, src, iface); // its output is held from its second packet
      let nh: number;
      let kind: number;
      if (way !== 0) {
        const held = U32[(way + FW_NH) >>> 2];
        nh = (held & 0xffffff) - 1;
        kind = held >>> 24;
      } else {
        nh = routeLookup(ctx, to);
        kind = nh === NH_NONE ? NHK_NO_ROUTE : U8[nhPtr(ctx, nh) + NH_KIND];
        if (brdIn) kind = NHK_BROADCAST;
        // (brd_input validates the source of a subnet broadcast the same way)
        if (nhKindIn(kind, NHK_UNICAST_SET | (1 << NHK_LOCAL) | (1 << NHK_BROADCAST)) && !(brdIn && ipv4IsZeronet(src))) {
          if (localnet) {
            if (!rpFilterOk(ctx, iface, src)) {
              dropRx(ctx, iface, DROP_RP_FILTER);
              U32[(ctx + NODE_IPVS_OPTS) >>> 2] = 0; // what IPVS compiled dies with the packet
              return;
            }
          } else if (ipv4IsLoopback(src) ? src === IPV4_LOOPBACK : srcIsLocal(ctx, src)) { // inet_lookup_ifaddr_rcu: exact (see the AS twin)
            dropRx(ctx, iface, DROP_IP_LOCAL_SRC);
            U32[(ctx + NODE_IPVS_OPTS) >>> 2] = 0;
            return;
          }
          if (!brdIn) flowCacheFill(set, to, src, iface, nh, kind);
        }
      }
      let opts = 0;
      if (ipv4HeaderLen(p) > IPV4_HDR_LEN) {
        opts = U32[(ctx + NODE_IPVS_OPTS) >>> 2]; // compiled already, before IPVS translated it
        if (opts !== 0) U32[(ctx + NODE_IPVS_OPTS) >>> 2] = 0;
        else {
          // a bad option in a broadcast gets no 12/0: __icmp_send ignores RTCF_BROADCAST routes
          opts = ipOptionsRcv(ctx, iface, p, kind, meta, bcast || kind === NHK_BROADCAST);
          if (opts === OPT_DROPPED) return;
        }
      }
      if (nh === NH_NONE && !brdIn) {
        icmpSendError(ctx, p, ICMP_DEST_UNREACH, ICMP_NET_UNREACH, 0, meta, bcast, opts);
        dropRx(ctx, iface, DROP_NO_ROUTE);
        return;
      }
      const n = nhPtr(ctx, nh);
      if (kind === NHK_LOCAL || kind === NHK_BROADCAST) {
        if (ipv4IsFragment(p)) { // ip_local_deliver → ip_defrag
          const q = ipDefrag(ctx, iface, p, tl, meta, bcast, opts);
          if (q === 0) return;
          p = reasmDatagram(q);
          tl = ipv4TotalLen(p);
          opts = U32[(q + RQ_HEAD_OPTS) >>> 2];
          bcast = U8[q + RQ_HEAD_BCAST] !== 0;
        }
        if (ipv4Proto(p) !== IPPROTO_IPIP) {
          // a subnet broadcast: delivered as RTCF_BROADCAST, nothing answers it (brd_input)
          if (kind === NHK_BROADCAST) countNode(ctx, NC_DELIVERED_HOST);
          else localDeliver(ctx, iface, p, tl, meta, bcast, opts);
          return;
        }
        if (!ipipTunnelUp(ctx)) {
          ipipNoTunnel(ctx, iface, p, tl, meta, bcast, opts);
          return;
        }
        const innerLen = ipipDecap(ctx, iface, p, tl);
        if (innerLen === 0) return;
        p += ipv4HeaderLen(p);
        avail = innerLen;
        iface = IF_TUNL0;
        bcast = false;
        ifReceived(ctx, IF_TUNL0, p, innerLen);
        continue;
      }
      if (kind === NHK_BLACKHOLE) {
        dropRx(ctx, iface, DROP_BLACKHOLE);
        return;
      }
      if (kind === NHK_UNREACHABLE) {
        icmpSendError(ctx, p, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0, meta, bcast, opts);
        dropRx(ctx, iface, DROP_UNREACHABLE);
        return;
      }
      if (kind === NHK_PROHIBIT) {
        icmpSendError(ctx, p, ICMP_DEST_UNREACH, ICMP_PKT_FILTERED, 0, meta, bcast, opts);
        dropRx(ctx, iface, DROP_PROHIBIT);
        return;
      }
      if ((U32[(ifPtr(ctx, iface) + IF_FLAGS) >>> 2] & IFF_FORWARDING) === 0) {
        dropRx(ctx, iface, DROP_NOT_FORWARDING);
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
      const mtu = way !== 0 && flowOutputHeld(way) ? flowOutputMtu(way) : U32[(ifPtr(ctx, U16[(n + NH_OIF) >>> 1]) + IF_MTU) >>> 2];
      if (tl > mtu && (ipv4FlagsFrag(p) & IPV4_DF) !== 0) {
        icmpSendError(ctx, p, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, mtu, meta, false, opts);
        dropRx(ctx, iface, DROP_FRAG_NEEDED);
        return;
      }
      ipv4DecTtl(p);
      if (U16[(n + NH_OIF) >>> 1] === iface && srcOnLink(ctx, iface, src)) {
        const gw = nhGateway(ctx, n, kind);
        ipRtSendRedirect(ctx, p, gw !== 0 ? gw : to, meta, opts);
      }
      if (opts !== 0) ipForwardOptions(ctx, p, opts, kind);
      countNode(ctx, NC_FORWARDED);
      if (kind === NHK_ONLINK_TUNL0) {
        const pmtu = ipipTooBig(ctx, n, p, tl);
        if (pmtu !== 0) {
          ifTransmitted(ctx, IF_TUNL0, p, tl);
          icmpSendError(ctx, p, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, pmtu, meta, false, 0); // icmp_ndo_send: no options
          dropTx(ctx, IF_TUNL0, DROP_FRAG_NEEDED);
          return;
        }
      }
      // ip_finish_output with what is known here (see the AS twin)
      if (tl > mtu) {
        fragmentOutput(ctx, p, tl, nh, mtu, meta);
      } else if (way === 0 || !flowOutputHeld(way)) {
        ipTransmitTo(ctx, p, tl, n, kind, meta);
        if (way !== 0) flowOutputFill(ctx, way, n, kind);
      } else if (kind === NHK_ONLINK_TUNL0) {
        ipipEncapHeld(ctx, p, tl, way);
        flowOutput(ctx, way, p - IPIP_OVERHEAD - ETH_HDR_LEN, tl + IPIP_OVERHEAD + ETH_HDR_LEN, meta);
      } else {
        flowOutput(ctx, way, p - ETH_HDR_LEN, tl + ETH_HDR_LEN, meta);
      }
      return;
    }
  }
  return { ipv4Input };
}
export type ForwardFns = ReturnType<typeof forwardFns>;
