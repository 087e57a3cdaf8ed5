// The simulator's side of every scenario, in process: the same pings (SimSession, as
// `calico-ipip-sim ping … --pcap DIR` runs them) and the same replayed frames
// (Simulation.inject), each engine into its own directory of pcaps named like the VM's.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster } from '../host/cluster/types.ts';
import type { LinkKind } from '../host/capture/pcap.ts';
import { PcapFileWriter } from '../host/capture/pcapFile.ts';
import { SimSession } from '../host/session/session.ts';
import { Simulation } from '../host/sim/simulation.ts';
import type { ForwardingEngineName as EngineName } from '../host/engine/engine.ts';
import { resolveTap } from '../host/session/taps.ts';
import { NS_PER_MS } from '../host/sim/clock.ts';
import type { Point } from './points.ts';
import type { PingScenario } from './scenarios/pings.ts';
import { sendAtMs, type ReplayScenario } from './scenarios/replay.ts';
import type { RedirectLimit } from '../host/dataplane/plan.ts';

/** The VM lifts ip_rt_send_redirect's per-peer limit (vmscript.ts: its inet_peer state outlives
 *  the flushes between batches, and the simulator starts each batch afresh), so the simulator
 *  runs with the same numbers: every redirect owed is sent. */
export const ORACLE_REDIRECTS: RedirectLimit = { number: 0x7fffffff, loadMs: 0, silenceMs: 20 << 10 };

export function simPing(cluster: Cluster, s: PingScenario, engine: EngineName, dir: string): void {
  mkdirSync(dir, { recursive: true });
  let text = '';
  const io = { out: (t: string) => void (text += t), err: (t: string) => void (text += t) };
  const rc = new SimSession(cluster, { engine, neighbours: 'empty', redirects: ORACLE_REDIRECTS }).ping({
    pod: `${s.pod.namespace}/${s.pod.name}`, host: s.dst, count: s.count, size: s.size, ttl: s.ttl,
    timeoutS: s.timeoutS, pcap: dir,
  }, io);
  writeFileSync(join(dir, 'ping.txt'), `${text}rc=${rc}\n`);
}

/** Every batch on a fresh cluster (the VM forgets its dynamic neighbours between batches); the
 *  frames of a batch at the times tcpreplay sends them (sendAtMs); the batches laid end to end
 *  in the pcaps with the VM's pause between them. */
export function simReplay(cluster: Cluster, s: ReplayScenario, points: Point[], engine: EngineName, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const writers = new Map<string, PcapFileWriter>();
  for (const p of points) {
    const link: LinkKind = p.iface === 'tunl0' ? 'raw' : 'ether';
    writers.set(p.label, new PcapFileWriter(link, { path: join(dir, p.file) }));
  }
  let base = 0;
  try {
    for (const b of s.batches) {
      const sim = new Simulation(cluster, { engine, neighbours: 'empty', redirects: ORACLE_REDIRECTS });
      const byPoint = new Map<string, PcapFileWriter>();
      for (const p of points) {
        const tap = resolveTap(sim, p.label);
        if (tap.point !== null) byPoint.set(tap.point, writers.get(p.label)!);
      }
      const t0 = base;
      sim.listen((point, t, frame) => byPoint.get(point)?.write(sim.clock.wall(t0 + t), frame));
      b.frames.forEach((f, i) => sim.clock.at(sendAtMs(s, i) * NS_PER_MS, () => sim.inject(b.sim, f.bytes)));
      const end = (sendAtMs(s, b.frames.length) + s.gapMs) * NS_PER_MS;
      sim.clock.run(() => false, end);
      base += end;
    }
  } finally {
    for (const w of writers.values()) w.close();
  }
}
