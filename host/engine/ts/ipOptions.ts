// Twin of assembly/ipOptions.ts: IPv4 options on input (ip_rcv_options, ip_options_compile)
// and when forwarding (ip_forward_options). The layout diagram and the kernel's rules are there.
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';
import * as IPV4 from './wire/ipv4.ts';
import { type Ipv4Fns } from './wire/ipv4.ts';
import * as ICMP from './wire/icmp.ts';
import type { EndianFns } from './wire/endian.ts';
import type { CountersFns } from './counters.ts';
import type { ContextFns } from './context.ts';
import type { IcmpErrorFns } from './icmpError.ts';

const IPOPT_END = 0;
const IPOPT_NOOP = 1;
const IPOPT_RR = 7;
const IPOPT_TIMESTAMP = 68;
const IPOPT_LSRR = 131;
const IPOPT_SSRR = 137;
const IPOPT_RA = 148;
const IPOPT_CIPSO = 134;
const IPOPT_TS_TSONLY = 0;
const IPOPT_TS_TSANDADDR = 1;
const IPOPT_TS_PRESPEC = 3;

export const OPT_DROPPED = 0xffffffff;
export const OPT_CHANGED = 0x100;
export const OPT_RR_MASK = 0xff;
export const OPT_TS_TIME = 0x200;
export const OPT_TS_ADDR = 0x400;
export const NHK_NO_ROUTE = 0xff; // the route kind when the lookup found nothing

/** This file's numbers as the factory's consts: V8 folds those; an exported binding is a
 *  module cell it reloads, with a hole check, at every use. */
const NUMBERS = {
  IPOPT_END, IPOPT_NOOP, IPOPT_RR, IPOPT_TIMESTAMP, IPOPT_LSRR, IPOPT_SSRR, IPOPT_RA, IPOPT_CIPSO,
  IPOPT_TS_TSONLY, IPOPT_TS_TSANDADDR, IPOPT_TS_PRESPEC, OPT_DROPPED, OPT_CHANGED, OPT_RR_MASK,
  OPT_TS_TIME, OPT_TS_ADDR,
};

