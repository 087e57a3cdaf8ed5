// kubectl's human-readable tables (`get pods`, `get nodes`, `-o wide`, `-A`, `--show-labels`) and
// its custom-columns table, laid out as Go's text/tabwriter lays them out: each cell padded to
// the widest cell of its column + 3, at least `minWidth` (6 for kubectl's table printer, 10 for
// custom columns); the last cell of a line is not padded.
//
// Values the simulator has no source for are printed as kubectl prints a missing timestamp or
// field: AGE `<unknown>` (no creationTimestamp: the model has no creation time, and the simulated
// clock starts at the seed's capture time, not at the objects' creation), node VERSION, OS-IMAGE,
// KERNEL-VERSION and CONTAINER-RUNTIME `<unknown>` (no status.nodeInfo). Every pod has one
// container, never restarted (RESTARTS 0): ready (1/1) when it runs, 0/1 when no node runs it.
// STATUS is kubectl's (printPod): the pod's status.reason when it has one (`OutOfpods`), else its
// phase.

import { goValue } from './kubeColumns.ts';
import { field, meta, type Json, type KubeObject, type Resource } from './kubeObjects.ts';
import type { Column } from './kubeColumns.ts';

export const UNKNOWN = '<unknown>';
const NONE = '<none>';

export function tabwrite(cells: readonly (readonly string[])[], minWidth: number): string {
  const ncol = Math.max(0, ...cells.map((l) => l.length));
  const widths: number[] = [];
  for (let k = 0; k < ncol - 1; k++) widths.push(Math.max(minWidth, ...cells.map((l) => (k < l.length - 1 ? l[k].length + 3 : 0))));
  return cells.map((l) => l.map((c, k) => (k === l.length - 1 ? c : c.padEnd(widths[k]))).join('') + '\n').join('');
}

export interface TableOptions {
  wide: boolean;
  /** -A: a NAMESPACE column first. */
  namespaces: boolean;
  showLabels: boolean;
  /** --no-headers: the header line is left out (and does not widen the columns). */
  noHeaders?: boolean;
}

const str = (v: Json | undefined, dflt = NONE): string => (v === undefined || v === null || v === '' ? dflt : goValue(v));

function podCells(o: KubeObject, t: TableOptions): string[] {
  const s = (p: string) => field(o, p.split('.'));
  const phase = str(s('status.phase'));
  const row = [meta(o).name, phase === 'Running' ? '1/1' : '0/1', str(s('status.reason'), phase), '0', UNKNOWN];
  if (t.wide) row.push(str(s('status.podIP')), str(s('spec.nodeName')), str(s('status.nominatedNodeName')), NONE);
  return row;
}

function roles(labels: Record<string, string>): string {
  const r = new Set<string>();
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith('node-role.kubernetes.io/')) r.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v !== '') r.add(v);
  }
  return r.size === 0 ? NONE : [...r].sort().join(',');
}

function nodeCells(o: KubeObject, t: TableOptions): string[] {
  const conds = (field(o, ['status', 'conditions']) ?? []) as { type: string; status: string }[];
  const ready = conds.find((c) => c.type === 'Ready');
  let status = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
  if (field(o, ['spec', 'unschedulable']) === true) status += ',SchedulingDisabled';
  const row = [meta(o).name, status, roles(meta(o).labels), UNKNOWN, UNKNOWN];
  if (t.wide) {
    const addrs = (field(o, ['status', 'addresses']) ?? []) as { type: string; address: string }[];
    const addr = (type: string) => addrs.find((a) => a.type === type)?.address ?? NONE;
    row.push(addr('InternalIP'), addr('ExternalIP'), UNKNOWN, UNKNOWN, UNKNOWN);
  }
  return row;
}

const HEADERS: Record<Resource, { base: string[]; wide: string[] }> = {
  pods: { base: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] },
  nodes: { base: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'], wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'] },
};

function labelsCell(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  return keys.length === 0 ? NONE : keys.map((k) => `${k}=${labels[k]}`).join(',');
}

/** `kubectl get pods|nodes [-o wide] [-A] [--show-labels]`. */
export function renderTable(resource: Resource, objs: readonly KubeObject[], t: TableOptions): string {
  const h = HEADERS[resource];
  const head = [...(t.namespaces ? ['NAMESPACE'] : []), ...h.base, ...(t.wide ? h.wide : []), ...(t.showLabels ? ['LABELS'] : [])];
  const rows = objs.map((o) => [
    ...(t.namespaces ? [meta(o).namespace] : []),
    ...(resource === 'pods' ? podCells(o, t) : nodeCells(o, t)),
    ...(t.showLabels ? [labelsCell(meta(o).labels)] : []),
  ]);
  return tabwrite(t.noHeaders ? rows : [head, ...rows], 6);
}

/** `-o custom-columns=…`: kubectl's custom-columns printer uses a minimum column width of 10. */
export function renderColumns(objs: readonly KubeObject[], cols: readonly Column[], noHeaders = false): string {
  const rows = objs.map((o) => cols.map((c) => c.get(o)));
  return tabwrite(noHeaders ? rows : [cols.map((c) => c.header), ...rows], 10);
}
