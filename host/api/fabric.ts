// What every embedding entry point shares: node handles over one or more dataplanes, and the
// calls an embedder makes on them (push, step, pull, counters, captures).
//
// The embedder owns the wire beyond the dataplane: a frame for a node in the same memory goes
// into that node's inbox, anything else into the node's uplink tx ring (assembly/tx.ts),
// which pull(node, uplink) drains. A ring nobody pulls fills up, and then the node counts
// ring_full drops on its uplink, like any full queue.
import type { Dataplane } from '../dataplane/build.ts';
import type { Engine, ForwardingEngineName } from '../engine/engine.ts';
import { createEngine } from '../dataplane/engines.ts';
import { pushFrame, popFrames } from '../dataplane/rings.ts';
import { hostsOf } from '../dataplane/ports.ts';
import { readNodeCounters, setCapture } from '../dataplane/counters.ts';
import { ConfigError } from '../errors.ts';
import { formatIp4 } from '../net/addr.ts';
import { IF_UPLINK, IF_TUNL0, META_CONFIRM } from '../layout.ts';
import type { NodeCounters } from '../dataplane/counters.ts';

export type Direction = 'rx' | 'tx';
/** A captured frame (a copy: keep it). tunl0 frames are raw IPv4, the others Ethernet. */
export type CaptureCallback = (frame: Uint8Array, dir: Direction) => void;

export interface PodInfo {
  name: string;
  namespace: string;
  ip: string;
  mac: string;
  /** The host veth (cali…): the interface to push the pod's frames on and pull its frames from. */
  hostVeth: string;
}

export interface NodeHandle {
  readonly name: string;
  readonly ip: string;
  /** Data-path interfaces by name: the uplink, tunl0, then one host veth per pod. */
  readonly interfaces: readonly string[];
  readonly pods: readonly PodInfo[];
  /** The shared memory the node lives in (several nodes share it in a cluster dataplane). */
  readonly memory: WebAssembly.Memory;
}

interface Listeners { rx: CaptureCallback[]; tx: CaptureCallback[] }

/** One dataplane and the engine stepping it. */
export class Attachment {
  readonly dp: Dataplane;
  readonly engine: Engine;
  private readonly listeners: Listeners[][];
  private pending: unknown = null; // first error thrown by a capture callback during a step
  private hasPending = false;

  constructor(dp: Dataplane, engine: ForwardingEngineName, module: WebAssembly.Module | null) {
    this.dp = dp;
    this.listeners = dp.nodes.map((n) => n.ifaces.map(() => ({ rx: [], tx: [] })));
    const capture = (node: number, iface: number, dir: Direction, frame: Uint8Array): void => this.captured(node, iface, dir, frame);
    if (engine !== 'wasm' && engine !== 'ts') throw new ConfigError('engine', 'must be "wasm" or "ts"', engine);
    if (engine === 'wasm' && module === null) throw new Error('internal: wasm engine without a module');
    this.engine = createEngine(engine, dp, { capture, module: module ?? undefined });
  }

  private captured(node: number, iface: number, dir: Direction, view: Uint8Array): void {
    const l = this.listeners[node][iface];
    const cbs = dir === 'rx' ? l.rx : l.tx;
    if (cbs.length === 0) return;
    const frame = view.slice();
    // A throw must not unwind through the core mid-step (rings would stay unpublished):
    // keep the first one and rethrow once the step is over.
    for (const cb of cbs) {
      try {
        cb(frame, dir);
      } catch (e) {
        if (!this.hasPending) [this.pending, this.hasPending] = [e, true];
      }
    }
  }

  step(node: number, budget?: number): number {
    const n = this.engine.step(node, budget);
    if (this.hasPending) {
      const e = this.pending;
      [this.pending, this.hasPending] = [null, false];
      throw e;
    }
    return n;
  }

  listen(node: number, iface: number, dir: Direction | 'both', cb: CaptureCallback): () => void {
    const l = this.listeners[node][iface];
    const dirs: Direction[] = dir === 'both' ? ['rx', 'tx'] : [dir];
    for (const d of dirs) l[d].push(cb);
    this.syncFlags(node, iface);
    return () => {
      for (const d of dirs) {
        const i = l[d].indexOf(cb);
        if (i >= 0) l[d].splice(i, 1);
      }
      this.syncFlags(node, iface);
    };
  }

  private syncFlags(node: number, iface: number): void {
    const l = this.listeners[node][iface];
    setCapture(this.dp, node, iface, { rx: l.rx.length > 0, tx: l.tx.length > 0 });
  }
}

interface Place { att: Attachment; index: number }
const places = new WeakMap<NodeHandle, Place>();

export function makeHandle(att: Attachment, index: number): NodeHandle {
  const info = att.dp.nodes[index];
  const handle: NodeHandle = Object.freeze({
    name: info.name,
    ip: formatIp4(hostsOf(att.dp.cluster)[index].ip), // a node, or a router after the nodes
    interfaces: Object.freeze(info.ifaces.map((i) => i.name)),
    pods: Object.freeze(info.pods.map((p) => Object.freeze({ name: p.name, namespace: p.namespace, ip: formatIp4(p.ip), mac: p.mac, hostVeth: att.dp.nodes[index].ifaces[p.iface].name }))),
    memory: att.dp.memory,
  });
  places.set(handle, { att, index });
  return handle;
}

