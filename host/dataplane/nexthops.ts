// From a node's Linux view (interfaces, main-table routes, cluster neighbours) to the data
// path's FIB: a list of (prefix → next-hop index) entries and a next-hop (adjacency) table.
//
// - Routes map one to one: gateway → NEIGH (the gateway's MAC), onlink dev tunl0 →
//   ONLINK_TUNL0, connected → CONNECTED (glean), blackhole/unreachable, cali → CALI,
//   local → LOCAL. Gateway and connected routes may use any of the host's uplinks (a
//   router has several). Routes over devices the data path does not model (kube-ipvs0, lo)
//   are left out and listed in `skipped`.
// - The local table: every address of the node's interfaces is a LOCAL /32, and lo's
//   127.0.0.1/8 makes 127.0.0.0/8 LOCAL (`local 127.0.0.0/8 dev lo`).
// - Adj-fibs (VPP): each address reached through a CONNECTED route that has a known owner
//   on that uplink's L2 segment (another node, a router's interface) gets its own /32 whose
//   next hop carries the resolved MAC and the owner's port, as if its neighbour entry
//   existed (REACHABLE). Any other address in the subnet stays on the glean next hop
//   (CONNECTED): an uplink with a neighbour table ARPs for it as Linux does (an entry created
//   on first use; after the ARP timeout, host-unreachable); without one the core counts
//   DROP_NEIGH_MISS.
// - With `arp` (the simulation, the oracle: hosts that resolve their neighbours at run time),
//   every uplink's next hops are NEIGH_ARP instead: each names an entry of that uplink's own
//   neighbour table (`neighbours[j]` for uplink j, reserved in this order; the kernel keys
//   arp_tbl by (address, device), so a router's eth0 and eth1 resolve apart), which the core
//   resolves with ARP (assembly/arp/); the MAC here is only what the entry starts with when the
//   dataplane starts resolved. The default gateway, outside the cluster, stays a permanent
//   entry with its stand-in MAC.
// - ONLINK_TUNL0 next hops carry the adjacency of their gateway (tunnelNh), resolved here
//   with the same longest-prefix match the core does, so encap needs no second lookup.
// A gateway that no host of the segment owns is outside the simulated cluster: it has no
// MAC in the spec, so it gets a stable locally administered one (02:00 + its IPv4 octets)
// and dstNode EXTERNAL (what is sent to it leaves the cluster).

import type { Cluster, ClusterNode, Pod, Route } from '../cluster/types.ts';
import { portsOf, uplinkIfIndex } from './ports.ts';
import { maskOf, parseMac, type Ip4 } from '../net/addr.ts';
import {
  NHK_LOCAL, NHK_BROADCAST, NHK_CALI, NHK_ONLINK_TUNL0, NHK_NEIGH, NHK_NEIGH_ARP, NHK_CONNECTED, NHK_BLACKHOLE,
  NHK_UNREACHABLE, NODE_EXTERNAL, NH_NONE, IF_UPLINK, IF_TUNL0, IF_FIRST_CALI,
} from '../layout.ts';

export interface NextHop {
  kind: number;
  oif: number;
  gw: Ip4;
  dstNode: number;
  mac: Uint8Array; // 6 octets (zero when unused)
  /** ONLINK_TUNL0: the outer destination's next hop; NEIGH_ARP: its neighbour entry (NH_LINK). */
  tunnelNh: number;
}

export interface FibEntry {
  dst: Ip4;
  len: number;
  nh: number;
  /** Where it came from, for diagnostics: `route`, `local`, `adj`. */
  origin: string;
}

/** A neighbour entry the uplink's table reserves for a NEIGH_ARP next hop (its index in
 *  `neighbours` is that next hop's `tunnelNh`, written as NH_LINK). */
export interface ReservedNeighbour {
  ip: Ip4;
  /** The node of the cluster with this address on its uplink, or NODE_EXTERNAL. */
  owner: number;
  /** The owner's MAC, or the stand-in of an address outside the cluster. */
  mac: Uint8Array;
  /** Outside the cluster (the gateway): a permanent entry, as the oracle's VM has. */
  permanent: boolean;
}

