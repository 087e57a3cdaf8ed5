// The plan's records: every structure buildDataplane will write, with the address planDataplane
// (plan.ts) gave it; write.ts writes them. Types only.

import type { Cluster, ClusterNode } from '../cluster/types.ts';
import type { Ip4 } from '../net/addr.ts';
import type { NodeFib } from './nexthops.ts';
import type { IpvsPlan } from './ipvsTables.ts';
import type { DataplaneOptions, NeighbourStart, RedirectLimit } from './options.ts';
import type { ClassPlan, OwnRoutes } from './sharedFib.ts';

/** One uplink's neighbour table as it will be written (layout/neigh.ts). */
export interface NeighPlan {
  /** Position in ClusterNode.uplinks, and the data-path index of that interface. */
  uplink: number;
  iface: number;
  table: number;
  capacity: number;
  buckets: number; // address of u32[bucketCount]
  bucketCount: number;
  entries: number;
  queue: number;
  queueSlots: number;
  seed: number;
  start: Exclude<NeighbourStart, 'static'>;
}

/** One interface record as it will be written. */
export interface IfacePlan {
  index: number; // data-path index: 0 uplink, 1 tunl0, 2.. cali, then further uplinks
  name: string;
  ifindex: number;
  kind: number; // IFK_*
  mtu: number;
  ip: Ip4;
  flags: number; // IFF_*
  mac: Uint8Array | null;
  peerMac: Uint8Array | null; // a cali's pod eth0
  peerIp: Ip4;
  record: number; // address of the record
  rxRing: number;
  txRing: number;
  neigh: number; // its neighbour table, 0 for none
  /** Uplinks: address of this port's row in the global inbox table; 0 otherwise. */
  inboxTable: number;
}

/** One uplink of a host: its port and rings (the first one's are NodePlan.inboxes/uplinkTx). */
export interface UplinkPlan {
  uplink: number; // position in ClusterNode.uplinks
  index: number; // data-path interface index
  port: number;
  inboxes: number[]; // inbox w for producing worker w, the last one host-fed
  txRing: number;
}

/** One ring as it will be written; its id is its index in DataplanePlan.rings. */
export interface RingPlan {
  addr: number;
  slots: number;
  kind: number; // RING_KIND_*
}

export interface NodePlan {
  node: ClusterNode;
  worker: number;
  ipIdStart: number;
  /** Kept for small clusters; large ones derive it again when writing (ROUTE_CACHE_MAX_NODES).
   *  Null for a node of a shared FIB (`shared`): the builder writes no table of its own. */
  fib: NodeFib | null;
  /** The class whose LPM and next hops the node uses (nhTable, lpmBase are the class's), with
   *  the node's own routes at `ownRoutes`; null: its own tables. */
  shared: ClassPlan | null;
  own: OwnRoutes | null;
  ownRoutes: number;
  nhCount: number;
  lpm: { maxPlies8: number; maxPlies4: number; maxRules: number; bytes: number };
  ifaces: IfacePlan[];
  // the node's region
  ctx: number;
  ifTable: number;
  nhTable: number;
  counters: number;
  ifCounters: number;
  flushList: number;
  scratch: [number, number];
  lpmBase: number;
  /** Virtual servers, real servers and conntrack (ipvsTables.ts); null without Services. */
  ipvs: IpvsPlan | null;
  /** One per uplink (a router's eth1… included); empty with `neighbours: 'static'`. */
  neighs: NeighPlan[];
  /** The reassembly area (layout/reasm.ts), 0 without one; its queue records and buffers. */
  reasm: number;
  reasmQueues: number;
  /** The redirect peers (layout/node.ts PT_*, PEER_*). */
  peers: number;
  redirects: RedirectLimit;
  // its rings
  inboxes: number[]; // inbox w for producing worker w, the last one host-fed
  uplinkTx: number;
  /** Every uplink, the first included. */
  uplinks: UplinkPlan[];
}

export interface DataplanePlan {
  cluster: Cluster;
  workers: number;
  /** Bytes per ring slot and per scratch slot. */
  slotSize: number;
  inboxesPerNode: number;
  /** Ports (uplinks) of all hosts: the inbox table has a row of inboxesPerNode rings per port. */
  portCount: number;
  nodeTable: number;
  inboxTable: number;
  nodes: NodePlan[];
  /** Shared FIBs, written once before the nodes (`shareFibs`). */
  classes: ClassPlan[];
  rings: RingPlan[];
  /** The pod directory (GH_POD_DIR: the null engine's) and its hashing mask. */
  podDir: number;
  podDirMask: number;
  /** u8 per host (GH_HOST_ENCAPS) when some host has a further uplink, else 0. */
  hostEncaps: number;
  /** End of the last structure; the memory is `pages` 64 KiB pages. */
  totalBytes: number;
  pages: number;
  /** The FIB of a node, as planned (rebuilt for clusters whose FIBs are not kept). */
  fibOf: (node: ClusterNode) => NodeFib;
  onProgress?: DataplaneOptions['onProgress'];
}
