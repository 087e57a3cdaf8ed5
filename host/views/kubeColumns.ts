// `kubectl get -o custom-columns=HEADER:.path,…` and `--field-selector`, read from the API
// objects of kubeObjects.ts. Custom columns take kubectl's JSONPath subset: `.a.b`, `a.b`,
// `{.a.b}`, `[N]` and `[*]` steps, `\.` inside a key (`.metadata.labels.kubernetes\.io/os`).
// A missing field prints `<none>`; several values (from `[*]`) print comma-separated; maps and
// lists print as Go's %v does (`map[ip:172.16.196.1]`), as kubectl does.

import { ConfigError } from '../errors.ts';
import type { Json, KubeObject, Resource } from './kubeObjects.ts';

/** The seed's table: `-o custom-columns=NAME:.metadata.name,IP:.status.podIP,HOST:.spec.nodeName`. */
export const SEED_COLUMNS = 'NAME:.metadata.name,IP:.status.podIP,HOST:.spec.nodeName';

type Step = { key: string } | { index: number } | { all: true };

export interface Column {
  header: string;
  get: (o: KubeObject) => string;
}

function parsePath(text: string, part: string): Step[] {
  let p = text.trim();
  if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1);
  if (!p.startsWith('.')) p = '.' + p;
  const steps: Step[] = [];
  const bad = (): ConfigError => new ConfigError('-o custom-columns', 'expected HEADER:.json.path (e.g. NAME:.metadata.name)', part);
  let i = 0;
  while (i < p.length) {
    if (p[i] === '.') {
      let key = '';
      i++;
      while (i < p.length && p[i] !== '.' && p[i] !== '[') {
        if (p[i] === '\\' && p[i + 1] === '.') i++;
        key += p[i++];
      }
      if (key === '') {
        if (i === p.length && steps.length === 0) break; // `.`: the object itself
        throw bad();
      }
      steps.push({ key });
    } else if (p[i] === '[') {
      const end = p.indexOf(']', i);
      if (end < 0) throw bad();
      const inner = p.slice(i + 1, end);
      if (inner === '*') steps.push({ all: true });
      else if (/^\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else throw bad();
      i = end + 1;
    } else {
      throw bad();
    }
  }
  return steps;
}

function walk(values: Json[], steps: readonly Step[]): Json[] {
  let cur = values;
  for (const s of steps) {
    const next: Json[] = [];
    for (const v of cur) {
      if ('key' in s) {
        if (v !== null && typeof v === 'object' && !Array.isArray(v) && s.key in v) next.push(v[s.key]);
      } else if (Array.isArray(v)) {
        if ('all' in s) next.push(...v);
        else if (s.index < v.length) next.push(v[s.index]);
      }
    }
    cur = next;
  }
  return cur;
}

/** Go's fmt %v of a decoded JSON value (what kubectl prints for a map or list cell). */
export function goValue(v: Json): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v).sort().map((k) => `${k}:${goValue(v[k])}`).join(' ')}]`;
  return String(v);
}

export function parseCustomColumns(spec: string): Column[] {
  if (spec.trim() === '') throw new ConfigError('-o custom-columns', 'expected HEADER:.json.path,… (e.g. NAME:.metadata.name)', spec);
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon <= 0) throw new ConfigError('-o custom-columns', 'expected HEADER:.json.path (e.g. NAME:.metadata.name)', part);
    const steps = parsePath(part.slice(colon + 1), part);
    return {
      header: part.slice(0, colon),
      get: (o: KubeObject) => {
        const vals = walk([o], steps).filter((v) => v !== null);
        return vals.length === 0 ? '<none>' : vals.map(goValue).join(',');
      },
    };
  });
}

/** Fields the API server accepts in field selectors (pkg/registry/core/{pod,node}/strategy.go), with their value when absent. */
const SELECTABLE: Record<Resource, Record<string, string>> = {
  pods: {
    'metadata.name': '', 'metadata.namespace': '', 'spec.nodeName': '', 'spec.hostNetwork': 'false', 'status.phase': '', 'status.podIP': '',
    'spec.restartPolicy': '', 'spec.schedulerName': '', 'spec.serviceAccountName': '', 'status.nominatedNodeName': '',
  },
  nodes: { 'metadata.name': '', 'spec.unschedulable': 'false' },
};

export function parseFieldSelector(sel: string, resource: Resource = 'pods'): (o: KubeObject) => boolean {
  const known = SELECTABLE[resource];
  const tests = sel.split(',').map((term) => {
    const m = /^\s*([A-Za-z.]+)\s*(==|!=|=)\s*"?([^"]*)"?\s*$/.exec(term);
    if (!m) throw new ConfigError('--field-selector', 'expected field=value, field==value or field!=value', term);
    if (!(m[1] in known)) {
      throw new ConfigError('--field-selector', `field label ${m[1]} not supported for ${resource} (supported: ${Object.keys(known).join(', ')})`, term);
    }
    const steps = m[1].split('.').map((key) => ({ key }));
    const dflt = known[m[1]];
    const get = (o: KubeObject): string => {
      const v = walk([o], steps)[0];
      return v === undefined || v === null ? dflt : goValue(v);
    };
    const want = m[3];
    return m[2] === '!=' ? (o: KubeObject) => get(o) !== want : (o: KubeObject) => get(o) === want;
  });
  return (o) => tests.every((t) => t(o));
}
