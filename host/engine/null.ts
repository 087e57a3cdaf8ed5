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
// Across subnets it is copied once more by each router on its path, as the core forwards it
// there (nullHops.ts: the next host read from each host's own FIB).
// The destination is found by the frame's IPv4 destination in a table of pod addresses built
// once from the interface records (one hashed probe instead of the core's parse, LPM and
// next hop); a TCP or UDP frame for a Service's virtual server goes to one of its real
// servers' pods (nullServices.ts: the --mix service path, without NAT or conntrack); anything
// else (ARP, a non-pod address, a runt) goes out the uplink tx ring, as the core's frames for
// addresses outside the dataplane do. It never rewrites a byte: no
// TTL, no checksum, no outer header (so a wire frame is 20 bytes shorter than the core's).
//
// The ring protocol is the core's (ring.ts, tx.ts): one atomic load of head and one store of
// tail per input ring per step; an output ring's tail loaded once when the step first touches
// it, the ring put on the node's flush list and published once at the end of the step; a full
// ring is a counted ringFull drop. It keeps the node's books (rx, deliveredPod, txWire, drops)
// so conservation holds, and nothing else: no interface counters, no captures. It is one flat
// loop over typed arrays, so that it is the fastest way this host moves a frame along that
// path, not a straw man: wasm/null is what the dataplane's parsing and decisions cost on top
// of moving the frame.
import { BURST, type Engine } from './engine.ts';
import type { HeapViews } from './ts/heap.ts';
import { nullHops } from './nullHops.ts';
import { nullServices } from './nullServices.ts';
import {
  NC_RX, NC_DELIVERED_POD, NC_TX_WIRE, NC_DROP_BASE, DROP_RING_FULL, DROP_TOO_BIG_FOR_SLOT, DROP_BAD_DESCRIPTOR,
  SLOT_LEN, SLOT_OFF, SLOT_META, SLOT_HEADROOM, RING_SLOT_COUNT, RING_MASK, RING_SLOTS, RING_SLOT_SIZE, RING_HEAD,
  RING_HEAD_SHADOW, RING_TAIL, RING_TAIL_CACHE, RING_TOUCHED, IF_FIRST_CALI, IF_RX_RING, IF_TX_RING, IF_UPLINK, IF_KIND, IF_INBOX_TABLE,
  IFK_CALI, IF_PEER_IP, IF_SIZE, NODE_IF_TABLE, NODE_IF_COUNT, NODE_INBOX_COUNT, NODE_INBOX_TABLE, NODE_WORKER,
  NODE_COUNTERS, NODE_FLUSH_COUNT, NODE_FLUSH_LIST, FLUSH_MAX, LAYOUT_BASE, GH_INBOX_TABLE, GH_INBOXES_PER_NODE,
  slotMaxFrame,
} from '../layout.ts';

const MIN_FRAME_OFF = SLOT_HEADROOM - 28; // the core's descriptor check (node.ts drainRing)
const IPV4_DST_AT = 14 + 16; // Ethernet header + the IPv4 destination's offset
const IPV4_PROTO_AT = 14 + 9;

export class NullEngine implements Engine {
  readonly name = 'null' as const;
  readonly nodeCount: number;
  private readonly ctxs: Uint32Array;
  private readonly stepCtx: (ctx: number, node: number, budget: number) => number;

  /** `ctxs[i]`: the context address of node i in `memory` (`heap`: views of its buffer). */
  constructor(memory: WebAssembly.Memory, heap: HeapViews, ctxs: ArrayLike<number>) {
    this.ctxs = Uint32Array.from(ctxs);
    this.nodeCount = this.ctxs.length;
    this.stepCtx = nullFns(memory, heap, this.ctxs);
  }

  step(node: number, budget = BURST): number {
    return this.stepCtx(this.ctxs[node], node, budget);
  }
}

/** Pod address → (node << 8 | cali interface): open addressing, keys 0 = empty (0.0.0.0 is
 *  never a pod's), about one probe per lookup at load ≤ 1/2. */
function podTable(U32: Uint32Array, ctxs: Uint32Array): { keys: Uint32Array; vals: Int32Array; mask: number } {
  const entries: number[][] = [];
  for (let n = 0; n < ctxs.length; n++) {
    const ifs = U32[(ctxs[n] + NODE_IF_TABLE) >>> 2];
    const count = U32[(ctxs[n] + NODE_IF_COUNT) >>> 2];
    for (let k = IF_FIRST_CALI; k < count; k++) {
      const ifp = ifs + k * IF_SIZE;
      if (U32[(ifp + IF_KIND) >>> 2] === IFK_CALI && U32[(ifp + IF_PEER_IP) >>> 2] !== 0) entries.push([U32[(ifp + IF_PEER_IP) >>> 2], n, k]);
    }
  }
  let size = 16;
  while (size < entries.length * 2) size <<= 1;
  const keys = new Uint32Array(size);
  const vals = new Int32Array(size);
  const mask = size - 1;
  for (const [ip, node, iface] of entries) {
    let i = (Math.imul(ip, 0x9e3779b1) >>> 0) & mask;
    while (keys[i] !== 0 && keys[i] !== ip) i = (i + 1) & mask;
    keys[i] = ip;
    vals[i] = (node << 8) | iface;
  }
  return { keys, vals, mask };
}

