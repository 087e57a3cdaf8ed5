// The null engine: the ceiling of the path a frame takes, without the dataplane. It carries
// each frame along the same rings as the real engines, in the same order, with the same ring
// protocol and the same per-frame books, and only copies:
//
//   pod rx ring ──► its node ──┬─ destination pod on this node ──► that pod's cali tx ring
//   (cali k rx)   (one copy)   └─ on another node ──► inbox[dst node][this worker] (the wire:
//                                  across workers when the nodes are on different workers)
//   inbox ──► the destination node ──► the destination pod's cali tx ring (one copy)
//
// So a cross-host frame is copied twice, on two nodes (as encap and decap copy it in the
// core), and a frame between nodes of different workers crosses cores as the core's does.
// The destination is found by the frame's IPv4 destination in a table of pod addresses built
// once from the interface records (one hashed probe instead of the core's parse, LPM and
// next hop); anything else (ARP, a non-pod address, a runt) goes out the uplink tx ring, as
// the core's frames for addresses outside the dataplane do. It never rewrites a byte: no
// TTL, no checksum, no outer header (so a wire frame is 20 bytes shorter than the core's).
//
// It runs the twin's own ring, counter and transmit functions (tx.ts: touch, reserve, copy,
// commit, one publish per touched ring at the end of the step), taken from the one twin per
// memory view (ts/engine.ts twinFor) so that no second closure of them exists in a thread
// that also runs the TS engine. wasm/null therefore measures what the dataplane's parsing and
// decisions cost on top of moving the frame.
import { BURST, type Engine } from './engine.ts';
import type { HeapViews } from './ts/heap.ts';
import { twinFor } from './ts/engine.ts';
import {
  NC_RX, SLOT_LEN, SLOT_OFF, SLOT_META, SLOT_HEADROOM, RING_SLOT_SIZE, IF_FIRST_CALI, IF_RX_RING,
  IF_UPLINK, IF_KIND, IFK_CALI, IF_PEER_IP, NODE_IF_COUNT, NODE_INBOX_COUNT, NODE_INBOX_TABLE,
  NODE_EXTERNAL, DROP_BAD_DESCRIPTOR, IF_SIZE, NODE_IF_TABLE,
} from '../layout.ts';

const MIN_FRAME_OFF = SLOT_HEADROOM - 28; // the core's descriptor check (node.ts drainRing)
const IPV4_DST_AT = 14 + 16; // Ethernet header + the IPv4 destination's offset
const EMPTY = 0; // 0.0.0.0 is never a pod address

/** Pod address → (node << 8 | cali interface), open addressing, one probe on average. */
class PodTable {
  private readonly keys: Uint32Array;
  private readonly vals: Int32Array;
  private readonly mask: number;

  constructor(entries: [ip: number, node: number, iface: number][]) {
    let size = 16;
    while (size < entries.length * 2) size <<= 1;
    this.keys = new Uint32Array(size);
    this.vals = new Int32Array(size);
    this.mask = size - 1;
    for (const [ip, node, iface] of entries) {
      if (ip === EMPTY) continue;
      let i = this.slot(ip);
      while (this.keys[i] !== EMPTY && this.keys[i] !== ip) i = (i + 1) & this.mask;
      this.keys[i] = ip;
      this.vals[i] = (node << 8) | iface;
    }
  }

  private slot(ip: number): number {
    return Math.imul(ip, 0x9e3779b1) >>> 0 & this.mask;
  }

  /** (node << 8 | iface), or -1 when `ip` is no pod's. */
  get(ip: number): number {
    const keys = this.keys;
    for (let i = this.slot(ip); ; i = (i + 1) & this.mask) {
      const k = keys[i];
      if (k === ip) return this.vals[i];
      if (k === EMPTY) return -1;
    }
  }
}

export class NullEngine implements Engine {
  readonly name = 'null' as const;
  readonly nodeCount: number;
  private readonly ctxs: Uint32Array;
  private readonly step_: (ctx: number, node: number, budget: number) => number;

  /** `ctxs[i]`: the context address of node i in `heap`. */
  constructor(heap: HeapViews, ctxs: ArrayLike<number>) {
    this.ctxs = Uint32Array.from(ctxs);
    this.nodeCount = this.ctxs.length;
    this.step_ = nullFns(heap, this.ctxs).step;
  }

