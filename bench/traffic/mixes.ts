// Who pings whom: one planner per `--mix`. A planner lists, for every sending pod, the peers
// it sends to, one template frame per peer (an echo request, or an echo reply); the workers
// cycle through a pod's templates frame by frame. Add a mix by adding a planner here.
//
// - cross (default, the seed's busybox → busybox across hosts): pod k of node n pings pod
//   (k mod P') of the next node with pods. With nodes assigned to workers in contiguous
//   ranges, a flow crosses from one worker to another only at a range boundary (W of N node
//   pairs). On the seed's 2 nodes with 2 workers every frame crosses (both directions).
// - same: pod k pings pod k+1 of the same node (a node with one pod has no same-host flow).
// - mixed: both, alternating frame by frame.
// - random: each pod sends to RANDOM_PEERS destination pods drawn uniformly from every other
//   pod of the cluster (a fixed seed: every engine, run and worker count sees the same plan).
//   With W workers, about (W-1)/W of the frames cross between workers.
// - reply: the cross mix's requests, and each request's echo reply from the destination pod
//   back to the sender (type 0, DF clear, as Linux's icmp_reply sends it): every node
//   encapsulates and decapsulates requests and replies. The replies are sent at the rate a pod
//   cycles its templates, not triggered by the requests' arrival.
// - hotspot: many to few: every pod sends to HOT_PEERS pods drawn from the pods of the hot
//   nodes (every HOT_EVERY-th node, so each worker's range holds some), itself excepted.

import type { Cluster, Pod } from '../../host/cluster/types.ts';

export interface Peer {
  pod: Pod;
  /** true: an echo reply from the sender to `pod` (answering pod's request). */
  reply: boolean;
}

export type Planner = (cluster: Cluster) => Map<Pod, Peer[]>;

export const RANDOM_PEERS = 16;
export const HOT_PEERS = 4;
export const HOT_EVERY = 16;
const SEED = 0x13c0ffee;

/** Add a mix: its name here, its planner below (`--mix service` would be one more entry). */
export type Mix = 'cross' | 'same' | 'mixed' | 'random' | 'reply' | 'hotspot';

export const PLANNERS: Record<Mix, Planner> = {
  cross: (c: Cluster) => plan(c, (pod, ni, k) => req(crossPeer(c, ni, k))),
  same: (c: Cluster) => plan(c, (pod, ni, k) => req(samePeer(c, ni, k))),
  mixed: (c: Cluster) => plan(c, (pod, ni, k) => [...req(crossPeer(c, ni, k)), ...req(samePeer(c, ni, k))]),
  random: (c: Cluster) => {
    const rnd = mulberry32(SEED);
    const all = c.pods;
    return plan(c, (pod) => draw(all, pod, Math.min(RANDOM_PEERS, all.length - 1), rnd));
  },
  reply: (c: Cluster) => {
    const out = PLANNERS.cross(c);
    const replies = new Map<Pod, Peer[]>();
    for (const [src, peers] of out) {
      for (const p of peers) {
        const list = replies.get(p.pod) ?? [];
        list.push({ pod: src, reply: true });
        replies.set(p.pod, list);
      }
    }
    for (const [pod, list] of replies) out.set(pod, [...(out.get(pod) ?? []), ...list]);
    return out;
  },
  hotspot: (c: Cluster) => {
    const rnd = mulberry32(SEED);
    const hot = c.nodes.filter((n) => n.index % HOT_EVERY === 0).flatMap((n) => n.pods);
    return plan(c, (pod) => draw(hot, pod, Math.min(HOT_PEERS, hot.filter((h) => h !== pod).length), rnd));
  },
};
export const MIXES = Object.keys(PLANNERS) as readonly Mix[];

const req = (p: Pod | null): Peer[] => (p ? [{ pod: p, reply: false }] : []);

/** Senders in node order, then pod order (the workers rely on it). */
function plan(c: Cluster, peersOf: (pod: Pod, node: number, k: number) => Peer[]): Map<Pod, Peer[]> {
  const out = new Map<Pod, Peer[]>();
  c.nodes.forEach((node, ni) => node.pods.forEach((pod, k) => {
    const peers = peersOf(pod, ni, k);
    if (peers.length > 0) out.set(pod, peers);
  }));
  return out;
}

function crossPeer(cluster: Cluster, ni: number, k: number): Pod | null {
  const n = cluster.nodes.length;
  for (let step = 1; step < n; step++) {
    const pods = cluster.nodes[(ni + step) % n].pods;
    if (pods.length > 0) return pods[k % pods.length];
  }
  return null;
}

function samePeer(cluster: Cluster, ni: number, k: number): Pod | null {
  const pods = cluster.nodes[ni].pods;
  return pods.length >= 2 ? pods[(k + 1) % pods.length] : null;
}

/** `count` requests to pods drawn uniformly (with replacement) from `from`, never `self`. */
function draw(from: readonly Pod[], self: Pod, count: number, rnd: () => number): Peer[] {
  const out: Peer[] = [];
  while (out.length < count) {
    const p = from[Math.floor(rnd() * from.length)];
    if (p !== self) out.push({ pod: p, reply: false });
  }
  return out;
}

/** A small seeded PRNG (mulberry32): the same plan on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
