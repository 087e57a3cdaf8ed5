// calico-ipip-sim/cluster: a whole cluster in one shared memory. Nodes forward to each other
// inside the core (a frame for another node goes into its inbox); pull(node, uplink) gives
// only what leaves the cluster (towards the default gateway or any address outside it).
//
//   const dp = await dataplaneFor(buildCluster(defaultClusterSpec()), { engine: 'wasm' });
//   const master = dp.node('k8s-master-1');
//   dp.push(master, master.pods[0].hostVeth, frame); dp.stepAll();
import { buildDataplane } from '../dataplane/build.ts';
import { ConfigError } from '../errors.ts';
import type { Cluster, ClusterNode } from '../cluster/types.ts';
import { Attachment, Fabric, makeHandle } from './fabric.ts';
import type { ForwardingEngineName } from '../engine/engine.ts';
import { compileCoreModule, type WasmSource } from './wasmFile.ts';

export { buildCluster } from '../cluster/build.ts';
export { defaultClusterSpec } from '../cluster/default.ts';
export { loadClusterFile } from '../cluster/load.ts';
export { parseClusterYaml } from '../cluster/parse.ts';
export type { Cluster, ClusterSpec, ClusterNode, NodeSpec, PoolSpec, PodSpec, Pod, Route, Iface } from '../cluster/types.ts';
export type { Direction, CaptureCallback, NodeHandle, PodInfo } from './fabric.ts';
export type { EngineName, ForwardingEngineName } from '../engine/engine.ts';
export type { NodeCounters, IfaceCounters } from '../dataplane/counters.ts';

export interface DataplaneForOptions {
  /** `wasm` (default) or `ts`. */
  engine?: ForwardingEngineName;
  /** Another build of the core (path, file URL, bytes or compiled module). */
  wasm?: WasmSource;
  /** Slots in each ring (a power of two ≥ 2). Default 256. */
  ringSlots?: number;
  /** First IP ID of each node's sequence. Default 0 for every node. */
  ipIdStart?: (node: ClusterNode) => number;
}

export class ClusterDataplane extends Fabric {
  readonly cluster: Cluster;
  readonly engine: ForwardingEngineName;
  readonly memory: WebAssembly.Memory;

  constructor(cluster: Cluster, att: Attachment, engine: ForwardingEngineName) {
    super();
    this.cluster = cluster;
    this.engine = engine;
    this.memory = att.dp.memory;
    att.dp.nodes.forEach((_, i) => this.handles.push(makeHandle(att, i)));
  }
}

/** Lay the cluster out in one memory and bind an engine to it; node handles by name: `dp.node(name)`. */
export async function dataplaneFor(cluster: Cluster, opts: DataplaneForOptions = {}): Promise<ClusterDataplane> {
  const engine = opts.engine ?? 'wasm';
  if (engine !== 'wasm' && engine !== 'ts') throw new ConfigError('engine', 'must be "wasm" or "ts"', engine);
  if (!cluster || !Array.isArray(cluster.nodes)) throw new ConfigError('cluster', 'must be a cluster from buildCluster(spec)', cluster);
  const module = engine === 'wasm' || opts.wasm !== undefined ? await compileCoreModule(opts.wasm) : null;
  const dp = buildDataplane(cluster, { ringSlots: opts.ringSlots, ipIdStart: opts.ipIdStart });
  return new ClusterDataplane(cluster, new Attachment(dp, engine, module), engine);
}
