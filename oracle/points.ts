// The interfaces compared, named once for both sides: every interface a simulated frame can cross
// (each node's uplink, tunl0 and cali veths; each pod's eth0), with the pcap file name the
// simulator's `--pcap` writes for it (host/capture/pcap.ts pcapFileName) and the namespace that
// interface lives in inside the VM.

import type { Cluster, ClusterNode, Pod } from '../host/cluster/types.ts';
import { pcapFileName } from '../host/capture/pcap.ts';
import { NETNS } from './topology.ts';

export interface Point {
  /** `<node>:<iface>` or `<namespace>/<pod>:eth0`, the simulator's tap label. */
  label: string;
  file: string;
  netns: string;
  iface: string;
  /** An uplink of a node or a router: where the kernel's own neighbour resolution shows (M1). */
  uplink: boolean;
}

export function nodePoints(n: ClusterNode): Point[] {
  const out: Point[] = [];
  const uplinks = new Set(n.uplinks.map((u) => u.name));
  for (const f of n.ifaces) {
    if (!uplinks.has(f.name) && f.kind !== 'ipip' && f.kind !== 'veth') continue;
    if (n.role === 'router' && f.kind === 'ipip') continue; // the fallback tunl0 of ipip.ko, down
    const label = `${n.spec.name}:${f.name}`;
    out.push({ label, file: pcapFileName(label), netns: NETNS.node(n), iface: f.name, uplink: uplinks.has(f.name) });
  }
  return out;
}

export function podPoint(p: Pod): Point {
  const label = `${p.namespace}/${p.name}:eth0`;
  return { label, file: pcapFileName(label), netns: NETNS.pod(p), iface: 'eth0', uplink: false };
}

export function allPoints(cluster: Cluster): Point[] {
  return [...cluster.nodes.flatMap(nodePoints), ...cluster.routers.flatMap(nodePoints), ...cluster.pods.map(podPoint)];
}
