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
import type { SimOptions } from '../host/sim/options.ts';
import type { ForwardingEngineName as EngineName } from '../host/engine/engine.ts';
import { resolveTap } from '../host/session/taps.ts';
import { DEFAULT_EPOCH_NS, NS_PER_MS, SimClock } from '../host/sim/clock.ts';
import type { Point } from './points.ts';
import type { PingScenario } from './scenarios/pings.ts';
import { playAtMs, type ReplayScenario } from './scenarios/replay.ts';
import type { RedirectLimit } from '../host/dataplane/options.ts';

/** The VM lifts ip_rt_send_redirect's per-peer limit (vmscript.ts: its inet_peer state outlives
 *  the flushes between batches, and the simulator starts each batch afresh), so the simulator
 *  runs with the same numbers: every redirect owed is sent. */
export const ORACLE_REDIRECTS: RedirectLimit = { number: 0x7fffffff, loadMs: 0, silenceMs: 20 << 10 };

/** The VM's reachable_time of each device (reachable.ts), when it recorded them. */
export type Reachable = SimOptions['reachableMs'];

export function simPing(cluster: Cluster, s: PingScenario, engine: EngineName, dir: string, reachableMs?: Reachable): void {
  mkdirSync(dir, { recursive: true });
  let text = '';
  const io = { out: (t: string) => void (text += t), err: (t: string) => void (text += t) };
  const rc = new SimSession(cluster, { engine, neighbours: 'empty', redirects: ORACLE_REDIRECTS, reachableMs }).ping({
    pod: `${s.pod.namespace}/${s.pod.name}`, host: s.dst, count: s.count, size: s.size, ttl: s.ttl,
    timeoutS: s.timeoutS, pcap: dir,
  }, io);
  writeFileSync(join(dir, 'ping.txt'), `${text}rc=${rc}\n`);
}

/** Is this frame a packet (not ARP)? Raw IPv4 on tunl0, Ethernet elsewhere. */
const isPacket = (frame: Uint8Array): boolean =>
  (frame[0] >> 4) === 4 || (frame.length >= 14 && !(frame[12] === 0x08 && frame[13] === 0x06));

/** The cluster as the replay meets it in the VM: kube-ipvs0 has its addresses, but kube-proxy's
 *  virtual servers and the backends' responders come later, with the Services
 *  (servicesSetup runs after the replay, main.ts), so a packet to a ClusterIP is the node's own. */
const beforeKubeProxy = (cluster: Cluster): Cluster => ({ ...cluster, services: [] });

/** One batch on a fresh cluster, from its first input to `endNs` (simulated time); `onFrame`
 *  hears every frame at every compared point with its time from the batch's first input. */
function runBatch(cluster: Cluster, s: ReplayScenario, b: ReplayScenario['batches'][number], engine: EngineName,
  endNs: number, reachableMs: Reachable, onFrame: (sim: Simulation, point: string, t: number, frame: Uint8Array) => void): Simulation {
  const sim = new Simulation(beforeKubeProxy(cluster), { engine, neighbours: 'empty', redirects: ORACLE_REDIRECTS, reachableMs });
  sim.listen((point, t, frame) => onFrame(sim, point, t, frame));
  b.frames.forEach((f, i) => sim.clock.at(playAtMs(s, b, i) * NS_PER_MS, () => sim.inject(b.sim, f.bytes)));
  sim.clock.run(() => false, endNs);
  return sim;
}

/** Where the simulator stops after a batch's first input, in ms: after its last input's
 *  spacing and the VM's pause, and after the tail when the batch has one. */
export const batchEndMs = (s: ReplayScenario, k: number): number =>
  playAtMs(s, s.batches[k], s.batches[k].frames.length - 1) + s.spacingMs + s.gapMs + s.batches[k].tailMs;

/** The batches that leave an incomplete datagram in a host's reassembly queue, or a timer that
 *  sends a packet after their last input (ip_expire: ICMP 11/1 ipfrag_time = 30 s after the
 *  first fragment, the timer wheel adding up to 2.048 s), which the kernel would keep into,
 *  or send in, a later batch. The plan gives these a tail (`tailMs`): the VM waits it out before
 *  its next flush, and the simulator runs as long, so the late packet lands in the window of
 *  the batch that caused it on both sides. Decided by a pass of the wasm engine with a tail
 *  on every batch; ARP alone (a neighbour's probe) does not make a tail. */
export function batchesWithLatePackets(cluster: Cluster, s: ReplayScenario, tailMs: number): number[] {
  const late: number[] = [];
  s.batches.forEach((b, k) => {
    const endNs = (playAtMs(s, b, b.frames.length - 1) + s.spacingMs + s.gapMs) * NS_PER_MS;
    let found = false;
    const sim = runBatch(cluster, s, b, 'wasm', endNs, undefined, (_sim, _p, t, frame) => {
      if (t > endNs && isPacket(frame)) found = true;
    });
    // a queue still waiting for fragments at the batch's end, first fragment or not: the
    // kernel's would meet the next batch's fragments (no flush empties it)
    if (sim.pendingReassembly() > 0) found = true;
    sim.clock.run(() => false, endNs + tailMs * NS_PER_MS);
    if (found) late.push(k);
  });
  return late;
}

/** Every batch on a fresh cluster (the VM forgets its dynamic neighbours between batches); the
 *  frames of a batch at the times the VM played them (playAtMs); the batches laid end to end
 *  in the pcaps with the VM's pause (and the batch's tail) between them. */
export function simReplay(cluster: Cluster, s: ReplayScenario, points: Point[], engine: EngineName, dir: string,
  reachableOf: (batch: number) => Reachable = () => undefined): void {
  mkdirSync(dir, { recursive: true });
  const writers = new Map<string, PcapFileWriter>();
  for (const p of points) {
    const link: LinkKind = p.iface === 'tunl0' ? 'raw' : 'ether';
    writers.set(p.label, new PcapFileWriter(link, { path: join(dir, p.file) }));
  }
  let base = 0;
  const begins: string[] = []; // each batch's beginning, as compare.py reads the pcaps' times
  const clock = new SimClock(DEFAULT_EPOCH_NS);
  try {
    s.batches.forEach((b, k) => {
      const t0 = base;
      const us = clock.wall(t0) / 1000n;
      begins.push(`${us / 1_000_000n}.${String(us % 1_000_000n).padStart(6, '0')}`);
      const end = batchEndMs(s, k) * NS_PER_MS;
      let byPoint: Map<string, PcapFileWriter> | null = null;
      runBatch(cluster, s, b, engine, end, reachableOf(k), (sim, point, t, frame) => {
        if (byPoint === null) {
          byPoint = new Map();
          for (const p of points) {
            const tap = resolveTap(sim, p.label);
            if (tap.point !== null) byPoint.set(tap.point, writers.get(p.label)!);
          }
        }
        byPoint.get(point)?.write(sim.clock.wall(t0 + t), frame);
      });
      base += end;
    });
  } finally {
    for (const w of writers.values()) w.close();
    writeFileSync(join(dir, 'begins.txt'), begins.join('\n') + '\n');
  }
}
