// The cluster model → the shell commands that build it in the VM with network namespaces, the
// way the real components program a node:
//   - NetworkManager: the uplink address `noprefixroute`, then its own subnet and default routes;
//   - calico-node: tunl0 up with the model's MTU and the block's first address /32;
//   - BIRD: the block routes (`proto bird`: onlink via tunl0, or via the uplink) and the blackhole;
//   - the Calico CNI plugin: the veth pair (cali… ee:ee:ee:ee:ee:ee / eth0 with the pod's MAC),
//     eth0 /32, `169.254.1.1 dev eth0 scope link`, `default via 169.254.1.1`;
//   - Felix (endpoint manager `configureInterface`, route table `addStaticARPEntry`): the per-cali
//     sysctls and the workload route with a permanent neighbour entry.
// Every route is written from the model's own table (host/cluster/routes.ts), in its order.
//
// The wire: one bridge per L2 segment (Cluster.segments: a subnet and the host interfaces on
// it) in a `lan<k>` namespace, each uplink a veth whose peer (`u<host index>`, `u<host>x<j>`
// for a router's further interfaces) is a port of that bridge. The bridge does not flood
// unknown unicast and knows every member's MAC statically, so a frame reaches exactly the
// interface it is addressed to (or every one of its segment, when broadcast), as in the
// simulator, whose wire hands a frame to the owner of its destination MAC on its segment.
// Replayed "uplink" frames are sent from the port side (tcpreplay on u<k>), so they reach that
// node's uplink only.
//
// Routers (Cluster.routers): a namespace each (`n<host index>`, after the nodes), ip_forward=1,
// one interface per segment with the model's MAC, MTU and address (the kernel adds the
// connected routes, `proto kernel scope link src`), then the model's other routes (static,
// learned pod blocks). They resolve their neighbours by ARP, as Linux routers do.
//
// Device order matters: ipip.ko is loaded after every uplink exists, so a node lists lo, uplink,
// tunl0, as the seed's hosts do. An ICMP error leaving through a cali (no address) takes its
// source from the first device with a usable address in that order (`icmp_send` →
// `inet_select_addr`), i.e. the uplink address.

import type { Cluster, ClusterNode, Pod, Route } from '../host/cluster/types.ts';
import { externalMac } from '../host/dataplane/nexthops.ts';
import { ipipLoaded } from '../host/cluster/network.ts';
import { formatIp4, formatMac, parseIp4 } from '../host/net/addr.ts';

/** Names of the namespaces the oracle creates for a cluster. */
export interface Netns {
  node: (n: ClusterNode) => string;
  pod: (p: Pod) => string;
  lan: (k: number) => string;
}

export const NETNS: Netns = {
  node: (n) => `n${n.index}`,
  pod: (p) => `p-${p.hostVeth}`,
  lan: (k) => `lan${k}`,
};


/** The bridge port (in the lan namespace) that is the other end of host `host`'s uplink `j`. */
export const hostPort = (host: number, j: number): string => (j === 0 ? `u${host}` : `u${host}x${j}`);

/** The bridge port of node `n`'s uplink. */
export const uplinkPort = (n: ClusterNode): string => hostPort(n.index, 0);

export interface Segment {
  index: number;
  subnet: string;
  nodes: ClusterNode[];
}

/** The model's L2 segments with the nodes on each (replay injects at nodes). */
export function segments(cluster: Cluster): Segment[] {
  return cluster.segments.map((s) => ({ index: s.index, subnet: s.cidr, nodes: s.members.filter((m) => m.host < cluster.nodes.length).map((m) => cluster.nodes[m.host]) }));
}

/** Every host of the cluster: its nodes, then its routers. */
const hostsOf = (cluster: Cluster): ClusterNode[] => [...cluster.nodes, ...cluster.routers];

const cidr = (r: Route): string => (r.len === 0 ? 'default' : `${formatIp4(r.dst)}/${r.len}`);

/** `ip route add` arguments for one route of the model, or null for the kernel's own. */
export function routeArgs(r: Route): string | null {
  const proto = r.proto ? ` proto ${r.proto}` : '';
  const metric = r.metric ? ` metric ${r.metric}` : '';
  switch (r.kind) {
    case 'local':
      return null; // the kernel adds local routes with the addresses
    case 'connected':
      return `${cidr(r)} dev ${r.dev}${proto} scope link${r.src !== undefined ? ` src ${formatIp4(r.src)}` : ''}${metric}`;
    case 'gateway':
      return `${cidr(r)} via ${formatIp4(r.gateway!)} dev ${r.dev}${proto}${metric}`;
    case 'onlink':
      return `${cidr(r)} via ${formatIp4(r.gateway!)} dev ${r.dev}${proto} onlink${metric}`;
    case 'blackhole':
      return `blackhole ${cidr(r)}${proto}${metric}`;
    case 'unreachable':
      return `unreachable ${cidr(r)}${proto}${metric}`;
    case 'cali':
      return `${cidr(r)} dev ${r.dev}${proto} scope link${metric}`;
  }
}

