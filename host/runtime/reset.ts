// Reusing one built memory image for several sessions (engines, frame sizes): build once,
// fault its pages in once, then put back, between sessions, every field an engine or the
// benchmark mutates — ring indices, counters, IP ID sequences, flush lists — so each session
// starts from the same state as a fresh build, on the same physical pages.
//
// Why: a fresh build costs seconds to minutes at 1000+ nodes, and on this VM the first write
// to a page costs ~20 µs (a 1 GiB ring area = 10+ s of page faults inside the timed runs).
// The mutable fields are exactly those the core stores to (grep `store<` in assembly/):
// NODE_FLUSH_COUNT, NODE_IP_ID_SEQ, the ring producer/consumer lines, the f64 counters, the
// node's lookup cache (NODE_LPM_GEN and its slots: a fresh build has it empty), and IPVS's
// state: the conntrack table, NODE_CT_LIVE, the virtual servers' rr cursors.
// Only valid when no worker runs.

import type { Mem } from '../dataplane/mem.ts';
import { allRings } from './topology.ts';
import { resetRing } from '../dataplane/rings.ts';
import { nodeContexts, NodeRecord } from '../dataplane/records.ts';
import { clearConntrack } from '../dataplane/conntrack.ts';
import { FLOW_CACHE_SIZE, LOOKUP_CACHE_SIZE, NODE_FLOW_CACHE, NODE_LOOKUP_CACHE, NODE_LPM_GEN } from '../layout.ts';

export interface InitialState {
  ipIdSeq: Uint32Array;
  rings: Uint32Array;
  ctxs: Uint32Array;
}

/** Records what a fresh build left in the fields `reset` restores. Call right after building. */
export function captureInitial(mem: Mem): InitialState {
  const ctxs = nodeContexts(mem);
  return { ctxs, rings: allRings(mem), ipIdSeq: Uint32Array.from(ctxs, (c) => new NodeRecord(mem, c).ipIdSeq) };
}

export function resetDataplane(mem: Mem, s: InitialState): void {
  for (let i = 0; i < s.ctxs.length; i++) {
    const rec = new NodeRecord(mem, s.ctxs[i]);
    rec.ipIdSeq = s.ipIdSeq[i];
    rec.flushCount = 0;
    mem.f64.fill(0, ...rec.counterRange());
    clearConntrack(mem, s.ctxs[i]);
    mem.u32[(s.ctxs[i] + NODE_LPM_GEN) >>> 2] = 0;
    mem.u32.fill(0, (s.ctxs[i] + NODE_LOOKUP_CACHE) >>> 2, (s.ctxs[i] + NODE_LOOKUP_CACHE + LOOKUP_CACHE_SIZE) >>> 2);
    mem.u32.fill(0, (s.ctxs[i] + NODE_FLOW_CACHE) >>> 2, (s.ctxs[i] + NODE_FLOW_CACHE + FLOW_CACHE_SIZE) >>> 2);
  }
  for (const r of s.rings) resetRing(mem, r);
}

/** Writes every 4 KiB page once (value unchanged) so page faults happen now, not in a timed run.
 *  `onProgress(MiB done, MiB in all)` after each 64 MiB (a 3 GiB image takes ~15 s here). */
export function prefault(mem: Mem, onProgress?: (doneMiB: number, totalMiB: number) => void): void {
  const u8 = mem.u8;
  const chunk = 64 << 20;
  for (let at = 0; at < u8.length; at += chunk) {
    const end = Math.min(u8.length, at + chunk);
    for (let p = at; p < end; p += 4096) u8[p] = u8[p];
    onProgress?.(end >>> 20, u8.length >>> 20);
  }
}
