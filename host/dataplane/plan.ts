// Planning a dataplane: every decision buildDataplane makes before it writes a byte. From the
// cluster model it takes each node's interfaces (MTU, MAC, ifindex, proxy ARP: the Linux view
// in host/cluster/ifaces.ts), its FIB (nexthops.ts) and the LPM capacity that FIB needs; from
// the options the workers and ring sizes; and it places everything in the memory map of
// host/layout.ts:
//
//   LAYOUT_BASE ─► global header │ node table u32[N] │ inbox table u32[ports × (workers+1)]
//               ─► node 0 region │ node 1 region │ …       (ctx, iface records, next hops,
//                                                           counters, flush list, scratch, LPM)
//               ─► node 0 rings  │ node 1 rings  │ …       (inboxes, uplink tx, cali rx/tx pairs,
//                                                           further uplinks' inboxes and tx)
//
// The "nodes" of a dataplane are its hosts: the cluster's nodes, then its routers (a router
// is a node without pods and with one uplink per segment, ports.ts).
//
// Every ring slot and scratch slot has the same size, chosen here from the largest MTU of any
// interface (slotSizeFor in layout/ring.ts: 2048 up to MTU 1966, 9088 for MTU 9000), the way
// a DPDK mempool's data room is sized for the port's largest frame.
//
// Its records are planRecords.ts; writing them is write.ts.

import type { Cluster, ClusterNode, Iface } from '../cluster/types.ts';
import { HOST_VETH_MAC } from '../cluster/names.ts';
import { IFINDEX, IPIP_OVERHEAD, hostMtu, tunl0Mtu, vethMtu } from '../cluster/ifaces.ts';
import { ConfigError } from '../errors.ts';
import { parseMac } from '../net/addr.ts';
import { lpmRegionSize } from '../engine/ts/route/lpm.ts';
import { lpmCapacityFor } from '../engine/ts/route/lpmCapacity.ts';
import * as L from '../layout.ts';
import { buildNodeFib, caliIndexes, type NodeFib } from './nexthops.ts';
import { hostsOf, portsOf, uplinkIfIndex } from './ports.ts';
import { ROUTE_CACHE_MAX_NODES } from '../cluster/build.ts';
import { ipipLoaded } from '../cluster/network.ts';
import { planIpvs } from './ipvsTables.ts';
import { KERNEL_REDIRECT_LIMIT, NEIGHBOUR_STARTS, type DataplaneOptions } from './options.ts';
import { planClasses, type ClassPlan } from './sharedFib.ts';
import type { DataplanePlan, IfacePlan, NeighPlan, NodePlan, RingPlan, UplinkPlan } from './planRecords.ts';

export const PAGE = 65536;
const MAX_BYTES = 65536 * PAGE; // wasm32: 4 GiB
const CORE_MIN_PAGES = 32; // the core's declared minimum (asconfig initialMemory)

/** Reassembly queues per host when the options name none: 8, fewer on large clusters so the
 *  dataplane's buffers stay within 1024 queues (64 MiB), and at least one each. */
export function defaultReasmQueues(hosts: number): number {
  return Math.max(1, Math.min(8, Math.floor(1024 / Math.max(1, hosts))));
}

const align = (n: number, a: number): number => Math.ceil(n / a) * a;
const isPow2 = (n: number): boolean => Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0 && n <= 1 << 24;