/** Whether a host interface of node `n`'s segment (a router's, another node's) has address `ip`. */
export function ownedOnSegment(cluster: Cluster, n: ClusterNode, ip: number): boolean {
  const seg = cluster.segments[n.uplinks[0]?.segment ?? -1];
  return seg !== undefined && seg.members.some((m) => m.ip === ip && m.host !== n.index);
}

/** Shell lines (busybox sh, helpers from vmscript.ts) that build `cluster` in the VM. */
export function topologyScript(cluster: Cluster): string {
  const L: string[] = [];
  const sh = (s: string): number => L.push(s);
  const segs = cluster.segments;
  sh('# ---- namespaces, the wire (a bridge per L2 segment), the uplinks');
  sh('insmod /lib/modules/veth.ko; insmod /lib/modules/llc.ko; insmod /lib/modules/stp.ko; insmod /lib/modules/bridge.ko');
  for (const s of segs) {
    const lan = NETNS.lan(s.index);
    sh(`x ip netns add ${lan}   # segment ${s.cidr}`);
    sh(`x ip -n ${lan} link set lo up`);
    sh(`x ip -n ${lan} link add br0 type bridge stp_state 0 forward_delay 0`);
  }
  const hosts = hostsOf(cluster);
  for (const n of hosts) sh(`x ip netns add ${NETNS.node(n)}   # ${n.role === 'router' ? 'router ' : ''}${n.spec.name}`);
  for (const s of cluster.segments) {
    const lan = NETNS.lan(s.index);
    for (const m of s.members) {
      const n = hosts[m.host];
      const up = n.ifaces.find((f) => f.name === m.iface)!;
      const ns = NETNS.node(n);
      const port = hostPort(m.host, m.uplink);
      sh(`x ip link add ${port} netns ${lan} mtu ${up.mtu} type veth peer name ${up.name} netns ${ns} address ${up.mac} mtu ${up.mtu}`);
      sh(`x ip -n ${lan} link set ${port} master br0`);
      // unknown unicast is not flooded: a frame for a MAC no host has leaves nowhere, as in the
      // simulator, where it leaves the cluster on the sender's uplink
      sh(`x bridge -n ${lan} link set dev ${port} flood off`);
      sh(`x bridge -n ${lan} fdb add ${up.mac} dev ${port} master static`);
      sh(`x ip -n ${lan} link set ${port} up`);
    }
    sh(`x ip -n ${lan} link set br0 up`);
  }
  for (const n of cluster.nodes) {
    const ns = NETNS.node(n);
    const up = n.ifaces.find((f) => f.name === n.spec.iface)!;
    sh(`# ---- node ${n.spec.name}`);
    sh(`nodesysctls ${ns}`);
    sh(`x ip -n ${ns} link set lo up`);
    for (const a of up.addrs) {
      sh(`x ip -n ${ns} addr add ${formatIp4(a.ip)}/${a.len}${a.brd !== undefined ? ` brd ${formatIp4(a.brd)}` : ''} dev ${up.name}${a.noprefixroute ? ' noprefixroute' : ''}`);
    }
    sh(`x ip -n ${ns} link set ${up.name} up`);
  }
  for (const r of cluster.routers) {
    const ns = NETNS.node(r);
    sh(`# ---- router ${r.spec.name}: ip_forward=1, an interface per segment`);
    sh(`nodesysctls ${ns}`);
    sh(`x ip -n ${ns} link set lo up`);
    for (const f of r.ifaces) {
      if (f.kind !== 'ether') continue;
      for (const a of f.addrs) sh(`x ip -n ${ns} addr add ${formatIp4(a.ip)}/${a.len}${a.brd !== undefined ? ` brd ${formatIp4(a.brd)}` : ''} dev ${f.name}`);
      sh(`x ip -n ${ns} link set ${f.name} up`);
    }
  }
  if (ipipLoaded(cluster)) {
    sh('# ---- ipip.ko after the uplinks: every namespace gets its fallback tunl0 (lo, uplink, tunl0)');
    sh('insmod /lib/modules/tunnel4.ko; insmod /lib/modules/ip_tunnel.ko; insmod /lib/modules/ipip.ko');
  }
  const dummy = cluster.nodes.some((n) => n.ifaces.some((f) => f.kind === 'dummy' && f.addrs.length > 0));
  if (dummy) sh('insmod /lib/modules/dummy.ko');
  for (const n of cluster.nodes) {
    const ns = NETNS.node(n);
    for (const f of n.ifaces) {
      if (f.kind === 'ipip') {
        sh(`x ip -n ${ns} link set tunl0 mtu ${f.mtu} up`);
        for (const a of f.addrs) sh(`x ip -n ${ns} addr add ${formatIp4(a.ip)}/${a.len} dev tunl0`);
      } else if (f.kind === 'dummy' && f.addrs.length > 0) {
        // kube-proxy (IPVS mode): service IPs on a dummy that stays down; they are still local
        // addresses (`fib_add_ifaddr` adds the local route whatever the device state)
        sh(`x ip -n ${ns} link add ${f.name} address ${f.mac} type dummy`);
        for (const a of f.addrs) sh(`x ip -n ${ns} addr add ${formatIp4(a.ip)}/${a.len} dev ${f.name}`);
      }
    }
  }
  for (const p of cluster.pods) {
    const node = cluster.nodes[p.nodeIndex];
    const ns = NETNS.node(node);
    const pns = NETNS.pod(p);
    const cali = node.ifaces.find((f) => f.name === p.hostVeth)!;
    const eth0 = p.ifaces.find((f) => f.name === 'eth0')!;
    sh(`# ---- pod ${p.namespace}/${p.name} on ${node.spec.name}`);
    sh(`x ip netns add ${pns}`);
    sh(`podsysctls ${pns}`);
    sh(`x ip link add ${cali.name} netns ${ns} address ${cali.mac} mtu ${cali.mtu} type veth peer name eth0 netns ${pns} address ${eth0.mac} mtu ${eth0.mtu}`);
    sh(`x ip -n ${pns} link set lo up`);
    for (const a of eth0.addrs) sh(`x ip -n ${pns} addr add ${formatIp4(a.ip)}/${a.len} dev eth0`);
    sh(`x ip -n ${pns} link set eth0 up`);
    // the pod's table, link route before the default that uses it
    for (const r of [...p.routes].sort((a, b) => b.len - a.len)) {
      const args = routeArgs(r);
      if (args) sh(`x ip -n ${pns} route add ${args}`);
    }
    sh(`felix ${ns} ${cali.name}`);
    sh(`x ip -n ${ns} link set ${cali.name} up`);
  }
  for (const n of cluster.nodes) {
    const ns = NETNS.node(n);
    sh(`# ---- routes of ${n.spec.name} (host/cluster/routes.ts)`);
    // routes whose gateway needs another route to be reachable come last (the kernel refuses
    // `via` a gateway it cannot reach: the uplink address is noprefixroute)
    const later = (r: Route): number => (r.kind === 'gateway' || r.kind === 'onlink' ? 1 : 0);
    for (const r of [...n.routes].sort((a, b) => later(a) - later(b))) {
      const args = routeArgs(r);
      if (args) sh(`x ip -n ${ns} route add ${args}`);
    }
    for (const p of n.pods) sh(`x ip -n ${ns} neigh replace ${formatIp4(p.ip)} dev ${p.hostVeth} lladdr ${p.mac} nud permanent   # Felix addStaticARPEntry`);
    // A gateway outside the simulated cluster: the simulator gives it a static neighbour
    // (host/dataplane/nexthops.ts externalMac). The same static entry here stands in for the
    // gateway host, so what leaves towards it is addressed alike and no one answers it. A
    // gateway that is a cluster router's interface is resolved by ARP, on both sides.
    const gw = parseIp4(n.spec.gateway)!;
    if (!ownedOnSegment(cluster, n, gw)) {
      sh(`x ip -n ${ns} neigh replace ${n.spec.gateway} dev ${n.spec.iface} lladdr ${formatMac(externalMac(gw))} nud permanent   # stand-in for the gateway outside the cluster`);
    }
  }
  for (const r of cluster.routers) {
    sh(`# ---- routes of router ${r.spec.name} (host/cluster/network.ts): the connected ones are the kernel's`);
    const pinned = new Set<number>();
    for (const rt of r.routes) {
      const args = rt.kind === 'connected' ? null : routeArgs(rt);
      if (args) sh(`x ip -n ${NETNS.node(r)} route add ${args}`);
      // a gateway no host of that segment has is outside the cluster: the stand-in entry, as for the nodes
      const up = r.uplinks.find((u) => u.name === rt.dev);
      const gw = rt.gateway;
      if (rt.kind === 'gateway' && gw !== undefined && up && !pinned.has(gw) && !cluster.segments[up.segment].members.some((m) => m.ip === gw)) {
        pinned.add(gw);
        sh(`x ip -n ${NETNS.node(r)} neigh replace ${formatIp4(gw)} dev ${up.name} lladdr ${formatMac(externalMac(gw))} nud permanent   # stand-in for a gateway outside the cluster`);
      }
    }
  }
  return L.join('\n') + '\n';
}
