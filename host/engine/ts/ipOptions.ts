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
import {
  IPOPT_END, IPOPT_TS_PRESPEC, OPT_DROPPED, OPT_CHANGED, OPT_RR_ADDR, OPT_TS_TIME, OPT_TS_ADDR, OPT_SRR_SHIFT,
  OPT_CIPSO_SHIFT, type IpOptionsEchoFns,
} from './ipOptionsEcho.ts';

const IPOPT_NOOP = 1;
const IPOPT_RR = 7;
const IPOPT_TIMESTAMP = 68;
const IPOPT_LSRR = 131;
const IPOPT_SSRR = 137;
const IPOPT_RA = 148;
const IPOPT_CIPSO = 134;
const IPOPT_TS_TSONLY = 0;
const IPOPT_TS_TSANDADDR = 1;
export const NHK_NO_ROUTE = 0xff; // the route kind when the lookup found nothing

/** This file's numbers as the factory's consts: V8 folds those; an exported binding is a
 *  module cell it reloads, with a hole check, at every use. */
const NUMBERS = {
  IPOPT_END, IPOPT_NOOP, IPOPT_RR, IPOPT_TIMESTAMP, IPOPT_LSRR, IPOPT_SSRR, IPOPT_RA, IPOPT_CIPSO,
  IPOPT_TS_TSONLY, IPOPT_TS_TSANDADDR, IPOPT_TS_PRESPEC, OPT_DROPPED, OPT_CHANGED, OPT_RR_ADDR,
  OPT_TS_TIME, OPT_TS_ADDR, OPT_SRR_SHIFT, OPT_CIPSO_SHIFT, NHK_NO_ROUTE,
};

