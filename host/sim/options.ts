// What a Simulation is built with: the engine, the latency model, the clock's epoch, the
// first IP IDs, kube-proxy's options, how the uplinks' neighbour tables start, the redirect
// limit and the devices' reachable_time (simulation.ts takes them).

import type { IpvsOptions } from '../dataplane/ipvsTables.ts';
import type { NeighbourStart, RedirectLimit } from '../dataplane/options.ts';
import type { ForwardingEngineName } from '../engine/engine.ts';
import type { LatencyModel } from './latency.ts';

export interface SimOptions {
  engine?: ForwardingEngineName;
  latency?: Partial<LatencyModel>;
  epochNs?: bigint;
  /** First IP ID of each pod's namespace (`namespace/pod`); default derived from the name. */
  podIpIdStart?: (podKey: string) => number | undefined;
  /** First value of each node's IP ID sequence; default derived from the name. */
  nodeIpIdStart?: (nodeName: string) => number | undefined;
  /** kube-proxy's options (--masquerade-all) and the conntrack table's size. */
  ipvs?: IpvsOptions;
  /** How the nodes' uplinks start their neighbour tables (host/dataplane/options.ts
   *  `neighbours`): `empty` as after a boot (the first packet to a peer waits for ARP),
   *  `reachable` as after recent traffic, `static` with MACs fixed by the builder and no ARP
   *  on the uplinks. Default `static`. */
  neighbours?: NeighbourStart;
  /** ip_rt_send_redirect's per-peer limit (host/dataplane/options.ts `redirects`); default the kernel's. */
  redirects?: RedirectLimit;
  /** A device's reachable_time in ms (the kernel's per-device draw, neigh_rand_reach_time), for
   *  a pod's eth0 (`{ pod: 'namespace/pod' }`) or a host's uplink (`{ host, uplink }`: host
   *  index, the uplink's position); undefined keeps the default (the pods' 30 s, the nodes'
   *  seeded draw). The kernel oracle passes the VM's. */
  reachableMs?: (dev: { pod: string } | { host: number; uplink: number }) => number | undefined;
}
