// The flows of a mix (mixes.ts) as template frames: every sending pod gets one template per
// peer; the workers cycle through a pod's templates frame by frame.
// The plan is flat typed arrays over SharedArrayBuffers: it crosses to the workers as a few
// buffers, not 300k objects, and is not copied for every session (5000 nodes' random plan is
// ~20 MiB, which each worker used to receive and discard 15 times a run).

import { ConfigError } from '../../host/errors.ts';
import { HOST_VETH_MAC } from '../../host/cluster/names.ts';
import type { Cluster } from '../../host/cluster/types.ts';
import { echoReplyFrame, echoRequestFrame, serviceFrame } from './frames.ts';
import { PLANNERS, MIXES, type Mix } from './mixes.ts';

export { MIXES, type Mix };

export interface FlowPlan {
  /** This plan's number (FlowArrays.id). */
  id: number;
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

let plans = 0;

/** A typed array of `n` elements over a SharedArrayBuffer. */
function shared<T>(Ctor: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number): T {
  return new Ctor(new SharedArrayBuffer(n * Ctor.BYTES_PER_ELEMENT));
}

export function planFlows(cluster: Cluster, mix: Mix, size: number): FlowPlan {
  const planned = PLANNERS[mix](cluster);
  const senders = [...planned].map(([pod, peers]) => ({ pod, node: pod.nodeIndex, slot: cluster.nodes[pod.nodeIndex].pods.indexOf(pod), peers }));
  let crossFlows = 0;
  let sameFlows = 0;
  for (const s of senders) for (const p of s.peers) p.pod.nodeIndex === s.node ? sameFlows++ : crossFlows++;
  if (senders.length === 0) {
    const why = mix === 'same' ? 'no node has two pods (use --pods-per-node 2 or more)' : 'no two pods to send between';
    throw new ConfigError('--mix', `no flow possible: ${why}`, mix);
  }

  const count = senders.length;
  const templates = crossFlows + sameFlows;
  const plan: FlowPlan = {
    id: ++plans,
    podNode: shared(Uint32Array, count),
    podSlot: shared(Uint32Array, count),
    podTplFirst: shared(Uint32Array, count),
    podTplCount: shared(Uint32Array, count),
    tplOff: shared(Uint32Array, templates),
    tplLen: shared(Uint32Array, templates),
    tplBytes: shared(Uint8Array, templates * size),
    tplDstNode: shared(Uint32Array, templates),
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
      const flow = { srcMac: s.pod.mac, dstMac: HOST_VETH_MAC, srcIp: s.pod.ip, dstIp: peer.service?.vip ?? peer.pod.ip, ident: (t + 1) & 0xffff, ipId: t & 0xffff };
      const frame = peer.service ? serviceFrame(flow, peer.service.sport, peer.service.port, size)
        : peer.reply ? echoReplyFrame(flow, size) : echoRequestFrame(flow, size);
      plan.tplOff[t] = t * size;
      plan.tplLen[t] = size;
      plan.tplDstNode[t] = peer.pod.nodeIndex;
      plan.tplBytes.set(frame, t * size);
      t++;
    }
  });
  return plan;
}
