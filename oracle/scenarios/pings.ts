// Ping scenarios for any cluster, from its model: busybox `ping` in the first pod that has a
// peer on another node (else the first pod), with the simulator's `ping` semantics
// (host/pod/ping.ts; `calico-ipip-sim ping --help`): the same arguments run busybox 1.35's
// applet in the VM and BusyboxPing in the simulator.

import type { Cluster, Pod } from '../../host/cluster/types.ts';
import { formatIp4 } from '../../host/net/addr.ts';
import { vethMtu } from '../../host/cluster/ifaces.ts';

export interface PingScenario {
  kind: 'ping';
  name: string;
  what: string;
  pod: Pod;
  dst: string;
  count: number;
  size?: number;
  ttl?: number;
  timeoutS?: number;
}

/** busybox ping's argv for the scenario (the VM side). */
export function pingArgv(s: PingScenario): string[] {
  const a = ['ping', '-c', String(s.count)];
  if (s.size !== undefined) a.push('-s', String(s.size));
  if (s.ttl !== undefined) a.push('-t', String(s.ttl));
  if (s.timeoutS !== undefined) a.push('-W', String(s.timeoutS));
  a.push(s.dst);
  return a;
}

/** An address of `node`'s block that neither tunl0 nor a pod uses (the blackhole catches it). */
function unusedInBlock(cluster: Cluster, nodeIndex: number): string | null {
  const n = cluster.nodes[nodeIndex];
  if (!n.block) return null;
  const used = new Set<number>(n.pods.map((p) => p.ip));
  if (n.tunl0Ip !== null) used.add(n.tunl0Ip);
  const size = 2 ** (32 - n.block.len);
  // past the used ordinals, like the seed's .70 and .5
  for (let k = Math.min(5, size - 1); k < size; k++) {
    const ip = (n.block.base + k) >>> 0;
    if (!used.has(ip)) return formatIp4(ip);
  }
  return null;
}

export function pingScenarios(cluster: Cluster): PingScenario[] {
  const from = cluster.pods.find((p) => cluster.pods.some((q) => q.nodeIndex !== p.nodeIndex)) ?? cluster.pods[0];
  if (!from) return [];
  const remote = cluster.pods.find((q) => q.nodeIndex !== from.nodeIndex);
  const local = cluster.pods.find((q) => q !== from && q.nodeIndex === from.nodeIndex);
  const mtu = vethMtu(cluster.spec);
  const out: PingScenario[] = [];
  const add = (name: string, what: string, dst: string, o: Partial<PingScenario> = {}): void => {
    out.push({ kind: 'ping', name, what, pod: from, dst, count: 3, ...o });
  };
  if (remote) {
    const r = formatIp4(remote.ip);
    add('cross', `cross-host to ${remote.name}, 56 data bytes`, r);
    add('cross-full', `cross-host, -s ${mtu - 28}: exactly the pod MTU (${mtu})`, r, { size: mtu - 28 });
    add('cross-frag', `cross-host, -s ${mtu - 20}: over the pod MTU, the pod fragments`, r, { size: mtu - 20 });
    add('cross-ttl1', 'cross-host, -t 1: time exceeded from the first node', r, { ttl: 1, timeoutS: 2 });
    add('cross-ttl2', 'cross-host, -t 2: time exceeded from the peer, back through the tunnel', r, { ttl: 2, timeoutS: 2 });
    const rn = cluster.nodes[remote.nodeIndex];
    add('remote-node', `to ${rn.spec.name}'s uplink address`, formatIp4(rn.ip), { count: 2 });
    if (rn.tunl0Ip !== null) add('remote-tunl0', `to ${rn.spec.name}'s tunl0 address`, formatIp4(rn.tunl0Ip), { count: 2 });
    // over the pod MTU: the pod fragments, the node reassembles (ip_defrag) and its reply
    // leaves in fragments cut at the route's MTU
    add('remote-node-frag', `to ${rn.spec.name}'s uplink address, -s 2000: the node reassembles`, formatIp4(rn.ip), { count: 2, size: 2000 });
    if (rn.tunl0Ip !== null) add('remote-tunl0-frag', `to ${rn.spec.name}'s tunl0 address, -s 2000, through the tunnel`, formatIp4(rn.tunl0Ip), { count: 2, size: 2000 });
    const hole = unusedInBlock(cluster, remote.nodeIndex);
    if (hole) add('remote-hole', `unused address ${hole} of ${rn.spec.name}'s block (its blackhole)`, hole, { timeoutS: 2 });
  }
  // across subnets, through the router: a pod on a node of another segment than `from`'s
  const segOf = (p: Pod): number => cluster.nodes[p.nodeIndex].uplinks[0]?.segment ?? 0;
  const far = cluster.pods.find((q) => segOf(q) !== segOf(from));
  if (far) {
    const r = formatIp4(far.ip);
    add('xsubnet', `across subnets to ${far.name}, through the router`, r);
    add('xsubnet-full', `across subnets, -s ${mtu - 28}: exactly the pod MTU`, r, { size: mtu - 28 });
    add('xsubnet-ttl2', 'across subnets, -t 2: the outer TTL ends at the router', r, { ttl: 2, timeoutS: 2 });
    const router = cluster.routers.find((x) => x.uplinks.some((u) => u.segment === segOf(far)));
    const farSide = router?.uplinks.find((u) => u.segment === segOf(far));
    if (farSide) add('router', `to the router's address on ${far.name}'s subnet`, formatIp4(farSide.ip), { count: 2, timeoutS: 2 });
    if (farSide) add('router-frag', `to the router's address on ${far.name}'s subnet, -s 2000: the router reassembles`, formatIp4(farSide.ip), { count: 2, size: 2000, timeoutS: 2 });
  }
  if (local) add('same-host', `same host, to ${local.name}`, formatIp4(local.ip));
  const own = unusedInBlock(cluster, from.nodeIndex);
  if (own) add('own-hole', `unused address ${own} of the own block (blackhole)`, own, { timeoutS: 2 });
  return out;
}
