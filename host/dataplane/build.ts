// buildDataplane: lay a Cluster out in one shared WebAssembly.Memory following
// assembly/layout.ts (host/layout.ts): global header, node table, inbox table, one region
// per node (context, interfaces, next hops, counters, flush list, scratch slots, LPM) and
// the rings. Sized exactly, up front (initial = maximum pages), never grown.
//
// Usable single-threaded (tests, the ping CLI: build, push frames, step nodes, read rings)
// and by a worker runtime (pass `memory` and the node pointers to the workers; every worker
// instantiates the core on the same memory and steps the nodes whose `worker` is its index).

import type { Cluster, ClusterNode, Iface } from '../cluster/types.ts';
import { ConfigError } from '../errors.ts';
import { parseMac } from '../net/addr.ts';
import { Mem } from './mem.ts';
import type { DataplaneMemory } from './engines.ts';
import { lpmRegionSize, lpmInit, lpmAdd } from '../engine/ts/route/lpm.ts';
import { lpmCapacityFor } from '../engine/ts/route/lpmCapacity.ts';
import * as L from '../layout.ts';
import { buildNodeFib, caliIndexes, type NodeFib } from './nexthops.ts';
import { ROUTE_CACHE_MAX_NODES } from '../cluster/build.ts';

export interface DataplaneOptions {
  /** Worker threads that will step nodes (1 = single-threaded). Default 1. */
  workers?: number;
  /** Worker of each node; default round robin (node index % workers). */
  workerOf?: (node: ClusterNode) => number;
  /** Slots in each pod ring (cali rx and cali tx), a power of two ≥ 2. Default 256. */
  ringSlots?: number;
  /** Slots in each inbox ring (ens160 rx, one per producing worker + the external one). Default ringSlots. */
  inboxSlots?: number;
  /** First value of each node's IP ID sequence (outer IPIP IDs, ICMP errors, echo replies). Default 0. */
  ipIdStart?: (node: ClusterNode) => number;
  /** The host carries every wire frame, also between nodes of this dataplane (the simulation,
   *  with its wire latency): every uplink transmits into its tx ring only. Default false:
   *  frames for a node of the dataplane go straight into its inbox. */
  hostWire?: boolean;
}

export interface IfaceInfo {
  index: number; // data-path interface index (0 ens160, 1 tunl0, 2.. cali)
  name: string; // Linux name
  ifindex: number; // Linux ifindex (what `ip addr` prints)
  record: number; // address of the interface record
  rxRing: number; // 0 for ens160 (its rx rings are the inboxes) and tunl0
  txRing: number; // ens160: the uplink tx ring (frames leaving the dataplane); 0 for tunl0
}

export interface PodPort {
  namespace: string;
  name: string;
  ip: number;
  mac: string;
  iface: number; // the cali's data-path index on its node
  /** pod → host: push the pod's frames here. */
  rxRing: number;
  /** host → pod: frames the node delivered to the pod appear here. */
  txRing: number;
}

export interface NodeInfo {
  index: number;
  name: string;
  worker: number;
  ctx: number; // node context address: the argument of step()
  ifaces: IfaceInfo[];
  pods: PodPort[];
  /** inbox[w] for producing worker w; inboxes[workers] is the external (host-fed) inbox. */
  inboxes: number[];
  externalInbox: number;
  /** ens160's tx ring: what the node sends on the wire beyond the dataplane (all of its wire
   *  frames with `hostWire`); the host drains it. */
  uplinkTx: number;
  fib: NodeFib;
}

export interface Dataplane extends DataplaneMemory {
  cluster: Cluster;
  workers: number;
  totalBytes: number;
  nodes: NodeInfo[];
}

const PAGE = 65536;
const MAX_BYTES = 65536 * PAGE; // wasm32: 4 GiB
const CORE_MIN_PAGES = 32; // the core's declared minimum (asconfig initialMemory)

const align = (n: number, a: number): number => Math.ceil(n / a) * a;
const isPow2 = (n: number): boolean => Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0 && n <= 1 << 24;

interface NodePlan {
  node: ClusterNode;
  /** Kept for small clusters; large ones derive it again when writing (see ROUTE_CACHE_MAX_NODES). */
  fib: NodeFib | null;
  nhCount: number;
  ifCount: number;
  cap: { maxPlies8: number; maxPlies4: number; maxRules: number };
  lpmBytes: number;
  regionBytes: number;
}

