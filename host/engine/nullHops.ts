// Where the null engine sends a frame for another node's pod when the hosts are not all on one
// wire: the next host of the path the real engines take, read once per (host, destination
// node) from the host's own FIB in memory (the same LPM and next hops the core reads), so a
// frame across subnets crosses the router as the core's does:
//
//   node-a ─ pod route ─┬─ onlink via node-c dev tunl0 ─► the tunnel next hop's port (the
//                       │   router's eth0, by the default route: CrossSubnet, Always)
//                       └─ via a gateway (native: Never) ─► that gateway's port
//   router ─ pod route (learnPodBlocks) ─► its port; none, and the pool encapsulates
//            (the frame would be IPIP) ─► the route of the outer destination, node-c's address
//
// A destination with no unicast next hop leaves by the host's uplink tx ring (as the core's
// frames for addresses outside the dataplane do). Single-wire dataplanes never get here: every
// node is then one inbox away, as before.
import type { HeapViews } from './ts/heap.ts';
import { lpmLookup, LPM_MISS } from './ts/route/lpm.ts';
import {
  NODE_IF_TABLE, NODE_IF_COUNT, NODE_LPM_BASE, NODE_NH_TABLE, NODE_WORKER, NODE_EXTERNAL, IF_SIZE, IF_KIND, IF_IP,
  IF_TX_RING, IF_NEIGH, IF_FIRST_CALI, IF_UPLINK, IFK_UPLINK, IFK_CALI, NH_SIZE, NH_KIND, NH_OIF, NH_LINK,
  NHK_NEIGH, NHK_NEIGH_ARP, NHK_ONLINK_TUNL0, NT_ENTRIES, NE_SIZE, NE_OWNER, LAYOUT_BASE, GH_INBOX_TABLE,
  GH_INBOXES_PER_NODE,
} from '../layout.ts';

export interface NullHops {
  /** True when some host has a further uplink (a router): paths may take more than one hop. */
  readonly routed: boolean;
  /** The ring host `host` puts a frame for a pod at `podIp` on node `dst` into. */
  next(host: number, dst: number, podIp: number): number;
}

export function nullHops(heap: HeapViews, ctxs: Uint32Array): NullHops {
  const U8 = heap.u8;
  const U16 = heap.u16;
  const U32 = heap.u32;
  const ifp = (c: number, k: number): number => U32[(c + NODE_IF_TABLE) >>> 2] + k * IF_SIZE;
  let routed = false;
  const hasPods = new Uint8Array(ctxs.length);
  for (let n = 0; n < ctxs.length; n++) {
    const count = U32[(ctxs[n] + NODE_IF_COUNT) >>> 2];
    for (let k = IF_FIRST_CALI; k < count; k++) {
      const kind = U32[(ifp(ctxs[n], k) + IF_KIND) >>> 2];
      if (kind === IFK_UPLINK) routed = true;
      else if (kind === IFK_CALI) hasPods[n] = 1;
    }
  }
  const inboxTable = U32[(LAYOUT_BASE + GH_INBOX_TABLE) >>> 2];
  const perNode = U32[(LAYOUT_BASE + GH_INBOXES_PER_NODE) >>> 2];
  const cache: (Map<number, number> | undefined)[] = new Array(ctxs.length);
  const encaps = new Int8Array(ctxs.length).fill(-1); // per destination node: unknown, no, yes

  /** The port a unicast next hop sends to (NODE_EXTERNAL outside the dataplane), or -1 (none). */
  function portOf(c: number, nh: number): number {
    if (nh === LPM_MISS) return -1;
    let h = U32[(c + NODE_NH_TABLE) >>> 2] + nh * NH_SIZE;
    let kind = U8[h + NH_KIND];
    if (kind === NHK_ONLINK_TUNL0) {
      const t = U32[(h + NH_LINK) >>> 2];
      if (t === LPM_MISS) return -1;
      h = U32[(c + NODE_NH_TABLE) >>> 2] + t * NH_SIZE;
      kind = U8[h + NH_KIND];
    }
    if (kind === NHK_NEIGH) return U32[(h + NH_LINK) >>> 2];
    if (kind === NHK_NEIGH_ARP) { // the entry's owner, as the builder resolved it
      const t = U32[(ifp(c, U16[(h + NH_OIF) >>> 1]) + IF_NEIGH) >>> 2];
      return U32[(U32[(t + NT_ENTRIES) >>> 2] + U32[(h + NH_LINK) >>> 2] * NE_SIZE + NE_OWNER) >>> 2];
    }
    return -1;
  }
  const route = (c: number, addr: number): number => lpmLookup(heap, U32[(c + NODE_LPM_BASE) >>> 2], addr);
  const oifOf = (c: number, nh: number): number => (nh === LPM_MISS ? IF_UPLINK : U16[(U32[(c + NODE_NH_TABLE) >>> 2] + nh * NH_SIZE + NH_OIF) >>> 1]);

  /** Does the pool of the pods on `dst` encapsulate between hosts? (a node of another wire
   *  reaches them through tunl0, to an outer destination that is not on its own wire) */
  function encapsulates(dst: number, podIp: number): boolean {
    if (encaps[dst] < 0) {
      encaps[dst] = 0;
      for (let n = 0; n < ctxs.length; n++) {
        if (n === dst || hasPods[n] === 0) continue;
        const nh = route(ctxs[n], podIp);
        if (nh === LPM_MISS) continue;
        const h = U32[(ctxs[n] + NODE_NH_TABLE) >>> 2] + nh * NH_SIZE;
        if (U8[h + NH_KIND] === NHK_ONLINK_TUNL0 && portOf(ctxs[n], nh) !== dst) {
          encaps[dst] = 1;
          break;
        }
      }
    }
    return encaps[dst] === 1;
  }

  function resolve(host: number, dst: number, podIp: number): number {
    const c = ctxs[host];
    let nh = route(c, podIp);
    let port = portOf(c, nh);
    if (port === -1 && hasPods[host] === 0 && encapsulates(dst, podIp)) {
      nh = route(c, U32[(ifp(ctxs[dst], IF_UPLINK) + IF_IP) >>> 2]); // the outer destination
      port = portOf(c, nh);
    }
    if (port === -1 || port === NODE_EXTERNAL) return U32[(ifp(c, oifOf(c, nh)) + IF_TX_RING) >>> 2];
    return U32[(inboxTable >>> 2) + port * perNode + U32[(c + NODE_WORKER) >>> 2]];
  }

  return {
    routed,
    next(host, dst, podIp) {
      let m = cache[host];
      if (m === undefined) cache[host] = m = new Map();
      let ring = m.get(dst);
      if (ring === undefined) m.set(dst, (ring = resolve(host, dst, podIp)));
      return ring;
    },
  };
}
