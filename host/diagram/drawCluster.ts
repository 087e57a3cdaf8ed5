// The cluster picture: one box per node (pods with eth0, their cali peers, tunl0, kube-ipvs0,
// the route table, ens160) side by side, and the wire joining the uplinks. Returns the anchor
// point of every interface (`host|iface`) so the walk can be drawn over it.

import type { Cluster, ClusterNode, Iface, Pod } from '../cluster/types.ts';
import { formatCidr, formatIp4, maskOf } from '../net/addr.ts';
import { renderIpRouteLine } from '../views/routes.ts';
import { el, line, monoWidth, rect, text } from './svg.ts';

export interface Point {
  x: number;
  y: number;
}

/**
 * Where the walk touches an interface: the middle of the box's left edge. `lane` is the x of the
 * free strip along the node's left side that the path follows inside a node; `drop` is where the
 * uplink meets the wire, for the path between nodes.
 */
export interface Anchor extends Point {
  lane: number;
  drop?: Point;
}

export interface ClusterDrawing {
  svg: string;
  width: number;
  /** y just below the wire: where the walk panel may start. */
  bottom: number;
  anchors: Map<string, Anchor>;
}

const NODE_GAP = 80;
const POD_W = 292;
const POD_H = 84;
const CALI_H = 40;
const VETH = 30;
const PAD = 16;
const ROUTE_LINE = 15;

export const anchorKey = (host: string, iface: string) => `${host}|${iface}`;

function nodeWidth(cluster: Cluster): number {
  const longest = Math.max(0, ...cluster.nodes.flatMap((n) => n.routes.map((r) => renderIpRouteLine(r).length)));
  return Math.max(2 * POD_W + 3 * PAD, Math.ceil(monoWidth('x'.repeat(longest), 11)) + 4 * PAD);
}

function podRows(n: ClusterNode): Pod[][] {
  const rows: Pod[][] = [];
  for (let i = 0; i < n.pods.length; i += 2) rows.push(n.pods.slice(i, i + 2));
  return rows;
}

function nodeHeight(n: ClusterNode): number {
  const rows = Math.max(1, podRows(n).length);
  return 44 + rows * (POD_H + VETH + CALI_H + PAD) + 56 + 24 + n.routes.length * ROUTE_LINE + 24 + 56;
}

function addrOf(i: Iface | undefined): string {
  const a = i?.addrs[0];
  return a ? `${formatIp4(a.ip)}/${a.len}` : 'no address';
}

export function drawCluster(cluster: Cluster, top: number, left: number): ClusterDrawing {
  const W = nodeWidth(cluster);
  const H = Math.max(...cluster.nodes.map(nodeHeight));
  const anchors = new Map<string, Anchor>();
  const parts: string[] = [];
  cluster.nodes.forEach((n, i) => parts.push(drawNode(n, left + i * (W + NODE_GAP), top, W, H, anchors)));

  // The L2 segment between the uplinks.
  const wireY = top + H + 36;
  const ups = cluster.nodes.map((n) => anchors.get(anchorKey(n.spec.name, n.spec.iface)) as Anchor);
  const xs = ups.map((a) => a.drop as Point);
  const x0 = Math.min(...xs.map((p) => p.x)) - 120;
  const x1 = Math.max(...xs.map((p) => p.x)) + 120;
  parts.push(line(x0, wireY, x1, wireY, 'wire'));
  for (const p of xs) {
    parts.push(line(p.x, p.y, p.x, wireY, 'drop'));
    p.y = wireY;
  }
  const subnets = [...new Set(cluster.nodes.map((n) => formatCidr({ base: (n.ip & maskOf(n.spec.prefixLen)) >>> 0, len: n.spec.prefixLen })))];
  const gws = [...new Set(cluster.nodes.map((n) => n.spec.gateway))];
  parts.push(text(x0, wireY + 20, `wire · L2 segment ${subnets.join(', ')} · default gateway ${gws.join(', ')} · MTU ${cluster.spec.mtu ?? 1500}`, 'small'));
  return { svg: parts.join('\n'), width: cluster.nodes.length * (W + NODE_GAP) - NODE_GAP, bottom: wireY + 36, anchors };
}

