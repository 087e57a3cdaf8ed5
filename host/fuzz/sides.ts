// The two engines under test, each on its own dataplane built from the same cluster (two
// separate memories), plus the ring inventory the harness walks after every batch.

import type { Cluster } from '../cluster/types.ts';
import { buildDataplane, type Dataplane } from '../dataplane/build.ts';
import type { Engine, ForwardingEngineName } from '../engine/engine.ts';
import * as L from '../layout.ts';
import { fillGuard, MemoryWatch } from './guard.ts';
import { createEngine } from '../dataplane/engines.ts';
import { NodeRecord } from '../dataplane/records.ts';

/** Who writes a ring's slots and who reads them (decides which bytes may change). */
export const Role = {
  HostIn: 0, // the fuzzer produces (cali rx, external inbox), a node consumes
  Wire: 1, // a node produces into another node's inbox, that node consumes
  PodOut: 2, // a node produces (cali tx), the fuzzer consumes
  UplinkOut: 3, // a node produces (uplink tx: beyond the dataplane), the fuzzer consumes
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export interface RingSet {
  addr: Uint32Array;
  role: Uint8Array;
  /** Index into `addr` by ring address (for the host-fed rings the mutator targets). */
  byAddr: Map<number, number>;
}

export class Side {
  readonly name: ForwardingEngineName;
  readonly dp: Dataplane;
  readonly engine: Engine;
  readonly u8: Uint8Array;
  readonly u32: Uint32Array;
  readonly f64: Float64Array;
  /** [start, end) f64 indexes of each node's node + interface counters. */
  readonly counterRanges: Uint32Array;
  watch!: MemoryWatch;

  constructor(name: ForwardingEngineName, cluster: Cluster, ringSlots: number, inboxSlots: number) {
    this.name = name;
    this.dp = buildDataplane(cluster, { ringSlots, inboxSlots });
    this.engine = createEngine(name, this.dp);
    this.u8 = this.dp.mem.u8;
    this.u32 = this.dp.mem.u32;
    this.f64 = this.dp.mem.f64;
    this.counterRanges = new Uint32Array(this.dp.nodes.length * 2);
    this.dp.nodes.forEach((n, i) => {
      const [start, end] = new NodeRecord(this.dp.mem, n.ctx).counterRange();
      this.counterRanges[2 * i] = start;
      this.counterRanges[2 * i + 1] = end;
    });
  }

  /** Guard-fill every slot of every ring, then snapshot the memory. */
  arm(rings: RingSet): void {
    for (let r = 0; r < rings.addr.length; r++) {
      const ring = rings.addr[r];
      const slots = this.u32[(ring + L.RING_SLOTS) >>> 2];
      const n = this.u32[(ring + L.RING_SLOT_COUNT) >>> 2];
      const size = this.u32[(ring + L.RING_SLOT_SIZE) >>> 2];
      for (let i = 0; i < n; i++) fillGuard(this.u8, slots + i * size, size);
    }
    this.watch = new MemoryWatch(this.dp, Array.from(rings.addr));
  }

  /** Node counter `idx` summed over nodes. */
  total(idx: number): number {
    let s = 0;
    for (let i = 0; i < this.counterRanges.length; i += 2) s += this.f64[this.counterRanges[i] + idx];
    return s;
  }
}

export function ringSet(dp: Dataplane): RingSet {
  const addr: number[] = [];
  const role: number[] = [];
  for (const n of dp.nodes) {
    n.inboxes.forEach((r, w) => {
      addr.push(r);
      role.push(w === dp.workers ? Role.HostIn : Role.Wire);
    });
    addr.push(n.uplinkTx);
    role.push(Role.UplinkOut);
    for (const p of n.pods) {
      addr.push(p.rxRing, p.txRing);
      role.push(Role.HostIn, Role.PodOut);
    }
    for (const u of n.uplinks.slice(1)) { // a router's further uplinks: their port's inboxes and tx
      u.inboxes.forEach((r, w) => {
        addr.push(r);
        role.push(w === dp.workers ? Role.HostIn : Role.Wire);
      });
      addr.push(u.txRing);
      role.push(Role.UplinkOut);
    }
  }
  return { addr: Uint32Array.from(addr), role: Uint8Array.from(role), byAddr: new Map(addr.map((a, i) => [a, i])) };
}

/** The two dataplanes must be laid out identically (same cluster, same builder). */
export function sameLayout(a: Dataplane, b: Dataplane): string | null {
  if (a.totalBytes !== b.totalBytes) return `total bytes ${a.totalBytes} vs ${b.totalBytes}`;
  const ua = a.mem.u8.subarray(L.LAYOUT_BASE, a.totalBytes);
  const ub = b.mem.u8.subarray(L.LAYOUT_BASE, b.totalBytes);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return `first difference at ${L.LAYOUT_BASE + i}`;
  return null;
}