export function planDataplane(cluster: Cluster, opts: DataplaneOptions = {}): DataplanePlan {
  const workers = opts.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new ConfigError('workers', 'must be an integer 1..256', workers);
  const ringSlots = opts.ringSlots ?? 256;
  if (!isPow2(ringSlots)) throw new ConfigError('ringSlots', 'must be a power of two 2..2^24', ringSlots);
  const inboxSlots = opts.inboxSlots ?? ringSlots;
  if (!isPow2(inboxSlots)) throw new ConfigError('inboxSlots', 'must be a power of two 2..2^24', inboxSlots);
  const hostSlots = opts.hostSlots ?? inboxSlots;
  if (!isPow2(hostSlots)) throw new ConfigError('hostSlots', 'must be a power of two 2..2^24', hostSlots);
  const slotSize = opts.slotSize ?? defaultSlotSize(cluster);
  const floor = slotSize < L.SLOT_SIZE_MIN ? Math.min(L.SLOT_SIZE_MIN, frameSlotSize(cluster)) : L.SLOT_SIZE_MIN;
  if (!Number.isInteger(slotSize) || slotSize % L.CACHE_LINE !== 0 || slotSize < floor || slotSize > L.SLOT_SIZE_MAX) {
    throw new ConfigError('slotSize', `must be a multiple of ${L.CACHE_LINE} in ${floor}..${L.SLOT_SIZE_MAX}`, slotSize);
  }
  const ringBytes = (slots: number): number => L.RING_HDR_SIZE + slots * slotSize;
  const workerOf = opts.workerOf ?? ((n: ClusterNode) => n.index % workers);
  const start = opts.neighbours ?? 'static';
  if (!NEIGHBOUR_STARTS.includes(start)) throw new ConfigError('neighbours', `must be one of ${NEIGHBOUR_STARTS.join(', ')}`, String(start));
  const neighSpare = opts.neighSpare ?? 64;
  if (!Number.isInteger(neighSpare) || neighSpare < 0 || neighSpare > 65535) throw new ConfigError('neighSpare', 'must be an integer 0..65535', neighSpare);
  const neighQueue = opts.neighQueue ?? 32;
  if (!Number.isInteger(neighQueue) || neighQueue < 1 || neighQueue > 4096) throw new ConfigError('neighQueue', 'must be an integer 1..4096', neighQueue);
  const reasmQueues = opts.reasmQueues ?? defaultReasmQueues(hostsOf(cluster).length);
  if (!Number.isInteger(reasmQueues) || reasmQueues < 0 || reasmQueues > L.REASM_QUEUES_MAX) {
    throw new ConfigError('reasmQueues', `must be an integer 0..${L.REASM_QUEUES_MAX}`, reasmQueues);
  }
  const redirects = opts.redirects ?? KERNEL_REDIRECT_LIMIT;
  for (const k of ['number', 'loadMs', 'silenceMs'] as const) {
    const v = redirects[k];
    if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) throw new ConfigError(`redirects.${k}`, 'must be an integer 0..2147483647', v);
  }
  const inboxesPerNode = workers + 1;
  const hosts = hostsOf(cluster);
  const ports = portsOf(cluster);
  const N = hosts.length;

  // A node's FIB has a route per remote block and an adj-fib per neighbour: all of them together
  // are N² entries. Large clusters keep only each node's sizes here and rebuild its FIB when
  // writing its region, so one node's FIB is alive at a time.
  const keepFibs = N <= ROUTE_CACHE_MAX_NODES;
  const fibOf = (node: ClusterNode): NodeFib => withNeighbourMacs(buildNodeFib(cluster, node, caliIndexes(node), start !== 'static'), opts.neighbourMac);

  let at = L.LAYOUT_BASE + L.GH_SIZE;
  const nodeTable = at;
  at += align(N * 4, L.CACHE_LINE);
  const inboxTable = at;
  at += align(ports.count * inboxesPerNode * 4, L.CACHE_LINE);

  const classes = opts.shareFibs && start === 'static' ? planClasses(cluster, hosts, fibOf, at, opts.onProgress) : [];
  if (classes.length) at = classes[classes.length - 1].end;
  const classOf = new Map<number, ClassPlan>();
  for (const c of classes) for (const m of c.members) classOf.set(m.index, c);

  const nodes = hosts.map((node): NodePlan => {
    const worker = workerOf(node);
    if (!Number.isInteger(worker) || worker < 0 || worker >= workers) {
      throw new ConfigError('workerOf', `node ${node.spec.name} maps to worker ${worker}, outside 0..${workers - 1}`, worker);
    }
    const shared = classOf.get(node.index) ?? null;
    const own = shared?.own.get(node.index) ?? null;
    const fib = shared ? null : fibOf(node);
    opts.onProgress?.('plan', node.index + 1, N);
    const cap = shared ? shared.lpm : lpmCapacityFor((fib as NodeFib).entries);
    const lpmBytes = shared ? 0 : lpmRegionSize(cap.maxPlies8, cap.maxPlies4, cap.maxRules);
    if (!shared && lpmBytes === 0) throw new ConfigError(`nodes[${node.index}]`, 'route table too large for the LPM', (fib as NodeFib).entries.length);
    const nhCount = shared ? shared.nextHops.length : (fib as NodeFib).nextHops.length;
    const ifCount = L.IF_FIRST_CALI + node.pods.length + Math.max(0, node.uplinks.length - 1);
    const ctx = at;
    const ifTable = ctx + L.NODE_CTX_SIZE;
    const nhTable = shared ? shared.nhTable : ifTable + ifCount * L.IF_SIZE;
    const counters = align(ifTable + ifCount * L.IF_SIZE + (shared ? 0 : nhCount * L.NH_SIZE), 8);
    const ifCounters = counters + L.NC_COUNT * 8;
    const flushList = ifCounters + ifCount * L.IC_COUNT * 8;
    const scratch0 = align(flushList + L.FLUSH_MAX * 4, L.CACHE_LINE);
    const peers = scratch0 + 2 * slotSize;
    const lpmBase = shared ? shared.lpmBase : peers + L.PT_SIZE;
    const ownRoutes = own ? peers + L.PT_SIZE : 0;
    at = own ? align(ownRoutes + L.OWN_NH + own.size * 4, L.CACHE_LINE) : lpmBase + lpmBytes;
    const ipvs = planIpvs(cluster, node, at, opts);
    if (ipvs) at += ipvs.bytes;
    const neighs: NeighPlan[] = [];
    if (start !== 'static') {
      node.uplinks.forEach((u, j) => {
        const capacity = (fib as NodeFib).neighbours[j].length + neighSpare;
        if (capacity > 65535) throw new ConfigError('neighSpare', `node ${node.spec.name} would need ${capacity} neighbour entries on ${u.name}, over 65535`, neighSpare);
        let bucketCount = 1;
        while (bucketCount < capacity) bucketCount <<= 1;
        const table = align(at, L.CACHE_LINE);
        const buckets = table + L.NT_SIZE;
        const entries = align(buckets + bucketCount * 4, L.CACHE_LINE);
        const queue = entries + capacity * L.NE_SIZE;
        at = queue + neighQueue * slotSize;
        // each device draws its own reachable_time (neigh_parms per in_device)
        const seed = j === 0 ? opts.neighSeed?.(node) ?? nameSeed(node.spec.name) : nameSeed(`${node.spec.name}/${u.name}`);
        neighs.push({ uplink: j, iface: uplinkIfIndex(node, j), table, capacity, buckets, bucketCount, entries, queue, queueSlots: neighQueue, seed: (seed >>> 0) || 1, start });
      });
    }
    let reasm = 0;
    if (reasmQueues > 0) { // header, queue records, then the buffers (layout/reasm.ts)
      reasm = align(at, L.CACHE_LINE);
      at = reasm + L.RA_HDR_SIZE + reasmQueues * (L.RQ_SIZE + L.REASM_BUF_SIZE);
    }
    return {
      node, worker, ipIdStart: (opts.ipIdStart?.(node) ?? 0) >>> 0, fib: keepFibs ? fib : null, shared, own, ownRoutes, nhCount,
      lpm: { ...cap, bytes: lpmBytes }, ifaces: [], ctx, ifTable, nhTable, counters, ifCounters, flushList,
      scratch: [scratch0, scratch0 + slotSize], lpmBase, ipvs, neighs, reasm, reasmQueues, peers, redirects, inboxes: [], uplinkTx: 0, uplinks: [],
    };
  });

  const rings: RingPlan[] = [];
  const ring = (slots: number, kind: number): number => {
    rings.push({ addr: at, slots, kind });
    at += ringBytes(slots);
    return rings[rings.length - 1].addr;
  };
  const uplinkRings = (p: NodePlan, j: number): UplinkPlan => {
    const inboxes: number[] = [];
    for (let w = 0; w <= workers; w++) inboxes.push(w === workers ? ring(hostSlots, L.RING_KIND_EXTERNAL) : ring(inboxSlots, L.RING_KIND_INBOX));
    const txRing = ring(hostSlots, L.RING_KIND_UPLINK_TX);
    return { uplink: j, index: uplinkIfIndex(p.node, j), port: ports.of(p.node.index, j), inboxes, txRing };
  };
  for (const p of nodes) {
    const first = uplinkRings(p, 0);
    p.inboxes = first.inboxes;
    p.uplinkTx = first.txRing;
    const calis = ifacePlans(cluster, p, opts.hostWire ?? false, () => ring(ringSlots, L.RING_KIND_POD_RX), () => ring(ringSlots, L.RING_KIND_POD_TX));
    p.uplinks = [first];
    for (let j = 1; j < p.node.uplinks.length; j++) p.uplinks.push(uplinkRings(p, j));
    p.ifaces = [...calis, ...p.uplinks.slice(1).map((u) => furtherUplink(p, u, opts.hostWire ?? false))];
    const row = (port: number): number => inboxTable + port * inboxesPerNode * 4;
    p.ifaces[L.IF_UPLINK].inboxTable = row(first.port);
    for (const u of p.uplinks) p.ifaces[u.index].inboxTable = row(u.port);
  }
  // the pod directory, at most half full (podDirectory.ts), and each host's encapsulation byte
  // when the hosts are on several wires
  const pods = hosts.reduce((n, h) => n + h.pods.length, 0);
  let dirSlots = 16;
  while (dirSlots < 2 * pods) dirSlots *= 2;
  const podDir = align(at, L.CACHE_LINE);
  at = podDir + dirSlots * L.POD_DIR_ENTRY;
  const hostEncaps = hosts.some((h) => h.uplinks.length > 1) ? at : 0;
  if (hostEncaps) at += N;
  if (at > MAX_BYTES) {
    throw new ConfigError('ringSlots', `the dataplane needs ${(at / 2 ** 30).toFixed(2)} GiB, over the 4 GiB of wasm32 memory: use fewer ring slots, workers or nodes`, ringSlots);
  }
  const pages = Math.max(CORE_MIN_PAGES, Math.ceil(at / PAGE));
  return { cluster, workers, slotSize, inboxesPerNode, portCount: ports.count, nodeTable, inboxTable, nodes, classes, rings, podDir, podDirMask: dirSlots - 1, hostEncaps, totalBytes: at, pages, fibOf, onProgress: opts.onProgress };
}

