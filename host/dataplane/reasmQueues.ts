// Reading a node's IPv4 reassembly area from the host (layout/reasm.ts has the records): how
// many incomplete datagrams it holds, for whoever must wait for them to expire (the kernel
// oracle: a queue left behind by one batch of replayed frames would meet the next).
import * as L from '../layout.ts';
import type { Mem } from './mem.ts';

/** Queues in use and not completed on the node at `ctx` (0 when it plans no reassembly area). */
export function pendingReassembly(mem: Mem, ctx: number): number {
  const area = mem.u32[(ctx + L.NODE_REASM) >>> 2];
  if (area === 0) return 0;
  const count = mem.u32[(area + L.RA_COUNT) >>> 2];
  const queues = mem.u32[(area + L.RA_QUEUES) >>> 2];
  let n = 0;
  for (let i = 0; i < count; i++) {
    const f = mem.u8[queues + i * L.RQ_SIZE + L.RQ_FLAGS];
    if ((f & L.RQF_LIVE) !== 0 && (f & L.RQF_DONE) === 0) n++;
  }
  return n;
}
