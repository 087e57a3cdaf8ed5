// One simulated cluster on one thread: the dataplane (shared memory) stepped by an engine
// (wasm or ts), the pods' Linux stacks (host/pod), and the
// simulated clock that orders everything. Each frame is its own event: it is pushed into the
// ring it arrives on (a pod's cali rx ring, or the node's external inbox for the wire), the
// node is stepped (exactly one frame is waiting, so one frame is processed), and what the
// step produced is taken from the output rings (cali tx → that pod; an uplink's tx ring → the
// host interface owning the destination MAC on that uplink's L2 segment, if any; broadcast →
// every other interface of the segment) and scheduled after the hop's latency
// (latency.ts). The simulation owns the wire (hostWire): the core hands it every frame it
// sends on ens160, also those between nodes, so that each crossing takes the wire's time.
//
// Capture: every interface of every node has its capture flags on, so the engine reports
// each stage of a frame's way through a node (cali/ens160 rx, tunl0 rx after decap, tunl0 tx
// before encap, ens160/cali tx). The stages give the frame's time line inside the node (rx
// at arrival, + decap, + forward, + encap), which is why the times never depend on what the
// user chose to print: listeners only filter.

import type { Cluster, ClusterNode } from '../cluster/types.ts';
import { sha1 } from '../cluster/sha1.ts';
import { buildDataplane, type Dataplane, type PodPort } from '../dataplane/build.ts';
import { nodeTimer } from '../dataplane/neighbours.ts';
import { pendingReassembly } from '../dataplane/reasmQueues.ts';
import { setCapture } from '../dataplane/counters.ts';
import { setNodeClock } from '../dataplane/conntrack.ts';
import { maxFrameOf, popFrames, pushFrame } from '../dataplane/rings.ts';
import type { Engine } from '../engine/engine.ts';
import { createEngine } from '../dataplane/engines.ts';
import { IF_TUNL0, IF_UPLINK, META_CONFIRM, SLOT_FRAME_SLACK } from '../layout.ts';
import { formatMac, maskOf } from '../net/addr.ts';
import { NeighTables } from '../pod/neighTable.ts';
import { PodStack } from '../pod/stack.ts';
import { serveHttp } from '../pod/http.ts';
import { DEFAULT_EPOCH_NS, NS_PER_MS, SimClock } from './clock.ts';
import { DEFAULT_LATENCY, type LatencyModel } from './latency.ts';
import type { SimOptions } from './options.ts';
import { busyboxAge, fillHostNeighbours, fillUplinkNeighbours, setUplinkReachable } from './hostNeigh.ts';
import { externalClientOf } from './externalHost.ts';
import { ipipLoaded } from '../cluster/network.ts';

/** Where a frame was seen: `n<node>/<iface>` for a node interface (data-path index), `p<ns/pod>` for a pod's eth0. */
export type PointKey = string;
export const nodePoint = (node: number, iface: number): PointKey => `n${node}/${iface}`;
export const podPoint = (podKey: string): PointKey => `p${podKey}`;

/** `dir`: sent (tx) or received (rx) at that point; a pod's eth0 sends what its cali receives. */
export type FrameListener = (point: PointKey, tNs: number, frame: Uint8Array, dir: 'rx' | 'tx') => void;

/** A host interface on a segment, as the wire delivers to it. */
interface WirePort {
  host: number;
  port: number;
  inbox: number; // its external inbox
  /** A frame longer than mtu + 18 never reaches it: the veth (or the bridge port in front of
   *  it) drops it unseen (is_skb_forwardable), so no capture shows it. */
  maxFrame: number;
}

interface PodPlace {
  node: number;
  port: PodPort;
  stack: PodStack;
}

/** A stable 16-bit value from a name (the default IP ID starts). */
export function derived16(label: string): number {
  const d = sha1(label);
  return (d[0] << 8) | d[1];
}

/** An Ethernet group address (broadcast or multicast: the I/G bit of the first octet). */
const isGroupMac = (frame: Uint8Array): boolean => (frame[0] & 1) === 1;

