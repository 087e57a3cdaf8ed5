// IPv4 options on input and when forwarding, as Linux 6.1 handles them (net/ipv4/ip_options.c,
// ip_input.c). The options sit between the fixed header and the payload:
//
//   ┌──────────────────────┬──────────────────────────────────────────┐
//   │ fixed header, 20     │ options, IHL × 4 − 20 ≤ 40 octets        │
//   └──────────────────────┴──────────────────────────────────────────┘
//   single-octet options:  ┌──────┐  EOL (0): the rest is padding;  NOP (1)
//                          │ type │
//                          └──────┘
//   the others:            ┌──────┬────────┬─────────┬──────────────────────────┐
//                          │ type │ length │ pointer │ data (length − 3 octets) │
//                          └──────┴────────┴─────────┴──────────────────────────┘
//     length counts every octet (≥ 2, within what is left); pointer is 1-based from the type:
//     RR (7)        pointer ≥ 4; while pointer ≤ length there is a free 4-octet slot at it
//     TS (68)       pointer ≥ 5; octet 3 = overflow (high nibble) | flags (low: 0 time only,
//                   1 address and time, 3 prespecified addresses)
//     LSRR (131), SSRR (137)  pointer ≥ 4;  RA (148) length ≥ 4;  CIPSO (134)
//
// ip_rcv_finish_core routes the packet first, then (IHL > 5) ip_rcv_options:
//   1. ip_options_compile walks the options (each step consumes ≥ 1 octet: ≤ 40 steps). A
//      malformed one stops it: ICMP parameter problem 12/0 whose pointer is the offending
//      octet's offset from the start of the header, and the packet is dropped. On the way it
//      rewrites every octet after an EOL to EOL, and writes into a record-route slot the
//      address the route back to the sender would use (spec_dst_fill), advancing the pointer.
//      Neither change touches the header checksum: an ICMP error quoting the packet quotes
//      the edited header with its stale checksum, and echoes what compiled (ipOptionsEcho.ts),
//      the parameter problem what compiled before the fault.
//   2. a source route is dropped: accept_source_route is 0 (ip_rcv_options).
// When the packet is forwarded, ip_forward_options writes the outgoing route's source
// (ip_rt_get_source: tunl0's /32 over the tunnel, the node IP otherwise, a cali having no
// address) into the record-route slot just filled and, if anything changed, recomputes the
// header checksum (ip_send_check), after ip_decrease_ttl.
// A timestamp option with room gets the receiving node's clock (inet_current_timestamp: ms since
// midnight UTC, NODE_DAY_MS, which the host writes from the simulation's wall clock) in its next
// slot, after the address ip_options_compile puts there for flag 1, or where flag 3 names one
// of this node's addresses; a full one gets its overflow count incremented, unless its flags are
// 3 (prespecified addresses: the overflow stays as it came, as Debian's 6.1.192 does).

import {
  NODE_IP, NODE_TUNL0_IP, NODE_DAY_MS, NODE_IPVS_XMIT, NH_NONE, NH_KIND, NHK_LOCAL, NHK_ONLINK_TUNL0, IF_TUNL0,
  DROP_IP_BAD_OPTIONS, DROP_IP_SOURCE_ROUTE,
} from './layout';
import {
  ipv4HeaderLen, ipv4Src, ipv4Dst, ipv4FillChecksum, IPV4_HDR_LEN,
} from './wire/ipv4';
import { ICMP_PARAMETERPROB } from './wire/icmp';
import { st32be, ld32be } from './wire/endian';
import { dropRx } from './counters';
import { routeLookup, nhPtr, nhIsUnicast } from './context';
import { icmpSendErrorFrom } from './icmpError';
import {
  addrIsUnicast, optRr, optTs, optSrr, IPOPT_END, IPOPT_TS_PRESPEC, OPT_DROPPED, OPT_RR_ADDR, OPT_TS_ADDR,
  OPT_TS_TIME, OPT_CHANGED, OPT_SRR_SHIFT, OPT_CIPSO_SHIFT,
} from './ipOptionsEcho';

// @ts-ignore: decorator
@inline const IPOPT_NOOP: u32 = 1;
// @ts-ignore: decorator
@inline const IPOPT_RR: u32 = 7;
// @ts-ignore: decorator
@inline const IPOPT_TIMESTAMP: u32 = 68;
// @ts-ignore: decorator
@inline const IPOPT_LSRR: u32 = 131;
// @ts-ignore: decorator
@inline const IPOPT_SSRR: u32 = 137;
// @ts-ignore: decorator
@inline const IPOPT_RA: u32 = 148;
// @ts-ignore: decorator
@inline const IPOPT_CIPSO: u32 = 134;
// @ts-ignore: decorator
@inline const IPOPT_TS_TSONLY: u32 = 0;
// @ts-ignore: decorator
@inline const IPOPT_TS_TSANDADDR: u32 = 1;
// @ts-ignore: decorator
@inline export const NHK_NO_ROUTE: u32 = 0xff; // the route kind when the lookup found nothing

