// Finding and compiling build/core.wasm for the public API: the package's own (packageRoot.ts
// finds it from the sources and from the compiled dist/ alike), or whatever the caller gives.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { packageFile } from '../packageRoot.ts';

/** Where the package's compiled core is; throws naming the place looked at. */
export function coreWasmPath(): string {
  const path = packageFile('build/core.wasm');
  if (!existsSync(path)) throw new Error(`core.wasm not found (looked at ${path}): run \`npm run asbuild\``);
  return path;
}

/** What loadCore accepts as the core: a path or file URL, the bytes, or a compiled module. */
export type WasmSource = string | URL | Uint8Array | ArrayBuffer | WebAssembly.Module;

let packaged: Promise<WebAssembly.Module> | null = null;

/** Compile the core (the package's own once per process; anything given, every time). */
export function compileCoreModule(source?: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return Promise.resolve(source);
  if (source instanceof ArrayBuffer) return WebAssembly.compile(source);
  if (source instanceof Uint8Array) return WebAssembly.compile(new Uint8Array(source)); // a copy: may sit on a SharedArrayBuffer
  if (source === undefined) {
    packaged ??= Promise.resolve().then(() => readFile(coreWasmPath())).then((b) => WebAssembly.compile(b))
      .catch((e: unknown) => { packaged = null; throw e; });
    return packaged;
  }
  const path = source instanceof URL ? fileURLToPath(source) : source;
  return readFile(path).then(
    (b) => WebAssembly.compile(b),
    (e: NodeJS.ErrnoException) => { throw new Error(`wasm: cannot read ${path}: ${e.code ?? e.message}`); },
  );
}