export interface NodeFib {
  nextHops: NextHop[];
  entries: FibEntry[];
  skipped: Route[];
  /** Each uplink's reserved neighbour entries, by position in ClusterNode.uplinks (empty
   *  lists without `arp`). */
  neighbours: ReservedNeighbour[][];
}

const ZERO_MAC = new Uint8Array(6);

/** The stand-in MAC of an address outside the cluster (the default gateway). */
export function externalMac(ip: Ip4): Uint8Array {
  return Uint8Array.of(0x02, 0x00, ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255);
}

function macOf(text: string, field: string): Uint8Array {
  const m = parseMac(text);
  if (!m) throw new Error(`${field}: not a MAC address: ${JSON.stringify(text)}`);
  return m;
}

/** A MAC as one exact number (48 bits), for interning keys. */
function macKey(m: Uint8Array): number {
  return ((m[0] << 8) | m[1]) * 0x100000000 + (((m[2] << 24) | (m[3] << 16) | (m[4] << 8) | m[5]) >>> 0);
}

/** A host interface on a segment, as a neighbour: its port and (parsed on first use) its MAC. */
interface Owner {
  host: number;
  ip: Ip4;
  port: number;
  macText: string;
  mac: Uint8Array | undefined;
  field: string;
}

/** Per-cluster facts every node's FIB needs: built once, not once per node. */
interface ClusterIndex {
  hosts: number;
  /** Per segment: address → the interface that owns it. */
  owners: Map<number, Owner>[];
  /** Per segment: the owners in member order (nodes by index, then routers). */
  members: Owner[][];
}

const clusterIndexes = new WeakMap<Cluster, ClusterIndex>();

function clusterIndex(cluster: Cluster): ClusterIndex {
  let ix = clusterIndexes.get(cluster);
  const hosts = cluster.nodes.length + cluster.routers.length;
  if (ix === undefined || ix.hosts !== hosts) {
    const ports = portsOf(cluster);
    const owners: Map<number, Owner>[] = [];
    const members: Owner[][] = [];
    for (const seg of cluster.segments) {
      const m = new Map<number, Owner>();
      const list: Owner[] = [];
      for (const p of seg.members) {
        const field = p.host < cluster.nodes.length ? `nodes[${p.host}].mac` : `routers[${p.host - cluster.nodes.length}].interfaces[${p.uplink}].mac`;
        const o: Owner = { host: p.host, ip: p.ip, port: ports.of(p.host, p.uplink), macText: p.mac, mac: undefined, field };
        if (!m.has(p.ip)) m.set(p.ip, o);
        list.push(o);
      }
      owners.push(m);
      members.push(list);
    }
    ix = { hosts, owners, members };
    clusterIndexes.set(cluster, ix);
  }
  return ix;
}

