// Writing a planned dataplane (plan.ts) into a fresh shared WebAssembly.Memory: the global
// header and its tables, each node's context, interface records, next hops and LPM, and
// every ring's header. Only stores here: every size, address and value was decided by the
// plan. The memory is sized exactly (initial = maximum pages) and never grown.
import * as L from '../layout.ts';
import { lpmInit, lpmAdd } from '../engine/ts/route/lpm.ts';
import { Mem } from './mem.ts';
import type { FibEntry, NextHop, NodeFib, ReservedNeighbour } from './nexthops.ts';
import { writeIpvs } from './ipvsTables.ts';
import { writePodDirectory } from './podDirectory.ts';
import { PAGE } from './plan.ts';
import type { DataplanePlan, IfacePlan, NeighPlan, NodePlan, RingPlan } from './planRecords.ts';

export function writePlan(plan: DataplanePlan): { memory: WebAssembly.Memory; mem: Mem } {
  const memory = new WebAssembly.Memory({ initial: plan.pages, maximum: plan.pages, shared: true });
  const mem = new Mem(memory.buffer);
  writeHeader(mem, plan);
  for (const c of plan.classes) {
    writeNextHops(mem, c.nhTable, c.nextHops, c.members[0].spec.name);
    writeLpm(mem, c.lpmBase, c.lpm, c.entries, c.members[0].spec.name);
  }
  for (const p of plan.nodes) {
    plan.onProgress?.('write', p.node.index + 1, plan.nodes.length);
    const fib = p.shared ? null : p.fib ?? plan.fibOf(p.node);
    if (fib && fib.nextHops.length !== p.nhCount) throw new Error(`internal: node ${p.node.spec.name} FIB changed between planning and writing`);
    p.fib = null; // kept (small clusters) by the NodeInfo from here on
    writeNode(mem, plan, p, fib);
  }
  plan.rings.forEach((r, id) => writeRing(mem, r, id, plan.slotSize));
  for (const p of plan.nodes) for (const f of p.ifaces) writeIface(mem, p, f);
  writePodDirectory(mem, plan);
  return { memory, mem };
}

function put(mem: Mem, addr: number, v: number): void {
  mem.u32[addr >>> 2] = v >>> 0;
}

function writeHeader(mem: Mem, plan: DataplanePlan): void {
  const gh = L.LAYOUT_BASE;
  const bytes = plan.pages * PAGE;
  put(mem, gh + L.GH_MAGIC, L.LAYOUT_MAGIC);
  put(mem, gh + L.GH_VERSION, L.LAYOUT_VERSION);
  put(mem, gh + L.GH_TOTAL_BYTES, bytes >= 2 ** 32 ? 0xffffffff : bytes);
  put(mem, gh + L.GH_NODE_COUNT, plan.nodes.length);
  put(mem, gh + L.GH_WORKERS, plan.workers);
  put(mem, gh + L.GH_INBOXES_PER_NODE, plan.inboxesPerNode);
  put(mem, gh + L.GH_NODE_TABLE, plan.nodeTable);
  put(mem, gh + L.GH_INBOX_TABLE, plan.inboxTable);
  put(mem, gh + L.GH_PORT_COUNT, plan.portCount);
  put(mem, gh + L.GH_POD_DIR, plan.podDir);
  put(mem, gh + L.GH_POD_DIR_MASK, plan.podDirMask);
  put(mem, gh + L.GH_HOST_ENCAPS, plan.hostEncaps);
}

