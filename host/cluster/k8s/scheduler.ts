// Placing pods the way kube-scheduler does for the simple case, one pod at a time in creation
// order (as if `kubectl apply -f` created the objects in file order and each pod was bound before
// the next was created):
//   - a pod with spec.nodeName is bound there, no questions asked (the scheduler is bypassed);
//   - filter: node not unschedulable, nodeSelector labels match (`kubernetes.io/hostname` is
//     implicitly the node name), required pod anti-affinity on kubernetes.io/hostname in both
//     directions (the new pod's terms against pods on the node, and the terms of pods on the node
//     against the new pod), each term looking at pods of the term owner's namespace;
//   - score: least allocated. Pods here have no resource requests, and the scheduler counts each
//     such pod with the same default request, so "least allocated" is "fewest pods"; ties go to
//     the node name that sorts first.
// A pod no node passes stays Pending (no IP, no veth), with the scheduler's kind of message.

import { ConfigError } from '../../errors.ts';
import type { Warn } from './fields.ts';
import { matches } from './selector.ts';
import { HOSTNAME_KEY, type PodRequest } from './workloads.ts';

export interface SchedNode {
  name: string;
  labels: Record<string, string>;
  unschedulable: boolean;
}

export interface Placement {
  pod: PodRequest;
  node: string;
}

export function schedule(nodes: SchedNode[], pods: PodRequest[], warn: Warn): Placement[] {
  const placed: Placement[] = [];
  const count = new Map(nodes.map((n) => [n.name, 0]));
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
      const labels: Record<string, string> = { ...n.labels, [HOSTNAME_KEY]: n.name };
      if (!Object.entries(pod.nodeSelector).every(([k, v]) => labels[k] === v)) {
        fail("node(s) didn't match Pod's node affinity/selector");
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
      warn(`${pod.what}: pod ${pod.namespace}/${pod.name} stays Pending (no IP): 0/${nodes.length} nodes are available: ${why}.`);
      continue;
    }
    place(pod, best.name);
  }
  return placed;
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