export function buildNodeFib(cluster: Cluster, node: ClusterNode, caliIndex: Map<string, number>, arp = false): NodeFib {
  const nextHops: NextHop[] = [];
  const neighbours: ReservedNeighbour[][] = node.uplinks.map(() => []);
  const entries: FibEntry[] = [];
  const skipped: Route[] = [];
  // One exact-match table per prefix length present: the first route for a prefix wins (lowest
  // metric printed first), and probing them longest first is the longest-prefix match that
  // resolves adj-fibs and tunnel next hops (a linear scan would make each node O(N²)).
  const byLen: (Map<number, number> | undefined)[] = new Array(33);
  const lens: number[] = []; // present lengths, longest first
  const intern = new Map<string, number>();
  // NEIGH and ONLINK_TUNL0 next hops are defined by their gateway alone: intern them by it (one
  // per remote node) instead of by the generic key
  const neighNh = new Map<number, number>();
  const onlinkNh = new Map<number, number>();
  const pushNh = (h: NextHop): number => nextHops.push(h) - 1;
  const addNh = (h: NextHop): number => {
    const key = `${h.kind}/${h.oif}/${h.gw}/${h.dstNode}/${macKey(h.mac)}`;
    let i = intern.get(key);
    if (i === undefined) {
      i = nextHops.length;
      nextHops.push(h);
      intern.set(key, i);
    }
    return i;
  };
  const add = (dst: Ip4, len: number, nh: number, origin: string): void => {
    const d = (dst & maskOf(len)) >>> 0;
    let m = byLen[len];
    if (m === undefined) {
      m = byLen[len] = new Map();
      lens.push(len);
      lens.sort((x, y) => y - x);
    }
    if (m.has(d)) return;
    m.set(d, nh);
    entries.push({ dst: d, len, nh, origin });
  };
  const lookup = (addr: Ip4): number => {
    for (const len of lens) {
      const nh = (byLen[len] as Map<number, number>).get((addr & maskOf(len)) >>> 0);
      if (nh !== undefined) return nh;
    }
    return NH_NONE;
  };
  const simple = (kind: number, oif = IF_UPLINK): number =>
    addNh({ kind, oif, gw: 0, dstNode: NODE_EXTERNAL, mac: ZERO_MAC, tunnelNh: NH_NONE });
  const local = simple(NHK_LOCAL);
  const { owners, members } = clusterIndex(cluster);
  // the host's uplinks by name: data-path index and segment
  const uplinkIf = new Map<string, number>();
  const segmentOf = new Map<number, number>(); // data-path index → segment
  const uplinkAt = new Map<number, number>(); // data-path index → position in node.uplinks
  node.uplinks.forEach((u, j) => {
    const index = uplinkIfIndex(node, j);
    if (!uplinkIf.has(u.name)) uplinkIf.set(u.name, index);
    segmentOf.set(index, u.segment);
    uplinkAt.set(index, j);
  });
  const neighbour = (ip: Ip4, oif: number): number => {
    const key = oif * 0x100000000 + ip;
    let i = neighNh.get(key);
    if (i !== undefined) return i;
    const seg = segmentOf.get(oif);
    const owner = seg === undefined ? undefined : owners[seg]?.get(ip);
    let h: NextHop;
    if (owner && owner.host !== node.index) {
      const mac = owner.mac ?? (owner.mac = macOf(owner.macText, owner.field));
      h = { kind: NHK_NEIGH, oif, gw: ip, dstNode: owner.port, mac, tunnelNh: NH_NONE };
    } else {
      h = { kind: NHK_NEIGH, oif, gw: ip, dstNode: NODE_EXTERNAL, mac: externalMac(ip), tunnelNh: NH_NONE };
    }
    const j = uplinkAt.get(oif);
    if (arp && j !== undefined) {
      h.kind = NHK_NEIGH_ARP;
      h.tunnelNh = neighbours[j].push({ ip, owner: h.dstNode, mac: h.mac, permanent: !owner }) - 1;
    }
    i = pushNh(h);
    neighNh.set(key, i);
    return i;
  };
  const podByVeth = new Map<string, Pod>();
  for (const p of node.pods) if (!podByVeth.has(p.hostVeth)) podByVeth.set(p.hostVeth, p);

  // local table first: it is consulted before main in Linux, and a /32 wins anyway
  for (const ifc of node.ifaces) {
    for (const a of ifc.addrs) {
      if (ifc.kind === 'loopback') add(a.ip, a.len, local, 'local');
      else add(a.ip, 32, local, 'local');
    }
  }
  // fib_add_ifaddr: on an interface that is up, the broadcast address of an address's subnet
  // (prefix shorter than /31) and one given explicitly (`brd`) are RTN_BROADCAST in table local
  for (const ifc of node.ifaces) {
    const oif = uplinkIf.get(ifc.name);
    if (oif === undefined || ifc.up === false) continue;
    for (const a of ifc.addrs) {
      if (a.len < 31) add((a.ip | (0xffffffff >>> a.len)) >>> 0, 32, simple(NHK_BROADCAST, oif), 'local');
      if (a.brd !== undefined && a.brd !== 0xffffffff) add(a.brd, 32, simple(NHK_BROADCAST, oif), 'local');
    }
  }
  const routes = node.routes; // may be derived on each access (large clusters): read once
  const onlink: { gateway: Ip4; index: number }[] = [];
  for (const r of routes) {
    const oif = r.dev === undefined ? undefined : uplinkIf.get(r.dev);
    switch (r.kind) {
      case 'local':
        add(r.dst, r.len, local, 'route');
        break;
      case 'connected':
        if (oif !== undefined) add(r.dst, r.len, simple(NHK_CONNECTED, oif), 'route');
        else skipped.push(r);
        break;
      case 'gateway':
        if (oif !== undefined && r.gateway !== undefined) add(r.dst, r.len, neighbour(r.gateway, oif), 'route');
        else skipped.push(r);
        break;
      case 'onlink':
        if (r.dev === 'tunl0' && r.gateway !== undefined) {
          let index = onlinkNh.get(r.gateway);
          if (index === undefined) {
            index = pushNh({ kind: NHK_ONLINK_TUNL0, oif: IF_TUNL0, gw: r.gateway, dstNode: NODE_EXTERNAL, mac: ZERO_MAC, tunnelNh: NH_NONE });
            onlinkNh.set(r.gateway, index);
          }
          add(r.dst, r.len, index, 'route');
          onlink.push({ gateway: r.gateway, index });
        } else if (oif !== undefined && r.gateway !== undefined) add(r.dst, r.len, neighbour(r.gateway, oif), 'route');
        else skipped.push(r);
        break;
      case 'blackhole':
        add(r.dst, r.len, simple(NHK_BLACKHOLE), 'route');
        break;
      case 'unreachable':
        add(r.dst, r.len, simple(NHK_UNREACHABLE), 'route');
        break;
      case 'cali': {
        const oif = r.dev === undefined ? undefined : caliIndex.get(r.dev);
        const pod = r.dev === undefined ? undefined : podByVeth.get(r.dev);
        if (oif === undefined || pod === undefined) {
          skipped.push(r);
          break;
        }
        add(r.dst, r.len, addNh({ kind: NHK_CALI, oif, gw: 0, dstNode: node.index, mac: macOf(pod.mac, `pods[${pod.name}].mac`), tunnelNh: NH_NONE }), 'route');
        break;
      }
      default:
        skipped.push(r);
    }
  }

  // adj-fibs for known owners of addresses on the connected subnet(s). Resolved against the
  // routes alone: an adj-fib added here is a /32 of its own address, so it only changes the
  // answer for that address, which then already has its /32.
  const adj = (ip: Ip4): void => {
    const nh = lookup(ip);
    if (nh !== NH_NONE && nextHops[nh].kind === NHK_CONNECTED) add(ip, 32, neighbour(ip, nextHops[nh].oif), 'adj');
  };
  for (const u of node.uplinks) {
    for (const m of members[u.segment] ?? []) if (m.host !== node.index) adj(m.ip);
  }
  for (const r of routes) if (r.gateway !== undefined && r.dev !== undefined && uplinkIf.has(r.dev)) adj(r.gateway);

  // the outer destination of every tunnel next hop, resolved once
  for (const { gateway, index: i } of onlink) {
    const t = lookup(gateway);
    const kind = t === NH_NONE ? -1 : nextHops[t].kind;
    nextHops[i].tunnelNh = kind === NHK_NEIGH || kind === NHK_NEIGH_ARP || kind === NHK_CONNECTED ? t : NH_NONE;
  }
  return { nextHops, entries, skipped, neighbours };
}

/** Interface index of each cali, in the order of the node's pods. */
export function caliIndexes(node: ClusterNode): Map<string, number> {
  const m = new Map<string, number>();
  node.pods.forEach((p, i) => m.set(p.hostVeth, IF_FIRST_CALI + i));
  return m;
}
