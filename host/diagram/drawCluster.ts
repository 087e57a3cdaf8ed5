// The cluster picture: one box per node (pods with eth0, their cali peers, tunl0, kube-ipvs0,
// the route table, ens160), the nodes of one subnet side by side on that subnet's wire (an L2
// segment), and a router box between the segments. Returns the anchor point of every interface
// (`host|iface`) so the walk can be drawn over it.
//
// Inside a node the walk runs in lanes kept free of boxes and text: the strip along the node's
// left side (pods of the left column, tunl0, the uplink) and the gutter between the two pod
// columns (pods of the right column). The gutter lane meets the left lane in the free channel
// below its row; between nodes the walk leaves through the gap under the uplink box, down the
// uplink's drop to the wire.
//
//   ┌ node ─────────────────────────────────────┐
//   │ ║ ┌ pod ─────┐  ║ ┌ pod ─────┐            │   ║ lanes, ═ channel
//   │ ●─┤ eth0     │  ●─┤ eth0     │            │   ● badges on the lanes
//   │ ║ └──────────┘  ║ └──────────┘            │
//   │ ●─┤ cali…    │  ●─┤ cali…    │            │
//   │ ║════════════════╝                        │
//   │ ●─┤ tunl0    │                            │
//   │ ●─┤ ens160                          │     │
//   │ ╚═══════════════════╗                     │
//   └─────────────────────╫─────────────────────┘
//   ════════ wire ════════╝

import type { Cluster, ClusterNode, Iface, Pod, Uplink } from '../cluster/types.ts';
import { formatCidr, formatIp4, maskOf } from '../net/addr.ts';
import { renderIpRouteLine } from '../views/routes.ts';
import { el, line, monoWidth, rect, text } from './svg.ts';

export interface Point {
  x: number;
  y: number;
}

/**
 * Where the walk touches an interface: the middle of the box's edge that faces its lane. `lane`
 * is the x of the free strip the path follows inside the node; `channel`, for an interface on
 * the gutter lane, the y of the free channel to the left lane; `exit`, for an uplink, the y of
 * the gap under it and `drop` where its drop meets the wire.
 */
export interface Anchor extends Point {
  node: string;
  lane: number;
  channel?: number;
  exit?: number;
  drop?: Point;
  /** The segment (subnet) of an uplink, for walks between segments. */
  segment?: number;
}

/** A router between two segments, at wire level: where the wire of each side meets it. */
export interface RouterPorts {
  left: Point;
  right: Point;
}

export interface ClusterDrawing {
  svg: string;
  width: number;
  /** y just below the wires: where the walk panel may start. */
  bottom: number;
  anchors: Map<string, Anchor>;
  /** routers[i] joins segment i and segment i + 1 (left to right). */
  routers: RouterPorts[];
}

const NODE_GAP = 80;
const ROUTER_GAP = 300;
const ROUTER_W = 230;
const POD_W = 292;
const POD_H = 84;
const CALI_H = 40;
const VETH = 30;
const PAD = 16;
/** Width of the left lane and of the gutter between pod columns (a badge is 22 px wide). */
const LANE = 32;
const ROW_GAP = 20;
const ROUTE_LINE = 15;

export const anchorKey = (host: string, iface: string) => `${host}|${iface}`;

function nodeWidth(cluster: Cluster): number {
  const longest = Math.max(0, ...cluster.nodes.flatMap((n) => n.routes.map((r) => renderIpRouteLine(r).length)));
  return Math.max(LANE + 2 * POD_W + LANE + PAD, LANE + Math.ceil(monoWidth('x'.repeat(longest), 11)) + 16 + PAD);
}

function podRows(n: ClusterNode): Pod[][] {
  const rows: Pod[][] = [];
  for (let i = 0; i < n.pods.length; i += 2) rows.push(n.pods.slice(i, i + 2));
  return rows;
}

const ROW_H = POD_H + VETH + CALI_H + ROW_GAP;

