// ARP input on an Ethernet interface (cali or an uplink), following arp_process:
//   - a request whose target routes to a LOCAL address is answered with the interface's MAC
//     on any interface (arp_ignore = 0): e.g. a pod asking for the node IP;
//   - otherwise, on an interface with forwarding and proxy_arp (every cali: the CNI plugin's configureSysctls and Felix's configureInterface set both), a
//     request is answered when the target has a unicast route whose egress is another
//     interface (arp_process / arp_fwd_proxy in net/ipv4/arp.c). So a pod asking for 169.254.1.1 (its gateway) gets
//     ee:ee:ee:ee:ee:ee thanks to the default route via ens160, while a pod asking for its
//     own address (route: its own cali), an address in the node's blackhole block or an
//     address with no route gets nothing (DROP_ARP_NO_PROXY);
//   - tunl0 is NOARP and never sees ARP (it has no Ethernet header at all);
//   - on an interface with a neighbour table (the uplink: arp/neigh.ts), the kernel's cache
//     learns: a request it answers creates or refreshes the sender's entry STALE
//     (neigh_event_ns; no free entry → no reply, as when neigh_event_ns fails), and any other
//     ARP updates an entry that already exists ("Update our ARP tables"): a reply addressed
//     to us makes it REACHABLE, a broadcast reply or a request STALE; a different MAC is taken
//     only when the entry has not changed for locktime (1 s) or the packet is gratuitous
//     (arp_is_garp); no entry is created for unsolicited ARP (arp_accept = 0: counted
//     DROP_ARP_NOT_REQUEST). A cali's only neighbour is its pod's permanent entry, which no
//     ARP changes, so calis keep no table.
// The reply is written in place over the request (arp_send(REPLY, dest_ip = sip, src_ip =
// tip, dest_hw = sha, src_hw = dev MAC, target_hw = sha) in arp_process, net/ipv4/arp.c):
//   Ethernet dst = requester MAC, src = our MAC; hardware type 1 (a request may say 6); op 2; sender = (our MAC, requested IP);
//   target = (requester MAC, requester IP); 42 octets, no padding (the kernel does not pad
//   on veth; a physical NIC pads on the wire, after where tcpdump sees it).
// The request itself is consumed by the host stack (counted as delivered-host); the reply
// is a created packet (NC_CREATED_ARP) sent back out of the same interface.

import {
  IF_KIND, IF_FLAGS, IF_MAC, IFK_CALI, IFF_FORWARDING, IFF_PROXY_ARP, NH_NONE,
  NH_KIND, NH_OIF, NH_DST_MAC, NH_DST_NODE, NHK_LOCAL, NHK_NEIGH, NODE_EXTERNAL,
  NC_DELIVERED_HOST, NC_CREATED_ARP, DROP_ARP_NOT_REQUEST, DROP_ARP_NO_PROXY, DROP_ARP_MARTIAN,
  DROP_RP_FILTER, DROP_IP_LOCAL_SRC, DROP_NEIGH_TABLE_FULL, NE_NONE, NE_DST_NODE, NE_UPDATED, NE_STATE, NUD_NONE,
  NUD_REACHABLE, NUD_STALE,
  NEIGH_LOCKTIME_MS,
} from '../layout';
import {
  arpCheck, arpOp, arpSpa, arpTpa, arpSetHtype, arpSetOp, arpSetSpa, arpSetTpa, ARP_SHA, ARP_THA, ARP_LEN,
  ARPOP_REPLY, ARPHRD_ETHER,
} from '../wire/arp';
import { ethEmit, ETH_HDR_LEN, ETHERTYPE_ARP } from '../wire/ethernet';
import { macCopy, macEqual, macIsGroup, CHECK_OK } from '../wire/endian';
import { ipv4IsMulticast, ipv4IsLbcast, ipv4IsLoopback } from '../wire/ipv4';
import { countNode, dropRx } from '../counters';
import { routeLookup, nhPtr, nhIsUnicast, ifPtr, rpFilterOk, srcIsLocal } from '../context';
import { sendToPod, sendOnWire } from '../tx';
import { neighTableOf, neighLookup, neighCreate, neighUpdate, nePtr, nodeNow, timeAfter } from './neigh';

