// The pod directory the null engine reads (assembly/nullPath.ts; layout/global.ts GH_POD_DIR):
// each pod's address → its host and cali, open addressing at most half full; and, when the
// hosts are on several wires, one byte per host: does the pool of its pods encapsulate between
// wires? (a node of another wire reaches them through tunl0, to an outer destination that is
// not on its own wire), read from the FIBs just written, so a router's null copy follows the
// outer destination as the core's IPIP does. Written after every node's FIB.
import * as L from '../layout.ts';
import { lpmLookup, LPM_MISS } from '../engine/ts/route/lpm.ts';
import type { Mem } from './mem.ts';
import type { DataplanePlan } from './planRecords.ts';

export function writePodDirectory(mem: Mem, plan: DataplanePlan): void {
  const U32 = mem.u32;
  const mask = plan.podDirMask;
  const dir = plan.podDir >>> 2;
  const podIps: number[] = [];
  for (const p of plan.nodes) {
    p.ifaces.forEach((f, k) => {
      if (f.kind !== L.IFK_CALI || f.peerIp === 0) return;
      const ip = f.peerIp >>> 0;
      let h = (Math.imul(ip, 0x9e3779b1) >>> 0) & mask;
      while (U32[dir + 2 * h] !== 0 && U32[dir + 2 * h] !== ip) h = (h + 1) & mask;
      U32[dir + 2 * h] = ip;
      U32[dir + 2 * h + 1] = (p.node.index << 16) | k; // nullPath.ts podOf
      podIps[p.node.index] ??= ip;
    });
  }
  if (plan.hostEncaps === 0) return;
  for (const p of plan.nodes) {
    const ip = podIps[p.node.index];
    if (ip !== undefined) mem.u8[plan.hostEncaps + p.node.index] = encapsulates(mem, plan, p.node.index, ip) ? 1 : 0;
  }
}

/** Does a host with pods other than `dst` route `podIp` (a pod of `dst`) into tunl0 towards a
 *  next hop that is not `dst` itself (the tunnel crosses a router)? */
function encapsulates(mem: Mem, plan: DataplanePlan, dst: number, podIp: number): boolean {
  for (const p of plan.nodes) {
    if (p.node.index === dst || p.node.pods.length === 0) continue;
    const nh = lpmLookup(mem, p.lpmBase, podIp);
    if (nh === LPM_MISS) continue;
    if (mem.u8[p.nhTable + nh * L.NH_SIZE + L.NH_KIND] === L.NHK_ONLINK_TUNL0 && portOf(mem, p.ctx, nh) !== dst) return true;
  }
  return false;
}

/** nullPath.ts portOf: the port next hop `nh` of the host at `ctx` sends to, -1 for none. */
function portOf(mem: Mem, ctx: number, nh: number): number {
  const { u8: U8, u16: U16, u32: U32 } = mem;
  const table = U32[(ctx + L.NODE_NH_TABLE) >>> 2];
  let h = table + nh * L.NH_SIZE;
  let kind = U8[h + L.NH_KIND];
  if (kind === L.NHK_ONLINK_TUNL0) {
    const t = U32[(h + L.NH_LINK) >>> 2];
    if (t === LPM_MISS) return -1;
    h = table + t * L.NH_SIZE;
    kind = U8[h + L.NH_KIND];
  }
  if (kind === L.NHK_NEIGH) return U32[(h + L.NH_LINK) >>> 2];
  if (kind === L.NHK_NEIGH_ARP) {
    const ifp = U32[(ctx + L.NODE_IF_TABLE) >>> 2] + U16[(h + L.NH_OIF) >>> 1] * L.IF_SIZE;
    const t = U32[(ifp + L.IF_NEIGH) >>> 2];
    return U32[(U32[(t + L.NT_ENTRIES) >>> 2] + U32[(h + L.NH_LINK) >>> 2] * L.NE_SIZE + L.NE_OWNER) >>> 2];
  }
  return -1;
}
