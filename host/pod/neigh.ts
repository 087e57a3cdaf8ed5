// A Linux neighbour (ARP) cache for one interface, with the kernel's state machine and its
// default timers (net/core/neighbour.c, net.ipv4.neigh.default.*):
//
//   (none) ─send─► INCOMPLETE ─reply─► REACHABLE ─reachable_time─► STALE ─send─► DELAY
//                  │ 3 broadcast        ▲  ▲                                    │ 5 s, no
//                  │ requests, 1 s      │  └──────────── confirmed ◄───────────┤ confirmation
//                  ▼ apart              │                                       ▼
//                FAILED ◄── 3 unicast probes unanswered ── PROBE ◄──────────────┘
//
// reachable_time is random in [base/2, 3·base/2] in Linux (neigh_rand_reach_time, drawn per
// device); we use base (30 s) so runs are deterministic, unless the host gives the value (the
// kernel oracle reads each device's from the VM: `ip ntable show`). An ARP request addressed to us creates/refreshes the sender STALE
// (neigh_event_ns); a reply to our request makes the entry REACHABLE. `probes` is kept
// across INCOMPLETE → REACHABLE (the kernel resets it only when entering PROBE), which is
// why the seed's entry shows `probes 1`.

import type { Ip4, Mac } from '../net/addr.ts';
import { formatMac } from '../net/addr.ts';
import { NS_PER_S } from '../time.ts';
import type { NeighEntry, NeighState } from './neighTable.ts';

export const BASE_REACHABLE_NS = 30 * NS_PER_S;
export const DELAY_PROBE_NS = 5 * NS_PER_S;
export const RETRANS_NS = 1 * NS_PER_S;
export const MCAST_PROBES = 3;
export const UCAST_PROBES = 3;
/** unres_qlen (packets queued per unresolved entry; the kernel counts bytes, 212992 ≈ 101 pings). */
export const UNRES_QLEN = 101;

export interface NeighHost {
  now(): number;
  at(t: number, run: () => void): void;
  /** Send an ARP request for `ip` from this interface: broadcast when `to` is null. */
  solicit(ip: Ip4, to: Mac | null): void;
  /** Transmit a queued IP packet to `mac`. */
  transmit(packet: Uint8Array, mac: Mac): void;
  /** Queued packets dropped when resolution failed (Linux: ICMP host unreachable to the sender). */
  failed(packets: Uint8Array[]): void;
}

interface Entry {
  ip: Ip4;
  state: Exclude<NeighState, 'NOARP' | 'PERMANENT'>;
  mac: Mac | null;
  probes: number;
  confirmed: number;
  used: number;
  updated: number;
  queue: Uint8Array[];
  timerGen: number; // a timer fires only if no later transition re-armed it
}

export class NeighCache {
  readonly dev: string;
  private readonly host: NeighHost;
  private readonly entries: Entry[] = [];

  /** This device's reachable_time (the kernel's per-device draw); default the base, 30 s. */
  private readonly reachableNs: number;

  constructor(dev: string, host: NeighHost, reachableNs = BASE_REACHABLE_NS) {
    this.dev = dev;
    this.host = host;
    this.reachableNs = reachableNs;
  }

  /** Send `packet` to next hop `ip`, resolving it first when needed. */
  output(ip: Ip4, packet: Uint8Array): void {
    const now = this.host.now();
    let e = this.find(ip);
    if (!e) {
      e = { ip, state: 'FAILED', mac: null, probes: 0, confirmed: now, used: now, updated: now, queue: [], timerGen: 0 };
      this.entries.push(e);
    }
    e.used = now;
    switch (e.state) {
      case 'FAILED': // neigh_event_send restarts resolution
        e.state = 'INCOMPLETE';
        e.updated = now;
        e.probes = 0;
        e.queue = [packet];
        this.probe(e, null);
        return;
      case 'INCOMPLETE':
        if (e.queue.length >= UNRES_QLEN) e.queue.shift();
        e.queue.push(packet);
        return;
      case 'STALE':
        this.enter(e, 'DELAY', DELAY_PROBE_NS);
        break;
      default:
        break;
    }
    this.host.transmit(packet, e.mac!);
  }

