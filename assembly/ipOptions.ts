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
//      the edited header with its stale checksum.
//   2. a source route is dropped: accept_source_route is 0 (ip_rcv_options).
// When the packet is forwarded, ip_forward_options writes the outgoing route's source
// (ip_rt_get_source: tunl0's /32 over the tunnel, the node IP otherwise, a cali having no
// address) into the record-route slot just filled and, if anything changed, recomputes the
// header checksum (ip_send_check), after ip_decrease_ttl.
// A timestamp option with room gets the receiving node's clock (inet_current_timestamp: ms since
// midnight UTC, NODE_DAY_MS, which the host writes from the simulation's wall clock) in its next
// slot, after the address ip_options_compile puts there for flag 1, or where flag 3 names one
// of this node's addresses; a full one gets its overflow count incremented.

import {
  NODE_IP, NODE_TUNL0_IP, NODE_DAY_MS, NH_NONE, NH_KIND, NHK_LOCAL, NHK_BROADCAST, NHK_ONLINK_TUNL0, IF_TUNL0,
  DROP_IP_BAD_OPTIONS, DROP_IP_SOURCE_ROUTE,
} from './layout';
import {
  ipv4HeaderLen, ipv4Src, ipv4Dst, ipv4FillChecksum, ipv4IsZeronet, ipv4IsLbcast, ipv4IsMulticast, IPV4_HDR_LEN,
} from './wire/ipv4';
import { ICMP_PARAMETERPROB } from './wire/icmp';
import { st32be, ld32be } from './wire/endian';
import { dropRx } from './counters';
import { routeLookup, nhPtr, nhIsUnicast } from './context';
import { icmpSendErrorFrom } from './icmpError';

// @ts-ignore: decorator
@inline const IPOPT_END: u32 = 0;
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
@inline const IPOPT_TS_PRESPEC: u32 = 3;

// ipOptionsRcv's result: OPT_DROPPED, or struct ip_options packed in a u32 (offsets from the
// start of the header, 0 = absent):
//   ┌──────────────────┬──────────────────┬──────────────────────────────────┬──────────────────┐
//   │ RR offset 31..24 │ TS offset 23..16 │ TS_ADDR 0x400 TS_TIME 0x200      │ RR offset if a   │
//   │ (present)        │ (present)        │ CHANGED 0x100 (header edited)    │ slot was filled  │
//   └──────────────────┴──────────────────┴──────────────────────────────────┴──────────────────┘
//   (rr_needaddr is "the low byte is not 0", ts_needaddr / ts_needtime the two flags)
// @ts-ignore: decorator
@inline export const OPT_DROPPED: u32 = 0xffffffff;
// @ts-ignore: decorator
@inline export const OPT_CHANGED: u32 = 0x100;
// @ts-ignore: decorator
@inline export const OPT_RR_MASK: u32 = 0xff;
// @ts-ignore: decorator
@inline export const OPT_TS_TIME: u32 = 0x200;
// @ts-ignore: decorator
@inline export const OPT_TS_ADDR: u32 = 0x400;
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

/** inet_addr_type(a) == RTN_UNICAST: not one of this node's addresses (table local: its own
 *  and its subnets' broadcasts), nor 0/8, limited broadcast or multicast (__inet_dev_addr_type). */
function addrIsUnicast(ctx: usize, a: u32): bool {
  if (ipv4IsZeronet(a) || ipv4IsLbcast(a) || ipv4IsMulticast(a)) return false;
  const nh = routeLookup(ctx, a);
  if (nh == NH_NONE) return true;
  const kind = load<u8>(nhPtr(ctx, nh), NH_KIND);
  return kind != NHK_LOCAL && kind != NHK_BROADCAST;
}

/** ip_rcv_options for the packet at `ip` (IHL > 5, routed: `nhKind` is its route's kind, or
 *  NHK_NO_ROUTE). Returns OPT_DROPPED after a counted drop (and the ICMP error
 *  ip_options_compile sends), else the record-route offset and OPT_CHANGED. */
