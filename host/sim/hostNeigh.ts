// The nodes' neighbour entries for their pods. Felix programs a static ARP entry next to each
// local workload's /32 route (felix/routetable/route_table.go: addStaticARPEntry for a target
// with DestMAC, NUD_PERMANENT), before any traffic, so on a node `ip neigh` lists every local
// pod as `<pod IP> dev caliX lladdr <pod MAC> PERMANENT`. The kernel never replaces a
// permanent entry from ARP (neigh_update without NEIGH_UPDATE_F_ADMIN), so the pod's proxied
// request for 169.254.1.1 teaches the node nothing and the node never probes its pods: which is
// why, in the seed, the pod's table holds 169.254.1.1 alone. This is also what lets the engine
// forward to a pod with the MAC in the cali record and no resolution.
// The ens160 neighbours (peer nodes, gateway) are resolved statically by the engine and not listed.

import type { Cluster } from '../cluster/types.ts';
import { NeighTables } from '../pod/neighTable.ts';

/** Adds every node's permanent pod entries to `t` (keyed by node name). */
export function fillHostNeighbours(cluster: Cluster, t: NeighTables): void {
  for (const node of cluster.nodes) {
    for (const pod of node.pods) {
      t.of(node.spec.name).set({ ip: pod.ip, dev: pod.hostVeth, mac: pod.mac, state: 'PERMANENT' });
    }
  }
}

/** The tables of a cluster before any traffic: the nodes' permanent pod entries, pods empty. */
export function hostNeighbours(cluster: Cluster): NeighTables {
  const t = new NeighTables();
  fillHostNeighbours(cluster, t);
  return t;
}
