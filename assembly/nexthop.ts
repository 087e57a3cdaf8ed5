// Handing a routed IPv4 packet that fits its egress MTU to its next hop, by kind
// (ip_finish_output2 → neigh_output for a resolved neighbour, ipip_tunnel_xmit for an onlink
// tunl0 route, dst_discard / ip_error for the route types that send nothing). A neighbour
// resolved at run time goes through its interface's neighbour table (arp/neigh.ts). The packet's
// header is at `ip` with at least 34 octets of headroom in front (room for an outer IPv4
// header and the Ethernet header).

import {
  NH_KIND, NH_OIF, NH_DST_MAC, NH_DST_NODE, IF_MAC, NHK_LOCAL, NHK_BROADCAST, NHK_CALI,
  NHK_ONLINK_TUNL0, NHK_NEIGH, NHK_NEIGH_ARP, NHK_CONNECTED, NHK_BLACKHOLE, NHK_UNREACHABLE,
  NHK_PROHIBIT, NH_LINK, NC_DELIVERED_HOST, DROP_NEIGH_MISS, DROP_BLACKHOLE, DROP_UNREACHABLE, DROP_PROHIBIT,
  DROP_NO_ROUTE,
} from './layout';
import { nhPtr, ifPtr } from './context';
import { countNode, dropTx, dropNode } from './counters';
import { sendToPodIn, sendOnWireIn } from './tx';
import { ethEmit, ETH_HDR_LEN, ETHERTYPE_IPV4 } from './wire/ethernet';
import { ipipEncapSend } from './tunnel/ipip';
import { neighOutput, neighGlean } from './arp/neigh';
import { ipv4Dst } from './wire/ipv4';

// Inlined, as everything a forwarded frame passes through after ipv4Input (routeLookup,
// rpFilterOk, ipipEncapSend, ipipDecap, nextIpId, tx.ts touch): V8 does not inline between
// wasm functions, and around each call it spills every live value to the stack. The seed's
// journey lost 8-9% of its time with these seven calls gone (BENCHMARKS.md, 2026-11-30 speed).
// @ts-ignore: decorator
@inline export function ipTransmit<C>(ctx: usize, ip: usize, len: u32, nh: u32, meta: u32): void {
  const n = nhPtr(ctx, nh);
  ipTransmitTo<C>(ctx, ip, len, n, <u32>load<u8>(n, NH_KIND), meta);
}

/** ipTransmit to next hop record `n` of kind `kind`, both already read (forward.ts). */
// @ts-ignore: decorator
@inline export function ipTransmitTo<C>(ctx: usize, ip: usize, len: u32, n: usize, kind: u32, meta: u32): void {
  if (kind == NHK_CALI) {
    const oif = load<u16>(n, NH_OIF);
    const frame = ip - ETH_HDR_LEN;
    ethEmit(frame, n + NH_DST_MAC, ifPtr(ctx, oif) + IF_MAC, ETHERTYPE_IPV4);
    sendToPodIn<C>(ctx, oif, frame, len + ETH_HDR_LEN, meta);
  } else if (kind == NHK_NEIGH) {
    const oif = load<u16>(n, NH_OIF); // an uplink: the node's, or one of a router's
    const frame = ip - ETH_HDR_LEN;
    ethEmit(frame, n + NH_DST_MAC, ifPtr(ctx, oif) + IF_MAC, ETHERTYPE_IPV4);
    sendOnWireIn<C>(ctx, oif, frame, len + ETH_HDR_LEN, load<u32>(n, NH_DST_NODE), meta);
  } else if (kind == NHK_ONLINK_TUNL0) {
    ipipEncapSend<C>(ctx, ip, len, n, meta);
  } else if (kind == NHK_NEIGH_ARP) {
    neighOutput(ctx, load<u16>(n, NH_OIF), load<u32>(n, NH_LINK), ip, len, meta);
  } else if (kind == NHK_CONNECTED) { // the destination itself is the neighbour
    neighGlean(ctx, load<u16>(n, NH_OIF), ipv4Dst(ip), ip, len, meta);
  } else if (kind == NHK_LOCAL || kind == NHK_BROADCAST) { // a broadcast's copy on the wire is not modelled
    countNode(ctx, NC_DELIVERED_HOST);
  } else if (kind == NHK_BLACKHOLE) {
    dropNode(ctx, DROP_BLACKHOLE);
  } else if (kind == NHK_UNREACHABLE) {
    dropNode(ctx, DROP_UNREACHABLE);
  } else if (kind == NHK_PROHIBIT) {
    dropNode(ctx, DROP_PROHIBIT);
  } else {
    dropNode(ctx, DROP_NO_ROUTE);
  }
}
