// IP-in-IP (RFC 2003) on tunl0, the way Linux's ipip driver does it with Calico's settings
// (fallback device: remote any, local any, ttl 0 = inherit, tos 0, nopmtudisc):
//
//   encap  ┌──────────┬──────────────────────┬────────────────────────┐
//          │ Ethernet │ outer IPv4, proto 4  │ inner IPv4 packet …    │
//          │ 14       │ 20 (written in the   │ untouched              │
//          │          │ slot's headroom)     │                        │
//          └──────────┴──────────────────────┴────────────────────────┘
//   - outer dst = the onlink route's gateway (the remote node), outer src = the node IP
//     (what the outer route lookup picks on ens160), protocol 4, no options;
//   - TTL inherited from the inner packet, already decremented by the forward (tunl0 has ttl 0 = inherit: ip_tunnel_xmit);
//   - DF copied from the inner packet (tunnel frag_off 0 OR inner DF, ip_tunnel_xmit);
//   - TOS: the kernel writes DSCP 0 (tunnel tos 0) and mirrors the inner ECN bits except CE,
//     which becomes ECT(0) (INET_ECN_encapsulate in include/net/inet_ecn.h). The issue asked for "TOS copied";
//     the kernel wins, and the seed's captures (tos 0x0) cannot tell the difference;
//   - outer ID from the node's own sequence (layout/node.ts NODE_IP_ID_SEQ), even with DF set.
//   The outer destination's adjacency was resolved by the builder (NH_TUNNEL_NH), the same
//   lookup Linux does for the outer packet, so encap costs no second LPM lookup; when that
//   neighbour is resolved at run time, the outer packet goes through the uplink's neighbour
//   table (arp/neigh.ts: it may wait there for the ARP reply).
//
//   decap: the outer header was validated and routed as local by forward.ts, and reassembled
//   there when it came in fragments (reasm.ts); here: room for an inner header, then the RFC 6040
//   ECN rules of INET_ECN_decapsulate (include/net/inet_ecn.h, 6.1), applied to the inner
//   header by ip_tunnel_rcv:
//
//     outer ╲ inner │ not-ECT      │ ECT(0)        │ ECT(1) │ CE
//     ──────────────┼──────────────┼───────────────┼────────┼────
//     not-ECT       │ –            │ –             │ –      │ –
//     ECT(0)        │ – (logged)   │ –             │ –      │ –
//     ECT(1)        │ – (logged)   │ ECT(1)        │ –      │ –
//     CE            │ drop         │ CE            │ CE     │ –
//
//   (– = inner unchanged; IP_ECN_set_ce / IP_ECN_set_ect1 patch the inner checksum with
//   csum16_add). Outer TTL, ID and DF are discarded; forward.ts re-routes the inner packet
//   as received on tunl0 (so its TTL is decremented again: 64 → 63 → 62: ip_tunnel_rcv hands it to gro_cells_receive with skb->dev = tunl0).

import {
  NODE_IP, NH_GW, NH_TUNNEL_NH, NH_NONE, NH_KIND, NH_DST_MAC, NH_DST_NODE, NH_OIF, NH_LINK, NHK_NEIGH,
  NHK_NEIGH_ARP, NHK_CONNECTED, IF_TUNL0, IF_MAC, NC_ENCAP, NC_DECAP,
  DROP_NO_ROUTE,
  DROP_IPIP_INNER_MALFORMED, DROP_IPIP_ECN, FW_OUTER_ADDRS, FW_OUTER_SUM,
} from '../layout';
import {
  ipv4Tos, ipv4Ttl, ipv4FlagsFrag, ipv4HeaderLen, IPV4_DF,
  IPV4_HDR_LEN, IPV4_TOS, IPV4_CSUM, IPV4_SRC, IPV4_DST, IPPROTO_IPIP, ECN_MASK, ECN_CE, ECN_ECT_0, ECN_ECT_1, ECN_NOT_ECT,
} from '../wire/ipv4';
import { ld16be, st16be, st32be } from '../wire/endian';
import { foldSum } from '../wire/checksum';
import { csum16Add } from '../wire/checksum';
import { ethEmit, ETH_HDR_LEN, ETHERTYPE_IPV4 } from '../wire/ethernet';
import { countNode, dropRx, dropTx, ifTransmittedIn } from '../counters';
import { sendOnWireIn } from '../tx';
import { nhPtr, ifPtr, nextIpId } from '../context';
import { neighOutput, neighGlean } from '../arp/neigh';

