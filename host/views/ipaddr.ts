// `ip addr` and `ip link` as iproute2 (nodes, and pods entered with nsenter) and as busybox
// (inside busybox pods) print them, in every family:
//   iproute2: `7: cali…@if4: <…> mtu 1480 qdisc noqueue state UP group default` + `link-netns cni-…`
//   busybox:  `4: eth0@if7: <…,M-DOWN> mtu 1480 qdisc noqueue` (it cannot see the peer netns,
//             looks up ifindex 7 in its own namespace, finds nothing up and prints M-DOWN).
// With -4 or -6 neither tool prints the `link/…` line, and only interfaces holding an address of
// that family are listed. -4 asks the kernel for a full link dump (rtnl_dump_ifinfo: there is no
// AF_INET link dump), so the header is complete and iproute2 appends `link-netns` to it; -6 gets
// inet6_fill_ifinfo's short message: no qdisc, group, netns or altname, and the veth peer's
// ifindex is looked up in the own namespace (the seed's cali@if4 prints as cali…@kube-ipvs0 with
// M-DOWN, as busybox does for eth0). `ip link` adds `mode DEFAULT` to the iproute2 header.
// Trailing blanks are left out of these lines, as in the seed's transcript.

import { formatIp4 } from '../net/addr.ts';
import type { Iface } from '../cluster/types.ts';

export type ToolFormat = 'iproute2' | 'busybox';
export type Family = 'all' | 'inet' | 'inet6';

interface LinkLook {
  flags: string[];
  qdisc: string;
  state: string;
  qlen: boolean;
}

export function look(i: Iface): LinkLook {
  const up = i.up !== false;
  switch (i.kind) {
    case 'loopback':
      return { flags: ['LOOPBACK', 'UP', 'LOWER_UP'], qdisc: 'noqueue', state: 'UNKNOWN', qlen: true };
    case 'ether':
      return { flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], qdisc: 'fq_codel', state: 'UP', qlen: true };
    case 'ipip':
      return up
        ? { flags: ['NOARP', 'UP', 'LOWER_UP'], qdisc: 'noqueue', state: 'UNKNOWN', qlen: true }
        : { flags: ['NOARP'], qdisc: 'noop', state: 'DOWN', qlen: true };
    case 'dummy':
      return up
        ? { flags: ['BROADCAST', 'NOARP', 'UP', 'LOWER_UP'], qdisc: 'noqueue', state: 'UNKNOWN', qlen: false }
        : { flags: ['BROADCAST', 'NOARP'], qdisc: 'noop', state: 'DOWN', qlen: false };
    case 'veth':
      return { flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], qdisc: 'noqueue', state: up ? 'UP' : 'DOWN', qlen: false };
  }
}

export function linkLine(i: Iface, fmt: ToolFormat): string {
  switch (i.kind) {
    case 'loopback':
      return `    link/loopback ${i.mac} brd 00:00:00:00:00:00`;
    case 'ipip':
      return '    link/ipip 0.0.0.0 brd 0.0.0.0';
    default:
      return `    link/ether ${i.mac} brd ff:ff:ff:ff:ff:ff${fmt === 'iproute2' ? netnsTail(i) : ''}`;
  }
}

/** ` link-netns NAME` / ` link-netnsid N` for a veth whose peer is in another namespace. */
function netnsTail(i: Iface): string {
  if (i.linkNetns !== undefined) return ` link-netns ${i.linkNetns}`;
  if (i.linkNetnsId !== undefined) return ` link-netnsid ${i.linkNetnsId}`;
  return '';
}

/** `name@peer` as printed, and whether the peer (looked up in this namespace) adds M-DOWN. */
export function linkName(i: Iface, all: readonly Iface[], fmt: ToolFormat, ownNamespaceLookup: boolean): { name: string; mdown: boolean } {
  if (i.kind === 'ipip') return { name: `${i.name}@NONE`, mdown: false };
  if (i.kind !== 'veth' || i.peerIfindex === undefined) return { name: i.name, mdown: false };
  const local = all.find((x) => x.ifindex === i.peerIfindex);
  // busybox's ll_index_to_name resolves in its own namespace: a missing index prints as ifN, M-DOWN
  if (fmt === 'busybox') return { name: `${i.name}@${local ? local.name : `if${i.peerIfindex}`}`, mdown: !(local && local.up !== false) };
  if (ownNamespaceLookup && local) return { name: `${i.name}@${local.name}`, mdown: local.up === false };
  return { name: `${i.name}@if${i.peerIfindex}`, mdown: false };
}