/** The calls shared by a Core (standalone nodes) and a ClusterDataplane. */
export class Fabric {
  protected readonly handles: NodeHandle[] = [];

  /** Every node, in creation (or cluster) order. */
  get nodes(): readonly NodeHandle[] {
    return this.handles;
  }

  /** The node called `name`; throws when there is none. */
  node(name: string): NodeHandle {
    const h = this.handles.find((n) => n.name === name);
    if (h === undefined) throw new ConfigError('node', `no node of that name (${this.handles.map((n) => n.name).join(', ') || 'none yet'})`, name);
    return h;
  }

  protected place(node: NodeHandle): Place {
    const p = typeof node === 'object' && node !== null ? places.get(node) : undefined;
    if (p === undefined || !this.handles.includes(node)) throw new ConfigError('node', 'is not a node handle of this core', node);
    return p;
  }

  private iface(p: Place, name: string): number {
    const i = p.att.dp.nodes[p.index].ifaces.findIndex((f) => f.name === name);
    if (i < 0) throw new ConfigError('iface', `is not an interface of ${p.att.dp.nodes[p.index].name} (${p.att.dp.nodes[p.index].ifaces.map((f) => f.name).join(', ')})`, name);
    return i;
  }

  /** A frame arriving on `iface`: from the wire on the uplink, from the pod on a host veth.
   *  False when the input ring is full or the frame is longer than the dataplane's slots carry
   *  (nothing written): slotSize − 64 = 1984 bytes up to MTU 1966, 9024 at MTU 9000.
   *  `confirm`, on a host veth: the pod's TCP sent it with dst_pending_confirm (after an ACK that
   *  made forward progress), so the node confirms the neighbour it forwards it to. */
  push(node: NodeHandle, iface: string, frame: Uint8Array, opts: { confirm?: boolean } = {}): boolean {
    const p = this.place(node);
    const i = this.iface(p, iface);
    if (!(frame instanceof Uint8Array)) throw new ConfigError('frame', 'must be a Uint8Array', frame);
    if (i === IF_TUNL0) throw new ConfigError('iface', 'tunl0 has no input of its own: push the IPIP frame on the uplink', iface);
    const info = p.att.dp.nodes[p.index];
    if (opts.confirm === true && !info.pods.some((x) => x.iface === i)) {
      throw new ConfigError('confirm', 'only a pod\'s frame carries dst_pending_confirm: push it on a host veth', iface);
    }
    const ring = i === IF_UPLINK ? info.externalInbox : info.ifaces[i].rxRing;
    return pushFrame(p.att.dp.mem, ring, frame, opts.confirm === true ? META_CONFIRM : 0);
  }

  /** Frames the node sent out of `iface` since the last pull: on the uplink, those for the
   *  world outside this dataplane; on a host veth, those delivered to the pod. */
  pull(node: NodeHandle, iface: string): Uint8Array[] {
    const p = this.place(node);
    const i = this.iface(p, iface);
    if (i === IF_TUNL0) throw new ConfigError('iface', 'tunl0 hands its packets to the uplink: pull the uplink, or onCapture tunl0', iface);
    return popFrames(p.att.dp.mem, p.att.dp.nodes[p.index].ifaces[i].txRing).map((f) => f.frame);
  }

  /** One step of one node: at most `budget` frames (default 32) from each input ring.
   *  Returns the frames taken. */
  step(node: NodeHandle, budget?: number): number {
    const p = this.place(node);
    return p.att.step(p.index, budget);
  }

  /** Step every node, round after round, until a round takes no frame; returns the frames taken. */
  stepAll(maxRounds = 100000): number {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      let moved = 0;
      for (const h of this.handles) moved += this.step(h);
      if (moved === 0) return total;
      total += moved;
    }
    throw new Error(`stepAll: still moving frames after ${maxRounds} rounds`);
  }

  /** Node and interface counters by name (host/dataplane/counters.ts); drops only where non-zero. */
  counters(node: NodeHandle): NodeCounters {
    const p = this.place(node);
    return readNodeCounters(p.att.dp, p.index);
  }

  /** Call `cb` with a copy of every frame on `iface` (rx, tx or both); returns the unsubscribe. */
  onCapture(node: NodeHandle, iface: string, cb: CaptureCallback, dir: Direction | 'both' = 'both'): () => void {
    const p = this.place(node);
    const i = this.iface(p, iface);
    if (typeof cb !== 'function') throw new ConfigError('cb', 'must be a function', cb);
    if (dir !== 'rx' && dir !== 'tx' && dir !== 'both') throw new ConfigError('dir', 'must be "rx", "tx" or "both"', dir);
    return p.att.listen(p.index, i, dir, cb);
  }
}
