// ICMP redirects: a packet forwarded out of the interface it came in on, towards a source that
// is on-link there, gets an ICMP 5/1 (host redirect) naming the better next hop, and is still
// forwarded. __mkroute_input marks it (IPSKB_DOREDIRECT: out_dev == in_dev, the source on-link
// per fib_validate_source, send_redirects on; shared_media defaults to 1, so no subnet test);
// ip_forward sends the redirect after the TTL decrement (the quoted header carries the new TTL)
// and before the forward options are written; ip_rt_send_redirect rate-limits it per source:
//
//   peer = inet_getpeer(saddr)                       (redirect peers, layout/node.ts)
//   now − rate_last > silence            → n_redirects = 0          (the host forgot)
//   n_redirects ≥ number                 → rate_last = now, nothing (it ignores us)
//   n_redirects = 0 or now − rate_last > load << n_redirects
//                                        → icmp_send(5/1, gw), rate_last = now, n_redirects++
//   otherwise                            → nothing
//
// (ip_rt_redirect_number 9, ip_rt_redirect_load HZ/50 = 20 ms, ip_rt_redirect_silence
// (HZ/50) << 10 = 20.48 s by default, net/ipv4/route.c: the table's header holds them; jiffies
// at Debian's HZ=250 are 4 ms, the node clock counts ms.)
// send_redirects is on everywhere: the kernel's default for all and default, and neither
// Felix nor the CNI plugin changes it on a cali or on tunl0. The peer state advances even when
// icmp_send then declines (the packet is an ICMP error, a later fragment), as in the kernel.

import {
  NODE_PEERS, PT_NUMBER, PT_LOAD_MS, PT_SILENCE_MS, PT_HDR_SIZE, PEER_ADDR, PEER_RATE_LAST,
  PEER_N_REDIRECTS, PEER_LIVE, PEER_SIZE, PEER_CAPACITY, NC_REDIRECTS, NC_REDIRECTS_LIMITED,
} from './layout';
import { ipv4Src } from './wire/ipv4';
import { ICMP_REDIRECT, ICMP_REDIR_HOST } from './wire/icmp';
import { countNode } from './counters';
import { nodeNow, timeAfter } from './arp/neigh';
import { icmpSendError } from './icmpError';

// @ts-ignore: decorator
@inline const PEER_NEW_AGE_MS: u32 = 60000; // inet_getpeer: rate_last = jiffies − 60 * HZ

/** The redirect state of `addr` (inet_getpeer): its record, or a fresh one in a free slot or in
 *  the slot of the peer least recently given a redirect. 0 when the node keeps no peers. */
export function inetGetPeer(ctx: usize, addr: u32, now: u32): usize {
  const t = <usize>load<u32>(ctx, NODE_PEERS);
  if (t == 0) return 0;
  const base = t + PT_HDR_SIZE;
  let free: usize = 0;
  let victim: usize = 0;
  let oldest: u32 = 0;
  for (let i: u32 = 0; i < PEER_CAPACITY; i++) {
    const e = base + <usize>(i * PEER_SIZE);
    if (load<u32>(e, PEER_LIVE) == 0) {
      if (free == 0) free = e;
      continue;
    }
    if (load<u32>(e, PEER_ADDR) == addr) return e;
    const age = now - load<u32>(e, PEER_RATE_LAST);
    if (victim == 0 || age > oldest) {
      victim = e;
      oldest = age;
    }
  }
  if (free != 0) victim = free;
  store<u32>(victim, addr, PEER_ADDR);
  store<u32>(victim, now - PEER_NEW_AGE_MS, PEER_RATE_LAST);
  store<u32>(victim, 0, PEER_N_REDIRECTS);
  store<u32>(victim, 1, PEER_LIVE);
  return victim;
}

/** ip_rt_send_redirect: about the packet at `ip` (TTL already decremented, options compiled
 *  into `opts`), whose better next hop is `gw` (rt_nexthop). */
export function ipRtSendRedirect(ctx: usize, ip: usize, gw: u32, meta: u32, opts: u32): void {
  const now = nodeNow(ctx);
  const peer = inetGetPeer(ctx, ipv4Src(ip), now);
  if (peer == 0) { // no peer: the kernel sends without a limit
    icmpSendError(ctx, ip, ICMP_REDIRECT, ICMP_REDIR_HOST, gw, meta, false, opts);
    countNode(ctx, NC_REDIRECTS);
    return;
  }
  const t = <usize>load<u32>(ctx, NODE_PEERS);
  if (timeAfter(now, load<u32>(peer, PEER_RATE_LAST) + load<u32>(t, PT_SILENCE_MS))) {
    store<u32>(peer, 0, PEER_N_REDIRECTS);
  }
  const n = load<u32>(peer, PEER_N_REDIRECTS);
  if (n >= load<u32>(t, PT_NUMBER)) {
    store<u32>(peer, now, PEER_RATE_LAST);
    countNode(ctx, NC_REDIRECTS_LIMITED);
    return;
  }
  if (n == 0 || timeAfter(now, load<u32>(peer, PEER_RATE_LAST) + (load<u32>(t, PT_LOAD_MS) << n))) {
    icmpSendError(ctx, ip, ICMP_REDIRECT, ICMP_REDIR_HOST, gw, meta, false, opts);
    store<u32>(peer, now, PEER_RATE_LAST);
    store<u32>(peer, n + 1, PEER_N_REDIRECTS);
    countNode(ctx, NC_REDIRECTS);
  } else {
    countNode(ctx, NC_REDIRECTS_LIMITED);
  }
}
