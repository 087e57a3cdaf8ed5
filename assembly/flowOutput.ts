// The flow's output, held in its flow-cache way (layout/node.ts NODE_FLOW_CACHE) once a packet
// of the flow has gone out through a next hop whose output is fixed at build (a cali, a resolved
// uplink neighbour, an onlink tunl0 route over one): the ring, the egress MTU, the sending
// interface, the node counter and the Ethernet header, and for tunl0 the outer header's
// addresses and their checksum share (tunnel/ipip.ts ipipEncapHeld). Linux builds a neighbour's header once
// and copies it per packet (neigh_hh_output's hh_cache); VPP's adjacency holds the rewrite and
// the next node. Held in the way, the output is found by the same hashed address as the route,
// from the packet's own header, so a forwarded packet no longer waits on a chain of dependent
// loads before its copy can start:
//
//   without: way ─► nh ─► record ─► tunnel nh ─► its record ─► port ─► inbox table ─► ring ─► slot
//                           └─► oif ─► interface ─► MTU, MAC
//   with:    way ─► ring ─► slot      (the way's key test is a predicted branch)
//
// The seed's journey took 0.96 of its time with the output held, 0.94 with the outer header's
// part too (encap 0.83; decap unchanged: BENCHMARKS.md, 2026-12-03 21:00). Only forward.ts's
// unicast output reads it; every other sender (ICMP errors, fragments, the host's own packets)
// goes through ipTransmit. A flow's first packet fills its way's route, its second the output,
// and the third is the first to go out through it.

import {
  FW_RING, FW_MTU, FW_OIF, FW_COUNTER, FW_HEADER, FW_OUTER_ADDRS, FW_OUTER_SUM, NODE_IP, NH_GW,
  NH_KIND, NH_OIF, NH_DST_MAC, NH_DST_NODE, NH_TUNNEL_NH, NH_NONE, NHK_CALI, NHK_NEIGH, NHK_ONLINK_TUNL0,
  IF_MTU, IF_MAC, IF_TX_RING, IF_FLAGS, IFF_HOST_WIRE, LAYOUT_BASE, GH_PORT_COUNT, NC_DELIVERED_POD, NC_TX_WIRE,
} from './layout';
import { nhPtr, ifPtr } from './context';
import { countNode, ifTransmittedIn } from './counters';
import { pushFrame, inboxOf } from './tx';
import { ETHERTYPE_IPV4 } from './wire/ethernet';
import { st16be, st32be } from './wire/endian';
import { ipipFlowShare } from './tunnel/ipip';

/** Does way `w` hold its flow's output? */
// @ts-ignore: decorator
@inline export function flowOutputHeld(w: usize): bool {
  return load<u32>(w, FW_RING) != 0;
}

/** The egress MTU way `w` holds. */
// @ts-ignore: decorator
@inline export function flowOutputMtu(w: usize): u32 {
  return load<u32>(w, FW_MTU);
}

/** Send the frame at `frame` (`len` octets, its Ethernet header still to write) as way `w`
 *  says: what sendToPodIn and sendOnWireIn do after ethEmit, with the ring chosen already. */
// @ts-ignore: decorator
@inline export function flowOutput<C>(ctx: usize, w: usize, frame: usize, len: u32, meta: u32): void {
  store<u64>(frame, load<u64>(w, FW_HEADER)); // octets 0..7, then 6..13: two stores for 14
  store<u64>(frame, load<u64>(w, FW_HEADER + 6), 6);
  const oif = <u32>load<u16>(w, FW_OIF);
  ifTransmittedIn<C>(ctx, oif, frame, len);
  if (pushFrame(ctx, oif, <usize>load<u32>(w, FW_RING), frame, len, meta)) countNode(ctx, <u32>load<u16>(w, FW_COUNTER));
}

/** Write into way `w` the output of next hop record `n` of `kind`, after a packet of the flow
 *  went the long way, when that output is fixed. A neighbour resolved at run time
 *  (arp/neigh.ts) is never held: its packets may wait there for an ARP reply. */
export function flowOutputFill(ctx: usize, w: usize, n: usize, kind: u32): void {
  let out = n; // the record whose neighbour gets the frame
  let counter = NC_TX_WIRE;
  if (kind == NHK_ONLINK_TUNL0) {
    const tnh = load<u32>(n, NH_TUNNEL_NH);
    if (tnh == NH_NONE) return;
    out = nhPtr(ctx, tnh);
    if (<u32>load<u8>(out, NH_KIND) != NHK_NEIGH) return;
  } else if (kind == NHK_CALI) {
    counter = NC_DELIVERED_POD;
  } else if (kind != NHK_NEIGH) {
    return;
  }
  const oif = <u32>load<u16>(out, NH_OIF);
  const ifp = ifPtr(ctx, oif);
  let ring = <usize>load<u32>(ifp, IF_TX_RING); // a cali's, or the wire the host carries (tx.ts sendOnWireIn)
  if (counter == NC_TX_WIRE) {
    const port = load<u32>(out, NH_DST_NODE);
    if (port < load<u32>(LAYOUT_BASE, GH_PORT_COUNT) && (load<u32>(ifp, IF_FLAGS) & IFF_HOST_WIRE) == 0) ring = inboxOf(ctx, port);
  }
  store<u32>(w, load<u32>(ifPtr(ctx, <u32>load<u16>(n, NH_OIF)), IF_MTU), FW_MTU);
  store<u16>(w, <u16>oif, FW_OIF);
  store<u16>(w, <u16>counter, FW_COUNTER);
  store<u32>(w, load<u32>(out, NH_DST_MAC), FW_HEADER);
  store<u16>(w, load<u16>(out, NH_DST_MAC + 4), FW_HEADER + 4);
  store<u32>(w, load<u32>(ifp, IF_MAC), FW_HEADER + 6);
  store<u16>(w, load<u16>(ifp, IF_MAC + 4), FW_HEADER + 10);
  st16be(w + FW_HEADER + 12, ETHERTYPE_IPV4);
  if (kind == NHK_ONLINK_TUNL0) { // tunnel/ipip.ts ipipEncapHeld
    const src = load<u32>(ctx, NODE_IP);
    const dst = load<u32>(n, NH_GW);
    st32be(w + FW_OUTER_ADDRS, src);
    st32be(w + FW_OUTER_ADDRS + 4, dst);
    store<u32>(w, ipipFlowShare(src, dst), FW_OUTER_SUM);
  }
  store<u32>(w, <u32>ring, FW_RING); // last: a way with a ring holds the rest
}
