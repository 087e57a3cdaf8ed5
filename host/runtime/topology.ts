// Reading the memory map the builder laid out (host/dataplane/records.ts): node contexts,
// the cali interfaces' rings, and every ring of the cluster (for the main thread's
// quiescence check). Runs once per session, never on the packet path.

import { IF_FIRST_CALI, IF_UPLINK, IFK_CALI, IFK_UPLINK } from '../layout.ts';
import type { Mem } from '../dataplane/mem.ts';
import { inboxOf, nodeContexts, NodeRecord, portCount, workerCount } from '../dataplane/records.ts';
import { ringCount } from '../dataplane/rings.ts';
import { formatIp4 } from '../net/addr.ts';
import { ld32be } from '../net/endian.ts';
import { ETH_HDR_LEN } from '../net/ethernet.ts';
import { IPV4_DST, IPV4_SRC } from '../net/ipv4.ts';
import { PodPorts, type Gate } from './pods.ts';
import { WirePaths } from './paths.ts';
import type { WorkerTask } from './task.ts';

export interface ResolvedPorts {
  ports: PodPorts;
  /** Per owned node: its senders [sendFrom, sendTo) and its pods' tx rings [txFrom, txTo). */
  sendFrom: Uint32Array;
  sendTo: Uint32Array;
  txFrom: Uint32Array;
  txTo: Uint32Array;
}

/** The generator and sink of a worker's nodes, checked against the memory (pod IP = template source). */
export function resolvePorts(mem: Mem, task: WorkerTask, ctxs: Uint32Array): ResolvedPorts {
  const f = task.flows;
  const n = ctxs.length;
  const sendFrom = new Uint32Array(n);
  const sendTo = new Uint32Array(n);
  const txFrom = new Uint32Array(n);
  const txTo = new Uint32Array(n);
  const senders: { rxRing: number; gates: Gate[][]; templates: Uint8Array[] }[] = [];
  const txRings: number[] = [];
  const uplinkRings: number[][] = [];
  const gatesOf = flowGates(mem, task);
  // flows are sorted by node: skip to the first one of this worker
  let p = 0;
  while (p < f.podNode.length && f.podNode[p] < task.firstNode) p++;
  for (let i = 0; i < n; i++) {
    const node = task.firstNode + i;
    const rec = new NodeRecord(mem, ctxs[i]);
    const ifCount = rec.ifCount;
    const uplinks = [rec.iface(IF_UPLINK).txRing]; // a router has several
    txFrom[i] = txRings.length;
    for (let k = IF_FIRST_CALI; k < ifCount; k++) {
      const f = rec.iface(k);
      if (f.kind === IFK_CALI) txRings.push(f.txRing);
      else if (f.kind === IFK_UPLINK) uplinks.push(f.txRing);
    }
    uplinkRings.push(uplinks);
    txTo[i] = txRings.length;
    sendFrom[i] = senders.length;
    for (; p < f.podNode.length && f.podNode[p] === node; p++) {
      const k = IF_FIRST_CALI + f.podSlot[p];
      if (k >= ifCount) throw new Error(`node ${node}: flow from pod slot ${f.podSlot[p]} but the node has ${ifCount - IF_FIRST_CALI} cali interfaces`);
      const cali = rec.iface(k);
      const templates: Uint8Array[] = [];
      const gates: Gate[][] = [];
      for (let t = f.podTplFirst[p]; t < f.podTplFirst[p] + f.podTplCount[p]; t++) {
        templates.push(f.tplBytes.subarray(f.tplOff[t], f.tplOff[t] + f.tplLen[t]));
        gates.push(gatesOf(t)); // every wire ring on the way to the template's destination
      }
      const src = ld32be(templates[0], ETH_HDR_LEN + IPV4_SRC);
      const podIp = cali.peerIp;
      if (podIp !== src) {
        throw new Error(`node ${node}: cali ${k} belongs to pod ${formatIp4(podIp)} but the flow's frames come from ${formatIp4(src)} (memory map and cluster disagree)`);
      }
      senders.push({ rxRing: cali.rxRing, gates, templates });
    }
    sendTo[i] = senders.length;
  }
  return { ports: new PodPorts(mem, senders, txRings, uplinkRings, task.burst), sendFrom, sendTo, txFrom, txTo };
}

/** The wire rings of each template's way (all workers' templates: a ring past a router is fed
 *  from several workers), each with what one burst of every sender puts into it: a sender that
 *  cycles through T templates puts burst/T into each of their rings. */
function flowGates(mem: Mem, task: WorkerTask): (template: number) => Gate[] {
  const f = task.flows;
  const wire = new WirePaths(mem);
  const ctxs = nodeContexts(mem);
  const hops: Gate[][] = new Array(f.tplOff.length);
  const load = new Map<number, number>();
  for (let p = 0; p < f.podNode.length; p++) {
    const count = f.podTplCount[p];
    for (let t = f.podTplFirst[p]; t < f.podTplFirst[p] + count; t++) {
      const path = f.tplDstNode[t] === f.podNode[p] ? [] : wire.path(ctxs[f.podNode[p]], ld32be(f.tplBytes, f.tplOff[t] + ETH_HDR_LEN + IPV4_DST));
      hops[t] = path.map((h) => ({ ring: h.ring, upstream: h.upstream, load: 0 }));
      for (const h of path) load.set(h.ring, (load.get(h.ring) ?? 0) + task.burst / count);
    }
  }
  return (t) => (hops[t] ?? []).map((g) => ({ ...g, load: load.get(g.ring) ?? task.burst }));
}

/** Every ring of the cluster: inboxes of every port (all producing workers + external), uplink
 *  tx and cali rx/tx. */
export function allRings(mem: Mem): Uint32Array {
  const ports = portCount(mem);
  const out: number[] = [];
  for (let i = 0; i < ports; i++) for (let w = 0; w <= workerCount(mem); w++) out.push(inboxOf(mem, i, w));
  for (const ctx of nodeContexts(mem)) {
    const rec = new NodeRecord(mem, ctx);
    out.push(rec.iface(IF_UPLINK).txRing);
    for (let k = IF_FIRST_CALI; k < rec.ifCount; k++) out.push(rec.iface(k).rxRing, rec.iface(k).txRing);
  }
  return Uint32Array.from(out.filter((r) => r !== 0));
}

/** Frames sitting in `rings` right now (head - tail summed; atomics, read-only). */
export function framesInFlight(mem: Mem, rings: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < rings.length; i++) n += ringCount(mem, rings[i]);
  return n;
}