  /** neigh_confirm: a socket saw the neighbour answer (TCP forward progress). Only the time:
   *  the state follows at its next timer, as in the kernel. */
  confirm(ip: Ip4): void {
    const e = this.find(ip);
    if (e) e.confirmed = this.host.now();
  }

  /** An ARP reply for `ip` from `mac` addressed to us. */
  onReply(ip: Ip4, mac: Mac): void {
    const e = this.find(ip);
    if (!e) return; // unsolicited: arp_accept = 0 ignores it
    const now = this.host.now();
    e.mac = mac;
    e.confirmed = now;
    this.enter(e, 'REACHABLE', this.reachableNs);
    const q = e.queue;
    e.queue = [];
    for (const p of q) this.host.transmit(p, mac);
  }

  /** An ARP request for one of our addresses from (`ip`, `mac`): the sender is learned STALE. */
  onRequestFrom(ip: Ip4, mac: Mac): void {
    const now = this.host.now();
    let e = this.find(ip);
    if (!e) {
      e = { ip, state: 'STALE', mac, probes: 0, confirmed: now, used: now, updated: now, queue: [], timerGen: 0 };
      this.entries.push(e);
      return;
    }
    const changed = e.mac === null || formatMac(e.mac) !== formatMac(mac);
    if (e.state === 'INCOMPLETE') {
      e.mac = mac;
      this.enter(e, 'STALE', 0);
      const q = e.queue;
      e.queue = [];
      for (const p of q) this.output(ip, p);
    } else if (changed || e.state === 'FAILED') {
      e.mac = mac;
      this.enter(e, 'STALE', 0);
    }
  }

  /** The entries as `ip neigh` lists them. `usedScale` turns ns ages into what the tool prints. */
  view(ageToShown: (ageNs: number) => number): NeighEntry[] {
    const now = this.host.now();
    return this.entries.map((e) => ({
      ip: e.ip,
      dev: this.dev,
      mac: e.mac ? formatMac(e.mac) : null,
      state: e.state,
      used: [ageToShown(now - e.used), ageToShown(now - e.confirmed), ageToShown(now - e.updated)],
      probes: e.probes,
    }));
  }

  private find(ip: Ip4): Entry | undefined {
    return this.entries.find((x) => x.ip === ip);
  }

  private enter(e: Entry, state: Entry['state'], timerNs: number): void {
    e.state = state;
    e.updated = this.host.now();
    const gen = ++e.timerGen;
    if (timerNs > 0) this.host.at(this.host.now() + timerNs, () => {
      if (e.timerGen === gen) this.timer(e);
    });
  }

  private probe(e: Entry, to: Mac | null): void {
    e.probes++;
    this.host.solicit(e.ip, to);
    const gen = ++e.timerGen;
    this.host.at(this.host.now() + RETRANS_NS, () => {
      if (e.timerGen === gen) this.timer(e);
    });
  }

  // neigh_timer_handler
  private timer(e: Entry): void {
    const now = this.host.now();
    if (e.state === 'REACHABLE') {
      if (now < e.confirmed + this.reachableNs) {
        this.enter(e, 'REACHABLE', e.confirmed + this.reachableNs - now);
      } else if (now < e.used + DELAY_PROBE_NS) {
        this.enter(e, 'DELAY', DELAY_PROBE_NS);
      } else {
        this.enter(e, 'STALE', 0);
      }
    } else if (e.state === 'DELAY') {
      if (now < e.confirmed + DELAY_PROBE_NS) {
        this.enter(e, 'REACHABLE', this.reachableNs);
      } else {
        e.state = 'PROBE';
        e.updated = now;
        e.probes = 0;
        this.probe(e, e.mac);
      }
    } else if (e.state === 'INCOMPLETE' || e.state === 'PROBE') {
      const max = e.state === 'INCOMPLETE' ? MCAST_PROBES : UCAST_PROBES;
      if (e.probes >= max) {
        e.state = 'FAILED';
        e.updated = now;
        e.timerGen++;
        const q = e.queue;
        e.queue = [];
        if (q.length) this.host.failed(q);
      } else {
        this.probe(e, e.state === 'PROBE' ? e.mac : null);
      }
    }
  }
}
