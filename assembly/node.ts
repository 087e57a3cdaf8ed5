// One node's step: run the timers that are due (neighbour entries: arp/neighTimer.ts;
// reassembly queues: reasm.ts), drain its input rings, process each frame to completion,
// publish.
//
//   inbox[port][0..W-1] (from the hosts of each worker) ┐
//   inbox[port][W]      (external, host-fed)            ├─► ethInput ──► ARP / IPv4 ─► output rings
//   cali rx of pod 0, 1, …                              │    (in place in the input slot)
//   inboxes of the further uplinks (a router's eth1…)   ┘
//
// Each input ring: one atomic load of head, up to `budget` frames, one atomic store of
// tail. Output rings touched during the step are published at the end (tx.ts). The order
// (the first uplink's inboxes, then interfaces 2.. by index: calis, further uplinks) is part
// of the contract: both engines follow it so their outputs and IP ID sequences agree byte for
// byte.

import {
  NODE_INBOX_TABLE, NODE_INBOX_COUNT, NODE_IF_COUNT, IF_FIRST_CALI, IF_RX_RING, IF_UPLINK,
  IF_FLAGS, IF_MTU, IF_MAC, IF_INBOX_TABLE, IFF_UP, IFF_CAPTURE_RX, SLOT_LEN, SLOT_OFF, SLOT_META, RING_SLOT_SIZE, RING_SLOTS, RING_MASK, SLOT_HEADROOM,
  NC_RX, DROP_IFACE_DOWN, DROP_RX_OVER_MTU, DROP_ETH_NOT_FOR_US, DROP_ETH_UNKNOWN_TYPE,
  DROP_BAD_DESCRIPTOR, NODE_TIMER_AT, NODE_TIMER_ARMED, NODE_FLAGS, NODEF_CAPTURE,
} from './layout';
import { ringReadable, ringTail, ringRelease, ringSlotIn } from './ring';
import { countNodeBy, dropRx, ifReceived, ifReceivedBurst, captureCompiled, CaptureOn, CaptureOff } from './counters';
import { flushTouched } from './tx';
import { ifPtr, lookupCacheValidate } from './context';
import { ethCheck, ethType, ETH_HDR_LEN, ETH_MTU_SLACK, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETH_DST } from './wire/ethernet';
import { macIsGroup, CHECK_OK } from './wire/endian';
import { arpInput } from './arp/proxyArp';
import { ipv4Input } from './forward';
import { neighTimers } from './arp/neighTimer';
import { nodeNow, timeAfter } from './arp/neigh';
import { ipFragTimers } from './reasm';

// @ts-ignore: decorator
@inline export const MIN_FRAME_OFF: u32 = SLOT_HEADROOM - 28; // ≥ 34 octets before the IP header

/** Receive one Ethernet frame on `inIf`, its receive books already kept (drainRing,
 *  frameInput); `up`, `maxLen` and the MAC (`mac0`, `mac1`) are the interface's, read once per
 *  burst (an interface changes only between steps). */
// @ts-ignore: decorator
@inline function ethInput<C>(ctx: usize, inIf: u32, up: bool, maxLen: u32, mac0: u32, mac1: u32, frame: usize, len: u32, meta: u32): void {
  if (!up) {
    dropRx(ctx, inIf, DROP_IFACE_DOWN);
    return;
  }
  if (len > maxLen) {
    dropRx(ctx, inIf, DROP_RX_OVER_MTU);
    return;
  }
  const r = ethCheck(len);
  if (r != CHECK_OK) {
    dropRx(ctx, inIf, r);
    return;
  }
  // a group address (broadcast or multicast) is not PACKET_HOST (eth_type_trans): taken in,
  // never forwarded
  // (an interface's MAC is unicast, as eth_mac_addr's is_valid_ether_addr insists: the cluster
  // model refuses a group one; so one compare for the common case and the group bit only on a
  // mismatch: the journey 0.99 against testing the group bit first)
  let bcast = false;
  if (((load<u32>(frame, ETH_DST) ^ mac0) | (<u32>load<u16>(frame, ETH_DST + 4) ^ mac1)) != 0) {
    bcast = macIsGroup(frame + ETH_DST);
    if (!bcast) {
      dropRx(ctx, inIf, DROP_ETH_NOT_FOR_US);
      return;
    }
  }
  const type = ethType(frame);
  if (type == ETHERTYPE_IPV4) ipv4Input<C>(ctx, inIf, frame + ETH_HDR_LEN, len - ETH_HDR_LEN, meta, bcast);
  else if (type == ETHERTYPE_ARP) arpInput(ctx, inIf, frame, len, meta);
  else dropRx(ctx, inIf, DROP_ETH_UNKNOWN_TYPE);
}

/** Receive one Ethernet frame on `inIf`, outside a step (the host's entry). The frame must
 *  have MIN_FRAME_OFF octets of writable headroom in front of it (every ring slot does). */
export function frameInput(ctx: usize, inIf: u32, frame: usize, len: u32, meta: u32): void {
  lookupCacheValidate(ctx);
  ifReceived(ctx, inIf, frame, len);
  const ifp = ifPtr(ctx, inIf);
  ethInput<CaptureOn>(ctx, inIf, (load<u32>(ifp, IF_FLAGS) & IFF_UP) != 0, load<u32>(ifp, IF_MTU) + ETH_MTU_SLACK,
    load<u32>(ifp, IF_MAC), <u32>load<u16>(ifp, IF_MAC + 4), frame, len, meta);
}

