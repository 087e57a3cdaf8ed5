// Hosts and ports of a dataplane. A host is a node or a router (a node without pods); a port is
// one of a host's uplinks, an Ethernet interface on an L2 segment, and owns the inbox rings
// that frames sent to it on the wire land in (layout/global.ts):
//
//   hosts:  node 0 … node N-1 │ router 0 … router R-1           (index = ClusterNode.index)
//   ports:  host h's first uplink = port h │ further uplinks from H = N + R on, host by host
//
// so a cluster of single-homed nodes numbers its ports exactly as its nodes.
// The data-path index of uplink j: 0 for the first, else after tunl0 and the calis
// (IF_FIRST_CALI + pods + j - 1): a router's eth0 is 0, its eth1 2, its eth2 3.

import type { Cluster, ClusterNode } from '../cluster/types.ts';
import { IF_FIRST_CALI, IF_UPLINK } from '../layout.ts';

export interface Ports {
  /** Nodes, then routers. */
  hosts: ClusterNode[];
  count: number;
  /** Port of host `host`'s uplink `uplink`. */
  of(host: number, uplink: number): number;
}

/** The hosts of a dataplane: the cluster's nodes, then its routers. */
export function hostsOf(cluster: Cluster): ClusterNode[] {
  return cluster.routers.length === 0 ? cluster.nodes : [...cluster.nodes, ...cluster.routers];
}

const memo = new WeakMap<Cluster, Ports>();

export function portsOf(cluster: Cluster): Ports {
  const known = memo.get(cluster);
  if (known && known.hosts.length === cluster.nodes.length + cluster.routers.length) return known;
  const hosts = hostsOf(cluster);
  const extraBase: number[] = new Array(hosts.length); // first port of host h's further uplinks
  let next = hosts.length;
  for (const h of hosts) {
    extraBase[h.index] = next;
    next += Math.max(0, h.uplinks.length - 1);
  }
  const ports: Ports = { hosts, count: next, of: (host, uplink) => (uplink === 0 ? host : extraBase[host] + uplink - 1) };
  memo.set(cluster, ports);
  return ports;
}

/** Data-path interface index of `node`'s uplink `j`. */
export function uplinkIfIndex(node: ClusterNode, j: number): number {
  return j === 0 ? IF_UPLINK : IF_FIRST_CALI + node.pods.length + j - 1;
}
