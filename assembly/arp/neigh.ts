// The neighbour table of an interface that resolves with ARP (layout/neigh.ts draws it), and
// the output of a routed packet through it, as net/core/neighbour.c and net/ipv4/arp.c do:
//
//   ip_finish_output2 ─► neighOutput ─┬─ REACHABLE, PERMANENT ──────────► neighXmit (the hh
//                                     │   (neigh_connected_output)          cache: MAC, send)
//                                     ├─ STALE ─► DELAY, timer 5 s ───────► neighXmit
//                                     ├─ DELAY, PROBE ────────────────────► neighXmit
//                                     └─ NONE, FAILED ─► INCOMPLETE, probes = ucast_solicit,
//                                        INCOMPLETE ───► queue (arp_queue) ─► arp_solicit
//                                                        (__neigh_event_send)
//
//   neighUpdate (neigh_update, from arp_process): a MAC for the entry; leaving an invalid
//   state releases its queue through the entry's output. The timers (neigh_timer_handler)
//   and what a failed resolution does with the queue are arp/neighTimer.ts.
//
// `used` is set only on the slow path, as neigh_event_send does: a REACHABLE entry's packets
// go through the hh cache and leave it untouched, so 30 s after its confirmation a busy
// entry still becomes STALE, and the next packet starts DELAY → PROBE (one unicast request).

import {
  NODE_NOW_MS, NODE_TIMER_AT, NODE_TIMER_ARMED, NODE_EXTERNAL, IF_NEIGH, IF_MAC, IF_IP,
  NT_CAPACITY, NT_IFACE, NT_BUCKETS, NT_BUCKET_MASK, NT_ENTRIES, NT_FREE, NT_QUEUE, NT_QUEUE_FREE,
  NT_REACHABLE_TIME, NT_LAST_RAND, NT_RNG, NT_SLOT_SIZE, NT_ARP_FRAME,
  NE_IP, NE_MAC, NE_STATE, NE_PROBES, NE_DST_NODE, NE_NEXT, NE_CONFIRMED, NE_USED, NE_UPDATED,
  NE_TIMER, NE_Q_HEAD, NE_Q_TAIL, NE_Q_LEN, NE_OWNER, NE_OWNER_MAC, NE_FLAGS, NE_SIZE, NE_NONE,
  NEF_IN_USE, NEF_RESERVED, NEF_TIMER, NQ_NEXT, NQ_LEN, NQ_META, SLOT_HEADROOM,
  NUD_NONE, NUD_INCOMPLETE, NUD_REACHABLE, NUD_STALE, NUD_DELAY, NUD_PROBE, NUD_FAILED,
  NUD_IN_TIMER, NUD_VALID, NUD_CONNECTED, NUD_NOARP, NUD_PERMANENT,
  NEIGH_BASE_REACHABLE_MS, NEIGH_RETRANS_MS, NEIGH_DELAY_PROBE_MS, NEIGH_RERAND_MS,
  NEIGH_UCAST_PROBES, NEIGH_UNRES_QLEN, NH_NONE, NH_KIND, NHK_LOCAL,
  NC_CREATED_ARP, NC_NEIGH_QUEUED, NC_NEIGH_RELEASED, DROP_NEIGH_QUEUE_FULL, DROP_NEIGH_MISS,
  DROP_NEIGH_TABLE_FULL, META_CONFIRM,
} from '../layout';
import {
  ARP_HTYPE, ARP_PTYPE, ARP_HLEN, ARP_PLEN, ARP_SHA, ARP_THA, ARP_LEN, ARPOP_REQUEST, ARPHRD_ETHER,
  arpSetOp, arpSetSpa, arpSetTpa,
} from '../wire/arp';
import { ethEmit, ETH_HDR_LEN, ETHERTYPE_IPV4, ETHERTYPE_ARP } from '../wire/ethernet';
import { st16be, macCopy, macEqual } from '../wire/endian';
import { ipv4Src } from '../wire/ipv4';
import { countNode, dropTx } from '../counters';
import { ifPtr, routeLookup, nhPtr } from '../context';
import { sendOnWire } from '../tx';

