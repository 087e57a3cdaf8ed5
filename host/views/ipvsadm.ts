// `ipvsadm -Ln` on a node: ipvsadm 1.31's list_all over the kernel's virtual servers (IP_VS
// 1.2.1, conn_tab size 4096 = CONFIG_IP_VS_TAB_BITS 12 in Debian's kernel). ipvsadm sorts
// services and destinations with libipvs's ipvs_cmp_services / ipvs_cmp_dests: protocol, then
// `ntohl(a) - ntohl(b)` as a C int (so 172.16.x and 192.168.x sort before 10.96.x: the
// difference wraps), then port; print_service_entry prints "%s  %s %s" (protocol, addr:port,
// scheduler, then " persistent %u" with the timeout for IP_VS_SVC_F_PERSISTENT, and
// " mask %s" when the netmask is not 255.255.255.255) and each destination "  -> %-28s %-7s %-6d %-10u %-10u".

import { ConfigError } from '../errors.ts';
import { formatIp4, type Ip4 } from '../net/addr.ts';
import type { RealServer, VirtualServer } from '../cluster/kubeProxy.ts';

/** One IPVS connection as `ipvsadm -Lnc` lists it (/proc/net/ip_vs_conn). */
export interface IpvsConnRow {
  protocol: 'TCP' | 'UDP';
  /** Seconds left (the timer's jiffies / HZ, truncated). */
  expiresS: number;
  /** ip_vs_state_name: ESTABLISHED, TIME_WAIT, …, UDP. */
  state: string;
  client: string;
  virtual: string;
  real: string;
}

/** Connections per real server of a virtual server (ActiveConn: ESTABLISHED TCP; InActConn: the rest). */
export type ConnCounts = (vs: VirtualServer, rs: RealServer) => { active: number; inactive: number };

const PROTO_NUM = { TCP: 6, UDP: 17 } as const;
const cmpAddr = (a: Ip4, b: Ip4): number => ((a - b) | 0);

function cmpServices(a: VirtualServer, b: VirtualServer): number {
  return (PROTO_NUM[a.protocol] - PROTO_NUM[b.protocol]) || cmpAddr(a.ip, b.ip) || (a.port - b.port);
}
const cmpDests = (a: RealServer, b: RealServer): number => cmpAddr(a.ip, b.ip) || (a.port - b.port);

/** glibc's qsort for arrays this small: a top-down merge sort (msort_with_tmp), which keeps
 *  equal elements in order and, with ipvsadm's wrapping comparator, gives glibc's order. */
function msort<T>(list: T[], cmp: (a: T, b: T) => number): T[] {
  if (list.length <= 1) return list.slice();
  const n1 = list.length >> 1;
  const a = msort(list.slice(0, n1), cmp);
  const b = msort(list.slice(n1), cmp);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(cmp(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  return out.concat(a.slice(i), b.slice(j));
}

/** What `ipvsadm ARGS` prints; only the numeric listings are simulated: the virtual servers
 *  (-Ln) and the connections (-Lnc). */
export function ipvsadmCommand(args: readonly string[], servers: VirtualServer[], counts: ConnCounts, conns: () => IpvsConnRow[] = () => []): string {
  const flags = args.join(' ');
  const letters = args.every((a) => /^-[Lnlc]+$/.test(a)) ? args.join('').replace(/-/g, '') : '';
  const list = /[Ll]/.test(letters) || args.includes('--list');
  const numeric = letters.includes('n') || args.includes('--numeric');
  const connection = letters.includes('c') || args.includes('--connection');
  const known = args.every((a) => /^-[Llnc]+$/.test(a) || a === '--list' || a === '--numeric' || a === '--connection');
  if (!known || !list || !numeric) throw new ConfigError('command', 'ipvsadm: only the numeric listings (-Ln, -Lnc) are simulated', `ipvsadm ${flags}`);
  if (connection) return connectionList(conns());
  const lines = [
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  ];
  for (const vs of msort(servers, cmpServices)) {
    const p = vs.persistence;
    const persistent = p ? ` persistent ${p.timeoutSeconds}${p.netmask === 0xffffffff ? '' : ` mask ${formatIp4(p.netmask)}`}` : '';
    lines.push(`${vs.protocol}  ${formatIp4(vs.ip)}:${vs.port} rr${persistent}`);
    for (const rs of msort(vs.dests, cmpDests)) {
      const c = counts(vs, rs);
      const dest = `${formatIp4(rs.ip)}:${rs.port}`;
      lines.push(`  -> ${dest.padEnd(28)} ${'Masq'.padEnd(7)} ${'1'.padEnd(6)} ${String(c.active).padEnd(10)} ${String(c.inactive).padEnd(10)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** ipvsadm's print_conn for each line of /proc/net/ip_vs_conn: "%-3s %02d:%02d  %-11s %-18s
 *  %-18s %s" (a longer address pushes the columns right, as in ipvsadm). */
function connectionList(rows: IpvsConnRow[]): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const lines = ['IPVS connection entries', 'pro expire state       source             virtual            destination'];
  for (const c of rows) {
    lines.push(`${c.protocol.padEnd(3)} ${two(Math.floor(c.expiresS / 60))}:${two(c.expiresS % 60)}  ${c.state.padEnd(11)} ${c.client.padEnd(18)} ${c.virtual.padEnd(18)} ${c.real}`);
  }
  return lines.join('\n') + '\n';
}
