// The pods' side of the cali rings, as the benchmark drives them inside a worker:
// - the generator is the PRODUCER of a pod's rx ring (pod eth0 → host cali): it copies a
//   pre-built frame into each free slot, then publishes head with ONE atomic store per burst
//   (pushCopies, host/dataplane/rings.ts);
// - the sink is the CONSUMER of a pod's tx ring (host cali → pod eth0): it loads head once,
//   counts the frames and their bytes, and releases them with ONE atomic store of tail
//   (drainCounting).
// The generator only writes into free space (no generator-side drop): when the engine falls
// behind, the pod simply sends less, like a socket whose qdisc is full.
// Pacing by the wire: a pod keeps at most `burst` frames waiting in its rx ring, and a pod
// sends only while the wire ring of its next frame's flow (inbox[peer node][this worker]) has
// room for what one burst of every sender of this worker puts into it — Ethernet PAUSE flow
// control, in effect. A sender with one cross-host template puts a whole burst into its ring;
// one that cycles through T templates puts burst/T into each of their rings. Without it an
// overloaded run spends most of its CPU forwarding frames that the peer's full inbox then
// tail-drops, which measures the drop path, not forwarding. The same pacing applies to every
// engine (a few atomic loads per pod per loop, at most one per frame with many destinations:
// a frame whose ring has no room is passed over, the sender's other destinations still get
// theirs, and the sender is held back whole only when none has room).
// The uplink tx rings (frames for addresses outside the cluster) are drained like the wire
// would take them, and counted.
// Per-packet work here is a 16-byte descriptor plus the template copy; nothing allocates.

import type { Mem } from '../dataplane/mem.ts';
import { drainCounting, freeSlots, pushChosen, ringCount, type Tally } from '../dataplane/rings.ts';
import { RING_SLOT_COUNT } from '../layout.ts';

export class PodPorts {
  private readonly mem: Mem;
  // generator: one entry per sending pod
  private readonly rx: Uint32Array;
  private readonly rxSlots: Uint32Array;
  private readonly templates: Uint8Array[][];
  private readonly tplBase: Uint32Array; // the pod's first entry in the per-template arrays
  private readonly gate: Uint32Array; // per template: the wire ring that paces it, 0 = none (same host)
  private readonly gateNeed: Uint32Array; // per template: free slots its gate ring must have
  private readonly gateSlots: Uint32Array;
  private readonly tplNext: Uint32Array;
  // sink: one entry per pod (every pod of an owned node receives)
  private readonly tx: Uint32Array;
  // the wire beyond the cluster: one uplink tx ring per owned node
  private readonly uplinks: Uint32Array;
  private readonly wire: Tally = { frames: 0, bytes: 0 };
  private readonly burst: number;
  private seq = 0;
  private readonly sunk: Tally = { frames: 0, bytes: 0 };
  /** Frames generated so far. */
  generated = 0;
  private readonly picked: Uint32Array;
  /** Sender bursts held back whole by pacing (every wire ring of the sender without room). */
  paceStalls = 0;

  constructor(
    mem: Mem,
    senders: { rxRing: number; gateRings: number[]; templates: Uint8Array[] }[],
    txRings: number[],
    uplinkRings: number[],
    burst: number,
  ) {
    this.mem = mem;
    this.burst = burst;
    const slotsOf = (r: number) => (r === 0 ? 0 : mem.u32[(r + RING_SLOT_COUNT) >>> 2]);
    this.rx = Uint32Array.from(senders.map((s) => s.rxRing));
    this.rxSlots = Uint32Array.from(senders.map((s) => slotsOf(s.rxRing)));
    const gates = senders.flatMap((s) => s.gateRings);
    this.tplBase = new Uint32Array(senders.length);
    senders.reduce((at, s, i) => ((this.tplBase[i] = at), at + s.gateRings.length), 0);
    this.gate = Uint32Array.from(gates);
    this.gateSlots = Uint32Array.from(gates, slotsOf);
    // frames one burst of every sender puts into each ring
    const load = new Map<number, number>();
    for (const s of senders) for (const g of s.gateRings) if (g !== 0) load.set(g, (load.get(g) ?? 0) + burst / s.gateRings.length);
    // A ring smaller than all its senders' bursts opens when empty (a few ring_full drops then
    // possible, counted) rather than never.
    this.gateNeed = Uint32Array.from(gates, (g) => (g === 0 ? 0 : Math.min(slotsOf(g), Math.ceil(load.get(g) ?? burst))));
    this.templates = senders.map((s) => s.templates);
    this.tplNext = new Uint32Array(senders.length);
    this.picked = new Uint32Array(burst);
    this.tx = Uint32Array.from(txRings);
    this.uplinks = Uint32Array.from(uplinkRings);
  }

  get senderCount(): number {
    return this.rx.length;
  }

  /** Frames delivered to the pods so far, and their Ethernet bytes. */
  get delivered(): number {
    return this.sunk.frames;
  }

  get deliveredBytes(): number {
    return this.sunk.bytes;
  }

  /** Frames taken off the uplinks (to addresses outside the cluster). */
  get wired(): number {
    return this.wire.frames;
  }

  /** Tops up the rx rings of senders [from, to) with at most `burst` frames each. */
  generate(from: number, to: number): number {
    const mem = this.mem;
    let made = 0;
    for (let p = from; p < to; p++) {
      const r = this.rx[p];
      const n = this.burst - (this.rxSlots[p] - freeSlots(mem, r)); // top up to one burst waiting
      if (n <= 0) continue;
      const k = this.pick(p, n);
      if (k === 0) {
        this.paceStalls++;
        continue;
      }
      const done = pushChosen(mem, r, this.templates[p], this.picked, k, this.seq);
      this.seq = (this.seq + done) >>> 0;
      made += done;
    }
    this.generated += made;
    return made;
  }

  /** Up to `n` of sender `p`'s next frames whose wire rings have room, in its template order,
   *  into `picked`; a template whose ring is full is passed over this time (the sender's other
   *  destinations still get their frames). Returns how many. */
  private pick(p: number, n: number): number {
    const mem = this.mem;
    const count = this.templates[p].length;
    const base = this.tplBase[p];
    let next = this.tplNext[p];
    let k = 0;
    let closed = 0;
    while (k < n && closed < count) {
      const t = base + next;
      const g = this.gate[t];
      if (g === 0 || ringCount(mem, g) + this.gateNeed[t] <= this.gateSlots[t]) {
        this.picked[k++] = next;
        closed = 0;
      } else closed++;
      if (++next === count) next = 0;
    }
    this.tplNext[p] = next;
    return k;
  }

  /** Drains the tx rings of pods [from, to); returns the frames taken. */
  sink(from: number, to: number): number {
    let taken = 0;
    for (let p = from; p < to; p++) taken += drainCounting(this.mem, this.tx[p], this.sunk);
    return taken;
  }

  /** Takes what owned node `i` sent beyond the cluster off its uplink; returns the frames. */
  drainUplink(i: number): number {
    return drainCounting(this.mem, this.uplinks[i], this.wire);
  }
}
