// `ip route get ADDR`: the kernel's answer to RTM_GETROUTE (inet_rtm_getroute → ip_route_output_key
// → rt_fill_info), printed as iproute2 6.x prints it (with its trailing blanks), or as busybox's
// print_route does inside busybox pods (no uid, no cache line for IPv4, a double blank before src):
//   172.16.109.65 via 192.168.0.12 dev tunl0 src 172.16.196.0 uid 0 \n    cache \n
// The local table answers first: an address of this host (even on a down interface: fib_add_ifaddr
// adds its local route regardless of IFF_UP, which is how kube-proxy's kube-ipvs0 works) is
// `local … dev lo`, a subnet broadcast address is `broadcast … dev <iface>`. Then the main table
// by longest prefix and lowest metric: blackhole is EINVAL, unreachable EHOSTUNREACH, no route
// ENETUNREACH. The source is the route's prefsrc, else inet_select_addr: a primary address of the
// output device whose scope fits the route's scope, else the first such address of any interface
// in ifindex order (lo's 127.0.0.1 is host scope, so a scope-link route gets the uplink address).
// ip_route_output_key_hash_rcu and __mkroute_output have their own cases, checked against Linux
// 6.1 and iproute2 6.1 (test/views/iproute-oracle.test.ts): 0.0.0.0 is `local … dev lo` from
// 127.0.0.1 (another 0/8 address is plain unicast on output since Linux 5.3); the limited broadcast and a multicast group take the
// main table's device and source but not its gateway (fi = NULL; a multicast route of /4 or
// longer would keep it), RTCF_BROADCAST adds <local,brd>, RTCF_MULTICAST <mc> and <local,mc> for
// a group the device has joined (only 224.0.0.1 here: ip_mc_up). RTCF_MULTICAST is the bit
// iproute2 6.x prints as the route flag `rt_offload_failed` (RTM_F_OFFLOAD_FAILED, 0x20000000).

import { formatIp4, maskOf, parseIp4, type Ip4 } from '../net/addr.ts';
import type { Iface, Route } from '../cluster/types.ts';
import type { ToolFormat } from './ipaddr.ts';
import type { IpJson } from './ipjson.ts';

export interface RouteGetAnswer {
  type: 'unicast' | 'local' | 'broadcast' | 'multicast';
  dst: Ip4;
  gateway?: Ip4;
  dev: string;
  src: Ip4;
  /** The route cache's flags as `ip route get` names them. */
  cache: string[];
}

const LOOPBACK: Ip4 = 0x7f000001;
const LIMITED_BROADCAST: Ip4 = 0xffffffff;
const ALL_HOSTS: Ip4 = 0xe0000001; // 224.0.0.1, joined by every IPv4 device that is up
const isMulticast = (a: Ip4): boolean => a >>> 28 === 0xe;

export type RouteGetResult = { ok: true; answer: RouteGetAnswer } | { ok: false; errno: 'Invalid argument' | 'No route to host' | 'Network is unreachable' };

const SCOPE = { global: 0, link: 253, host: 254 } as const;

function selectAddr(ifaces: readonly Iface[], dev: string, scope: number, near: Ip4 | undefined): Ip4 | undefined {
  const ok = (s: keyof typeof SCOPE) => Math.min(SCOPE[s], SCOPE.link) <= scope;
  const own = ifaces.find((i) => i.name === dev)?.addrs.filter((a) => ok(a.scope)) ?? [];
  const match = near === undefined ? undefined : own.find((a) => ((a.ip ^ near) & maskOf(a.len)) === 0);
  if (match ?? own[0]) return (match ?? own[0]).ip;
  for (const i of [...ifaces].sort((a, b) => a.ifindex - b.ifindex)) {
    const a = i.addrs.find((x) => x.scope !== 'link' && SCOPE[x.scope] <= scope);
    if (a) return a.ip;
  }
  return undefined;
}