function writeNode(mem: Mem, plan: DataplanePlan, p: NodePlan, fib: NodeFib | null): void {
  const { ctx, node } = p;
  const inboxes = plan.inboxTable + node.index * plan.inboxesPerNode * 4;
  put(mem, plan.nodeTable + node.index * 4, ctx);
  for (const u of p.uplinks) {
    const row = plan.inboxTable + u.port * plan.inboxesPerNode * 4;
    u.inboxes.forEach((r, w) => put(mem, row + w * 4, r));
  }
  put(mem, ctx + L.NODE_ID, node.index);
  put(mem, ctx + L.NODE_WORKER, p.worker);
  put(mem, ctx + L.NODE_IP, node.ip);
  put(mem, ctx + L.NODE_TUNL0_IP, node.tunl0Ip ?? 0);
  put(mem, ctx + L.NODE_IF_TABLE, p.ifTable);
  put(mem, ctx + L.NODE_IF_COUNT, p.ifaces.length);
  put(mem, ctx + L.NODE_LPM_BASE, p.lpmBase);
  put(mem, ctx + L.NODE_NH_TABLE, p.nhTable);
  put(mem, ctx + L.NODE_NH_COUNT, p.nhCount);
  put(mem, ctx + L.NODE_COUNTERS, p.counters);
  put(mem, ctx + L.NODE_IF_COUNTERS, p.ifCounters);
  put(mem, ctx + L.NODE_IP_ID_SEQ, p.ipIdStart);
  put(mem, ctx + L.NODE_FLUSH_LIST, p.flushList);
  put(mem, ctx + L.NODE_SCRATCH0, p.scratch[0]);
  put(mem, ctx + L.NODE_SCRATCH1, p.scratch[1]);
  put(mem, ctx + L.NODE_SLOT_SIZE, plan.slotSize);
  put(mem, ctx + L.NODE_INBOX_TABLE, inboxes);
  put(mem, ctx + L.NODE_INBOX_COUNT, p.inboxes.length);
  put(mem, ctx + L.NODE_PEERS, p.peers);
  put(mem, p.peers + L.PT_NUMBER, p.redirects.number);
  put(mem, p.peers + L.PT_LOAD_MS, p.redirects.loadMs);
  put(mem, p.peers + L.PT_SILENCE_MS, p.redirects.silenceMs);
  if (p.reasm !== 0) writeReasm(mem, ctx, p.reasm, p.reasmQueues);
  if (p.ipvs) writeIpvs(mem, ctx, p.ipvs);
  if (p.own) {
    const o = p.ownRoutes;
    put(mem, ctx + L.NODE_OWN_ROUTES, o);
    put(mem, o + L.OWN_BASE, p.own.base);
    put(mem, o + L.OWN_SIZE, p.own.size);
    put(mem, o + L.OWN_LOCAL_IP, p.own.localIp);
    put(mem, o + L.OWN_LOCAL_NH, p.own.localNh);
    mem.u32.set(p.own.nh, (o + L.OWN_NH) >>> 2);
  }
  if (!fib) return; // the class's tables (writePlan)
  writeNextHops(mem, p.nhTable, fib.nextHops, node.spec.name);
  for (const n of p.neighs) writeNeigh(mem, p, n, fib.neighbours[n.uplink], plan.slotSize);
  writeLpm(mem, p.lpmBase, p.lpm, fib.entries, node.spec.name);
}

/** The reassembly area (layout/reasm.ts): every queue free, each pointing at its buffer. */
function writeReasm(mem: Mem, ctx: number, area: number, count: number): void {
  const queues = area + L.RA_HDR_SIZE;
  const bufs = queues + count * L.RQ_SIZE;
  put(mem, ctx + L.NODE_REASM, area);
  put(mem, area + L.RA_COUNT, count);
  put(mem, area + L.RA_QUEUES, queues);
  put(mem, area + L.RA_BUFS, bufs);
  for (let i = 0; i < count; i++) put(mem, queues + i * L.RQ_SIZE + L.RQ_BUF, bufs + i * L.REASM_BUF_SIZE);
}

