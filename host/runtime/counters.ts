// Cluster-wide sums of the core's per-node counters (f64, layout.ts "counters") and the
// conservation check the core defines:
//   at quiescence: generated + Σ created = Σ delivered + Σ drops + frames taken off the
//   uplink tx rings (they left the cluster).
// Read by the main thread after the workers stopped (or while they run, for a progress view:
// aligned f64 reads never tear on the platforms Node supports, but may be a few frames stale).

import {
  DROP_COUNT, NC_COUNT, NC_CREATED_ARP, NC_CREATED_FRAG, NC_CREATED_ICMP,
  NC_DELIVERED_HOST, NC_DELIVERED_POD, NC_DROP_BASE, NC_RX, NC_TX_WIRE,
  NC_FORWARDED, NC_ENCAP, NC_DECAP, NC_ICMP_ERRORS, NC_ECHO_REPLIES, NC_FRAGMENTED,
} from '../layout.ts';
import { DROP_NAMES } from '../dataplane/counters.ts';
import type { Mem } from '../dataplane/mem.ts';
import { nodeContexts, NodeRecord } from '../dataplane/records.ts';

/** Drop reason names (DROP_ETH_TRUNCATED → eth_truncated), index = reason; from the layout's
 *  value-keyed table, so the order constants are declared in does not matter. */
const DROP_LABELS: readonly string[] = (() => {
  const labels: string[] = [];
  for (const [name, r] of DROP_NAMES) labels[r] = name.toLowerCase();
  return labels;
})();

export interface ClusterCounters {
  rx: number;
  txWire: number;
  deliveredPod: number;
  deliveredHost: number;
  created: { icmp: number; arp: number; frag: number };
  forwarded: number;
  encap: number;
  decap: number;
  icmpErrors: number;
  echoReplies: number;
  fragmented: number;
  /** Non-zero drop counters by reason name. */
  drops: Record<string, number>;
  dropsTotal: number;
}

export function sumCounters(mem: Mem): ClusterCounters {
  const ctxs = nodeContexts(mem);
  const sum = new Float64Array(NC_COUNT);
  for (const ctx of ctxs) {
    const base = new NodeRecord(mem, ctx).counterIndex;
    for (let k = 0; k < NC_COUNT; k++) sum[k] += mem.f64[base + k];
  }
  const drops: Record<string, number> = {};
  let dropsTotal = 0;
  for (let r = 0; r < DROP_COUNT; r++) {
    const v = sum[NC_DROP_BASE + r];
    if (v !== 0) drops[DROP_LABELS[r] ?? `reason_${r}`] = v;
    dropsTotal += v;
  }
  return {
    rx: sum[NC_RX],
    txWire: sum[NC_TX_WIRE],
    deliveredPod: sum[NC_DELIVERED_POD],
    deliveredHost: sum[NC_DELIVERED_HOST],
    created: { icmp: sum[NC_CREATED_ICMP], arp: sum[NC_CREATED_ARP], frag: sum[NC_CREATED_FRAG] },
    forwarded: sum[NC_FORWARDED],
    encap: sum[NC_ENCAP],
    decap: sum[NC_DECAP],
    icmpErrors: sum[NC_ICMP_ERRORS],
    echoReplies: sum[NC_ECHO_REPLIES],
    fragmented: sum[NC_FRAGMENTED],
    drops,
    dropsTotal,
  };
}

export interface Conservation {
  passed: boolean;
  generated: number;
  created: number;
  delivered: number;
  dropped: number;
  /** Frames the sink took from pod tx rings; must equal the core's delivered-to-pod count. */
  sinkDelivered: number;
  /** Frames the workers took from the nodes' uplink tx rings: they left the cluster. */
  wired: number;
  inFlight: number;
  detail: string;
}

export function checkConservation(c: ClusterCounters, generated: number, sinkDelivered: number, wired: number, inFlight: number): Conservation {
  const created = c.created.icmp + c.created.arp + c.created.frag;
  const delivered = c.deliveredPod + c.deliveredHost;
  const problems: string[] = [];
  const out = `delivered ${delivered} + dropped ${c.dropsTotal}${wired > 0 ? ` + left on the wire ${wired}` : ''}`;
  if (inFlight !== 0) problems.push(`${inFlight} frames still in rings (not quiescent)`);
  if (generated + created !== delivered + c.dropsTotal + wired) problems.push(`generated ${generated} + created ${created} ≠ ${out}`);
  if (sinkDelivered !== c.deliveredPod) problems.push(`pods received ${sinkDelivered} ≠ core delivered-to-pod ${c.deliveredPod}`);
  return {
    passed: problems.length === 0,
    generated,
    created,
    delivered,
    dropped: c.dropsTotal,
    sinkDelivered,
    wired,
    inFlight,
    detail: problems.length === 0 ? `generated ${generated} + created ${created} = ${out}` : problems.join('; '),
  };
}
