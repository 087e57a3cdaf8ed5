// The host's side of a node's conntrack table (layout: assembly/layout/ipvs.ts): the clock the
// core reads its timeouts against, and the live connections as `ipvsadm -Lnc` / `conntrack -L`
// would list them, for the views and the tests.
import * as L from '../layout.ts';
import type { Dataplane } from './build.ts';
import type { Mem } from './mem.ts';
import { ctplDeath } from '../engine/ts/conntrack.ts';

export interface Connection {
  proto: number;
  /** The original direction: client → virtual server. */
  orig: { src: number; dst: number; sport: number; dport: number };
  /** The reply direction: real server → client (or the masquerade's address). */
  reply: { src: number; dst: number; sport: number; dport: number };
  state: number; // CTS_*
  /** ms until it expires. */
  expiresInMs: number;
  /** Index of the virtual server's slot and of the real server. */
  vs: number;
  rs: number;
}

/** The simulation clock as the core reads it (NODE_NOW_MS, ms, wraps at 2^32), and the wall
 *  clock's ms since midnight UTC (NODE_DAY_MS: the IP timestamp option's clock). */
export function setNodeClock(dp: Dataplane, node: number, ms: number, dayMs = 0): void {
  dp.mem.u32[(dp.nodes[node].ctx + L.NODE_NOW_MS) >>> 2] = Math.floor(ms) >>> 0;
  dp.mem.u32[(dp.nodes[node].ctx + L.NODE_DAY_MS) >>> 2] = Math.floor(dayMs) % MS_PER_DAY;
}

/** Empties the conntrack table of the node at `ctx` and puts its virtual servers' rr cursors
 *  back on their first real server, as a fresh build leaves them: a benchmark session or a
 *  reused image starts with no connection (host/runtime/reset.ts). */
export function clearConntrack(mem: Mem, ctx: number): void {
  const { u8, u16, u32 } = mem;
  const table = u32[(ctx + L.NODE_CT_TABLE) >>> 2];
  if (table !== 0) u8.fill(0, table, table + (u32[(ctx + L.NODE_CT_MASK) >>> 2] + 1) * L.CT_WAYS * L.CT_SIZE);
  u32[(ctx + L.NODE_CT_LIVE) >>> 2] = 0;
  const vs = u32[(ctx + L.NODE_VS_TABLE) >>> 2];
  if (vs === 0) return;
  const slots = u32[(ctx + L.NODE_VS_MASK) >>> 2] + 1;
  for (let i = 0; i < slots; i++) u16[(vs + i * L.VS_SIZE + L.VS_RR_NEXT) >>> 1] = 0;
}
const MS_PER_DAY = 86_400_000;

/** A persistence template (ip_vs_sched_persist), as /proc/net/ip_vs_conn lists it. */
export interface Template {
  kind: 'template';
  proto: number;
  /** The client's address & the service's netmask; the client port is 0. */
  client: number;
  vip: number;
  /** 0 for a port-21 service (FTPPORT). */
  vport: number;
  /** The real server it binds: its address and port (0 with vport 0). */
  dest: number;
  dport: number;
  assured: boolean;
  /** ms until its timer fires: set by its last connection, then 60 s steps while it still
   *  controls one (ip_vs_conn_expire's expire_later). */
  expiresInMs: number;
  vs: number;
  rs: number;
}

/** Every live connection of `node`, in table order (live at `nowMs`, by default the node's
 *  clock as its last step left it). */
export function connections(dp: Dataplane, node: number, nowMs?: number): Connection[] {
  return ipvsEntries(dp, node, nowMs).filter((e): e is Connection & { kind: 'connection' } => e.kind === 'connection').map(({ kind: _, ...c }) => c);
}

/** Every live connection and persistence template of `node`, in table order. */
export function ipvsEntries(dp: Dataplane, node: number, nowMs?: number): ((Connection & { kind: 'connection' }) | Template)[] {
  const info = dp.nodes[node];
  if (!info.ipvs) return [];
  const { u8, u16, u32 } = dp.mem;
  const now = nowMs === undefined ? u32[(info.ctx + L.NODE_NOW_MS) >>> 2] : Math.floor(nowMs) >>> 0;
  const base = info.ipvs.ctTable;
  const tuple = (rec: number) => ({
    src: u32[(rec + L.CT_SRC) >>> 2], dst: u32[(rec + L.CT_DST) >>> 2],
    sport: u16[(rec + L.CT_SPORT) >>> 1], dport: u16[(rec + L.CT_DPORT) >>> 1],
  });
  const out: ((Connection & { kind: 'connection' }) | Template)[] = [];
  const records = info.ipvs.ctBuckets * L.CT_WAYS;
  for (let r = 0; r < records; r++) {
    const rec = base + r * L.CT_SIZE;
    const dir = u8[rec + L.CT_DIR];
    if (u8[rec + L.CT_USED] === 0 || dir === L.CT_DIR_REPLY) continue;
    const expires = u32[(rec + L.CT_EXPIRES) >>> 2];
    if (dir === L.CT_DIR_TEMPLATE) {
      if (((ctplDeath(expires, u32[(rec + L.CT_CTL_UNTIL) >>> 2]) - now) | 0) <= 0) continue;
      const late = (now - expires) | 0; // ≥ 0: the timer fired and expire_later re-armed it
      const left = late < 0 ? -late : L.CTPL_REARM_MS - (late % L.CTPL_REARM_MS);
      const rs = u32[(rec + L.CT_RS) >>> 2];
      const rsAt = info.ipvs.rsTable + rs * L.RS_SIZE;
      const vport = u16[(rec + L.CT_DPORT) >>> 1];
      out.push({
        kind: 'template', proto: u8[rec + L.CT_PROTO], client: u32[(rec + L.CT_SRC) >>> 2], vip: u32[(rec + L.CT_DST) >>> 2], vport,
        dest: u32[(rsAt + L.RS_IP) >>> 2], dport: vport === 0 ? 0 : u16[(rsAt + L.RS_PORT) >>> 1],
        assured: (u8[rec + L.CT_STATE] & L.CTPL_S_ASSURED) !== 0, expiresInMs: left, vs: u32[(rec + L.CT_VS) >>> 2], rs,
      });
      continue;
    }
    const left = (expires - now) | 0;
    if (left <= 0) continue;
    const peer = base + u32[(rec + L.CT_PEER) >>> 2] * L.CT_SIZE;
    out.push({
      kind: 'connection', proto: u8[rec + L.CT_PROTO], orig: tuple(rec), reply: tuple(peer), state: u8[rec + L.CT_STATE],
      expiresInMs: left, vs: u32[(rec + L.CT_VS) >>> 2], rs: u32[(rec + L.CT_RS) >>> 2],
    });
  }
  return out;
}
