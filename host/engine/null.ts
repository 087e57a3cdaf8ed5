// The null engine: the copy limit. It drains a node's input rings exactly as the real
// engines do (one atomic load of head and one store of tail per ring per step, one publish
// per touched output ring) and copies each frame, untouched, into an output ring without
// looking at it: a pod's frames go back to the same pod (cali k rx → cali k tx), frames
// from the wire go to the node's first pod (or back onto the wire, into its uplink tx ring,
// when it has none). Whatever rate it reaches bounds what any engine can do on the same rings. Like the
// core, it finds a node's rings through its context (inbox table, interface records).
import { BURST, type Engine } from './engine.ts';
import { Heap, heapFns, type HeapViews } from './ts/heap.ts';
import { ringFns, type RingFns } from './ts/ring.ts';
import { countersFns, type CountersFns } from './ts/counters.ts';
import { contextFns, type ContextFns } from './ts/context.ts';
import {
  NC_RX, NC_DELIVERED_POD, NC_TX_WIRE, DROP_RING_FULL, SLOT_LEN, SLOT_OFF, SLOT_META,
  SLOT_HEADROOM, RING_SLOT_SIZE, IF_FIRST_CALI, IF_RX_RING, IF_TX_RING, IF_UPLINK, NODE_IF_COUNT,
  NODE_INBOX_COUNT, NODE_INBOX_TABLE,
} from '../layout.ts';

export class NullEngine implements Engine {
  readonly name = 'null' as const;
  readonly nodeCount: number;
  private readonly ctxs: Uint32Array;
  private readonly U32: Uint32Array;
  private readonly ring: RingFns;
  private readonly context: ContextFns;
  private readonly counters: CountersFns;
  private readonly memoryCopy: (dst: number, src: number, len: number) => void;

  /** `ctxs[i]`: the context address of node i in `heap`. It reads rings and counts through
   *  the twin's functions (their own instances: heap.ts). */
  constructor(heap: HeapViews, ctxs: ArrayLike<number>) {
    this.ctxs = Uint32Array.from(ctxs);
    this.nodeCount = this.ctxs.length;
    const h = new Heap(heap);
    this.U32 = h.U32;
    this.ring = ringFns(h);
    this.context = contextFns(h);
    this.counters = countersFns(h, { context: this.context });
    this.memoryCopy = heapFns(h).memoryCopy;
  }

  step(node: number, budget = BURST): number {
    const ctx = this.ctxs[node];
    const { U32 } = this;
    const { ifPtr } = this.context;
    this.context.bindNode(ctx);
    this.counters.bindCounters(ctx);
    const ifCount = U32[(ctx + NODE_IF_COUNT) >>> 2];
    const wireOif = ifCount > IF_FIRST_CALI ? IF_FIRST_CALI : IF_UPLINK;
    const wireTo = U32[(ifPtr(ctx, wireOif) + IF_TX_RING) >>> 2];
    const wireCounter = wireOif === IF_UPLINK ? NC_TX_WIRE : NC_DELIVERED_POD;
    const inboxes = U32[(ctx + NODE_INBOX_TABLE) >>> 2];
    const inboxCount = U32[(ctx + NODE_INBOX_COUNT) >>> 2];
    let done = 0;
    for (let w = 0; w < inboxCount; w++) done += this.move(ctx, U32[(inboxes >>> 2) + w], wireTo, wireOif, wireCounter, budget);
    for (let k = IF_FIRST_CALI; k < ifCount; k++) {
      const ifp = ifPtr(ctx, k);
      done += this.move(ctx, U32[(ifp + IF_RX_RING) >>> 2], U32[(ifp + IF_TX_RING) >>> 2], k, NC_DELIVERED_POD, budget);
    }
    return done;
  }

  /** Copy up to `budget` frames from `from` into `to` (interface `oif`), counting `counter`. */
  private move(ctx: number, from: number, to: number, oif: number, counter: number, budget: number): number {
    const { U32, memoryCopy } = this;
    const { ringReadable, ringTail, ringRelease, ringSlot, ringReserve, ringCommit, ringPublish, ringRefreshTail } = this.ring;
    const { countNode, dropTx } = this.counters;
    let n = ringReadable(from);
    if (n > budget) n = budget;
    if (n === 0) return 0;
    const tail = ringTail(from);
    const size = U32[(from + RING_SLOT_SIZE) >>> 2];
    const room = U32[(to + RING_SLOT_SIZE) >>> 2] - SLOT_HEADROOM;
    ringRefreshTail(to);
    for (let i = 0; i < n; i++) {
      const src = ringSlot(from, tail + i);
      countNode(ctx, NC_RX);
      const dst = ringReserve(to);
      if (dst === 0) {
        dropTx(ctx, oif, DROP_RING_FULL);
        continue;
      }
      const off = U32[(src + SLOT_OFF) >>> 2];
      const len = Math.min(U32[(src + SLOT_LEN) >>> 2], size - Math.min(off, size), room);
      memoryCopy(dst + SLOT_HEADROOM, src + off, len);
      U32[(dst + SLOT_LEN) >>> 2] = len;
      U32[(dst + SLOT_OFF) >>> 2] = SLOT_HEADROOM;
      U32[(dst + SLOT_META) >>> 2] = U32[(src + SLOT_META) >>> 2];
      ringCommit(to);
      countNode(ctx, counter);
    }
    ringRelease(from, tail + n);
    ringPublish(to);
    return n;
  }
}
