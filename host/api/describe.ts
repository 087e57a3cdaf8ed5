// A node described by a plain object (what an embedder writes) → the cluster model the
// memory builder already understands: a one-node Cluster whose ClusterNode carries the
// interfaces, main-table routes and pods the object names. Nothing here knows the binary
// layout; buildDataplane (host/dataplane/build.ts) and buildNodeFib (host/dataplane/nexthops.ts)
// turn the result into memory exactly as they do for a whole cluster.
//
// Linux-style defaults, each overridable by a route of the same prefix (the first route
// for a prefix wins, and the object's own routes come first):
//   <uplink subnet> dev <uplink>         the kernel's prefix route for the uplink address
//   default via <gateway> dev <uplink>   when uplink.gateway is given
//   <pod ip>/32 dev <hostVeth>           what Calico's CNI plugin installs for each pod
// Static neighbours on the uplink subnet become /32 adjacencies (see neighbourRoutes), so
// the tunnel's outer destination resolves without ARP.

import type { Cluster, ClusterNode, Iface, Pod, Route } from '../cluster/types.ts';
import { ConfigError } from '../errors.ts';
import { formatIp4, maskOf, parseCidr, parseIp4, parseMac, type Ip4 } from '../net/addr.ts';
import { HOST_VETH_MAC } from '../cluster/names.ts';
import { IFINDEX, IPIP_OVERHEAD } from '../cluster/ifaces.ts';

export interface UplinkDescription {
  /** Linux name of the uplink. Default `ens160` (the seed's). */
  name?: string;
  ip: string;
  prefixLen: number;
  mac: string;
  /** Default gateway; adds `default via <gateway>` unless a default route is given. */
  gateway?: string;
  /** Default 1500. */
  mtu?: number;
}

export interface PodDescription {
  ip: string;
  /** The pod's eth0 MAC: destination MAC of frames the node delivers to the pod. */
  mac: string;
  /** Host side of the veth pair (`cali…`): the interface name used by push/pull. */
  hostVeth: string;
  name?: string;
  namespace?: string;
  /** Host veth MAC. Default ee:ee:ee:ee:ee:ee (Calico's). */
  hostMac?: string;
  /** Default: uplink MTU − 20 with a tunl0, else the uplink MTU. */
  mtu?: number;
  /** Proxy ARP on the host veth (Calico turns it on). Default true. */
  proxyArp?: boolean;
}

/** `{dst, via, dev, onlink}` (gateway or IPIP route), `{dst, dev}` (connected or cali),
 *  `{dst, type: 'blackhole' | 'unreachable'}`. `dst` is a CIDR, an address (/32) or `default`. */
export interface RouteDescription {
  dst: string;
  via?: string;
  dev?: string;
  onlink?: boolean;
  type?: 'unicast' | 'blackhole' | 'unreachable';
  metric?: number;
}

export interface NeighbourDescription {
  ip: string;
  mac: string;
  /** Name of the node that owns the address (a label for the embedder; not used by the data path). */
  node?: string;
}

export interface NodeDescription {
  name: string;
  uplink: UplinkDescription;
  /** The node's tunl0 address (Calico gives it the first address of the node's block). Absent: no IPIP. */
  tunl0?: { ip: string; mtu?: number };
  pods?: PodDescription[];
  routes?: RouteDescription[];
  neighbours?: NeighbourDescription[];
}

