// Each device's reachable_time, read from the VM so that the simulator's neighbour timers run
// on the same values. The kernel draws it per device (neigh_parms of each in_device) at random
// in [base/2, 3·base/2) (neigh_rand_reach_time; base 30 s) and draws again every 300 s
// (neigh_periodic_work); the simulator draws its own (the nodes' uplinks, seeded) or takes the
// base (the pods), so an entry confirmed 20 s ago can be REACHABLE on one side and STALE on the
// other. That matters where a scenario waits: the Service scenarios, and the replay's tails
// (scenarios/replay.ts). The VM dumps the values (`ntable_dump`, as `ip ntable show` prints
// them) before the pings, the replay, each tail and the Services; the simulator takes the
// latest dump before each of its runs (SimOptions.reachableMs).

import { readFileSync } from 'node:fs';
import type { Cluster } from '../host/cluster/types.ts';
import type { SimOptions } from '../host/sim/options.ts';
import { NETNS } from './topology.ts';

type ReachableMs = NonNullable<SimOptions['reachableMs']>;

/** The shell function `ntable_dump FILE` (busybox sh): one line per device, `pod <ns/name> <ms>`
 *  for a pod's eth0, `host <index> <uplink> <ms>` for a node's or router's uplink. */
export function ntableDumpScript(cluster: Cluster): string {
  const lines: string[] = [];
  for (const p of cluster.pods) lines.push(`echo "pod ${p.namespace}/${p.name} $(reach ${NETNS.pod(p)} eth0)"`);
  for (const h of [...cluster.nodes, ...cluster.routers]) {
    h.uplinks.forEach((u, j) => lines.push(`echo "host ${h.index} ${j} $(reach ${NETNS.node(h)} ${u.name})"`));
  }
  return [
    `reach() { ip -n "$1" ntable show dev "$2" | sed -n 's/.* reachable \\([0-9]*\\) .*/\\1/p' | head -n 1; }`,
    `ntable_dump() {\n  {\n    ${lines.join('\n    ')}\n  } > "$1"\n}`,
  ].join('\n');
}

/** The values of one dump, or undefined when the file is missing (an older VM run). */
export function readReachable(file: string): ReachableMs | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const pods = new Map<string, number>();
  const hosts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const w = line.trim().split(/\s+/);
    if (w[0] === 'pod' && w.length === 3 && /^\d+$/.test(w[2])) pods.set(w[1], Number(w[2]));
    else if (w[0] === 'host' && w.length === 4 && /^\d+$/.test(w[3])) hosts.set(`${w[1]}/${w[2]}`, Number(w[3]));
  }
  return (dev) => ('pod' in dev ? pods.get(dev.pod) : hosts.get(`${dev.host}/${dev.uplink}`));
}
