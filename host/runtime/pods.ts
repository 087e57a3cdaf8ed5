// The pods' side of the cali rings, as the benchmark drives them inside a worker:
// - the generator is the PRODUCER of a pod's rx ring (pod eth0 → host cali): it copies a
//   pre-built frame into each free slot, then publishes head with ONE atomic store per burst;
// - the sink is the CONSUMER of a pod's tx ring (host cali → pod eth0): it loads head once,
//   counts the frames and their bytes, and releases them with ONE atomic store of tail.
// The generator only writes into free space (no generator-side drop): when the engine falls
// behind, the pod simply sends less, like a socket whose qdisc is full.
// Pacing by the wire: a pod keeps at most `burst` frames waiting in its rx ring, and a pod
// with a cross-host flow sends only while that flow's wire ring (inbox[peer node][this
// worker]) has room for a burst from every sender of this worker that feeds it — Ethernet
// PAUSE flow control, in effect. Without it an overloaded run spends most of its CPU
// forwarding frames that the peer's full inbox then tail-drops, which measures the drop path,
// not forwarding. The same pacing applies to every engine (a few atomic loads per pod per
// loop, never per packet).
// Per-packet work here is a 16-byte descriptor plus the template copy; nothing allocates.

import {
  RING_HEAD, RING_HEAD_SHADOW, RING_MASK, RING_SLOT_COUNT, RING_SLOTS, RING_TAIL, SLOT_HEADROOM,
  SLOT_LEN, SLOT_META, SLOT_OFF, SLOT_SIZE,
} from '../layout.ts';
import type { Mem } from '../dataplane/mem.ts';

export class PodPorts {
  private readonly u8: Uint8Array;
  private readonly u32: Uint32Array;
  private readonly i32: Int32Array;
  // generator: one entry per sending pod
  private readonly rx: Uint32Array;
  private readonly gate: Uint32Array; // wire ring that paces the pod, 0 = none (same-host only)
  private readonly gateNeed: Uint32Array; // free slots the gate ring must have: burst × its senders here
  private readonly tplFirst: Uint32Array;
  private readonly tplCount: Uint32Array;
  private readonly tplNext: Uint32Array;
  private readonly templates: Uint8Array[];
  private readonly tplLen: Uint32Array;
  // sink: one entry per pod (every pod of an owned node receives)
  private readonly tx: Uint32Array;
  private readonly burst: number;
  private seq = 0;
  /** Frames generated and delivered so far, delivered Ethernet bytes. */
  generated = 0;
  delivered = 0;
  deliveredBytes = 0;

  constructor(
    mem: Mem,
    senders: { rxRing: number; gateRing: number; templates: Uint8Array[] }[],
    txRings: number[],
    burst: number,
  ) {
    this.u8 = mem.u8;
    this.u32 = mem.u32;
    this.i32 = mem.i32;
    this.burst = burst;
    this.rx = Uint32Array.from(senders.map((s) => s.rxRing));
    this.gate = Uint32Array.from(senders.map((s) => s.gateRing));
    const sharers = new Map<number, number>();
    for (const s of senders) if (s.gateRing !== 0) sharers.set(s.gateRing, (sharers.get(s.gateRing) ?? 0) + 1);
    // A ring smaller than all its senders' bursts opens when empty (a few ring_full drops then
    // possible, counted) rather than never.
    const slotsOf = (r: number) => mem.u32[(r + RING_SLOT_COUNT) >>> 2];
    this.gateNeed = Uint32Array.from(senders.map((s) => (s.gateRing === 0 ? 0 : Math.min(slotsOf(s.gateRing), burst * (sharers.get(s.gateRing) ?? 1)))));
    this.templates = [];
    this.tplFirst = new Uint32Array(senders.length);
    this.tplCount = new Uint32Array(senders.length);
    this.tplNext = new Uint32Array(senders.length);
    senders.forEach((s, i) => {
      this.tplFirst[i] = this.templates.length;
      this.tplCount[i] = s.templates.length;
      for (const t of s.templates) this.templates.push(t);
    });
    this.tplLen = Uint32Array.from(this.templates.map((t) => t.length));
    this.tx = Uint32Array.from(txRings);
  }

  get senderCount(): number {
    return this.rx.length;
  }

  /** Tops up the rx rings of senders [from, to) with at most `burst` frames each. */
  generate(from: number, to: number): number {
    const u32 = this.u32;
    let made = 0;
    for (let p = from; p < to; p++) {
      const g = this.gate[p] >>> 2;
      if (g !== 0) {
        const used = (Atomics.load(this.i32, g + (RING_HEAD >>> 2)) - Atomics.load(this.i32, g + (RING_TAIL >>> 2))) >>> 0;
        if (used + this.gateNeed[p] > u32[g + (RING_SLOT_COUNT >>> 2)]) continue;
      }
      const r = this.rx[p] >>> 2;
      const head = u32[r + (RING_HEAD >>> 2)];
      const tail = Atomics.load(this.i32, r + (RING_TAIL >>> 2)) >>> 0;
      const n = this.burst - ((head - tail) >>> 0); // top up to one burst waiting
      if (n <= 0) continue;
      const slots = u32[r + (RING_SLOTS >>> 2)];
      const mask = u32[r + (RING_MASK >>> 2)];
      const first = this.tplFirst[p];
      const count = this.tplCount[p];
      let next = this.tplNext[p];
      for (let i = 0; i < n; i++) {
        const slot = slots + ((head + i) & mask) * SLOT_SIZE;
        const t = first + next;
        if (++next === count) next = 0;
        const len = this.tplLen[t];
        u32[(slot + SLOT_LEN) >>> 2] = len;
        u32[(slot + SLOT_OFF) >>> 2] = SLOT_HEADROOM;
        u32[(slot + SLOT_META) >>> 2] = this.seq++ >>> 0;
        this.u8.set(this.templates[t], slot + SLOT_HEADROOM);
      }
      this.tplNext[p] = next;
      const newHead = (head + n) >>> 0;
      u32[r + (RING_HEAD_SHADOW >>> 2)] = newHead;
      Atomics.store(this.i32, r + (RING_HEAD >>> 2), newHead | 0);
      made += n;
    }
    this.generated += made;
    return made;
  }

  /** Drains the tx rings of pods [from, to); returns the frames taken. */
  sink(from: number, to: number): number {
    const u32 = this.u32;
    let taken = 0;
    let bytes = 0;
    for (let p = from; p < to; p++) {
      const r = this.tx[p] >>> 2;
      const head = Atomics.load(this.i32, r + (RING_HEAD >>> 2)) >>> 0;
      const tail = u32[r + (RING_TAIL >>> 2)];
      const n = (head - tail) >>> 0;
      if (n === 0) continue;
      const slots = u32[r + (RING_SLOTS >>> 2)];
      const mask = u32[r + (RING_MASK >>> 2)];
      for (let i = 0; i < n; i++) bytes += u32[(slots + ((tail + i) & mask) * SLOT_SIZE + SLOT_LEN) >>> 2];
      Atomics.store(this.i32, r + (RING_TAIL >>> 2), head | 0);
      taken += n;
    }
    this.delivered += taken;
    this.deliveredBytes += bytes;
    return taken;
  }
}
