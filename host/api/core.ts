// calico-ipip-sim/core: the forwarding core for embedding in a simulator of your own.
//
//   const core = await loadCore({ engine: 'wasm' });
//   const node = core.createNode({ name, uplink: {ip, prefixLen, mac, gateway}, tunl0: {ip}, pods, routes, neighbours });
//   core.push(node, 'cali12242800409', frame); core.stepAll();
//   core.pull(node, 'ens160');   // the frames the node put on the wire
//
// Each node gets its own shared WebAssembly.Memory, laid out by the same builder as a
// whole cluster (host/dataplane/build.ts) and sized exactly; the node's wire is the embedder's:
// whatever it transmits on the uplink comes back from pull(node, uplink), and frames for it
// go in with push(node, uplink, frame). For a cluster in one memory (nodes forwarding to
// each other inside the core), see calico-ipip-sim/cluster.
import { buildDataplane } from '../dataplane/build.ts';
import { ConfigError } from '../errors.ts';
import { describeNode, type NodeDescription } from './describe.ts';
import { Attachment, Fabric, makeHandle, type NodeHandle } from './fabric.ts';
import type { ForwardingEngineName } from '../engine/engine.ts';
import { compileCoreModule, type WasmSource } from './wasmFile.ts';

export type { NodeDescription, UplinkDescription, PodDescription, RouteDescription, NeighbourDescription } from './describe.ts';
export type { Direction, CaptureCallback, NodeHandle, PodInfo } from './fabric.ts';
export type { EngineName, ForwardingEngineName } from '../engine/engine.ts';
export type { NodeCounters, IfaceCounters } from '../dataplane/counters.ts';
export type { WasmSource } from './wasmFile.ts';

export interface LoadCoreOptions {
  /** `wasm` (build/core.wasm, default) or `ts` (the TypeScript reference engine: same bytes, slower). */
  engine?: ForwardingEngineName;
  /** Another build of the core (path, file URL, bytes or compiled module). Default: the package's build/core.wasm. */
  wasm?: WasmSource;
}

export interface CreateNodeOptions {
  /** Slots in each ring (a power of two ≥ 2). Default 256. */
  ringSlots?: number;
  /** First value of the node's IP ID sequence (outer headers, ICMP). Default 0. */
  ipIdStart?: number;
}

export class Core extends Fabric {
  readonly engine: ForwardingEngineName;
  private readonly module: WebAssembly.Module | null;

  constructor(engine: ForwardingEngineName, module: WebAssembly.Module | null) {
    super();
    this.engine = engine;
    this.module = module;
  }

  /** Lay out a node described by a plain object; bad fields throw a ConfigError naming them. */
  createNode(desc: NodeDescription, opts: CreateNodeOptions = {}): NodeHandle {
    const { cluster, neighbours } = describeNode(desc);
    if (this.handles.some((h) => h.name === cluster.nodes[0].spec.name)) {
      throw new ConfigError('name', 'a node of that name exists in this core', cluster.nodes[0].spec.name);
    }
    const ipIdStart = opts.ipIdStart ?? 0;
    if (!Number.isInteger(ipIdStart) || ipIdStart < 0 || ipIdStart > 0xffff) throw new ConfigError('ipIdStart', 'must be an integer 0..65535', ipIdStart);
    // the neighbours' MACs are the description's (the builder knows only cluster nodes)
    const dp = buildDataplane(cluster, { ringSlots: opts.ringSlots, ipIdStart: () => ipIdStart, hostWire: true, neighbourMac: (ip) => neighbours.get(ip) });
    const handle = makeHandle(new Attachment(dp, this.engine, this.module), 0);
    this.handles.push(handle);
    return handle;
  }
}

/** Compile the core (once per process for the packaged one) and return an empty Core. */
export async function loadCore(opts: LoadCoreOptions = {}): Promise<Core> {
  const engine = opts.engine ?? 'wasm';
  if (engine !== 'wasm' && engine !== 'ts') throw new ConfigError('engine', 'must be "wasm" or "ts"', engine);
  // The ts engine needs no module, but an explicit `wasm` is still checked so a typo shows.
  const module = engine === 'wasm' || opts.wasm !== undefined ? await compileCoreModule(opts.wasm) : null;
  return new Core(engine, module);
}