/** The node's clock in ms (NODE_NOW_MS, written by the host before the step). */
// @ts-ignore: decorator
@inline export function nodeNow(ctx: usize): u32 {
  return load<u32>(ctx, NODE_NOW_MS);
}

/** time_after(a, b) on the ms clock, modulo 2^32. */
// @ts-ignore: decorator
@inline export function timeAfter(a: u32, b: u32): bool {
  return <i32>(b - a) < 0;
}

/** The table of interface `iface`, 0 when it has none. */
// @ts-ignore: decorator
@inline export function neighTableOf(ctx: usize, iface: u32): usize {
  return <usize>load<u32>(ifPtr(ctx, iface), IF_NEIGH);
}

// @ts-ignore: decorator
@inline export function nePtr(t: usize, i: u32): usize {
  return <usize>load<u32>(t, NT_ENTRIES) + <usize>i * NE_SIZE;
}

// @ts-ignore: decorator
@inline function bucketOf(t: usize, ip: u32): usize {
  const b = ((ip * 0x9e3779b1) >>> 16) & load<u32>(t, NT_BUCKET_MASK);
  return <usize>load<u32>(t, NT_BUCKETS) + (<usize>b << 2);
}

/** neigh_lookup: the entry for `ip`, or NE_NONE. */
export function neighLookup(t: usize, ip: u32): u32 {
  let i = load<u32>(bucketOf(t, ip));
  const cap = load<u32>(t, NT_CAPACITY);
  for (let walked: u32 = 0; i < cap && walked < cap; walked++) {
    const e = nePtr(t, i);
    if (load<u32>(e, NE_IP) == ip) return i;
    i = load<u32>(e, NE_NEXT);
  }
  return NE_NONE;
}

/** Unlink entry `i` (in use) from its hash chain. */
function unhash(t: usize, i: u32): void {
  const e = nePtr(t, i);
  let link = bucketOf(t, load<u32>(e, NE_IP));
  const cap = load<u32>(t, NT_CAPACITY);
  for (let walked: u32 = 0; walked < cap; walked++) {
    const j = load<u32>(link);
    if (j >= cap) return;
    if (j == i) {
      store<u32>(link, load<u32>(e, NE_NEXT));
      return;
    }
    link = nePtr(t, j) + NE_NEXT;
  }
}

/** neigh_forced_gc, for one entry: an unreserved entry with no timer and nothing queued
 *  that has FAILED or not changed for 5 s. Returns its index, or NE_NONE. */
function reclaim(ctx: usize, t: usize): u32 {
  const cap = load<u32>(t, NT_CAPACITY);
  const now = nodeNow(ctx);
  for (let i: u32 = 0; i < cap; i++) {
    const e = nePtr(t, i);
    const f = <u32>load<u8>(e, NE_FLAGS);
    if ((f & (NEF_RESERVED | NEF_TIMER)) != 0 || (f & NEF_IN_USE) == 0 || load<u32>(e, NE_Q_LEN) != 0) continue;
    const s = <u32>load<u8>(e, NE_STATE);
    if ((s & NUD_PERMANENT) != 0) continue;
    if (s == NUD_FAILED || s == NUD_NONE || timeAfter(now, load<u32>(e, NE_UPDATED) + NEIGH_DELAY_PROBE_MS)) {
      unhash(t, i);
      return i;
    }
  }
  return NE_NONE;
}

/** __neigh_lookup(create): the entry for `ip`, a new one (state NONE) when there is none, or
 *  NE_NONE when the table is full (the caller counts DROP_NEIGH_TABLE_FULL). */
