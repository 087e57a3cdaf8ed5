// `kubectl get pods|nodes [NAME…] [-n NS|-A] [-l SEL] [--field-selector SEL] [-o FORMAT]` on the
// model: selection (namespace, names, selectors) and every output format kubectl has for it.
// -o json / yaml print what kubectl prints: one object for one named object, else a `List`;
// keys sorted (kubectl prints unstructured maps), JSON indented by 4 with <, >, & escaped as Go's
// encoder does, YAML with list items at their parent's indentation (sigs.k8s.io/yaml).

import { stringify } from 'yaml';
import type { Cluster } from '../cluster/types.ts';
import { ConfigError } from '../errors.ts';
import { parseCustomColumns, parseFieldSelector, type Column } from './kubeColumns.ts';
import { meta, objectsOf, type Json, type KubeObject, type Resource } from './kubeObjects.ts';
import { renderColumns, renderTable } from './kubeTable.ts';
import { parseLabelSelector } from './labelSelector.ts';
import { didYouMean } from './suggest.ts';

export interface GetRequest {
  resource: Resource;
  names: string[];
  namespace: string;
  allNamespaces: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  output?: string;
  showLabels?: boolean;
  noHeaders?: boolean;
}

export interface GetResult {
  stdout: string;
  stderr: string;
}

const RESOURCES: Record<string, Resource> = { pods: 'pods', pod: 'pods', po: 'pods', nodes: 'nodes', node: 'nodes', no: 'nodes' };

/** `pods`, `pod`, `po`, `nodes`, `node`, `no` (kubectl's names and short names). */
export function resourceOf(word: string): Resource {
  const r = RESOURCES[word.toLowerCase()];
  if (!r) throw new ConfigError('resource', 'the simulator has pods and nodes', word, didYouMean(word, Object.keys(RESOURCES)));
  return r;
}

type Format = { kind: 'table'; wide: boolean } | { kind: 'columns'; cols: Column[] } | { kind: 'name' | 'json' | 'yaml' };

function formatOf(o: string | undefined): Format {
  if (o === undefined) return { kind: 'table', wide: false };
  if (o === 'wide') return { kind: 'table', wide: true };
  if (o === 'name' || o === 'json' || o === 'yaml') return { kind: o };
  if (o.startsWith('custom-columns=')) return { kind: 'columns', cols: parseCustomColumns(o.slice('custom-columns='.length)) };
  throw new ConfigError('-o', 'supported: wide, name, json, yaml, custom-columns=HEADER:.path,…', o, didYouMean(o, ['wide', 'name', 'json', 'yaml']));
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: { [k: string]: Json } = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
  return out;
}

export function toJson(v: Json): string {
  return JSON.stringify(sortKeys(v), null, 4).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`) + '\n';
}

export function toYaml(v: Json): string {
  return stringify(sortKeys(v), { indentSeq: false, lineWidth: 0 });
}

export function runGet(cluster: Cluster, q: GetRequest): GetResult {
  // kubectl rejects a bad format or selector before it looks at the objects.
  const fmt = formatOf(q.output);
  if (q.names.length > 0 && q.labelSelector !== undefined) throw new ConfigError('-l', 'name cannot be provided when a selector is specified', q.labelSelector);
  const byLabels = q.labelSelector === undefined ? () => true : parseLabelSelector(q.labelSelector);
  const byFields = q.fieldSelector === undefined ? () => true : parseFieldSelector(q.fieldSelector, q.resource);
  const namespaced = q.resource === 'pods';
  const all = objectsOf(cluster, q.resource);
  const inScope = all.filter((o) => !namespaced || q.allNamespaces || meta(o).namespace === q.namespace);

  let objs: KubeObject[];
  if (q.names.length > 0) {
    objs = q.names.map((n) => {
      const o = inScope.find((x) => meta(x).name === n);
      if (o) return o;
      const kind = q.resource === 'pods' ? 'pod' : 'node';
      const where = namespaced ? ` in namespace ${q.namespace}` : '';
      const elsewhere = namespaced ? all.filter((x) => meta(x).name === n).map((x) => meta(x).namespace) : [];
      const hint = elsewhere.length > 0 ? `it is in namespace ${elsewhere.join(', ')} (-n ${elsewhere[0]})` : didYouMean(n, inScope.map((x) => meta(x).name));
      throw new ConfigError(kind, `not found${where}`, n, hint);
    });
  } else {
    objs = inScope;
  }
  objs = objs.filter((o) => byLabels(meta(o).labels) && byFields(o));

  const single = q.names.length === 1;
  switch (fmt.kind) {
    case 'json':
    case 'yaml': {
      const v: Json = single ? objs[0] : { apiVersion: 'v1', items: objs, kind: 'List', metadata: { resourceVersion: '' } };
      return { stdout: fmt.kind === 'json' ? toJson(v) : toYaml(v), stderr: '' };
    }
    default:
  }
  if (objs.length === 0) {
    const none = !namespaced || q.allNamespaces ? 'No resources found\n' : `No resources found in ${q.namespace} namespace.\n`;
    return { stdout: '', stderr: none };
  }
  if (fmt.kind !== 'table' && fmt.kind !== 'columns') return { stdout: objs.map((o) => `${q.resource === 'pods' ? 'pod' : 'node'}/${meta(o).name}\n`).join(''), stderr: '' };
  const noHeaders = q.noHeaders ?? false;
  const text =
    fmt.kind === 'columns'
      ? renderColumns(objs, fmt.cols, noHeaders)
      : renderTable(q.resource, objs, { wide: fmt.wide, namespaces: namespaced && q.allNamespaces, showLabels: q.showLabels ?? false, noHeaders });
  return { stdout: text, stderr: '' };
}
