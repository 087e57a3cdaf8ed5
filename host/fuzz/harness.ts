// The differential fuzz harness. A batch of frames (mutate.ts) is pushed into the same
// input rings of two dataplanes, one stepped by the TS engine and one by the WASM core,
// both are run until idle, and then, before anything else is pushed:
//   1. neither engine threw or trapped, and both went idle (no spin: MAX_ROUNDS);
//   2. every ring is empty and has the same head/tail on both sides;
//   3. every slot used in the batch changed only where its role allows (guard.ts), on both
//      sides, and is refilled with the guard;
//   4. every frame a node delivered to a pod (cali tx rings), sent to another node (inboxes)
//      or beyond the dataplane (uplink tx rings) is identical on both sides: length,
//      offset, meta, bytes;
//   5. node and interface counters and the IP ID sequences are identical;
//   6. the books balance: per node RX + created = delivered + dropped + sent on the wire,
//      and cluster-wide pushed + created = delivered + dropped + frames found in the uplink
//      tx rings, and the frames found in the cali tx rings are exactly the delivered-to-pod
//      count. With --batch 1 this is
//      the per-frame rule: one input ends as exactly one outcome (+ what it created);
//   7. every `watchEvery` batches: the whole memory outside the declared mutable fields is
//      unchanged, and every slot holds the guard again (MemoryWatch).
// Checks of a batch are attributed to a frame where the evidence says which (input slot,
// output meta); otherwise the batch is replayed one frame at a time to find it.

import type { Cluster } from '../cluster/types.ts';
import * as L from '../layout.ts';
import { runUntilIdle, StillMovingError } from '../engine/engine.ts';
import { freeSlots, headSlot, publish, release, ringCount } from '../dataplane/rings.ts';
import { NodeRecord } from '../dataplane/records.ts';
import { DROP_REASONS, IFACE_COUNTERS, NODE_COUNTERS } from '../dataplane/counters.ts';
import { fillGuard, refillGuard, slotOutside, ENCAP_HEADROOM, NEAR } from './guard.ts';
import { MUTATIONS, Mutation, Mutator } from './mutate.ts';
import { Role, Side, ringSet, sameLayout, type RingSet } from './sides.ts';
import { buildTemplates, type Template } from './templates.ts';

export const MAX_ROUNDS = 1000;

export interface FuzzOptions {
  seed: number;
  batch: number;
  ringSlots: number;
  /** Slots of the node inboxes (default ringSlots): smaller than ringSlots forces tail drops on the wire. */
  inboxSlots?: number;
  watchEvery: number;
}

export interface Failure {
  check: string;
  message: string;
  seed: number;
  /** The frame blamed, or −1 when only the batch is known. */
  index: number;
  batchFirst: number;
  batchCount: number;
}

// a fragment taken into a reassembly queue leaves the books (as delivered), what comes out of
// the queues enters them again (as created): the datagram, or the fragments dropped with it
const CREATED = [L.NC_CREATED_ICMP, L.NC_CREATED_ARP, L.NC_CREATED_FRAG, L.NC_CREATED_TCP, L.NC_REASM_RELEASED];
const DELIVERED = [L.NC_DELIVERED_POD, L.NC_DELIVERED_HOST, L.NC_REASM_QUEUED];
const OUTPUT_NAME: Record<number, string> = { [Role.Wire]: 'wire', [Role.PodOut]: 'pod output', [Role.UplinkOut]: 'uplink output' };

export class FuzzHarness {
  readonly opts: FuzzOptions;
  readonly cluster: Cluster;
  readonly templates: Template[];
  readonly mutator: Mutator;
  readonly kindCount = new Float64Array(MUTATIONS.length);
  sides!: [Side, Side];
  rings!: RingSet;
  /** Frames pushed since the dataplanes were built. */
  pushed = 0;
  /** Frames not pushed because their (deliberately small) input ring was full. */
  hostFull = 0;
  /** Frames found in the cali tx rings, and in the uplink tx rings (sent beyond the dataplane). */
  consumed = 0;
  wired = 0;
  batches = 0;
  /** First frame not yet covered by a clean whole-memory check (−1: none pushed yet). */
  cleanFrom = -1;