export function buildDataplane(cluster: Cluster, opts: DataplaneOptions = {}): Dataplane {
  const workers = opts.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new ConfigError('workers', 'must be an integer 1..256', workers);
  const ringSlots = opts.ringSlots ?? 256;
  if (!isPow2(ringSlots)) throw new ConfigError('ringSlots', 'must be a power of two 2..2^24', ringSlots);
  const inboxSlots = opts.inboxSlots ?? ringSlots;
  if (!isPow2(inboxSlots)) throw new ConfigError('inboxSlots', 'must be a power of two 2..2^24', inboxSlots);
  const workerOf = opts.workerOf ?? ((n: ClusterNode) => n.index % workers);
  const inboxesPerNode = workers + 1;
  const N = cluster.nodes.length;

  // ── plan sizes ──
  // A node's FIB has a route per remote block and an adj-fib per neighbour: all of them together
  // are N² entries. Large clusters keep only each node's sizes here and rebuild its FIB when
  // writing its region, so one node's FIB is alive at a time.
  const keepFibs = N <= ROUTE_CACHE_MAX_NODES;
  const fibOf = (node: ClusterNode): NodeFib => buildNodeFib(cluster, node, caliIndexes(node));
  const plans: NodePlan[] = cluster.nodes.map((node) => {
    const fib = fibOf(node);
    const cap = lpmCapacityFor(fib.entries);
    const lpmBytes = lpmRegionSize(cap.maxPlies8, cap.maxPlies4, cap.maxRules);
    if (lpmBytes === 0) throw new ConfigError(`nodes[${node.index}]`, 'route table too large for the LPM', fib.entries.length);
    const ifCount = L.IF_FIRST_CALI + node.pods.length;
    const fixed = align(L.NODE_CTX_SIZE + ifCount * L.IF_SIZE + fib.nextHops.length * L.NH_SIZE
      + L.NC_COUNT * 8 + ifCount * L.IC_COUNT * 8 + L.FLUSH_MAX * 4, L.CACHE_LINE);
    return { node, fib: keepFibs ? fib : null, nhCount: fib.nextHops.length, ifCount, cap, lpmBytes, regionBytes: fixed + 2 * L.SLOT_SIZE + lpmBytes };
  });
  const ringBytes = (slots: number): number => L.RING_HDR_SIZE + slots * L.SLOT_SIZE;
  let total = L.LAYOUT_BASE + L.GH_SIZE + align(N * 4, L.CACHE_LINE) + align(N * inboxesPerNode * 4, L.CACHE_LINE);
  for (const p of plans) total += p.regionBytes + (inboxesPerNode + 1) * ringBytes(inboxSlots) + 2 * p.node.pods.length * ringBytes(ringSlots);
  if (total > MAX_BYTES) {
    throw new ConfigError('ringSlots', `the dataplane needs ${(total / 2 ** 30).toFixed(2)} GiB, over the 4 GiB of wasm32 memory: use fewer ring slots, workers or nodes`, ringSlots);
  }
  const pages = Math.max(CORE_MIN_PAGES, Math.ceil(total / PAGE));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const mem = new Mem(memory.buffer);
  const u32 = mem.u32;
  const put = (addr: number, v: number): void => { u32[addr >>> 2] = v >>> 0; };

  // ── global header, node table, inbox table ──
  let at = L.LAYOUT_BASE;
  const gh = at;
  at += L.GH_SIZE;
  const nodeTable = at;
  at += align(N * 4, L.CACHE_LINE);
  const inboxTable = at;
  at += align(N * inboxesPerNode * 4, L.CACHE_LINE);
  put(gh + L.GH_MAGIC, L.LAYOUT_MAGIC);
  put(gh + L.GH_VERSION, L.LAYOUT_VERSION);
  put(gh + L.GH_TOTAL_BYTES, pages * PAGE >= 2 ** 32 ? 0xffffffff : pages * PAGE);
  put(gh + L.GH_NODE_COUNT, N);
  put(gh + L.GH_WORKERS, workers);
  put(gh + L.GH_INBOXES_PER_NODE, inboxesPerNode);
  put(gh + L.GH_NODE_TABLE, nodeTable);
  put(gh + L.GH_INBOX_TABLE, inboxTable);

  let ringId = 0;
  const makeRing = (slots: number, kind: number): number => {
    const r = at;
    at += ringBytes(slots);
    put(r + L.RING_SLOT_COUNT, slots);
    put(r + L.RING_MASK, slots - 1);
    put(r + L.RING_SLOTS, r + L.RING_HDR_SIZE);
    put(r + L.RING_ID, ringId++);
    put(r + L.RING_KIND, kind);
    return r;
  };

  // ── node regions ──
  const nodes: NodeInfo[] = [];
  const ctxOf: number[] = [];
  for (const p of plans) {
    const { node, ifCount } = p;
    const fib = p.fib ?? fibOf(node);
    if (fib.nextHops.length !== p.nhCount) throw new Error(`internal: node ${node.spec.name} FIB changed between planning and writing`);
    p.fib = null;
    const worker = workerOf(node);
    if (!Number.isInteger(worker) || worker < 0 || worker >= workers) {
      throw new ConfigError('workerOf', `node ${node.spec.name} maps to worker ${worker}, outside 0..${workers - 1}`, worker);
    }
    const ctx = at;
    const ifTable = ctx + L.NODE_CTX_SIZE;
    const nhTable = ifTable + ifCount * L.IF_SIZE;
    const counters = align(nhTable + fib.nextHops.length * L.NH_SIZE, 8);
    const ifCounters = counters + L.NC_COUNT * 8;
    const flushList = ifCounters + ifCount * L.IC_COUNT * 8;
    const scratch0 = align(flushList + L.FLUSH_MAX * 4, L.CACHE_LINE);
    const scratch1 = scratch0 + L.SLOT_SIZE;
    const lpmBase = scratch1 + L.SLOT_SIZE;
    at = lpmBase + p.lpmBytes;
    ctxOf.push(ctx);
    put(nodeTable + node.index * 4, ctx);
    put(ctx + L.NODE_ID, node.index);
    put(ctx + L.NODE_WORKER, worker);
    put(ctx + L.NODE_IP, node.ip);
    put(ctx + L.NODE_TUNL0_IP, node.tunl0Ip ?? 0);
    put(ctx + L.NODE_IF_TABLE, ifTable);
    put(ctx + L.NODE_IF_COUNT, ifCount);
    put(ctx + L.NODE_LPM_BASE, lpmBase);
    put(ctx + L.NODE_NH_TABLE, nhTable);
    put(ctx + L.NODE_NH_COUNT, fib.nextHops.length);
    put(ctx + L.NODE_COUNTERS, counters);
    put(ctx + L.NODE_IF_COUNTERS, ifCounters);
    put(ctx + L.NODE_IP_ID_SEQ, (opts.ipIdStart?.(node) ?? 0) >>> 0);
    put(ctx + L.NODE_FLUSH_LIST, flushList);
    put(ctx + L.NODE_SCRATCH0, scratch0);
    put(ctx + L.NODE_SCRATCH1, scratch1);

    // next hops
    // 16-byte records: gw shares bytes with the MAC and tunnelNh with dstNode (layout.ts)
    fib.nextHops.forEach((h, i) => {
      const r = nhTable + i * L.NH_SIZE;
      if (h.oif > L.NH_OIF_MAX) throw new Error(`node ${node.spec.name}: interface ${h.oif} does not fit a next hop's u16 oif`);
      mem.u8[r + L.NH_KIND] = h.kind;
      mem.u16[(r + L.NH_OIF) >>> 1] = h.oif;
      if (h.kind === L.NHK_ONLINK_TUNL0) {
        put(r + L.NH_GW, h.gw);
        put(r + L.NH_TUNNEL_NH, h.tunnelNh);
      } else {
        mem.u8.set(h.mac, r + L.NH_DST_MAC);
        put(r + L.NH_DST_NODE, h.dstNode);
      }
    });
    // LPM
    lpmInit(mem, lpmBase, p.cap.maxPlies8, p.cap.maxPlies4, p.cap.maxRules);
    for (const e of fib.entries) {
      const rc = lpmAdd(mem, lpmBase, e.dst, e.len, e.nh);
      if (rc !== 0) throw new Error(`LPM add failed (${rc}) for node ${node.spec.name} entry ${e.dst}/${e.len}`);
    }
    nodes.push(nodeInfo(node.index, node.spec.name, worker, ctx, keepFibs ? fib : null, () => fibOf(node)));
  }

  // ── rings and interface records ──
  for (const p of plans) {
    const { node, ifCount } = p;
    const info = nodes[node.index];
    const ctx = info.ctx;
    const ifTable = u32[(ctx + L.NODE_IF_TABLE) >>> 2];
    const ifCounters = u32[(ctx + L.NODE_IF_COUNTERS) >>> 2];
    const inboxes: number[] = [];
    for (let w = 0; w <= workers; w++) {
      const r = makeRing(inboxSlots, w === workers ? L.RING_KIND_EXTERNAL : L.RING_KIND_INBOX);
      inboxes.push(r);
      put(inboxTable + (node.index * inboxesPerNode + w) * 4, r);
    }
    put(ctx + L.NODE_INBOX_TABLE, inboxTable + node.index * inboxesPerNode * 4);
    put(ctx + L.NODE_INBOX_COUNT, inboxesPerNode);
    info.inboxes = inboxes;
    info.externalInbox = inboxes[workers];
    info.uplinkTx = makeRing(inboxSlots, L.RING_KIND_UPLINK_TX);

    const ifaceByName = new Map<string, Iface>();
    for (const f of node.ifaces) if (!ifaceByName.has(f.name)) ifaceByName.set(f.name, f);
    const uplink = ifaceByName.get(node.spec.iface);
    const tunl = node.ifaces.find((i) => i.kind === 'ipip');
    const writeIf = (index: number, kind: number, mtu: number, ip: number, flags: number, mac: string, peerMac: string, peerIp: number, rx: number, tx: number, ifindex: number, name: string): void => {
      const r = ifTable + index * L.IF_SIZE;
      put(r + L.IF_KIND, kind);
      put(r + L.IF_MTU, mtu);
      put(r + L.IF_IP, ip);
      put(r + L.IF_FLAGS, flags);
      if (mac) mem.u8.set(parseMac(mac) ?? new Uint8Array(6), r + L.IF_MAC);
      if (peerMac) mem.u8.set(parseMac(peerMac) ?? new Uint8Array(6), r + L.IF_PEER_MAC);
      put(r + L.IF_PEER_IP, peerIp);
      put(r + L.IF_RX_RING, rx);
      put(r + L.IF_TX_RING, tx);
      put(r + L.IF_COUNTERS, ifCounters + index * L.IC_COUNT * 8);
      put(r + L.IF_IFINDEX, ifindex);
      info.ifaces.push({ index, name, ifindex, record: r, rxRing: rx, txRing: tx });
    };
    writeIf(L.IF_UPLINK, L.IFK_UPLINK, uplink?.mtu ?? cluster.spec.mtu ?? 1500, node.ip,
      L.IFF_UP | L.IFF_FORWARDING | (opts.hostWire ? L.IFF_HOST_WIRE : 0), node.spec.mac, '', 0, 0, info.uplinkTx, uplink?.ifindex ?? 2, node.spec.iface);
    writeIf(L.IF_TUNL0, L.IFK_TUNL, tunl?.mtu ?? (uplink?.mtu ?? 1500) - 20, node.tunl0Ip ?? 0,
      (tunl && node.tunl0Ip !== null ? L.IFF_UP | L.IFF_FORWARDING : 0) | L.IFF_NOARP, '', '', 0, 0, 0, tunl?.ifindex ?? 3, 'tunl0');
    node.pods.forEach((pod, i) => {
      const veth = ifaceByName.get(pod.hostVeth);
      const rx = makeRing(ringSlots, L.RING_KIND_POD_RX);
      const tx = makeRing(ringSlots, L.RING_KIND_POD_TX);
      const flags = L.IFF_UP | L.IFF_FORWARDING | (veth?.proxyArp ?? true ? L.IFF_PROXY_ARP : 0);
      const index = L.IF_FIRST_CALI + i;
      writeIf(index, L.IFK_CALI, veth?.mtu ?? 1480, 0, flags, veth?.mac || 'ee:ee:ee:ee:ee:ee', pod.mac, pod.ip, rx, tx, veth?.ifindex ?? 7 + i, pod.hostVeth);
      info.pods.push({ namespace: pod.namespace, name: pod.name, ip: pod.ip, mac: pod.mac, iface: index, rxRing: rx, txRing: tx });
    });
    if (info.ifaces.length !== ifCount) throw new Error('internal: interface count mismatch');
  }
  if (at > pages * PAGE) throw new Error(`internal: layout overran its plan (${at} > ${pages * PAGE})`);
  return { memory, mem, ctxs: Uint32Array.from(ctxOf), cluster, workers, totalBytes: at, nodes };
}

/** A NodeInfo whose `fib` (the builder's view of the node's FIB: diagnostics, the embedding API)
 *  is derived on first read when the builder did not keep it, then kept. */
function nodeInfo(index: number, name: string, worker: number, ctx: number, fib: NodeFib | null, derive: () => NodeFib): NodeInfo {
  let kept = fib;
  const info = { index, name, worker, ctx, ifaces: [], pods: [], inboxes: [], externalInbox: 0, uplinkTx: 0 } as unknown as NodeInfo;
  Object.defineProperty(info, 'fib', {
    enumerable: true,
    configurable: true,
    get: (): NodeFib => kept ?? (kept = derive()),
    set: (v: NodeFib) => { kept = v; },
  });
  return info;
}