export interface DescribedNode {
  cluster: Cluster;
  /** Static neighbours (ip → MAC) to write into the node's NEIGH next hops. */
  neighbours: Map<Ip4, Uint8Array>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '') throw new ConfigError(field, 'must be a non-empty string', v);
  return v;
}
function ip4(v: unknown, field: string): Ip4 {
  const ip = typeof v === 'string' ? parseIp4(v) : null;
  if (ip === null) throw new ConfigError(field, 'must be a dotted-quad IPv4 address', v);
  return ip;
}
function mac(v: unknown, field: string): string {
  if (typeof v !== 'string' || parseMac(v) === null) throw new ConfigError(field, 'must be a MAC address like 00:0c:29:b1:02:f0', v);
  return v.toLowerCase();
}
function int(v: unknown, field: string, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new ConfigError(field, `must be an integer ${lo}..${hi}`, v);
  return v;
}
function list(v: unknown, field: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ConfigError(field, 'must be a list', v);
  return v;
}
function prefix(v: unknown, field: string): { dst: Ip4; len: number } {
  if (v === 'default') return { dst: 0, len: 0 };
  const text = typeof v === 'string' && !v.includes('/') ? `${v}/32` : v;
  const c = typeof text === 'string' ? parseCidr(text, false) : null;
  if (c === null) throw new ConfigError(field, 'must be a CIDR like 172.16.109.64/26, an address or "default"', v);
  return { dst: (c.base & maskOf(c.len)) >>> 0, len: c.len };
}

interface Ctx {
  uplink: string;
  subnet: { dst: Ip4; len: number };
  veths: Set<string>;
  tunl0: boolean;
}

const onSubnet = (s: { dst: Ip4; len: number }, ip: Ip4): boolean => ((ip & maskOf(s.len)) >>> 0) === s.dst;

function route(v: unknown, field: string, c: Ctx): Route {
  if (!isObject(v)) throw new ConfigError(field, 'must be an object like {dst, via, dev}', v);
  const { dst, len } = prefix(v.dst, `${field}.dst`);
  const metric = v.metric === undefined ? 0 : int(v.metric, `${field}.metric`, 0, 0xffffffff);
  const type = v.type ?? 'unicast';
  if (type === 'blackhole' || type === 'unreachable') {
    if (v.via !== undefined || v.dev !== undefined) throw new ConfigError(field, `a ${type} route has no via or dev`, v);
    return { dst, len, kind: type, metric, scope: 'global' };
  }
  if (type !== 'unicast') throw new ConfigError(`${field}.type`, 'must be unicast, blackhole or unreachable', type);
  const via = v.via === undefined ? undefined : ip4(v.via, `${field}.via`);
  let dev = v.dev === undefined ? undefined : str(v.dev, `${field}.dev`);
  if (dev === undefined) {
    if (via === undefined) throw new ConfigError(field, 'needs a dev, a via, or a type', v);
    if (!onSubnet(c.subnet, via)) throw new ConfigError(`${field}.via`, `is not on the ${c.uplink} subnet: give dev (and onlink)`, v.via);
    dev = c.uplink;
  }
  const onlink = v.onlink === undefined ? false : v.onlink;
  if (typeof onlink !== 'boolean') throw new ConfigError(`${field}.onlink`, 'must be true or false', onlink);
  if (dev === 'tunl0') {
    if (!c.tunl0) throw new ConfigError(`${field}.dev`, 'tunl0 has no address: set the node\'s tunl0.ip', dev);
    if (via === undefined || !onlink) throw new ConfigError(field, 'a route over tunl0 needs via <node ip> and onlink: true (Calico\'s IPIP routes)', v);
    return { dst, len, kind: 'onlink', gateway: via, dev, metric, scope: 'global', proto: 'bird' };
  }
  if (dev === c.uplink) {
    if (via === undefined) return { dst, len, kind: 'connected', dev, metric, scope: 'link', proto: 'kernel' };
    if (!onlink && !onSubnet(c.subnet, via)) throw new ConfigError(`${field}.via`, `is not on the ${dev} subnet (add onlink: true)`, v.via);
    return { dst, len, kind: 'gateway', gateway: via, dev, metric, scope: 'global', proto: 'static' };
  }
  if (c.veths.has(dev)) {
    if (via !== undefined) throw new ConfigError(`${field}.via`, `routes over ${dev} are scope link (no via)`, v.via);
    return { dst, len, kind: 'cali', dev, metric, scope: 'link' };
  }
  throw new ConfigError(`${field}.dev`, `is not an interface of this node (${[c.uplink, ...(c.tunl0 ? ['tunl0'] : []), ...c.veths].join(', ')})`, dev);
}

