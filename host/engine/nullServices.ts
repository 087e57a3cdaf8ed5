// The null engine's Services: a frame for a virtual server (kube-proxy's ClusterIP or node port,
// from the nodes' IPVS tables, layout/ipvs.ts) goes to a real server's pod, as IPVS's DNAT
// sends it, so `--mix service` moves its frames along the real engines' path (pod rx → node →
// the backend node's wire ring → the backend pod) and wasm/null measures the NAT and conntrack
// on top of moving them. Nothing is rewritten and nothing is remembered: the real server is
// the flow's by its source port (sport mod the real servers), where IPVS's rr picks one per
// connection and conntrack keeps it. One table for the cluster, read once from every node's
// virtual servers (a ClusterIP is the same on every node; a node port is keyed by its node's
// own address), open addressing on (address, port, protocol).
import type { HeapViews } from './ts/heap.ts';
import {
  NODE_VS_TABLE, NODE_VS_MASK, NODE_RS_TABLE, VS_IP, VS_PORT, VS_PROTO, VS_FLAGS, VS_RS_FIRST, VS_RS_COUNT,
  VS_SIZE, VSF_USED, RS_IP, RS_SIZE,
} from '../layout.ts';

export interface NullServices {
  /** No virtual server anywhere: the lookup is never needed. */
  empty: boolean;
  /** The real server's address for a datagram or segment to (vip, port, proto) from `sport`,
   *  or 0 when (vip, port, proto) is no virtual server. */
  realServer(vip: number, port: number, proto: number, sport: number): number;
}

const hash = (ip: number, port: number, proto: number): number => (Math.imul(ip ^ Math.imul(port | (proto << 16), 0x85ebca77), 0x9e3779b1) >>> 0);

export function nullServices(heap: HeapViews, ctxs: Uint32Array): NullServices {
  const U8 = heap.u8;
  const U16 = heap.u16;
  const U32 = heap.u32;
  const servers: { ip: number; key: number; dests: number[] }[] = [];
  const seen = new Set<string>();
  for (const ctx of ctxs) {
    const table = U32[(ctx + NODE_VS_TABLE) >>> 2];
    if (table === 0) continue;
    const slots = U32[(ctx + NODE_VS_MASK) >>> 2] + 1;
    const rs = U32[(ctx + NODE_RS_TABLE) >>> 2];
    for (let i = 0; i < slots; i++) {
      const v = table + i * VS_SIZE;
      const count = U16[(v + VS_RS_COUNT) >>> 1];
      if ((U8[v + VS_FLAGS] & VSF_USED) === 0 || count === 0) continue;
      const ip = U32[(v + VS_IP) >>> 2];
      const key = U16[(v + VS_PORT) >>> 1] | (U8[v + VS_PROTO] << 16);
      if (seen.has(`${ip}:${key}`)) continue;
      seen.add(`${ip}:${key}`);
      const first = U32[(v + VS_RS_FIRST) >>> 2];
      servers.push({ ip, key, dests: Array.from({ length: count }, (_, k) => U32[(rs + (first + k) * RS_SIZE + RS_IP) >>> 2]) });
    }
  }
  let size = 16;
  while (size < servers.length * 2) size <<= 1;
  const mask = size - 1;
  const ips = new Uint32Array(size);
  const keys = new Uint32Array(size);
  const first = new Uint32Array(size);
  const count = new Uint32Array(size);
  const dests = new Uint32Array(servers.reduce((n, s) => n + s.dests.length, 0));
  let at = 0;
  for (const s of servers) {
    let i = hash(s.ip, s.key & 0xffff, s.key >>> 16) & mask;
    while (count[i] !== 0) i = (i + 1) & mask;
    ips[i] = s.ip;
    keys[i] = s.key;
    first[i] = at;
    count[i] = s.dests.length;
    dests.set(s.dests, at);
    at += s.dests.length;
  }
  return {
    empty: servers.length === 0,
    realServer(vip: number, port: number, proto: number, sport: number): number {
      const key = port | (proto << 16);
      for (let i = hash(vip, port, proto) & mask; count[i] !== 0; i = (i + 1) & mask) {
        if (ips[i] === vip && keys[i] === key) return dests[first[i] + (sport % count[i])];
      }
      return 0;
    },
  };
}
