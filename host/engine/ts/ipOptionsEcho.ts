// Twin of assembly/ipOptionsEcho.ts: __ip_options_echo and ip_options_build for a node's
// answers and ICMP errors, and the packed struct ip_options (the diagrams are there).
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';
import { type Ipv4Fns } from './wire/ipv4.ts';
import type { EndianFns } from './wire/endian.ts';
import type { ContextFns } from './context.ts';

export const IPOPT_END = 0;
export const IPOPT_TS_PRESPEC = 3;
export const OPT_DROPPED = 0xffffffff;
export const OPT_RR_ADDR = 1;
export const OPT_TS_ADDR = 2;
export const OPT_TS_TIME = 4;
export const OPT_CHANGED = 8;
export const OPT_SRR_SHIFT = 10;
export const OPT_CIPSO_SHIFT = 4;

/** This file's numbers as the factory's consts: V8 folds those; an exported binding is a
 *  module cell it reloads, with a hole check, at every use. */
const NUMBERS = { IPOPT_END, IPOPT_TS_PRESPEC, OPT_DROPPED, OPT_RR_ADDR, OPT_TS_ADDR, OPT_TS_TIME, OPT_SRR_SHIFT, OPT_CIPSO_SHIFT };

export function optRr(opts: number): number { return opts >>> 24; }
export function optTs(opts: number): number { return (opts >>> 16) & 0xff; }
export function optSrr(opts: number): number { return (opts >>> OPT_SRR_SHIFT) & 0x3f; }
export function optCipso(opts: number): number { return (opts >>> OPT_CIPSO_SHIFT) & 0x3f; }

export function ipOptionsEchoFns(h: Heap, d: { ipv4: Ipv4Fns; endian: EndianFns; context: ContextFns }) {
  const { IPOPT_END, IPOPT_TS_PRESPEC, OPT_DROPPED, OPT_RR_ADDR, OPT_TS_ADDR, OPT_TS_TIME, OPT_SRR_SHIFT, OPT_CIPSO_SHIFT } = NUMBERS;
  const { NODE_DAY_MS, NH_NONE, NH_KIND, NHK_LOCAL, NHK_BROADCAST } = L;
  const { U8, U32 } = h;
  const { ipv4Src, ipv4IsZeronet, ipv4IsLbcast, ipv4IsMulticast } = d.ipv4;
  const { st32be, ld32be } = d.endian;
  const { routeLookup, nhPtr } = d.context;

  /** inet_addr_type(a) == RTN_UNICAST. */
  function addrIsUnicast(ctx: number, a: number): boolean {
    if (ipv4IsZeronet(a) || ipv4IsLbcast(a) || ipv4IsMulticast(a)) return false;
    const nh = routeLookup(ctx, a);
    if (nh === NH_NONE) return true;
    const kind = U8[nhPtr(ctx, nh) + NH_KIND];
    return kind !== NHK_LOCAL && kind !== NHK_BROADCAST;
  }

  /** The echoed source route's length, 0 for none. */
  function srrEchoLen(ip: number, srr: number): number {
    const optlen = U8[ip + srr + 1];
    let s = U8[ip + srr + 2];
    if (s > optlen) s = optlen + 1;
    s -= 4;
    if (s <= 3) return 0;
    let n = 4;
    for (s -= 4; s > 3; s -= 4) n += 4;
    if (ld32be(ip + srr + s + 3) === ipv4Src(ip)) n -= 4;
    return n > 3 ? n + 3 : 0;
  }

  /** dopt->faddr: the last hop the received source route recorded; 0 when none is echoed. */
  function srrFirstHop(ip: number, opts: number): number {
    const srr = (opts >>> OPT_SRR_SHIFT) & 0x3f;
    if (srr === 0 || srrEchoLen(ip, srr) === 0) return 0;
    const optlen = U8[ip + srr + 1];
    let s = U8[ip + srr + 2];
    if (s > optlen) s = optlen + 1;
    return ld32be(ip + srr + s - 5);
  }

  function ipOptionsEcho(ctx: number, ip: number, opts: number, d: number, src: number): number {
    let n = 0;
    const rr = opts >>> 24;
    if (rr !== 0) {
      const optlen = U8[ip + rr + 1];
      const soff = U8[ip + rr + 2];
      U8.copyWithin(d, ip + rr, ip + rr + optlen);
      if ((opts & OPT_RR_ADDR) !== 0 && soff <= optlen) {
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
    const srr = (opts >>> OPT_SRR_SHIFT) & 0x3f;
    if (srr !== 0) {
      const len = srrEchoLen(ip, srr);
      if (len !== 0) {
        const s = d + n;
        const optlen = U8[ip + srr + 1];
        let from = U8[ip + srr + 2];
        if (from > optlen) from = optlen + 1;
        from -= 8;
        for (let to = 3; to + 4 < len; to += 4, from -= 4) st32be(s + to, ld32be(ip + srr + from - 1));
        U8[s] = U8[ip + srr];
        U8[s + 1] = len;
        U8[s + 2] = 4;
        st32be(s + len - 4, ipv4Src(ip));
        n += len;
      }
    }
    const cipso = (opts >>> OPT_CIPSO_SHIFT) & 0x3f;
    if (cipso !== 0) {
      const optlen = U8[ip + cipso + 1];
      U8.copyWithin(d + n, ip + cipso, ip + cipso + optlen);
      n += optlen;
    }
    while ((n & 3) !== 0) U8[d + n++] = IPOPT_END;
    return n;
  }
  return { addrIsUnicast, srrFirstHop, ipOptionsEcho };
}
export type IpOptionsEchoFns = ReturnType<typeof ipOptionsEchoFns>;
