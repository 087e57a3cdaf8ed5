// The frame replay: a seeded list of input frames, each played into a pod's eth0 (the pod
// sends it; its cali receives it) or a node's uplink (the wire delivers it), in the VM by
// tcpreplay and in the simulator by Simulation.inject. The frames are the hand-made edge
// cases (edge.ts), then the fuzzer's seeded generator (host/fuzz: templates from the cluster's
// own traffic, each frame one or two of its mutations, or a truncation), frame `i` of seed `S`
// a function of (S, i) alone.
//
// What a wire can carry decides what is kept: a packet socket refuses a frame shorter than the
// Ethernet header or longer than MTU + 14 (+ 4 with an 802.1Q tag) (`packet_snd`), so such
// frames never reach the kernel and are not made; duplicates are dropped, so N means N distinct
// frames. The frames are grouped into batches of one injection point; every batch starts with
// the dynamic neighbours forgotten on both sides, and within a batch frames are `spacingMs`
// apart so that each frame's consequences fall in its own time window. The first frame of a
// batch gets `leadMs` to itself: after the flush it waits for the neighbour resolutions (the
// pod's for 169.254.1.1, a node's for its peer), which under emulation on a loaded host can
// take longer than the spacing.

import type { Cluster, ClusterNode, Pod } from '../../host/cluster/types.ts';
import { buildDataplane } from '../../host/dataplane/build.ts';
import { buildTemplates } from '../../host/fuzz/templates.ts';
import { MUTATIONS, Mutation, Mutator } from '../../host/fuzz/mutate.ts';
import { edgeFrames } from './edge.ts';
import { NETNS, uplinkPort } from '../topology.ts';
import { nodePoints, podPoint } from '../points.ts';

import type { Inject } from './inject.ts';

export type { Inject };

export interface ReplayFrame {
  name: string;
  bytes: Uint8Array;
}

export interface ReplayBatch {
  to: Inject;
  /** Where the VM plays it: the pod's namespace and eth0, or the lan namespace's bridge port. */
  netns: string;
  iface: string;
  /** The compared interface the frames enter by (oracle/points.ts label). */
  label: string;
  /** The simulator's injection point. */
  sim: { pod: string } | { node: number };
  frames: ReplayFrame[];
  /** ms the VM waits after the batch (and the simulator runs on) for a late packet the batch
   *  set off: 0 unless the plan found one (oracle/sim.ts batchesWithLatePackets). */
  tailMs: number;
  /** When the VM played each frame, ms after the batch's first (oracle/replayTimes.ts), once it
   *  has run; the simulator replays at these times. */
  playedMs?: number[];
}

export interface ReplayScenario {
  kind: 'replay';
  name: string;
  seed: number;
  spacingMs: number;
  leadMs: number;
  gapMs: number;
  batches: ReplayBatch[];
  frames: number;
}

export interface ReplayOptions {
  frames: number;
  seed: number;
  batch?: number;
  spacingMs?: number;
}

const injectKey = (to: Inject): string => ('pod' in to ? `p:${to.pod.namespace}/${to.pod.name}` : `n:${to.node.index}`);

function mtuOf(to: Inject): number {
  if ('pod' in to) return to.pod.ifaces.find((f) => f.name === 'eth0')!.mtu;
  return to.node.ifaces.find((f) => f.name === to.node.spec.iface)!.mtu;
}

/** Can a packet socket put this frame on that veth? (packet_snd, is_skb_forwardable) */
function sendable(b: Uint8Array, to: Inject): boolean {
  if (b.length < 14) return false;
  const tagged = b[12] === 0x81 && b[13] === 0x00;
  return b.length <= mtuOf(to) + 14 + (tagged ? 4 : 0);
}