  private readonly m = new Mutation();
  private readonly pushSlot: Uint32Array;
  private readonly pushOff: Uint32Array;
  private readonly pushLen: Uint32Array;
  private readonly pushBad: Uint8Array;
  private readonly pushIndex: Float64Array;
  private tail0!: Uint32Array;
  private stage32: Uint32Array;

  constructor(cluster: Cluster, opts: FuzzOptions) {
    this.opts = opts;
    this.cluster = cluster;
    this.pushSlot = new Uint32Array(opts.batch);
    this.pushOff = new Uint32Array(opts.batch);
    this.pushLen = new Uint32Array(opts.batch);
    this.pushBad = new Uint8Array(opts.batch);
    this.pushIndex = new Float64Array(opts.batch);
    this.reset();
    this.templates = buildTemplates(this.sides[0].dp);
    const local: number[] = [];
    for (const n of cluster.nodes) {
      local.push(n.ip);
      if (n.tunl0Ip !== null) local.push(n.tunl0Ip);
      if (n.block) local.push(n.block.base + 5); // an unassigned address in the blackholed block
    }
    for (const p of cluster.pods) local.push(p.ip);
    this.mutator = new Mutator(this.templates, local, this.sides[0].dp.slotSize);
    this.stage32 = new Uint32Array(this.mutator.stage.buffer);
  }

  /** Fresh dataplanes (at start, and after a failure left one in an unknown state). */
  reset(): void {
    const { ringSlots, inboxSlots = ringSlots } = this.opts;
    const a = new Side('ts', this.cluster, ringSlots, inboxSlots);
    const b = new Side('wasm', this.cluster, ringSlots, inboxSlots);
    const diff = sameLayout(a.dp, b.dp);
    if (diff) throw new Error(`fuzz: the two dataplanes differ before any frame: ${diff}`);
    this.rings = ringSet(a.dp);
    a.arm(this.rings);
    b.arm(this.rings);
    this.sides = [a, b];
    this.tail0 = new Uint32Array(this.rings.addr.length);
    this.pushed = 0;
    this.hostFull = 0;
    this.consumed = 0;
    this.wired = 0;
    this.cleanFrom = -1;
  }

  /** Run frames [first, first + count); returns the failures found (empty when clean). */
  runBatch(first: number, count: number): Failure[] {
    const fails: Failure[] = [];
    const fail = (check: string, message: string, index = -1): void => {
      fails.push({ check, message, seed: this.opts.seed, index, batchFirst: first, batchCount: count });
    };
    const [a, b] = this.sides;
    if (this.cleanFrom < 0) this.cleanFrom = first;
    let pushed = 0;
    for (let r = 0; r < this.rings.addr.length; r++) this.tail0[r] = a.u32[(this.rings.addr[r] + L.RING_TAIL) >>> 2];
    for (let k = 0; k < count; k++) {
      const i = first + k;
      this.mutator.make(this.opts.seed, i, this.m);
      this.kindCount[this.m.kind]++;
      this.pushIndex[k] = i;
      this.pushSlot[k] = this.push(a, this.m, i);
      if (this.pushSlot[k] === 0) { // the input ring is full: the host could not send it
        this.hostFull++;
        continue;
      }
      this.push(b, this.m, i);
      pushed++;
      this.pushOff[k] = this.m.off;
      this.pushLen[k] = this.m.descLen;
      this.pushBad[k] = this.m.badDescriptor ? 1 : 0;
    }
    this.pushed += pushed;
    this.batches++;
    for (const s of this.sides) {
      try {
        runUntilIdle(s.engine, MAX_ROUNDS);
      } catch (e) {
        if (e instanceof StillMovingError) fail('spin', `${s.name} engine still moving frames after ${MAX_ROUNDS} rounds`);
        else fail('exception', `${s.name} engine threw: ${(e as Error).stack ?? String(e)}`);
      }
    }
    if (fails.length > 0) return fails;
    this.checkRings(fail);
    this.checkInputSlots(count, fail);
    this.checkProducedSlots(fail);
    this.checkCounters(fail);
    if (this.opts.watchEvery > 0 && this.batches % this.opts.watchEvery === 0) fails.push(...this.checkMemory(first + count));
    return fails;
  }

