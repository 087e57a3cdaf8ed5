// Builds the playground page into a folder of static files: the page and its bench worker
// bundled by esbuild from playground/src/ for the browser (package.json's "browser" field swaps
// the two Node-only leaves, see host/api/browser.ts), index.html, and the same build/core.wasm
// the CLI runs. The folder can be served by `calico-ipip-sim playground` or published as is
// (the host must send COOP/COEP: the dataplane is a shared WebAssembly.Memory).
// `npm run build:dist` (so `npm ci` and `npm pack`) builds it into dist/playground/, which the
// installed package serves; in a checkout the CLI rebuilds it from the sources first.
// esbuild is loaded only when building: an installed package has the page and no esbuild.

import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { packageRoot } from '../host/packageRoot.ts';

export const ROOT = packageRoot();
export const DEFAULT_OUT = join(ROOT, 'dist', 'playground');
export const SOURCES = join(ROOT, 'playground', 'src', 'main.tsx');

export interface BuiltPage {
  dir: string;
  metafile: Metafile;
  bytes: number;
}

/** Builds the page into `dir` (relative to the working directory, as every path a user types
 *  is: esbuild alone would take it relative to the package root). */
export async function buildPlayground(dir = DEFAULT_OUT): Promise<BuiltPage> {
  const out = resolve(dir);
  const wasm = join(ROOT, 'build', 'core.wasm');
  if (!existsSync(wasm)) throw new Error(`${wasm} is missing: run \`npm run asbuild\` first`);
  const { build } = await import('esbuild');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const r = await build({
    absWorkingDir: ROOT,
    entryPoints: { app: 'playground/src/main.tsx', benchWorker: 'playground/src/benchWorker.ts' },
    outdir: out,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.yaml': 'text' },
    minify: true,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  copyFileSync(wasm, join(out, 'core.wasm'));
  writeFileSync(join(out, 'index.html'), readFileSync(join(ROOT, 'playground', 'src', 'index.html')));
  const bytes = Object.values(r.metafile.outputs).reduce((s, o) => s + o.bytes, 0);
  return { dir: out, metafile: r.metafile, bytes };
}

