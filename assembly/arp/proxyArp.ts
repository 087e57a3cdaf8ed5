// ARP input on an Ethernet interface (cali or ens160), following arp_process:
//   - a request whose target routes to a LOCAL address is answered with the interface's MAC
//     on any interface (arp_ignore = 0): e.g. a pod asking for the node IP;
//   - otherwise, on an interface with forwarding and proxy_arp (every cali: the CNI plugin's configureSysctls and Felix's configureInterface set both), a
//     request is answered when the target has a unicast route whose egress is another
//     interface (arp_process / arp_fwd_proxy in net/ipv4/arp.c). So a pod asking for 169.254.1.1 (its gateway) gets
//     ee:ee:ee:ee:ee:ee thanks to the default route via ens160, while a pod asking for its
//     own address (route: its own cali), an address in the node's blackhole block or an
//     address with no route gets nothing (DROP_ARP_NO_PROXY);
//   - tunl0 is NOARP and never sees ARP (it has no Ethernet header at all);
//   - replies and gratuitous traffic: Linux updates its neighbour table; the simulator's
//     neighbours are static, so they are only counted (DROP_ARP_NOT_REQUEST).
// The reply is written in place over the request (arp_send(REPLY, dest_ip = sip, src_ip =
// tip, dest_hw = sha, src_hw = dev MAC, target_hw = sha) in arp_process, net/ipv4/arp.c):
//   Ethernet dst = requester MAC, src = our MAC; hardware type 1 (a request may say 6); op 2; sender = (our MAC, requested IP);
//   target = (requester MAC, requester IP); 42 octets, no padding (the kernel does not pad
//   on veth; a physical NIC pads on the wire, after where tcpdump sees it).
// The request itself is consumed by the host stack (counted as delivered-host); the reply
// is a created packet (NC_CREATED_ARP) sent back out of the same interface.

import {
  IF_KIND, IF_FLAGS, IF_MAC, IFK_CALI, IF_UPLINK, IFF_FORWARDING, IFF_PROXY_ARP, NH_NONE,
  NH_KIND, NH_OIF, NH_DST_MAC, NH_DST_NODE, NHK_LOCAL, NHK_NEIGH, NODE_EXTERNAL,
  NC_DELIVERED_HOST, NC_CREATED_ARP, DROP_ARP_NOT_REQUEST, DROP_ARP_NO_PROXY, DROP_ARP_MARTIAN,
  DROP_RP_FILTER,
} from '../layout';
import {
  arpCheck, arpOp, arpSpa, arpTpa, arpSetHtype, arpSetOp, arpSetSpa, arpSetTpa, ARP_SHA, ARP_THA, ARP_LEN,
  ARPOP_REPLY, ARPHRD_ETHER,
} from '../wire/arp';
import { ethEmit, ETH_HDR_LEN, ETHERTYPE_ARP } from '../wire/ethernet';
import { macCopy, macEqual, CHECK_OK } from '../wire/endian';
import { ipv4IsMulticast, ipv4IsLbcast, ipv4IsLoopback } from '../wire/ipv4';
import { countNode, dropRx } from '../counters';
import { routeLookup, nhPtr, nhIsUnicast, ifPtr, rpFilterOk } from '../context';
import { sendToPod, sendOnWire } from '../tx';

export function arpInput(ctx: usize, inIf: u32, frame: usize, len: u32, meta: u32): void {
  const a = frame + ETH_HDR_LEN;
  const r = arpCheck(a, len - ETH_HDR_LEN);
  if (r != CHECK_OK) {
    dropRx(ctx, inIf, r);
    return;
  }
  if (arpOp(a) == ARPOP_REPLY) {
    dropRx(ctx, inIf, DROP_ARP_NOT_REQUEST);
    return;
  }
  const ifp = ifPtr(ctx, inIf);
  const localnet = load<u32>(ifp, IF_KIND) == IFK_CALI; // route_localnet=1 on every cali
  const sip = arpSpa(a);
  const tip = arpTpa(a);
  if (ipv4IsMulticast(tip) || (!localnet && ipv4IsLoopback(tip)) || ipv4IsMulticast(sip) || ipv4IsLbcast(sip)) {
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
  // arp_process → ip_route_input_noref(tip, sip): fib_validate_source, strict on a cali
  if (answer && sip != 0 && localnet && !rpFilterOk(ctx, inIf, sip)) {
    dropRx(ctx, inIf, DROP_RP_FILTER);
    return;
  }
  if (!answer) {
    dropRx(ctx, inIf, DROP_ARP_NO_PROXY);
    return;
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
  if (inIf != IF_UPLINK) {
    sendToPod(ctx, inIf, frame, flen, meta);
    return;
  }
  // on ens160 the requester is another node (or the outside): find it by its address
  let dstNode = NODE_EXTERNAL;
  const back = routeLookup(ctx, sip);
  if (back != NH_NONE) {
    const b = nhPtr(ctx, back);
    if (load<u8>(b, NH_KIND) == NHK_NEIGH && macEqual(b + NH_DST_MAC, frame)) dstNode = load<u32>(b, NH_DST_NODE);
  }
  sendOnWire(ctx, frame, flen, dstNode, meta);
}
