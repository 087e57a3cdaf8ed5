// `route -n` (net-tools on nodes; busybox prints the same columns) and `ip route` (iproute2).

import { formatCidr, formatIp4, maskOf } from '../net/addr.ts';
import type { Route } from '../cluster/types.ts';
import type { IpJson } from './ipjson.ts';

const RTF_HEADER =
  'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';

/** Flags as the kernel's /proc/net/route reports them (fib_flag_trans): U, G with a gateway, H for /32, ! for reject. */
export function routeFlags(r: Route): string {
  let f = 'U';
  if (r.gateway !== undefined) f += 'G';
  if (r.len === 32) f += 'H';
  if (r.kind === 'unreachable') f = '!' + f.slice(1);
  return f;
}

export function renderRouteN(routes: readonly Route[]): string {
  let out = RTF_HEADER;
  for (const r of routes) {
    const gw = formatIp4(r.gateway ?? 0);
    // Device-less routes (blackhole) appear in /proc/net/route with interface "*".
    const iface = r.kind === 'unreachable' ? '-' : (r.dev ?? '*');
    out +=
      `${formatIp4(r.dst).padEnd(15)} ${gw.padEnd(15)} ${formatIp4(maskOf(r.len)).padEnd(15)} ` +
      `${routeFlags(r).padEnd(5)} ${String(r.metric).padEnd(6)} ${'0'.padEnd(3)} ${'0'.padStart(6)} ${iface}\n`;
  }
  return out;
}

export function renderIpRouteLine(r: Route): string {
  const dst = r.len === 0 ? 'default' : r.len === 32 ? formatIp4(r.dst) : formatCidr({ base: r.dst, len: r.len });
  const parts: string[] = [];
  if (r.kind === 'blackhole' || r.kind === 'unreachable') parts.push(r.kind);
  parts.push(dst);
  if (r.gateway !== undefined) parts.push('via', formatIp4(r.gateway));
  if (r.dev !== undefined) parts.push('dev', r.dev);
  // RTPROT_BOOT is the default and iproute2 does not print it.
  if (r.proto !== undefined && r.proto !== 'boot') parts.push('proto', r.proto);
  if (r.scope !== 'global') parts.push('scope', r.scope);
  if (r.src !== undefined) parts.push('src', formatIp4(r.src));
  if (r.metric !== 0) parts.push('metric', String(r.metric));
  if (r.kind === 'onlink') parts.push('onlink');
  return parts.join(' ');
}

export function renderIpRoute(routes: readonly Route[]): string {
  return routes.map((r) => renderIpRouteLine(r) + '\n').join('');
}

/** `ip -j route`: one object per route, keys in iproute2's print order (print_route). */
export function jsonRoutes(routes: readonly Route[]): IpJson {
  return routes.map((r) => {
    const o: Record<string, IpJson> = {};
    if (r.kind === 'blackhole' || r.kind === 'unreachable') o.type = r.kind;
    o.dst = r.len === 0 ? 'default' : r.len === 32 ? formatIp4(r.dst) : formatCidr({ base: r.dst, len: r.len });
    if (r.gateway !== undefined) o.gateway = formatIp4(r.gateway);
    if (r.dev !== undefined) o.dev = r.dev;
    if (r.proto !== undefined && r.proto !== 'boot') o.protocol = r.proto;
    if (r.scope !== 'global') o.scope = r.scope;
    if (r.src !== undefined) o.prefsrc = formatIp4(r.src);
    if (r.metric !== 0) o.metric = r.metric;
    o.flags = r.kind === 'onlink' ? ['onlink'] : [];
    return o;
  });
}