/** Next hops: 16-byte records, gw shares bytes with the MAC and tunnelNh with dstNode (layout/nexthop.ts). */
function writeNextHops(mem: Mem, table: number, nextHops: readonly NextHop[], name: string): void {
  nextHops.forEach((h, i) => {
    const r = table + i * L.NH_SIZE;
    if (h.oif > L.NH_OIF_MAX) throw new Error(`node ${name}: interface ${h.oif} does not fit a next hop's u16 oif`);
    mem.u8[r + L.NH_KIND] = h.kind;
    mem.u16[(r + L.NH_OIF) >>> 1] = h.oif;
    if (h.kind === L.NHK_ONLINK_TUNL0) {
      put(mem, r + L.NH_GW, h.gw);
      put(mem, r + L.NH_TUNNEL_NH, h.tunnelNh);
    } else if (h.kind === L.NHK_NEIGH_ARP) {
      put(mem, r + L.NH_GW, h.gw);
      put(mem, r + L.NH_LINK, h.tunnelNh);
    } else {
      mem.u8.set(h.mac, r + L.NH_DST_MAC);
      put(mem, r + L.NH_DST_NODE, h.dstNode);
      if (h.kind === L.NHK_NEIGH) { // its address without the top octet, which is oif's
        mem.u8[r + L.NH_GW_HI] = (h.gw >>> 16) & 0xff;
        mem.u16[(r + L.NH_GW_LO) >>> 1] = h.gw & 0xffff;
      }
    }
  });
}

function writeLpm(mem: Mem, base: number, cap: NodePlan['lpm'], entries: readonly FibEntry[], name: string): void {
  lpmInit(mem, base, cap.maxPlies8, cap.maxPlies4, cap.maxRules);
  for (const e of entries) {
    const rc = lpmAdd(mem, base, e.dst, e.len, e.nh);
    if (rc !== 0) throw new Error(`LPM add failed (${rc}) for node ${name} entry ${e.dst}/${e.len}`);
  }
}

/** An uplink's neighbour table (layout/neigh.ts): the reserved entries hashed in order, the
 *  rest and every queue slot on their free lists, the first reachable_time drawn. */
