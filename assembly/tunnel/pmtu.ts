// The path MTU of a tunnel's outer route, learned from ICMP frag-needed (a router with a
// smaller MTU between two subnets), as Linux keeps it for Calico's tunl0:
//
//   router ── 3/4, mtu 1400, quoting the outer IPIP header ──► node-a
//     icmp_rcv → icmp_unreach → tunnel4_err → ipip_err: the fallback tunl0 (up) takes any
//     quoted (saddr, daddr); ipv4_update_pmtu → __ip_rt_update_pmtu: an exception on the outer
//     route's next hop for the quoted daddr, only ever lowering it (below ip_rt_min_pmtu 552
//     it is 552), for ip_rt_mtu_expires (600 s)        ─► ipipUpdatePmtu, on the tunnel next
//     hops whose outer destination it is (NH_PMTU, layout/nexthop.ts)
//   pod ── DF packet over pmtu − 20 ──► node-a forwards it (TTL decremented, options written),
//     then ip_tunnel_xmit → tnl_update_pmtu: inner DF set and longer than dst_mtu − 20 →
//     icmp_ndo_send 3/4 with that MTU back to the pod, the packet dropped ─► ipipTooBig
//   A packet without DF leaves at tunl0's own MTU with the outer DF clear: the router
//   fragments it.

import {
  NODE_NOW_MS, NODE_NH_TABLE, NODE_NH_COUNT, NODE_OWN_ROUTES, NH_KIND, NH_GW, NH_PMTU, NH_PMTU_EXPIRES, NH_TUNNEL_NH, NH_NONE,
  NH_OIF, NH_SIZE, NHK_ONLINK_TUNL0, IF_MTU, IF_TUNL0, IF_FLAGS, IFF_UP,
} from '../layout';
import { ipv4FlagsFrag, ipv4HeaderLen, ipv4Proto, ipv4Dst, IPV4_DF, IPV4_HDR_LEN, IPPROTO_IPIP } from '../wire/ipv4';
import { icmpChecksumOk, ICMP_HDR_LEN, ICMP_TYPE, ICMP_CODE, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED } from '../wire/icmp';
import { ld16be } from '../wire/endian';
import { nhPtr, ifPtr } from '../context';
import { IPIP_OVERHEAD } from './ipip';

// @ts-ignore: decorator
@inline const ICMP_FRAG_MTU: u32 = 6; // the next-hop MTU, in the second half of the rest of the header
// @ts-ignore: decorator
@inline const IP_RT_MIN_PMTU: u32 = 552; // 512 + 20 + 20
// @ts-ignore: decorator
@inline const IP_RT_MTU_EXPIRES_S: u32 = 600;

// @ts-ignore: decorator
@inline function nowS(ctx: usize): u32 {
  return (load<u32>(ctx, NODE_NOW_MS) / 1000) & 0xffff;
}

/** The outer route's MTU of tunnel next hop `n`: the learned one while it lasts, else the
 *  device's (ipv4_mtu). */
export function ipipPathMtu(ctx: usize, n: usize): u32 {
  const pmtu = <u32>load<u16>(n, NH_PMTU);
  if (pmtu != 0 && <i16>(<u16>(load<u16>(n, NH_PMTU_EXPIRES) - nowS(ctx))) > 0) return pmtu;
  const t = load<u32>(n, NH_TUNNEL_NH);
  return t == NH_NONE ? 0 : load<u32>(ifPtr(ctx, load<u16>(nhPtr(ctx, t), NH_OIF)), IF_MTU);
}

/** ipip_err → ipv4_update_pmtu: frag-needed with `mtu` about an IPIP packet to `daddr`. A node
 *  on a shared FIB (NODE_OWN_ROUTES set: the benchmark's large clusters, layout/node.ts) learns
 *  nothing: its next hops are its whole class's, and the kernel keeps an exception per host. */
export function ipipUpdatePmtu(ctx: usize, daddr: u32, mtu: u32): void {
  if (load<u32>(ctx, NODE_OWN_ROUTES) != 0) return;
  const table = <usize>load<u32>(ctx, NODE_NH_TABLE);
  const count = load<u32>(ctx, NODE_NH_COUNT);
  const expires = <u16>(nowS(ctx) + IP_RT_MTU_EXPIRES_S);
  for (let i: u32 = 0; i < count; i++) { // a slow path: an ICMP error
    const n = table + <usize>i * NH_SIZE;
    if (load<u8>(n, NH_KIND) != NHK_ONLINK_TUNL0 || load<u32>(n, NH_GW) != daddr) continue;
    const old = ipipPathMtu(ctx, n);
    if (old == 0 || old < mtu) continue;
    const m = mtu < IP_RT_MIN_PMTU ? min(old, IP_RT_MIN_PMTU) : mtu;
    if (<u32>load<u16>(n, NH_PMTU) == m && <i16>(<u16>(load<u16>(n, NH_PMTU_EXPIRES) - nowS(ctx))) > <i16>(IP_RT_MTU_EXPIRES_S / 2)) continue;
    store<u16>(n, <u16>m, NH_PMTU);
    store<u16>(n, expires, NH_PMTU_EXPIRES);
  }
}

/** tnl_update_pmtu for the forwarded packet at `ip` (`len` octets) leaving through tunnel
 *  next hop `n`: the MTU to report when it has DF and does not fit, else 0. */
export function ipipTooBig(ctx: usize, n: usize, ip: usize, len: u32): u32 {
  if ((ipv4FlagsFrag(ip) & IPV4_DF) == 0 || load<u16>(n, NH_PMTU) == 0) return 0;
  const mtu = ipipPathMtu(ctx, n) - IPIP_OVERHEAD;
  return len > mtu ? mtu : 0;
}

/** icmp_unreach → icmp_socket_deliver → tunnel4_err → ipip_err for an ICMP message to this
 *  host (`icmp`, `len` octets): a valid 3/4 quoting an IPIP header (with its 8 more octets)
 *  teaches the tunnel's path MTU while tunl0 is up. Anything else is left alone. */
export function ipipErr(ctx: usize, icmp: usize, len: u32): void {
  if (len < ICMP_HDR_LEN + IPV4_HDR_LEN + 8) return;
  if (<u32>load<u8>(icmp, ICMP_TYPE) != ICMP_DEST_UNREACH || <u32>load<u8>(icmp, ICMP_CODE) != ICMP_FRAG_NEEDED) return;
  if (!icmpChecksumOk(icmp, len)) return; // icmp_rcv: csum_error
  const q = icmp + ICMP_HDR_LEN;
  const qhl = ipv4HeaderLen(q);
  if (qhl < IPV4_HDR_LEN || len < ICMP_HDR_LEN + qhl + 8 || ipv4Proto(q) != IPPROTO_IPIP) return;
  if ((load<u32>(ifPtr(ctx, IF_TUNL0), IF_FLAGS) & IFF_UP) == 0) return; // ip_tunnel_lookup: no tunnel
  ipipUpdatePmtu(ctx, ipv4Dst(q), <u32>ld16be(icmp + ICMP_FRAG_MTU));
}
