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
// sends only while every wire ring of its next frame's flow (paths.ts: inbox[peer][this
// worker]; across subnets inbox[router][this worker], then inbox[peer][the router's worker],
// counting what still waits in the router's inboxes) has room for what one burst of every
// sender feeding it puts into it — Ethernet PAUSE flow control, in effect. A sender with one cross-host template puts a whole burst into its ring;
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

/** A wire ring that paces a template's frames: the ring, the rings whose frames may still be on
 *  their way into it (paths.ts Hop.upstream), and what one burst of every sender feeding it
 *  puts into it. */
export interface Gate {
  ring: number;
  upstream: number[];
  load: number;
}

export class PodPorts {
  private readonly mem: Mem;
  // generator: one entry per sending pod
  private readonly rx: Uint32Array;
  private readonly rxSlots: Uint32Array;
  private readonly templates: Uint8Array[][];
  private readonly tplBase: Uint32Array; // the pod's first entry in the per-template arrays
  private readonly gateFirst: Uint32Array; // per template: its gates [gateFirst[t], gateFirst[t + 1]) (none: same host)
  private readonly gate: Uint32Array; // per gate: the wire ring
  private readonly gateNeed: Uint32Array; // per gate: free slots its ring must have
  private readonly gateSlots: Uint32Array;
  private readonly upFirst: Uint32Array; // per gate: its upstream rings [upFirst[g], upFirst[g + 1])
  private readonly up: Uint32Array;
  private readonly tplNext: Uint32Array;
  // sink: one entry per pod (every pod of an owned node receives)
  private readonly tx: Uint32Array;
  // the wire beyond the cluster: the uplink tx rings of each owned node (a router has several)
  private readonly uplinks: Uint32Array;
  private readonly uplinkFrom: Uint32Array; // per owned node: [uplinkFrom[i], uplinkFrom[i + 1])
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
    senders: { rxRing: number; gates: Gate[][]; templates: Uint8Array[] }[],
    txRings: number[],
    uplinkRings: number[][],
    burst: number,
  ) {
    this.mem = mem;
    this.burst = burst;
    const slotsOf = (r: number) => (r === 0 ? 0 : mem.u32[(r + RING_SLOT_COUNT) >>> 2]);
    this.rx = Uint32Array.from(senders.map((s) => s.rxRing));
    this.rxSlots = Uint32Array.from(senders.map((s) => slotsOf(s.rxRing)));
    const perTemplate = senders.flatMap((s) => s.gates);
    this.tplBase = new Uint32Array(senders.length);
    senders.reduce((at, s, i) => ((this.tplBase[i] = at), at + s.gates.length), 0);
    this.gateFirst = new Uint32Array(perTemplate.length + 1);
    perTemplate.forEach((g, t) => (this.gateFirst[t + 1] = this.gateFirst[t] + g.length));
    const gates = perTemplate.flat();
    this.gate = Uint32Array.from(gates, (g) => g.ring);
    this.gateSlots = Uint32Array.from(gates, (g) => slotsOf(g.ring));
    // A ring smaller than all its senders' bursts opens when empty (a few ring_full drops then
    // possible, counted) rather than never.
    this.gateNeed = Uint32Array.from(gates, (g) => Math.min(slotsOf(g.ring), Math.ceil(g.load)));
    this.upFirst = new Uint32Array(gates.length + 1);
    gates.forEach((g, i) => (this.upFirst[i + 1] = this.upFirst[i] + g.upstream.length));
    this.up = Uint32Array.from(gates.flatMap((g) => g.upstream));
    this.templates = senders.map((s) => s.templates);
    this.tplNext = new Uint32Array(senders.length);
    this.picked = new Uint32Array(burst);
    this.tx = Uint32Array.from(txRings);
    this.uplinks = Uint32Array.from(uplinkRings.flat());
    this.uplinkFrom = new Uint32Array(uplinkRings.length + 1);
    uplinkRings.forEach((r, i) => (this.uplinkFrom[i + 1] = this.uplinkFrom[i] + r.length));
  }

  /** Back to the state of a new PodPorts: a session on the same image and plan starts where
   *  the first one did (template order, metas, tallies). */
  reset(): void {
    this.tplNext.fill(0);
    this.seq = 0;
    this.generated = 0;
    this.paceStalls = 0;
    this.sunk.frames = this.sunk.bytes = 0;
    this.wire.frames = this.wire.bytes = 0;
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
    const count = this.templates[p].length;
    const base = this.tplBase[p];
    let next = this.tplNext[p];
    let k = 0;
    let closed = 0;
    while (k < n && closed < count) {
      if (this.open(base + next)) {
        this.picked[k++] = next;
        closed = 0;
      } else closed++;
      if (++next === count) next = 0;
    }
    this.tplNext[p] = next;
    return k;
  }

  /** Every wire ring on template t's way has room for a burst of each of its feeders. */
  private open(t: number): boolean {
    const mem = this.mem;
    for (let g = this.gateFirst[t]; g < this.gateFirst[t + 1]; g++) {
      let used = ringCount(mem, this.gate[g]);
      for (let u = this.upFirst[g]; u < this.upFirst[g + 1]; u++) used += ringCount(mem, this.up[u]);
      if (used + this.gateNeed[g] > this.gateSlots[g]) return false;
    }
    return true;
  }

  /** Drains the tx rings of pods [from, to); returns the frames taken. */
  sink(from: number, to: number): number {
    let taken = 0;
    for (let p = from; p < to; p++) taken += drainCounting(this.mem, this.tx[p], this.sunk);
    return taken;
  }

  /** Takes what owned node `i` sent beyond the cluster off its uplink; returns the frames. */
  drainUplink(i: number): number {
    let n = 0;
    for (let k = this.uplinkFrom[i]; k < this.uplinkFrom[i + 1]; k++) n += drainCounting(this.mem, this.uplinks[k], this.wire);
    return n;
  }
}