  step(node: number, budget = BURST): number {
    return this.step_(this.ctxs[node], node, budget);
  }
}

function podTableOf(U32: Uint32Array, ctxs: Uint32Array): PodTable {
  const entries: [number, number, number][] = [];
  for (let n = 0; n < ctxs.length; n++) {
    const ctx = ctxs[n];
    const ifs = U32[(ctx + NODE_IF_TABLE) >>> 2];
    const count = U32[(ctx + NODE_IF_COUNT) >>> 2];
    for (let k = IF_FIRST_CALI; k < count; k++) {
      const ifp = ifs + k * IF_SIZE;
      if (U32[(ifp + IF_KIND) >>> 2] === IFK_CALI) entries.push([U32[(ifp + IF_PEER_IP) >>> 2], n, k]);
    }
  }
  return new PodTable(entries);
}

function nullFns(heap: HeapViews, ctxs: Uint32Array) {
  const twin = twinFor(heap);
  const { U32, U8 } = { U32: heap.u32, U8: heap.u8 };
  const pods = podTableOf(U32, ctxs);
  const { ringReadable, ringTail, ringRelease, ringSlot } = twin.ring;
  const { countNode, dropRx, ifReceived, bindCapture, bindCounters } = twin.counters;
  const { bindNode, ifPtr } = twin.context;
  const { sendToPod, sendOnWire, flushTouched } = twin.tx;

  /** One frame: to its pod's cali tx ring on this node, else onto the wire towards its node. */
  function carry(ctx: number, self: number, inIf: number, frame: number, len: number, meta: number): void {
    ifReceived(ctx, inIf, frame, len);
    const p = frame + IPV4_DST_AT;
    const dst = len >= IPV4_DST_AT + 4 ? pods.get(((U8[p] << 24) | (U8[p + 1] << 16) | (U8[p + 2] << 8) | U8[p + 3]) >>> 0) : -1;
    if (dst < 0) sendOnWire(ctx, frame, len, NODE_EXTERNAL, meta);
    else if (dst >>> 8 === self) sendToPod(ctx, dst & 0xff, frame, len, meta);
    else sendOnWire(ctx, frame, len, dst >>> 8, meta);
  }

  function drain(ctx: number, self: number, inIf: number, ring: number, budget: number): number {
    let n = ringReadable(ring);
    if (n > budget) n = budget;
    if (n === 0) return 0;
    const tail = ringTail(ring);
    const size = U32[(ring + RING_SLOT_SIZE) >>> 2];
    for (let i = 0; i < n; i++) {
      const slot = ringSlot(ring, tail + i);
      const off = U32[(slot + SLOT_OFF) >>> 2];
      const len = U32[(slot + SLOT_LEN) >>> 2];
      countNode(ctx, NC_RX);
      if (off < MIN_FRAME_OFF || off > size || len > size - off) {
        dropRx(ctx, inIf, DROP_BAD_DESCRIPTOR);
        continue;
      }
      carry(ctx, self, inIf, slot + off, len, U32[(slot + SLOT_META) >>> 2]);
    }
    ringRelease(ring, tail + n);
    return n;
  }

  /** The core's nodeStep order: the inboxes, then the calis by index, then one publish per ring. */
  function step(ctx: number, self: number, budget: number): number {
    bindCapture(null);
    bindNode(ctx);
    bindCounters(ctx);
    let done = 0;
    const inboxes = U32[(ctx + NODE_INBOX_TABLE) >>> 2];
    const nIn = U32[(ctx + NODE_INBOX_COUNT) >>> 2];
    for (let i = 0; i < nIn; i++) done += drain(ctx, self, IF_UPLINK, U32[(inboxes >>> 2) + i], budget);
    const nIf = U32[(ctx + NODE_IF_COUNT) >>> 2];
    for (let k = IF_FIRST_CALI; k < nIf; k++) done += drain(ctx, self, k, U32[(ifPtr(ctx, k) + IF_RX_RING) >>> 2], budget);
    flushTouched(ctx);
    return done;
  }
  return { step };
}