export function neighCreate(ctx: usize, t: usize, ip: u32): u32 {
  const found = neighLookup(t, ip);
  if (found != NE_NONE) return found;
  let i = load<u32>(t, NT_FREE);
  if (i < load<u32>(t, NT_CAPACITY)) store<u32>(t, load<u32>(nePtr(t, i), NE_NEXT), NT_FREE);
  else {
    i = reclaim(ctx, t);
    if (i == NE_NONE) return NE_NONE;
  }
  const e = nePtr(t, i);
  memory.fill(e, 0, NE_SIZE);
  store<u32>(e, ip, NE_IP);
  store<u32>(e, NODE_EXTERNAL, NE_DST_NODE);
  store<u32>(e, NODE_EXTERNAL, NE_OWNER);
  store<u32>(e, NE_NONE, NE_Q_HEAD);
  store<u32>(e, NE_NONE, NE_Q_TAIL);
  const now = nodeNow(ctx);
  store<u32>(e, now, NE_USED);
  store<u32>(e, now, NE_UPDATED);
  store<u32>(e, now - (NEIGH_BASE_REACHABLE_MS << 1), NE_CONFIRMED); // neigh_alloc
  store<u8>(e, <u8>NEF_IN_USE, NE_FLAGS);
  const bucket = bucketOf(t, ip);
  store<u32>(e, load<u32>(bucket), NE_NEXT);
  store<u32>(bucket, i);
  return i;
}

/** Arm entry `e`'s timer for `at` (neigh_add_timer), and the node's earliest timer. */
export function neighArm(ctx: usize, e: usize, at: u32): void {
  store<u32>(e, at, NE_TIMER);
  store<u8>(e, <u8>(<u32>load<u8>(e, NE_FLAGS) | NEF_TIMER), NE_FLAGS);
  nodeTimerArm(ctx, at);
}

/** The node's earliest timer (neighbour entries, reassembly queues) is at `at` or sooner:
 *  the host steps the node then (node.ts runs what is due). */
export function nodeTimerArm(ctx: usize, at: u32): void {
  if (load<u32>(ctx, NODE_TIMER_ARMED) == 0 || timeAfter(load<u32>(ctx, NODE_TIMER_AT), at)) {
    store<u32>(ctx, at, NODE_TIMER_AT);
    store<u32>(ctx, 1, NODE_TIMER_ARMED);
  }
}

// @ts-ignore: decorator
@inline export function neighDisarm(e: usize): void {
  store<u8>(e, <u8>(<u32>load<u8>(e, NE_FLAGS) & ~NEF_TIMER), NE_FLAGS);
}

/** The interface's reachable_time: neigh_rand_reach_time(base) = base/2 + random(base),
 *  drawn again once 300 s have passed since the last draw (neigh_periodic_work). */
export function reachableTime(ctx: usize, t: usize): u32 {
  const now = nodeNow(ctx);
  if (timeAfter(now, load<u32>(t, NT_LAST_RAND) + NEIGH_RERAND_MS)) {
    let x = load<u32>(t, NT_RNG); // xorshift32
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    store<u32>(t, x, NT_RNG);
    store<u32>(t, (NEIGH_BASE_REACHABLE_MS >>> 1) + x % NEIGH_BASE_REACHABLE_MS, NT_REACHABLE_TIME);
    store<u32>(t, now, NT_LAST_RAND);
  }
  return load<u32>(t, NT_REACHABLE_TIME);
}

/** The entry's MAC, and which node of the dataplane owns it (NE_DST_NODE). */
function setMac(e: usize, mac: usize): void {
  macCopy(e + NE_MAC, mac);
  const owner = load<u32>(e, NE_OWNER);
  store<u32>(e, owner != NODE_EXTERNAL && macEqual(mac, e + NE_OWNER_MAC) ? owner : NODE_EXTERNAL, NE_DST_NODE);
}

