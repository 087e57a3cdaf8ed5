// The wire rings a flow's frames cross, hop by hop, found with the route lookups the core does
// (the node's FIB, then the router's, …): the pacing of the generator (pods.ts) looks at every
// one of them, not only the first. Across subnets a frame goes node → router → node: the
// router's output ring towards the destination node is fed by every flow that crosses the
// router there, from every worker, and a pod that only watched its first ring would overrun it.
//
//   pod ─► node ──inbox[router port][node's worker]──► router ──inbox[dst port][router's worker]──► node ─► pod
//                 hop 1 (upstream: none)                          hop 2 (upstream: the router port's inboxes)
//
// Runs once per session (setup), never on the packet path.

import type { Mem } from '../dataplane/mem.ts';
import { inboxOf, inboxRow, NodeRecord, nodeContexts, portCount, workerCount } from '../dataplane/records.ts';
import {
  IFK_UPLINK, NH_DST_NODE, NH_GW, NH_KIND, NH_SIZE, NH_TUNNEL_NH, NHK_NEIGH, NHK_ONLINK_TUNL0,
} from '../layout.ts';

/** One wire crossing: the ring the frame is pushed into, and the rings it may be waiting in
 *  before that (the inboxes of the previous hop's port; none for the first hop). */
export interface Hop {
  ring: number;
  upstream: number[];
}

const MAX_HOPS = 8; // a routing loop ends here; Linux's TTL would end it too

export class WirePaths {
  private readonly mem: Mem;
  private readonly ctxs: Uint32Array;
  private readonly ports: number;
  private readonly inboxesPerPort: number;
  /** Port → context of the host that owns it. */
  private readonly owner: Uint32Array;

  constructor(mem: Mem) {
    this.mem = mem;
    this.ctxs = nodeContexts(mem);
    this.ports = portCount(mem);
    this.inboxesPerPort = workerCount(mem) + 1;
    this.owner = new Uint32Array(this.ports);
    const rowOf = new Map<number, number>(); // inbox row address → port
    for (let p = 0; p < this.ports; p++) rowOf.set(inboxRow(mem, p), p);
    for (const ctx of this.ctxs) {
      const rec = new NodeRecord(mem, ctx);
      for (let k = 0; k < rec.ifCount; k++) {
        const f = rec.iface(k);
        const p = f.kind === IFK_UPLINK ? rowOf.get(f.inboxTable) : undefined;
        if (p !== undefined) this.owner[p] = ctx;
      }
    }
  }

  /** The wire hops of a packet to `dst` sent by the host at `ctx`; [] when it stays on the host
   *  or leaves the dataplane at once. */
  path(ctx: number, dst: number): Hop[] {
    const mem = this.mem;
    const hops: Hop[] = [];
    let at = ctx;
    let addr = dst;
    let prev = -1;
    for (let h = 0; h < MAX_HOPS; h++) {
      const rec = new NodeRecord(mem, at);
      const nh = rec.route(addr);
      if (nh >= rec.nhCount) break;
      let n = rec.nhTable + nh * NH_SIZE;
      if (mem.u8[n + NH_KIND] === NHK_ONLINK_TUNL0) { // encapsulated: the outer destination from here on
        addr = mem.u32[(n + NH_GW) >>> 2];
        const t = mem.u32[(n + NH_TUNNEL_NH) >>> 2];
        if (t >= rec.nhCount) break;
        n = rec.nhTable + t * NH_SIZE;
      }
      if (mem.u8[n + NH_KIND] !== NHK_NEIGH) break; // arrived (local, a pod), or dropped
      const port = mem.u32[(n + NH_DST_NODE) >>> 2];
      if (port >= this.ports) break; // left the cluster
      const upstream: number[] = [];
      if (prev >= 0) for (let w = 0; w < this.inboxesPerPort; w++) upstream.push(inboxOf(mem, prev, w));
      hops.push({ ring: inboxOf(mem, port, rec.worker), upstream });
      prev = port;
      at = this.owner[port];
      if (at === 0) break;
    }
    return hops;
  }
}
