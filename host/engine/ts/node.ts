// Twin of assembly/node.ts: one node's step (ring order and budget rules there).
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';
import { SLOT_HEADROOM } from '../../layout.ts';
import type { RingFns } from './ring.ts';
import type { CountersFns } from './counters.ts';
import type { TxFns } from './tx.ts';
import type { ContextFns } from './context.ts';
import * as ETHERNET from './wire/ethernet.ts';
import { type EthernetFns } from './wire/ethernet.ts';
import * as ENDIAN from './wire/endian.ts';
import { type EndianFns } from './wire/endian.ts';
import type { ProxyArpFns } from './arp/proxyArp.ts';
import type { ForwardFns } from './forward.ts';
import type { NeighTimerFns } from './arp/neighTimer.ts';
import type { NeighFns } from './arp/neigh.ts';
import type { ReasmFns } from './reasm.ts';

export const MIN_FRAME_OFF = SLOT_HEADROOM - 28; // ≥ 34 octets before the IP header

/** This file's numbers as the factory's consts: V8 folds those; an exported binding is a
 *  module cell it reloads, with a hole check, at every use. */
const NUMBERS = { MIN_FRAME_OFF };

export function nodeFns(h: Heap, d: {
  ring: RingFns; counters: CountersFns; tx: TxFns; context: ContextFns; ethernet: EthernetFns;
  endian: EndianFns; proxyArp: ProxyArpFns; forward: ForwardFns; neighTimer: NeighTimerFns; neigh: NeighFns;
  reasm: ReasmFns;
}) {
  const { MIN_FRAME_OFF } = NUMBERS;
  const {
    NODE_INBOX_TABLE, NODE_INBOX_COUNT, NODE_IF_COUNT, IF_FIRST_CALI, IF_RX_RING, IF_UPLINK, IF_FLAGS, IF_INBOX_TABLE,
    IF_MTU, IF_MAC, IFF_UP, IFF_CAPTURE_RX, SLOT_LEN, SLOT_OFF, SLOT_META, RING_SLOT_SIZE, RING_SLOTS, RING_MASK, NC_RX, DROP_IFACE_DOWN,
    DROP_RX_OVER_MTU, DROP_ETH_NOT_FOR_US, DROP_ETH_UNKNOWN_TYPE, DROP_BAD_DESCRIPTOR, NODE_TIMER_AT, NODE_TIMER_ARMED,
  } = L;
  const { ETH_HDR_LEN, ETH_MTU_SLACK, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETH_DST } = ETHERNET;
  const { CHECK_OK } = ENDIAN;
  const { U32, DV } = h;
  const { ringReadable, ringTail, ringRelease, ringSlotIn } = d.ring;
  const { countNodeBy, dropRx, ifReceived, ifReceivedBurst } = d.counters;
  const { flushTouched } = d.tx;
  const { ifPtr, lookupCacheValidate } = d.context;
  const { neighTimers } = d.neighTimer;
  const { nodeNow, timeAfter } = d.neigh;
  const { ipFragTimers } = d.reasm;
  const { ethCheck, ethType } = d.ethernet;
  const { macIsGroup } = d.endian;
  const { arpInput } = d.proxyArp;
  const { ipv4Input } = d.forward;

  /** Receive one frame, its receive books already kept (drainRing, frameInput); the
   *  interface's `up`, `maxLen` and MAC read once per burst (see the AS twin). */
  function ethInput(ctx: number, inIf: number, up: boolean, maxLen: number, mac0: number, mac1: number, frame: number, len: number, meta: number): void {
    if (!up) {
      dropRx(ctx, inIf, DROP_IFACE_DOWN);
      return;
    }
    if (len > maxLen) {
      dropRx(ctx, inIf, DROP_RX_OVER_MTU);
      return;
    }
    const r = ethCheck(len);
    if (r !== CHECK_OK) {
      dropRx(ctx, inIf, r);
      return;
    }
    // our MAC is unicast (see the AS twin): the group bit only when the address is not ours
    let bcast = false;
    if (DV.getInt32(frame + ETH_DST, true) !== mac0 || DV.getUint16(frame + ETH_DST + 4, true) !== mac1) {
      bcast = macIsGroup(frame + ETH_DST);
      if (!bcast) {
        dropRx(ctx, inIf, DROP_ETH_NOT_FOR_US);
        return;
      }
    }
    const type = ethType(frame);
    if (type === ETHERTYPE_IPV4) ipv4Input(ctx, inIf, frame + ETH_HDR_LEN, len - ETH_HDR_LEN, meta, bcast);
    else if (type === ETHERTYPE_ARP) arpInput(ctx, inIf, frame, len, meta);
    else dropRx(ctx, inIf, DROP_ETH_UNKNOWN_TYPE);
  }

  /** ethInput on interface `inIf` as it is now. */
  function ethInputOn(ctx: number, inIf: number, frame: number, len: number, meta: number): void {
    const ifp = ifPtr(ctx, inIf);
    ethInput(ctx, inIf, (U32[(ifp + IF_FLAGS) >>> 2] & IFF_UP) !== 0, U32[(ifp + IF_MTU) >>> 2] + ETH_MTU_SLACK,
      DV.getInt32(ifp + IF_MAC, true), DV.getUint16(ifp + IF_MAC + 4, true), frame, len, meta);
  }

  /** The host's entry, outside a step. */
  function frameInput(ctx: number, inIf: number, frame: number, len: number, meta: number): void {
    lookupCacheValidate(ctx);
    ifReceived(ctx, inIf, frame, len);
    ethInputOn(ctx, inIf, frame, len, meta);
  }

  /** The receive books once per burst, or per frame with a capture on (see the AS twin). */
  function drainRing(ctx: number, inIf: number, ring: number, budget: number): number {
    let n = ringReadable(ring);
    if (n > budget) n = budget;
    if (n === 0) return 0;
    const tail = ringTail(ring);
    const size = U32[(ring + RING_SLOT_SIZE) >>> 2];
    const slots = U32[(ring + RING_SLOTS) >>> 2];
    const mask = U32[(ring + RING_MASK) >>> 2];
    const ifp = ifPtr(ctx, inIf);
    const flags = U32[(ifp + IF_FLAGS) >>> 2];
    const capture = (flags & IFF_CAPTURE_RX) !== 0;
    const up = (flags & IFF_UP) !== 0;
    const maxLen = U32[(ifp + IF_MTU) >>> 2] + ETH_MTU_SLACK;
    const mac0 = DV.getInt32(ifp + IF_MAC, true);
    const mac1 = DV.getUint16(ifp + IF_MAC + 4, true);
    let frames = 0;
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const slot = ringSlotIn(slots, mask, size, tail + i);
      const off = U32[(slot + SLOT_OFF) >>> 2];
      const len = U32[(slot + SLOT_LEN) >>> 2];
      if (off < MIN_FRAME_OFF || off > size || len > size - off) {
        dropRx(ctx, inIf, DROP_BAD_DESCRIPTOR);
        continue;
      }
      if (capture) ifReceived(ctx, inIf, slot + off, len);
      frames++;
      bytes += len;
      ethInput(ctx, inIf, up, maxLen, mac0, mac1, slot + off, len, U32[(slot + SLOT_META) >>> 2]);
    }
    countNodeBy(ctx, NC_RX, n);
    if (!capture) ifReceivedBurst(ctx, inIf, frames, bytes);
    ringRelease(ring, tail + n);
    return n;
  }

  function nodeTimers(ctx: number): void {
    if (U32[(ctx + NODE_TIMER_ARMED) >>> 2] === 0) return;
    const now = nodeNow(ctx);
    if (timeAfter(U32[(ctx + NODE_TIMER_AT) >>> 2], now)) return;
    U32[(ctx + NODE_TIMER_ARMED) >>> 2] = 0;
    neighTimers(ctx, now);
    ipFragTimers(ctx, now);
  }

  function nodeStep(ctx: number, budget: number): number {
    let done = 0;
    lookupCacheValidate(ctx);
    nodeTimers(ctx);
    const inboxes = U32[(ctx + NODE_INBOX_TABLE) >>> 2];
    const nIn = U32[(ctx + NODE_INBOX_COUNT) >>> 2];
    for (let i = 0; i < nIn; i++) done += drainRing(ctx, IF_UPLINK, U32[(inboxes >>> 2) + i], budget);
    const nIf = U32[(ctx + NODE_IF_COUNT) >>> 2];
    for (let k = IF_FIRST_CALI; k < nIf; k++) {
      const ifp = ifPtr(ctx, k);
      const table = U32[(ifp + IF_INBOX_TABLE) >>> 2];
      if (table === 0) {
        done += drainRing(ctx, k, U32[(ifp + IF_RX_RING) >>> 2], budget);
        continue;
      }
      for (let i = 0; i < nIn; i++) done += drainRing(ctx, k, U32[(table >>> 2) + i], budget);
    }
    flushTouched(ctx);
    return done;
  }
  return { frameInput, nodeStep };
}
export type NodeFns = ReturnType<typeof nodeFns>;
