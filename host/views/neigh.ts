// Neighbour (ARP) tables and the `ip neigh` / `arp -n` views of them. The tables are an input:
// empty until something (the ping simulation) fills them, e.g. after the seed's ping the busybox
// pod holds `169.254.1.1 dev eth0 lladdr ee:ee:ee:ee:ee:ee … STALE`, learned by proxy ARP.

import { formatIp4, type Ip4 } from '../net/addr.ts';
import type { ToolFormat } from './ipaddr.ts';
import type { IpJson } from './ipjson.ts';

import type { NeighEntry, NeighState } from '../pod/neighTable.ts';

const VALID: readonly NeighState[] = ['REACHABLE', 'STALE', 'DELAY', 'PROBE', 'PERMANENT', 'NOARP'];

/** `ip neigh`; filtered by a device (`dev IF`), the lines leave out `dev IF` as ipneigh.c's
 *  print_neigh does when filter.index is set. */
export function renderIpNeigh(entries: readonly NeighEntry[], fmt: ToolFormat, withDev = true): string {
  let out = '';
  for (const e of entries) {
    let line = withDev ? `${formatIp4(e.ip)} dev ${e.dev}` : formatIp4(e.ip);
    if (e.mac !== null && e.state !== 'INCOMPLETE' && e.state !== 'FAILED') line += ` lladdr ${e.mac}`;
    if (fmt === 'busybox') {
      const [a, b, c] = e.used ?? [0, 0, 0];
      line += ` used ${a}/${b}/${c} probes ${e.probes ?? 0}`;
    }
    out += `${line} ${e.state}\n`;
  }
  return out;
}

/** `arp -n`: net-tools' table on nodes, busybox's BSD-style lines in busybox pods. NOARP entries are not in /proc/net/arp. */
export function renderArpN(entries: readonly NeighEntry[], fmt: ToolFormat): string {
  const shown = entries.filter((e) => e.state !== 'NOARP');
  let out = '';
  if (fmt === 'busybox') {
    for (const e of shown) {
      const complete = VALID.includes(e.state) && e.mac !== null;
      const hw = complete ? `${e.mac} [ether]` : '<incomplete>';
      const perm = e.state === 'PERMANENT' ? ' PERM' : '';
      out += `? (${formatIp4(e.ip)}) at ${hw}${perm}  on ${e.dev}\n`;
    }
    return out;
  }
  if (shown.length === 0) return '';
  out = 'Address                  HWtype  HWaddress           Flags Mask            Iface\n';
  for (const e of shown) {
    const complete = VALID.includes(e.state) && e.mac !== null;
    const hw = complete ? 'ether'.padEnd(8) + (e.mac as string).padEnd(20) : ''.padEnd(8) + '(incomplete)'.padEnd(20);
    const flags = complete ? (e.state === 'PERMANENT' ? 'CM' : 'C') : '';
    out += `${formatIp4(e.ip).padEnd(23)}  ${hw}${flags.padEnd(6)}${''.padEnd(15)} ${e.dev}\n`;
  }
  return out;
}

/** `ip -j neigh` (iproute2's print_neigh key order; INCOMPLETE/FAILED entries have no lladdr). */
export function jsonNeigh(entries: readonly NeighEntry[], withDev = true): IpJson {
  return entries.map((e) => {
    const o: Record<string, IpJson> = withDev ? { dst: formatIp4(e.ip), dev: e.dev } : { dst: formatIp4(e.ip) };
    if (e.mac !== null && e.state !== 'INCOMPLETE' && e.state !== 'FAILED') o.lladdr = e.mac;
    o.state = [e.state];
    return o;
  });
}

/** net-tools `arp -a` (arp_disp): the BSD-style line, `?` for the name when it does not resolve
 *  (DNS is not simulated); flags each followed by a blank, then `on DEV`. */
export function renderArpA(entries: readonly NeighEntry[]): string {
  let out = '';
  for (const e of entries.filter((x) => x.state !== 'NOARP')) {
    const complete = VALID.includes(e.state) && e.mac !== null;
    const hw = complete ? `${e.mac} [ether] ` : '<incomplete> ';
    out += `? (${formatIp4(e.ip)}) at ${hw}${e.state === 'PERMANENT' ? 'PERM ' : ''}on ${e.dev}\n`;
  }
  return out;
}
