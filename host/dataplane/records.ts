// Readers of the records the builder laid out (host/layout.ts has the diagrams): the global
// header's tables, node contexts and interface records, by field name instead of by offset
// arithmetic at each use. For setup, checks and reports; the packet path is the engines'.
import {
  GH_INBOXES_PER_NODE, GH_INBOX_TABLE, GH_NODE_COUNT, GH_NODE_TABLE, GH_PORT_COUNT, GH_WORKERS, LAYOUT_BASE,
  NODE_ID, NODE_WORKER, NODE_IP, NODE_IF_TABLE, NODE_IF_COUNT, NODE_NH_TABLE, NODE_NH_COUNT,
  NODE_COUNTERS, NODE_IF_COUNTERS, NODE_IP_ID_SEQ, NODE_FLUSH_COUNT, NODE_FLUSH_LIST,
  NODE_INBOX_TABLE, NODE_INBOX_COUNT, NODE_SCRATCH0, NODE_SCRATCH1, IC_COUNT,
  IF_SIZE, IF_KIND, IF_MTU, IF_IP, IF_FLAGS, IF_MAC, IF_PEER_MAC, IF_PEER_IP, IF_RX_RING,
  IF_TX_RING, IF_IFINDEX, IF_INBOX_TABLE, NODE_LPM_BASE, NODE_OWN_ROUTES, OWN_BASE, OWN_SIZE,
  OWN_LOCAL_IP, OWN_LOCAL_NH, OWN_NH, NH_NONE,
} from '../layout.ts';
import { lpmLookup } from '../engine/ts/route/lpm.ts';
import type { Mem } from './mem.ts';

const header = (mem: Mem, field: number): number => mem.u32[(LAYOUT_BASE + field) >>> 2];

export function nodeCount(mem: Mem): number {
  return header(mem, GH_NODE_COUNT);
}

/** Workers the dataplane was laid out for (each node has one inbox per worker + the external one). */
export function workerCount(mem: Mem): number {
  return header(mem, GH_WORKERS);
}

/** Context addresses of nodes [first, end). */
export function nodeContexts(mem: Mem, first = 0, end = nodeCount(mem)): Uint32Array {
  const table = header(mem, GH_NODE_TABLE) >>> 2;
  return mem.u32.slice(table + first, table + end);
}

/** Ports (uplinks of all hosts; port p < nodeCount is node p's first uplink). */
export function portCount(mem: Mem): number {
  return header(mem, GH_PORT_COUNT);
}

/** Address of port `port`'s row of inbox ring pointers (what its uplink record's inboxTable holds). */
export function inboxRow(mem: Mem, port: number): number {
  return header(mem, GH_INBOX_TABLE) + port * header(mem, GH_INBOXES_PER_NODE) * 4;
}

/** The inbox of port `port` (node `port`'s first uplink, for port < nodeCount) that worker
 *  `worker` produces into (worker = workerCount: the external one). */
export function inboxOf(mem: Mem, port: number, worker: number): number {
  return mem.u32[(header(mem, GH_INBOX_TABLE) >>> 2) + port * header(mem, GH_INBOXES_PER_NODE) + worker];
}

/** One node context. */
export class NodeRecord {
  private readonly mem: Mem;
  readonly ctx: number;

  constructor(mem: Mem, ctx: number) {
    this.mem = mem;
    this.ctx = ctx;
  }

  private field(f: number): number {
    return this.mem.u32[(this.ctx + f) >>> 2];
  }

  get id(): number { return this.field(NODE_ID); }
  get worker(): number { return this.field(NODE_WORKER); }
  get ip(): number { return this.field(NODE_IP); }
  get ifCount(): number { return this.field(NODE_IF_COUNT); }
  get nhTable(): number { return this.field(NODE_NH_TABLE); }
  get nhCount(): number { return this.field(NODE_NH_COUNT); }
  get flushList(): number { return this.field(NODE_FLUSH_LIST); }
  get scratch(): [number, number] { return [this.field(NODE_SCRATCH0), this.field(NODE_SCRATCH1)]; }

