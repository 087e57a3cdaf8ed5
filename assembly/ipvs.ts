// kube-proxy's IPVS on a node: virtual servers (ClusterIPs on kube-ipvs0, node ports on the
// node's addresses), NAT to a real server, the masquerade, and the reverse translation of
// replies and of ICMP errors about them. One hook, before the route lookup on the new
// destination and after the route input's source check (forward.ts ipvsSourceOk):
//
//   TCP/UDP ─► ctLookup(5-tuple) ── hit ─► options ─► ctUpdate (state, timeout) ─► rewrite to the peer's
//      │                                   tuple inverted: DNAT one way (ip_vs_in →
//      │                                   ip_vs_nat_xmit), un-DNAT the other (ip_vs_out →
//      │                                   handle_response), and the masquerade's SNAT / de-SNAT
//      └── miss ─► vsLookup(dst, dport, proto) ── miss ─► untouched
//                     │ a TCP segment other than a SYN: untouched (tcp_conn_schedule)
//                     ├─► options
//                     │ no real server: ICMP 3/3 from the VIP + DROP_IPVS_NO_DEST (ip_vs_leave)
//                     ├─► VSF_PERSIST (ip_vs_sched_persist): template (client & netmask, vip,
//                     │   vport)? ── live ─► its real server, no rr; timer restarted
//                     │              └ none ─► rr ─► ctplCreate (full: DROP_CT_FULL) ─┐
//                     └─► rr (ip_vs_rr_schedule) ─► masquerade? (VSF_MASQ, or the real server ◄┘
//                         is the client: kube-proxy's KUBE-LOOP-BACK hairpin) ─► ctCreate
//                         (full: DROP_CT_FULL) ─► rewrite
//   ICMP 3/4/11 quoting a TCP/UDP packet of a connection ─► outer addresses and the quoted
//      header translated back, checksums redone (ip_vs_in_icmp / ip_vs_out_icmp → ip_vs_nat_icmp)
//
// The rewritten packet then takes the usual path: route lookup on the new destination
// (cali, tunl0 and IPIP to the real server's node, or local), TTL − 1 once (decrement_ttl in
// __ip_vs_get_out_rt for the request; ip_forward for the reply). The transport checksum is
// updated incrementally (tcp_fast_csum_update, udp_fast_csum_update; a UDP checksum of 0 stays
// 0), the IP header checksum recomputed (ip_send_check).
//
// The masquerade's source is what MASQUERADE picks (inet_select_addr on the output device):
// tunl0's address when the real server is behind the tunnel, the node's address otherwise
// (a cali has none; the first device with one is the uplink). kube-proxy's KUBE-POSTROUTING
// masquerades marked connections with --random-fully: the source port is drawn from
// 1024..65535 (nf_nat_l4proto_unique_tuple, NF_NAT_RANGE_PROTO_RANDOM_FULLY; here a hash of
// the tuple and the table's fill stands in for get_random_u16); the hairpin's KUBE-LOOP-BACK
// rule masquerades without it, so the port is kept when the reply tuple is free. Taken ports
// step to the next (NAT_PORT_TRIES).
//
// Options (IHL > 5): the kernel compiles them (ip_rcv_finish → ip_rcv_options) right after the
// route input, before LOCAL_IN or FORWARD hands the packet to IPVS, on the destination as
// routed: a request's ClusterIP or node port (a local route: its record-route slot gets that
// address, spec_dst_fill), a reply's own destination once conntrack has taken a masquerade
// back (PREROUTING). So a malformed option is refused (12/0) before a connection is made,
// updated or scheduled, and the errors IPVS sends echo what compiled. A request then leaves by
// ip_vs_nat_xmit, not ip_forward: no forward options (NODE_IPVS_XMIT). What compiled goes to
// forward.ts in NODE_IPVS_OPTS (a local there would cost the journey 1-2 %: the step is one
// inlined function, and V8 allocates its registers anew when a live value is added). Packets
// IPVS leaves untouched compile in forward.ts as any other.
//
// Not modelled: ICMP errors with options (compiled after their translation), fragments (IPVS defragments first: ip_vs_in → ip_vs_gather_frags), TCP or UDP
// headers too short to carry their checksum (left untouched), other schedulers, persistence
// engines (pe sip), fwmark services, and ip_vs_check_template's refusal of a removed or
// quiesced real server (the tables are built once: a template's real server stays).