  /** Producer side of a host-fed ring: one slot, descriptor from the mutation; 0 when full. */
  private push(s: Side, m: Mutation, index: number): number {
    const u32 = s.u32;
    const ring = m.ring;
    if (freeSlots(s.dp.mem, ring) === 0) return 0;
    const slot = headSlot(s.dp.mem, ring, 0);
    u32[(slot + L.SLOT_LEN) >>> 2] = m.descLen >>> 0;
    u32[(slot + L.SLOT_OFF) >>> 2] = m.off >>> 0;
    u32[(slot + L.SLOT_META) >>> 2] = index >>> 0;
    if (!m.badDescriptor) this.copyIn(s, slot + m.off, m.start, m.len);
    publish(s.dp.mem, ring, 1);
    return slot;
  }

  private copyIn(s: Side, to: number, from: number, len: number): void {
    const u8 = s.u8;
    const st = this.mutator.stage;
    let i = 0;
    if (((to | from) & 3) === 0) {
      const words = len >>> 2;
      const t = to >>> 2;
      const f = from >>> 2;
      const u32 = s.u32;
      const st32 = this.stage32;
      for (let w = 0; w < words; w++) u32[t + w] = st32[f + w];
      i = words << 2;
    }
    for (; i < len; i++) u8[to + i] = st[from + i];
  }

  private checkRings(fail: (c: string, m: string, i?: number) => void): void {
    const [a, b] = this.sides;
    for (let r = 0; r < this.rings.addr.length; r++) {
      const ring = this.rings.addr[r];
      const ha = a.u32[(ring + L.RING_HEAD) >>> 2];
      const ta = a.u32[(ring + L.RING_TAIL) >>> 2];
      if (ha !== b.u32[(ring + L.RING_HEAD) >>> 2] || ta !== b.u32[(ring + L.RING_TAIL) >>> 2]) {
        fail('divergence', `ring @${ring}: head/tail ts ${ha}/${ta}, wasm ${b.u32[(ring + L.RING_HEAD) >>> 2]}/${b.u32[(ring + L.RING_TAIL) >>> 2]}`);
      }
      if (this.rings.role[r] < Role.PodOut && ha !== ta) fail('spin', `input ring @${ring} not drained at idle (${(ha - ta) >>> 0} left)`);
    }
  }

  /** Host-fed slots: header untouched, only [off − 20, off + len) may change. */
  private checkInputSlots(count: number, fail: (c: string, m: string, i?: number) => void): void {
    const size = this.mutator.slotSize;
    for (const s of this.sides) {
      for (let k = 0; k < count; k++) {
        const slot = this.pushSlot[k];
        if (slot === 0) continue;
        const index = this.pushIndex[k];
        const off = this.pushOff[k];
        const u32 = s.u32;
        if (u32[(slot + L.SLOT_OFF) >>> 2] !== off || u32[(slot + L.SLOT_META) >>> 2] !== index >>> 0
          || u32[(slot + L.SLOT_LEN) >>> 2] !== this.pushLen[k]) {
          fail('slot-write', `${s.name}: the input slot's header was rewritten`, index);
        }
        // a bad descriptor must be dropped untouched: nothing past the header may change
        const lo = this.pushBad[k] ? 12 : off - ENCAP_HEADROOM;
        const hi = this.pushBad[k] ? 12 : off + this.pushLen[k];
        const d = slotOutside(s.u8, u32, slot, size, 12, lo, hi);
        if (d >= 0) fail('slot-write', `${s.name}: input slot byte ${d} written (allowed ${lo}..${hi})`, index);
        if (this.pushBad[k] || d >= 0) fillGuard(s.u8, slot, size);
        else refillGuard(u32, slot, size, hi + NEAR);
      }
    }
  }

