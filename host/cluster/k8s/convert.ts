// A multi-document Kubernetes/Calico manifest → ClusterSpec (README "Kubernetes manifests").
// Objects are taken in file order; every field that is not read is named in a warning, and an
// impossible value is a ConfigError naming the object, the field path and the value.

import { ConfigError } from '../../errors.ts';
import type { ClusterSpec, PodSpec, ServiceSpec, UnplacedPodSpec } from '../types.ts';
import { validateClusterSpec } from '../validate.ts';
import { manifestObjects, type ManifestObject } from './docs.ts';
import type { Warn } from './fields.ts';
import { finishNodes, readNode, type NodeDraft } from './nodes.ts';
import { POOL_KINDS, readCalicoNode, readIpPool, resolvePools, type CalicoEnv, type PoolSource } from './pools.ts';
import { peeredRouters, readBgpPeer, type PeerDraft } from './peers.ts';
import { schedule } from './scheduler.ts';
import { readDeployment, readPod, type PodRequest } from './workloads.ts';
import { readService } from './service.ts';
import { readCalicoConfig } from './calicoConfig.ts';


export function manifestsToClusterSpec(docs: unknown[], source: string, warn: Warn): ClusterSpec {
  const objects = manifestObjects(docs, source);
  const nodes: NodeDraft[] = [];
  const poolObjects: PoolSource[] = [];
  const requests: PodRequest[] = [];
  const podKeys = new Set<string>();
  const services: ServiceSpec[] = [];
  const peers: PeerDraft[] = [];
  const config: { vethMtu?: number; what?: string } = {};
  let calico: CalicoEnv | null = null;

  for (const obj of objects) {
    const handled = convertOne(obj, { nodes, poolObjects, requests, podKeys, services, peers, config }, warn);
    if (handled === 'calico-node') calico = readCalicoNode(obj, warn);
    if (handled === false) {
      warn(`${obj.what}: kind ${obj.kind} (${obj.apiVersion}) not simulated, object ignored`);
      continue;
    }
    obj.annotations.finish(warn);
    obj.root.finish(warn);
  }
  if (nodes.length === 0) throw new ConfigError(source, 'no Node objects: the cluster needs at least one node (kind: Node, status.addresses InternalIP)');

  const pools = resolvePools(poolObjects, calico, nodes.map((n) => n.ip), warn);
  const nodeSpecs = finishNodes(nodes, pools.map((p) => p.spec), warn);
  // Every node of the model runs its calico-node DaemonSet pod (`get pods -A` lists it), one of
  // the kubelet's maxPods like any other pod.
  const { placed: placements, unplaced } = schedule(
    nodes.map((n) => ({ name: n.name, labels: n.labels, unschedulable: n.unschedulable, maxPods: n.maxPods, running: 1 })),
    requests,
    warn,
  );
  const pods: PodSpec[] = placements.map(({ pod, node }) => {
    const p: PodSpec = { namespace: pod.namespace, name: pod.name, node };
    if (pod.mac !== undefined) p.mac = pod.mac;
    if (pod.netns !== undefined) p.netns = pod.netns;
    if (pod.tools !== undefined) p.tools = pod.tools;
    if (Object.keys(pod.labels).length > 0) p.labels = { ...pod.labels };
    return p;
  });
  const spec: ClusterSpec = { mtu: 1500, nodes: nodeSpecs, pools: pools.map((p) => p.spec), pods };
  if (unplaced.length > 0) {
    spec.unplacedPods = unplaced.map(({ pod, reason, node, message }) => {
      const p: UnplacedPodSpec = { namespace: pod.namespace, name: pod.name, reason, message };
      if (node !== undefined) p.node = node;
      if (Object.keys(pod.labels).length > 0) p.labels = { ...pod.labels };
      return p;
    });
  }
  if (services.length > 0) spec.services = services;
  if (config.vethMtu !== undefined) spec.vethMtu = config.vethMtu;
  const routers = peeredRouters(nodeSpecs, peers, warn);
  if (routers) spec.routers = routers;

  // The model's own checks, with errors pointed back at the object they came from.
  const origin = (path: string): string | undefined => {
    const m = /^(nodes|pools|pods|unplacedPods|services)\[(\d+)\]/.exec(path);
    if (!m) return undefined;
    const i = Number(m[2]);
    if (m[1] === 'nodes') return nodes[i]?.obj.what;
    if (m[1] === 'services') return services[i] ? `Service ${services[i].namespace}/${services[i].name}` : undefined;
    if (m[1] === 'pools') return pools[i]?.what;
    if (m[1] === 'unplacedPods') return unplaced[i] ? `${unplaced[i].pod.what} (pod ${unplaced[i].pod.name})` : undefined;
    return placements[i] ? `${placements[i].pod.what} (pod ${placements[i].pod.name})` : undefined;
  };
  try {
    return validateClusterSpec(spec);
  } catch (e) {
    if (e instanceof ConfigError && e.field === 'vethMtu' && config.what) throw new ConfigError(`${config.what} data.veth_mtu`, e.message, e.value);
    if (e instanceof ConfigError && origin(e.field)) throw new ConfigError(`${origin(e.field)} → ${e.field}`, e.message, e.value);
    throw e;
  }
}