// The core's own copy primitive, memory.copy, in a module of one function over the same
// memory: a JS loop moves 98 bytes in ~38 ns on this VM, copyWithin in ~28, memory.copy called
// from JS in less; the ceiling should not be slower at copying than the engine it bounds.
//   (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
const COPY_WASM = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x07, 0x01, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x00, // type: (i32 i32 i32) → ()
  0x02, 0x12, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x03, 0x01, 0x80, 0x80, 0x04, // import env.memory, shared, 1..65536 pages
  0x03, 0x02, 0x01, 0x00, // one function of type 0
  0x07, 0x08, 0x01, 0x04, 0x63, 0x6f, 0x70, 0x79, 0x00, 0x00, // export "copy"
  0x0a, 0x0e, 0x01, 0x0c, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfc, 0x0a, 0x00, 0x00, 0x0b, // memory.copy
]);
let copyModule: WebAssembly.Module | null = null;

/** memory.copy over `memory`, called from JS. */
function copyFn(memory: WebAssembly.Memory): (dst: number, src: number, len: number) => void {
  copyModule ??= new WebAssembly.Module(COPY_WASM);
  return new WebAssembly.Instance(copyModule, { env: { memory } }).exports.copy as (dst: number, src: number, len: number) => void;
}

function nullFns(memory: WebAssembly.Memory, heap: HeapViews, ctxs: Uint32Array) {
  const copy = copyFn(memory);
  const U8 = heap.u8;
  const U32 = heap.u32;
  const I32 = heap.i32;
  const F64 = heap.f64;
  const { keys, vals, mask } = podTable(U32, ctxs);
  const hops = nullHops(heap, ctxs);
  const services = nullServices(heap, ctxs);
  const inboxTable = U32[(LAYOUT_BASE + GH_INBOX_TABLE) >>> 2] >>> 2;
  const perNode = U32[(LAYOUT_BASE + GH_INBOXES_PER_NODE) >>> 2];
  // the stepped node (bound once per step, as the twin's bindNode does)
  var ctx = 0;
  var self = 0;
  var counters = 0;
  var ifTable = 0;

  /** The pod table's value for address `ip`, -1 when no pod has it. */
  function podOf(ip: number): number {
    for (let h = (Math.imul(ip, 0x9e3779b1) >>> 0) & mask; ; h = (h + 1) & mask) {
      const k = keys[h];
      if (k === ip) return vals[h];
      if (k === 0) return -1;
    }
  }

  /** The output ring for the frame going to pod table value `v` (-1: not a pod) at `ip`. */
  function outRing(v: number, ip: number): number {
    if (v < 0) return U32[(ifTable + IF_UPLINK * IF_SIZE + IF_TX_RING) >>> 2];
    const node = v >>> 8;
    if (node === self) return U32[(ifTable + (v & 0xff) * IF_SIZE + IF_TX_RING) >>> 2];
    if (hops.routed) return hops.next(self, node, ip); // across subnets: through the router
    return U32[inboxTable + node * perNode + U32[(ctx + NODE_WORKER) >>> 2]];
  }

  /** tx.ts touch: the first write into `ring` this step loads its tail and lists it for the flush. */
  function touch(ring: number): void {
    if (U32[(ring + RING_TOUCHED) >>> 2] !== 0) return;
    let n = U32[(ctx + NODE_FLUSH_COUNT) >>> 2];
    if (n === FLUSH_MAX) {
      flush();
      n = 0;
    }
    U32[(U32[(ctx + NODE_FLUSH_LIST) >>> 2] >>> 2) + n] = ring;
    U32[(ctx + NODE_FLUSH_COUNT) >>> 2] = n + 1;
    U32[(ring + RING_TOUCHED) >>> 2] = 1;
    U32[(ring + RING_TAIL_CACHE) >>> 2] = Atomics.load(I32, (ring + RING_TAIL) >>> 2);
  }

  /** tx.ts flushTouched: one atomic store of head per ring touched. */
  function flush(): void {
    const n = U32[(ctx + NODE_FLUSH_COUNT) >>> 2];
    const list = U32[(ctx + NODE_FLUSH_LIST) >>> 2] >>> 2;
    for (let i = 0; i < n; i++) {
      const ring = U32[list + i];
      Atomics.store(I32, (ring + RING_HEAD) >>> 2, U32[(ring + RING_HEAD_SHADOW) >>> 2] | 0);
      U32[(ring + RING_TOUCHED) >>> 2] = 0;
    }
    U32[(ctx + NODE_FLUSH_COUNT) >>> 2] = 0;
  }

  function drain(ring: number, budget: number): number {
    const tail = U32[(ring + RING_TAIL) >>> 2];
    let n = (Atomics.load(I32, (ring + RING_HEAD) >>> 2) - tail) >>> 0;
    if (n > budget) n = budget;
    if (n === 0) return 0;
    const slots = U32[(ring + RING_SLOTS) >>> 2];
    const rmask = U32[(ring + RING_MASK) >>> 2];
    const size = U32[(ring + RING_SLOT_SIZE) >>> 2];
    for (let i = 0; i < n; i++) {
      const slot = slots + ((tail + i) & rmask) * size;
      const off = U32[(slot + SLOT_OFF) >>> 2];
      const len = U32[(slot + SLOT_LEN) >>> 2];
      F64[counters + NC_RX] += 1;
      if (off < MIN_FRAME_OFF || off > size || len > size - off) {
        F64[counters + NC_DROP_BASE + DROP_BAD_DESCRIPTOR] += 1;
        continue;
      }
      const frame = slot + off;
      let v = -1;
      let ip = 0;
      if (len >= IPV4_DST_AT + 4) {
        const p = frame + IPV4_DST_AT;
        ip = ((U8[p] << 24) | (U8[p + 1] << 16) | (U8[p + 2] << 8) | U8[p + 3]) >>> 0;
        v = podOf(ip);
        if (v < 0 && !services.empty) {
          const proto = U8[frame + IPV4_PROTO_AT];
          const l4 = frame + 14 + (U8[frame + 14] & 15) * 4;
          if ((proto === 6 || proto === 17) && l4 + 4 <= frame + len) {
            const rip = services.realServer(ip, (U8[l4 + 2] << 8) | U8[l4 + 3], proto, (U8[l4] << 8) | U8[l4 + 1]);
            if (rip !== 0) {
              ip = rip;
              v = podOf(rip);
            }
          }
        }
      }
      const out = outRing(v, ip);
      if (len > slotMaxFrame(U32[(out + RING_SLOT_SIZE) >>> 2])) {
        F64[counters + NC_DROP_BASE + DROP_TOO_BIG_FOR_SLOT] += 1;
        continue;
      }
      touch(out);
      const shadow = U32[(out + RING_HEAD_SHADOW) >>> 2];
      if ((shadow - U32[(out + RING_TAIL_CACHE) >>> 2]) >>> 0 >= U32[(out + RING_SLOT_COUNT) >>> 2]) {
        F64[counters + NC_DROP_BASE + DROP_RING_FULL] += 1;
        continue;
      }
      const dst = U32[(out + RING_SLOTS) >>> 2] + (shadow & U32[(out + RING_MASK) >>> 2]) * U32[(out + RING_SLOT_SIZE) >>> 2];
      copy(dst + SLOT_HEADROOM, frame, len);
      U32[(dst + SLOT_LEN) >>> 2] = len;
      U32[(dst + SLOT_OFF) >>> 2] = SLOT_HEADROOM;
      U32[(dst + SLOT_META) >>> 2] = U32[(slot + SLOT_META) >>> 2];
      U32[(out + RING_HEAD_SHADOW) >>> 2] = shadow + 1;
      F64[counters + (v >= 0 && v >>> 8 === self ? NC_DELIVERED_POD : NC_TX_WIRE)] += 1;
    }
    Atomics.store(I32, (ring + RING_TAIL) >>> 2, (tail + n) | 0);
    return n;
  }

  /** The core's nodeStep order: the inboxes, then the calis by index (a router's further uplinks'
   *  inboxes in their place), then one publish per ring. */
  return function step(c: number, node: number, budget: number): number {
    ctx = c;
    self = node;
    counters = U32[(c + NODE_COUNTERS) >>> 2] >>> 3;
    ifTable = U32[(c + NODE_IF_TABLE) >>> 2];
    let done = 0;
    const inboxes = U32[(c + NODE_INBOX_TABLE) >>> 2] >>> 2;
    const nIn = U32[(c + NODE_INBOX_COUNT) >>> 2];
    for (let i = 0; i < nIn; i++) done += drain(U32[inboxes + i], budget);
    const nIf = U32[(c + NODE_IF_COUNT) >>> 2];
    for (let k = IF_FIRST_CALI; k < nIf; k++) {
      const table = U32[(ifTable + k * IF_SIZE + IF_INBOX_TABLE) >>> 2] >>> 2;
      if (table === 0) done += drain(U32[(ifTable + k * IF_SIZE + IF_RX_RING) >>> 2], budget);
      else for (let i = 0; i < nIn; i++) done += drain(U32[table + i], budget);
    }
    flush();
    return done;
  };
}
