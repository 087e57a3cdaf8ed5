// IPv4 options in a pod, as net/ipv4/ip_options.c handles them for a packet that is delivered
// locally (RFC 791 §3.1: type, length, pointer; the pointer is 1-based and counts from the
// option's type octet):
//
//   receive   ip_options_compile   parses every option in place; RR gets the receiving
//                                  address (fib_compute_spec_dst: the packet's destination)
//                                  and TS its clock; octets after an EOL become EOL; a bad
//                                  option fails with a pointer for ICMP 12/0
//   answer    __ip_options_echo    the answer's options: RR, then TS, then SRR (CIPSO is not
//                                  modelled), each with room grabbed for one more entry;
//                                  every other option is left out; padded with EOL to a word
//   send      ip_options_build     the grabbed RR/TS slots get the sender's address and clock
//
// A pod has accept_source_route = 0, so a packet with LSRR/SSRR is dropped after compiling
// (ip_rcv_options) and no answer ever carries a source route.

import { ld32be, st32be } from '../net/endian.ts';

export const IPOPT_END = 0, IPOPT_NOOP = 1;
export const IPOPT_RR = 7, IPOPT_TIMESTAMP = 68, IPOPT_RA = 148, IPOPT_LSRR = 131, IPOPT_SSRR = 137;
export const IPOPT_TS_TSONLY = 0, IPOPT_TS_TSANDADDR = 1, IPOPT_TS_PRESPEC = 3;

/** struct ip_options: offsets are from the start of the IP header, 0 = absent. */
export interface IpOptions {
  optlen: number;
  srr: number;
  rr: number;
  ts: number;
  rrNeedAddr: boolean;
  tsNeedAddr: boolean;
  tsNeedTime: boolean;
}

export interface CompileContext {
  /** The address the packet is received on (fib_compute_spec_dst). */
  specDst: number;
  /** Milliseconds since midnight UTC (inet_current_timestamp). */
  msOfDay: number;
  /** inet_addr_type(addr) == RTN_UNICAST for a prespecified timestamp address. */
  isUnicast(addr: number): boolean;
}

export type CompileResult = { opts: IpOptions; error: null } | { opts: IpOptions; error: number };

/** ip_options_compile on the received header `iph` (modified in place, as the kernel does).
 *  On failure `error` is the offset of the offending octet from the start of the header, the
 *  ICMP 12/0 pointer; `opts` then holds what was compiled before it. */
export function optionsCompile(iph: Uint8Array, ctx: CompileContext): CompileResult {
  const opts: IpOptions = { optlen: (iph[0] & 15) * 4 - 20, srr: 0, rr: 0, ts: 0, rrNeedAddr: false, tsNeedAddr: false, tsNeedTime: false };
  let p = 20;
  let l = opts.optlen;
  const fail = (at: number): CompileResult => ({ opts, error: at });
  while (l > 0) {
    const type = iph[p];
    if (type === IPOPT_END) {
      for (p++, l--; l > 0; p++, l--) iph[p] = IPOPT_END;
      break;
    }
    if (type === IPOPT_NOOP) {
      l--;
      p++;
      continue;
    }
    const optlen = iph[p + 1];
    if (l < 2 || optlen < 2 || optlen > l) return fail(p);
    switch (type) {
      case IPOPT_SSRR:
      case IPOPT_LSRR:
        if (optlen < 3) return fail(p + 1);
        if (iph[p + 2] < 4) return fail(p + 2);
        if (opts.srr) return fail(p);
        opts.srr = p;
        break;
      case IPOPT_RR: {
        if (opts.rr) return fail(p);
        if (optlen < 3) return fail(p + 1);
        const ptr = iph[p + 2];
        if (ptr < 4) return fail(p + 2);
        if (ptr <= optlen) {
          if (ptr + 3 > optlen) return fail(p + 2);
          st32be(iph, p + ptr - 1, ctx.specDst);
          iph[p + 2] = ptr + 4;
          opts.rrNeedAddr = true;
        }
        opts.rr = p;
        break;
      }
      case IPOPT_TIMESTAMP: {
        if (opts.ts) return fail(p);
        if (optlen < 4) return fail(p + 1);
        const ptr = iph[p + 2];
        if (ptr < 5) return fail(p + 2);
        if (ptr <= optlen) {
          if (ptr + 3 > optlen) return fail(p + 2);
          let timeAt = -1;
          switch (iph[p + 3] & 15) {
            case IPOPT_TS_TSONLY:
              timeAt = p + ptr - 1;
              opts.tsNeedTime = true;
              iph[p + 2] = ptr + 4;
              break;
            case IPOPT_TS_TSANDADDR:
              if (ptr + 7 > optlen) return fail(p + 2);
              st32be(iph, p + ptr - 1, ctx.specDst);
              timeAt = p + ptr + 3;
              opts.tsNeedAddr = true;
              opts.tsNeedTime = true;
              iph[p + 2] = ptr + 8;
              break;
            case IPOPT_TS_PRESPEC:
              if (ptr + 7 > optlen) return fail(p + 2);
              if (ctx.isUnicast(ld32be(iph, p + ptr - 1))) break;
              timeAt = p + ptr + 3;
              opts.tsNeedTime = true;
              iph[p + 2] = ptr + 8;
              break;
            default: // other flags: accepted from the wire as they are (and echoed)
              break;
          }
          if (timeAt >= 0) st32be(iph, timeAt, ctx.msOfDay);
        } else if ((iph[p + 3] & 15) !== IPOPT_TS_PRESPEC) { // full: the overflow count, not for 3
          const overflow = iph[p + 3] >> 4;
          if (overflow === 15) return fail(p + 3);
          iph[p + 3] = (iph[p + 3] & 15) | ((overflow + 1) << 4);
        }
        opts.ts = p; // whatever the flags, and a full one too
        break;
      }
      case IPOPT_RA:
        if (optlen < 4) return fail(p + 1);
        break;
      default: // unknown options (and SEC, SID) are accepted from the wire
        break;
    }
    l -= optlen;
    p += optlen;
  }
  return { opts, error: null };
}