  /** Slots the engines produced this batch (wire inboxes, cali and uplink tx rings): same frames on
   *  both sides, writes only in [0, 12) and the frame (+ the consumer's 20 B headroom). */
  private checkProducedSlots(fail: (c: string, m: string, i?: number) => void): void {
    const [a, b] = this.sides;
    for (let r = 0; r < this.rings.addr.length; r++) {
      const role = this.rings.role[r];
      if (role === Role.HostIn) continue;
      const ring = this.rings.addr[r];
      let from = role === Role.Wire ? this.tail0[r] : a.u32[(ring + L.RING_TAIL) >>> 2];
      const to = role === Role.Wire ? a.u32[(ring + L.RING_TAIL) >>> 2] : a.u32[(ring + L.RING_HEAD) >>> 2];
      const base = a.u32[(ring + L.RING_SLOTS) >>> 2];
      const mask = a.u32[(ring + L.RING_MASK) >>> 2];
      const size = a.u32[(ring + L.RING_SLOT_SIZE) >>> 2];
      const maxFrame = L.slotMaxFrame(size);
      // a wire ring may have wrapped during the batch: only each slot's last use is still
      // there, over what longer frames before it left (so no guard after the frame then)
      const wrapped = ((to - from) >>> 0) > mask + 1;
      if (wrapped) from = (to - mask - 1) >>> 0;
      for (let idx = from; idx !== to; idx = (idx + 1) >>> 0) {
        const slot = base + ((idx & mask) >>> 0) * size;
        const len = a.u32[(slot + L.SLOT_LEN) >>> 2];
        const meta = a.u32[(slot + L.SLOT_META) >>> 2];
        if (a.u32[slot >>> 2] !== b.u32[slot >>> 2] || a.u32[(slot + 4) >>> 2] !== b.u32[(slot + 4) >>> 2] || meta !== b.u32[(slot + 8) >>> 2]) {
          fail('divergence', `ring @${ring} slot ${idx}: header ts len/off/meta ${len}/${a.u32[(slot + 4) >>> 2]}/${meta}, wasm ${b.u32[slot >>> 2]}/${b.u32[(slot + 4) >>> 2]}/${b.u32[(slot + 8) >>> 2]}`, meta);
        } else if (a.u32[(slot + L.SLOT_OFF) >>> 2] !== L.SLOT_HEADROOM || len > maxFrame) {
          fail('slot-write', `ring @${ring} slot ${idx}: the core wrote descriptor off ${a.u32[(slot + 4) >>> 2]} len ${len}`, meta);
        } else {
          const lo = role === Role.Wire ? L.SLOT_HEADROOM - ENCAP_HEADROOM : L.SLOT_HEADROOM;
          const at = firstDiff(a.u8, b.u8, slot + lo, slot + L.SLOT_HEADROOM + len);
          if (at >= 0) fail('divergence', `${OUTPUT_NAME[role]} frame differs at slot byte ${at - slot} (ts ${a.u8[at]}, wasm ${b.u8[at]})`, meta);
          for (const s of this.sides) {
            const d = slotOutside(s.u8, s.u32, slot, size, 12, lo, wrapped ? size : L.SLOT_HEADROOM + len);
            if (d >= 0) fail('slot-write', `${s.name}: ${OUTPUT_NAME[role]} slot byte ${d} written (frame len ${len})`, meta);
          }
        }
        const used = wrapped || len > maxFrame ? size : L.SLOT_HEADROOM + len + NEAR;
        refillGuard(a.u32, slot, size, used);
        refillGuard(b.u32, slot, size, used);
        if (role === Role.PodOut) this.consumed++;
        if (role === Role.UplinkOut) this.wired++;
      }
      if (role >= Role.PodOut) for (const s of this.sides) release(s.dp.mem, ring, ringCount(s.dp.mem, ring)); // the fuzzer consumes them
    }
  }

