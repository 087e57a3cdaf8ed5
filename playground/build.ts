// Builds the playground page into a folder of static files: the page and its bench worker
// bundled by esbuild from playground/src/ for the browser (package.json's "browser" field swaps
// the two Node-only leaves, see host/api/browser.ts), index.html, and the same build/core.wasm
// the CLI runs. The folder can be served by `calico-ipip-sim playground` or published as is
// (the host must send COOP/COEP: the dataplane is a shared WebAssembly.Memory).

import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_OUT = join(ROOT, 'build', 'playground');

export interface BuiltPage {
  dir: string;
  metafile: Metafile;
  bytes: number;
}

export async function buildPlayground(out = DEFAULT_OUT): Promise<BuiltPage> {
  const wasm = join(ROOT, 'build', 'core.wasm');
  if (!existsSync(wasm)) throw new Error(`${wasm} is missing: run \`npm run asbuild\` first`);
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
    sourcemap: true,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  copyFileSync(wasm, join(out, 'core.wasm'));
  writeFileSync(join(out, 'index.html'), readFileSync(join(ROOT, 'playground', 'src', 'index.html')));
  const bytes = Object.values(r.metafile.outputs).reduce((s, o) => s + o.bytes, 0);
  return { dir: out, metafile: r.metafile, bytes };
}
