// One FIB for every node of a subnet: the class's shared LPM and next hops, and each node's own
// routes (layout/node.ts OWN_*).
//
// A Calico node's main table is the same on every node of its subnet but for its own block and
// its own address: there it has the cali /32s, the blackhole and a LOCAL /32 (local table),
// where every other node has the block via this node dev tunl0 onlink and an adj-fib to it. At
// 5000 nodes that is 10 000 routes and 10 000 next hops per node, 0.6 MiB each, 3 GiB in all;
// shared, it is one LPM and one next-hop table per subnet, plus 64 words per node.
//
//   node i:  ownRoutes ─► { block base, size, uplink address, its LOCAL next hop, nh[size] }
//            lpmBase ───► class LPM  (every route of the class, block i's and address i's included:
//            nhTable ───► class next hops     routeLookup answers those from ownRoutes first)
//
// Which nodes share: hosts with one uplink and a block of at most OWN_MAX_SIZE addresses whose
// tables can only differ there (same segment, uplink name, gateway, subnet, and the same local
// addresses beyond the node's own: lo, kube-ipvs0's Services). The class table is built from two
// members' FIBs: the first member's routes but its own, and the second member's routes to the
// first one's block and address. Then the builder checks, for every member (the first VERIFIED
// and the last of a class over VERIFY_ALL), that the node's own FIB (buildNodeFib) holds exactly
// the class's routes outside its block and address with the same next hops, and that its own
// routes answer as its FIB does:
// routes not contained in the block, other than the address's /32, are the only ones a lookup
// outside the block and the address can match, so equal sets give equal lookups. A class that
// fails the check, or has one member, keeps private tables. Neighbour tables (`arp`) name
// per-node entries, so only the static dataplane shares.

import type { Cluster, ClusterNode } from '../cluster/types.ts';
import { ownBlockRoutes } from '../cluster/routes.ts';
import { maskOf } from '../net/addr.ts';
import * as L from '../layout.ts';
import { lpmRegionSize } from '../engine/ts/route/lpm.ts';
import { lpmCapacityFor } from '../engine/ts/route/lpmCapacity.ts';
import { buildNodeFib, caliIndexes, type FibEntry, type NextHop, type NodeFib } from './nexthops.ts';

/** Members checked against their own FIB: all of a class of up to VERIFY_ALL, else the first
 *  VERIFIED and the last. A check builds the node's whole FIB, O(nodes), so checking every
 *  member of a large class would make the build O(nodes²) again. */
const VERIFY_ALL = 512;
const VERIFIED = 8;

export interface OwnRoutes {
  base: number;
  size: number;
  localIp: number;
  localNh: number;
  nh: Uint32Array;
}

export interface FibClass {
  members: ClusterNode[];
  nextHops: NextHop[];
  entries: FibEntry[];
  own: Map<number, OwnRoutes>; // by host index
}

/** A class and where its tables are written: next hops, then the LPM, up to `end`. */
export interface ClassPlan extends FibClass {
  nhTable: number;
  lpmBase: number;
  lpm: { maxPlies8: number; maxPlies4: number; maxRules: number; bytes: number };
  end: number;
}

/** The classes of `hosts` with their tables placed from `at` on (64-byte aligned). */
export function planClasses(cluster: Cluster, hosts: readonly ClusterNode[], fibOf: (n: ClusterNode) => NodeFib, at: number,
  onProgress?: (stage: 'share', done: number, total: number) => void): ClassPlan[] {
  const out: ClassPlan[] = [];
  for (const c of shareFibs(cluster, hosts, fibOf, onProgress)) {
    const cap = lpmCapacityFor(c.entries);
    const bytes = lpmRegionSize(cap.maxPlies8, cap.maxPlies4, cap.maxRules);
    if (bytes === 0) continue; // too large for one LPM: its nodes keep their own
    const nhTable = at;
    const lpmBase = Math.ceil((nhTable + c.nextHops.length * L.NH_SIZE) / L.CACHE_LINE) * L.CACHE_LINE;
    at = lpmBase + bytes;
    out.push({ ...c, nhTable, lpmBase, lpm: { ...cap, bytes }, end: at });
  }
  return out;
}

