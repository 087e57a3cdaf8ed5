// The nodes' neighbour entries for their pods, as Linux keeps them on each caliX. The engine
// forwards with resolved neighbours (the pod's MAC is in the cali record), so this only
// follows what the kernel's table would show and the ARP it would send on its own:
// - a pod's ARP request answered on the cali (proxy ARP for 169.254.1.1, or a request for
//   the node's own address) teaches the node the pod: STALE (neigh_event_ns, facts §39);
// - forwarding a packet to the pod uses the entry: STALE → DELAY, and 5 s later, with no
//   confirmation, PROBE: the node sends a unicast ARP request to the pod (`who-has <pod>
//   tell <node IP>`: the cali has no address, so inet_select_addr takes the first global
//   one, ens160's), which appears on the cali capture; the pod's reply makes it REACHABLE.
// The ens160 neighbours (peer nodes, gateway) are resolved statically and not listed.

import { IF_FIRST_CALI } from '../layout.ts';
import { formatMac, parseMac } from '../net/addr.ts';
import { NeighCache } from '../pod/neigh.ts';
import { ARPOP_REPLY, ARPOP_REQUEST, BROADCAST_MAC, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETH_HDR, ZERO_MAC, arp, ether, parseArp, rd16, rd32 } from '../pod/wire.ts';
import type { NeighTables } from '../views/neigh.ts';
import type { Simulation } from './simulation.ts';

interface Pending {
  node: number;
  iface: number;
  spa: number;
  sha: Uint8Array;
}

export class HostNeighbours {
  private readonly sim: Simulation;
  private readonly caches = new Map<string, NeighCache>(); // `${node}/${iface}`
  private pending: Pending | null = null;

  constructor(sim: Simulation) {
    this.sim = sim;
  }

  private cache(node: number, iface: number): NeighCache {
    const key = `${node}/${iface}`;
    let c = this.caches.get(key);
    if (!c) {
      const info = this.sim.dataplane.nodes[node];
      const dev = info.ifaces[iface].name;
      const nodeIp = this.sim.cluster.nodes[node].ip;
      const caliMac = parseMac(this.sim.cluster.nodes[node].ifaces.find((f) => f.name === dev)?.mac ?? '') ?? parseMac('ee:ee:ee:ee:ee:ee')!;
      const clock = this.sim.clock;
      c = new NeighCache(dev, {
        now: () => clock.now,
        at: (t, run) => clock.at(t, run),
        solicit: (ip, to) => this.sim.hostSend(node, iface,
          ether(to ?? BROADCAST_MAC, caliMac, ETHERTYPE_ARP, arp(ARPOP_REQUEST, caliMac, nodeIp, ZERO_MAC, ip))),
        transmit: () => {}, // the engine transmits; the table only follows (touch)
        failed: () => {},
      });
      this.caches.set(key, c);
    }
    return c;
  }

  /** Called for every stage the engine reports (simulation.ts). */
  observe(node: number, iface: number, dir: 'rx' | 'tx', frame: Uint8Array, _t: number): void {
    if (iface < IF_FIRST_CALI || frame.length < ETH_HDR) return;
    const type = rd16(frame, 12);
    if (type === ETHERTYPE_ARP) {
      const a = parseArp(frame);
      if (!a) return;
      if (dir === 'rx' && a.op === ARPOP_REQUEST) {
        this.pending = { node, iface, spa: a.spa, sha: a.sha };
      } else if (dir === 'tx' && a.op === ARPOP_REPLY) {
        const p = this.pending;
        if (p && p.node === node && p.iface === iface && p.spa === a.tpa && formatMac(p.sha) === formatMac(a.tha)) {
          this.cache(node, iface).onRequestFrom(p.spa, p.sha);
        }
        this.pending = null;
      } else if (dir === 'rx' && a.op === ARPOP_REPLY && a.tpa === this.sim.cluster.nodes[node].ip) {
        this.cache(node, iface).onReply(a.spa, a.sha);
      }
      return;
    }
    if (type === ETHERTYPE_IPV4 && dir === 'tx' && frame.length >= ETH_HDR + 20) {
      this.caches.get(`${node}/${iface}`)?.touch(rd32(frame, ETH_HDR + 16));
    }
  }

  /** Adds every node's entries to `t` (keyed by node name). */
  fill(t: NeighTables): void {
    for (const [key, c] of this.caches) {
      const node = Number(key.slice(0, key.indexOf('/')));
      const name = this.sim.cluster.nodes[node].spec.name;
      for (const e of c.view(() => 0)) t.of(name).set(e);
    }
  }
}
