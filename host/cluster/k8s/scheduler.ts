// Placing pods the way kube-scheduler does for the simple case, one pod at a time in creation
// order (as if `kubectl apply -f` created the objects in file order and each pod was bound before
// the next was created):
//   - a pod with spec.nodeName is bound there, no questions asked (the scheduler is bypassed);
//     the node's kubelet then admits it (pkg/kubelet/lifecycle/predicate.go, Admit →
//     generalFilter, resources first, then node affinity) only if it has a pod slot left, else
//     the pod is Failed with reason OutOfpods, and only if its nodeSelector matches the node's
//     labels, else Failed with reason NodeAffinity (kubelet.go rejectPod);
//   - filter, in the default profile's plugin order, the first failing one giving the node's
//     reason: node not unschedulable (NodeUnschedulable), nodeSelector labels match
//     (NodeAffinity; `kubernetes.io/hostname` is implicitly the node name), fewer pods than the
//     node's allocatable pods (NodeResourcesFit, pkg/scheduler/framework/plugins/noderesources/
//     fit.go: "Too many pods"), required pod anti-affinity on kubernetes.io/hostname in both
//     directions (InterPodAffinity: the new pod's terms against pods on the node, and the terms
//     of pods on the node against the new pod), each term looking at pods of the term owner's
//     namespace;
//   - score: least allocated. Pods here have no resource requests, and the scheduler counts each
//     such pod with the same default request, so "least allocated" is "fewest pods"; ties go to
//     the node name that sorts first.
// A pod no node passes stays Pending (no IP, no veth), with the scheduler's kind of message.
// Every pod on a node counts against its capacity, whoever placed it: the node's own pods
// (`SchedNode.running`), bound ones and scheduled ones; a refused pod counts nowhere (the
// scheduler's cache drops pods in a terminal phase).

import { ConfigError } from '../../errors.ts';
import type { UnplacedReason } from '../types.ts';
import type { Warn } from './fields.ts';
import { matches } from './selector.ts';
import { HOSTNAME_KEY, type PodRequest } from './workloads.ts';

export interface SchedNode {
  name: string;
  labels: Record<string, string>;
  unschedulable: boolean;
  /** status.allocatable.pods: the kubelet's maxPods. */
  maxPods: number;
  /** Pods the node runs before the manifests' pods are created (its DaemonSet pods). */
  running: number;
}

export interface Placement {
  pod: PodRequest;
  node: string;
}

/** A pod no node runs: Pending (Unschedulable), or refused by its bound node's kubelet. */
export interface Unplaced {
  pod: PodRequest;
  reason: UnplacedReason;
  /** OutOfpods, NodeAffinity: the node of its spec.nodeName. */
  node?: string;
  /** As Kubernetes words it (the PodScheduled condition's message, or the pod's status.message). */
  message: string;
}

export interface Schedule {
  placed: Placement[];
  unplaced: Unplaced[];
}

