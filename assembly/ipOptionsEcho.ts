// The options a node's own packet carries back to a sender whose packet had some: an answer
// (icmp_reply, ip_send_unicast_reply) and an ICMP error (__icmp_send) both call
// __ip_options_echo on the received packet's compiled options (ipOptions.ts), and the packet
// is then built with them (ip_options_build, net/ipv4/ip_options.c):
//
//   received, compiled            echoed, in this order whatever the received order was
//   ┌────┬────┬──────┬─────┐      ┌─────────────────┬─────────────────┬────────────────┬───────┬─────┐
//   │ .. │ RR │ CIPSO│ TS  │  ─►  │ RR, one more    │ TS, one more    │ SRR reversed,  │ CIPSO │ EOL │
//   └────┴────┴──────┴─────┘      │ slot if room:   │ entry if room:  │ sent to its    │ as is │ pad │
//                                 │ our source      │ (source,) clock │ last hop       │       │     │
//                                 └─────────────────┴─────────────────┴────────────────┴───────┴─────┘
//   Every other option (NOP, RA, unknown ones) is left out; the result is padded to a word.
//   A record route or timestamp whose pointer is past a slot that does not fit refuses the
//   echo (-EINVAL): no answer, no error.
//
// The compiled options travel as one u32 (struct ip_options; offsets from the start of the
// header, which are 20..59, 0 = absent):
//   ┌──────────────────┬──────────────────┬──────────────┬────────────────┬──────────────────────┐
//   │ RR offset 31..24 │ TS offset 23..16 │ SRR 15..10   │ CIPSO 9..4     │ CHANGED 8 TS_TIME 4  │
//   │                  │                  │              │                │ TS_ADDR 2 RR_ADDR 1  │
//   └──────────────────┴──────────────────┴──────────────┴────────────────┴──────────────────────┘
//   RR_ADDR is rr_needaddr (a record-route slot was filled on input), TS_ADDR / TS_TIME
//   ts_needaddr / ts_needtime, CHANGED is_changed (the header was edited: the forward
//   recomputes its checksum). SRR and CIPSO are only ever set in the options of a packet that
//   failed to compile (a source route is dropped on input, and no CIPSO DOI is configured): the
//   parameter problem about it echoes what compiled before the fault.

import { NODE_DAY_MS, NH_NONE, NH_KIND, NHK_LOCAL, NHK_BROADCAST } from './layout';
import { ipv4Src, ipv4IsZeronet, ipv4IsLbcast, ipv4IsMulticast } from './wire/ipv4';
import { st32be, ld32be } from './wire/endian';
import { routeLookup, nhPtr } from './context';

// @ts-ignore: decorator
@inline export const IPOPT_END: u32 = 0;
// @ts-ignore: decorator
@inline export const IPOPT_TS_PRESPEC: u32 = 3;

// @ts-ignore: decorator
@inline export const OPT_DROPPED: u32 = 0xffffffff;
// @ts-ignore: decorator
@inline export const OPT_RR_ADDR: u32 = 1;
// @ts-ignore: decorator
@inline export const OPT_TS_ADDR: u32 = 2;
// @ts-ignore: decorator
@inline export const OPT_TS_TIME: u32 = 4;
// @ts-ignore: decorator
@inline export const OPT_CHANGED: u32 = 8;
// @ts-ignore: decorator
@inline export const OPT_SRR_SHIFT: u32 = 10;
// @ts-ignore: decorator
@inline export const OPT_CIPSO_SHIFT: u32 = 4;

// @ts-ignore: decorator
@inline export function optRr(opts: u32): u32 { return opts >>> 24; }
// @ts-ignore: decorator
@inline export function optTs(opts: u32): u32 { return (opts >>> 16) & 0xff; }
// @ts-ignore: decorator
@inline export function optSrr(opts: u32): u32 { return (opts >>> OPT_SRR_SHIFT) & 0x3f; }
// @ts-ignore: decorator
@inline export function optCipso(opts: u32): u32 { return (opts >>> OPT_CIPSO_SHIFT) & 0x3f; }

/** inet_addr_type(a) == RTN_UNICAST: not one of this node's addresses (table local: its own
 *  and its subnets' broadcasts), nor 0/8, limited broadcast or multicast (__inet_dev_addr_type). */
