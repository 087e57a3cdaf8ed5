// Cluster files: read from disk, then parsed and validated as cluster text (parse.ts).

import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.ts';
import type { Warn } from './k8s/fields.ts';
import { consoleWarn, parseClusterYaml } from './parse.ts';
import type { ClusterSpec } from './types.ts';

export function loadClusterFile(path: string, warn: Warn = consoleWarn): ClusterSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError('--cluster', `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, path);
  }
  return parseClusterYaml(text, path, warn);
}
