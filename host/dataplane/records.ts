// Readers of the records the builder laid out (host/layout.ts): the global header's node
// table. Never on the packet path.
import { GH_NODE_COUNT, GH_NODE_TABLE, LAYOUT_BASE } from '../layout.ts';
import type { Mem } from './mem.ts';

export function nodeCount(mem: Mem): number {
  return mem.u32[(LAYOUT_BASE + GH_NODE_COUNT) >>> 2];
}

/** Context addresses of nodes [first, end). */
export function nodeContexts(mem: Mem, first = 0, end = nodeCount(mem)): Uint32Array {
  const table = mem.u32[(LAYOUT_BASE + GH_NODE_TABLE) >>> 2];
  const out = new Uint32Array(end - first);
  for (let i = first; i < end; i++) out[i - first] = mem.u32[(table >>> 2) + i];
  return out;
}