function writeNeigh(mem: Mem, p: NodePlan, n: NeighPlan, reservedList: readonly ReservedNeighbour[], slotSize: number): void {
  const t = n.table;
  let x = n.seed; // xorshift32, as the core's reachableTime()
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  x >>>= 0;
  const reachable = (L.NEIGH_BASE_REACHABLE_MS >>> 1) + (x % L.NEIGH_BASE_REACHABLE_MS);
  put(mem, t + L.NT_CAPACITY, n.capacity);
  put(mem, t + L.NT_IFACE, n.iface);
  put(mem, t + L.NT_BUCKETS, n.buckets);
  put(mem, t + L.NT_BUCKET_MASK, n.bucketCount - 1);
  put(mem, t + L.NT_ENTRIES, n.entries);
  put(mem, t + L.NT_QUEUE, n.queue);
  put(mem, t + L.NT_QUEUE_SLOTS, n.queueSlots);
  put(mem, t + L.NT_REACHABLE_TIME, reachable);
  put(mem, t + L.NT_LAST_RAND, 0);
  put(mem, t + L.NT_RNG, x);
  put(mem, t + L.NT_SLOT_SIZE, slotSize);
  mem.u32.fill(L.NE_NONE, n.buckets >>> 2, (n.buckets >>> 2) + n.bucketCount);
  const reserved = reservedList.length;
  let timerAt = -1;
  reservedList.forEach((r, i) => {
    const e = n.entries + i * L.NE_SIZE;
    put(mem, e + L.NE_IP, r.ip);
    put(mem, e + L.NE_OWNER, r.owner);
    put(mem, e + L.NE_DST_NODE, L.NODE_EXTERNAL);
    if (r.owner !== L.NODE_EXTERNAL) mem.u8.set(r.mac, e + L.NE_OWNER_MAC);
    put(mem, e + L.NE_Q_HEAD, L.NE_NONE);
    put(mem, e + L.NE_Q_TAIL, L.NE_NONE);
    put(mem, e + L.NE_CONFIRMED, -(L.NEIGH_BASE_REACHABLE_MS << 1)); // neigh_alloc
    let flags = L.NEF_IN_USE | L.NEF_RESERVED;
    if (r.permanent || n.start === 'reachable') {
      mem.u8.set(r.mac, e + L.NE_MAC);
      put(mem, e + L.NE_DST_NODE, r.owner);
      mem.u8[e + L.NE_STATE] = r.permanent ? L.NUD_PERMANENT : L.NUD_REACHABLE;
      if (!r.permanent) { // confirmed at 0, its timer at reachable_time (neigh_update)
        put(mem, e + L.NE_CONFIRMED, 0);
        put(mem, e + L.NE_TIMER, reachable);
        flags |= L.NEF_TIMER;
        timerAt = reachable;
      }
    }
    mem.u8[e + L.NE_FLAGS] = flags;
    const bucket = n.buckets + ((Math.imul(r.ip, 0x9e3779b1) >>> 16) & (n.bucketCount - 1)) * 4;
    put(mem, e + L.NE_NEXT, mem.u32[bucket >>> 2]);
    put(mem, bucket, i);
  });
  for (let i = reserved; i < n.capacity; i++) put(mem, n.entries + i * L.NE_SIZE + L.NE_NEXT, i + 1 < n.capacity ? i + 1 : L.NE_NONE);
  put(mem, t + L.NT_FREE, reserved < n.capacity ? reserved : L.NE_NONE);
  for (let q = 0; q < n.queueSlots; q++) put(mem, n.queue + q * slotSize + L.NQ_NEXT, q + 1 < n.queueSlots ? q + 1 : L.NE_NONE);
  put(mem, t + L.NT_QUEUE_FREE, 0);
  if (timerAt >= 0) { // every table draws its own reachable_time: the node's timer is the earliest
    const armed = mem.u32[(p.ctx + L.NODE_TIMER_ARMED) >>> 2] !== 0;
    if (!armed || timerAt < mem.u32[(p.ctx + L.NODE_TIMER_AT) >>> 2]) put(mem, p.ctx + L.NODE_TIMER_AT, timerAt);
    put(mem, p.ctx + L.NODE_TIMER_ARMED, 1);
  }
}

export function writeRing(mem: Mem, r: RingPlan, id: number, slotSize: number): void {
  put(mem, r.addr + L.RING_SLOT_COUNT, r.slots);
  put(mem, r.addr + L.RING_MASK, r.slots - 1);
  put(mem, r.addr + L.RING_SLOTS, r.addr + L.RING_HDR_SIZE);
  put(mem, r.addr + L.RING_ID, id);
  put(mem, r.addr + L.RING_KIND, r.kind);
  put(mem, r.addr + L.RING_SLOT_SIZE, slotSize);
}

function writeIface(mem: Mem, p: NodePlan, f: IfacePlan): void {
  const r = f.record;
  put(mem, r + L.IF_KIND, f.kind);
  put(mem, r + L.IF_MTU, f.mtu);
  put(mem, r + L.IF_IP, f.ip);
  put(mem, r + L.IF_FLAGS, f.flags);
  if (f.mac) mem.u8.set(f.mac, r + L.IF_MAC);
  if (f.peerMac) mem.u8.set(f.peerMac, r + L.IF_PEER_MAC);
  put(mem, r + L.IF_PEER_IP, f.peerIp);
  put(mem, r + L.IF_RX_RING, f.rxRing);
  put(mem, r + L.IF_TX_RING, f.txRing);
  put(mem, r + L.IF_COUNTERS, p.ifCounters + f.index * L.IC_COUNT * 8);
  put(mem, r + L.IF_IFINDEX, f.ifindex);
  put(mem, r + L.IF_NEIGH, f.neigh);
  put(mem, r + L.IF_INBOX_TABLE, f.inboxTable);
}