import {
  NODE_VS_TABLE, NODE_VS_MASK, NODE_RS_TABLE, NODE_CT_LIVE, NODE_IP, NODE_TUNL0_IP, VS_IP, VS_PORT,
  VS_PROTO, VS_FLAGS, VS_RS_FIRST, VS_RS_COUNT, VS_RR_NEXT, VS_SIZE, VS_PROBE_MAX, VSF_USED,
  VSF_MASQ, VSF_PERSIST, VS_PERSIST_MS, VS_NETMASK, FTPPORT, CT_USED, CTU_USED, CTU_CONTROLLED, CT_RS,
  RS_IP, RS_PORT, RS_SIZE, CT_SRC, CT_DST, CT_SPORT, CT_DPORT, CT_PEER, CT_NONE, NH_NONE,
  NH_KIND, NHK_ONLINK_TUNL0, DROP_CT_FULL, DROP_IPVS_NO_DEST, DROP_NAT_NO_PORT, DROP_TTL_EXCEEDED,
  CT_DIR, CT_DIR_ORIGINAL, NODE_IPVS_XMIT, NODE_IPVS_OPTS,
} from './layout';
import {
  ipv4HeaderLen, ipv4TotalLen, ipv4Proto, ipv4Src, ipv4Dst, ipv4FlagsFrag, ipv4FillChecksum, ipv4Ttl,
  IPV4_MF, IPV4_FRAG_OFFSET, IPV4_SRC, IPV4_DST, IPV4_HDR_LEN, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP,
} from './wire/ipv4';
import { ld16be, st16be, st32be } from './wire/endian';
import { foldSum } from './wire/checksum';
import { icmpFillChecksum, ICMP_DEST_UNREACH, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, ICMP_HDR_LEN } from './wire/icmp';
import { dropRx } from './counters';
import { routeLookup, nhPtr } from './context';
import { icmpSendErrorFrom } from './icmpError';
import { ctHash, ctLookup, ctCreate, ctUpdate, ctPtr, ctplLookup, ctplCreate, ctplRearm } from './conntrack';
import { ipOptionsRcv, NHK_NO_ROUTE } from './ipOptions';
import { OPT_DROPPED } from './ipOptionsEcho';

// @ts-ignore: decorator
@inline const ICMP_SOURCE_QUENCH: u32 = 4;
// @ts-ignore: decorator
@inline const ICMP_PORT_UNREACH: u32 = 3;
// @ts-ignore: decorator
@inline const TCP_SYN: u32 = 0x02;
// @ts-ignore: decorator
@inline const TCP_RST: u32 = 0x04;
// @ts-ignore: decorator
@inline const TCP_FLAGS: u32 = 13;
// @ts-ignore: decorator
@inline const TCP_CSUM: u32 = 16;
// @ts-ignore: decorator
@inline const TCP_MIN_LEN: u32 = 20;
// @ts-ignore: decorator
@inline const UDP_CSUM: u32 = 6;
// @ts-ignore: decorator
@inline const UDP_MIN_LEN: u32 = 8;
// @ts-ignore: decorator
@inline const NAT_PORT_TRIES: u32 = 8;
// @ts-ignore: decorator
@inline export const VS_NONE: u32 = 0xffffffff;

// @ts-ignore: decorator
@inline function vsPtr(ctx: usize, i: u32): usize {
  return <usize>load<u32>(ctx, NODE_VS_TABLE) + <usize>i * VS_SIZE;
}

/** ip_vs_service_find: the virtual server (vip, port, proto), at most VS_PROBE_MAX probes. */
export function vsLookup(ctx: usize, vip: u32, port: u32, proto: u32): u32 {
  const mask = load<u32>(ctx, NODE_VS_MASK);
  const h = ctHash(vip, 0, 0, port, proto);
  for (let i: u32 = 0; i < VS_PROBE_MAX; i++) {
    const k = (h + i) & mask;
    const v = vsPtr(ctx, k);
    if ((load<u8>(v, VS_FLAGS) & VSF_USED) == 0) return VS_NONE;
    if (load<u32>(v, VS_IP) == vip && <u32>load<u16>(v, VS_PORT) == port && <u32>load<u8>(v, VS_PROTO) == proto) return k;
  }
  return VS_NONE;
}

