// A host of the cluster model rebuilt in a network namespace of the running kernel, for the
// tests that hold the `ip` views to what Linux and iproute2 print: its addresses, routes and pod
// neighbour entries, every device a veth whose peer waits in a second namespace (the ipip and
// dummy devices' kinds do not show in `ip route` or `ip neigh`).

import { spawnSync } from 'node:child_process';
import type { ClusterNode, Route } from '../../host/cluster/types.ts';
import { formatCidr, formatIp4 } from '../../host/net/addr.ts';

export interface IpRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `ip -n ns ARGS` */
export function kernelIp(args: string[], ns: string): IpRun {
  const r = spawnSync('ip', ['-n', ns, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function must(args: string[], ns: string): void {
  const r = kernelIp(args, ns);
  if (r.status !== 0) throw new Error(`ip -n ${ns} ${args.join(' ')}: ${r.stderr}`);
}

/** `ip route add` arguments for a route of the model. */
export function routeArgs(r: Route): string[] {
  const a: string[] = [];
  if (r.kind === 'blackhole') a.push('blackhole');
  a.push(r.len === 0 ? 'default' : formatCidr({ base: r.dst, len: r.len }));
  if (r.gateway !== undefined) a.push('via', formatIp4(r.gateway));
  if (r.dev !== undefined) a.push('dev', r.dev);
  if (r.proto !== undefined) a.push('proto', r.proto);
  if (r.scope !== 'global' && r.kind !== 'blackhole') a.push('scope', r.scope);
  if (r.src !== undefined) a.push('src', formatIp4(r.src));
  if (r.metric !== 0) a.push('metric', String(r.metric));
  if (r.kind === 'onlink') a.push('onlink');
  return a;
}

export interface Replica {
  remove(): void;
}

/** `host` in namespace `ns` (veth peers in `peer`); null when namespaces cannot be made here
 *  (not root, no iproute2). */
export function replica(host: ClusterNode, ns: string, peer: string): Replica | null {
  const remove = (): void => {
    spawnSync('ip', ['netns', 'del', ns]);
    spawnSync('ip', ['netns', 'del', peer]);
  };
  if (spawnSync('ip', ['netns', 'add', ns], { encoding: 'utf8' }).status !== 0) return null;
  spawnSync('ip', ['netns', 'add', peer]);
  try {
    must(['link', 'set', 'lo', 'up'], ns);
    for (const i of host.ifaces) {
      if (i.kind === 'loopback') continue;
      must(['link', 'add', i.name, 'type', 'veth', 'peer', 'name', `p${i.ifindex}`, 'netns', peer], ns);
      if (i.kind !== 'ipip') must(['link', 'set', i.name, 'address', i.mac], ns);
      must(['link', 'set', i.name, 'mtu', String(i.mtu)], ns);
      must(['link', 'set', `p${i.ifindex}`, 'up'], peer);
      for (const a of i.addrs) {
        const extra = [...(a.brd !== undefined ? ['brd', formatIp4(a.brd)] : []), ...(a.noprefixroute ? ['noprefixroute'] : [])];
        must(['addr', 'add', `${formatIp4(a.ip)}/${a.len}`, ...extra, 'dev', i.name], ns);
      }
      if (i.up !== false) must(['link', 'set', i.name, 'up'], ns);
    }
    // connected routes first: a gateway must be reachable when its route is added
    for (const r of [...host.routes].sort((a, b) => Number(a.gateway !== undefined) - Number(b.gateway !== undefined))) {
      // an address without noprefixroute (a router's) made its subnet route already: the views
      // comparison then checks that route is the model's
      const made = kernelIp(['route', 'add', ...routeArgs(r)], ns);
      if (made.status !== 0 && !(r.proto === 'kernel' && /File exists/.test(made.stderr))) throw new Error(`ip -n ${ns} route add ${routeArgs(r).join(' ')}: ${made.stderr}`);
    }
    for (const p of host.pods) must(['neigh', 'add', formatIp4(p.ip), 'dev', p.hostVeth, 'lladdr', p.mac, 'nud', 'permanent'], ns);
  } catch (e) {
    remove();
    throw e;
  }
  return { remove };
}