export function ipOptionsFns(h: Heap, d: {
  ipv4: Ipv4Fns; endian: EndianFns; counters: CountersFns; context: ContextFns; icmpError: IcmpErrorFns;
}) {
  const {
    IPOPT_END, IPOPT_NOOP, IPOPT_RR, IPOPT_TIMESTAMP, IPOPT_LSRR, IPOPT_SSRR, IPOPT_RA, IPOPT_CIPSO,
    IPOPT_TS_TSONLY, IPOPT_TS_TSANDADDR, IPOPT_TS_PRESPEC, OPT_DROPPED, OPT_CHANGED, OPT_RR_MASK,
    OPT_TS_TIME, OPT_TS_ADDR,
  } = NUMBERS;
  const {
    NODE_IP, NODE_TUNL0_IP, NODE_DAY_MS, NH_NONE, NH_KIND, NHK_LOCAL, NHK_BROADCAST, NHK_ONLINK_TUNL0, IF_TUNL0, DROP_IP_BAD_OPTIONS,
    DROP_IP_SOURCE_ROUTE,
  } = L;
  const { IPV4_HDR_LEN } = IPV4;
  const { ICMP_PARAMETERPROB } = ICMP;
  const { U8, U32 } = h;
  const { ipv4HeaderLen, ipv4Src, ipv4Dst, ipv4FillChecksum, ipv4IsZeronet, ipv4IsLbcast, ipv4IsMulticast } = d.ipv4;
  const { st32be, ld32be } = d.endian;
  const { dropRx } = d.counters;
  const { routeLookup, nhPtr, nhIsUnicast } = d.context;
  const { icmpSendErrorFrom } = d.icmpError;

  /** inet_addr_type(a) == RTN_UNICAST (twin of assembly/ipOptions.ts). */
  function addrIsUnicast(ctx: number, a: number): boolean {
    if (ipv4IsZeronet(a) || ipv4IsLbcast(a) || ipv4IsMulticast(a)) return false;
    const nh = routeLookup(ctx, a);
    if (nh === NH_NONE) return true;
    const kind = U8[nhPtr(ctx, nh) + NH_KIND];
    return kind !== NHK_LOCAL && kind !== NHK_BROADCAST;
  }

  function prefSrcTowards(ctx: number, inIf: number, a: number): number {
    const nh = routeLookup(ctx, a);
    if (nh !== NH_NONE) {
      const kind = U8[nhPtr(ctx, nh) + NH_KIND];
      if (nhIsUnicast(kind)) return kind === NHK_ONLINK_TUNL0 ? U32[(ctx + NODE_TUNL0_IP) >>> 2] : U32[(ctx + NODE_IP) >>> 2];
    }
    return inIf === IF_TUNL0 ? U32[(ctx + NODE_TUNL0_IP) >>> 2] : U32[(ctx + NODE_IP) >>> 2];
  }

  function ipOptionsRcv(ctx: number, inIf: number, ip: number, nhKind: number, meta: number, l2bcast: boolean): number {
    const hl = ipv4HeaderLen(ip);
    let o = IPV4_HDR_LEN;
    let rr = 0;
    let rrFilled = 0;
    let ts = 0;
    let srr = 0;
    let changed = 0;
    let tsNeed = 0;
    let pp = 0;
    while (o < hl) {
      const type = U8[ip + o];
      if (type === IPOPT_END) {
        for (let k = o + 1; k < hl; k++) {
          if (U8[ip + k] !== 0) {
            U8[ip + k] = 0;
            changed = OPT_CHANGED;
          }
        }
        break;
      }
      if (type === IPOPT_NOOP) {
        o++;
        continue;
      }
      const left = hl - o;
      const len = U8[ip + o + 1];
      if (len < 2 || len > left) {
        pp = o + 1;
        break;
      }
      const ptr = len >= 3 ? U8[ip + o + 2] : 0;
      if (type === IPOPT_SSRR || type === IPOPT_LSRR) {
        if (len < 3) { pp = o + 2; break; }
        if (ptr < 4) { pp = o + 3; break; }
        if (srr !== 0) { pp = o + 1; break; }
        srr = o;
      } else if (type === IPOPT_RR) {
        if (rr !== 0) { pp = o + 1; break; }
        if (len < 3) { pp = o + 2; break; }
        if (ptr < 4) { pp = o + 3; break; }
        if (ptr <= len) {
          if (ptr + 3 > len) { pp = o + 3; break; }
          const spec = nhKind === NHK_LOCAL ? ipv4Dst(ip) : prefSrcTowards(ctx, inIf, ipv4Src(ip));
          st32be(ip + o + ptr - 1, spec);
          U8[ip + o + 2] = ptr + 4;
          changed = OPT_CHANGED;
          rrFilled = o;
        }
        rr = o;
      } else if (type === IPOPT_TIMESTAMP) {
        if (ts !== 0) { pp = o + 1; break; }
        if (len < 4) { pp = o + 2; break; }
        if (ptr < 5) { pp = o + 3; break; }
        const fl = U8[ip + o + 3];
        if (ptr <= len) {
          if (ptr + 3 > len) { pp = o + 3; break; }
          const flags = fl & 15;
          if ((flags === IPOPT_TS_TSANDADDR || flags === IPOPT_TS_PRESPEC) && ptr + 7 > len) { pp = o + 3; break; }
          let at = 0;
          let next = ptr;
          if (flags === IPOPT_TS_TSONLY) {
            at = o + ptr - 1;
            next = ptr + 4;
            tsNeed = OPT_TS_TIME;
          } else if (flags === IPOPT_TS_TSANDADDR) {
            st32be(ip + o + ptr - 1, nhKind === NHK_LOCAL ? ipv4Dst(ip) : prefSrcTowards(ctx, inIf, ipv4Src(ip)));
            at = o + ptr + 3;
            next = ptr + 8;
            tsNeed = OPT_TS_TIME | OPT_TS_ADDR;
          } else if (flags === IPOPT_TS_PRESPEC && !addrIsUnicast(ctx, ld32be(ip + o + ptr - 1))) {
            at = o + ptr + 3;
            next = ptr + 8;
            tsNeed = OPT_TS_TIME;
          }
          if (at !== 0) {
            st32be(ip + at, U32[(ctx + NODE_DAY_MS) >>> 2]); // inet_current_timestamp
            U8[ip + o + 2] = next;
            changed = OPT_CHANGED;
          }
        } else {
          if (fl >>> 4 === 15) { pp = o + 4; break; }
          U8[ip + o + 3] = fl + 16;
          changed = OPT_CHANGED;
        }
        ts = o;
      } else if (type === IPOPT_RA) {
        if (len < 4) { pp = o + 2; break; }
      } else if (type === IPOPT_CIPSO) {
        pp = len < 8 ? o + 2 : o + 3;
        break;
      }
      o += len;
    }
    if (pp !== 0) {
      // __icmp_send: for a packet to a local address (RTCF_LOCAL) the source is its destination
      icmpSendErrorFrom(ctx, ip, ICMP_PARAMETERPROB, 0, (pp - 1) << 24, meta, l2bcast, nhKind === NHK_LOCAL ? ipv4Dst(ip) : 0);
      dropRx(ctx, inIf, DROP_IP_BAD_OPTIONS);
      return OPT_DROPPED;
    }
    if (srr !== 0) {
      dropRx(ctx, inIf, DROP_IP_SOURCE_ROUTE);
      return OPT_DROPPED;
    }
    return (rr << 24) | (ts << 16) | tsNeed | rrFilled | changed;
  }

  /** Twin of assembly/ipOptions.ts ipOptionsEcho (__ip_options_echo + ip_options_build). */
  function ipOptionsEcho(ctx: number, ip: number, opts: number, d: number, src: number): number {
    let n = 0;
    const rr = opts >>> 24;
    if (rr !== 0) {
      const optlen = U8[ip + rr + 1];
      const soff = U8[ip + rr + 2];
      U8.copyWithin(d, ip + rr, ip + rr + optlen);
      if ((opts & OPT_RR_MASK) !== 0 && soff <= optlen) {
        if (soff + 3 > optlen) return OPT_DROPPED;
        U8[d + 2] = soff + 4;
        st32be(d + soff - 1, src);
      }
      n = optlen;
    }
    const ts = (opts >>> 16) & 0xff;
    if (ts !== 0) {
      const t = d + n;
      const optlen = U8[ip + ts + 1];
      let soff = U8[ip + ts + 2];
      U8.copyWithin(t, ip + ts, ip + ts + optlen);
      if (soff <= optlen) {
        if ((opts & OPT_TS_ADDR) !== 0) {
          if (soff + 3 > optlen) return OPT_DROPPED;
          st32be(t + soff - 1, src);
          soff += 4;
        }
        if ((opts & OPT_TS_TIME) !== 0) {
          if (soff + 3 > optlen) return OPT_DROPPED;
          if ((U8[t + 3] & 15) !== IPOPT_TS_PRESPEC) {
            st32be(t + soff - 1, U32[(ctx + NODE_DAY_MS) >>> 2]);
            soff += 4;
          } else if (soff + 7 <= optlen && !addrIsUnicast(ctx, ld32be(t + soff - 1))) {
            st32be(t + soff + 3, U32[(ctx + NODE_DAY_MS) >>> 2]);
            soff += 8;
          }
        }
        U8[t + 2] = soff;
      }
      n += optlen;
    }
    while ((n & 3) !== 0) U8[d + n++] = IPOPT_END;
    return n;
  }

  function ipForwardOptions(ctx: number, ip: number, opts: number, outKind: number): void {
    const rr = opts & OPT_RR_MASK;
    if (rr !== 0) {
      const src = outKind === NHK_ONLINK_TUNL0 ? U32[(ctx + NODE_TUNL0_IP) >>> 2] : U32[(ctx + NODE_IP) >>> 2];
      st32be(ip + rr + U8[ip + rr + 2] - 5, src);
    }
    if ((opts & OPT_CHANGED) !== 0) ipv4FillChecksum(ip);
  }
  return { ipOptionsRcv, ipForwardOptions, ipOptionsEcho };
}
export type IpOptionsFns = ReturnType<typeof ipOptionsFns>;