/** Take up to `budget` frames from `ring`, received on `inIf`. The receive books (NC_RX,
 *  the interface's rx packets and bytes) are kept once per burst: nothing in a step reads
 *  them, and sums of whole numbers in f64 come out the same in any order. With a capture on
 *  `inIf` each frame goes to the hook as it arrives (ifReceived), before anything it causes. */
function drainRing<C>(ctx: usize, inIf: u32, ring: usize, budget: u32): u32 {
  let n = ringReadable(ring);
  if (n > budget) n = budget;
  if (n == 0) return 0;
  const tail = ringTail(ring);
  const size = load<u32>(ring, RING_SLOT_SIZE);
  // what the loop needs of the ring and of the interface, read once: V8 reloads memory after
  // every store, and the frame's own work stores (journey 0.975 against reading them per frame)
  const slots = <usize>load<u32>(ring, RING_SLOTS);
  const mask = load<u32>(ring, RING_MASK);
  const ifp = ifPtr(ctx, inIf);
  const up = (load<u32>(ifp, IF_FLAGS) & IFF_UP) != 0;
  const maxLen = load<u32>(ifp, IF_MTU) + ETH_MTU_SLACK;
  const mac0 = load<u32>(ifp, IF_MAC);
  const mac1 = <u32>load<u16>(ifp, IF_MAC + 4);
  const capture = captureCompiled<C>() && (load<u32>(ifp, IF_FLAGS) & IFF_CAPTURE_RX) != 0;
  let frames: u32 = 0;
  let bytes: f64 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const slot = ringSlotIn(slots, mask, size, tail + i);
    const off = load<u32>(slot, SLOT_OFF);
    const len = load<u32>(slot, SLOT_LEN);
    // the producer is untrusted (a fuzzer, a bug): keep the frame and its headroom inside the slot
    if (off < MIN_FRAME_OFF || off > size || len > size - off) {
      dropRx(ctx, inIf, DROP_BAD_DESCRIPTOR);
      continue;
    }
    if (capture) ifReceived(ctx, inIf, slot + off, len);
    frames++;
    bytes += <f64>len;
    ethInput<C>(ctx, inIf, up, maxLen, mac0, mac1, slot + off, len, load<u32>(slot, SLOT_META));
  }
  countNodeBy(ctx, NC_RX, <f64>n);
  if (!capture) ifReceivedBurst(ctx, inIf, frames, bytes);
  ringRelease(ring, tail + n);
  return n;
}

/** The node's timers, once its clock has reached the earliest (NODE_TIMER_AT, a lower
 *  bound): each kind runs what is due and arms the node's timer again for the rest. */
// @ts-ignore: decorator
@inline function nodeTimers(ctx: usize): void {
  if (load<u32>(ctx, NODE_TIMER_ARMED) == 0) return;
  const now = nodeNow(ctx);
  if (timeAfter(load<u32>(ctx, NODE_TIMER_AT), now)) return;
  store<u32>(ctx, 0, NODE_TIMER_ARMED);
  neighTimers(ctx, now);
  ipFragTimers(ctx, now);
}

/** Run one step of the node at `ctx`: at most `budget` frames from each input ring.
 *  Returns the number of frames taken. */
export function nodeStep(ctx: usize, budget: u32): u32 {
  lookupCacheValidate(ctx); // for the whole step: routes change only between steps
  nodeTimers(ctx); // one flag test unless a timer is armed
  // the per-frame path without the capture hook unless one of the node's interfaces has it on
  // (counters.ts CaptureOn / CaptureOff; the host keeps NODEF_CAPTURE with the flags)
  const done = (load<u32>(ctx, NODE_FLAGS) & NODEF_CAPTURE) != 0 ? drainAll<CaptureOn>(ctx, budget) : drainAll<CaptureOff>(ctx, budget);
  flushTouched(ctx);
  return done;
}

/** nodeStep's rings, in its order. */
// @ts-ignore: decorator
@inline function drainAll<C>(ctx: usize, budget: u32): u32 {
  let done: u32 = 0;
  const inboxes = <usize>load<u32>(ctx, NODE_INBOX_TABLE);
  const nIn = load<u32>(ctx, NODE_INBOX_COUNT);
  for (let i: u32 = 0; i < nIn; i++) {
    done += drainRing<C>(ctx, IF_UPLINK, <usize>load<u32>(inboxes + (<usize>i << 2)), budget);
  }
  const nIf = load<u32>(ctx, NODE_IF_COUNT);
  for (let k: u32 = IF_FIRST_CALI; k < nIf; k++) {
    const ifp = ifPtr(ctx, k);
    const table = <usize>load<u32>(ifp, IF_INBOX_TABLE);
    if (table == 0) {
      done += drainRing<C>(ctx, k, <usize>load<u32>(ifp, IF_RX_RING), budget);
      continue;
    }
    for (let i: u32 = 0; i < nIn; i++) { // a further uplink: its port's inboxes
      done += drainRing<C>(ctx, k, <usize>load<u32>(table + (<usize>i << 2)), budget);
    }
  }
  return done;
}
