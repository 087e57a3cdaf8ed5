// A node's IPVS region: the virtual-server table, the real servers and the conntrack table
// (the layout is assembly/layout/ipvs.ts). Planned with the node's region (plan.ts) from
// kube-proxy's view of the cluster (host/cluster/kubeProxy.ts), written by write.ts.
//
//   vsTable: VS_SIZE × slots, open addressing on ctHash(vip, 0, 0, port, proto) with linear
//            probing; slots = the smallest power of two ≥ 2 × servers (at least 8) in which
//            every server sits within VS_PROBE_MAX probes of its hash (doubled until it does)
//   rsTable: RS_SIZE × Σ real servers, each virtual server's in rr order
//   ctTable: CT_SIZE × CT_WAYS × buckets (a power of two); only nodes with virtual servers
//            have one, so a cluster without Services pays nothing

import { ConfigError } from '../errors.ts';
import { nodeVirtualServers, type VirtualServer } from '../cluster/kubeProxy.ts';
import type { Cluster, ClusterNode } from '../cluster/types.ts';
import { ctHash } from '../engine/ts/conntrack.ts';
import * as L from '../layout.ts';
import type { Mem } from './mem.ts';

export const DEFAULT_CT_BUCKETS = 1024;
const PROTO = { TCP: 6, UDP: 17 } as const;

export interface IpvsOptions {
  /** kube-proxy --masquerade-all. */
  masqueradeAll?: boolean;
  /** Conntrack buckets per node with virtual servers (a power of two, 1..2^20); each holds
   *  CT_WAYS records of CT_SIZE bytes. Default 1024 (128 KiB a node). */
  conntrackBuckets?: number;
}

export interface IpvsPlan {
  servers: VirtualServer[];
  /** Slot of each server in the table (same order as `servers`). */
  slots: number[];
  vsSlots: number;
  rsCount: number;
  ctBuckets: number;
  vsTable: number;
  rsTable: number;
  ctTable: number;
  /** Bytes of the whole region (conntrack included). */
  bytes: number;
  /** Bytes of the conntrack table alone. */
  ctBytes: number;
}

const align = (n: number, a: number): number => Math.ceil(n / a) * a;

/** The region for `node` placed at `at`, or null when it has no virtual servers. */
export function planIpvs(cluster: Cluster, node: ClusterNode, at: number, opts: IpvsOptions): IpvsPlan | null {
  if (cluster.services.length === 0) return null;
  const servers = nodeVirtualServers(cluster, node, { masqueradeAll: opts.masqueradeAll });
  if (servers.length === 0) return null;
  const ctBuckets = opts.conntrackBuckets ?? DEFAULT_CT_BUCKETS;
  if (!Number.isInteger(ctBuckets) || ctBuckets < 1 || ctBuckets > 1 << 20 || (ctBuckets & (ctBuckets - 1)) !== 0) {
    throw new ConfigError('conntrackBuckets', 'must be a power of two 1..1048576', ctBuckets);
  }
  let vsSlots = 8;
  while (vsSlots < 2 * servers.length) vsSlots *= 2;
  let slots = place(servers, vsSlots);
  while (slots === null) slots = place(servers, (vsSlots *= 2));
  const rsCount = servers.reduce((n, s) => n + s.dests.length, 0);
  const vsTable = align(at, L.CACHE_LINE);
  const rsTable = align(vsTable + vsSlots * L.VS_SIZE, 8);
  const ctTable = align(rsTable + rsCount * L.RS_SIZE, L.CACHE_LINE);
  const ctBytes = ctBuckets * L.CT_WAYS * L.CT_SIZE;
  return { servers, slots, vsSlots, rsCount, ctBuckets, vsTable, rsTable, ctTable, bytes: ctTable + ctBytes - at, ctBytes };
}

/** Linear probing within VS_PROBE_MAX, or null when some server does not fit. */
function place(servers: VirtualServer[], size: number): number[] | null {
  const used = new Set<number>();
  const out: number[] = [];
  for (const s of servers) {
    const h = ctHash(s.ip, 0, 0, s.port, PROTO[s.protocol]);
    let k = 0;
    while (k < L.VS_PROBE_MAX && used.has((h + k) & (size - 1))) k++;
    if (k === L.VS_PROBE_MAX) return null;
    const slot = (h + k) & (size - 1);
    used.add(slot);
    out.push(slot);
  }
  return out;
}

/** Writes the tables and the context's pointers to them (the conntrack table starts empty:
 *  the memory is fresh, all zero). */
export function writeIpvs(mem: Mem, ctx: number, p: IpvsPlan): void {
  const put = (addr: number, v: number): void => { mem.u32[addr >>> 2] = v >>> 0; };
  put(ctx + L.NODE_VS_TABLE, p.vsTable);
  put(ctx + L.NODE_VS_MASK, p.vsSlots - 1);
  put(ctx + L.NODE_RS_TABLE, p.rsTable);
  put(ctx + L.NODE_CT_TABLE, p.ctTable);
  put(ctx + L.NODE_CT_MASK, p.ctBuckets - 1);
  let rs = 0;
  p.servers.forEach((s, i) => {
    const v = p.vsTable + p.slots[i] * L.VS_SIZE;
    put(v + L.VS_IP, s.ip);
    mem.u16[(v + L.VS_PORT) >>> 1] = s.port;
    mem.u8[v + L.VS_PROTO] = PROTO[s.protocol];
    mem.u8[v + L.VS_FLAGS] = L.VSF_USED | (s.masquerade ? L.VSF_MASQ : 0) | (s.persistence ? L.VSF_PERSIST : 0);
    if (s.persistence) {
      put(v + L.VS_PERSIST_MS, s.persistence.timeoutSeconds * 1000);
      put(v + L.VS_NETMASK, s.persistence.netmask);
    }
    put(v + L.VS_RS_FIRST, rs);
    mem.u16[(v + L.VS_RS_COUNT) >>> 1] = s.dests.length;
    for (const d of s.dests) {
      const r = p.rsTable + rs * L.RS_SIZE;
      put(r + L.RS_IP, d.ip);
      mem.u16[(r + L.RS_PORT) >>> 1] = d.port;
      rs++;
    }
  });
}