/** Longest-prefix match over a FIB's entries (the first entry of a prefix wins, as in buildNodeFib). */
class FibIndex {
  private readonly byLen: (Map<number, number> | undefined)[] = new Array(33);
  private readonly lens: number[] = [];
  constructor(entries: readonly FibEntry[]) {
    for (const e of entries) {
      let m = this.byLen[e.len];
      if (m === undefined) {
        m = this.byLen[e.len] = new Map();
        this.lens.push(e.len);
      }
      if (!m.has(e.dst)) m.set(e.dst, e.nh);
    }
    this.lens.sort((a, b) => b - a);
  }
  /** The next hop of the longest prefix of length ≤ maxLen covering addr, or NH_NONE. */
  lookup(addr: number, maxLen = 32): number {
    for (const len of this.lens) {
      if (len > maxLen) continue;
      const nh = (this.byLen[len] as Map<number, number>).get((addr & maskOf(len)) >>> 0);
      if (nh !== undefined) return nh;
    }
    return L.NH_NONE;
  }
}

/** A MAC as one exact number (48 bits). */
const macKey = (m: Uint8Array): number => ((m[0] << 8) | m[1]) * 0x100000000 + (((m[2] << 24) | (m[3] << 16) | (m[4] << 8) | m[5]) >>> 0);

/** The class's next-hop table: next hops of any member's FIB interned by content. */
class NextHopTable {
  readonly nextHops: NextHop[] = [];
  private readonly index = new Map<string, number>();
  private readonly keys = new WeakMap<NodeFib, string[]>();
  private readonly mapped = new WeakMap<NodeFib, Int32Array>();

  /** The content of fib's next hop nh, its tunnel next hop's included. */
  key(fib: NodeFib, nh: number): string {
    if (nh === L.NH_NONE) return 'none';
    let ks = this.keys.get(fib);
    if (ks === undefined) this.keys.set(fib, ks = []);
    let k = ks[nh];
    if (k === undefined) {
      const h = fib.nextHops[nh];
      k = `${h.kind}/${h.oif}/${h.gw}/${h.dstNode}/${macKey(h.mac)}${h.tunnelNh === L.NH_NONE ? '' : `>${this.key(fib, h.tunnelNh)}`}`;
      ks[nh] = k;
    }
    return k;
  }

  intern(fib: NodeFib, nh: number): number {
    if (nh === L.NH_NONE) return L.NH_NONE;
    let m = this.mapped.get(fib);
    if (m === undefined) this.mapped.set(fib, m = new Int32Array(fib.nextHops.length).fill(-1));
    if (m[nh] < 0) m[nh] = this.internKey(fib, nh);
    return m[nh];
  }

  private internKey(fib: NodeFib, nh: number): number {
    const k = this.key(fib, nh);
    let i = this.index.get(k);
    if (i === undefined) {
      const h = fib.nextHops[nh];
      const copy: NextHop = { ...h, tunnelNh: L.NH_NONE };
      i = this.nextHops.push(copy) - 1;
      this.index.set(k, i);
      copy.tunnelNh = this.intern(fib, h.tunnelNh);
    }
    return i;
  }
}

const blockSize = (n: ClusterNode): number => (n.block ? 2 ** (32 - n.block.len) : 0);
const inBlock = (n: ClusterNode, dst: number, len: number): boolean =>
  n.block !== null && len >= n.block.len && ((dst & maskOf(n.block.len)) >>> 0) === n.block.base;
/** Routes of the node's FIB that only it has: inside its block, or its address's /32. */
const isOwn = (n: ClusterNode, e: FibEntry): boolean => inBlock(n, e.dst, e.len) || (e.len === 32 && e.dst === n.ip);

/** What a node's table depends on besides its own block and address; null: it never shares. */
function classKey(n: ClusterNode): string | null {
  // (a node with a second block keeps its own tables: ownRoutes answers for one block)
  if (n.role !== 'node' || n.uplinks.length !== 1 || n.blocks.length !== 1 || blockSize(n) > L.OWN_MAX_SIZE) return null;
  const u = n.uplinks[0];
  const local: string[] = [];
  for (const f of n.ifaces) {
    for (const a of f.addrs) if (a.ip !== n.ip && !inBlock(n, a.ip, 32)) local.push(`${f.kind}:${a.ip}/${a.len}`);
  }
  return [u.segment, u.name, n.spec.iface, n.spec.gateway, n.spec.prefixLen, (n.ip & maskOf(n.spec.prefixLen)) >>> 0, ...local].join('|');
}

/** The node's own routes alone (cali /32s, blackhole, local table) as buildNodeFib makes them:
 *  O(pods), not O(nodes) as its whole table is. */
