// The machine and software a result was measured on (goes into --json and the README).

import { readFileSync } from 'node:fs';
import os from 'node:os';
import { packageFile, packageJson } from '../../host/packageRoot.ts';

export interface Machine {
  cpu: string;
  cores: number;
  memoryBytes: number;
  os: string;
  arch: string;
  node: string;
  v8: string;
  packages: Record<string, string>;
}

const PACKAGES = ['assemblyscript', 'piscina', 'tinybench', 'tsx', 'typescript', 'commander'];

export function describeMachine(): Machine {
  const packages: Record<string, string> = {};
  const own = packageJson();
  packages[own.name] = own.version;
  for (const p of PACKAGES) {
    try {
      // Read the installed package.json directly: several packages do not export it.
      const path = packageFile(`node_modules/${p}/package.json`);
      packages[p] = (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
    } catch {
      packages[p] = 'not installed';
    }
  }
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()}`,
    arch: os.arch(),
    node: process.version,
    v8: process.versions.v8,
    packages,
  };
}
