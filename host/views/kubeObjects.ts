// The cluster as the Kubernetes API would return it to `kubectl get pods|nodes -o json`: Pod and
// Node objects (apiVersion v1) with the fields the model knows, and nothing it does not (no
// creationTimestamp, uid, containers or nodeInfo: the simulator never had them). Tables, custom
// columns, field and label selectors all read these objects, so every output agrees.
//
// Pods: the cluster's pods plus one calico-node DaemonSet pod per node (host network, so its IP
// is the node IP), sorted by namespace then name as the API server lists them (etcd key order).
// Every simulated pod forwards traffic, so its phase is Running. The pods no node runs
// (spec.unplacedPods) are listed too, as the API has them: one kube-scheduler left Pending has no
// nodeName and the PodScheduled condition False with the scheduler's message; one the kubelet
// refused is Failed with its reason and message (kubelet.go rejectPod). Neither has an IP.

import { formatIp4 } from '../net/addr.ts';
import type { Cluster, UnplacedPodSpec } from '../cluster/types.ts';

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
export type KubeObject = { [k: string]: Json };

export type Resource = 'pods' | 'nodes';

/** Labels the stock calico.yaml DaemonSet template gives calico-node pods. */
const CALICO_NODE_LABELS = { 'k8s-app': 'calico-node' };

function podObject(namespace: string, name: string, labels: Record<string, string>, nodeName: string, podIP: string, hostIP: string, hostNetwork: boolean): KubeObject {
  const metadata: KubeObject = { name, namespace };
  if (Object.keys(labels).length > 0) metadata.labels = { ...labels };
  const spec: KubeObject = { nodeName };
  if (hostNetwork) spec.hostNetwork = true;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec,
    status: { hostIP, hostIPs: [{ ip: hostIP }], phase: 'Running', podIP, podIPs: [{ ip: podIP }] },
  };
}

function unplacedObject(p: UnplacedPodSpec): KubeObject {
  const metadata: KubeObject = { name: p.name, namespace: p.namespace };
  if (p.labels && Object.keys(p.labels).length > 0) metadata.labels = { ...p.labels };
  const message: KubeObject = p.message === undefined ? {} : { message: p.message };
  if (p.reason !== 'Unschedulable') { // refused by its node's kubelet
    return { apiVersion: 'v1', kind: 'Pod', metadata, spec: { nodeName: p.node ?? '' }, status: { ...message, phase: 'Failed', reason: p.reason } };
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: {},
    status: { conditions: [{ ...message, reason: p.reason, status: 'False', type: 'PodScheduled' }], phase: 'Pending' },
  };
}

export function podObjects(cluster: Cluster): KubeObject[] {
  const out = cluster.pods.map((p) =>
    podObject(p.namespace, p.name, p.labels ?? {}, p.node, formatIp4(p.ip), cluster.nodes[p.nodeIndex].spec.ip, false),
  );
  for (const n of cluster.nodes) out.push(podObject('kube-system', n.calicoNodePod, CALICO_NODE_LABELS, n.spec.name, n.spec.ip, n.spec.ip, true));
  for (const p of cluster.spec.unplacedPods ?? []) out.push(unplacedObject(p));
  return out.sort((a, b) => cmp(meta(a).namespace, meta(b).namespace) || cmp(meta(a).name, meta(b).name));
}

/** Node objects: kubelet's own labels, the annotations calico-node writes, InternalIP and Hostname addresses. */
export function nodeObjects(cluster: Cluster): KubeObject[] {
  const out = cluster.nodes.map((n): KubeObject => {
    const annotations: KubeObject = { 'projectcalico.org/IPv4Address': `${n.spec.ip}/${n.spec.prefixLen}` };
    if (n.tunl0Ip !== null) annotations['projectcalico.org/IPv4IPIPTunnelAddr'] = formatIp4(n.tunl0Ip);
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        annotations,
        labels: { 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/hostname': n.spec.name, 'kubernetes.io/os': 'linux', ...n.spec.labels },
        name: n.spec.name,
      },
      spec: {},
      status: {
        addresses: [{ address: n.spec.ip, type: 'InternalIP' }, { address: n.spec.name, type: 'Hostname' }],
        conditions: [{ status: 'True', type: 'Ready' }],
      },
    };
  });
  return out.sort((a, b) => cmp(meta(a).name, meta(b).name));
}

export function objectsOf(cluster: Cluster, r: Resource): KubeObject[] {
  return r === 'pods' ? podObjects(cluster) : nodeObjects(cluster);
}

export interface Meta {
  name: string;
  namespace: string;
  labels: Record<string, string>;
}

export function meta(o: KubeObject): Meta {
  const m = o.metadata as { name: string; namespace?: string; labels?: Record<string, string> };
  return { name: m.name, namespace: m.namespace ?? '', labels: m.labels ?? {} };
}

/** `a.b.c` of an object; undefined when a step is missing. */
export function field(o: Json | undefined, path: readonly string[]): Json | undefined {
  let v: Json | undefined = o;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = v[k];
  }
  return v;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