function drawNode(n: ClusterNode, x: number, y: number, W: number, H: number, anchors: Map<string, Anchor>): string {
  const name = n.spec.name;
  const lane = x + PAD / 2;
  const out: string[] = [];
  out.push(rect(x, y, W, H, 'node', 10));
  out.push(el('path', { d: `M${x},${y + 34} v-24 a10,10 0 0 1 10,-10 h${W - 20} a10,10 0 0 1 10,10 v24 z`, class: 'nodehead' }));
  out.push(text(x + PAD, y + 23, name, 'nodename'));
  out.push(text(x + W - PAD, y + 22, `node ${n.spec.ip} · ${n.calicoNodePod}`, 'nodeinfo', { 'text-anchor': 'end' }));

  let cy = y + 44;
  const rows = podRows(n);
  if (rows.length === 0) {
    out.push(text(x + PAD, cy + 20, 'no pods', 'small'));
    cy += POD_H + VETH + CALI_H + PAD;
  }
  for (const row of rows) {
    row.forEach((p, k) => {
      const px = x + PAD + k * (POD_W + PAD);
      out.push(drawPod(p, px, cy, lane, anchors));
      const vx = px + POD_W / 2;
      out.push(line(vx, cy + POD_H, vx, cy + POD_H + VETH, 'veth'));
      out.push(text(vx + 8, cy + POD_H + 19, `veth pair  eth0@if${p.hostVethIfindex} ↔ if4`, 'small'));
      const cali = n.ifaces.find((f) => f.name === p.hostVeth);
      const cy2 = cy + POD_H + VETH;
      out.push(rect(px, cy2, POD_W, CALI_H, 'iface'));
      out.push(text(px + 10, cy2 + 17, `${p.hostVeth}`, 'ifname'));
      out.push(text(px + 10, cy2 + 32, `${cali?.mac ?? 'ee:ee:ee:ee:ee:ee'} · proxy_arp 1 · no IPv4`, 'small'));
      anchors.set(anchorKey(name, p.hostVeth), { x: px, y: cy2 + CALI_H / 2, lane });
    });
    cy += POD_H + VETH + CALI_H + PAD;
  }

  // Host namespace devices.
  cy += 4;
  const tunl0 = n.ifaces.find((f) => f.kind === 'ipip');
  const ipvs = n.ifaces.find((f) => f.name === 'kube-ipvs0');
  if (tunl0) {
    out.push(rect(x + PAD, cy, POD_W, 40, 'tunl'));
    out.push(text(x + PAD + 10, cy + 17, `tunl0  ${addrOf(tunl0)}`, 'ifname'));
    out.push(text(x + PAD + 10, cy + 32, `ipip · NOARP · ttl inherit · mtu ${tunl0.mtu}`, 'small'));
    anchors.set(anchorKey(name, 'tunl0'), { x: x + PAD, y: cy + 20, lane });
  } else {
    out.push(text(x + PAD, cy + 22, 'no tunl0 (no IPIP pool)', 'small'));
  }
  if (ipvs) {
    const ix = x + 2 * PAD + POD_W;
    out.push(rect(ix, cy + 4, W - 3 * PAD - POD_W, 32, 'dummy', 4));
    out.push(text(ix + 8, cy + 18, `kube-ipvs0 (down) · ${ipvs.addrs.length} service IP${ipvs.addrs.length === 1 ? '' : 's'}`, 'small'));
    out.push(text(ix + 8, cy + 31, 'kube-proxy IPVS dummy, not on the pod path', 'monosmall'));
  }
  cy += 56;

  out.push(text(x + PAD, cy, 'main routing table (ip route)', 'label'));
  out.push(rect(x + PAD, cy + 6, W - 2 * PAD, n.routes.length * ROUTE_LINE + 10, 'routes', 3));
  n.routes.forEach((r, k) => out.push(text(x + PAD + 8, cy + 20 + k * ROUTE_LINE, renderIpRouteLine(r), 'mono')));
  cy += 24 + n.routes.length * ROUTE_LINE + 12;

  // Uplink at the bottom of the box.
  const up = n.ifaces.find((f) => f.name === n.spec.iface);
  const uy = y + H - 56;
  out.push(rect(x + PAD, uy, W - 2 * PAD, 44, 'uplink'));
  out.push(text(x + PAD + 10, uy + 18, `${n.spec.iface}  ${addrOf(up)}`, 'ifname'));
  out.push(text(x + PAD + 10, uy + 34, `MAC ${n.spec.mac} · mtu ${up?.mtu ?? 1500}${n.spec.altname ? ` · altname ${n.spec.altname}` : ''}`, 'small'));
  anchors.set(anchorKey(name, n.spec.iface), { x: x + PAD, y: uy + 22, lane, drop: { x: x + W / 2, y: uy + 44 } });
  return out.join('\n');
}

function drawPod(p: Pod, x: number, y: number, lane: number, anchors: Map<string, Anchor>): string {
  const eth0 = p.ifaces.find((f) => f.name === 'eth0');
  const out = [
    rect(x, y, POD_W, POD_H, 'pod'),
    text(x + 10, y + 17, p.name, 'podname'),
    text(x + POD_W - 10, y + 17, p.namespace, 'small', { 'text-anchor': 'end' }),
    text(x + 10, y + 37, `eth0  ${addrOf(eth0)}`, 'ifname'),
    text(x + 10, y + 53, `MAC ${p.mac} · mtu ${eth0?.mtu ?? ''}`, 'small'),
    text(x + 10, y + 70, 'default via 169.254.1.1 dev eth0 (proxy ARP)', 'small'),
  ];
  anchors.set(anchorKey(p.name, 'eth0'), { x, y: y + 37, lane });
  return out.join('\n');
}
