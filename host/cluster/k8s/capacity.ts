// How many pods a Node runs: `status.allocatable.pods`. The kubelet reports it from its maxPods
// (KubeletConfiguration, default 110: pkg/kubelet/apis/config/v1beta1/defaults.go) and reserves
// none of it, and both kube-scheduler's NodeResourcesFit filter and the kubelet's own admission
// read allocatable (nodeInfo.Allocatable.AllowedPodNumber). `status.capacity.pods` is the
// fallback for a Node written by hand without allocatable.
//
// The API serialises resource quantities as strings ("110"), and hand-written YAML often has a
// bare number: both are taken. Other quantity forms ("1k") are refused rather than half-parsed.

import type { Fields } from './fields.ts';

export const DEFAULT_MAX_PODS = 110;
/** maxPods is an int32 in the KubeletConfiguration. */
const MAX_PODS_LIMIT = 2147483647;

export function readPodCapacity(status: Fields | undefined): number {
  const allocatable = podCount(status?.child('allocatable'));
  const capacity = podCount(status?.child('capacity'));
  return allocatable ?? capacity ?? DEFAULT_MAX_PODS;
}

/** `pods` of a resource list, validated; the list's other resources are explained, not read. */
function podCount(list: Fields | undefined): number | undefined {
  if (!list) return undefined;
  for (const k of Object.keys(list.raw)) {
    if (k !== 'pods') list.explain(k, 'not simulated (the simulated pods request no resources), ignored');
  }
  const v = list.get('pods');
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > MAX_PODS_LIMIT) {
    list.fail('pods', `must be a pod count: an integer in 0..${MAX_PODS_LIMIT}, as a number or a string ("110")`, v);
  }
  return n;
}
