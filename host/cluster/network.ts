// The host network under the cluster: subnets are L2 segments, and routers join them.
//
//   segment 10.0.1.0/24                       segment 10.0.2.0/24
//   ─────┬───────────┬──────────┬──────      ──────┬───────────┬──────
//     node-a       node-b     eth0 ┐               eth1 ┐      node-c
//     .11          .12        .1   └── router ──────.1  ┘      .13
//
// A segment is a subnet and every host interface on it; a frame sent on a segment reaches
// only the interfaces of that segment. A router is a Linux host with ip_forward=1, one
// interface per segment it joins (its own MAC and address), a main table of its connected
// routes, its static routes and, with `learnPodBlocks` (BGP peering to a top-of-rack router,
// as Calico's BGPPeer resource sets up), one route per node block via that node.
//
// Without `routers` in the spec the cluster gets one router, `router`, joining every node
// subnet at the gateway most of that subnet's nodes name, when the nodes span two subnets
// or more. A single-subnet cluster keeps its gateway outside the cluster (the seed's
// 192.168.0.2): what is sent to it leaves the cluster.

import { ConfigError } from '../errors.ts';
import { cidrContains, formatCidr, formatIp4, formatMac, maskOf, parseCidr, parseIp4, type Cidr, type Ip4 } from '../net/addr.ts';
import { FALLBACK_TUNL0_MTU, hostMtu, ipipEnabled } from './ifaces.ts';
import { BLOCK_ROUTE_PROTO, sortFib } from './routes.ts';
import type { Block, Cluster, ClusterNode, ClusterSpec, Iface, Route, RouterIfaceSpec, RouterSpec, Segment, Uplink } from './types.ts';

const ipipLoadedMemo = new WeakMap<Cluster, boolean>();

/** Is ipip.ko loaded on the cluster's hosts? As soon as one node has a tunnel: the module
 *  gives every namespace a fallback tunl0 (down where unused) and registers tunnel4's handlers
 *  for IPIP, IPv6- and MPLS-in-IPv4 in every namespace, pods' included. Without it those
 *  protocols have no handler (ICMP 3/2 instead of tunnel4_rcv's 3/3). */
export function ipipLoaded(cluster: Cluster): boolean {
  let v = ipipLoadedMemo.get(cluster);
  if (v === undefined) ipipLoadedMemo.set(cluster, (v = cluster.nodes.some((n) => n.ifaces.some((f) => f.kind === 'ipip'))));
  return v;
}

/** Name of the default router. */
export const DEFAULT_ROUTER = 'router';

/** A router interface's MAC when the spec gives none: 02:00 and its IPv4 address, the same
 *  stand-in a gateway outside the cluster gets (dataplane/nexthops.ts externalMac), so a
 *  frame sent to the gateway has the same bytes whether or not a router answers there. */
export function routerMac(ip: Ip4): string {
  return formatMac([0x02, 0x00, ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255]);
}

/** The subnet of a node's uplink. */
export function nodeSubnet(node: { ip: string; prefixLen: number }): Cidr {
  const ip = parseIp4(node.ip) as Ip4;
  return { base: (ip & maskOf(node.prefixLen)) >>> 0, len: node.prefixLen };
}

/** The routers of `spec`: its own list, or the default one (see the header). */
export function routerSpecs(spec: ClusterSpec): RouterSpec[] {
  if (spec.routers !== undefined) return spec.routers;
  const subnets = new Set(spec.nodes.map((n) => formatCidr(nodeSubnet(n))));
  if (subnets.size < 2) return [];
  const names = new Set(spec.nodes.map((n) => n.name));
  let name = DEFAULT_ROUTER;
  for (let k = 1; names.has(name); k++) name = `${DEFAULT_ROUTER}-${k}`;
  return [{ name }];
}

interface SegmentIndex {
  segments: Segment[];
  byCidr: Map<string, Segment>;
}

