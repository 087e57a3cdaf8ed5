// Neighbour timers (neigh_timer_handler, net/core/neighbour.c), run at the start of a node's
// step once the node's clock has reached its earliest timer (NODE_TIMER_AT; node.ts):
//
//   REACHABLE ── confirmed + reachable_time passed ─┬─ used within 5 s ─► DELAY (5 s)
//                                                   └─ else ───────────► STALE (no timer)
//   DELAY ────── confirmed within 5 s ─► REACHABLE; else ─► PROBE, probes = 0
//   PROBE, INCOMPLETE ── probes ≥ ucast_solicit (+ mcast_solicit when INCOMPLETE) ─► FAILED
//                        else another request (arp_solicit), again in retrans_time (1 s)
//   FAILED: neigh_invalidate → arp_error_report → ipv4_link_failure: every queued packet gets
//   ICMP 3/1 (host unreachable) from this node, by __icmp_send's rules (icmpError.ts), and is
//   dropped (DROP_NEIGH_FAILED).
//
// The scan visits every entry of every table of the node: bounded by the tables' capacity,
// and it runs only when a timer is due, not per packet.

import {
  NODE_IF_COUNT, NT_CAPACITY, NT_IFACE, NE_STATE, NE_PROBES, NE_CONFIRMED,
  NE_USED, NE_UPDATED, NE_TIMER, NE_FLAGS, NE_NONE, NEF_IN_USE, NEF_TIMER, NQ_META,
  SLOT_HEADROOM, NUD_REACHABLE, NUD_STALE, NUD_DELAY, NUD_PROBE, NUD_INCOMPLETE, NUD_FAILED,
  NUD_IN_TIMER, NEIGH_DELAY_PROBE_MS, NEIGH_RETRANS_MS, NEIGH_MIN_TIMER_MS, NEIGH_UCAST_PROBES,
  NEIGH_MCAST_PROBES, NC_NEIGH_RELEASED, DROP_NEIGH_FAILED,
} from '../layout';
import {
  nodeNow, timeAfter, neighTableOf, nePtr, neighArm, neighDisarm, neighProbe, reachableTime,
  queuePop, queueSlot, queueFree, queueDrop,
} from './neigh';
import { countNode, dropTx } from '../counters';
import { icmpSendError } from '../icmpError';
import { ipOptionsRecompile } from '../ipOptions';
import { OPT_DROPPED } from '../ipOptionsEcho';
import { ICMP_DEST_UNREACH, ICMP_HOST_UNREACH } from '../wire/icmp';

/** Run every neighbour timer of the node that is due at `now`; re-arm the node's earliest
 *  timer for the others (node.ts disarmed it). */
export function neighTimers(ctx: usize, now: u32): void {
  const nIf = load<u32>(ctx, NODE_IF_COUNT);
  for (let k: u32 = 0; k < nIf; k++) {
    const t = neighTableOf(ctx, k);
    if (t == 0) continue;
    const cap = load<u32>(t, NT_CAPACITY);
    for (let i: u32 = 0; i < cap; i++) {
      const e = nePtr(t, i);
      const f = <u32>load<u8>(e, NE_FLAGS);
      if ((f & (NEF_IN_USE | NEF_TIMER)) != (NEF_IN_USE | NEF_TIMER)) continue;
      const at = load<u32>(e, NE_TIMER);
      if (timeAfter(at, now)) neighArm(ctx, e, at); // not due: it keeps the node's timer
      else {
        neighDisarm(e);
        timerHandler(ctx, t, e, now);
      }
    }
  }
}

function timerHandler(ctx: usize, t: usize, e: usize, now: u32): void {
  const state = <u32>load<u8>(e, NE_STATE);
  if ((state & NUD_IN_TIMER) == 0) return;
  let next = now + 1000; // HZ
  if (state == NUD_REACHABLE) {
    const reach = reachableTime(ctx, t);
    if (!timeAfter(now, load<u32>(e, NE_CONFIRMED) + reach)) {
      next = load<u32>(e, NE_CONFIRMED) + reach;
    } else if (!timeAfter(now, load<u32>(e, NE_USED) + NEIGH_DELAY_PROBE_MS)) {
      store<u8>(e, <u8>NUD_DELAY, NE_STATE);
      store<u32>(e, now, NE_UPDATED);
      next = now + NEIGH_DELAY_PROBE_MS;
    } else {
      store<u8>(e, <u8>NUD_STALE, NE_STATE);
      store<u32>(e, now, NE_UPDATED);
    }
  } else if (state == NUD_DELAY) {
    if (!timeAfter(now, load<u32>(e, NE_CONFIRMED) + NEIGH_DELAY_PROBE_MS)) {
      store<u8>(e, <u8>NUD_REACHABLE, NE_STATE);
      store<u32>(e, now, NE_UPDATED);
      next = load<u32>(e, NE_CONFIRMED) + reachableTime(ctx, t);
    } else {
      store<u8>(e, <u8>NUD_PROBE, NE_STATE);
      store<u32>(e, now, NE_UPDATED);
      store<u8>(e, 0, NE_PROBES);
      next = now + NEIGH_RETRANS_MS;
    }
  } else {
    next = now + NEIGH_RETRANS_MS; // PROBE, INCOMPLETE
  }
  const s = <u32>load<u8>(e, NE_STATE);
  if ((s & (NUD_INCOMPLETE | NUD_PROBE)) != 0) {
    const max = NEIGH_UCAST_PROBES + (s == NUD_PROBE ? 0 : NEIGH_MCAST_PROBES); // mcast_resolicit 0
    if (<u32>load<u8>(e, NE_PROBES) >= max) {
      store<u8>(e, <u8>NUD_FAILED, NE_STATE);
      neighInvalidate(ctx, t, e);
      return;
    }
  }
  if ((s & NUD_IN_TIMER) != 0) {
    if (timeAfter(now + NEIGH_MIN_TIMER_MS, next)) next = now + NEIGH_MIN_TIMER_MS;
    neighArm(ctx, e, next);
  }
  if ((s & (NUD_INCOMPLETE | NUD_PROBE)) != 0) neighProbe(ctx, t, e);
}

/** neigh_invalidate: ICMP host unreachable for each queued packet while the entry stays
 *  FAILED (an error may itself go out through this entry and restart resolution), then
 *  whatever is left is purged. The error comes from ipv4_link_failure →
 *  ipv4_send_dest_unreach, which compiles the packet's options again and sends none about a
 *  packet whose options fail. */
function neighInvalidate(ctx: usize, t: usize, e: usize): void {
  store<u32>(e, nodeNow(ctx), NE_UPDATED);
  const oif = load<u32>(t, NT_IFACE);
  const cap = load<u32>(t, NT_CAPACITY) + 128;
  for (let n: u32 = 0; n < cap && <u32>load<u8>(e, NE_STATE) == NUD_FAILED; n++) {
    const q = queuePop(t, e);
    if (q == NE_NONE) break;
    countNode(ctx, NC_NEIGH_RELEASED);
    dropTx(ctx, oif, DROP_NEIGH_FAILED);
    const s = queueSlot(t, q);
    const opts = ipOptionsRecompile(ctx, oif, s + SLOT_HEADROOM);
    if (opts != OPT_DROPPED) icmpSendError(ctx, s + SLOT_HEADROOM, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0, load<u32>(s, NQ_META), false, opts);
    queueFree(t, q);
  }
  for (let n: u32 = 0; n < cap; n++) {
    const q = queuePop(t, e);
    if (q == NE_NONE) break;
    queueDrop(ctx, t, q, DROP_NEIGH_FAILED);
  }
}
