// Where the generated frames went, per engine: delivered to a pod (the flow's own destination:
// the benchmark's flows are pod to pod), delivered to a host, left the cluster (taken off an
// uplink towards an address no host of the cluster owns), or dropped, by reason. A frame that
// left the cluster has not been delivered.
//
// A run fails (exit 1) when frames cannot arrive: they left the cluster (unless --allow-leaving
// asked for that traffic), reached a host instead of their pod, or were dropped for a reason
// other than congestion (ringFull: a full ring, tail-dropped) or the frame size the user chose:
// --size above the pods' MTU + 14 is rxOverMtu at the cali, except within the 4 octets of VLAN
// slack the cali's receive check allows (is_skb_forwardable: mtu + hard_header_len + VLAN_HLEN),
// where the frame passes and ip_forward refuses it as too big for tunl0 (fragNeeded).

import type { Counters } from '../host/dataplane/counters.ts';
import type { Conservation } from '../host/runtime/counters.ts';

export interface Outcome {
  deliveredPod: number;
  deliveredHost: number;
  leftCluster: number;
  drops: Record<string, number>;
  /** Every generated frame reached its pod, and nothing else happened. */
  allArrived: boolean;
}

/** Drops that say nothing about whether a flow can arrive. */
const NOT_ROUTING = new Set(['ringFull', 'rxOverMtu']);
/** …and those that frames larger than the pods could send meet on their way. */
const OVERSIZE = new Set([...NOT_ROUTING, 'fragNeeded']);

export function outcomeOf(c: Counters, k: Conservation): Outcome {
  const allArrived = k.created === 0 && c.deliveredHost === 0 && k.wired === 0 && c.dropped === 0 && c.deliveredPod === k.generated;
  return { deliveredPod: c.deliveredPod, deliveredHost: c.deliveredHost, leftCluster: k.wired, drops: { ...c.drops }, allArrived };
}

/** Why frames of this engine's flows cannot arrive ([] = they can); `oversize`: the frames are
 *  larger than the pods' MTU + 14 (--size). */
export function unarrived(o: Outcome, allowLeaving: boolean, oversize: boolean): string[] {
  const expected = oversize ? OVERSIZE : NOT_ROUTING;
  const why: string[] = [];
  if (o.leftCluster > 0 && !allowLeaving) why.push(`${o.leftCluster} left the cluster`);
  if (o.deliveredHost > 0) why.push(`${o.deliveredHost} reached a host instead of their pod`);
  for (const [reason, n] of Object.entries(o.drops)) if (n > 0 && !expected.has(reason)) why.push(`${n} dropped (${reason})`);
  return why;
}
