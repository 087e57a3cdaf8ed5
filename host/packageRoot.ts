// Where the package's own files are (package.json, build/core.wasm), found from this module's
// URL and never from the working directory: the same code runs from the sources (host/) under
// a TypeScript loader and compiled (dist/host/), in a checkout and installed in node_modules.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageJson {
  name: string;
  version: string;
}

let root: string | null = null;

/** The directory holding calico-ipip-sim's package.json: the nearest one above this module. */
export function packageRoot(): string {
  if (root !== null) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const f = join(dir, 'package.json');
    if (existsSync(f) && (JSON.parse(readFileSync(f, 'utf8')) as Partial<PackageJson>).name === 'calico-ipip-sim') return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`calico-ipip-sim's package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** A file of the package by its path from the package root (`build/core.wasm`). */
export function packageFile(path: string): string {
  return join(packageRoot(), path);
}

/** The package's package.json. */
export function packageJson(): PackageJson {
  return JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as PackageJson;
}