function segmentFor(ix: SegmentIndex, c: Cidr): Segment {
  const key = formatCidr(c);
  let s = ix.byCidr.get(key);
  if (!s) {
    s = { index: ix.segments.length, cidr: key, base: c.base, len: c.len, members: [] };
    ix.segments.push(s);
    ix.byCidr.set(key, s);
  }
  return s;
}

/** The gateway most nodes of `subnet` name (the first named on a tie); undefined when none does. */
function subnetGateway(spec: ClusterSpec, subnet: Cidr): Ip4 | undefined {
  const votes = new Map<Ip4, number>();
  for (const n of spec.nodes) {
    const s = nodeSubnet(n);
    if (s.base !== subnet.base || s.len !== subnet.len) continue;
    const gw = parseIp4(n.gateway);
    if (gw !== null && cidrContains(subnet, gw)) votes.set(gw, (votes.get(gw) ?? 0) + 1);
  }
  let best: Ip4 | undefined;
  let most = 0;
  for (const [gw, v] of votes) if (v > most) [best, most] = [gw, v];
  return best;
}

/**
 * Attaches every node's uplink to its segment (sets `uplinks`) and derives the routers.
 * Throws ConfigError (naming `routers[k]…`) for what the spec alone could not decide.
 */
export function buildNetwork(spec: ClusterSpec, nodes: ClusterNode[]): { segments: Segment[]; routers: ClusterNode[] } {
  const ix: SegmentIndex = { segments: [], byCidr: new Map() };
  const owner = new Map<Ip4, string>(); // address → who holds it, for duplicates
  for (const n of nodes) {
    const up = n.ifaces.find((f) => f.name === n.spec.iface);
    const subnet = nodeSubnet(n.spec);
    const seg = segmentFor(ix, subnet);
    const uplink: Uplink = { name: n.spec.iface, ip: n.ip, len: subnet.len, mac: n.spec.mac.toLowerCase(), mtu: up?.mtu ?? hostMtu(spec), segment: seg.index };
    n.uplinks = [uplink];
    seg.members.push({ host: n.index, name: n.spec.name, iface: uplink.name, uplink: 0, ip: n.ip, mac: uplink.mac, mtu: uplink.mtu });
    owner.set(n.ip, `node ${n.spec.name}`);
  }
  const nodeSubnets = [...ix.segments];

  const routers = routerSpecs(spec).map((r, k): ClusterNode => {
    const at = `routers[${k}]`;
    const list: RouterIfaceSpec[] = r.interfaces ?? nodeSubnets.map((s) => ({ subnet: s.cidr }));
    const seen = new Set<number>(); // segments this router is on
    const uplinks: Uplink[] = list.map((f, j) => {
      const fat = `${at}.interfaces[${j}]`;
      const subnet = parseCidr(f.subnet, false) as Cidr;
      const net: Cidr = { base: (subnet.base & maskOf(subnet.len)) >>> 0, len: subnet.len };
      const seg = segmentFor(ix, net);
      if (seen.has(seg.index)) throw new ConfigError(`${fat}.subnet`, 'the router already has an interface on this subnet', f.subnet);
      seen.add(seg.index);
      let ip: Ip4;
      if (f.ip !== undefined) ip = parseIp4(f.ip) as Ip4;
      else {
        const gw = subnetGateway(spec, net);
        if (gw === undefined) throw new ConfigError(`${fat}.ip`, `no node on ${formatCidr(net)} names a gateway there: give the router's address`, f.ip);
        ip = gw;
      }
      const taken = owner.get(ip);
      if (taken !== undefined) throw new ConfigError(`${fat}.ip`, `already used by ${taken}`, formatIp4(ip));
      owner.set(ip, `router ${r.name}`);
      return { name: f.name ?? `eth${j}`, ip, len: net.len, mac: (f.mac ?? routerMac(ip)).toLowerCase(), mtu: f.mtu ?? hostMtu(spec), segment: seg.index };
    });
    if (uplinks.length === 0) throw new ConfigError(`${at}.interfaces`, 'a router needs at least one interface', list);
    const index = nodes.length + k;
    uplinks.forEach((u, j) => ix.segments[u.segment].members.push({ host: index, name: r.name, iface: u.name, uplink: j, ip: u.ip, mac: u.mac, mtu: u.mtu }));
    const first = uplinks[0];
    const router: ClusterNode = {
      spec: { name: r.name, iface: first.name, ip: formatIp4(first.ip), prefixLen: first.len, mac: first.mac, gateway: '' },
      role: 'router',
      index,
      uplinks,
      ip: first.ip,
      block: null,
      blockPool: null,
      blocks: [],
      calicoNodePod: '',
      tunl0Ip: null,
      ifaces: routerIfaces(uplinks, ipipEnabled(spec)),
      routes: [],
      pods: [],
    };
    router.routes = routerRoutes(r, at, uplinks, ix.segments, nodes);
    return router;
  });
  return { segments: ix.segments, routers };
}