export function replayScenario(cluster: Cluster, o: ReplayOptions, segmentOf: (n: ClusterNode) => number): ReplayScenario {
  const want = o.frames;
  const picked: { name: string; to: Inject; bytes: Uint8Array }[] = [];
  const seen = new Set<string>();
  const take = (name: string, to: Inject, bytes: Uint8Array): void => {
    if (picked.length >= want || !sendable(bytes, to)) return;
    const key = `${injectKey(to)} ${Buffer.from(bytes).toString('hex')}`;
    if (seen.has(key)) return;
    seen.add(key);
    picked.push({ name, to, bytes });
  };
  for (const f of edgeFrames(cluster)) take(f.name, f.to, f.bytes);

  // the fuzzer's generator: its templates know their input ring; map rings back to the model
  const dp = buildDataplane(cluster);
  const templates = buildTemplates(dp);
  const byRing = new Map<number, Inject>();
  const hosts = [...cluster.nodes, ...cluster.routers];
  for (const n of dp.nodes) {
    byRing.set(n.externalInbox, { node: hosts[n.index] });
    for (const p of n.pods) byRing.set(p.rxRing, { pod: cluster.pods.find((x) => x.namespace === p.namespace && x.name === p.name)! });
  }
  const local: number[] = [];
  for (const n of cluster.nodes) {
    local.push(n.ip);
    if (n.tunl0Ip !== null) local.push(n.tunl0Ip);
    if (n.block) local.push(n.block.base + 5);
  }
  for (const r of cluster.routers) for (const u of r.uplinks) local.push(u.ip);
  for (const p of cluster.pods) local.push(p.ip);
  const mut = new Mutator(templates, local, dp.slotSize);
  const m = new Mutation();
  const skip = new Set(['bad-descriptor', 'zero-length', 'larger-than-slot']); // not wire frames
  for (let i = 0, tries = 0; picked.length < want && tries < want * 50; i++, tries++) {
    // one frame in eight is a truncation of a template (the fuzzer's sweep phase, sampled)
    const index = i % 8 === 7 ? Math.floor(((i * 2654435761) >>> 0) / 2 ** 32 * mut.sweepTotal) : mut.sweepTotal + i;
    mut.make(o.seed, index, m);
    const kind = MUTATIONS[m.kind];
    if (skip.has(kind) || m.badDescriptor || (m.second >= 0 && skip.has(MUTATIONS[m.second]))) continue;
    const to = byRing.get(m.ring);
    if (!to) continue;
    const t = templates[m.template];
    const name = `fuzz ${o.seed}/${index}: ${t.name} · ${kind}${m.second >= 0 ? ` + ${MUTATIONS[m.second]}` : ''}`;
    take(name, to, mut.stage.slice(m.start, m.start + m.len));
  }

  // batches: consecutive frames of one injection point, the points taken in turn. The frames
  // that carry a fragment go first, together: an incomplete datagram keeps a reassembly queue
  // 30 s and its batch gets a tail that long (oracle/sim.ts), so gathering them costs fewer tails
  const size = o.batch ?? 40;
  const groups = new Map<string, typeof picked>();
  const ordered = [...picked.filter((f) => carriesFragment(f.bytes)), ...picked.filter((f) => !carriesFragment(f.bytes))];
  for (const f of ordered) {
    const k = injectKey(f.to);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(f);
  }
  const queues = [...groups.values()].map((g) => {
    const chunks: (typeof picked)[] = [];
    for (let i = 0; i < g.length; i += size) chunks.push(g.slice(i, i + size));
    return chunks;
  });
  const batches: ReplayBatch[] = [];
  for (let round = 0; queues.some((q) => round < q.length); round++) {
    for (const q of queues) {
      const chunk = q[round];
      if (!chunk) continue;
      const to = chunk[0].to;
      batches.push('pod' in to
        ? { to, netns: NETNS.pod(to.pod), iface: 'eth0', label: podPoint(to.pod).label, sim: { pod: `${to.pod.namespace}/${to.pod.name}` }, frames: chunk, tailMs: 0 }
        : { to, netns: NETNS.lan(segmentOf(to.node)), iface: uplinkPort(to.node), label: nodePoints(to.node).find((p) => p.uplink)!.label, sim: { node: to.node.index }, frames: chunk, tailMs: 0 });
    }
  }
  return { kind: 'replay', name: 'replay', seed: o.seed, spacingMs: o.spacingMs ?? 30, leadMs: 500, gapMs: 300, batches, frames: picked.length };
}

/** Does any IPv4 header of the frame (the outer one, or one nested in IPIP) say fragment (MF
 *  set or an offset)? Such a frame may leave an incomplete datagram in a reassembly queue. */
export function carriesFragment(b: Uint8Array): boolean {
  let off = 14;
  if (b.length >= 18 && b[12] === 0x81 && b[13] === 0x00) off = 18;
  if (b[off - 2] !== 0x08 || b[off - 1] !== 0x00) return false;
  for (let depth = 0; depth < 16 && off + 20 <= b.length && b[off] >> 4 === 4; depth++) {
    if (((b[off + 6] << 8) | b[off + 7]) & 0x3fff) return true;
    if (b[off + 9] !== 4) return false;
    off += (b[off] & 15) * 4;
  }
  return false;
}

/** When frame `i` of a batch is sent, in ms after the batch's first frame: as written into
 *  the batch's pcap for tcpreplay. */
export function sendAtMs(s: ReplayScenario, i: number): number {
  return i === 0 ? 0 : s.leadMs + (i - 1) * s.spacingMs;
}

/** When frame `i` of batch `b` reaches its interface: as the VM played it when known, else as
 *  written (sendAtMs). */
export function playAtMs(s: ReplayScenario, b: ReplayBatch, i: number): number {
  return b.playedMs?.[i] ?? sendAtMs(s, i);
}