/** The source Linux's route towards `a` prefers (fib_result_prefsrc): tunl0's /32 for a
 *  route over the tunnel, the node IP otherwise (ens160's; a cali has none). With no
 *  unicast route, the receiving device's own choice (inet_select_addr). */
function prefSrcTowards(ctx: usize, inIf: u32, a: u32): u32 {
  const nh = routeLookup(ctx, a);
  if (nh != NH_NONE) {
    const kind = load<u8>(nhPtr(ctx, nh), NH_KIND);
    if (nhIsUnicast(kind)) return kind == NHK_ONLINK_TUNL0 ? load<u32>(ctx, NODE_TUNL0_IP) : load<u32>(ctx, NODE_IP);
  }
  return inIf == IF_TUNL0 ? load<u32>(ctx, NODE_TUNL0_IP) : load<u32>(ctx, NODE_IP);
}

/** ip_options_compile on the packet at `ip` (IHL > 5), routed: `nhKind` is its route's kind
 *  (NHK_NO_ROUTE without one); `specIf` is the device fib_compute_spec_dst falls back to. The
 *  options packed as ipOptionsEcho.ts draws them, or OPT_DROPPED when one is malformed; then,
 *  if `report`, after the ICMP 12/0 about it (whose echo carries what compiled before it). */
function ipOptionsCompile(ctx: usize, specIf: u32, ip: usize, nhKind: u32, meta: u32, l2bcast: bool, report: bool): u32 {
  const hl = ipv4HeaderLen(ip);
  let o: u32 = IPV4_HDR_LEN;
  let opts: u32 = 0;
  let pp: u32 = 0; // offending octet's offset + 1; 0 = none
  while (o < hl) {
    const type = <u32>load<u8>(ip + o);
    if (type == IPOPT_END) { // the rest becomes EOL
      for (let k = o + 1; k < hl; k++) {
        if (load<u8>(ip + k) != 0) {
          store<u8>(ip + k, 0);
          opts |= OPT_CHANGED;
        }
      }
      break;
    }
    if (type == IPOPT_NOOP) {
      o++;
      continue;
    }
    const left = hl - o;
    const len = <u32>load<u8>(ip + o + 1); // with one octet left this reads the payload's first: > 1 fails either way
    if (len < 2 || len > left) {
      pp = o + 1;
      break;
    }
    const ptr = len >= 3 ? <u32>load<u8>(ip + o + 2) : 0;
    if (type == IPOPT_SSRR || type == IPOPT_LSRR) {
      if (len < 3) { pp = o + 2; break; }
      if (ptr < 4) { pp = o + 3; break; }
      if (optSrr(opts) != 0) { pp = o + 1; break; } // RFC 1812 5.2.4.1: one source route
      opts |= o << OPT_SRR_SHIFT;
    } else if (type == IPOPT_RR) {
      if (optRr(opts) != 0) { pp = o + 1; break; }
      if (len < 3) { pp = o + 2; break; }
      if (ptr < 4) { pp = o + 3; break; }
      if (ptr <= len) {
        if (ptr + 3 > len) { pp = o + 3; break; }
        const spec = nhKind == NHK_LOCAL ? ipv4Dst(ip) : prefSrcTowards(ctx, specIf, ipv4Src(ip));
        st32be(ip + o + ptr - 1, spec);
        store<u8>(ip + o + 2, <u8>(ptr + 4));
        opts |= OPT_CHANGED | OPT_RR_ADDR;
      }
      opts |= o << 24;
    } else if (type == IPOPT_TIMESTAMP) {
      if (optTs(opts) != 0) { pp = o + 1; break; }
      if (len < 4) { pp = o + 2; break; }
      if (ptr < 5) { pp = o + 3; break; }
      const fl = <u32>load<u8>(ip + o + 3);
      if (ptr <= len) {
        if (ptr + 3 > len) { pp = o + 3; break; }
        const flags = fl & 15;
        if ((flags == IPOPT_TS_TSANDADDR || flags == IPOPT_TS_PRESPEC) && ptr + 7 > len) { pp = o + 3; break; }
        // ip_options_compile with an skb: where the clock goes (0: nowhere) and the next pointer
        let at: u32 = 0;
        let next = ptr;
        if (flags == IPOPT_TS_TSONLY) {
          at = o + ptr - 1;
          next = ptr + 4;
          opts |= OPT_TS_TIME;
        } else if (flags == IPOPT_TS_TSANDADDR) { // spec_dst_fill, as for record route
          st32be(ip + o + ptr - 1, nhKind == NHK_LOCAL ? ipv4Dst(ip) : prefSrcTowards(ctx, specIf, ipv4Src(ip)));
          at = o + ptr + 3;
          next = ptr + 8;
          opts |= OPT_TS_TIME | OPT_TS_ADDR;
        } else if (flags == IPOPT_TS_PRESPEC && !addrIsUnicast(ctx, ld32be(ip + o + ptr - 1))) {
          at = o + ptr + 3;
          next = ptr + 8;
          opts |= OPT_TS_TIME;
        } // other flags, and a prespecified address not ours: left as they came
        if (at != 0) {
          st32be(ip + at, load<u32>(ctx, NODE_DAY_MS)); // inet_current_timestamp
          store<u8>(ip + o + 2, <u8>next);
          opts |= OPT_CHANGED;
        }
      } else if ((fl & 15) != IPOPT_TS_PRESPEC) { // a full one: its overflow count (not for 3)
        if ((fl >>> 4) == 15) { pp = o + 4; break; }
        store<u8>(ip + o + 3, <u8>(fl + 16));
        opts |= OPT_CHANGED;
      }
      opts |= o << 16;
    } else if (type == IPOPT_RA) {
      if (len < 4) { pp = o + 2; break; }
    } else if (type == IPOPT_CIPSO) {
      // opt->cipso is set before cipso_v4_validate fails: shorter than 8 at the length, else
      // at the DOI (none configured)
      opts |= o << OPT_CIPSO_SHIFT;
      pp = len < 8 ? o + 2 : o + 3;
      break;
    }
    o += len;
  }
  if (pp == 0) return opts;
  // __icmp_send: for a packet to a local address (RTCF_LOCAL) the source is its destination
  if (report) icmpSendErrorFrom(ctx, ip, ICMP_PARAMETERPROB, 0, (pp - 1) << 24, meta, l2bcast, nhKind == NHK_LOCAL ? ipv4Dst(ip) : 0, opts);
  return OPT_DROPPED;
}