  private checkCounters(fail: (c: string, m: string, i?: number) => void): void {
    const [a, b] = this.sides;
    const cr = a.counterRanges;
    for (let n = 0; n < cr.length; n += 2) {
      for (let i = cr[n]; i < cr[n + 1]; i++) {
        if (a.f64[i] !== b.f64[i]) { // the first one per node says enough
          fail('divergence', `node ${n >>> 1} counter ${counterLabel(i - cr[n])}: ts ${a.f64[i]}, wasm ${b.f64[i]}`);
          break;
        }
      }
      const ctx = a.dp.nodes[n >>> 1].ctx;
      const [ida, idb] = [new NodeRecord(a.dp.mem, ctx).ipIdSeq, new NodeRecord(b.dp.mem, ctx).ipIdSeq];
      if (ida !== idb) fail('divergence', `node ${n >>> 1} IP ID sequence: ts ${ida}, wasm ${idb}`);
    }
    for (const s of this.sides) {
      for (let n = 0; n < cr.length; n += 2) {
        const c = cr[n];
        let inSide = s.f64[c + L.NC_RX];
        let outSide = s.f64[c + L.NC_TX_WIRE];
        for (const k of CREATED) inSide += s.f64[c + k];
        for (const k of DELIVERED) outSide += s.f64[c + k];
        for (let d = 0; d < L.DROP_COUNT; d++) outSide += s.f64[c + L.NC_DROP_BASE + d];
        if (inSide !== outSide) fail('accounting', `${s.name} node ${n >>> 1}: RX + created = ${inSide} but delivered + dropped + wire = ${outSide}`);
      }
      let created = 0;
      let ended = 0;
      for (const k of CREATED) created += s.total(k);
      for (const k of DELIVERED) ended += s.total(k);
      for (let d = 0; d < L.DROP_COUNT; d++) ended += s.total(L.NC_DROP_BASE + d);
      if (this.pushed + created !== ended + this.wired) {
        fail('accounting', `${s.name}: pushed ${this.pushed} + created ${created} ≠ delivered + dropped ${ended} + sent beyond ${this.wired}`);
      }
      if (s.total(L.NC_DELIVERED_POD) !== this.consumed) {
        fail('accounting', `${s.name}: DELIVERED_POD ${s.total(L.NC_DELIVERED_POD)} but ${this.consumed} frames found in the cali tx rings`);
      }
    }
  }

  /** Whole-memory check after frames up to `end` (exclusive): failures name the range of
   *  frames since the last clean check. */
  checkMemory(end: number): Failure[] {
    const out: Failure[] = [];
    const from = this.cleanFrom < 0 ? end : this.cleanFrom;
    for (const s of this.sides) {
      const at = s.watch.check(s.u32);
      if (at >= 0) {
        out.push({
          check: 'memory-write', message: `${s.name}: byte at ${at} changed outside every mutable field and slot frame`,
          seed: this.opts.seed, index: -1, batchFirst: from, batchCount: end - from,
        });
      }
    }
    if (out.length === 0) this.cleanFrom = end;
    return out;
  }

  /** Describe frame `index` (template, mutations, descriptor, hex) for a report. */
  describe(index: number): string {
    const m = new Mutation();
    this.mutator.make(this.opts.seed, index, m);
    const t = this.templates[m.template];
    const hex = Buffer.from(this.mutator.stage.subarray(m.start, m.start + Math.min(m.len, 2048))).toString('hex');
    const kinds = MUTATIONS[m.kind] + (m.second >= 0 ? ` + ${MUTATIONS[m.second]}` : '');
    const ring = this.rings.byAddr.get(m.ring);
    return `frame ${index}: template "${t.name}", mutation ${kinds}, ring #${ring} @${m.ring}, `
      + `descriptor off ${m.off} len ${m.descLen}${m.badDescriptor ? ' (bad)' : ''}\n  hex ${hex}`;
  }
}

function firstDiff(x: Uint8Array, y: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) if (x[i] !== y[i]) return i;
  return -1;
}

/** The name of f64 `i` of a node's counter block (node counters, then interface counters). */
function counterLabel(i: number): string {
  if (i < L.NC_COUNT) {
    if (i >= L.NC_DROP_BASE) return `drops.${DROP_REASONS.find(([, r]) => r === i - L.NC_DROP_BASE)?.[0] ?? i - L.NC_DROP_BASE}`;
    return NODE_COUNTERS.find(([, k]) => k === i)?.[0] ?? String(i);
  }
  const j = i - L.NC_COUNT;
  return `iface ${Math.floor(j / L.IC_COUNT)} ${IFACE_COUNTERS.find(([, k]) => k === j % L.IC_COUNT)?.[0] ?? j % L.IC_COUNT}`;
}
