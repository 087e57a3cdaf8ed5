// The conservation check the core's counters define for a benchmark session (counters are f64,
// summed over the cluster by host/dataplane/counters.ts readClusterCounters):
//   at quiescence: generated + Σ created = Σ delivered + Σ drops + frames taken off the
//   uplink tx rings (they left the cluster).
// Read by the main thread after the workers stopped (or while they run, for a progress view:
// aligned f64 reads never tear on the platforms Node supports, but may be a few frames stale).

import type { Counters } from '../dataplane/counters.ts';

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

export function checkConservation(c: Counters, generated: number, sinkDelivered: number, wired: number, inFlight: number): Conservation {
  // a datagram reassembled from fragments comes out of the queues the fragments went into
  const created = c.createdIcmp + c.createdArp + c.createdFrag + c.createdTcp + c.reasmReleased - c.reasmQueued;
  const delivered = c.deliveredPod + c.deliveredHost;
  const problems: string[] = [];
  const out = `delivered ${delivered} + dropped ${c.dropped}${wired > 0 ? ` + left on the wire ${wired}` : ''}`;
  if (inFlight !== 0) problems.push(`${inFlight} frames still in rings (not quiescent)`);
  if (generated + created !== delivered + c.dropped + wired) problems.push(`generated ${generated} + created ${created} ≠ ${out}`);
  if (sinkDelivered !== c.deliveredPod) problems.push(`pods received ${sinkDelivered} ≠ core delivered-to-pod ${c.deliveredPod}`);
  return {
    passed: problems.length === 0,
    generated,
    created,
    delivered,
    dropped: c.dropped,
    sinkDelivered,
    wired,
    inFlight,
    detail: problems.length === 0 ? `generated ${generated} + created ${created} = ${out}` : problems.join('; '),
  };
}