export class Simulation {
  readonly cluster: Cluster;
  readonly dataplane: Dataplane;
  readonly engine: Engine;
  readonly clock: SimClock;
  readonly latency: LatencyModel;
  private readonly pods = new Map<string, PodPlace>();
  /** Per segment: MAC → the interface that owns it; and every interface, for broadcasts. */
  private readonly wire: { byMac: Map<string, WirePort>; all: WirePort[] }[] = [];
  /** Per host: data-path index of each uplink → its segment. */
  private readonly uplinkSegment: Map<number, number>[] = [];
  private readonly uplinkIp: Map<number, number>[] = []; // per host: uplink index → its address
  private readonly listeners = new Set<FrameListener>();
  // the node step in progress: its start, the last stage's time, and when each output left
  private stepT0 = 0;
  private stepLast = -1;
  /** Per node: when its last step's last stage ended. A node works one frame at a time (one
   *  softirq): a frame arriving meanwhile waits, so ip_fragment's pieces leave first. */
  private readonly busyUntil: number[] = [];
  private stepLastTunlTx = false;
  private readonly departures = new Map<string, number[]>();
  /** Hosts outside the cluster on an uplink subnet (externalHost.ts), by MAC. */
  private readonly externals = new Map<string, { stack: PodStack; subnet: number; len: number }>();
  // per node: the simulated time of the step already scheduled for its neighbour timers
  private readonly timerSteps: number[];

  constructor(cluster: Cluster, opts: SimOptions = {}) {
    this.cluster = cluster;
    this.clock = new SimClock(opts.epochNs ?? DEFAULT_EPOCH_NS);
    this.latency = { ...DEFAULT_LATENCY, ...opts.latency };
    this.dataplane = buildDataplane(cluster, {
      ipIdStart: (n: ClusterNode) => opts.nodeIpIdStart?.(n.spec.name) ?? derived16(`ipid:${n.spec.name}`),
      hostWire: true,
      ...opts.ipvs,
      neighbours: opts.neighbours ?? 'static',
      redirects: opts.redirects,
    });
    this.timerSteps = this.dataplane.nodes.map(() => Infinity);
    if (opts.reachableMs) setUplinkReachable(this.dataplane, opts.reachableMs);
    for (const seg of cluster.segments) {
      const w = { byMac: new Map<string, WirePort>(), all: [] as WirePort[] };
      for (const m of seg.members) {
        const u = this.dataplane.nodes[m.host].uplinks[m.uplink];
        const port: WirePort = { host: m.host, port: u.port, inbox: u.externalInbox, maxFrame: m.mtu + SLOT_FRAME_SLACK };
        if (!w.byMac.has(m.mac)) w.byMac.set(m.mac, port);
        w.all.push(port);
      }
      this.wire.push(w);
    }
    for (const n of this.dataplane.nodes) {
      const host = n.index < cluster.nodes.length ? cluster.nodes[n.index] : cluster.routers[n.index - cluster.nodes.length];
      this.uplinkSegment.push(new Map(n.uplinks.map((u, j) => [u.index, host.uplinks[j]?.segment ?? 0])));
      this.uplinkIp.push(new Map(n.uplinks.map((u, j) => [u.index, host.uplinks[j]?.ip ?? 0])));
    }
    const capture = (node: number, iface: number, dir: 'rx' | 'tx', frame: Uint8Array): void => this.stage(node, iface, dir, frame);
    const engine = opts.engine ?? 'wasm';
    if (engine !== 'wasm' && engine !== 'ts') throw new RangeError(`engine must be wasm or ts (got ${String(engine)})`);
    this.engine = createEngine(engine, this.dataplane, { capture });
    for (const n of this.dataplane.nodes) {
      for (const f of n.ifaces) setCapture(this.dataplane, n.index, f.index, { rx: true, tx: true });
    }
    for (const n of this.dataplane.nodes) {
      for (const port of n.pods) {
        const pod = cluster.pods.find((p) => p.namespace === port.namespace && p.name === port.name)!;
        const key = `${pod.namespace}/${pod.name}`;
        const place: PodPlace = { node: n.index, port, stack: undefined as unknown as PodStack };
        place.stack = new PodStack(pod, {
          now: () => this.clock.now,
          at: (t, run) => this.clock.at(t, run),
          send: (frame, confirm) => this.fromPod(place, frame, confirm === true),
          answerNs: this.latency.podAnswer,
          socketNs: this.latency.podRx,
          txNs: this.latency.podTx,
          wallMs: () => Number(this.clock.wall() / 1_000_000n),
          tunnel4: ipipLoaded(cluster),
          reachableNs: ((ms) => ms === undefined ? undefined : ms * NS_PER_MS)(opts.reachableMs?.({ pod: key })),
          // the node's own answer to a SYN (2 veth + forward) comes while connect() holds the
          // socket; anything that crossed the wire (twice) comes after: one wire hop separates them
          ownedNs: this.latency.wire,
        }, opts.podIpIdStart?.(key) ?? derived16(`ipid:${key}`));
        this.pods.set(key, place);
      }
    }
    // The Services' backends answer HTTP on their TCP target ports 80 and 8080 (host/pod/http.ts)
    const serving = new Set<string>();
    for (const svc of cluster.services) {
      for (const port of svc.ports) {
        if (port.protocol !== 'TCP' || (port.targetPort !== 80 && port.targetPort !== 8080)) continue;
        for (const ep of svc.endpoints) {
          const key = ep.pod && `${ep.pod.namespace}/${ep.pod.name}:${port.targetPort}`;
          if (!ep.pod || !key || serving.has(key)) continue;
          serving.add(key);
          serveHttp(this.pod(`${ep.pod.namespace}/${ep.pod.name}`), port.targetPort);
        }
      }
    }
  }

