// The kernel's neighbour (ARP) table of one network namespace, and the tables of every
// namespace of a cluster: the state the pod stacks keep (host/pod/neigh.ts), the simulation
// fills for the nodes (host/sim/hostNeigh.ts) and `ip neigh` / `arp -n` print (host/views/neigh.ts).

import type { Ip4 } from '../net/addr.ts';

export type NeighState = 'INCOMPLETE' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'FAILED' | 'NOARP' | 'PERMANENT';

export interface NeighEntry {
  ip: Ip4;
  dev: string;
  mac: string | null; // null while INCOMPLETE / after FAILED
  state: NeighState;
  /** Seconds since last used / confirmed / updated (busybox prints them as `used a/b/c`). */
  used?: [number, number, number];
  /** ARP probes sent for this entry. */
  probes?: number;
}

/** Neighbour table of one network namespace (a node or a pod), in insertion order like the kernel's dump. */
export class NeighTable {
  readonly entries: NeighEntry[] = [];

  /** Adds or replaces the entry for (ip, dev). */
  set(e: NeighEntry): void {
    const k = this.entries.findIndex((x) => x.ip === e.ip && x.dev === e.dev);
    if (k >= 0) this.entries[k] = e;
    else this.entries.push(e);
  }

  get(ip: Ip4, dev: string): NeighEntry | undefined {
    return this.entries.find((x) => x.ip === ip && x.dev === dev);
  }
}

/** Tables of every namespace, keyed by node name or `<namespace>/<pod>` (see `neighKey`). */
export class NeighTables {
  private readonly tables = new Map<string, NeighTable>();

  of(key: string): NeighTable {
    let t = this.tables.get(key);
    if (!t) this.tables.set(key, (t = new NeighTable()));
    return t;
  }

  peek(key: string): readonly NeighEntry[] {
    return this.tables.get(key)?.entries ?? [];
  }
}

export function neighKey(target: { node: string } | { namespace: string; pod: string }): string {
  return 'node' in target ? target.node : `${target.namespace}/${target.pod}`;
}
