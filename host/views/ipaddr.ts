// `ip addr` as iproute2 (nodes, and pods entered with nsenter) and as busybox (inside busybox
// pods) print it. The two differ only in the header line and the peer-netns details:
//   iproute2: `7: cali…@if4: <…> mtu 1480 qdisc noqueue state UP group default` + `link-netns cni-…`
//   busybox:  `4: eth0@if7: <…,M-DOWN> mtu 1480 qdisc noqueue` (it cannot see the peer netns,
//             looks up ifindex 7 in its own namespace, finds nothing up and prints M-DOWN).

import { formatIp4 } from '../net/addr.ts';
import type { Iface } from '../cluster/types.ts';

export type ToolFormat = 'iproute2' | 'busybox';

interface LinkLook {
  flags: string[];
  qdisc: string;
  state: string;
  qlen: boolean;
}

function look(i: Iface): LinkLook {
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

function linkLine(i: Iface, fmt: ToolFormat): string {
  switch (i.kind) {
    case 'loopback':
      return `    link/loopback ${i.mac} brd 00:00:00:00:00:00`;
    case 'ipip':
      return '    link/ipip 0.0.0.0 brd 0.0.0.0';
    default: {
      let peer = '';
      if (fmt === 'iproute2' && i.linkNetns !== undefined) peer = ` link-netns ${i.linkNetns}`;
      else if (fmt === 'iproute2' && i.linkNetnsId !== undefined) peer = ` link-netnsid ${i.linkNetnsId}`;
      return `    link/ether ${i.mac} brd ff:ff:ff:ff:ff:ff${peer}`;
    }
  }
}

function headerLine(i: Iface, all: readonly Iface[], fmt: ToolFormat): string {
  const l = look(i);
  let name = i.name;
  const flags = [...l.flags];
  if (i.kind === 'ipip') name += '@NONE';
  if (i.kind === 'veth' && i.peerIfindex !== undefined) {
    name += `@if${i.peerIfindex}`;
    // busybox resolves the peer ifindex in its own namespace; iproute2 knows it is in another one.
    const local = all.find((x) => x.ifindex === i.peerIfindex);
    if (fmt === 'busybox' && !(local && local.up !== false)) flags.push('M-DOWN');
  }
  const head = `${i.ifindex}: ${name}: <${flags.join(',')}> mtu ${i.mtu} qdisc ${l.qdisc}`;
  const qlen = l.qlen ? ' qlen 1000' : '';
  return fmt === 'iproute2' ? `${head} state ${l.state} group default${qlen}` : `${head}${qlen}`;
}

const LIFETIME = '       valid_lft forever preferred_lft forever';

export function renderIface(i: Iface, all: readonly Iface[], fmt: ToolFormat): string[] {
  const out = [headerLine(i, all, fmt), linkLine(i, fmt)];
  if (fmt === 'iproute2' && i.altname) out.push(`    altname ${i.altname}`);
  for (const a of i.addrs) {
    const brd = a.brd !== undefined ? ` brd ${formatIp4(a.brd)}` : '';
    const npr = a.noprefixroute ? ' noprefixroute' : '';
    out.push(`    inet ${formatIp4(a.ip)}/${a.len}${brd} scope ${a.scope}${npr} ${i.name}`, LIFETIME);
  }
  for (const a of i.addrs6 ?? []) {
    const npr = a.noprefixroute ? ' noprefixroute' : '';
    out.push(`    inet6 ${a.addr}/${a.len} scope ${a.scope}${npr}`, LIFETIME);
  }
  return out;
}

/** Whole `ip addr` output (every line newline-terminated); `dev` limits it to one interface. */
export function renderIpAddr(ifaces: readonly Iface[], fmt: ToolFormat, dev?: string): string {
  const list = dev === undefined ? ifaces : ifaces.filter((i) => i.name === dev);
  return list.flatMap((i) => renderIface(i, ifaces, fmt)).map((l) => l + '\n').join('');
}