/** __ip_options_echo: the options of an answer to the packet whose compiled header is `iph`;
 *  null when the kernel refuses to answer (-EINVAL). `isUnicast` as in compile. The result is
 *  the raw option octets (a multiple of 4) and where the slots to fill at send time are. */
export function optionsEcho(iph: Uint8Array, sopt: IpOptions, isUnicast: (a: number) => boolean): { data: Uint8Array; opts: IpOptions } | null {
  const dopt: IpOptions = { optlen: 0, srr: 0, rr: 0, ts: 0, rrNeedAddr: false, tsNeedAddr: false, tsNeedTime: false };
  if (sopt.optlen === 0) return { data: new Uint8Array(0), opts: dopt };
  const d = new Uint8Array(40);
  if (sopt.rr) {
    const optlen = iph[sopt.rr + 1];
    const soff = iph[sopt.rr + 2];
    dopt.rr = dopt.optlen + 20;
    d.set(iph.subarray(sopt.rr, sopt.rr + optlen), dopt.optlen);
    if (sopt.rrNeedAddr && soff <= optlen) {
      if (soff + 3 > optlen) return null;
      d[dopt.optlen + 2] = soff + 4;
      dopt.rrNeedAddr = true;
    }
    dopt.optlen += optlen;
  }
  if (sopt.ts) {
    const optlen = iph[sopt.ts + 1];
    let soff = iph[sopt.ts + 2];
    const at = dopt.optlen;
    dopt.ts = at + 20;
    d.set(iph.subarray(sopt.ts, sopt.ts + optlen), at);
    if (soff <= optlen) {
      if (sopt.tsNeedAddr) {
        if (soff + 3 > optlen) return null;
        dopt.tsNeedAddr = true;
        soff += 4;
      }
      if (sopt.tsNeedTime) {
        if (soff + 3 > optlen) return null;
        if ((d[at + 3] & 15) !== IPOPT_TS_PRESPEC) {
          dopt.tsNeedTime = true;
          soff += 4;
        } else if (soff + 7 <= optlen && !isUnicast(ld32be(d, at + soff - 1))) {
          dopt.tsNeedTime = true;
          soff += 8;
        }
      }
      d[at + 2] = soff;
    }
    dopt.optlen += optlen;
  }
  // sopt.srr: never reached in a pod (source-routed packets are dropped on input)
  while (dopt.optlen & 3) d[dopt.optlen++] = IPOPT_END;
  return { data: d.slice(0, dopt.optlen), opts: dopt };
}

/** ip_options_build for a locally generated packet: the header `iph` already holds the echoed
 *  options; the grabbed RR/TS slots get the source address and the clock. */
export function optionsBuild(iph: Uint8Array, opts: IpOptions, src: number, msOfDay: number): void {
  if (opts.rrNeedAddr) st32be(iph, opts.rr + iph[opts.rr + 2] - 5, src);
  if (opts.tsNeedAddr) st32be(iph, opts.ts + iph[opts.ts + 2] - 9, src);
  if (opts.tsNeedTime) st32be(iph, opts.ts + iph[opts.ts + 2] - 5, msOfDay);
}
