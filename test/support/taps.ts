// Frames a simulation emits, grouped by the oracle's interface labels ("k8s-master-1:ens160"),
// the way the kernel oracle's fixtures group the VM's tcpdump captures.

import type { Simulation } from '../../host/sim/simulation.ts';
import { resolveTap } from '../../host/session/taps.ts';

/** Listens on `sim` from now on; the returned map fills as frames pass each labelled interface
 *  (a label the simulation has no tap for stays empty). */
export function recordTaps(sim: Simulation, labels: readonly string[]): Map<string, Buffer[]> {
  const seen = new Map<string, Buffer[]>(labels.map((l) => [l, []]));
  const byPoint = new Map<string, string>();
  for (const l of labels) {
    const p = resolveTap(sim, l).point;
    if (p !== null) byPoint.set(p, l);
  }
  sim.listen((point, _t, frame) => {
    const l = byPoint.get(point);
    if (l) seen.get(l)!.push(Buffer.from(frame));
  });
  return seen;
}
