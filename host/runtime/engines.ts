// The engines a worker can run, behind one call: step(node index, budget) → frames taken.
// The engine classes (host/engine/*) step nodes of a Dataplane; a worker has no Dataplane
// object (it was built on the main thread, with FIBs and a Cluster that need not cross
// threads), so it rebuilds the part the engines read — memory, node contexts, inboxes, pod
// rings — from the memory map itself (workerDataplane).

import type { Dataplane, NodeInfo, PodPort } from '../memory/build.ts';
import type { Engine } from '../engine/engine.ts';
import { NullEngine } from '../engine/null.ts';
import { TsEngine } from '../engine/ts/engine.ts';
import { WasmEngine, compileCore } from '../engine/wasm.ts';
import { Mem } from '../engine/ts/mem.ts';
import {
  GH_INBOXES_PER_NODE, GH_INBOX_TABLE, GH_WORKERS, IF_FIRST_CALI, IF_PEER_IP, IF_RX_RING, IF_SIZE, IF_TX_RING,
  LAYOUT_BASE, NODE_IF_COUNT, NODE_IF_TABLE, NODE_WORKER,
} from '../layout.ts';
import { nodeContexts, nodeCount } from './topology.ts';

export type EngineName = 'null' | 'ts' | 'wasm';

export function loadEngine(name: EngineName, memory: WebAssembly.Memory): Engine {
  const dp = workerDataplane(memory);
  switch (name) {
    case 'wasm':
      return new WasmEngine(dp, {}, compileCore());
    case 'ts':
      return new TsEngine(dp);
    case 'null':
      return new NullEngine(dp);
  }
}

/** What the engines read of a Dataplane, rebuilt from the memory map (no cluster, no FIBs). */
export function workerDataplane(memory: WebAssembly.Memory): Dataplane {
  const mem = new Mem(memory.buffer);
  const u32 = mem.u32;
  const n = nodeCount(mem);
  const ctxs = nodeContexts(mem, 0, n);
  const perNode = u32[(LAYOUT_BASE + GH_INBOXES_PER_NODE) >>> 2];
  const inboxTable = u32[(LAYOUT_BASE + GH_INBOX_TABLE) >>> 2];
  const workers = u32[(LAYOUT_BASE + GH_WORKERS) >>> 2];
  const nodes: NodeInfo[] = [];
  for (let i = 0; i < n; i++) {
    const ctx = ctxs[i];
    const inboxes: number[] = [];
    for (let w = 0; w < perNode; w++) inboxes.push(u32[(inboxTable >>> 2) + i * perNode + w]);
    const pods: PodPort[] = [];
    const ifTable = u32[(ctx + NODE_IF_TABLE) >>> 2];
    const ifCount = u32[(ctx + NODE_IF_COUNT) >>> 2];
    for (let k = IF_FIRST_CALI; k < ifCount; k++) {
      const ifp = ifTable + k * IF_SIZE;
      pods.push({ namespace: '', name: '', ip: u32[(ifp + IF_PEER_IP) >>> 2], mac: '', iface: k, rxRing: u32[(ifp + IF_RX_RING) >>> 2], txRing: u32[(ifp + IF_TX_RING) >>> 2] });
    }
    nodes.push({
      index: i, name: `node ${i}`, worker: u32[(ctx + NODE_WORKER) >>> 2], ctx, ifaces: [], pods, inboxes,
      externalInbox: inboxes[perNode - 1], fib: { entries: [], nextHops: [] } as unknown as NodeInfo['fib'],
    });
  }
  return { memory, mem, cluster: null as unknown as Dataplane['cluster'], workers, totalBytes: memory.buffer.byteLength, nodes };
}