/** dev_queue_xmit of the packet at `ip` to the entry's MAC, out of the table's interface. */
export function neighXmit(ctx: usize, t: usize, e: usize, ip: usize, len: u32, meta: u32): void {
  const frame = ip - ETH_HDR_LEN;
  ethEmit(frame, e + NE_MAC, ifPtr(ctx, load<u32>(t, NT_IFACE)) + IF_MAC, ETHERTYPE_IPV4);
  sendOnWire(ctx, load<u32>(t, NT_IFACE), frame, len + ETH_HDR_LEN, load<u32>(e, NE_DST_NODE), meta);
}

/** arp_solicit + the probe count (neigh_probe): a request for the entry's address, unicast
 *  to its MAC while probes < ucast_solicit (PROBE), broadcast otherwise. Sender address: the
 *  source of the newest queued packet when it is one of ours (arp_announce 0), else the
 *  interface's (inet_select_addr). Built in the table's own frame buffer (arp_create: target
 *  hardware address zero, 42 octets). */
export function neighProbe(ctx: usize, t: usize, e: usize): void {
  const probes = <u32>load<u8>(e, NE_PROBES);
  const ifp = ifPtr(ctx, load<u32>(t, NT_IFACE));
  let saddr = load<u32>(ifp, IF_IP);
  const tail = load<u32>(e, NE_Q_TAIL);
  if (tail != NE_NONE) {
    const src = ipv4Src(queueSlot(t, tail) + SLOT_HEADROOM);
    const nh = routeLookup(ctx, src);
    if (nh != NH_NONE && load<u8>(nhPtr(ctx, nh), NH_KIND) == NHK_LOCAL) saddr = src;
  }
  const f = t + NT_ARP_FRAME;
  const a = f + ETH_HDR_LEN;
  if (probes < NEIGH_UCAST_PROBES) macCopy(f, e + NE_MAC);
  else {
    store<u32>(f, 0xffffffff);
    store<u16>(f, 0xffff, 4);
  }
  macCopy(f + 6, ifp + IF_MAC);
  st16be(f + 12, ETHERTYPE_ARP);
  st16be(a + ARP_HTYPE, ARPHRD_ETHER);
  st16be(a + ARP_PTYPE, ETHERTYPE_IPV4);
  store<u8>(a, 6, ARP_HLEN);
  store<u8>(a, 4, ARP_PLEN);
  arpSetOp(a, ARPOP_REQUEST);
  macCopy(a + ARP_SHA, ifp + IF_MAC);
  arpSetSpa(a, saddr);
  store<u32>(a + ARP_THA, 0);
  store<u16>(a + ARP_THA, 0, 4);
  arpSetTpa(a, load<u32>(e, NE_IP));
  countNode(ctx, NC_CREATED_ARP);
  const dst = probes < NEIGH_UCAST_PROBES ? load<u32>(e, NE_DST_NODE) : NODE_EXTERNAL;
  sendOnWire(ctx, load<u32>(t, NT_IFACE), f, ETH_HDR_LEN + ARP_LEN, dst, 0);
  store<u8>(e, <u8>(probes + 1), NE_PROBES);
}

// @ts-ignore: decorator
@inline export function queueSlot(t: usize, q: u32): usize {
  return <usize>load<u32>(t, NT_QUEUE) + <usize>q * <usize>load<u32>(t, NT_SLOT_SIZE);
}

/** Take the oldest queued packet of `e` off its queue (the slot stays the caller's until
 *  queueFree). NE_NONE when empty. */
export function queuePop(t: usize, e: usize): u32 {
  const q = load<u32>(e, NE_Q_HEAD);
  if (q == NE_NONE) return NE_NONE;
  const next = load<u32>(queueSlot(t, q), NQ_NEXT);
  store<u32>(e, next, NE_Q_HEAD);
  if (next == NE_NONE) store<u32>(e, NE_NONE, NE_Q_TAIL);
  store<u32>(e, load<u32>(e, NE_Q_LEN) - 1, NE_Q_LEN);
  return q;
}