interface Sink {
  nodes: NodeDraft[];
  poolObjects: PoolSource[];
  requests: PodRequest[];
  /** `namespace/name` of every pod in `requests`. */
  podKeys: Set<string>;
  services: ServiceSpec[];
  peers: PeerDraft[];
  /** From the calico-config ConfigMap. */
  config: { vethMtu?: number; what?: string };
}

/** Dispatches one object by kind; false = kind not simulated; 'calico-node' = read by the caller. */
function convertOne(obj: ManifestObject, sink: Sink, warn: Warn): boolean | 'calico-node' {
  const core = obj.apiVersion === 'v1';
  const apps = obj.apiVersion === 'apps/v1';
  if (core && obj.kind === 'Node') {
    if (sink.nodes.some((n) => n.name === obj.name)) throw new ConfigError(`${obj.what} metadata.name`, 'duplicate Node', obj.name);
    sink.nodes.push(readNode(obj, warn));
  } else if (POOL_KINDS.has(obj.apiVersion) && obj.kind === 'IPPool') {
    const p = readIpPool(obj, warn);
    if (p) sink.poolObjects.push(p);
  } else if (POOL_KINDS.has(obj.apiVersion) && obj.kind === 'BGPPeer') {
    const p = readBgpPeer(obj, warn);
    if (p) sink.peers.push(p);
  } else if (apps && obj.kind === 'DaemonSet' && obj.name === 'calico-node') {
    return 'calico-node';
  } else if (apps && obj.kind === 'Deployment') {
    addPods(sink, readDeployment(obj, warn, sink.podKeys));
  } else if (core && obj.kind === 'Pod') {
    const p = readPod(obj, warn);
    if (p) addPods(sink, [p]);
  } else if (core && obj.kind === 'Service') {
    const svc = readService(obj, new Set(sink.services.map((x) => x.clusterIP)));
    if (svc) sink.services.push(svc);
  } else if (core && obj.kind === 'ConfigMap' && obj.name === 'calico-config') {
    sink.config.what = obj.what;
    const mtu = readCalicoConfig(obj, warn);
    if (mtu !== undefined) sink.config.vethMtu = mtu;
  } else if (core && obj.kind === 'Namespace') {
    // Namespaces exist implicitly; the object itself carries nothing for the dataplane.
  } else {
    return false;
  }
  return true;
}

/** Pods in creation order; a name given twice in a namespace is refused (AlreadyExists). */
function addPods(sink: Sink, pods: PodRequest[]): void {
  for (const p of pods) {
    const key = `${p.namespace}/${p.name}`;
    if (sink.podKeys.has(key)) throw new ConfigError(`${p.what} metadata.name`, 'duplicate pod', key);
    sink.podKeys.add(key);
    sink.requests.push(p);
  }
}