  /** The next hop the core's routeLookup (assembly/context.ts) gives for `addr`, or NH_NONE:
   *  the own routes first when the node's FIB is shared, then the LPM. */
  route(addr: number): number {
    const u32 = this.mem.u32;
    const own = this.field(NODE_OWN_ROUTES);
    const off = (addr - (own !== 0 ? u32[(own + OWN_BASE) >>> 2] : 0)) >>> 0;
    let v: number;
    if (own !== 0 && off < u32[(own + OWN_SIZE) >>> 2]) v = u32[(own + OWN_NH + off * 4) >>> 2];
    else if (own !== 0 && addr >>> 0 === u32[(own + OWN_LOCAL_IP) >>> 2]) v = u32[(own + OWN_LOCAL_NH) >>> 2];
    else v = lpmLookup(this.mem, this.field(NODE_LPM_BASE), addr);
    return v < this.nhCount ? v : NH_NONE;
  }

  /** The next IP ID the node will use (the core advances it; a reset restores it). */
  get ipIdSeq(): number { return this.field(NODE_IP_ID_SEQ); }
  set ipIdSeq(v: number) { this.mem.u32[(this.ctx + NODE_IP_ID_SEQ) >>> 2] = v >>> 0; }

  /** Rings waiting to be published (zero between steps). */
  set flushCount(v: number) { this.mem.u32[(this.ctx + NODE_FLUSH_COUNT) >>> 2] = v >>> 0; }

  /** f64 index of the node's counters (NC_COUNT of them). */
  get counterIndex(): number { return this.field(NODE_COUNTERS) >>> 3; }
  /** f64 index of the interface counters: IC_COUNT per interface, interface by interface. */
  get ifCounterIndex(): number { return this.field(NODE_IF_COUNTERS) >>> 3; }
  /** [start, end) f64 indexes of all the node's counters, node then interfaces. */
  counterRange(): [number, number] {
    return [this.counterIndex, this.ifCounterIndex + this.ifCount * IC_COUNT];
  }

  /** Its input rings from the wire: inbox w for producing worker w, the last one host-fed. */
  inboxes(): number[] {
    const table = this.field(NODE_INBOX_TABLE) >>> 2;
    return Array.from(this.mem.u32.subarray(table, table + this.field(NODE_INBOX_COUNT)));
  }

  iface(index: number): IfaceRecord {
    return new IfaceRecord(this.mem, this.field(NODE_IF_TABLE) + index * IF_SIZE);
  }
}

/** One interface record. */
export class IfaceRecord {
  private readonly mem: Mem;
  readonly addr: number;

  constructor(mem: Mem, addr: number) {
    this.mem = mem;
    this.addr = addr;
  }

  private field(f: number): number {
    return this.mem.u32[(this.addr + f) >>> 2];
  }

  get kind(): number { return this.field(IF_KIND); }
  get mtu(): number { return this.field(IF_MTU); }
  get ip(): number { return this.field(IF_IP); }
  get ifindex(): number { return this.field(IF_IFINDEX); }
  /** Uplinks: the address of this port's row of inbox ring pointers; 0 otherwise. */
  get inboxTable(): number { return this.field(IF_INBOX_TABLE); }
  get flags(): number { return this.field(IF_FLAGS); }
  set flags(v: number) { this.mem.u32[(this.addr + IF_FLAGS) >>> 2] = v >>> 0; }
  /** Its own MAC (a copy). */
  get mac(): Uint8Array { return this.mem.u8.slice(this.addr + IF_MAC, this.addr + IF_MAC + 6); }
  /** A cali's pod eth0: the resolved neighbour. */
  get peerMac(): Uint8Array { return this.mem.u8.slice(this.addr + IF_PEER_MAC, this.addr + IF_PEER_MAC + 6); }
  get peerIp(): number { return this.field(IF_PEER_IP); }
  /** The ring frames arrive in (a cali's pod → host ring; 0 for the uplink and tunl0). */
  get rxRing(): number { return this.field(IF_RX_RING); }
  /** The ring frames leave by (a cali's host → pod ring; 0 for tunl0). */
  get txRing(): number { return this.field(IF_TX_RING); }
}

export function nodeRecord(mem: Mem, node: number): NodeRecord {
  return new NodeRecord(mem, nodeContexts(mem, node, node + 1)[0]);
}