/** The slot size planDataplane picks for `cluster` without a `slotSize` option. */
export function defaultSlotSize(cluster: Cluster): number {
  return L.slotSizeFor(largestMtu(cluster));
}

/** The smallest slot that carries every frame the cluster's interfaces allow (1600 bytes at MTU
 *  1500): what a benchmark whose rings would not fit the default 2048-byte slots passes as
 *  `slotSize`; no frame a host sends is over it. */
export function frameSlotSize(cluster: Cluster): number {
  return Math.ceil((L.SLOT_HEADROOM + largestMtu(cluster) + L.SLOT_FRAME_SLACK) / L.CACHE_LINE) * L.CACHE_LINE;
}

/** The largest MTU of any interface a frame of the data path crosses: the uplinks, tunl0s and
 *  cali veths (as ifacePlans picks them) and the pods' eth0 (what a pod sends into its cali);
 *  lo (65536) and dummies carry none of its frames. */
function largestMtu(cluster: Cluster): number {
  let mtu = Math.max(hostMtu(cluster.spec), vethMtu(cluster.spec), tunl0Mtu(cluster.spec));
  const carries = (f: Iface): boolean => f.kind === 'ether' || f.kind === 'ipip' || f.kind === 'veth';
  for (const n of hostsOf(cluster)) {
    for (const f of n.ifaces) if (carries(f) && f.mtu > mtu) mtu = f.mtu;
    for (const p of n.pods) for (const f of p.ifaces) if (carries(f) && f.mtu > mtu) mtu = f.mtu;
  }
  return mtu;
}