/** csum_replace2: a 16-bit field of the covered data changed from `from` to `to`. */
// @ts-ignore: decorator
@inline function csumReplace(check: u32, from: u32, to: u32): u32 {
  return ~foldSum((~check & 0xffff) + (~from & 0xffff) + to) & 0xffff;
}

// @ts-ignore: decorator
@inline function csumReplace4(check: u32, from: u32, to: u32): u32 {
  return csumReplace(csumReplace(check, from >>> 16, to >>> 16), from & 0xffff, to & 0xffff);
}

/** Rewrites the packet's tuple to (src:sport → dst:dport): transport checksum incremental,
 *  IP checksum recomputed. */
function natRewrite(p: usize, l4: usize, proto: u32, src: u32, dst: u32, sport: u32, dport: u32): void {
  const off = proto == IPPROTO_TCP ? TCP_CSUM : UDP_CSUM;
  let c = ld16be(l4 + off);
  if (proto == IPPROTO_TCP || c != 0) {
    c = csumReplace4(c, ipv4Src(p), src);
    c = csumReplace4(c, ipv4Dst(p), dst);
    c = csumReplace(c, ld16be(l4), sport);
    c = csumReplace(c, ld16be(l4 + 2), dport);
    if (proto == IPPROTO_UDP && c == 0) c = 0xffff; // CSUM_MANGLED_0
    st16be(l4 + off, c);
  }
  st32be(p + IPV4_SRC, src);
  st32be(p + IPV4_DST, dst);
  st16be(l4, sport);
  st16be(l4 + 2, dport);
  ipv4FillChecksum(p);
}

/** Translates a packet of record `r` to the inverse of its peer's tuple. */
function natToPeer(ctx: usize, r: u32, p: usize, l4: usize, proto: u32): void {
  const peer = ctPtr(ctx, load<u32>(ctPtr(ctx, r), CT_PEER));
  natRewrite(p, l4, proto, load<u32>(peer, CT_DST), load<u32>(peer, CT_SRC),
    <u32>load<u16>(peer, CT_DPORT), <u32>load<u16>(peer, CT_SPORT));
}

/** ip_rcv_options for a packet IPVS translates, on the route of `routed` (the destination
 *  the kernel routed it by): the compiled options (0 without any), or OPT_DROPPED after a
 *  counted drop and its 12/0. `request`: IPVS sends it on (NODE_IPVS_XMIT). */
function ipvsOptions(ctx: usize, inIf: u32, p: usize, routed: u32, request: bool, meta: u32, l2bcast: bool): u32 {
  if (ipv4HeaderLen(p) == IPV4_HDR_LEN) return 0;
  const nh = routeLookup(ctx, routed);
  const opts = ipOptionsRcv(ctx, inIf, p, nh == NH_NONE ? NHK_NO_ROUTE : <u32>load<u8>(nhPtr(ctx, nh), NH_KIND), meta, l2bcast);
  if (opts != OPT_DROPPED && request) store<u32>(ctx, 1, NODE_IPVS_XMIT);
  return opts;
}

/** The IPVS hook for the packet at `p` received on `inIf` (validated header). Returns false
 *  when the packet was consumed (dropped, with or without an ICMP error); the options it
 *  compiled are in NODE_IPVS_OPTS for forward.ts. */
