// IP output: from a routed IPv4 packet (header at `ip`, `len` octets, at least 34 octets of
// headroom in front of it) to an Ethernet frame in an output ring, by next-hop kind.
// ipOutput applies the egress MTU (fragmenting DF=0 packets, as ip_finish_output does);
// ipTransmit assumes the packet fits.

import {
  NODE_LPM_BASE, NODE_NH_TABLE, NODE_NH_COUNT, NODE_IF_TABLE, NODE_IP_ID_SEQ, NH_SIZE, NH_KIND,
  NH_OIF, NH_DST_MAC, NH_DST_NODE, NH_NONE, IF_SIZE, IF_MTU, IF_MAC, IF_UPLINK, NHK_LOCAL,
  NHK_CALI, NHK_ONLINK_TUNL0, NHK_NEIGH, NHK_CONNECTED, NHK_BLACKHOLE, NHK_UNREACHABLE,
  NHK_PROHIBIT, NC_DELIVERED_HOST, NC_DROP_BASE, DROP_FRAG_NEEDED, DROP_NEIGH_MISS,
  DROP_BLACKHOLE, DROP_UNREACHABLE, DROP_PROHIBIT, DROP_NO_ROUTE,
} from './layout';
import { lpmLookup } from './route/lpm';
import { countNode, dropTx } from './counters';
import { sendToPod, sendOnWire } from './tx';
import { ethEmit, ETH_HDR_LEN, ETHERTYPE_IPV4 } from './wire/ethernet';
import { ipv4FlagsFrag, IPV4_DF } from './wire/ipv4';
import { fragmentOutput } from './fragment';
import { ipipEncapSend } from './tunnel/ipip';

/** Longest-prefix match → next-hop index, or NH_NONE (a miss, or a value past the table). */
export function routeLookup(ctx: usize, addr: u32): u32 {
  const v = lpmLookup(<usize>load<u32>(ctx, NODE_LPM_BASE), addr);
  return v < load<u32>(ctx, NODE_NH_COUNT) ? v : NH_NONE;
}

// @ts-ignore: decorator
@inline export function nhPtr(ctx: usize, nh: u32): usize {
  return <usize>load<u32>(ctx, NODE_NH_TABLE) + <usize>nh * NH_SIZE;
}
// @ts-ignore: decorator
@inline export function ifPtr(ctx: usize, iface: u32): usize {
  return <usize>load<u32>(ctx, NODE_IF_TABLE) + <usize>iface * IF_SIZE;
}

/** The node's own IP ID sequence (see layout.ts NODE_IP_ID_SEQ). */
export function nextIpId(ctx: usize): u32 {
  const v = load<u32>(ctx, NODE_IP_ID_SEQ);
  store<u32>(ctx, v + 1, NODE_IP_ID_SEQ);
  return v & 0xffff;
}

/** A counted drop that belongs to no interface (a created packet with nowhere to go). */
export function dropNode(ctx: usize, reason: u32): void {
  countNode(ctx, NC_DROP_BASE + reason);
}

/** True for next hops that leave through an interface (and so have an MTU). */
// @ts-ignore: decorator
@inline export function nhIsUnicast(kind: u32): bool {
  return kind == NHK_CALI || kind == NHK_NEIGH || kind == NHK_ONLINK_TUNL0 || kind == NHK_CONNECTED;
}

// @ts-ignore: decorator
@inline export function ipOutput(ctx: usize, ip: usize, len: u32, nh: u32, meta: u32): void {
  const n = nhPtr(ctx, nh);
  if (nhIsUnicast(load<u8>(n, NH_KIND))) {
    const oif = load<u16>(n, NH_OIF);
    const mtu = load<u32>(ifPtr(ctx, oif), IF_MTU);
    if (len > mtu) {
      // forwarded DF packets were refused in forward.ts; only a local DF packet gets here
      if (ipv4FlagsFrag(ip) & IPV4_DF) dropTx(ctx, oif, DROP_FRAG_NEEDED);
      else fragmentOutput(ctx, ip, len, nh, mtu, meta);
      return;
    }
  }
  ipTransmit(ctx, ip, len, nh, meta);
}

export function ipTransmit(ctx: usize, ip: usize, len: u32, nh: u32, meta: u32): void {
  const n = nhPtr(ctx, nh);
  const kind = load<u8>(n, NH_KIND);
  if (kind == NHK_CALI) {
    const oif = load<u16>(n, NH_OIF);
    const frame = ip - ETH_HDR_LEN;
    ethEmit(frame, n + NH_DST_MAC, ifPtr(ctx, oif) + IF_MAC, ETHERTYPE_IPV4);
    sendToPod(ctx, oif, frame, len + ETH_HDR_LEN, meta);
  } else if (kind == NHK_NEIGH) {
    const frame = ip - ETH_HDR_LEN;
    ethEmit(frame, n + NH_DST_MAC, ifPtr(ctx, IF_UPLINK) + IF_MAC, ETHERTYPE_IPV4);
    sendOnWire(ctx, frame, len + ETH_HDR_LEN, load<u32>(n, NH_DST_NODE), meta);
  } else if (kind == NHK_ONLINK_TUNL0) {
    ipipEncapSend(ctx, ip, len, n, meta);
  } else if (kind == NHK_CONNECTED) {
    // Linux would queue the packet, ARP, and after the timeout send host-unreachable.
    dropTx(ctx, load<u16>(n, NH_OIF), DROP_NEIGH_MISS);
  } else if (kind == NHK_LOCAL) {
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