/** The data path's interfaces of a node, from its Linux interfaces: the uplink, tunl0 (down
 *  when the node has no tunl0 address) and one cali per pod, in pod order. */
function ifacePlans(cluster: Cluster, p: NodePlan, hostWire: boolean, podRx: () => number, podTx: () => number): IfacePlan[] {
  const { node } = p;
  const byName = new Map<string, Iface>();
  for (const f of node.ifaces) if (!byName.has(f.name)) byName.set(f.name, f);
  const uplink = byName.get(node.spec.iface);
  const uplinkMtu = uplink?.mtu ?? hostMtu(cluster.spec);
  const tunl = node.ifaces.find((i) => i.kind === 'ipip');
  const record = (index: number): number => p.ifTable + index * L.IF_SIZE;
  const out: IfacePlan[] = [{
    index: L.IF_UPLINK, name: node.spec.iface, ifindex: uplink?.ifindex ?? IFINDEX.uplink, kind: L.IFK_UPLINK,
    mtu: uplinkMtu, ip: node.ip, flags: L.IFF_UP | L.IFF_FORWARDING | (hostWire ? L.IFF_HOST_WIRE : 0),
    mac: macOrZero(node.spec.mac), peerMac: null, peerIp: 0, record: record(L.IF_UPLINK), rxRing: 0, txRing: p.uplinkTx,
    neigh: p.neighs[0]?.table ?? 0, inboxTable: 0,
  }, {
    index: L.IF_TUNL0, name: 'tunl0', ifindex: tunl?.ifindex ?? IFINDEX.tunl0, kind: L.IFK_TUNL,
    mtu: tunl?.mtu ?? uplinkMtu - IPIP_OVERHEAD, ip: node.tunl0Ip ?? 0,
    // a down tunl0 still exists once ipip.ko is loaded, on every host (noTunnel.ts)
    flags: (tunl && node.tunl0Ip !== null ? L.IFF_UP | L.IFF_FORWARDING : ipipLoaded(cluster) ? L.IFF_PRESENT : 0) | L.IFF_NOARP,
    mac: null, peerMac: null, peerIp: 0, record: record(L.IF_TUNL0), rxRing: 0, txRing: 0, neigh: 0, inboxTable: 0,
  }];
  node.pods.forEach((pod, i) => {
    const veth = byName.get(pod.hostVeth);
    const index = L.IF_FIRST_CALI + i;
    const rxRing = podRx();
    const txRing = podTx();
    out.push({
      index, name: pod.hostVeth, ifindex: veth?.ifindex ?? IFINDEX.firstHostVeth + i, kind: L.IFK_CALI,
      mtu: veth?.mtu ?? vethMtu(cluster.spec), ip: 0,
      flags: L.IFF_UP | L.IFF_FORWARDING | ((veth?.proxyArp ?? true) ? L.IFF_PROXY_ARP : 0),
      mac: macOrZero(veth?.mac || HOST_VETH_MAC), peerMac: macOrZero(pod.mac), peerIp: pod.ip,
      record: record(index), rxRing, txRing, neigh: 0, inboxTable: 0,
    });
  });
  return out;
}