export function ipvsIn(ctx: usize, inIf: u32, p: usize, meta: u32, l2bcast: bool): bool {
  const proto = ipv4Proto(p);
  const hl = ipv4HeaderLen(p);
  const tl = ipv4TotalLen(p);
  if ((ipv4FlagsFrag(p) & (IPV4_MF | IPV4_FRAG_OFFSET)) != 0) return true;
  if (proto == IPPROTO_ICMP) {
    if (load<u32>(ctx, NODE_CT_LIVE) != 0) ipvsIcmp(ctx, p, hl, tl);
    return true;
  }
  if (proto != IPPROTO_TCP && proto != IPPROTO_UDP) return true;
  if (tl - hl < (proto == IPPROTO_TCP ? TCP_MIN_LEN : UDP_MIN_LEN)) return true;
  const l4 = p + hl;
  const src = ipv4Src(p);
  const dst = ipv4Dst(p);
  const sport = ld16be(l4);
  const dport = ld16be(l4 + 2);
  const flags: u32 = proto == IPPROTO_TCP ? <u32>load<u8>(l4, TCP_FLAGS) : 0;
  if (load<u32>(ctx, NODE_CT_LIVE) != 0) {
    const r = ctLookup(ctx, src, dst, sport, dport, proto);
    if (r != CT_NONE) {
      const request = load<u8>(ctPtr(ctx, r), CT_DIR) == CT_DIR_ORIGINAL;
      // a reply is routed by its destination after the masquerade's de-SNAT (the peer's source)
      const routed = request ? dst : load<u32>(ctPtr(ctx, load<u32>(ctPtr(ctx, r), CT_PEER)), CT_SRC);
      const opts = ipvsOptions(ctx, inIf, p, routed, request, meta, l2bcast);
      if (opts == OPT_DROPPED) return false;
      ctUpdate(ctx, r, flags);
      if (request && ttlExpired(ctx, inIf, p, meta, l2bcast, opts)) return false;
      natToPeer(ctx, r, p, l4, proto);
      store<u32>(ctx, opts, NODE_IPVS_OPTS);
      return true;
    }
  }
  if (load<u32>(ctx, NODE_VS_MASK) == 0) return true;
  const vs = vsLookup(ctx, dst, dport, proto);
  if (vs == VS_NONE) return true;
  if (proto == IPPROTO_TCP && (flags & (TCP_SYN | TCP_RST)) != TCP_SYN) return true;
  const opts = ipvsOptions(ctx, inIf, p, dst, true, meta, l2bcast);
  if (opts == OPT_DROPPED) return false;
  const v = vsPtr(ctx, vs);
  const n = <u32>load<u16>(v, VS_RS_COUNT);
  if (n == 0) {
    icmpSendErrorFrom(ctx, p, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, meta, l2bcast, dst, opts);
    dropRx(ctx, inIf, DROP_IPVS_NO_DEST);
    return false;
  }
  const persist = (load<u8>(v, VS_FLAGS) & VSF_PERSIST) != 0;
  let rsIdx: u32;
  if (persist) {
    // ip_vs_sched_persist: <proto, caddr & netmask, 0, vaddr, vport> (vport 0 on FTPPORT)
    const cnet = src & load<u32>(v, VS_NETMASK);
    const tport = dport == FTPPORT ? 0 : dport;
    const t = ctplLookup(ctx, cnet, dst, tport, proto);
    if (t != CT_NONE) {
      rsIdx = load<u32>(ctPtr(ctx, t), CT_RS);
      ctplRearm(ctx, t, load<u32>(v, VS_PERSIST_MS));
    } else {
      rsIdx = rrSchedule(v, n);
      // ip_vs_conn_new failing for the template: *ignored = -1, NF_DROP without ICMP
      if (ctplCreate(ctx, cnet, dst, tport, proto, vs, rsIdx, load<u32>(v, VS_PERSIST_MS)) == CT_NONE) {
        dropRx(ctx, inIf, DROP_CT_FULL);
        return false;
      }
    }
  } else {
    rsIdx = rrSchedule(v, n);
  }
  const rs = <usize>load<u32>(ctx, NODE_RS_TABLE) + <usize>rsIdx * RS_SIZE;
  const rip = load<u32>(rs, RS_IP);
  const rport = <u32>load<u16>(rs, RS_PORT);
  let rdst = src;
  let rdport = sport;
  if ((load<u8>(v, VS_FLAGS) & VSF_MASQ) != 0 || rip == src) {
    rdst = masqueradeSource(ctx, rip);
    if (rip != src && sport >= 1024) rdport = 1024 + (ctHash(src, dst, sport, dport, proto) ^ load<u32>(ctx, NODE_CT_LIVE)) % (65536 - 1024);
    let tries: u32 = 0;
    while (ctLookup(ctx, rip, rdst, rport, rdport, proto) != CT_NONE) {
      if (++tries == NAT_PORT_TRIES) {
        dropRx(ctx, inIf, DROP_NAT_NO_PORT);
        return false;
      }
      rdport = rdport == 0xffff ? 1024 : rdport + 1;
    }
  }
  const r = ctCreate(ctx, src, dst, sport, dport, proto, rip, rdst, rport, rdport, vs, rsIdx);
  if (r == CT_NONE) {
    dropRx(ctx, inIf, DROP_CT_FULL); // a template made for it stays, armed (ip_vs_conn_put(ct))
    return false;
  }
  if (persist) store<u8>(ctPtr(ctx, r), <u8>(CTU_USED | CTU_CONTROLLED), CT_USED); // ip_vs_control_add
  ctUpdate(ctx, r, flags);
  if (ttlExpired(ctx, inIf, p, meta, l2bcast, opts)) return false;
  natRewrite(p, l4, proto, rdst, rip, rdport, rport);
  store<u32>(ctx, opts, NODE_IPVS_OPTS);
  return true;
}