export function schedule(nodes: SchedNode[], pods: PodRequest[], warn: Warn): Schedule {
  const placed: Placement[] = [];
  const unplaced: Unplaced[] = [];
  // One warning per workload and reason, not one per replica: 100000 replicas that do not fit
  // are one line naming the first few pods and the count.
  const groups = new Map<string, { what: string; state: string; why: string; names: string[] }>();
  const note = (pod: PodRequest, state: string, why: string) => {
    const key = `${pod.what}\0${state}\0${why}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { what: pod.what, state, why, names: [] }));
    g.names.push(`${pod.namespace}/${pod.name}`);
  };
  const count = new Map(nodes.map((n) => [n.name, n.running]));
  const maxPods = new Map(nodes.map((n) => [n.name, n.maxPods]));
  const nodeLabels = new Map(nodes.map((n) => [n.name, n.labels]));
  const byName = [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Per node, and apart the pods that carry anti-affinity terms: without terms on either side a
  // placement looks at no other pod, so 100000 replicas are not 100000² comparisons.
  const podsOn = new Map<string, PodRequest[]>(nodes.map((n) => [n.name, []]));
  const termsOn = new Map<string, PodRequest[]>(nodes.map((n) => [n.name, []]));
  const place = (pod: PodRequest, node: string) => {
    placed.push({ pod, node });
    podsOn.get(node)?.push(pod);
    if (pod.antiAffinity.length > 0) termsOn.get(node)?.push(pod);
    count.set(node, (count.get(node) as number) + 1);
  };

  for (const pod of pods) {
    if (pod.nodeName !== undefined) {
      if (!count.has(pod.nodeName)) {
        throw new ConfigError(`${pod.what} spec.nodeName`, 'no Node object with this name in the file', pod.nodeName);
      }
      const used = count.get(pod.nodeName) as number;
      const capacity = maxPods.get(pod.nodeName) as number;
      if (used + 1 > capacity) {
        // The kubelet's InsufficientResourceError text, behind rejectPod's prefix.
        const message = `Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: ${used}, capacity: ${capacity}`;
        note(pod, 'is Failed', `the kubelet of ${pod.nodeName} refused it: OutOfpods: ${message}`);
        unplaced.push({ pod, reason: 'OutOfpods', node: pod.nodeName, message });
        continue;
      }
      if (!selects(pod, nodeLabels.get(pod.nodeName) as Record<string, string>, pod.nodeName)) {
        // PredicateFailureError{NodeAffinity, ErrReasonPod}.Error(), behind rejectPod's prefix
        const message = "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector";
        note(pod, 'is Failed', `the kubelet of ${pod.nodeName} refused it: NodeAffinity: ${message}`);
        unplaced.push({ pod, reason: 'NodeAffinity', node: pod.nodeName, message });
        continue;
      }
      place(pod, pod.nodeName);
      continue;
    }
    const reasons = new Map<string, number>();
    const fail = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
    let best: SchedNode | null = null;
    for (const n of byName) {
      if (n.unschedulable) {
        fail('node(s) were unschedulable');
        continue;
      }
      if (!selects(pod, n.labels, n.name)) {
        fail("node(s) didn't match Pod's node affinity/selector");
        continue;
      }
      if ((count.get(n.name) as number) + 1 > n.maxPods) {
        fail('Too many pods');
        continue;
      }
      if (antiAffinityConflict(pod, podsOn.get(n.name) as PodRequest[], termsOn.get(n.name) as PodRequest[])) {
        fail("node(s) didn't match pod anti-affinity rules");
        continue;
      }
      if (best === null || (count.get(n.name) as number) < (count.get(best.name) as number)) best = n;
    }
    if (best === null) {
      // kube-scheduler sorts the "<count> <reason>" strings of its FitError message.
      const why = [...reasons].map(([r, k]) => `${k} ${r}`).sort().join(', ');
      const message = `0/${nodes.length} nodes are available: ${why}.`;
      note(pod, 'stays Pending', message);
      unplaced.push({ pod, reason: 'Unschedulable', message });
      continue;
    }
    place(pod, best.name);
  }
  for (const g of groups.values()) {
    const n = g.names.length;
    if (n === 1) warn(`${g.what}: pod ${g.names[0]} ${g.state} (no IP): ${g.why}`);
    else {
      const shown = g.names.slice(0, 3).join(', ') + (n > 3 ? `, … (${n - 3} more)` : '');
      const plural = g.state === 'is Failed' ? 'are Failed' : 'stay Pending';
      warn(`${g.what}: ${n} pods ${plural} (no IP): ${g.why} (${shown})`);
    }
  }
  return { placed, unplaced };
}

/** Does the pod's nodeSelector match node `name` (whose `kubernetes.io/hostname` is its name)? */
function selects(pod: PodRequest, labels: Record<string, string>, name: string): boolean {
  const all: Record<string, string> = { ...labels, [HOSTNAME_KEY]: name };
  return Object.entries(pod.nodeSelector).every(([k, v]) => all[k] === v);
}

/** `existing`: the node's pods; `withTerms`: those of them that have anti-affinity terms. */
function antiAffinityConflict(pod: PodRequest, existing: PodRequest[], withTerms: PodRequest[]): boolean {
  if (pod.antiAffinity.length > 0) {
    for (const other of existing) {
      if (other.namespace === pod.namespace && pod.antiAffinity.some((t) => matches(t.selector, other.labels))) return true;
    }
  }
  for (const other of withTerms) {
    if (other.namespace === pod.namespace && other.antiAffinity.some((t) => matches(t.selector, pod.labels))) return true;
  }
  return false;
}