export function addrIsUnicast(ctx: usize, a: u32): bool {
  if (ipv4IsZeronet(a) || ipv4IsLbcast(a) || ipv4IsMulticast(a)) return false;
  const nh = routeLookup(ctx, a);
  if (nh == NH_NONE) return true;
  const kind = load<u8>(nhPtr(ctx, nh), NH_KIND);
  return kind != NHK_LOCAL && kind != NHK_BROADCAST;
}

/** The echoed source route's length (3 + 4 per hop; under 7: none is echoed) for the packet at
 *  `ip` whose route is at offset `srr`. __ip_options_echo walks back from the pointer (at most
 *  past the last slot): the last hop recorded is where the answer goes first (srrFirstHop), the
 *  ones before it become the route, reversed, and the sender's own address, if it is the
 *  route's first, is dropped (RFC 1812 §5.2.4.1, "fix illegal source routes"). */
function srrEchoLen(ip: usize, srr: u32): u32 {
  const optlen = <u32>load<u8>(ip + srr + 1);
  let s = <u32>load<u8>(ip + srr + 2);
  if (s > optlen) s = optlen + 1;
  s -= 4; // the pointer is ≥ 4 (ipOptionsRcv)
  if (s <= 3) return 0;
  let d: u32 = 4;
  for (s -= 4; s > 3; s -= 4) d += 4;
  if (ld32be(ip + srr + s + 3) == ipv4Src(ip)) d -= 4;
  return d > 3 ? d + 3 : 0;
}

/** Where an answer carrying the echoed source route goes (dopt->faddr): the last hop the
 *  received route recorded; 0 when no route is echoed. */
export function srrFirstHop(ip: usize, opts: u32): u32 {
  const srr = optSrr(opts);
  if (srr == 0 || srrEchoLen(ip, srr) == 0) return 0;
  const optlen = <u32>load<u8>(ip + srr + 1);
  let s = <u32>load<u8>(ip + srr + 2);
  if (s > optlen) s = optlen + 1;
  return ld32be(ip + srr + s - 5);
}

/** __ip_options_echo and ip_options_build for a node's packet to the sender of the packet at
 *  `ip`, compiled into `opts`: the options written at `d`, the grabbed record-route and
 *  timestamp slots filled with `src` (ip_rt_get_source: the packet's source) and the clock,
 *  an echoed source route's last slot with the sender's address (the cork's destination).
 *  Returns their length (≤ 40, a multiple of 4), or OPT_DROPPED when the kernel refuses. */
export function ipOptionsEcho(ctx: usize, ip: usize, opts: u32, d: usize, src: u32): u32 {
  let n: u32 = 0;
  const rr = optRr(opts);
  if (rr != 0) {
    const optlen = <u32>load<u8>(ip + rr + 1);
    const soff = <u32>load<u8>(ip + rr + 2);
    memory.copy(d, ip + rr, optlen);
    if ((opts & OPT_RR_ADDR) != 0 && soff <= optlen) {
      if (soff + 3 > optlen) return OPT_DROPPED;
      store<u8>(d + 2, <u8>(soff + 4));
      st32be(d + soff - 1, src);
    }
    n = optlen;
  }
  const ts = optTs(opts);
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
  const srr = optSrr(opts);
  if (srr != 0) {
    const len = srrEchoLen(ip, srr);
    if (len != 0) {
      const s = d + n;
      const optlen = <u32>load<u8>(ip + srr + 1);
      let from = <u32>load<u8>(ip + srr + 2);
      if (from > optlen) from = optlen + 1;
      from -= 8; // the hop before the first one the answer goes to
      for (let to: u32 = 3; to + 4 < len; to += 4, from -= 4) st32be(s + to, ld32be(ip + srr + from - 1));
      store<u8>(s, load<u8>(ip + srr));
      store<u8>(s + 1, <u8>len);
      store<u8>(s + 2, 4);
      st32be(s + len - 4, ipv4Src(ip));
      n += len;
    }
  }
  const cipso = optCipso(opts);
  if (cipso != 0) {
    const optlen = <u32>load<u8>(ip + cipso + 1);
    memory.copy(d + n, ip + cipso, optlen);
    n += optlen;
  }
  while ((n & 3) != 0) store<u8>(d + n++, <u8>IPOPT_END);
  return n;
}