/** ip_vs_rr_schedule: the real server after the last one chosen (an index into RS_TABLE). */
function rrSchedule(v: usize, n: u32): u32 {
  let k = <u32>load<u16>(v, VS_RR_NEXT);
  if (k >= n) k = 0;
  store<u16>(v, <u16>(k + 1 == n ? 0 : k + 1), VS_RR_NEXT);
  return load<u32>(v, VS_RS_FIRST) + k;
}

/** decrement_ttl in __ip_vs_get_out_rt: a request whose TTL ends here dies before the NAT
 *  (the connection exists, the rr cursor moved); icmp_send quotes it as received and, its
 *  input route being local (the VIP), answers from the VIP, echoing its options (`opts`). */
function ttlExpired(ctx: usize, inIf: u32, p: usize, meta: u32, l2bcast: bool, opts: u32): bool {
  if (ipv4Ttl(p) > 1) return false;
  icmpSendErrorFrom(ctx, p, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0, meta, l2bcast, ipv4Dst(p), opts);
  dropRx(ctx, inIf, DROP_TTL_EXCEEDED);
  return true;
}

/** MASQUERADE's source for a packet to `dst`: inet_select_addr on the route's device. */
function masqueradeSource(ctx: usize, dst: u32): u32 {
  const nh = routeLookup(ctx, dst);
  if (nh != NH_NONE && load<u8>(nhPtr(ctx, nh), NH_KIND) == NHK_ONLINK_TUNL0) return load<u32>(ctx, NODE_TUNL0_IP);
  return load<u32>(ctx, NODE_IP);
}

/** An ICMP error about a packet of a connection: the outer addresses and the quoted header
 *  become what the other side of the translation sent or expects (ip_vs_nat_icmp). */
function ipvsIcmp(ctx: usize, p: usize, hl: u32, tl: u32): void {
  const ic = p + hl;
  const len = tl - hl;
  if (len < ICMP_HDR_LEN + IPV4_HDR_LEN) return;
  const type = <u32>load<u8>(ic);
  if (type != ICMP_DEST_UNREACH && type != ICMP_SOURCE_QUENCH && type != ICMP_TIME_EXCEEDED) return;
  const q = ic + ICMP_HDR_LEN;
  if ((load<u8>(q) >> 4) != 4) return;
  const qhl = ipv4HeaderLen(q);
  if (qhl < IPV4_HDR_LEN || len < ICMP_HDR_LEN + qhl + 8) return;
  const qproto = ipv4Proto(q);
  if (qproto != IPPROTO_TCP && qproto != IPPROTO_UDP) return;
  if ((ipv4FlagsFrag(q) & IPV4_FRAG_OFFSET) != 0) return;
  const ql4 = q + qhl;
  const r = ctLookup(ctx, ipv4Dst(q), ipv4Src(q), ld16be(ql4 + 2), ld16be(ql4), qproto);
  if (r == CT_NONE) return;
  const peer = ctPtr(ctx, load<u32>(ctPtr(ctx, r), CT_PEER));
  st32be(p + IPV4_SRC, load<u32>(peer, CT_DST));
  st32be(p + IPV4_DST, load<u32>(peer, CT_SRC));
  st32be(q + IPV4_SRC, load<u32>(peer, CT_SRC));
  st32be(q + IPV4_DST, load<u32>(peer, CT_DST));
  st16be(ql4, <u32>load<u16>(peer, CT_SPORT));
  st16be(ql4 + 2, <u32>load<u16>(peer, CT_DPORT));
  ipv4FillChecksum(q);
  icmpFillChecksum(ic, len);
  ipv4FillChecksum(p);
}
