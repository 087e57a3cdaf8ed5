// IPIP addressed to a host whose tunl0 is down or absent (a router, a node of a pool that
// never encapsulates): nothing decapsulates it, and the host says so as Linux does:
//
//   ipip.ko loaded (tunl0 exists, IFF_PRESENT: in the oracle's VM as soon as any host of the
//   cluster has a tunnel; every namespace then has the fallback tunl0, down where unused)
//     tunnel4_rcv: the inner header must be there (pskb_may_pull, else a silent drop), then
//     ipip_rcv finds no tunnel that is up (ip_tunnel_lookup skips a down device) and no
//     other handler takes it → ICMP 3/3 (port unreachable)
//   not loaded: ip_protocol_deliver_rcu has no handler for protocol 4 → ICMP 3/2
//
// Either error about a locally delivered packet comes from the address it was sent to
// (__icmp_send, RTCF_LOCAL: saddr = iph->daddr), e.g. the router's eth0 address. Fragments
// were reassembled first (ip_local_deliver → ip_defrag: reasm.ts, from forward.ts).

import { IF_TUNL0, IF_FLAGS, IFF_UP, IFF_PRESENT, DROP_IPIP_NO_TUNNEL, DROP_IPIP_INNER_MALFORMED } from '../layout';
import { ipv4HeaderLen, ipv4Dst, IPV4_HDR_LEN } from '../wire/ipv4';
import { ICMP_DEST_UNREACH } from '../wire/icmp';
import { dropRx } from '../counters';
import { ifPtr } from '../context';
import { icmpSendErrorFrom } from '../icmpError';

// @ts-ignore: decorator
@inline const ICMP_PROT_UNREACH: u32 = 2;
// @ts-ignore: decorator
@inline const ICMP_PORT_UNREACH: u32 = 3;

/** Is tunl0 up, so that ipipDecap takes protocol-4 packets to a local address? */
// @ts-ignore: decorator
@inline export function ipipTunnelUp(ctx: usize): bool {
  return (load<u32>(ifPtr(ctx, IF_TUNL0), IF_FLAGS) & IFF_UP) != 0;
}

/** A local protocol-4 packet (`tl` = its validated total length, options compiled into `opts`)
 *  on a host without a tunnel up. */
export function ipipNoTunnel(ctx: usize, inIf: u32, ip: usize, tl: u32, meta: u32, l2bcast: bool, opts: u32): void {
  if ((load<u32>(ifPtr(ctx, IF_TUNL0), IF_FLAGS) & IFF_PRESENT) != 0) {
    if (tl - ipv4HeaderLen(ip) < IPV4_HDR_LEN) {
      dropRx(ctx, inIf, DROP_IPIP_INNER_MALFORMED);
      return;
    }
    icmpSendErrorFrom(ctx, ip, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, meta, l2bcast, ipv4Dst(ip), opts);
  } else {
    icmpSendErrorFrom(ctx, ip, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0, meta, l2bcast, ipv4Dst(ip), opts);
  }
  dropRx(ctx, inIf, DROP_IPIP_NO_TUNNEL);
}
