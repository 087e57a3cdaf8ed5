// Cluster text: YAML with the fields of ClusterSpec (see README "Cluster files"), or a
// Kubernetes/Calico manifest stream, parsed and validated. No file access here, so the browser
// page validates pasted YAML with the same code as the CLI (load.ts reads files for the CLI).
// Two conveniences over the type: a node's `iface` defaults to ens160 and its `mac` to a stable
// VMware-style MAC, since neither matters for most experiments.
// A manifest stream (several documents, or one object with apiVersion + kind) goes to the
// manifest converter instead (k8s/, README "Kubernetes manifests"); its warnings about
// unsupported fields go to `warn` (default: one `warning: …` line each on the console's error
// stream, which is stderr under Node).

import { parse, YAMLError } from 'yaml';
import { ConfigError } from '../errors.ts';
import { isManifestStream, parseDocuments } from './k8s/docs.ts';
import { manifestsToClusterSpec } from './k8s/convert.ts';
import type { Warn } from './k8s/fields.ts';
import { derivedUplinkMac } from './names.ts';
import type { ClusterSpec } from './types.ts';
import { validateClusterSpec } from './validate.ts';

export const consoleWarn: Warn = (line) => console.error(`warning: ${line}`);

export function parseClusterYaml(text: string, source = 'cluster', warn: Warn = consoleWarn): ClusterSpec {
  const docs = parseDocuments(text, source);
  if (isManifestStream(docs)) return manifestsToClusterSpec(docs, source, warn);
  let doc: unknown;
  try {
    doc = parse(text, { uniqueKeys: true });
  } catch (e) {
    if (e instanceof YAMLError) {
      const pos = e.linePos?.[0];
      const where = pos ? `${source}:${pos.line}:${pos.col}` : source;
      throw new ConfigError(where, `bad YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    throw e;
  }
  if (doc && typeof doc === 'object' && Array.isArray((doc as { nodes?: unknown }).nodes)) {
    for (const n of (doc as { nodes: unknown[] }).nodes) {
      if (!n || typeof n !== 'object' || Array.isArray(n)) continue;
      const node = n as Record<string, unknown>;
      if (node.iface === undefined) node.iface = 'ens160';
      if (node.mac === undefined && typeof node.name === 'string') node.mac = derivedUplinkMac(node.name);
    }
  }
  return validateClusterSpec(doc);
}
