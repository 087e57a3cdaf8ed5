// Captured frames (per host:iface, in the order the dataplane produced them) → a Walk. The hops
// are exactly the captured frames; the notes between them say what the host did, read off the
// difference between consecutive frames (TTL, added/removed outer header) and the route of the
// host's table that sends the packet out of the interface it was captured on.

import { tcpdumpText } from '../capture/tcpdump.ts';
import { cidrContains, parseIp4, type Ip4 } from '../net/addr.ts';
import type { Cluster, Route } from '../cluster/types.ts';
import { renderIpRouteLine } from '../views/routes.ts';
import { decodeFrame } from './frame.ts';
import type { CapturedFrame, Walk, WalkHop } from './walk.ts';

export function walkFromCaptures(cluster: Cluster, from: string, to: string, frames: readonly CapturedFrame[]): Walk {
  const hops: WalkHop[] = [];
  frames.forEach((f, i) => {
    const headers = decodeFrame(f.frame, f.linkType);
    const summary = tcpdumpText(f.frame, f.linkType, { verbose: f.iface === 'tunl0' || f.linkType === 'raw' ? 1 : 2 }).split('\n');
    const hop: WalkHop = { step: i + 1, host: f.host, iface: f.iface, direction: f.direction, linkType: f.linkType, headers, notes: [], summary };
    hop.notes = notesFor(cluster, hops[i - 1], hop);
    hops.push(hop);
  });
  return { from, to, hops, outcome: outcomeOf(cluster, hops) };
}

function outcomeOf(cluster: Cluster, hops: readonly WalkHop[]): string {
  const last = hops[hops.length - 1];
  if (!last) return 'nothing was captured';
  if (last.direction === 'rx' && cluster.podByName(last.host)) return `delivered to ${last.host} eth0`;
  return `not delivered to any pod: last seen on ${last.host} ${last.iface} (${last.direction})`;
}

function routesOf(cluster: Cluster, host: string): readonly Route[] {
  return cluster.nodeByName(host)?.routes ?? cluster.podByName(host)?.routes ?? [];
}

/** The route that sends `dst` out of `dev`: the longest prefix covering dst among the routes via dev. */
function matchedRoute(routes: readonly Route[], dst: Ip4, dev: string): Route | undefined {
  let best: Route | undefined;
  for (const r of routes) {
    if (r.dev !== dev || r.kind === 'local' || !cidrContains({ base: r.dst, len: r.len }, dst)) continue;
    if (!best || r.len > best.len) best = r;
  }
  return best;
}

function notesFor(cluster: Cluster, prev: WalkHop | undefined, hop: WalkHop): string[] {
  const notes: string[] = [];
  const ip = hop.headers.ip;
  const pip = prev?.headers.ip;
  const sameHost = prev?.host === hop.host;
  if (prev && !sameHost) {
    // a pod's eth0 and its cali are a veth pair; host to host (node, router) is the L2 segment
    const veth = cluster.podByName(prev.host) !== undefined || cluster.podByName(hop.host) !== undefined;
    if (prev.direction === 'tx' && hop.direction === 'rx') notes.push(`${veth ? 'veth pair' : 'wire'}: ${prev.host} ${prev.iface} → ${hop.host} ${hop.iface}`);
  }
  if (prev && sameHost && pip && ip && ip.ttl < pip.ttl && !hop.headers.outer) notes.push(`forwarded by ${hop.host}: ttl ${pip.ttl} → ${ip.ttl}`);
  if (prev && sameHost && hop.headers.outer && !prev.headers.outer) {
    const o = hop.headers.outer;
    notes.push(`IPIP encap on ${prev.iface}: outer ${o.src} → ${o.dst}, ttl ${o.ttl}${ip && o.ttl === ip.ttl ? ' (inherited from inner)' : ''}, proto 4`);
  }
  if (prev && sameHost && prev.headers.outer && !hop.headers.outer) notes.push(`IPIP decap: outer ${prev.headers.outer.src} → ${prev.headers.outer.dst} removed; inner packet re-enters routing on ${hop.iface}`);
  if (hop.direction === 'tx' && ip) {
    const dst = parseIp4(hop.headers.outer?.dst ?? ip.dst) as Ip4;
    const r = matchedRoute(routesOf(cluster, hop.host), dst, hop.iface);
    if (r) notes.push(`route: ${renderIpRouteLine(r)}`);
  }
  return notes;
}
