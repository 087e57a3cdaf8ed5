// Who pings whom. Every sending pod gets one or two pre-built frames (templates); the workers
// cycle through a pod's templates, so `mixed` alternates cross-host and same-host frames.
//
// - cross (default, the seed's busybox → busybox across hosts): pod k of node n pings pod
//   (k mod P') of node (n + 1) mod N, its neighbour. With nodes assigned to workers in
//   contiguous ranges, a flow crosses from one worker to another only at a range boundary
//   (W of N node pairs): traffic stays local to a worker the way a partitioned simulation
//   wants it. On the seed's 2 nodes with 2 workers every frame crosses (both directions).
// - same: pod k pings pod k+1 of the same node (a node with one pod has no same-host flow).
// - mixed: both, alternating frame by frame.
// The plan is flat typed arrays so it crosses to the workers as a few buffers, not 300k objects.

import { ConfigError } from '../../host/errors.ts';
import { HOST_VETH_MAC } from '../../host/cluster/index.ts';
import type { Cluster, Pod } from '../../host/cluster/types.ts';
import { echoRequestFrame } from './frames.ts';

export type Mix = 'cross' | 'same' | 'mixed';
export const MIXES: readonly Mix[] = ['cross', 'same', 'mixed'];

export interface FlowPlan {
  /** Sending pods, in node order then pod order. */
  podNode: Uint32Array; // node index
  podSlot: Uint32Array; // position of the pod on its node (cali interface = IF_FIRST_CALI + slot)
  podTplFirst: Uint32Array; // first template of the pod
  podTplCount: Uint32Array; // 1 or 2
  tplOff: Uint32Array;
  tplLen: Uint32Array;
  tplBytes: Uint8Array;
  /** Destination node of each template (the wire pacing looks at its inbox). */
  tplDstNode: Uint32Array;
  /** Flows by kind, for the report. */
  crossFlows: number;
  sameFlows: number;
}

export function planFlows(cluster: Cluster, mix: Mix, size: number): FlowPlan {
  const n = cluster.nodes.length;
  const senders: { pod: Pod; node: number; slot: number; peers: Pod[] }[] = [];
  let crossFlows = 0;
  let sameFlows = 0;
  cluster.nodes.forEach((node, ni) => {
    node.pods.forEach((pod, k) => {
      const peers: Pod[] = [];
      if (mix !== 'same' && n >= 2) {
        const peer = crossPeer(cluster, ni, k);
        if (peer) {
          peers.push(peer);
          crossFlows++;
        }
      }
      if (mix !== 'cross' && node.pods.length >= 2) {
        peers.push(node.pods[(k + 1) % node.pods.length]);
        sameFlows++;
      }
      if (peers.length > 0) senders.push({ pod, node: ni, slot: k, peers });
    });
  });
  if (senders.length === 0) {
    const why = mix === 'same' ? 'no node has two pods (use --pods-per-node 2 or more)' : 'cross-host flows need two nodes with pods';
    throw new ConfigError('--mix', `no flow possible: ${why}`, mix);
  }

  const count = senders.length;
  const plan: FlowPlan = {
    podNode: new Uint32Array(count),
    podSlot: new Uint32Array(count),
    podTplFirst: new Uint32Array(count),
    podTplCount: new Uint32Array(count),
    tplOff: new Uint32Array(crossFlows + sameFlows),
    tplLen: new Uint32Array(crossFlows + sameFlows),
    tplBytes: new Uint8Array((crossFlows + sameFlows) * size),
    tplDstNode: new Uint32Array(crossFlows + sameFlows),
    crossFlows,
    sameFlows,
  };
  let t = 0;
  senders.forEach((s, i) => {
    plan.podNode[i] = s.node;
    plan.podSlot[i] = s.slot;
    plan.podTplFirst[i] = t;
    plan.podTplCount[i] = s.peers.length;
    for (const peer of s.peers) {
      const frame = echoRequestFrame(
        { srcMac: s.pod.mac, dstMac: HOST_VETH_MAC, srcIp: s.pod.ip, dstIp: peer.ip, ident: (t + 1) & 0xffff, ipId: t & 0xffff },
        size,
      );
      plan.tplOff[t] = t * size;
      plan.tplLen[t] = size;
      plan.tplDstNode[t] = peer.nodeIndex;
      plan.tplBytes.set(frame, t * size);
      t++;
    }
  });
  return plan;
}

function crossPeer(cluster: Cluster, ni: number, k: number): Pod | null {
  const n = cluster.nodes.length;
  // The next node that has pods.
  for (let step = 1; step < n; step++) {
    const target = (ni + step) % n;
    const pods = cluster.nodes[target].pods;
    if (pods.length > 0) return pods[k % pods.length];
  }
  return null;
}
