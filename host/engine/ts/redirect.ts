// Twin of assembly/redirect.ts: ICMP redirects and their per-peer rate limit
// (ip_rt_send_redirect; the algorithm and the kernel's parameters are drawn there).
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';
import * as ICMP from './wire/icmp.ts';
import { type Ipv4Fns } from './wire/ipv4.ts';
import type { CountersFns } from './counters.ts';
import type { NeighFns } from './arp/neigh.ts';
import type { IcmpErrorFns } from './icmpError.ts';

const PEER_NEW_AGE_MS = 60000; // inet_getpeer: rate_last = jiffies − 60 * HZ

/** This file's numbers as the factory's consts: V8 folds those. */
const NUMBERS = { PEER_NEW_AGE_MS };

export function redirectFns(h: Heap, d: { ipv4: Ipv4Fns; counters: CountersFns; neigh: NeighFns; icmpError: IcmpErrorFns }) {
  const { PEER_NEW_AGE_MS } = NUMBERS;
  const {
    NODE_PEERS, PT_NUMBER, PT_LOAD_MS, PT_SILENCE_MS, PT_HDR_SIZE, PEER_ADDR, PEER_RATE_LAST,
    PEER_N_REDIRECTS, PEER_LIVE, PEER_SIZE, PEER_CAPACITY, NC_REDIRECTS, NC_REDIRECTS_LIMITED,
  } = L;
  const { ICMP_REDIRECT, ICMP_REDIR_HOST } = ICMP;
  const { U32 } = h;
  const { ipv4Src } = d.ipv4;
  const { countNode } = d.counters;
  const { nodeNow, timeAfter } = d.neigh;
  const { icmpSendError } = d.icmpError;

  /** inet_getpeer (see the AS twin): the peer's record, a fresh one in a free slot or in the
   *  least recently redirected one's; 0 when the node keeps no peers. */
  function inetGetPeer(ctx: number, addr: number, now: number): number {
    const t = U32[(ctx + NODE_PEERS) >>> 2];
    if (t === 0) return 0;
    const base = t + PT_HDR_SIZE;
    let free = 0;
    let victim = 0;
    let oldest = 0;
    for (let i = 0; i < PEER_CAPACITY; i++) {
      const e = base + i * PEER_SIZE;
      if (U32[(e + PEER_LIVE) >>> 2] === 0) {
        if (free === 0) free = e;
        continue;
      }
      if (U32[(e + PEER_ADDR) >>> 2] === addr) return e;
      const age = (now - U32[(e + PEER_RATE_LAST) >>> 2]) >>> 0;
      if (victim === 0 || age > oldest) {
        victim = e;
        oldest = age;
      }
    }
    if (free !== 0) victim = free;
    U32[(victim + PEER_ADDR) >>> 2] = addr;
    U32[(victim + PEER_RATE_LAST) >>> 2] = now - PEER_NEW_AGE_MS;
    U32[(victim + PEER_N_REDIRECTS) >>> 2] = 0;
    U32[(victim + PEER_LIVE) >>> 2] = 1;
    return victim;
  }

  /** ip_rt_send_redirect (see the AS twin). */
  function ipRtSendRedirect(ctx: number, ip: number, gw: number, meta: number, opts: number): void {
    const now = nodeNow(ctx);
    const peer = inetGetPeer(ctx, ipv4Src(ip), now);
    if (peer === 0) {
      icmpSendError(ctx, ip, ICMP_REDIRECT, ICMP_REDIR_HOST, gw, meta, false, opts);
      countNode(ctx, NC_REDIRECTS);
      return;
    }
    const t = U32[(ctx + NODE_PEERS) >>> 2];
    if (timeAfter(now, (U32[(peer + PEER_RATE_LAST) >>> 2] + U32[(t + PT_SILENCE_MS) >>> 2]) >>> 0)) {
      U32[(peer + PEER_N_REDIRECTS) >>> 2] = 0;
    }
    const n = U32[(peer + PEER_N_REDIRECTS) >>> 2];
    if (n >= U32[(t + PT_NUMBER) >>> 2]) {
      U32[(peer + PEER_RATE_LAST) >>> 2] = now;
      countNode(ctx, NC_REDIRECTS_LIMITED);
      return;
    }
    if (n === 0 || timeAfter(now, (U32[(peer + PEER_RATE_LAST) >>> 2] + (U32[(t + PT_LOAD_MS) >>> 2] << n)) >>> 0)) {
      icmpSendError(ctx, ip, ICMP_REDIRECT, ICMP_REDIR_HOST, gw, meta, false, opts);
      U32[(peer + PEER_RATE_LAST) >>> 2] = now;
      U32[(peer + PEER_N_REDIRECTS) >>> 2] = n + 1;
      countNode(ctx, NC_REDIRECTS);
    } else {
      countNode(ctx, NC_REDIRECTS_LIMITED);
    }
  }
  return { inetGetPeer, ipRtSendRedirect };
}
export type RedirectFns = ReturnType<typeof redirectFns>;