export function routeGet(ifaces: readonly Iface[], routes: readonly Route[], dst: Ip4): RouteGetResult {
  if (dst === 0) return { ok: true, answer: { type: 'local', dst, dev: 'lo', src: LOOPBACK, cache: ['local'] } };
  for (const i of ifaces) {
    if (i.addrs.some((a) => a.ip === dst)) return { ok: true, answer: { type: 'local', dst, dev: 'lo', src: dst, cache: ['local'] } };
  }
  if (dst >>> 24 === 127) return { ok: true, answer: { type: 'local', dst, dev: 'lo', src: selectAddr(ifaces, 'lo', SCOPE.host, dst) ?? dst, cache: ['local'] } };
  for (const i of ifaces) {
    const a = i.addrs.find((x) => x.brd === dst);
    if (a && i.up !== false) return { ok: true, answer: { type: 'broadcast', dst, dev: i.name, src: a.ip, cache: ['local', 'brd'] } };
  }
  const r = [...routes]
    .filter((x) => ((dst & maskOf(x.len)) >>> 0) === x.dst)
    .sort((a, b) => b.len - a.len || a.metric - b.metric)[0];
  if (!r) return { ok: false, errno: 'Network is unreachable' };
  if (r.kind === 'blackhole') return { ok: false, errno: 'Invalid argument' };
  if (r.kind === 'unreachable' || r.dev === undefined) return { ok: false, errno: 'No route to host' };
  const src = r.src ?? selectAddr(ifaces, r.dev, SCOPE[r.scope], r.gateway);
  if (src === undefined) return { ok: false, errno: 'Network is unreachable' };
  if (dst === LIMITED_BROADCAST) return { ok: true, answer: { type: 'broadcast', dst, dev: r.dev, src, cache: ['local', 'brd'] } };
  if (isMulticast(dst)) {
    const gateway = r.len >= 4 ? r.gateway : undefined;
    return { ok: true, answer: { type: 'multicast', dst, gateway, dev: r.dev, src, cache: dst === ALL_HOSTS ? ['local', 'mc'] : ['mc'] } };
  }
  return { ok: true, answer: { type: 'unicast', dst, gateway: r.gateway, dev: r.dev, src, cache: [] } };
}

/** The flags rt_fill_info reports, as iproute2 6.x names them. */
const routeFlags = (a: RouteGetAnswer): string[] => (a.type === 'multicast' ? ['rt_offload_failed'] : []);

export function renderRouteGet(a: RouteGetAnswer, fmt: ToolFormat): string {
  const type = a.type === 'unicast' ? '' : `${a.type} `;
  const via = a.gateway !== undefined ? `via ${formatIp4(a.gateway)} ` : '';
  if (fmt === 'busybox') return `${type}${formatIp4(a.dst)} ${via}dev ${a.dev}  src ${formatIp4(a.src)} \n`;
  const cache = a.cache.length > 0 ? `<${a.cache.join(',')}> ` : '';
  const flags = routeFlags(a).map((f) => `${f} `).join('');
  return `${type}${formatIp4(a.dst)} ${via}dev ${a.dev} src ${formatIp4(a.src)} ${flags}uid 0 \n    cache ${cache}\n`;
}

export function jsonRouteGet(a: RouteGetAnswer): IpJson {
  const o: Record<string, IpJson> = {};
  if (a.type !== 'unicast') o.type = a.type;
  o.dst = formatIp4(a.dst);
  if (a.gateway !== undefined) o.gateway = formatIp4(a.gateway);
  Object.assign(o, { dev: a.dev, prefsrc: formatIp4(a.src), flags: routeFlags(a), uid: 0 });
  o.cache = [...a.cache];
  return [o];
}

/** `ADDR` or `ADDR/32` as `ip route get` takes it. */
export function parseRouteGetAddr(s: string): Ip4 | null {
  return parseIp4(s.endsWith('/32') ? s.slice(0, -3) : s);
}