export function describeNode(desc: unknown): DescribedNode {
  if (!isObject(desc)) throw new ConfigError('node', 'must be an object {name, uplink, tunl0?, pods?, routes?, neighbours?}', desc);
  const name = str(desc.name, 'name');
  if (!isObject(desc.uplink)) throw new ConfigError('uplink', 'must be an object {ip, prefixLen, mac, gateway?}', desc.uplink);
  const u = desc.uplink;
  const uplinkName = u.name === undefined ? 'ens160' : str(u.name, 'uplink.name');
  const ip = ip4(u.ip, 'uplink.ip');
  const prefixLen = int(u.prefixLen, 'uplink.prefixLen', 1, 32);
  const uplinkMac = mac(u.mac, 'uplink.mac');
  const gateway = u.gateway === undefined ? undefined : ip4(u.gateway, 'uplink.gateway');
  const mtu = u.mtu === undefined ? 1500 : int(u.mtu, 'uplink.mtu', 576, 9216);
  const subnet = { dst: (ip & maskOf(prefixLen)) >>> 0, len: prefixLen };
  if (gateway !== undefined && !onSubnet(subnet, gateway)) throw new ConfigError('uplink.gateway', `is not on ${uplinkName}'s subnet`, u.gateway);

  let tunl0Ip: Ip4 | null = null;
  let tunl0Mtu = mtu - IPIP_OVERHEAD;
  if (desc.tunl0 !== undefined) {
    if (!isObject(desc.tunl0)) throw new ConfigError('tunl0', 'must be an object {ip, mtu?}', desc.tunl0);
    tunl0Ip = ip4(desc.tunl0.ip, 'tunl0.ip');
    if (desc.tunl0.mtu !== undefined) tunl0Mtu = int(desc.tunl0.mtu, 'tunl0.mtu', 576, mtu);
  }

  const ifaces: Iface[] = [
    { name: 'lo', ifindex: IFINDEX.lo, kind: 'loopback', mtu: 65536, mac: '00:00:00:00:00:00', proxyArp: false, addrs: [{ ip: 0x7f000001, len: 8, scope: 'host' }] },
    { name: uplinkName, ifindex: IFINDEX.uplink, kind: 'ether', mtu, mac: uplinkMac, proxyArp: false, addrs: [{ ip, len: prefixLen, scope: 'global' }] },
  ];
  if (tunl0Ip !== null) {
    ifaces.push({ name: 'tunl0', ifindex: IFINDEX.tunl0, kind: 'ipip', mtu: tunl0Mtu, mac: '', proxyArp: false, addrs: [{ ip: tunl0Ip, len: 32, scope: 'global' }] });
  }

  const pods: Pod[] = [];
  const veths = new Set<string>();
  list(desc.pods, 'pods').forEach((p, i) => {
    const f = `pods[${i}]`;
    if (!isObject(p)) throw new ConfigError(f, 'must be an object {ip, mac, hostVeth}', p);
    const hostVeth = str(p.hostVeth, `${f}.hostVeth`);
    if (hostVeth === uplinkName || hostVeth === 'tunl0' || hostVeth === 'lo' || veths.has(hostVeth)) {
      throw new ConfigError(`${f}.hostVeth`, 'must be a name no other interface of the node has', hostVeth);
    }
    veths.add(hostVeth);
    const podIp = ip4(p.ip, `${f}.ip`);
    const podMac = mac(p.mac, `${f}.mac`);
    const ifindex = IFINDEX.firstHostVeth + i;
    const proxyArp = p.proxyArp === undefined ? true : p.proxyArp;
    if (typeof proxyArp !== 'boolean') throw new ConfigError(`${f}.proxyArp`, 'must be true or false', proxyArp);
    ifaces.push({
      name: hostVeth, ifindex, kind: 'veth', addrs: [], proxyArp,
      mtu: p.mtu === undefined ? (tunl0Ip !== null ? mtu - IPIP_OVERHEAD : mtu) : int(p.mtu, `${f}.mtu`, 576, 9216),
      mac: p.hostMac === undefined ? HOST_VETH_MAC : mac(p.hostMac, `${f}.hostMac`),
    });
    pods.push({
      namespace: p.namespace === undefined ? 'default' : str(p.namespace, `${f}.namespace`),
      name: p.name === undefined ? hostVeth : str(p.name, `${f}.name`),
      node: name, nodeIndex: 0, ip: podIp, mac: podMac, hostVeth, hostVethIfindex: ifindex,
      netns: '', tools: 'busybox', ifaces: [], routes: [],
    });
  });

  const c: Ctx = { uplink: uplinkName, subnet, veths, tunl0: tunl0Ip !== null };
  const routes = list(desc.routes, 'routes').map((r, i) => route(r, `routes[${i}]`, c));
  routes.push({ dst: subnet.dst, len: subnet.len, kind: 'connected', dev: uplinkName, metric: 0, scope: 'link', proto: 'kernel', src: ip });
  if (gateway !== undefined) routes.push({ dst: 0, len: 0, kind: 'gateway', gateway, dev: uplinkName, metric: 0, scope: 'global', proto: 'static' });
  for (const p of pods) routes.push({ dst: p.ip, len: 32, kind: 'cali', dev: p.hostVeth, metric: 0, scope: 'link' });

  const neighbours = new Map<Ip4, Uint8Array>();
  list(desc.neighbours, 'neighbours').forEach((n, i) => {
    const f = `neighbours[${i}]`;
    if (!isObject(n)) throw new ConfigError(f, 'must be an object {ip, mac, node?}', n);
    const nip = ip4(n.ip, `${f}.ip`);
    if (!onSubnet(subnet, nip)) throw new ConfigError(`${f}.ip`, `is not on ${uplinkName}'s subnet (neighbours are on-link)`, n.ip);
    if (n.node !== undefined) str(n.node, `${f}.node`);
    neighbours.set(nip, parseMac(mac(n.mac, `${f}.mac`)) as Uint8Array);
    // An adjacency /32, as the kernel's neighbour entry makes one (VPP's adj-fib): the
    // builder gives it a NEIGH next hop; core.ts then writes the neighbour's MAC into it.
    routes.push({ dst: nip, len: 32, kind: 'gateway', gateway: nip, dev: uplinkName, metric: 0, scope: 'link' });
  });

  const node: ClusterNode = {
    spec: { name, iface: uplinkName, ip: u.ip as string, prefixLen, mac: uplinkMac, gateway: (u.gateway as string | undefined) ?? '' },
    role: 'node', index: 0, ip, block: null, blockPool: null, blocks: [], calicoNodePod: '', tunl0Ip, ifaces, routes, pods,
    uplinks: [{ name: uplinkName, ip, len: prefixLen, mac: uplinkMac, mtu, segment: 0 }],
  };
  const segment = { index: 0, cidr: `${formatIp4(subnet.dst)}/${subnet.len}`, base: subnet.dst, len: subnet.len,
    members: [{ host: 0, name, iface: uplinkName, uplink: 0, ip, mac: uplinkMac, mtu }] };
  const cluster: Cluster = {
    spec: { nodes: [node.spec], routers: [], pools: [], pods: [], mtu },
    nodes: [node],
    pods,
    services: [],
    segments: [segment],
    routers: [],
    nodeByName: (n) => (n === name ? node : undefined),
    hostByName: (n) => (n === name ? node : undefined),
    podByName: (n, ns) => pods.find((p) => p.name === n && (ns === undefined || p.namespace === ns)),
  };
  return { cluster, neighbours };
}