export function ipOptionsFns(h: Heap, d: {
  ipv4: Ipv4Fns; endian: EndianFns; counters: CountersFns; context: ContextFns; icmpError: IcmpErrorFns;
  ipOptionsEcho: IpOptionsEchoFns;
}) {
  const {
    IPOPT_END, IPOPT_NOOP, IPOPT_RR, IPOPT_TIMESTAMP, IPOPT_LSRR, IPOPT_SSRR, IPOPT_RA, IPOPT_CIPSO,
    IPOPT_TS_TSONLY, IPOPT_TS_TSANDADDR, IPOPT_TS_PRESPEC, OPT_DROPPED, OPT_CHANGED, OPT_RR_ADDR,
    OPT_TS_TIME, OPT_TS_ADDR, OPT_SRR_SHIFT, OPT_CIPSO_SHIFT, NHK_NO_ROUTE,
  } = NUMBERS;
  const {
    NODE_IP, NODE_TUNL0_IP, NODE_DAY_MS, NODE_IPVS_XMIT, NH_NONE, NH_KIND, NHK_LOCAL, NHK_ONLINK_TUNL0, IF_TUNL0, DROP_IP_BAD_OPTIONS,
    DROP_IP_SOURCE_ROUTE,
  } = L;
  const { IPV4_HDR_LEN } = IPV4;
  const { ICMP_PARAMETERPROB } = ICMP;
  const { U8, U32 } = h;
  const { ipv4HeaderLen, ipv4Src, ipv4Dst, ipv4FillChecksum } = d.ipv4;
  const { st32be, ld32be } = d.endian;
  const { dropRx } = d.counters;
  const { routeLookup, nhPtr, nhIsUnicast } = d.context;
  const { icmpSendErrorFrom } = d.icmpError;
  const { addrIsUnicast } = d.ipOptionsEcho;

  function prefSrcTowards(ctx: number, inIf: number, a: number): number {
    const nh = routeLookup(ctx, a);
    if (nh !== NH_NONE) {
      const kind = U8[nhPtr(ctx, nh) + NH_KIND];
      if (nhIsUnicast(kind)) return kind === NHK_ONLINK_TUNL0 ? U32[(ctx + NODE_TUNL0_IP) >>> 2] : U32[(ctx + NODE_IP) >>> 2];
    }
    return inIf === IF_TUNL0 ? U32[(ctx + NODE_TUNL0_IP) >>> 2] : U32[(ctx + NODE_IP) >>> 2];
  }

  /** Twin of assembly/ipOptions.ts ipOptionsCompile (ip_options_compile). */
  function ipOptionsCompile(ctx: number, specIf: number, ip: number, nhKind: number, meta: number, l2bcast: boolean, report: boolean): number {
    const hl = ipv4HeaderLen(ip);
    let o = IPV4_HDR_LEN;
    let opts = 0;
    let pp = 0;
    while (o < hl) {
      const type = U8[ip + o];
      if (type === IPOPT_END) {
        for (let k = o + 1; k < hl; k++) {
          if (U8[ip + k] !== 0) {
            U8[ip + k] = 0;
            opts |= OPT_CHANGED;
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
        if (((opts >>> OPT_SRR_SHIFT) & 0x3f) !== 0) { pp = o + 1; break; }
        opts |= o << OPT_SRR_SHIFT;
      } else if (type === IPOPT_RR) {
        if (opts >>> 24 !== 0) { pp = o + 1; break; }
        if (len < 3) { pp = o + 2; break; }
        if (ptr < 4) { pp = o + 3; break; }
        if (ptr <= len) {
          if (ptr + 3 > len) { pp = o + 3; break; }
          const spec = nhKind === NHK_LOCAL ? ipv4Dst(ip) : prefSrcTowards(ctx, specIf, ipv4Src(ip));
          st32be(ip + o + ptr - 1, spec);
          U8[ip + o + 2] = ptr + 4;
          opts |= OPT_CHANGED | OPT_RR_ADDR;
        }
        opts |= o << 24;
      } else if (type === IPOPT_TIMESTAMP) {
        if (((opts >>> 16) & 0xff) !== 0) { pp = o + 1; break; }
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
            opts |= OPT_TS_TIME;
          } else if (flags === IPOPT_TS_TSANDADDR) {
            st32be(ip + o + ptr - 1, nhKind === NHK_LOCAL ? ipv4Dst(ip) : prefSrcTowards(ctx, specIf, ipv4Src(ip)));
            at = o + ptr + 3;
            next = ptr + 8;
            opts |= OPT_TS_TIME | OPT_TS_ADDR;
          } else if (flags === IPOPT_TS_PRESPEC && !addrIsUnicast(ctx, ld32be(ip + o + ptr - 1))) {
            at = o + ptr + 3;
            next = ptr + 8;
            opts |= OPT_TS_TIME;
          }
          if (at !== 0) {
            st32be(ip + at, U32[(ctx + NODE_DAY_MS) >>> 2]); // inet_current_timestamp
            U8[ip + o + 2] = next;
            opts |= OPT_CHANGED;
          }
        } else if ((fl & 15) !== IPOPT_TS_PRESPEC) {
          if (fl >>> 4 === 15) { pp = o + 4; break; }
          U8[ip + o + 3] = fl + 16;
          opts |= OPT_CHANGED;
        }
        opts |= o << 16;
      } else if (type === IPOPT_RA) {
        if (len < 4) { pp = o + 2; break; }
      } else if (type === IPOPT_CIPSO) {
        opts |= o << OPT_CIPSO_SHIFT;
        pp = len < 8 ? o + 2 : o + 3;
        break;
      }
      o += len;
    }
    if (pp === 0) return opts >>> 0;
    // __icmp_send: for a packet to a local address (RTCF_LOCAL) the source is its destination
    if (report) icmpSendErrorFrom(ctx, ip, ICMP_PARAMETERPROB, 0, (pp - 1) << 24, meta, l2bcast, nhKind === NHK_LOCAL ? ipv4Dst(ip) : 0, opts >>> 0);
    return OPT_DROPPED;
  }

  function ipOptionsRcv(ctx: number, inIf: number, ip: number, nhKind: number, meta: number, l2bcast: boolean): number {
    U32[(ctx + NODE_IPVS_XMIT) >>> 2] = 0; // a new packet's (ipvs.ts sets it after, for a request)
    const opts = ipOptionsCompile(ctx, inIf, ip, nhKind, meta, l2bcast, true);
    if (opts === OPT_DROPPED) {
      dropRx(ctx, inIf, DROP_IP_BAD_OPTIONS);
      return OPT_DROPPED;
    }
    if (((opts >>> OPT_SRR_SHIFT) & 0x3f) !== 0) {
      dropRx(ctx, inIf, DROP_IP_SOURCE_ROUTE);
      return OPT_DROPPED;
    }
    return opts;
  }

  /** Twin of assembly/ipOptions.ts ipOptionsRecompile (ipv4_send_dest_unreach). */
  function ipOptionsRecompile(ctx: number, oif: number, ip: number): number {
    if (ipv4HeaderLen(ip) === IPV4_HDR_LEN) return 0;
    return ipOptionsCompile(ctx, oif, ip, NHK_NO_ROUTE, 0, false, false);
  }

  function ipForwardOptions(ctx: number, ip: number, opts: number, outKind: number): void {
    if ((opts & OPT_RR_ADDR) !== 0 && U32[(ctx + NODE_IPVS_XMIT) >>> 2] === 0) {
      const rr = opts >>> 24;
      const src = outKind === NHK_ONLINK_TUNL0 ? U32[(ctx + NODE_TUNL0_IP) >>> 2] : U32[(ctx + NODE_IP) >>> 2];
      st32be(ip + rr + U8[ip + rr + 2] - 5, src);
    }
    if ((opts & OPT_CHANGED) !== 0) ipv4FillChecksum(ip);
  }
  return { ipOptionsRcv, ipOptionsRecompile, ipForwardOptions };
}
export type IpOptionsFns = ReturnType<typeof ipOptionsFns>;