function nodeHeight(n: ClusterNode): number {
  const rows = Math.max(1, podRows(n).length);
  return 44 + rows * ROW_H + 56 + 24 + n.routes.length * ROUTE_LINE + 24 + 56;
}

function addrOf(i: Iface | undefined): string {
  const a = i?.addrs[0];
  return a ? `${formatIp4(a.ip)}/${a.len}` : 'no address';
}

function subnetOf(n: ClusterNode): string {
  return formatCidr({ base: (n.ip & maskOf(n.spec.prefixLen)) >>> 0, len: n.spec.prefixLen });
}

/** The nodes grouped by subnet, in order of first appearance: one group per L2 segment. */
function segmentsOf(cluster: Cluster): { cidr: string; nodes: ClusterNode[] }[] {
  const by = new Map<string, ClusterNode[]>();
  for (const n of cluster.nodes) {
    const k = subnetOf(n);
    by.set(k, [...(by.get(k) ?? []), n]);
  }
  return [...by].map(([cidr, nodes]) => ({ cidr, nodes }));
}

/** The gateway most of a segment's nodes name (their default route's next hop). */
function gatewayOf(nodes: ClusterNode[]): string {
  const votes = new Map<string, number>();
  for (const n of nodes) votes.set(n.spec.gateway, (votes.get(n.spec.gateway) ?? 0) + 1);
  return [...votes].sort((a, b) => b[1] - a[1])[0][0];
}

/** The cluster's router with a port on both subnets (Cluster.routers), and those ports. */
function routerBetween(cluster: Cluster, a: string, b: string): { router: ClusterNode; left: Uplink; right: Uplink } | null {
  const subnet = (u: Uplink) => formatCidr({ base: (u.ip & maskOf(u.len)) >>> 0, len: u.len });
  for (const router of cluster.routers) {
    const left = router.uplinks.find((u) => subnet(u) === a);
    const right = router.uplinks.find((u) => subnet(u) === b);
    if (left && right) return { router, left, right };
  }
  return null;
}

export function drawCluster(cluster: Cluster, top: number, left: number): ClusterDrawing {
  const W = nodeWidth(cluster);
  const H = Math.max(...cluster.nodes.map(nodeHeight));
  const anchors = new Map<string, Anchor>();
  const parts: string[] = [];
  const segments = segmentsOf(cluster);
  const wireY = top + H + 36;
  const mtu = cluster.spec.mtu ?? 1500;
  const routers: RouterPorts[] = [];
  let x = left;
  segments.forEach((seg, s) => {
    const drops: Point[] = [];
    for (const n of seg.nodes) {
      parts.push(drawNode(n, x, top, W, H, anchors));
      const a = anchors.get(anchorKey(n.spec.name, n.spec.iface)) as Anchor;
      a.segment = s;
      drops.push(a.drop as Point);
      x += W + NODE_GAP;
    }
    x -= NODE_GAP;
    // The segment's wire from its first node's left edge to its last node's right edge; the
    // router (when there is a next segment) sits in the gap after it.
    const x0 = x - seg.nodes.length * (W + NODE_GAP) + NODE_GAP;
    const x1 = x;
    const wx0 = s === 0 ? x0 : x0 - (ROUTER_GAP - ROUTER_W) / 2;
    const wx1 = s === segments.length - 1 ? x1 : x1 + (ROUTER_GAP - ROUTER_W) / 2;
    parts.push(line(wx0, wireY, wx1, wireY, 'wire'));
    for (const p of drops) {
      parts.push(line(p.x, p.y, p.x, wireY, 'drop'));
      p.y = wireY;
    }
    const outside = segments.length === 1 ? ` · default gateway ${gatewayOf(seg.nodes)} (outside the cluster)` : '';
    parts.push(text(x0, wireY + 20, `L2 segment ${seg.cidr} · MTU ${mtu}${outside}`, 'small'));
    if (s < segments.length - 1) {
      const rx = x1 + (ROUTER_GAP - ROUTER_W) / 2;
      const next = segments[s + 1];
      const mid = { 'text-anchor': 'middle' };
      parts.push(rect(rx, wireY - 24, ROUTER_W, 48, 'router'));
      // the texts stay above and below the wire, which the walk follows through the router
      const r = routerBetween(cluster, seg.cidr, next.cidr);
      if (r) {
        const name = r.router.spec.name;
        parts.push(text(rx + ROUTER_W / 2, wireY - 9, name, 'ifname', mid));
        parts.push(text(rx + ROUTER_W / 2, wireY + 18, `${r.left.name} ${formatIp4(r.left.ip)} │ ${r.right.name} ${formatIp4(r.right.ip)}`, 'small', mid));
        for (const [port, px] of [[r.left, rx], [r.right, rx + ROUTER_W]] as const) {
          anchors.set(anchorKey(name, port.name), { x: px, y: wireY, node: name, lane: px, drop: { x: px, y: wireY } });
        }
      } else {
        parts.push(text(rx + ROUTER_W / 2, wireY - 9, 'gateways (outside the cluster)', 'small', mid));
        parts.push(text(rx + ROUTER_W / 2, wireY + 18, `${gatewayOf(seg.nodes)} │ ${gatewayOf(next.nodes)}`, 'small', mid));
      }
      routers.push({ left: { x: rx, y: wireY }, right: { x: rx + ROUTER_W, y: wireY } });
      x = rx + ROUTER_W + (ROUTER_GAP - ROUTER_W) / 2;
    } else {
      x += NODE_GAP;
    }
  });
  return { svg: parts.join('\n'), width: x - NODE_GAP - left, bottom: wireY + 36, anchors, routers };
}