// @ts-ignore: decorator
@inline export function queueFree(t: usize, q: u32): void {
  store<u32>(queueSlot(t, q), load<u32>(t, NT_QUEUE_FREE), NQ_NEXT);
  store<u32>(t, q, NT_QUEUE_FREE);
}

/** A queued packet leaves the books' queue and is dropped for `reason`. */
export function queueDrop(ctx: usize, t: usize, q: u32, reason: u32): void {
  countNode(ctx, NC_NEIGH_RELEASED);
  dropTx(ctx, load<u32>(t, NT_IFACE), reason);
  queueFree(t, q);
}

/** __skb_queue_tail on arp_queue: over unres_qlen the oldest packets go first; when the
 *  table's pool has no slot, the entry's own oldest one makes room, or the packet is dropped. */
function enqueue(ctx: usize, t: usize, e: usize, ip: usize, len: u32, meta: u32): void {
  while (load<u32>(e, NE_Q_LEN) >= NEIGH_UNRES_QLEN) queueDrop(ctx, t, queuePop(t, e), DROP_NEIGH_QUEUE_FULL);
  let q = load<u32>(t, NT_QUEUE_FREE);
  if (q == NE_NONE) {
    q = queuePop(t, e);
    if (q == NE_NONE) {
      dropTx(ctx, load<u32>(t, NT_IFACE), DROP_NEIGH_QUEUE_FULL);
      return;
    }
    queueDrop(ctx, t, q, DROP_NEIGH_QUEUE_FULL);
    q = load<u32>(t, NT_QUEUE_FREE);
  }
  const s = queueSlot(t, q);
  store<u32>(t, load<u32>(s, NQ_NEXT), NT_QUEUE_FREE);
  memory.copy(s + SLOT_HEADROOM, ip, len);
  store<u32>(s, NE_NONE, NQ_NEXT);
  store<u32>(s, len, NQ_LEN);
  store<u32>(s, meta, NQ_META);
  const tail = load<u32>(e, NE_Q_TAIL);
  if (tail == NE_NONE) store<u32>(e, q, NE_Q_HEAD);
  else store<u32>(queueSlot(t, tail), q, NQ_NEXT);
  store<u32>(e, q, NE_Q_TAIL);
  store<u32>(e, load<u32>(e, NE_Q_LEN) + 1, NE_Q_LEN);
  countNode(ctx, NC_NEIGH_QUEUED);
}

/** neigh_output → neigh_resolve_output / neigh_event_send for entry `e` of table `t`; a
 *  packet with META_CONFIRM (a pod's TCP segment, layout/ring.ts) confirms the entry first, as
 *  ip_finish_output2 calls sock_confirm_neigh before neigh_output (neigh_confirm: the time only,
 *  which the DELAY and REACHABLE timers read: neighTimer.ts). */
export function neighOutputEntry(ctx: usize, t: usize, e: usize, ip: usize, len: u32, meta: u32): void {
  if ((meta & META_CONFIRM) != 0) store<u32>(e, nodeNow(ctx), NE_CONFIRMED);
  const state = <u32>load<u8>(e, NE_STATE);
  if ((state & NUD_CONNECTED) != 0) { // neigh_hh_output
    neighXmit(ctx, t, e, ip, len, meta);
    return;
  }
  const now = nodeNow(ctx);
  store<u32>(e, now, NE_USED);
  if ((state & (NUD_DELAY | NUD_PROBE)) != 0) {
    neighXmit(ctx, t, e, ip, len, meta);
    return;
  }
  if (state == NUD_STALE) {
    store<u8>(e, <u8>NUD_DELAY, NE_STATE);
    store<u32>(e, now, NE_UPDATED);
    neighArm(ctx, e, now + NEIGH_DELAY_PROBE_MS);
    neighXmit(ctx, t, e, ip, len, meta);
    return;
  }
  let immediate = false;
  if (state != NUD_INCOMPLETE) { // NONE or FAILED: resolution (re)starts
    store<u8>(e, <u8>NEIGH_UCAST_PROBES, NE_PROBES);
    store<u8>(e, <u8>NUD_INCOMPLETE, NE_STATE);
    store<u32>(e, now, NE_UPDATED);
    neighArm(ctx, e, now + NEIGH_RETRANS_MS);
    immediate = true;
  }
  enqueue(ctx, t, e, ip, len, meta);
  if (immediate) neighProbe(ctx, t, e);
}