  /** The external client on `nodeName`'s subnet (created on first use): a host at the
   *  subnet's gateway address whose frames reach the nodes of that subnet over the wire. */
  externalClient(nodeName: string): PodStack {
    const node = this.cluster.nodeByName(nodeName);
    if (!node) throw new RangeError(`no node ${nodeName}`);
    const uplink = node.ifaces.find((f) => f.name === node.spec.iface);
    const seg = this.cluster.segments[node.uplinks[0]?.segment ?? -1];
    const pod = externalClientOf(node, uplink?.mtu ?? 1500, new Set(seg?.members.map((m) => m.ip) ?? [node.ip]));
    const found = this.externals.get(pod.mac);
    if (found) return found.stack;
    const key = `${pod.namespace}/${pod.name}`;
    const len = node.spec.prefixLen;
    const subnet = (node.ip & maskOf(len)) >>> 0;
    const stack: PodStack = new PodStack(pod, {
      now: () => this.clock.now,
      at: (t, run) => this.clock.at(t, run),
      send: (frame) => {
        const t = this.clock.now;
        this.emit(podPoint(key), t, frame, 'tx');
        const dst = formatMac(frame.subarray(0, 6));
        // it stands on the node's uplink segment: a broadcast reaches every interface of it
        const seg = this.wire[this.uplinkSegment[node.index].get(IF_UPLINK) ?? 0];
        const to = isGroupMac(frame) ? seg?.all : [seg?.byMac.get(dst)];
        for (const p of to ?? []) {
          if (p !== undefined && frame.length <= p.maxFrame) this.clock.at(t + this.latency.wire, () => this.nodeInput(p.host, p.inbox, frame));
        }
      },
      answerNs: this.latency.podAnswer,
      socketNs: this.latency.podRx,
      txNs: this.latency.podTx,
      wallMs: () => Number(this.clock.wall() / 1_000_000n),
    }, derived16(`ipid:${key}`));
    this.externals.set(pod.mac, { stack, subnet, len });
    return stack;
  }

  pod(key: string): PodStack {
    const p = this.pods.get(key);
    if (!p) throw new RangeError(`no pod ${key}`);
    return p.stack;
  }

  podKeys(): string[] {
    return [...this.pods.keys()];
  }

  /** Incomplete datagrams held in every reassembly queue, nodes' and pods'. */
  pendingReassembly(): number {
    let n = this.dataplane.nodes.reduce((a, node) => a + pendingReassembly(this.dataplane.mem, node.ctx), 0);
    for (const p of this.pods.values()) n += p.stack.pendingFragments;
    return n;
  }