function ownFib(cluster: Cluster, n: ClusterNode): NodeFib {
  const routes = ownBlockRoutes(n.blocks, n.pods.map((p) => ({ ip: p.ip, hostVeth: p.hostVeth })));
  const alone: ClusterNode = {
    spec: n.spec, role: n.role, index: n.index, uplinks: [], ip: n.ip, block: n.block, blockPool: n.blockPool, blocks: n.blocks,
    calicoNodePod: n.calicoNodePod, tunl0Ip: n.tunl0Ip, ifaces: n.ifaces, routes, pods: n.pods,
  };
  return buildNodeFib(cluster, alone, caliIndexes(n));
}

/**
 * Nodes that share a FIB, by class (see the header). `fibOf` is the node's whole FIB as the
 * builder writes it when it does not share.
 */
export function shareFibs(cluster: Cluster, hosts: readonly ClusterNode[], fibOf: (n: ClusterNode) => NodeFib,
  onProgress?: (stage: 'share', done: number, total: number) => void): FibClass[] {
  const byKey = new Map<string, ClusterNode[]>();
  for (const n of hosts) {
    const k = classKey(n);
    if (k === null) continue;
    const list = byKey.get(k);
    if (list) list.push(n);
    else byKey.set(k, [n]);
  }
  const out: FibClass[] = [];
  let done = 0;
  const progress = (): void => onProgress?.('share', ++done, hosts.length);
  for (const members of byKey.values()) {
    if (members.length < 2) continue;
    const c = buildClass(cluster, members, fibOf, progress);
    if (c) out.push(c);
  }
  return out;
}

function buildClass(cluster: Cluster, members: ClusterNode[], fibOf: (n: ClusterNode) => NodeFib, progress: () => void): FibClass | null {
  const [r, s] = members;
  const fr = fibOf(r);
  const fs = fibOf(s);
  const table = new NextHopTable();
  const entries: FibEntry[] = [];
  for (const e of fr.entries) if (!isOwn(r, e)) entries.push({ ...e, nh: table.intern(fr, e.nh) });
  for (const e of fs.entries) if (isOwn(r, e)) entries.push({ ...e, nh: table.intern(fs, e.nh) });
  const shared = new FibIndex(entries);
  // the class's routes by prefix, for the check
  const byPrefix = new Map<number, number>();
  for (const e of entries) if (!byPrefix.has(e.dst * 64 + e.len)) byPrefix.set(e.dst * 64 + e.len, e.nh);

  const own = new Map<number, OwnRoutes>();
  for (const n of members) {
    const mine = ownFib(cluster, n);
    const idx = new FibIndex(mine.entries.filter((e) => inBlock(n, e.dst, e.len)));
    const b = n.block as { base: number; len: number };
    const size = blockSize(n);
    const nh = new Uint32Array(size);
    for (let a = 0; a < size; a++) {
      const addr = (b.base + a) >>> 0;
      const v = idx.lookup(addr);
      nh[a] = v !== L.NH_NONE ? table.intern(mine, v) : shared.lookup(addr, b.len - 1);
    }
    const localNh = table.intern(mine, new FibIndex(mine.entries.filter((e) => e.len === 32 && e.dst === n.ip)).lookup(n.ip));
    own.set(n.index, { base: b.base, size, localIp: n.ip, localNh, nh });
    progress();
  }
  for (let i = 0; i < members.length; i++) {
    if (members.length > VERIFY_ALL && i >= VERIFIED && i !== members.length - 1) continue;
    if (!sameTable(members[i], fibOf(members[i]), table, byPrefix, entries, own.get(members[i].index) as OwnRoutes)) return null;
  }
  return { members, nextHops: table.nextHops, entries, own };
}

/** Does the class (shared routes + the node's own) answer every lookup as the node's FIB does? */
function sameTable(n: ClusterNode, fib: NodeFib, table: NextHopTable, byPrefix: Map<number, number>, shared: FibEntry[], own: OwnRoutes): boolean {
  // outside the block and the address: the same routes with the same next hops
  let outside = 0;
  for (const e of fib.entries) {
    if (isOwn(n, e)) continue;
    outside++;
    if (byPrefix.get(e.dst * 64 + e.len) !== table.intern(fib, e.nh)) return false;
  }
  let sharedOutside = 0;
  for (const e of shared) if (!isOwn(n, e)) sharedOutside++;
  if (outside !== sharedOutside) return false;
  // inside: the own routes answer as the FIB does
  const idx = new FibIndex(fib.entries);
  for (let a = 0; a < own.size; a++) {
    if (table.intern(fib, idx.lookup((own.base + a) >>> 0)) !== own.nh[a]) return false;
  }
  return table.intern(fib, idx.lookup(own.localIp)) === own.localNh;
}
