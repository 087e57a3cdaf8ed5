// Twin of assembly/arp/neigh.ts: the neighbour table of an interface and the output of a
// packet through it (neigh_resolve_output, __neigh_event_send, arp_solicit, neigh_update; the
// diagram and the kernel's rules are there). u32 arithmetic as the core's: Math.imul for the
// hash, `| 0` for time_after's signed difference, stores through U32 wrap modulo 2^32.
import type { Heap, HeapFns } from '../heap.ts';
import * as L from '../../../layout.ts';
import * as ARP from '../wire/arp.ts';
import { type ArpFns } from '../wire/arp.ts';
import * as ETHERNET from '../wire/ethernet.ts';
import { type EthernetFns } from '../wire/ethernet.ts';
import type { EndianFns } from '../wire/endian.ts';
import type { Ipv4Fns } from '../wire/ipv4.ts';
import type { CountersFns } from '../counters.ts';
import type { ContextFns } from '../context.ts';
import type { TxFns } from '../tx.ts';

export function neighFns(h: Heap, d: {
  heap: HeapFns; arp: ArpFns; ethernet: EthernetFns; endian: EndianFns; ipv4: Ipv4Fns; counters: CountersFns;
  context: ContextFns; tx: TxFns;
}) {
  const {
    NODE_NOW_MS, NODE_TIMER_AT, NODE_TIMER_ARMED, NODE_EXTERNAL, IF_NEIGH, IF_MAC, IF_IP,
    NT_CAPACITY, NT_IFACE, NT_BUCKETS, NT_BUCKET_MASK, NT_ENTRIES, NT_FREE, NT_QUEUE, NT_QUEUE_FREE,
    NT_REACHABLE_TIME, NT_LAST_RAND, NT_RNG, NT_SLOT_SIZE, NT_ARP_FRAME,
    NE_IP, NE_MAC, NE_STATE, NE_PROBES, NE_DST_NODE, NE_NEXT, NE_CONFIRMED, NE_USED, NE_UPDATED,
    NE_TIMER, NE_Q_HEAD, NE_Q_TAIL, NE_Q_LEN, NE_OWNER, NE_OWNER_MAC, NE_FLAGS, NE_SIZE, NE_NONE,
    NEF_IN_USE, NEF_RESERVED, NEF_TIMER, NQ_NEXT, NQ_LEN, NQ_META, SLOT_HEADROOM, META_CONFIRM,
    NUD_NONE, NUD_INCOMPLETE, NUD_REACHABLE, NUD_STALE, NUD_DELAY, NUD_PROBE, NUD_FAILED,
    NUD_IN_TIMER, NUD_VALID, NUD_CONNECTED, NUD_NOARP, NUD_PERMANENT,
    NEIGH_BASE_REACHABLE_MS, NEIGH_RETRANS_MS, NEIGH_DELAY_PROBE_MS, NEIGH_RERAND_MS,
    NEIGH_UCAST_PROBES, NEIGH_UNRES_QLEN, NH_NONE, NH_KIND, NHK_LOCAL,
    NC_CREATED_ARP, NC_NEIGH_QUEUED, NC_NEIGH_RELEASED, DROP_NEIGH_QUEUE_FULL, DROP_NEIGH_MISS,
    DROP_NEIGH_TABLE_FULL,
  } = L;
  const { ARP_HTYPE, ARP_PTYPE, ARP_HLEN, ARP_PLEN, ARP_SHA, ARP_THA, ARP_LEN, ARPOP_REQUEST, ARPHRD_ETHER } = ARP;
  const { ETH_HDR_LEN, ETHERTYPE_IPV4, ETHERTYPE_ARP } = ETHERNET;
  const { U8, U16, U32 } = h;
  const { memoryCopy } = d.heap;
  const { arpSetOp, arpSetSpa, arpSetTpa } = d.arp;
  const { ethEmit } = d.ethernet;
  const { st16be, macCopy, macEqual } = d.endian;
  const { ipv4Src } = d.ipv4;
  const { countNode, dropTx } = d.counters;
  const { ifPtr, routeLookup, nhPtr } = d.context;
  const { sendOnWire } = d.tx;

  function nodeNow(ctx: number): number {
    return U32[(ctx + NODE_NOW_MS) >>> 2];
  }
  function timeAfter(a: number, b: number): boolean {
    return ((b - a) | 0) < 0;
  }
  function neighTableOf(ctx: number, iface: number): number {
    return U32[(ifPtr(ctx, iface) + IF_NEIGH) >>> 2];
  }
  function nePtr(t: number, i: number): number {
    return U32[(t + NT_ENTRIES) >>> 2] + i * NE_SIZE;
  }
  function bucketOf(t: number, ip: number): number {
    const b = (Math.imul(ip, 0x9e3779b1) >>> 16) & U32[(t + NT_BUCKET_MASK) >>> 2];
    return U32[(t + NT_BUCKETS) >>> 2] + (b << 2);
  }

  function neighLookup(t: number, ip: number): number {
    let i = U32[bucketOf(t, ip) >>> 2];
    const cap = U32[(t + NT_CAPACITY) >>> 2];
    for (let walked = 0; i < cap && walked < cap; walked++) {
      const e = nePtr(t, i);
      if (U32[(e + NE_IP) >>> 2] === ip) return i;
      i = U32[(e + NE_NEXT) >>> 2];
    }
    return NE_NONE;
  }

  function unhash(t: number, i: number): void {
    const e = nePtr(t, i);
    let link = bucketOf(t, U32[(e + NE_IP) >>> 2]);
    const cap = U32[(t + NT_CAPACITY) >>> 2];
    for (let walked = 0; walked < cap; walked++) {
      const j = U32[link >>> 2];
      if (j >= cap) return;
      if (j === i) {
        U32[link >>> 2] = U32[(e + NE_NEXT) >>> 2];
        return;
      }
      link = nePtr(t, j) + NE_NEXT;
    }
  }

  function reclaim(ctx: number, t: number): number {
    const cap = U32[(t + NT_CAPACITY) >>> 2];
    const now = nodeNow(ctx);
    for (let i = 0; i < cap; i++) {
      const e = nePtr(t, i);
      const f = U8[e + NE_FLAGS];
      if ((f & (NEF_RESERVED | NEF_TIMER)) !== 0 || (f & NEF_IN_USE) === 0 || U32[(e + NE_Q_LEN) >>> 2] !== 0) continue;
      const s = U8[e + NE_STATE];
      if ((s & NUD_PERMANENT) !== 0) continue;
      if (s === NUD_FAILED || s === NUD_NONE || timeAfter(now, U32[(e + NE_UPDATED) >>> 2] + NEIGH_DELAY_PROBE_MS)) {
        unhash(t, i);
        return i;
      }
    }
    return NE_NONE;
  }

  function neighCreate(ctx: number, t: number, ip: number): number {
    const found = neighLookup(t, ip);
    if (found !== NE_NONE) return found;
    let i = U32[(t + NT_FREE) >>> 2];
    if (i < U32[(t + NT_CAPACITY) >>> 2]) U32[(t + NT_FREE) >>> 2] = U32[(nePtr(t, i) + NE_NEXT) >>> 2];
    else {
      i = reclaim(ctx, t);
      if (i === NE_NONE) return NE_NONE;
    }
    const e = nePtr(t, i);
    U8.fill(0, e, e + NE_SIZE);
    U32[(e + NE_IP) >>> 2] = ip;
    U32[(e + NE_DST_NODE) >>> 2] = NODE_EXTERNAL;
    U32[(e + NE_OWNER) >>> 2] = NODE_EXTERNAL;
    U32[(e + NE_Q_HEAD) >>> 2] = NE_NONE;
    U32[(e + NE_Q_TAIL) >>> 2] = NE_NONE;
    const now = nodeNow(ctx);
    U32[(e + NE_USED) >>> 2] = now;
    U32[(e + NE_UPDATED) >>> 2] = now;
    U32[(e + NE_CONFIRMED) >>> 2] = now - (NEIGH_BASE_REACHABLE_MS << 1);
    U8[e + NE_FLAGS] = NEF_IN_USE;
    const bucket = bucketOf(t, ip);
    U32[(e + NE_NEXT) >>> 2] = U32[bucket >>> 2];
    U32[bucket >>> 2] = i;
    return i;
  }

  function neighArm(ctx: number, e: number, at: number): void {
    U32[(e + NE_TIMER) >>> 2] = at;
    U8[e + NE_FLAGS] = U8[e + NE_FLAGS] | NEF_TIMER;
    nodeTimerArm(ctx, at);
  }
  function nodeTimerArm(ctx: number, at: number): void {
    if (U32[(ctx + NODE_TIMER_ARMED) >>> 2] === 0 || timeAfter(U32[(ctx + NODE_TIMER_AT) >>> 2], at >>> 0)) {
      U32[(ctx + NODE_TIMER_AT) >>> 2] = at;
      U32[(ctx + NODE_TIMER_ARMED) >>> 2] = 1;
    }
  }
  function neighDisarm(e: number): void {
    U8[e + NE_FLAGS] = U8[e + NE_FLAGS] & ~NEF_TIMER;
  }

  function reachableTime(ctx: number, t: number): number {
    const now = nodeNow(ctx);
    if (timeAfter(now, U32[(t + NT_LAST_RAND) >>> 2] + NEIGH_RERAND_MS)) {
      let x = U32[(t + NT_RNG) >>> 2]; // xorshift32
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      U32[(t + NT_RNG) >>> 2] = x;
      U32[(t + NT_REACHABLE_TIME) >>> 2] = (NEIGH_BASE_REACHABLE_MS >>> 1) + x % NEIGH_BASE_REACHABLE_MS;
      U32[(t + NT_LAST_RAND) >>> 2] = now;
    }
    return U32[(t + NT_REACHABLE_TIME) >>> 2];
  }

  function setMac(e: number, mac: number): void {
    macCopy(e + NE_MAC, mac);
    const owner = U32[(e + NE_OWNER) >>> 2];
    U32[(e + NE_DST_NODE) >>> 2] = owner !== NODE_EXTERNAL && macEqual(mac, e + NE_OWNER_MAC) ? owner : NODE_EXTERNAL;
  }

  function neighXmit(ctx: number, t: number, e: number, ip: number, len: number, meta: number): void {
    const frame = ip - ETH_HDR_LEN;
    ethEmit(frame, e + NE_MAC, ifPtr(ctx, U32[(t + NT_IFACE) >>> 2]) + IF_MAC, ETHERTYPE_IPV4);
    sendOnWire(ctx, U32[(t + NT_IFACE) >>> 2], frame, len + ETH_HDR_LEN, U32[(e + NE_DST_NODE) >>> 2], meta);
  }

  function neighProbe(ctx: number, t: number, e: number): void {
    const probes = U8[e + NE_PROBES];
    const ifp = ifPtr(ctx, U32[(t + NT_IFACE) >>> 2]);
    let saddr = U32[(ifp + IF_IP) >>> 2];
    const tail = U32[(e + NE_Q_TAIL) >>> 2];
    if (tail !== NE_NONE) {
      const src = ipv4Src(queueSlot(t, tail) + SLOT_HEADROOM);
      const nh = routeLookup(ctx, src);
      if (nh !== NH_NONE && U8[nhPtr(ctx, nh) + NH_KIND] === NHK_LOCAL) saddr = src;
    }
    const f = t + NT_ARP_FRAME;
    const a = f + ETH_HDR_LEN;
    if (probes < NEIGH_UCAST_PROBES) macCopy(f, e + NE_MAC);
    else {
      U32[f >>> 2] = 0xffffffff;
      U16[(f + 4) >>> 1] = 0xffff;
    }
    macCopy(f + 6, ifp + IF_MAC);
    st16be(f + 12, ETHERTYPE_ARP);
    st16be(a + ARP_HTYPE, ARPHRD_ETHER);
    st16be(a + ARP_PTYPE, ETHERTYPE_IPV4);
    U8[a + ARP_HLEN] = 6;
    U8[a + ARP_PLEN] = 4;
    arpSetOp(a, ARPOP_REQUEST);
    macCopy(a + ARP_SHA, ifp + IF_MAC);
    arpSetSpa(a, saddr);
    U8.fill(0, a + ARP_THA, a + ARP_THA + 6);
    arpSetTpa(a, U32[(e + NE_IP) >>> 2]);
    countNode(ctx, NC_CREATED_ARP);
    const dst = probes < NEIGH_UCAST_PROBES ? U32[(e + NE_DST_NODE) >>> 2] : NODE_EXTERNAL;
    sendOnWire(ctx, U32[(t + NT_IFACE) >>> 2], f, ETH_HDR_LEN + ARP_LEN, dst, 0);
    U8[e + NE_PROBES] = probes + 1;
  }

  function queueSlot(t: number, q: number): number {
    return U32[(t + NT_QUEUE) >>> 2] + q * U32[(t + NT_SLOT_SIZE) >>> 2];
  }
  function queuePop(t: number, e: number): number {
    const q = U32[(e + NE_Q_HEAD) >>> 2];
    if (q === NE_NONE) return NE_NONE;
    const next = U32[(queueSlot(t, q) + NQ_NEXT) >>> 2];
    U32[(e + NE_Q_HEAD) >>> 2] = next;
    if (next === NE_NONE) U32[(e + NE_Q_TAIL) >>> 2] = NE_NONE;
    U32[(e + NE_Q_LEN) >>> 2] = U32[(e + NE_Q_LEN) >>> 2] - 1;
    return q;
  }
  function queueFree(t: number, q: number): void {
    U32[(queueSlot(t, q) + NQ_NEXT) >>> 2] = U32[(t + NT_QUEUE_FREE) >>> 2];
    U32[(t + NT_QUEUE_FREE) >>> 2] = q;
  }
  function queueDrop(ctx: number, t: number, q: number, reason: number): void {
    countNode(ctx, NC_NEIGH_RELEASED);
    dropTx(ctx, U32[(t + NT_IFACE) >>> 2], reason);
    queueFree(t, q);
  }

  function enqueue(ctx: number, t: number, e: number, ip: number, len: number, meta: number): void {
    while (U32[(e + NE_Q_LEN) >>> 2] >= NEIGH_UNRES_QLEN) queueDrop(ctx, t, queuePop(t, e), DROP_NEIGH_QUEUE_FULL);
    let q = U32[(t + NT_QUEUE_FREE) >>> 2];
    if (q === NE_NONE) {
      q = queuePop(t, e);
      if (q === NE_NONE) {
        dropTx(ctx, U32[(t + NT_IFACE) >>> 2], DROP_NEIGH_QUEUE_FULL);
        return;
      }
      queueDrop(ctx, t, q, DROP_NEIGH_QUEUE_FULL);
      q = U32[(t + NT_QUEUE_FREE) >>> 2];
    }
    const s = queueSlot(t, q);
    U32[(t + NT_QUEUE_FREE) >>> 2] = U32[(s + NQ_NEXT) >>> 2];
    memoryCopy(s + SLOT_HEADROOM, ip, len);
    U32[(s + NQ_NEXT) >>> 2] = NE_NONE;
    U32[(s + NQ_LEN) >>> 2] = len;
    U32[(s + NQ_META) >>> 2] = meta;
    const tail = U32[(e + NE_Q_TAIL) >>> 2];
    if (tail === NE_NONE) U32[(e + NE_Q_HEAD) >>> 2] = q;
    else U32[(queueSlot(t, tail) + NQ_NEXT) >>> 2] = q;
    U32[(e + NE_Q_TAIL) >>> 2] = q;
    U32[(e + NE_Q_LEN) >>> 2] = U32[(e + NE_Q_LEN) >>> 2] + 1;
    countNode(ctx, NC_NEIGH_QUEUED);
  }

  function neighOutputEntry(ctx: number, t: number, e: number, ip: number, len: number, meta: number): void {
    if ((meta & META_CONFIRM) !== 0) U32[(e + NE_CONFIRMED) >>> 2] = nodeNow(ctx); // sock_confirm_neigh
    const state = U8[e + NE_STATE];
    if ((state & NUD_CONNECTED) !== 0) {
      neighXmit(ctx, t, e, ip, len, meta);
      return;
    }
    const now = nodeNow(ctx);
    U32[(e + NE_USED) >>> 2] = now;
    if ((state & (NUD_DELAY | NUD_PROBE)) !== 0) {
      neighXmit(ctx, t, e, ip, len, meta);
      return;
    }
    if (state === NUD_STALE) {
      U8[e + NE_STATE] = NUD_DELAY;
      U32[(e + NE_UPDATED) >>> 2] = now;
      neighArm(ctx, e, (now + NEIGH_DELAY_PROBE_MS) >>> 0);
      neighXmit(ctx, t, e, ip, len, meta);
      return;
    }
    let immediate = false;
    if (state !== NUD_INCOMPLETE) {
      U8[e + NE_PROBES] = NEIGH_UCAST_PROBES;
      U8[e + NE_STATE] = NUD_INCOMPLETE;
      U32[(e + NE_UPDATED) >>> 2] = now;
      neighArm(ctx, e, (now + NEIGH_RETRANS_MS) >>> 0);
      immediate = true;
    }
    enqueue(ctx, t, e, ip, len, meta);
    if (immediate) neighProbe(ctx, t, e);
  }

  function neighOutput(ctx: number, oif: number, idx: number, ip: number, len: number, meta: number): void {
    const t = neighTableOf(ctx, oif);
    neighOutputEntry(ctx, t, nePtr(t, idx), ip, len, meta);
  }

  function neighGlean(ctx: number, oif: number, gw: number, ip: number, len: number, meta: number): void {
    const t = neighTableOf(ctx, oif);
    if (t === 0) {
      dropTx(ctx, oif, DROP_NEIGH_MISS);
      return;
    }
    const i = neighCreate(ctx, t, gw);
    if (i === NE_NONE) {
      dropTx(ctx, oif, DROP_NEIGH_TABLE_FULL);
      return;
    }
    neighOutputEntry(ctx, t, nePtr(t, i), ip, len, meta);
  }

  function releaseQueue(ctx: number, t: number, e: number): void {
    const cap = U32[(t + NT_CAPACITY) >>> 2] + NEIGH_UNRES_QLEN;
    for (let n = 0; n < cap && (U8[e + NE_STATE] & NUD_VALID) !== 0; n++) {
      const q = queuePop(t, e);
      if (q === NE_NONE) return;
      countNode(ctx, NC_NEIGH_RELEASED);
      const s = queueSlot(t, q);
      neighOutputEntry(ctx, t, e, s + SLOT_HEADROOM, U32[(s + NQ_LEN) >>> 2], U32[(s + NQ_META) >>> 2]);
      queueFree(t, q);
    }
  }

  function neighUpdate(ctx: number, t: number, e: number, mac: number, state: number, overrideMac: boolean): void {
    const old = U8[e + NE_STATE];
    if ((old & (NUD_NOARP | NUD_PERMANENT)) !== 0) return;
    const now = nodeNow(ctx);
    let next = state;
    const same = (old & NUD_VALID) !== 0 && macEqual(mac, e + NE_MAC);
    if ((next & NUD_CONNECTED) !== 0) U32[(e + NE_CONFIRMED) >>> 2] = now;
    if ((old & NUD_VALID) !== 0) {
      if (!same && !overrideMac) return;
      if (same && next === NUD_STALE) next = old;
    }
    if (next !== old || !same) U32[(e + NE_UPDATED) >>> 2] = now;
    if (next !== old) {
      neighDisarm(e);
      if ((next & NUD_PROBE) !== 0) U8[e + NE_PROBES] = 0;
      if ((next & NUD_IN_TIMER) !== 0) neighArm(ctx, e, (now + ((next & NUD_REACHABLE) !== 0 ? reachableTime(ctx, t) : 0)) >>> 0);
      U8[e + NE_STATE] = next;
    }
    if (!same) {
      setMac(e, mac);
      if ((next & NUD_CONNECTED) === 0) U32[(e + NE_CONFIRMED) >>> 2] = now - (NEIGH_BASE_REACHABLE_MS << 1);
    }
    if (next === old) return;
    if ((old & NUD_VALID) === 0) releaseQueue(ctx, t, e);
  }

  return {
    nodeNow, timeAfter, neighTableOf, nePtr, neighLookup, neighCreate, neighArm, nodeTimerArm, neighDisarm, reachableTime,
    neighXmit, neighProbe, queueSlot, queuePop, queueFree, queueDrop, neighOutputEntry, neighOutput, neighGlean,
    neighUpdate,
  };
}
export type NeighFns = ReturnType<typeof neighFns>;
