// Reading the memory map the builder laid out (host/layout.ts): node contexts, the cali
// interfaces' rings, and every ring of the cluster (for the main thread's quiescence check).
// Runs once per session, never on the packet path.

import {
  GH_INBOXES_PER_NODE, GH_INBOX_TABLE, GH_NODE_COUNT, GH_NODE_TABLE, IF_FIRST_CALI, IF_KIND, IF_PEER_IP,
  IF_RX_RING, IF_SIZE, IF_TX_RING, IFK_CALI, LAYOUT_BASE, NODE_IF_COUNT, NODE_IF_TABLE, NODE_WORKER,
} from '../layout.ts';
import type { Mem } from '../dataplane/mem.ts';
import { nodeContexts, nodeCount } from '../dataplane/records.ts';
import { ringCount } from '../dataplane/rings.ts';
import { PodPorts } from './pods.ts';
import type { WorkerTask } from './task.ts';

const ETH_IP_SRC = 14 + 12; // offset of the IPv4 source address in a frame

function ifPtr(mem: Mem, ctx: number, k: number): number {
  return mem.u32[(ctx + NODE_IF_TABLE) >>> 2] + k * IF_SIZE;
}

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
  const senders: { rxRing: number; gateRing: number; templates: Uint8Array[] }[] = [];
  const perNode = mem.u32[(LAYOUT_BASE + GH_INBOXES_PER_NODE) >>> 2];
  const inboxTable = mem.u32[(LAYOUT_BASE + GH_INBOX_TABLE) >>> 2];
  const txRings: number[] = [];
  // flows are sorted by node: skip to the first one of this worker
  let p = 0;
  while (p < f.podNode.length && f.podNode[p] < task.firstNode) p++;
  for (let i = 0; i < n; i++) {
    const node = task.firstNode + i;
    const ctx = ctxs[i];
    const ifCount = mem.u32[(ctx + NODE_IF_COUNT) >>> 2];
    txFrom[i] = txRings.length;
    for (let k = IF_FIRST_CALI; k < ifCount; k++) {
      const ifp = ifPtr(mem, ctx, k);
      if (mem.u32[(ifp + IF_KIND) >>> 2] === IFK_CALI) txRings.push(mem.u32[(ifp + IF_TX_RING) >>> 2]);
    }
    txTo[i] = txRings.length;
    sendFrom[i] = senders.length;
    for (; p < f.podNode.length && f.podNode[p] === node; p++) {
      const k = IF_FIRST_CALI + f.podSlot[p];
      if (k >= ifCount) throw new Error(`node ${node}: flow from pod slot ${f.podSlot[p]} but the node has ${ifCount - IF_FIRST_CALI} cali interfaces`);
      const ifp = ifPtr(mem, ctx, k);
      const templates: Uint8Array[] = [];
      let gateRing = 0;
      for (let t = f.podTplFirst[p]; t < f.podTplFirst[p] + f.podTplCount[p]; t++) {
        templates.push(f.tplBytes.slice(f.tplOff[t], f.tplOff[t] + f.tplLen[t]));
        const dst = f.tplDstNode[t];
        // the wire ring this node's frames to `dst` go through: inbox[dst][worker of this node]
        if (dst !== node && gateRing === 0) gateRing = mem.u32[(inboxTable >>> 2) + dst * perNode + mem.u32[(ctx + NODE_WORKER) >>> 2]];
      }
      const src = ((templates[0][ETH_IP_SRC] << 24) | (templates[0][ETH_IP_SRC + 1] << 16) | (templates[0][ETH_IP_SRC + 2] << 8) | templates[0][ETH_IP_SRC + 3]) >>> 0;
      const podIp = mem.u32[(ifp + IF_PEER_IP) >>> 2];
      if (podIp !== src) {
        throw new Error(`node ${node}: cali ${k} belongs to pod ${fmt(podIp)} but the flow's frames come from ${fmt(src)} (memory map and cluster disagree)`);
      }
      senders.push({ rxRing: mem.u32[(ifp + IF_RX_RING) >>> 2], gateRing, templates });
    }
    sendTo[i] = senders.length;
  }
  return { ports: new PodPorts(mem, senders, txRings, task.burst), sendFrom, sendTo, txFrom, txTo };
}

/** Every ring of the cluster: inboxes (all producing workers + external) and cali rx/tx. */
export function allRings(mem: Mem): Uint32Array {
  const nodes = nodeCount(mem);
  const perNode = mem.u32[(LAYOUT_BASE + GH_INBOXES_PER_NODE) >>> 2];
  const inboxTable = mem.u32[(LAYOUT_BASE + GH_INBOX_TABLE) >>> 2];
  const out: number[] = [];
  for (let i = 0; i < nodes * perNode; i++) {
    const r = mem.u32[(inboxTable >>> 2) + i];
    if (r !== 0) out.push(r);
  }
  const ctxs = nodeContexts(mem, 0, nodes);
  for (const ctx of ctxs) {
    const ifCount = mem.u32[(ctx + NODE_IF_COUNT) >>> 2];
    for (let k = IF_FIRST_CALI; k < ifCount; k++) {
      const ifp = ifPtr(mem, ctx, k);
      for (const r of [mem.u32[(ifp + IF_RX_RING) >>> 2], mem.u32[(ifp + IF_TX_RING) >>> 2]]) if (r !== 0) out.push(r);
    }
  }
  return Uint32Array.from(out);
}

/** Frames sitting in `rings` right now (head - tail summed; atomics, read-only). */
export function framesInFlight(mem: Mem, rings: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < rings.length; i++) n += ringCount(mem, rings[i]);
  return n;
}

function fmt(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}