// @ts-ignore: decorator
@inline export const IPIP_OVERHEAD: u32 = IPV4_HDR_LEN; // tunl0 MTU = uplink MTU − 20

/** Transmit the inner packet at `ip` on tunl0 through onlink next hop `n` (a pointer). */
// @ts-ignore: decorator
@inline export function ipipEncapSend<C>(ctx: usize, ip: usize, len: u32, n: usize, meta: u32): void {
  ipipEncap<C>(ctx, ip, len, n);
  const outer = ip - IPIP_OVERHEAD;
  const tnh = load<u32>(n, NH_TUNNEL_NH);
  if (tnh == NH_NONE) {
    dropTx(ctx, IF_TUNL0, DROP_NO_ROUTE);
    return;
  }
  const t = nhPtr(ctx, tnh);
  const kind = load<u8>(t, NH_KIND);
  if (kind == NHK_NEIGH) {
    const oif = <u32>load<u16>(t, NH_OIF);
    const frame = outer - ETH_HDR_LEN;
    ethEmit(frame, t + NH_DST_MAC, ifPtr(ctx, oif) + IF_MAC, ETHERTYPE_IPV4);
    sendOnWireIn<C>(ctx, oif, frame, len + IPIP_OVERHEAD + ETH_HDR_LEN, load<u32>(t, NH_DST_NODE), meta);
  } else if (kind == NHK_NEIGH_ARP) {
    neighOutput(ctx, load<u16>(t, NH_OIF), load<u32>(t, NH_LINK), outer, len + IPIP_OVERHEAD, meta);
  } else if (kind == NHK_CONNECTED) {
    neighGlean(ctx, load<u16>(t, NH_OIF), load<u32>(n, NH_GW), outer, len + IPIP_OVERHEAD, meta);
  } else {
    dropTx(ctx, IF_TUNL0, DROP_NO_ROUTE);
  }
}

/** tunl0's part of the transmit, up to the outer header's next hop: tunl0's books (it sees the
 *  inner packet: link type RAW), the outer header written in the headroom, NC_ENCAP. */
// @ts-ignore: decorator
@inline export function ipipEncap<C>(ctx: usize, ip: usize, len: u32, n: usize): void {
  const outer = ip - IPIP_OVERHEAD;
  const src = load<u32>(ctx, NODE_IP);
  const dst = load<u32>(n, NH_GW);
  st32be(outer + IPV4_SRC, src);
  st32be(outer + IPV4_DST, dst);
  ipipOuter<C>(ctx, ip, len, ipipFlowShare(src, dst));
}

/** ipipEncap for a flow whose way holds its output (flowOutput.ts): the outer addresses, as
 *  on the wire, and their share of the checksum come from the way. */
// @ts-ignore: decorator
@inline export function ipipEncapHeld<C>(ctx: usize, ip: usize, len: u32, way: usize): void {
  store<u64>(ip - IPIP_OVERHEAD, load<u64>(way, FW_OUTER_ADDRS), IPV4_SRC);
  ipipOuter<C>(ctx, ip, len, load<u32>(way, FW_OUTER_SUM));
}

/** The share of the outer header's one's-complement sum that is the same for every packet
 *  from `src` to `dst` (host order): version and IHL, protocol 4, the addresses. */
