// calico-ipip-sim/browser: the simulator in a web page or a Web Worker. The same core
// (build/core.wasm) and the same TypeScript twin as under Node, the same cluster model and
// validation, simulation, pod stacks, captures and diagram, and no Node API: nothing here (or
// below it, with package.json's "browser" field applied by the bundler) imports node:*.
//
//   import { loadCoreModule, buildCluster, defaultClusterSpec, SimSession } from 'calico-ipip-sim/browser';
//   await loadCoreModule(new URL('core.wasm', import.meta.url));  // fetch + compile, once per page or worker
//   const s = new SimSession(buildCluster(defaultClusterSpec()));
//   s.ping({ pod: 'busybox-77649b9c55-r6bx9', host: '172.16.109.65', count: 1 }, { out: console.log, err: console.error });
//
// The dataplane is a shared WebAssembly.Memory, so the page must be cross-origin isolated
// (COOP: same-origin, COEP: require-corp), as `calico-ipip-sim playground` serves it.
import { provideCore } from '../engine/coreFile.browser.ts';

/** What the core can be loaded from: a URL (fetched), a fetch Response, bytes or a compiled module. */
export type CoreSource = string | URL | Response | ArrayBuffer | Uint8Array | WebAssembly.Module;

/** Fetches and compiles build/core.wasm (or takes a compiled module, e.g. one posted to a worker)
 *  and makes it the module of every wasm engine made afterwards in this page or worker. */
export async function loadCoreModule(source: CoreSource): Promise<WebAssembly.Module> {
  let module: WebAssembly.Module;
  if (source instanceof WebAssembly.Module) module = source;
  else if (source instanceof ArrayBuffer) module = await WebAssembly.compile(source);
  else if (source instanceof Uint8Array) module = await WebAssembly.compile(new Uint8Array(source));
  else {
    const res = source instanceof Response ? source : await fetch(source);
    if (!res.ok) throw new Error(`core.wasm: ${res.status} ${res.statusText} from ${res.url}`);
    module = await WebAssembly.compile(await res.arrayBuffer());
  }
  provideCore(module);
  return module;
}

// the cluster model and its validation (the CLI's --cluster goes through the same parse)
export { ConfigError } from '../errors.ts';
export { buildCluster } from '../cluster/build.ts';
export { defaultClusterSpec } from '../cluster/default.ts';
export { parseClusterYaml } from '../cluster/parse.ts';
export type { Cluster, ClusterNode, ClusterSpec, Pod, Route } from '../cluster/types.ts';
export { formatIp4, parseIp4 } from '../net/addr.ts';

// the simulation and the commands users run in it
export { SimSession, type PingArgs } from '../session/session.ts';
export { resolveTap, type Tap } from '../session/taps.ts';
export { resolveTarget } from '../views/exec.ts';
export type { Simulation, PointKey } from '../sim/simulation.ts';

// what the dataplane counted
export { readNodeCounters, readClusterCounters, type NodeCounters, type Counters } from '../dataplane/counters.ts';

// captures and their decoders
export { dissect, type TreeNode } from '../capture/dissect.ts';
export { tcpdumpText, formatTimestamp } from '../capture/tcpdump.ts';
export { PcapWriter, pcapFileName, readPcap, type LinkKind } from '../capture/pcap.ts';

// the diagram
export { decodeFrame, renderDiagram, walkFromCaptures } from '../diagram/index.ts';
export type { CapturedFrame, Walk, WalkHop } from '../diagram/walk.ts';

// the benchmark's pieces, for Web Workers on one shared memory (the page's bench tab)
export { buildDataplane, type Dataplane } from '../dataplane/build.ts';
export { Control, PHASE_DRAIN, PHASE_RUN, PHASE_STOP, WS_DELIVERED, WS_GENERATED, WS_LOOPS } from '../runtime/control.ts';
export { checkConservation } from '../runtime/counters.ts';
export { allRings, framesInFlight } from '../runtime/topology.ts';
export type { FlowArrays, WorkerTask, WorkerResult } from '../runtime/task.ts';
export { default as benchWorker } from '../runtime/worker.ts';
export { ENGINE_NAMES, type EngineName } from '../engine/engine.ts';
