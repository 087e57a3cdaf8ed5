// Main routing tables as Felix, BIRD, the CNI plugin and NetworkManager leave them (cni-plugin dataplane_linux.go SetupRoutes; felix route_mgr.go, ipip_mgr.go).
// Routes are kept in FIB dump order — ascending destination, then longer prefix first (fib_trie's
// leaves by key; a leaf's aliases by suffix length, fib_insert_alias, so that check_leaf meets
// the longest match first) — which is the order `ip route` and `route -n` print. A pod at a
// block's first address (ordinal 0: ipipMode Never, or a node's further block) comes before the
// block's blackhole.

import { cidrContains, maskOf, parseIp4, type Ip4 } from '../net/addr.ts';
import type { IpamResult } from './ipam.ts';
import { POD_GATEWAY } from './names.ts';
import type { ClusterSpec, Route } from './types.ts';

/** Who programs the block routes. Calico ≤ v3.32 (and the seed's era) lets BIRD do it: `proto bird`. */
export const BLOCK_ROUTE_PROTO = 'bird';

export interface LocalWorkload {
  ip: Ip4;
  hostVeth: string;
}

/** `peerIps[j]`: node j's IP, parsed once per cluster rather than once per (node, peer). */
export function nodeRoutes(spec: ClusterSpec, ipam: IpamResult, i: number, workloads: LocalWorkload[],
  peerIps: ArrayLike<number> = spec.nodes.map((n) => parseIp4(n.ip) as Ip4)): Route[] {
  const node = spec.nodes[i];
  const ip = peerIps[i];
  const gateway = parseIp4(node.gateway) as Ip4;
  const subnet = { base: (ip & maskOf(node.prefixLen)) >>> 0, len: node.prefixLen };
  const routes: Route[] = [
    // NetworkManager's routes for the uplink: the address is `noprefixroute`, NM adds both itself.
    { dst: 0, len: 0, kind: 'gateway', gateway, dev: node.iface, metric: 100, scope: 'global', proto: 'static' },
    { dst: subnet.base, len: subnet.len, kind: 'connected', dev: node.iface, metric: 100, scope: 'link', proto: 'kernel', src: ip },
  ];

  routes.push(...ownBlockRoutes(ipam.nodes[i].blocks, workloads));

  for (let j = 0; j < spec.nodes.length; j++) {
    if (j === i) continue;
    const peerIp = peerIps[j];
    // CrossSubnet compares the peer's IP with *this* node's own subnet (felix/calc/l3_route_resolver.go, nodeInOurSubnet).
    const sameSubnet = cidrContains(subnet, peerIp);
    // Never across subnets: BIRD's `gateway recursive` (calico's bird.cfg) resolves the BGP next
    // hop (the peer, not on-link) through the kernel table, so the block goes via the default gateway.
    const via = sameSubnet ? peerIp : gateway;
    for (const b of ipam.nodes[j].blocks) { // one route per affine block, each by its pool's mode
      const mode = spec.pools[b.pool].ipipMode;
      const direct = mode === 'Never' || (mode === 'CrossSubnet' && sameSubnet);
      routes.push(
        direct
          ? { dst: b.base, len: b.len, kind: 'gateway', gateway: via, dev: node.iface, metric: 0, scope: 'global', proto: BLOCK_ROUTE_PROTO }
          : { dst: b.base, len: b.len, kind: 'onlink', gateway: peerIp, dev: 'tunl0', metric: 0, scope: 'global', proto: BLOCK_ROUTE_PROTO },
      );
    }
  }

  return sortFib(routes);
}

/** The routes only this node has: its workloads' /32s (the CNI plugin) and a blackhole for
 *  each of its blocks (BIRD), where every other node has each block via this one. */
export function ownBlockRoutes(own: readonly { base: Ip4; len: number }[], workloads: LocalWorkload[]): Route[] {
  const routes: Route[] = [];
  for (const w of workloads) {
    routes.push({ dst: w.ip, len: 32, kind: 'cali', dev: w.hostVeth, metric: 0, scope: 'link' });
  }
  for (const b of own) {
    // A /32 block fully used by a pod: the workload route and a blackhole cannot share one
    // prefix in the FIB, and the workload route is the one that matters.
    if (b.len === 32 && workloads.some((w) => w.ip === b.base)) continue;
    routes.push({ dst: b.base, len: b.len, kind: 'blackhole', metric: 0, scope: 'global', proto: BLOCK_ROUTE_PROTO });
  }
  return routes;
}

/** Routes the CNI plugin writes inside every pod: a link route to the dummy gateway, then default via it. */
export function podRoutes(): Route[] {
  const gw = parseIp4(POD_GATEWAY) as Ip4;
  return [
    { dst: 0, len: 0, kind: 'gateway', gateway: gw, dev: 'eth0', metric: 0, scope: 'global' },
    { dst: gw, len: 32, kind: 'connected', dev: 'eth0', metric: 0, scope: 'link' },
  ];
}

export function sortFib(routes: Route[]): Route[] {
  return routes.sort((a, b) => a.dst - b.dst || b.len - a.len || a.metric - b.metric);
}