export function arpInput(ctx: usize, inIf: u32, frame: usize, len: u32, meta: u32): void {
  const a = frame + ETH_HDR_LEN;
  const r = arpCheck(a, len - ETH_HDR_LEN);
  if (r != CHECK_OK) {
    dropRx(ctx, inIf, r);
    return;
  }
  const ifp = ifPtr(ctx, inIf);
  const table = neighTableOf(ctx, inIf);
  const localnet = load<u32>(ifp, IF_KIND) == IFK_CALI; // route_localnet=1 on every cali
  const sip = arpSpa(a);
  const tip = arpTpa(a);
  if (ipv4IsMulticast(tip) || (!localnet && ipv4IsLoopback(tip))) {
    dropRx(ctx, inIf, DROP_ARP_MARTIAN);
    return;
  }
  if (arpOp(a) == ARPOP_REPLY) {
    arpLearn(ctx, inIf, table, frame, true);
    return;
  }
  // a request from a martian sender fails ip_route_input_noref, and no entry exists for it
  if (ipv4IsMulticast(sip) || ipv4IsLbcast(sip)) {
    dropRx(ctx, inIf, DROP_ARP_MARTIAN);
    return;
  }
  const nh = routeLookup(ctx, tip);
  let answer = false;
  if (nh != NH_NONE) {
    const n = nhPtr(ctx, nh);
    const kind = load<u8>(n, NH_KIND);
    if (kind == NHK_LOCAL) answer = true;
    else if (sip != 0) { // a DAD probe (sender 0.0.0.0) is only answered for local targets
      const flags = load<u32>(ifp, IF_FLAGS);
      answer = nhIsUnicast(kind) && (flags & IFF_FORWARDING) != 0 && (flags & IFF_PROXY_ARP) != 0
        && load<u16>(n, NH_OIF) != inIf;
    }
  }
  // arp_process → ip_route_input_noref(tip, sip): fib_validate_source, strict on a cali; a
  // sender that is one of our own addresses fails it on every interface (accept_local=0), and
  // the request then only updates an entry that exists ("Update our ARP tables")
  if (answer && sip != 0 && localnet && !rpFilterOk(ctx, inIf, sip)) {
    dropRx(ctx, inIf, DROP_RP_FILTER);
    return;
  }
  if (answer && sip != 0 && !localnet && srcIsLocal(ctx, sip)) {
    if (table != 0 && arpLearnExisting(ctx, table, frame, false)) return;
    dropRx(ctx, inIf, DROP_IP_LOCAL_SRC);
    return;
  }
  if (!answer) {
    if (table != 0 && sip != 0 && arpLearnExisting(ctx, table, frame, false)) return;
    dropRx(ctx, inIf, DROP_ARP_NO_PROXY);
    return;
  }
  // neigh_event_ns: the requester's entry, created if needed (not for a DAD probe)
  let dstNode = NODE_EXTERNAL;
  let known = false;
  if (table != 0 && sip != 0) {
    const i = neighCreate(ctx, table, sip);
    if (i == NE_NONE) {
      dropRx(ctx, inIf, DROP_NEIGH_TABLE_FULL);
      return;
    }
    const e = nePtr(table, i);
    neighUpdate(ctx, table, e, a + ARP_SHA, NUD_STALE, true);
    dstNode = load<u32>(e, NE_DST_NODE);
    known = true;
  }
  countNode(ctx, NC_DELIVERED_HOST);
  // the reply, in place: target HW := requester MAC first, then everything that reads it
  macCopy(a + ARP_THA, a + ARP_SHA);
  ethEmit(frame, a + ARP_THA, ifp + IF_MAC, ETHERTYPE_ARP);
  arpSetHtype(a, ARPHRD_ETHER);
  arpSetOp(a, ARPOP_REPLY);
  macCopy(a + ARP_SHA, ifp + IF_MAC);
  arpSetSpa(a, tip);
  arpSetTpa(a, sip);
  countNode(ctx, NC_CREATED_ARP);
  const flen = ETH_HDR_LEN + ARP_LEN;
  if (localnet) {
    sendToPod(ctx, inIf, frame, flen, meta);
    return;
  }
  // on an uplink the requester is another host of its segment (or the outside): its entry
  // knows which port, or a neighbour the builder resolved on this uplink does
  if (!known) {
    const back = routeLookup(ctx, sip);
    if (back != NH_NONE) {
      const b = nhPtr(ctx, back);
      if (load<u8>(b, NH_KIND) == NHK_NEIGH && <u32>load<u16>(b, NH_OIF) == inIf && macEqual(b + NH_DST_MAC, frame)) {
        dstNode = load<u32>(b, NH_DST_NODE);
      }
    }
  }
  sendOnWire(ctx, inIf, frame, flen, dstNode, meta);
}

/** arp_is_garp: sender = target (and, in a reply, target MAC = sender MAC), about an address
 *  that is not ours (inet_addr_type_dev_table: RTN_UNICAST). */
function arpIsGarp(ctx: usize, a: usize, reply: bool): bool {
  const sip = arpSpa(a);
  if (sip != arpTpa(a)) return false;
  if (reply && !macEqual(a + ARP_THA, a + ARP_SHA)) return false;
  if (sip == 0 || ipv4IsLbcast(sip) || ipv4IsMulticast(sip)) return false;
  const nh = routeLookup(ctx, sip);
  return nh == NH_NONE || load<u8>(nhPtr(ctx, nh), NH_KIND) != NHK_LOCAL;
}

/** "Update our ARP tables": the sender's existing entry takes the sender MAC. Returns false
 *  when there is no entry (unsolicited ARP is not accepted: arp_accept = 0). An entry still in
 *  NUD_NONE is one the builder reserved for a next hop that has sent nothing yet: the kernel
 *  has no entry there (ip_neigh_for_gw creates it on the first packet out), so arp_process's
 *  __neigh_lookup(create = 0) finds none and an unsolicited reply from the gateway teaches
 *  nothing. */
function arpLearnExisting(ctx: usize, table: usize, frame: usize, reply: bool): bool {
  const a = frame + ETH_HDR_LEN;
  const i = neighLookup(table, arpSpa(a));
  if (i == NE_NONE) return false;
  const e = nePtr(table, i);
  if (<u32>load<u8>(e, NE_STATE) == NUD_NONE) return false;
  const overrideMac = timeAfter(nodeNow(ctx), load<u32>(e, NE_UPDATED) + NEIGH_LOCKTIME_MS) || arpIsGarp(ctx, a, reply);
  // broadcast replies and requests do not assert reachability (skb->pkt_type != PACKET_HOST)
  const state = reply && !macIsGroup(frame) ? NUD_REACHABLE : NUD_STALE;
  neighUpdate(ctx, table, e, a + ARP_SHA, state, overrideMac);
  countNode(ctx, NC_DELIVERED_HOST);
  return true;
}

/** An ARP reply: it updates the sender's entry, if the interface keeps a table and has one. */
function arpLearn(ctx: usize, inIf: u32, table: usize, frame: usize, reply: bool): void {
  if (table == 0 || !arpLearnExisting(ctx, table, frame, reply)) dropRx(ctx, inIf, DROP_ARP_NOT_REQUEST);
}
