// `kubectl get pods`: the seed's pods plus one calico-node DaemonSet pod per node (host network,
// so its IP is the node IP). Output as kubectl prints custom columns: a tabwriter with minimum
// cell width 10 and padding 3, rows sorted by namespace then name as the API server lists them.

import { ConfigError } from '../errors.ts';
import { formatIp4 } from '../net/addr.ts';
import type { Cluster } from '../cluster/types.ts';

export interface PodRow {
  namespace: string;
  name: string;
  podIP: string;
  nodeName: string;
  hostIP: string;
  hostNetwork: boolean;
}

export function podRows(cluster: Cluster): PodRow[] {
  const rows: PodRow[] = cluster.pods.map((p) => ({
    namespace: p.namespace,
    name: p.name,
    podIP: formatIp4(p.ip),
    nodeName: p.node,
    hostIP: cluster.nodes[p.nodeIndex].spec.ip,
    hostNetwork: false,
  }));
  for (const n of cluster.nodes) {
    rows.push({ namespace: 'kube-system', name: n.calicoNodePod, podIP: n.spec.ip, nodeName: n.spec.name, hostIP: n.spec.ip, hostNetwork: true });
  }
  return rows.sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSONPath-lite fields kubectl users write in custom-columns and field selectors. */
const FIELDS: Record<string, (r: PodRow) => string> = {
  '.metadata.name': (r) => r.name,
  '.metadata.namespace': (r) => r.namespace,
  '.status.podIP': (r) => r.podIP,
  '.status.hostIP': (r) => r.hostIP,
  '.spec.nodeName': (r) => r.nodeName,
  '.spec.hostNetwork': (r) => String(r.hostNetwork),
};

export interface Column {
  header: string;
  get: (r: PodRow) => string;
}

export function parseCustomColumns(spec: string): Column[] {
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    const header = part.slice(0, colon);
    let path = part.slice(colon + 1).trim();
    if (path.startsWith('{') && path.endsWith('}')) path = path.slice(1, -1);
    if (!path.startsWith('.')) path = '.' + path;
    const get = FIELDS[path];
    if (colon <= 0 || !get) {
      throw new ConfigError('-o custom-columns', `expected NAME:.path with a path among ${Object.keys(FIELDS).join(', ')}`, part);
    }
    return { header, get };
  });
}

/** The seed's table: `-o custom-columns=NAME:.metadata.name,IP:.status.podIP,HOST:.spec.nodeName`. */
export const SEED_COLUMNS = 'NAME:.metadata.name,IP:.status.podIP,HOST:.spec.nodeName';

export function parseFieldSelector(sel: string): (r: PodRow) => boolean {
  const tests = sel.split(',').map((term) => {
    const m = /^([A-Za-z.]+)\s*(==|!=|=)\s*"?([^"]*)"?$/.exec(term.trim());
    const get = m ? FIELDS['.' + m[1]] : undefined;
    if (!m || !get) throw new ConfigError('--field-selector', `expected field=value with field among ${Object.keys(FIELDS).map((f) => f.slice(1)).join(', ')}`, term);
    const want = m[3];
    return m[2] === '!=' ? (r: PodRow) => get(r) !== want : (r: PodRow) => get(r) === want;
  });
  return (r) => tests.every((t) => t(r));
}

export function renderTable(rows: readonly PodRow[], cols: readonly Column[]): string {
  const cells = [cols.map((c) => c.header), ...rows.map((r) => cols.map((c) => c.get(r) || '<none>'))];
  const widths = cols.map((_, k) => Math.max(10, ...cells.map((line) => line[k].length + 3)));
  return cells.map((line) => line.map((cell, k) => (k === cols.length - 1 ? cell : cell.padEnd(widths[k]))).join('') + '\n').join('');
}