function drawNode(n: ClusterNode, x: number, y: number, W: number, H: number, anchors: Map<string, Anchor>): string {
  const name = n.spec.name;
  const lane = x + LANE / 2;
  const bx = x + LANE; // left edge of the boxes
  const gutter = bx + POD_W + LANE / 2;
  const out: string[] = [];
  out.push(rect(x, y, W, H, 'node', 10));
  out.push(el('path', { d: `M${x},${y + 34} v-24 a10,10 0 0 1 10,-10 h${W - 20} a10,10 0 0 1 10,10 v24 z`, class: 'nodehead' }));
  out.push(text(x + PAD, y + 23, name, 'nodename'));
  out.push(text(x + W - PAD, y + 22, `node ${n.spec.ip} · ${n.calicoNodePod}`, 'nodeinfo', { 'text-anchor': 'end' }));

  let cy = y + 44;
  const rows = podRows(n);
  if (rows.length === 0) {
    out.push(text(bx, cy + 20, 'no pods', 'small'));
    cy += ROW_H;
  }
  for (const row of rows) {
    const channel = cy + POD_H + VETH + CALI_H + ROW_GAP / 2;
    row.forEach((p, k) => {
      const px = bx + k * (POD_W + LANE);
      const where = k === 0 ? { node: name, lane } : { node: name, lane: gutter, channel };
      out.push(drawPod(p, px, cy, where, anchors));
      const vx = px + POD_W / 2;
      out.push(line(vx, cy + POD_H, vx, cy + POD_H + VETH, 'veth'));
      out.push(text(vx - 8, cy + POD_H + 19, 'veth pair', 'small', { 'text-anchor': 'end' }));
      out.push(text(vx + 8, cy + POD_H + 19, `eth0@if${p.hostVethIfindex} ↔ if4`, 'small'));
      const cali = n.ifaces.find((f) => f.name === p.hostVeth);
      const cy2 = cy + POD_H + VETH;
      out.push(rect(px, cy2, POD_W, CALI_H, 'iface'));
      out.push(text(px + 10, cy2 + 17, `${p.hostVeth}`, 'ifname'));
      out.push(text(px + 10, cy2 + 32, `${cali?.mac ?? 'ee:ee:ee:ee:ee:ee'} · proxy_arp 1 · no IPv4`, 'small'));
      anchors.set(anchorKey(name, p.hostVeth), { x: px, y: cy2 + CALI_H / 2, ...where });
    });
    cy += ROW_H;
  }

  // Host namespace devices.
  const tunl0 = n.ifaces.find((f) => f.kind === 'ipip');
  const ipvs = n.ifaces.find((f) => f.name === 'kube-ipvs0');
  if (tunl0) {
    out.push(rect(bx, cy, POD_W, 40, 'tunl'));
    out.push(text(bx + 10, cy + 17, `tunl0  ${addrOf(tunl0)}`, 'ifname'));
    out.push(text(bx + 10, cy + 32, `ipip · NOARP · ttl inherit · mtu ${tunl0.mtu}`, 'small'));
    anchors.set(anchorKey(name, 'tunl0'), { x: bx, y: cy + 20, node: name, lane });
  } else {
    out.push(text(bx, cy + 22, 'no tunl0 (no IPIP pool)', 'small'));
  }
  if (ipvs) {
    const ix = bx + POD_W + LANE;
    out.push(rect(ix, cy + 4, x + W - PAD - ix, 32, 'dummy', 4));
    out.push(text(ix + 8, cy + 18, `kube-ipvs0 (down) · ${ipvs.addrs.length} service IP${ipvs.addrs.length === 1 ? '' : 's'}`, 'small'));
    out.push(text(ix + 8, cy + 31, 'kube-proxy IPVS dummy, not on the pod path', 'monosmall'));
  }
  cy += 56;

  out.push(text(bx, cy, 'main routing table (ip route)', 'label'));
  out.push(rect(bx, cy + 6, x + W - PAD - bx, n.routes.length * ROUTE_LINE + 10, 'routes', 3));
  n.routes.forEach((r, k) => out.push(text(bx + 8, cy + 20 + k * ROUTE_LINE, renderIpRouteLine(r), 'mono')));

  // Uplink at the bottom of the box; the walk leaves through the gap under it.
  const up = n.ifaces.find((f) => f.name === n.spec.iface);
  const uy = y + H - 56;
  out.push(rect(bx, uy, x + W - PAD - bx, 44, 'uplink'));
  out.push(text(bx + 10, uy + 18, `${n.spec.iface}  ${addrOf(up)}`, 'ifname'));
  out.push(text(bx + 10, uy + 34, `MAC ${n.spec.mac} · mtu ${up?.mtu ?? 1500}${n.spec.altname ? ` · altname ${n.spec.altname}` : ''}`, 'small'));
  anchors.set(anchorKey(name, n.spec.iface), { x: bx, y: uy + 22, node: name, lane, exit: uy + 50, drop: { x: x + W / 2, y: uy + 44 } });
  return out.join('\n');
}

function drawPod(p: Pod, x: number, y: number, where: { node: string; lane: number; channel?: number }, anchors: Map<string, Anchor>): string {
  const eth0 = p.ifaces.find((f) => f.name === 'eth0');
  const out = [
    rect(x, y, POD_W, POD_H, 'pod'),
    text(x + 10, y + 17, p.name, 'podname'),
    text(x + POD_W - 10, y + 17, p.namespace, 'small', { 'text-anchor': 'end' }),
    text(x + 10, y + 37, `eth0  ${addrOf(eth0)}`, 'ifname'),
    text(x + 10, y + 53, `MAC ${p.mac} · mtu ${eth0?.mtu ?? ''}`, 'small'),
    text(x + 10, y + 70, 'default via 169.254.1.1 (proxy ARP)', 'small'),
  ];
  anchors.set(anchorKey(p.name, 'eth0'), { x, y: y + 37, ...where });
  return out.join('\n');
}