/** A further uplink of a multi-homed host (a router's eth1…): like the first, with its own port. */
function furtherUplink(p: NodePlan, u: UplinkPlan, hostWire: boolean): IfacePlan {
  const up = p.node.uplinks[u.uplink];
  const ifc = p.node.ifaces.find((f) => f.name === up.name);
  return {
    index: u.index, name: up.name, ifindex: ifc?.ifindex ?? IFINDEX.uplink + u.uplink, kind: L.IFK_UPLINK,
    mtu: up.mtu, ip: up.ip, flags: L.IFF_UP | L.IFF_FORWARDING | (hostWire ? L.IFF_HOST_WIRE : 0),
    mac: macOrZero(up.mac), peerMac: null, peerIp: 0, record: p.ifTable + u.index * L.IF_SIZE, rxRing: 0, txRing: u.txRing, neigh: p.neighs[u.uplink]?.table ?? 0, inboxTable: 0,
  };
}

const macOrZero = (text: string): Uint8Array => parseMac(text) ?? new Uint8Array(6);

/** A stable non-zero 32-bit seed from a name (FNV-1a): xorshift32 never leaves zero. */
function nameSeed(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 0) || 1;
}

/** The FIB with the MACs the options name for its neighbours. */
function withNeighbourMacs(fib: NodeFib, neighbourMac: DataplaneOptions['neighbourMac']): NodeFib {
  if (neighbourMac) {
    for (const h of fib.nextHops) {
      const mac = h.kind === L.NHK_NEIGH || h.kind === L.NHK_NEIGH_ARP ? neighbourMac(h.gw) : undefined;
      if (mac !== undefined) h.mac = mac;
    }
    for (const n of fib.neighbours.flat()) {
      const mac = neighbourMac(n.ip);
      if (mac !== undefined) n.mac = mac;
    }
  }
  return fib;
}
