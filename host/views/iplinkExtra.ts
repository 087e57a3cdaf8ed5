// `ip -br addr|link` and `ip -j addr|link` (iproute2 6.x, ipaddress.c print_linkinfo_brief /
// print_linkinfo / print_addrinfo): the brief columns are `%-16s ` name and `%-14s ` operstate,
// then each address `a/len ` (or the MAC and flags for links) — each item keeps its trailing
// blank, as iproute2 prints it. JSON keys come in iproute2's print order.

import { formatIp4 } from '../net/addr.ts';
import type { Iface } from '../cluster/types.ts';
import { hasFamily, linkName, look, type Family } from './ipaddr.ts';
import type { IpJson } from './ipjson.ts';

const FOREVER = 4294967295;

export function renderBrief(ifaces: readonly Iface[], what: 'addr' | 'link', family: Family, dev?: string): string {
  let list = dev === undefined ? ifaces : ifaces.filter((i) => i.name === dev);
  if (what === 'addr') list = list.filter((i) => hasFamily(i, family));
  return list
    .map((i) => {
      const l = look(i);
      const { name } = linkName(i, ifaces, 'iproute2', false);
      let line = `${name.padEnd(16)} ${l.state.padEnd(14)} `;
      if (what === 'link') {
        const mac = i.kind === 'ipip' ? '0.0.0.0' : i.mac;
        line += `${mac} <${l.flags.join(',')}> `;
      } else {
        if (family !== 'inet6') for (const a of i.addrs) line += `${formatIp4(a.ip)}/${a.len} `;
        if (family !== 'inet') for (const a of i.addrs6 ?? []) line += `${a.addr}/${a.len} `;
      }
      return line + '\n';
    })
    .join('');
}

/** The netnsid a node gives the namespace of its n-th pod: ids are handed out in the order the
 *  peers were created, which is the pods' order on the node. */
export type NetnsIds = (i: Iface) => number | undefined;

function linkObject(i: Iface, all: readonly Iface[], withMode: boolean, netnsid: NetnsIds): Record<string, IpJson> {
  const l = look(i);
  const o: Record<string, IpJson> = { ifindex: i.ifindex };
  const nsid = i.linkNetnsId ?? netnsid(i);
  if (i.kind === 'ipip') o.link = null;
  else if (i.kind === 'veth' && i.peerIfindex !== undefined) {
    if (nsid !== undefined) o.link_index = i.peerIfindex;
    else o.link = all.find((x) => x.ifindex === i.peerIfindex)?.name ?? `if${i.peerIfindex}`;
  }
  o.ifname = i.name;
  o.flags = l.flags;
  o.mtu = i.mtu;
  o.qdisc = l.qdisc;
  o.operstate = l.state;
  if (withMode) o.linkmode = 'DEFAULT';
  o.group = 'default';
  if (l.qlen) o.txqlen = 1000;
  if (i.kind === 'loopback') Object.assign(o, { link_type: 'loopback', address: i.mac, broadcast: '00:00:00:00:00:00' });
  else if (i.kind === 'ipip') Object.assign(o, { link_type: 'ipip', address: '0.0.0.0', broadcast: '0.0.0.0' });
  else Object.assign(o, { link_type: 'ether', address: i.mac, broadcast: 'ff:ff:ff:ff:ff:ff' });
  if (nsid !== undefined && i.kind === 'veth') o.link_netnsid = nsid;
  if (i.altname) o.altnames = [i.altname];
  return o;
}

function addrInfo(i: Iface, family: Family): IpJson[] {
  const out: IpJson[] = [];
  if (family !== 'inet6') {
    for (const a of i.addrs) {
      const x: Record<string, IpJson> = { family: 'inet', local: formatIp4(a.ip), prefixlen: a.len };
      if (a.brd !== undefined) x.broadcast = formatIp4(a.brd);
      x.scope = a.scope;
      if (a.noprefixroute) x.noprefixroute = true;
      Object.assign(x, { label: i.name, valid_life_time: FOREVER, preferred_life_time: FOREVER });
      out.push(x);
    }
  }
  if (family !== 'inet') {
    for (const a of i.addrs6 ?? []) {
      const x: Record<string, IpJson> = { family: 'inet6', local: a.addr, prefixlen: a.len, scope: a.scope };
      if (a.noprefixroute) x.noprefixroute = true;
      Object.assign(x, { valid_life_time: FOREVER, preferred_life_time: FOREVER });
      out.push(x);
    }
  }
  return out;
}

export function jsonLinks(ifaces: readonly Iface[], what: 'addr' | 'link', family: Family, netnsid: NetnsIds, dev?: string): IpJson {
  let list = dev === undefined ? ifaces : ifaces.filter((i) => i.name === dev);
  if (what === 'addr') list = list.filter((i) => hasFamily(i, family));
  return list.map((i) => {
    const o = linkObject(i, ifaces, what === 'link', netnsid);
    if (what === 'addr') o.addr_info = addrInfo(i, family);
    return o;
  });
}
