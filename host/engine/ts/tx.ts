// Twin of assembly/tx.ts: handing frames to output rings (cali tx, other nodes' inboxes, the
// uplink tx ring).
import type { Heap, HeapFns } from './heap.ts';
import * as L from '../../layout.ts';
import type { RingFns } from './ring.ts';
import type { CountersFns } from './counters.ts';
import type { ContextFns } from './context.ts';

export function txFns(h: Heap, d: {
  heap: HeapFns; ring: RingFns; counters: CountersFns; context: ContextFns;
}) {
  const {
    LAYOUT_BASE, GH_INBOX_TABLE, GH_INBOXES_PER_NODE, GH_PORT_COUNT, NODE_WORKER, NODE_FLUSH_COUNT,
    NODE_FLUSH_LIST, FLUSH_MAX, RING_TOUCHED, SLOT_LEN, SLOT_OFF, SLOT_META, SLOT_HEADROOM, RING_SLOT_SIZE,
    slotMaxFrame, IF_TX_RING, IF_FLAGS, IFF_HOST_WIRE, NC_DELIVERED_POD, NC_TX_WIRE, DROP_RING_FULL,
    DROP_TOO_BIG_FOR_SLOT, META_CONFIRM,
  } = L;
  const { U32 } = h;
  const { memoryCopy } = d.heap;
  const { ringReserve, ringCommit, ringPublish, ringRefreshTail } = d.ring;
  const { countNode, dropTx, ifTransmitted } = d.counters;
  const { ifPtr } = d.context;

  function flushTouched(ctx: number): void {
    const n = U32[(ctx + NODE_FLUSH_COUNT) >>> 2];
    const list = U32[(ctx + NODE_FLUSH_LIST) >>> 2];
    for (let i = 0; i < n; i++) {
      const ring = U32[(list >>> 2) + i];
      ringPublish(ring);
      U32[(ring + RING_TOUCHED) >>> 2] = 0;
    }
    U32[(ctx + NODE_FLUSH_COUNT) >>> 2] = 0;
  }

  function touch(ctx: number, ring: number): void {
    if (U32[(ring + RING_TOUCHED) >>> 2] !== 0) return;
    let n = U32[(ctx + NODE_FLUSH_COUNT) >>> 2];
    if (n === FLUSH_MAX) {
      flushTouched(ctx);
      n = 0;
    }
    U32[(U32[(ctx + NODE_FLUSH_LIST) >>> 2] >>> 2) + n] = ring;
    U32[(ctx + NODE_FLUSH_COUNT) >>> 2] = n + 1;
    U32[(ring + RING_TOUCHED) >>> 2] = 1;
    ringRefreshTail(ring);
  }

  /** The core's 16-octet blocks write the same octets as a word copy: exactly [dst, dst + len). */
  function copyFrame(dst: number, src: number, len: number): void {
    memoryCopy(dst, src, len);
  }

  function push(ctx: number, oif: number, ring: number, frame: number, len: number, meta: number): boolean {
    if (len > slotMaxFrame(U32[(ring + RING_SLOT_SIZE) >>> 2])) {
      dropTx(ctx, oif, DROP_TOO_BIG_FOR_SLOT);
      return false;
    }
    touch(ctx, ring);
    const slot = ringReserve(ring);
    if (slot === 0) {
      dropTx(ctx, oif, DROP_RING_FULL);
      return false;
    }
    copyFrame(slot + SLOT_HEADROOM, frame, len);
    U32[(slot + SLOT_LEN) >>> 2] = len;
    U32[(slot + SLOT_OFF) >>> 2] = SLOT_HEADROOM;
    U32[(slot + SLOT_META) >>> 2] = meta & ~META_CONFIRM; // the next host's skb is a new one
    ringCommit(ring);
    return true;
  }

  function sendToPod(ctx: number, oif: number, frame: number, len: number, meta: number): void {
    ifTransmitted(ctx, oif, frame, len);
    const ring = U32[(ifPtr(ctx, oif) + IF_TX_RING) >>> 2];
    if (push(ctx, oif, ring, frame, len, meta)) countNode(ctx, NC_DELIVERED_POD);
  }

  function sendOnWire(ctx: number, oif: number, frame: number, len: number, dstPort: number, meta: number): void {
    ifTransmitted(ctx, oif, frame, len);
    const uplink = ifPtr(ctx, oif);
    let ring: number;
    if (dstPort >= U32[(LAYOUT_BASE + GH_PORT_COUNT) >>> 2] || (U32[(uplink + IF_FLAGS) >>> 2] & IFF_HOST_WIRE) !== 0) {
      ring = U32[(uplink + IF_TX_RING) >>> 2]; // NODE_EXTERNAL is above every port
    } else {
      ring = inboxOf(ctx, dstPort);
    }
    if (push(ctx, oif, ring, frame, len, meta)) countNode(ctx, NC_TX_WIRE);
  }

  /** inbox[port][this node's worker] (see the AS twin). */
  function inboxOf(ctx: number, port: number): number {
    const idx = port * U32[(LAYOUT_BASE + GH_INBOXES_PER_NODE) >>> 2] + U32[(ctx + NODE_WORKER) >>> 2];
    return U32[(U32[(LAYOUT_BASE + GH_INBOX_TABLE) >>> 2] >>> 2) + idx];
  }
  return { flushTouched, sendToPod, sendOnWire, pushFrame: push, inboxOf };
}
export type TxFns = ReturnType<typeof txFns>;