// @ts-ignore: decorator
@inline export function ipipFlowShare(src: u32, dst: u32): u32 {
  return 0x4500 + IPPROTO_IPIP + (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff);
}

/** The outer header's first 12 octets, the addresses written already (`share`: ipipFlowShare):
 *  three word stores, the checksum from the values (as ipv4.ts's ipv4Put* compute it). */
// @ts-ignore: decorator
@inline function ipipOuter<C>(ctx: usize, ip: usize, len: u32, share: u32): void {
  ifTransmittedIn<C>(ctx, IF_TUNL0, ip, len); // tunl0 sees the inner packet (link type RAW)
  const outer = ip - IPIP_OVERHEAD;
  const ecn = ipv4Tos(ip) & ECN_MASK;
  const tos = ecn == ECN_CE ? ECN_ECT_0 : ecn;
  const tl = (len + IPIP_OVERHEAD) & 0xffff;
  const id = nextIpId(ctx);
  const df = ipv4FlagsFrag(ip) & IPV4_DF;
  const ttl = ipv4Ttl(ip);
  const csum = ~foldSum(share + tos + tl + id + df + (ttl << 8)) & 0xffff;
  //  octets 0..3: version/IHL, TOS, total length; 4..7: ID, flags/offset; 8..11: TTL, protocol, checksum
  store<u32>(outer, 0x45 | (tos << 8) | (<u32>bswap<u16>(<u16>tl) << 16));
  store<u32>(outer, <u32>bswap<u16>(<u16>id) | (<u32>bswap<u16>(<u16>df) << 16), 4);
  store<u32>(outer, ttl | (IPPROTO_IPIP << 8) | (<u32>bswap<u16>(<u16>csum) << 16), 8);
  countNode(ctx, NC_ENCAP);
}

/** Strip the outer header of a local protocol-4 packet (`tl` = its validated total length)
 *  on a host whose tunl0 is up (forward.ts asked ipipTunnelUp; noTunnel.ts has the rest).
 *  Returns the inner packet's length (it starts at ip + IHL×4), or 0 after a counted drop. */
// @ts-ignore: decorator
@inline export function ipipDecap(ctx: usize, inIf: u32, ip: usize, tl: u32): u32 {
  const hl = ipv4HeaderLen(ip);
  const innerLen = tl - hl;
  if (innerLen < IPV4_HDR_LEN) {
    dropRx(ctx, inIf, DROP_IPIP_INNER_MALFORMED);
    return 0;
  }
  const inner = ip + hl;
  const outerEcn = ipv4Tos(ip) & ECN_MASK;
  if (outerEcn == ECN_ECT_1) { // IP_ECN_set_ect1: only over ECT(0); the word's low bits −1
    const innerTos = ipv4Tos(inner);
    if ((innerTos & ECN_MASK) == ECN_ECT_0) {
      st16be(inner + IPV4_CSUM, csum16Add(ld16be(inner + IPV4_CSUM), 1));
      store<u8>(inner, <u8>(innerTos ^ ECN_MASK), IPV4_TOS);
    }
  } else if (outerEcn == ECN_CE) {
    const innerTos = ipv4Tos(inner);
    const innerEcn = innerTos & ECN_MASK;
    if (innerEcn == ECN_NOT_ECT) {
      dropRx(ctx, inIf, DROP_IPIP_ECN);
      return 0;
    }
    if (innerEcn != ECN_CE) { // IP_ECN_set_ce: ECT(1) adds 0xFFFD, ECT(0) 0xFFFE
      const add = 0xfffb + ((innerTos + 1) & ECN_MASK);
      st16be(inner + IPV4_CSUM, csum16Add(ld16be(inner + IPV4_CSUM), add));
      store<u8>(inner, <u8>(innerTos | ECN_CE), IPV4_TOS);
    }
  }
  countNode(ctx, NC_DECAP);
  return innerLen;
}
