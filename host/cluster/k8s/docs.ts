// Splitting a multi-document manifest YAML into objects, and telling it apart from our own
// cluster format: a manifest is any stream with more than one document, or a single mapping
// with `apiVersion` and `kind` (a `kind: List`, as `kubectl get -o yaml` prints, is unpacked).

import { parseAllDocuments } from 'yaml';
import { ConfigError } from '../../errors.ts';
import { Annotations, Fields } from './fields.ts';

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  /** `Kind namespace/name` (or `Kind name` for cluster-scoped kinds): prefix of every message. */
  what: string;
  /** The whole object; `metadata` has been read already (use `meta`). */
  root: Fields;
  meta: Fields;
  labels: Record<string, string>;
  annotations: Annotations;
}

const CLUSTER_SCOPED = new Set(['Node', 'Namespace', 'IPPool', 'List']);

/** Parses every document; throws ConfigError on YAML syntax errors (with line:col). */
export function parseDocuments(text: string, source: string): unknown[] {
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  if (!Array.isArray(docs)) return []; // an empty stream
  const out: unknown[] = [];
  for (const d of docs) {
    const e = d.errors[0];
    if (e) {
      const pos = e.linePos?.[0];
      throw new ConfigError(pos ? `${source}:${pos.line}:${pos.col}` : source, `bad YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    out.push(d.toJS());
  }
  return out;
}

export function isManifestStream(docs: unknown[]): boolean {
  const present = docs.filter((d) => d !== null && d !== undefined);
  if (present.length > 1) return true;
  const d = present[0];
  return typeof d === 'object' && d !== null && !Array.isArray(d) && 'kind' in d && 'apiVersion' in d;
}

/** The objects of the stream in document order, `List` items in place. */
export function manifestObjects(docs: unknown[], source: string): ManifestObject[] {
  const out: ManifestObject[] = [];
  docs.forEach((d, i) => {
    if (d === null || d === undefined) return; // `---` with nothing after it
    collect(d, `${source} document ${i + 1}`, out);
  });
  return out;
}

function collect(d: unknown, where: string, out: ManifestObject[]): void {
  const probe = Fields.of(where, '', d);
  const kind = probe.str('kind');
  const apiVersion = probe.str('apiVersion');
  if (kind === undefined || apiVersion === undefined) {
    throw new ConfigError(where, 'a Kubernetes object needs apiVersion and kind', d);
  }
  if (kind === 'List') {
    const items = probe.list('items') ?? [];
    items.forEach((item, j) => collect(item, `${where} items[${j}]`, out));
    return;
  }
  const metaRaw = probe.raw.metadata;
  const metaProbe = Fields.of(`${kind} in ${where}`, 'metadata', metaRaw ?? {});
  const name = metaProbe.str('name');
  if (name === undefined) {
    const generated = metaProbe.raw.generateName !== undefined ? ' (generateName is not supported: give the object a name)' : '';
    throw new ConfigError(`${kind} in ${where} metadata.name`, `is required${generated}`);
  }
  const namespace = CLUSTER_SCOPED.has(kind) ? '' : (metaProbe.str('namespace') ?? 'default');
  const what = namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
  const root = new Fields(what, '', probe.raw);
  root.accept('kind', 'apiVersion');
  const meta = root.child('metadata') ?? Fields.of(what, 'metadata', {});
  meta.accept('name', 'namespace');
  const labels = meta.stringMap('labels');
  const annotations = new Annotations(what, 'metadata.annotations', meta.stringMap('annotations'));
  out.push({ apiVersion, kind, name, namespace, what, root, meta, labels, annotations });
}
