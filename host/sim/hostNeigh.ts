// The nodes' neighbour entries for their pods. Felix programs a static ARP entry next to each
// local workload's /32 route (felix/routetable/route_table.go: addStaticARPEntry for a target
// with DestMAC, NUD_PERMANENT), before any traffic, so on a node `ip neigh` lists every local
// pod as `<pod IP> dev caliX lladdr <pod MAC> PERMANENT`. The kernel never replaces a
// permanent entry from ARP (neigh_update without NEIGH_UPDATE_F_ADMIN), so the pod's proxied
// request for 169.254.1.1 teaches the node nothing and the node never probes its pods: which is
// why, in the seed, the pod's table holds 169.254.1.1 alone. This is also what lets the engine
// forward to a pod with the MAC in the cali record and no resolution.
// The uplinks' neighbours (peer nodes, routers, the gateway) live in the dataplane's tables
// (assembly/arp/neigh.ts), one per uplink, and are read from its memory.

import type { Cluster } from '../cluster/types.ts';
import type { Dataplane } from '../dataplane/build.ts';
import { NUD_NAMES, nodeMs, readNeighbours, setReachableTime } from '../dataplane/neighbours.ts';
import { formatMac } from '../net/addr.ts';
import { NeighTables, type NeighState } from '../pod/neighTable.ts';

/** Adds every host's uplink entries at simulation time `nowNs` to `t` (keyed by host name): a
 *  router's eth1… keep tables of their own. Ages as `ip -s neigh` prints them: the kernel's
 *  clock_t (USER_HZ 100) in seconds. */
export function fillUplinkNeighbours(dataplane: Dataplane, nowNs: number, t: NeighTables): void {
  const now = nodeMs(nowNs);
  const age = (ms: number): number => Math.floor(((now - ms) >>> 0) / 10) / 100;
  for (const n of dataplane.nodes) {
    for (const u of n.uplinks) {
      const dev = n.ifaces[u.index].name;
      for (const e of readNeighbours(dataplane.mem, n.ctx, u.index)) {
        t.of(n.name).set({
          ip: e.ip, dev, mac: e.mac ? formatMac(e.mac) : null, state: NUD_NAMES.get(e.state) as NeighState,
          used: [age(e.used), age(e.confirmed), age(e.updated)], probes: e.probes,
        });
      }
    }
  }
}

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

/** Gives each host uplink that keeps a table the reachable_time `ms` says (its position `j`
 *  among the host's uplinks), as the kernel oracle reads the VM's (SimOptions.reachableMs). */
export function setUplinkReachable(dataplane: Dataplane, ms: (dev: { host: number; uplink: number }) => number | undefined): void {
  for (const n of dataplane.nodes) {
    n.uplinks.forEach((u, j) => {
      const v = ms({ host: n.index, uplink: j });
      if (v !== undefined) setReachableTime(dataplane.mem, n.ctx, u.index, v);
    });
  }
}

/** busybox `ip neigh` divides the kernel's clock_t ages (USER_HZ = 100) by the "hz" it reads
 *  from /proc/net/psched, which modern kernels report as 1000000000: so it prints 0/0/0 (the
 *  seed's `used 0/0/0`) unless an entry is over three years old. */
export function busyboxAge(ageNs: number): number {
  return Math.floor(Math.floor(ageNs / 10_000_000) / 1_000_000_000);
}