/** lo, then one Ethernet interface per segment, ifindex 2.. in order; with tunnels in the
 *  cluster, the fallback tunl0 that ipip.ko gives every namespace (down, no address), last. */
function routerIfaces(uplinks: Uplink[], ipip: boolean): Iface[] {
  const fallback: Iface[] = ipip
    ? [{ name: 'tunl0', ifindex: 2 + uplinks.length, kind: 'ipip', mtu: FALLBACK_TUNL0_MTU, mac: '', addrs: [], proxyArp: false, up: false }]
    : [];
  return [
    {
      name: 'lo', ifindex: 1, kind: 'loopback', mtu: 65536, mac: '00:00:00:00:00:00', proxyArp: false,
      addrs: [{ ip: 0x7f000001, len: 8, scope: 'host' }],
    },
    ...uplinks.map((u, j): Iface => ({
      name: u.name, ifindex: 2 + j, kind: 'ether', mtu: u.mtu, mac: u.mac, proxyArp: false,
      addrs: [{ ip: u.ip, len: u.len, scope: 'global', brd: (u.ip | (0xffffffff >>> u.len)) >>> 0 }],
    })),
    ...fallback,
  ];
}

/** The router's main table: its connected subnets (the kernel's `proto kernel scope link src`),
 *  its static routes (`proto boot`, as `ip route add` leaves them) and the learned blocks. */
function routerRoutes(r: RouterSpec, at: string, uplinks: Uplink[], segments: Segment[], nodes: ClusterNode[]): Route[] {
  const routes: Route[] = uplinks.map((u) => ({
    dst: (u.ip & maskOf(u.len)) >>> 0, len: u.len, kind: 'connected', dev: u.name, metric: 0, scope: 'link', proto: 'kernel', src: u.ip,
  }));
  const onLink = (ip: Ip4): Uplink | undefined => uplinks.find((u) => cidrContains(segments[u.segment], ip));
  (r.routes ?? []).forEach((s, i) => {
    const dst = parseCidr(s.dst, true) as Cidr;
    const via = parseIp4(s.via) as Ip4;
    const dev = onLink(via);
    if (!dev) throw new ConfigError(`${at}.routes[${i}].via`, 'is on none of the router\'s subnets (Linux: Nexthop has invalid gateway)', s.via);
    routes.push({ dst: dst.base, len: dst.len, kind: 'gateway', gateway: via, dev: dev.name, metric: 0, scope: 'global', proto: 'boot' });
  });
  if (r.learnPodBlocks) {
    for (const n of nodes) {
      const dev = n.blocks.length > 0 ? onLink(n.ip) : undefined;
      if (!dev) continue; // BIRD would resolve a multihop peer recursively; one hop is modelled
      for (const b of n.blocks) { // the node exports each affine block
        routes.push({ dst: b.base, len: b.len, kind: 'gateway', gateway: n.ip, dev: dev.name, metric: 0, scope: 'global', proto: BLOCK_ROUTE_PROTO });
      }
    }
  }
  return sortFib(routes);
}