  listen(l: FrameListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Neighbour tables of every namespace as the exec views want them (`neighKey` keys): the
   *  nodes' uplink entries from the dataplane, then their permanent pod entries. */
  neighTables(): NeighTables {
    const t = new NeighTables();
    for (const [key, p] of this.pods) for (const e of p.stack.neigh.view(busyboxAge)) t.of(key).set(e);
    fillUplinkNeighbours(this.dataplane, this.clock.now, t);
    fillHostNeighbours(this.cluster, t);
    return t;
  }

  private emit(point: PointKey, t: number, frame: Uint8Array, dir: 'rx' | 'tx'): void {
    for (const l of this.listeners) l(point, t, frame, dir);
  }

  /** Replays `frame` now: sent by pod `to.pod` (`namespace/pod`) on its eth0, so its cali
   *  receives it, or received by node `to.node`'s uplink from the wire (the external inbox).
   *  For the kernel oracle (oracle/), which plays the same frames into a real kernel.
   *  `confirm` (from a pod): the frame is a TCP segment sent with dst_pending_confirm. */
  inject(to: { pod: string } | { node: number }, frame: Uint8Array, opts: { confirm?: boolean } = {}): void {
    if ('pod' in to) {
      const p = this.pods.get(to.pod);
      if (!p) throw new RangeError(`no pod ${to.pod}`);
      this.fromPod(p, frame, opts.confirm === true);
    } else {
      const n = this.dataplane.nodes[to.node];
      if (!n) throw new RangeError(`no node ${to.node}`);
      this.nodeInput(n.index, n.externalInbox, frame);
    }
  }

  // ── pods ──

  private fromPod(p: PodPlace, frame: Uint8Array, confirm: boolean): void {
    const t = this.clock.now;
    this.emit(podPoint(p.stack.key), t, frame, 'tx');
    this.clock.at(t + this.latency.veth, () => this.nodeInput(p.node, p.port.rxRing, frame, confirm ? META_CONFIRM : 0));
  }

  /** A frame the node put on cali `iface` towards its pod at `t`. */
  private toPod(node: number, iface: number, t: number, frame: Uint8Array): void {
    const p = [...this.pods.values()].find((x) => x.node === node && x.port.iface === iface);
    if (!p) return;
    this.clock.at(t + this.latency.veth, () => {
      this.emit(podPoint(p.stack.key), this.clock.now, frame, 'rx');
      p.stack.receive(frame);
    });
  }

  // ── nodes ──

  private nodeInput(node: number, ring: number, frame: Uint8Array, meta = 0): void {
    // Slots are sized from the cluster's largest MTU (plan.ts), and every host of the simulation
    // sends at most its interface's MTU + 14: a refused push is a simulator bug, never traffic.
    if (!pushFrame(this.dataplane.mem, ring, frame, meta)) {
      const max = maxFrameOf(this.dataplane.mem, ring);
      throw new Error(frame.length > max
        ? `internal: a ${frame.length}-byte frame for node ${node}, over the ${max} bytes a slot carries`
        : `internal: ring full at node ${node}: the simulation feeds one frame at a time`);
    }
    this.stepNode(node);
  }

  /** Step `node` now (its clock set first), deliver what it sent, and keep a step scheduled
   *  for its earliest neighbour timer. */
  private stepNode(node: number): void {
    this.stepT0 = Math.max(this.clock.now, this.busyUntil[node] ?? 0);
    this.stepLast = -1;
    this.stepLastTunlTx = false;
    this.departures.clear();
    const info = this.dataplane.nodes[node];
    const mem = this.dataplane.mem;
    setNodeClock(this.dataplane, node, this.clock.now / NS_PER_MS, Number((this.clock.wall() / 1_000_000n) % 86_400_000n));
    this.engine.step(node);
    if (this.stepLast >= 0) this.busyUntil[node] = Math.max(this.busyUntil[node] ?? 0, this.stepLast);
    const due = nodeTimer(mem, info.ctx);
    if (due !== null) {
      // the node clock is ms since the start, modulo 2^32: back to simulated ns
      const base = this.clock.now - (this.clock.now % (2 ** 32 * NS_PER_MS));
      let at = base + due * NS_PER_MS;
      if (at < this.clock.now) at = this.clock.now + NS_PER_MS;
      if (at < this.timerSteps[node]) {
        this.timerSteps[node] = at;
        this.clock.at(at, () => {
          if (this.timerSteps[node] !== at) return; // an earlier one ran and rescheduled
          this.timerSteps[node] = Infinity;
          this.stepNode(node);
        });
      }
    }
    for (const port of info.pods) {
      for (const f of popFrames(this.dataplane.mem, port.txRing)) {
        this.toPod(node, port.iface, this.departure(`c${port.iface}`), f.frame);
      }
    }
    for (const u of info.uplinks) {
      const seg = this.wire[this.uplinkSegment[node].get(u.index) ?? 0];
      const ip = this.uplinkIp[node].get(u.index) ?? 0;
      for (const f of popFrames(this.dataplane.mem, u.txRing)) {
        const dstMac = formatMac(f.frame.subarray(0, 6));
        const t = this.departure(`w${u.index}/${dstMac}`);
        // a frame on a segment reaches the interfaces of that segment only; a switch floods a
        // group address (broadcast, or multicast: the I/G bit) to every port of it
        const to = isGroupMac(f.frame) ? seg?.all.filter((p) => p.port !== u.port) : [seg?.byMac.get(dstMac)];
        for (const peer of to ?? []) {
          if (peer === undefined || peer.port === u.port) continue; // beyond the cluster (a gateway outside): gone
          if (f.frame.length > peer.maxFrame) continue; // over the receiver's MTU: dropped unseen
          this.clock.at(t + this.latency.wire, () => this.nodeInput(peer.host, peer.inbox, f.frame));
        }
        // a host outside the cluster standing on the subnet (the default gateway's address) takes
        // its own frames and the broadcasts; anything else beyond the cluster is gone
        for (const ext of this.externalTargets(ip, dstMac)) {
          this.clock.at(t + this.latency.wire, () => {
            this.emit(podPoint(ext.key), this.clock.now, f.frame, 'rx');
            ext.receive(f.frame);
          });
        }
      }
    }
  }

  /** The outside hosts a frame to `dstMac` from the uplink with address `ip` reaches: the
   *  one with that MAC, or for a broadcast those on the sender's subnet. */
  private externalTargets(ip: number, dstMac: string): PodStack[] {
    if ((parseInt(dstMac.slice(0, 2), 16) & 1) === 0) {
      const ext = this.externals.get(dstMac);
      return ext ? [ext.stack] : [];
    }
    return [...this.externals.values()].filter((e) => ((ip & maskOf(e.len)) >>> 0) === e.subnet).map((e) => e.stack);
  }

  private isUplink(node: number, iface: number): boolean {
    return this.uplinkSegment[node]?.has(iface) ?? iface === IF_UPLINK;
  }

  private departure(key: string): number {
    return this.departures.get(key)?.shift() ?? (this.stepLast < 0 ? this.stepT0 : this.stepLast);
  }

  /** The engine's capture hook: one stage of the frame's way through `node`. */
  private stage(node: number, iface: number, dir: 'rx' | 'tx', frame: Uint8Array): void {
    const L = this.latency;
    let t: number;
    if (this.stepLast < 0) t = this.stepT0;
    else if (dir === 'rx') t = this.stepLast + (iface === IF_TUNL0 ? L.decap : 0);
    else if (this.isUplink(node, iface) && this.stepLastTunlTx) t = this.stepLast + L.encap;
    else t = this.stepLast + L.forward;
    this.stepLast = t;
    this.stepLastTunlTx = dir === 'tx' && iface === IF_TUNL0;
    const copy = frame.slice();
    if (dir === 'tx' && iface !== IF_TUNL0) {
      const key = this.isUplink(node, iface) ? `w${iface}/${formatMac(copy.subarray(0, 6))}` : `c${iface}`;
      let q = this.departures.get(key);
      if (!q) this.departures.set(key, (q = []));
      q.push(t);
    }
    this.emit(nodePoint(node, iface), t, copy, dir);
  }
}
