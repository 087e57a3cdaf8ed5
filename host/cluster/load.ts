// Cluster files: YAML with the fields of ClusterSpec (see README "Cluster files").
// Two conveniences over the type: a node's `iface` defaults to ens160 and its `mac` to a stable
// VMware-style MAC, since neither matters for most experiments.

import { readFileSync } from 'node:fs';
import { parse, YAMLError } from 'yaml';
import { ConfigError } from '../errors.ts';
import { derivedUplinkMac } from './names.ts';
import type { ClusterSpec } from './types.ts';
import { validateClusterSpec } from './validate.ts';

export function loadClusterFile(path: string): ClusterSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError('--cluster', `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, path);
  }
  return parseClusterYaml(text, path);
}

export function parseClusterYaml(text: string, source = 'cluster'): ClusterSpec {
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
