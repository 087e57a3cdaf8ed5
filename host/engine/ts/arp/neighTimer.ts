// Twin of assembly/arp/neighTimer.ts: neigh_timer_handler over the node's neighbour tables,
// and neigh_invalidate's ICMP host unreachable for what a failed resolution leaves queued.
import type { Heap } from '../heap.ts';
import * as L from '../../../layout.ts';
import * as ICMP from '../wire/icmp.ts';
import type { CountersFns } from '../counters.ts';
import type { IcmpErrorFns } from '../icmpError.ts';
import type { NeighFns } from './neigh.ts';
import type { IpOptionsFns } from '../ipOptions.ts';
import * as OPTS from '../ipOptionsEcho.ts';

export function neighTimerFns(h: Heap, d: { neigh: NeighFns; counters: CountersFns; icmpError: IcmpErrorFns; ipOptions: IpOptionsFns }) {
  const { OPT_DROPPED } = OPTS;
  const {
    NODE_IF_COUNT, NT_CAPACITY, NT_IFACE, NE_STATE, NE_PROBES, NE_CONFIRMED,
    NE_USED, NE_UPDATED, NE_TIMER, NE_FLAGS, NE_NONE, NEF_IN_USE, NEF_TIMER, NQ_META,
    SLOT_HEADROOM, NUD_REACHABLE, NUD_STALE, NUD_DELAY, NUD_PROBE, NUD_INCOMPLETE, NUD_FAILED,
    NUD_IN_TIMER, NEIGH_DELAY_PROBE_MS, NEIGH_RETRANS_MS, NEIGH_MIN_TIMER_MS, NEIGH_UCAST_PROBES,
    NEIGH_MCAST_PROBES, NC_NEIGH_RELEASED, DROP_NEIGH_FAILED,
  } = L;
  const { ICMP_DEST_UNREACH, ICMP_HOST_UNREACH } = ICMP;
  const { U8, U32 } = h;
  const {
    nodeNow, timeAfter, neighTableOf, nePtr, neighArm, neighDisarm, neighProbe, reachableTime,
    queuePop, queueSlot, queueFree, queueDrop,
  } = d.neigh;
  const { countNode, dropTx } = d.counters;
  const { icmpSendError } = d.icmpError;
  const { ipOptionsRecompile } = d.ipOptions;

  function neighTimers(ctx: number, now: number): void {
    const nIf = U32[(ctx + NODE_IF_COUNT) >>> 2];
    for (let k = 0; k < nIf; k++) {
      const t = neighTableOf(ctx, k);
      if (t === 0) continue;
      const cap = U32[(t + NT_CAPACITY) >>> 2];
      for (let i = 0; i < cap; i++) {
        const e = nePtr(t, i);
        const f = U8[e + NE_FLAGS];
        if ((f & (NEF_IN_USE | NEF_TIMER)) !== (NEF_IN_USE | NEF_TIMER)) continue;
        const at = U32[(e + NE_TIMER) >>> 2];
        if (timeAfter(at, now)) neighArm(ctx, e, at);
        else {
          neighDisarm(e);
          timerHandler(ctx, t, e, now);
        }
      }
    }
  }

  function timerHandler(ctx: number, t: number, e: number, now: number): void {
    const state = U8[e + NE_STATE];
    if ((state & NUD_IN_TIMER) === 0) return;
    let next = now + 1000;
    if (state === NUD_REACHABLE) {
      const reach = reachableTime(ctx, t);
      if (!timeAfter(now, U32[(e + NE_CONFIRMED) >>> 2] + reach)) {
        next = U32[(e + NE_CONFIRMED) >>> 2] + reach;
      } else if (!timeAfter(now, U32[(e + NE_USED) >>> 2] + NEIGH_DELAY_PROBE_MS)) {
        U8[e + NE_STATE] = NUD_DELAY;
        U32[(e + NE_UPDATED) >>> 2] = now;
        next = now + NEIGH_DELAY_PROBE_MS;
      } else {
        U8[e + NE_STATE] = NUD_STALE;
        U32[(e + NE_UPDATED) >>> 2] = now;
      }
    } else if (state === NUD_DELAY) {
      if (!timeAfter(now, U32[(e + NE_CONFIRMED) >>> 2] + NEIGH_DELAY_PROBE_MS)) {
        U8[e + NE_STATE] = NUD_REACHABLE;
        U32[(e + NE_UPDATED) >>> 2] = now;
        next = U32[(e + NE_CONFIRMED) >>> 2] + reachableTime(ctx, t);
      } else {
        U8[e + NE_STATE] = NUD_PROBE;
        U32[(e + NE_UPDATED) >>> 2] = now;
        U8[e + NE_PROBES] = 0;
        next = now + NEIGH_RETRANS_MS;
      }
    } else {
      next = now + NEIGH_RETRANS_MS;
    }
    const s = U8[e + NE_STATE];
    if ((s & (NUD_INCOMPLETE | NUD_PROBE)) !== 0) {
      const max = NEIGH_UCAST_PROBES + (s === NUD_PROBE ? 0 : NEIGH_MCAST_PROBES);
      if (U8[e + NE_PROBES] >= max) {
        U8[e + NE_STATE] = NUD_FAILED;
        neighInvalidate(ctx, t, e);
        return;
      }
    }
    if ((s & NUD_IN_TIMER) !== 0) {
      if (timeAfter(now + NEIGH_MIN_TIMER_MS, next)) next = now + NEIGH_MIN_TIMER_MS;
      neighArm(ctx, e, next >>> 0);
    }
    if ((s & (NUD_INCOMPLETE | NUD_PROBE)) !== 0) neighProbe(ctx, t, e);
  }

  function neighInvalidate(ctx: number, t: number, e: number): void {
    U32[(e + NE_UPDATED) >>> 2] = nodeNow(ctx);
    const oif = U32[(t + NT_IFACE) >>> 2];
    const cap = U32[(t + NT_CAPACITY) >>> 2] + 128;
    for (let n = 0; n < cap && U8[e + NE_STATE] === NUD_FAILED; n++) {
      const q = queuePop(t, e);
      if (q === NE_NONE) break;
      countNode(ctx, NC_NEIGH_RELEASED);
      dropTx(ctx, oif, DROP_NEIGH_FAILED);
      const s = queueSlot(t, q);
      const opts = ipOptionsRecompile(ctx, oif, s + SLOT_HEADROOM);
      if (opts !== OPT_DROPPED) icmpSendError(ctx, s + SLOT_HEADROOM, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0, U32[(s + NQ_META) >>> 2], false, opts);
      queueFree(t, q);
    }
    for (let n = 0; n < cap; n++) {
      const q = queuePop(t, e);
      if (q === NE_NONE) break;
      queueDrop(ctx, t, q, DROP_NEIGH_FAILED);
    }
  }
  return { neighTimers };
}
export type NeighTimerFns = ReturnType<typeof neighTimerFns>;