/** ip_rcv_options for the packet at `ip` (IHL > 5, routed: `nhKind` is its route's kind, or
 *  NHK_NO_ROUTE), received on `inIf`. Returns OPT_DROPPED after a counted drop (and the ICMP
 *  error ip_options_compile sends), else the compiled options. */
export function ipOptionsRcv(ctx: usize, inIf: u32, ip: usize, nhKind: u32, meta: u32, l2bcast: bool): u32 {
  store<u32>(ctx, 0, NODE_IPVS_XMIT); // a new packet's (ipvs.ts sets it after, for a request)
  const opts = ipOptionsCompile(ctx, inIf, ip, nhKind, meta, l2bcast, true);
  if (opts == OPT_DROPPED) {
    dropRx(ctx, inIf, DROP_IP_BAD_OPTIONS);
    return OPT_DROPPED;
  }
  if (optSrr(opts) != 0) {
    dropRx(ctx, inIf, DROP_IP_SOURCE_ROUTE);
    return OPT_DROPPED;
  }
  return opts;
}

/** ipv4_send_dest_unreach (a neighbour that failed): "IPCB may not be valid anymore", so the
 *  queued packet's options are compiled again, in place, on the device it was leaving by
 *  (`oif`): a record route with room gets another entry, a timestamp another clock. Its route
 *  is the forward's (never local). OPT_DROPPED when one is malformed: then no error is sent. */
export function ipOptionsRecompile(ctx: usize, oif: u32, ip: usize): u32 {
  if (ipv4HeaderLen(ip) == IPV4_HDR_LEN) return 0;
  return ipOptionsCompile(ctx, oif, ip, NHK_NO_ROUTE, 0, false, false);
}

/** ip_forward_options, after ip_decrease_ttl: the outgoing route's source into the
 *  record-route slot ipOptionsRcv filled, then a fresh header checksum if anything changed.
 *  Not for a request IPVS translated (NODE_IPVS_XMIT): ip_vs_nat_xmit sends it, and its slot
 *  keeps the ClusterIP it was filled with. */
export function ipForwardOptions(ctx: usize, ip: usize, opts: u32, outKind: u32): void {
  if ((opts & OPT_RR_ADDR) != 0 && load<u32>(ctx, NODE_IPVS_XMIT) == 0) {
    const rr = optRr(opts);
    const src = outKind == NHK_ONLINK_TUNL0 ? load<u32>(ctx, NODE_TUNL0_IP) : load<u32>(ctx, NODE_IP);
    st32be(ip + rr + <u32>load<u8>(ip + rr + 2) - 5, src);
  }
  if ((opts & OPT_CHANGED) != 0) ipv4FillChecksum(ip);
}
