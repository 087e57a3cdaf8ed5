// The compiled core under Node: build/core.wasm read and compiled synchronously, once per
// process (a Module can be posted to workers). A browser has no file to read:
// coreFile.browser.ts takes its place there (package.json "browser").
import { readFileSync } from 'node:fs';
import { packageFile } from '../packageRoot.ts';

export const CORE_WASM = packageFile('build/core.wasm');

let cached: WebAssembly.Module | null = null;

/** Compile build/core.wasm once per process (another path: compiled every time). */
export function compileCore(path = CORE_WASM): WebAssembly.Module {
  if (!cached || path !== CORE_WASM) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch {
      throw new Error(`${path} is missing: run \`npm run asbuild\` first`);
    }
    const m = new WebAssembly.Module(new Uint8Array(bytes));
    if (path !== CORE_WASM) return m;
    cached = m;
  }
  return cached;
}
