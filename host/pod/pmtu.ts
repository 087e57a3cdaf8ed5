// A pod's path MTU cache (the route exceptions of net/ipv4/route.c): ICMP frag-needed about a
// packet this namespace sent lowers the MTU towards its destination (__ip_rt_update_pmtu, via
// raw_err → ipv4_sk_update_pmtu for ping's raw socket), for ip_rt_mtu_expires (10 min). Sends
// to that destination then fragment to the learned MTU (IP_PMTUDISC_WANT) or fail with
// EMSGSIZE (IP_PMTUDISC_DO).
import type { Ip4 } from '../net/addr.ts';
import { NS_PER_S } from '../time.ts';

/** ip_rt_min_pmtu: 512 + 20 + 20; a lower MTU is raised to it (and locked). */
export const IP_RT_MIN_PMTU = 552;
/** ip_rt_mtu_expires. */
export const PMTU_EXPIRES_NS = 600 * NS_PER_S;

export class PathMtuCache {
  private readonly entries = new Map<Ip4, { mtu: number; expires: number }>();

  /** The MTU towards `dst` at `now`: the learned one while it lasts, else the device's. */
  mtu(dst: Ip4, devMtu: number, now: number): number {
    const e = this.entries.get(dst);
    if (!e) return devMtu;
    if (now >= e.expires) {
      this.entries.delete(dst);
      return devMtu;
    }
    return Math.min(e.mtu, devMtu);
  }

  /** __ip_rt_update_pmtu: only ever lower, never below ip_rt_min_pmtu. */
  update(dst: Ip4, mtu: number, devMtu: number, now: number): void {
    const old = this.mtu(dst, devMtu, now);
    if (old < mtu) return;
    const m = mtu < IP_RT_MIN_PMTU ? Math.min(old, IP_RT_MIN_PMTU) : mtu;
    this.entries.set(dst, { mtu: m, expires: now + PMTU_EXPIRES_NS });
  }
}
