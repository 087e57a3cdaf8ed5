// The public names of the counters: the layout's NC_/IC_/DROP_ names (host/layout.ts) in
// camelCase, so a counter or drop reason added to the layout appears without a change here.

/** `DELIVERED_POD` → `deliveredPod`, `NEIGH_MISS` → `neighMiss`. */
export function toCamel(name: string): string {
  return name.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export interface IfaceCounters {
  rxPackets: number;
  rxBytes: number;
  txPackets: number;
  txBytes: number;
  rxDrops: number;
  txDrops: number;
  [name: string]: number;
}

/** A node's books. Frames in (rx) + created = delivered + dropped + txWire. */
export interface NodeCounters {
  /** Frames taken from any input ring. */
  rx: number;
  /** Put on the wire: into another node's inbox (same dataplane), or for pull(node, uplink). */
  txWire: number;
  deliveredPod: number;
  /** Consumed by the host stack (its own address, ARP it answered). */
  deliveredHost: number;
  createdIcmp: number;
  createdArp: number;
  createdFrag: number;
  forwarded: number;
  encap: number;
  decap: number;
  icmpErrors: number;
  echoReplies: number;
  fragmented: number;
  /** Non-zero drop reasons: `ttlExceeded`, `blackhole`, `neighMiss`, `ringFull`, … (host/layout.ts DROP_*). */
  drops: Record<string, number>;
  dropped: number;
  /** Per interface, by name. */
  ifaces: Record<string, IfaceCounters>;
}
