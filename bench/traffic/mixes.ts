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
// - service: pod → ClusterIP, conntrack in the path: every pod sends UDP datagrams to the
//   bench Service (BENCH_SERVICE, added by withBenchService: up to SERVICE_BACKENDS endpoints
//   spread over the nodes) from SERVICE_FLOWS source ports; a flow's first datagram makes the
//   connection (rr picks its real server), every later one is a conntrack hit and a DNAT.
//   The peer listed per flow is the endpoint rr gives it when the flows start in plan order
//   (only the wire pacing uses it).

import type { Cluster, ClusterSpec, Pod } from '../../host/cluster/types.ts';
import { formatIp4 } from '../../host/net/addr.ts';

export interface Peer {
  pod: Pod;
  /** true: an echo reply from the sender to `pod` (answering pod's request). */
  reply: boolean;
  /** A datagram to a Service's ClusterIP instead of an echo to `pod` (the service mix). */
  service?: { vip: number; port: number; sport: number };
}

export type Planner = (cluster: Cluster) => Map<Pod, Peer[]>;

export const RANDOM_PEERS = 16;
export const HOT_PEERS = 4;
export const HOT_EVERY = 16;
export const SERVICE_FLOWS = 4;
export const SERVICE_BACKENDS = 16;
export const BENCH_SERVICE = 'bench-udp';
const BENCH_SERVICE_IP = '10.96.0.200';
const BENCH_SERVICE_PORT = 5353;
const SEED = 0x13c0ffee;

/** Add a mix: its name here, its planner below. */
export type Mix = 'cross' | 'same' | 'mixed' | 'random' | 'reply' | 'hotspot' | 'service';

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
  service: (c: Cluster) => {
    const svc = c.services.find((s) => s.name === BENCH_SERVICE);
    if (!svc || svc.endpoints.length === 0) throw new Error('internal: the service mix needs the cluster from withBenchService');
    // kube-proxy's rr list is the endpoints reversed (kubeProxy.ts); connections take it in turn
    const rr = [...svc.endpoints].reverse();
    let k = 0;
    return plan(c, (pod) => Array.from({ length: SERVICE_FLOWS }, (_, f) => ({
      pod: rr[k++ % rr.length].pod as Pod, reply: false,
      service: { vip: svc.clusterIP, port: svc.ports[0].port, sport: 40000 + f },
    })));
  },
};
export const MIXES = Object.keys(PLANNERS) as readonly Mix[];

/** `spec` with the service mix's Service: UDP BENCH_SERVICE_PORT on BENCH_SERVICE_IP, its
 *  endpoints up to SERVICE_BACKENDS pods spread evenly over the cluster's pods (`built`: the
 *  cluster of `spec`, for the pods' addresses). */
export function withBenchService(spec: ClusterSpec, built: Cluster): ClusterSpec {
  const pods = built.pods;
  const n = Math.min(SERVICE_BACKENDS, pods.length);
  const endpoints = Array.from({ length: n }, (_, i) => formatIp4(pods[Math.floor((i * pods.length) / n)].ip));
  return {
    ...spec,
    services: [...(spec.services ?? []), {
      namespace: 'default', name: BENCH_SERVICE, clusterIP: BENCH_SERVICE_IP, endpoints,
      ports: [{ name: 'bench', protocol: 'UDP', port: BENCH_SERVICE_PORT, targetPort: BENCH_SERVICE_PORT }],
    }],
  };
}

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