/** Output of the packet at `ip` on `oif` through neighbour entry `idx` (a NEIGH_ARP next hop). */
export function neighOutput(ctx: usize, oif: u32, idx: u32, ip: usize, len: u32, meta: u32): void {
  const t = neighTableOf(ctx, oif);
  neighOutputEntry(ctx, t, nePtr(t, idx), ip, len, meta);
}

/** Output of the packet at `ip` on `oif` to `gw`, a neighbour without a next hop of its own
 *  (a connected route's destination): its entry is looked up, or created (__neigh_lookup). */
export function neighGlean(ctx: usize, oif: u32, gw: u32, ip: usize, len: u32, meta: u32): void {
  const t = neighTableOf(ctx, oif);
  if (t == 0) {
    dropTx(ctx, oif, DROP_NEIGH_MISS);
    return;
  }
  const i = neighCreate(ctx, t, gw);
  if (i == NE_NONE) {
    dropTx(ctx, oif, DROP_NEIGH_TABLE_FULL);
    return;
  }
  neighOutputEntry(ctx, t, nePtr(t, i), ip, len, meta);
}

/** Hand the entry's queued packets to its output again (neigh_update, old state invalid). */
function releaseQueue(ctx: usize, t: usize, e: usize): void {
  const cap = load<u32>(t, NT_CAPACITY) + NEIGH_UNRES_QLEN;
  for (let n: u32 = 0; n < cap && (<u32>load<u8>(e, NE_STATE) & NUD_VALID) != 0; n++) {
    const q = queuePop(t, e);
    if (q == NE_NONE) return;
    countNode(ctx, NC_NEIGH_RELEASED);
    const s = queueSlot(t, q);
    // the slot is free again only after the send: its bytes are the frame being sent
    neighOutputEntry(ctx, t, e, s + SLOT_HEADROOM, load<u32>(s, NQ_LEN), load<u32>(s, NQ_META));
    queueFree(t, q);
  }
}

/** neigh_update(n, lladdr, new, override ? NEIGH_UPDATE_F_OVERRIDE : 0), not administrative. */
export function neighUpdate(ctx: usize, t: usize, e: usize, mac: usize, state: u32, overrideMac: bool): void {
  const old = <u32>load<u8>(e, NE_STATE);
  if ((old & (NUD_NOARP | NUD_PERMANENT)) != 0) return;
  const now = nodeNow(ctx);
  let next = state;
  const same = (old & NUD_VALID) != 0 && macEqual(mac, e + NE_MAC);
  if ((next & NUD_CONNECTED) != 0) store<u32>(e, now, NE_CONFIRMED);
  if ((old & NUD_VALID) != 0) {
    if (!same && !overrideMac) return;
    if (same && next == NUD_STALE) next = old;
  }
  if (next != old || !same) store<u32>(e, now, NE_UPDATED);
  if (next != old) {
    neighDisarm(e);
    if ((next & NUD_PROBE) != 0) store<u8>(e, 0, NE_PROBES);
    if ((next & NUD_IN_TIMER) != 0) neighArm(ctx, e, now + ((next & NUD_REACHABLE) != 0 ? reachableTime(ctx, t) : 0));
    store<u8>(e, <u8>next, NE_STATE);
  }
  if (!same) {
    setMac(e, mac);
    if ((next & NUD_CONNECTED) == 0) store<u32>(e, now - (NEIGH_BASE_REACHABLE_MS << 1), NE_CONFIRMED);
  }
  if (next == old) return;
  if ((old & NUD_VALID) == 0) releaseQueue(ctx, t, e);
}