export function ipOptionsRcv(ctx: usize, inIf: u32, ip: usize, nhKind: u32, meta: u32, l2bcast: bool): u32 {
  const hl = ipv4HeaderLen(ip);
  let o: u32 = IPV4_HDR_LEN;
  let rr: u32 = 0; // offsets of the options seen (never 0: options start at 20)
  let rrFilled: u32 = 0;
  let ts: u32 = 0;
  let srr: u32 = 0;
  let changed: u32 = 0;
  let tsNeed: u32 = 0; // OPT_TS_TIME | OPT_TS_ADDR
  let pp: u32 = 0; // offending octet's offset + 1; 0 = none
  while (o < hl) {
    const type = <u32>load<u8>(ip + o);
    if (type == IPOPT_END) { // the rest becomes EOL
      for (let k = o + 1; k < hl; k++) {
        if (load<u8>(ip + k) != 0) {
          store<u8>(ip + k, 0);
          changed = OPT_CHANGED;
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
      if (srr != 0) { pp = o + 1; break; } // RFC 1812 5.2.4.1: one source route
      srr = o;
    } else if (type == IPOPT_RR) {
      if (rr != 0) { pp = o + 1; break; }
      if (len < 3) { pp = o + 2; break; }
      if (ptr < 4) { pp = o + 3; break; }
      if (ptr <= len) {
        if (ptr + 3 > len) { pp = o + 3; break; }
        const spec = nhKind == NHK_LOCAL ? ipv4Dst(ip) : prefSrcTowards(ctx, inIf, ipv4Src(ip));
        st32be(ip + o + ptr - 1, spec);
        store<u8>(ip + o + 2, <u8>(ptr + 4));
        changed = OPT_CHANGED;
        rrFilled = o;
      }
      rr = o;
    } else if (type == IPOPT_TIMESTAMP) {
      if (ts != 0) { pp = o + 1; break; }
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
          tsNeed = OPT_TS_TIME;
        } else if (flags == IPOPT_TS_TSANDADDR) { // spec_dst_fill, as for record route
          st32be(ip + o + ptr - 1, nhKind == NHK_LOCAL ? ipv4Dst(ip) : prefSrcTowards(ctx, inIf, ipv4Src(ip)));
          at = o + ptr + 3;
          next = ptr + 8;
          tsNeed = OPT_TS_TIME | OPT_TS_ADDR;
        } else if (flags == IPOPT_TS_PRESPEC && !addrIsUnicast(ctx, ld32be(ip + o + ptr - 1))) {
          at = o + ptr + 3;
          next = ptr + 8;
          tsNeed = OPT_TS_TIME;
        } // other flags, and a prespecified address not ours: left as they came
        if (at != 0) {
          st32be(ip + at, load<u32>(ctx, NODE_DAY_MS)); // inet_current_timestamp
          store<u8>(ip + o + 2, <u8>next);
          changed = OPT_CHANGED;
        }
      } else {
        if ((fl >>> 4) == 15) { pp = o + 4; break; }
        store<u8>(ip + o + 3, <u8>(fl + 16));
        changed = OPT_CHANGED;
      }
      ts = o;
    } else if (type == IPOPT_RA) {
      if (len < 4) { pp = o + 2; break; }
    } else if (type == IPOPT_CIPSO) {
      // cipso_v4_validate: shorter than 8 fails at the length, else at the DOI (none configured)
      pp = len < 8 ? o + 2 : o + 3;
      break;
    }
    o += len;
  }
  if (pp != 0) {
    // __icmp_send: for a packet to a local address (RTCF_LOCAL) the source is its destination
    icmpSendErrorFrom(ctx, ip, ICMP_PARAMETERPROB, 0, (pp - 1) << 24, meta, l2bcast, nhKind == NHK_LOCAL ? ipv4Dst(ip) : 0);
    dropRx(ctx, inIf, DROP_IP_BAD_OPTIONS);
    return OPT_DROPPED;
  }
  if (srr != 0) {
    dropRx(ctx, inIf, DROP_IP_SOURCE_ROUTE);
    return OPT_DROPPED;
  }
  return (rr << 24) | (ts << 16) | tsNeed | rrFilled | changed;
}

/** __ip_options_echo and ip_options_build for a node's answer (icmp_reply) to the packet at
 *  `ip`, compiled by ipOptionsRcv into `opts`: the answer's options written at `d` (RR, then
 *  TS, each with room grabbed for one more entry, which gets `src` and the clock; padded with
 *  EOL to a word). Returns their length, or OPT_DROPPED when the kernel refuses (-EINVAL). */
export function ipOptionsEcho(ctx: usize, ip: usize, opts: u32, d: usize, src: u32): u32 {
  let n: u32 = 0;
  const rr = opts >>> 24;
  if (rr != 0) {
    const optlen = <u32>load<u8>(ip + rr + 1);
    const soff = <u32>load<u8>(ip + rr + 2);
    memory.copy(d, ip + rr, optlen);
    if ((opts & OPT_RR_MASK) != 0 && soff <= optlen) {
      if (soff + 3 > optlen) return OPT_DROPPED;
      store<u8>(d + 2, <u8>(soff + 4));
      st32be(d + soff - 1, src); // ip_options_build: ip_rt_get_source, the answer's source
    }
    n = optlen;
  }
  const ts = (opts >>> 16) & 0xff;
  if (ts != 0) {
    const t = d + n;
    const optlen = <u32>load<u8>(ip + ts + 1);
    let soff = <u32>load<u8>(ip + ts + 2);
    memory.copy(t, ip + ts, optlen);
    if (soff <= optlen) {
      if ((opts & OPT_TS_ADDR) != 0) {
        if (soff + 3 > optlen) return OPT_DROPPED;
        st32be(t + soff - 1, src);
        soff += 4;
      }
      if ((opts & OPT_TS_TIME) != 0) {
        if (soff + 3 > optlen) return OPT_DROPPED;
        if ((<u32>load<u8>(t + 3) & 15) != IPOPT_TS_PRESPEC) {
          st32be(t + soff - 1, load<u32>(ctx, NODE_DAY_MS)); // inet_current_timestamp
          soff += 4;
        } else if (soff + 7 <= optlen && !addrIsUnicast(ctx, ld32be(t + soff - 1))) {
          st32be(t + soff + 3, load<u32>(ctx, NODE_DAY_MS));
          soff += 8;
        }
      }
      store<u8>(t + 2, <u8>soff);
    }
    n += optlen;
  }
  while ((n & 3) != 0) store<u8>(d + n++, <u8>IPOPT_END);
  return n;
}

/** ip_forward_options, after ip_decrease_ttl: the outgoing route's source into the
 *  record-route slot ipOptionsRcv filled, then a fresh header checksum if anything changed. */
export function ipForwardOptions(ctx: usize, ip: usize, opts: u32, outKind: u32): void {
  const rr = opts & OPT_RR_MASK;
  if (rr != 0) {
    const src = outKind == NHK_ONLINK_TUNL0 ? load<u32>(ctx, NODE_TUNL0_IP) : load<u32>(ctx, NODE_IP);
    st32be(ip + rr + <u32>load<u8>(ip + rr + 2) - 5, src);
  }
  if ((opts & OPT_CHANGED) != 0) ipv4FillChecksum(ip);
}