export interface HeaderMode {
  /** `ip link`: iproute2 adds `mode DEFAULT`. */
  link?: boolean;
  /** inet6_fill_ifinfo's short link message (`ip -6 addr` dumps). */
  short?: boolean;
  /** No link line follows: iproute2 puts link-netns on the header. */
  netnsOnHeader?: boolean;
}

export function headerLine(i: Iface, all: readonly Iface[], fmt: ToolFormat, m: HeaderMode = {}): string {
  const l = look(i);
  const { name, mdown } = linkName(i, all, fmt, m.short === true);
  const flags = mdown ? [...l.flags, 'M-DOWN'] : l.flags;
  const qlen = l.qlen ? ' qlen 1000' : '';
  const head = `${i.ifindex}: ${name}: <${flags.join(',')}> mtu ${i.mtu}`;
  if (fmt === 'busybox') return m.short ? `${head}${qlen}` : `${head} qdisc ${l.qdisc}${qlen}`;
  if (m.short) return `${head} state ${l.state}${qlen}`;
  const mode = m.link ? ' mode DEFAULT' : '';
  return `${head} qdisc ${l.qdisc} state ${l.state}${mode} group default${qlen}${m.netnsOnHeader ? netnsTail(i) : ''}`;
}

const LIFETIME = '       valid_lft forever preferred_lft forever';

function inetLines(i: Iface): string[] {
  return i.addrs.flatMap((a) => {
    const brd = a.brd !== undefined ? ` brd ${formatIp4(a.brd)}` : '';
    const npr = a.noprefixroute ? ' noprefixroute' : '';
    return [`    inet ${formatIp4(a.ip)}/${a.len}${brd} scope ${a.scope}${npr} ${i.name}`, LIFETIME];
  });
}

function inet6Lines(i: Iface): string[] {
  return (i.addrs6 ?? []).flatMap((a) => [`    inet6 ${a.addr}/${a.len} scope ${a.scope}${a.noprefixroute ? ' noprefixroute' : ''}`, LIFETIME]);
}

export function hasFamily(i: Iface, family: Family): boolean {
  return family === 'all' || (family === 'inet' ? i.addrs.length > 0 : (i.addrs6 ?? []).length > 0);
}

export function renderIface(i: Iface, all: readonly Iface[], fmt: ToolFormat, family: Family = 'all', oneDev = false): string[] {
  if (family === 'all') {
    const out = [headerLine(i, all, fmt), linkLine(i, fmt)];
    if (fmt === 'iproute2' && i.altname) out.push(`    altname ${i.altname}`);
    return [...out, ...inetLines(i), ...inet6Lines(i)];
  }
  // `ip -6 addr show dev X` asks for that one link in full (RTM_GETLINK), a dump gets the short form.
  const short = family === 'inet6' && !(oneDev && fmt === 'iproute2');
  const out = [headerLine(i, all, fmt, { short, netnsOnHeader: true })];
  if (fmt === 'iproute2' && i.altname && !short) out.push(`    altname ${i.altname}`);
  return [...out, ...(family === 'inet' ? inetLines(i) : inet6Lines(i))];
}

/** Whole `ip [-4|-6] addr` output (every line newline-terminated); `dev` limits it to one interface. */
export function renderIpAddr(ifaces: readonly Iface[], fmt: ToolFormat, dev?: string, family: Family = 'all'): string {
  const list = (dev === undefined ? ifaces : ifaces.filter((i) => i.name === dev)).filter((i) => hasFamily(i, family));
  return list.flatMap((i) => renderIface(i, ifaces, fmt, family, dev !== undefined)).map((l) => l + '\n').join('');
}

/** `ip link [show [dev] X]`. */
export function renderIpLink(ifaces: readonly Iface[], fmt: ToolFormat, dev?: string): string {
  const list = dev === undefined ? ifaces : ifaces.filter((i) => i.name === dev);
  return list
    .flatMap((i) => {
      const out = [headerLine(i, ifaces, fmt, { link: true }), linkLine(i, fmt)];
      if (fmt === 'iproute2' && i.altname) out.push(`    altname ${i.altname}`);
      return out;
    })
    .map((l) => l + '\n')
    .join('');
}
