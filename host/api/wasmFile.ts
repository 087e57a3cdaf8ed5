// Finding and compiling build/core.wasm for the public API. The path is resolved from this
// module's own URL, never from the working directory: from the sources (host/api/) and from
// the compiled package (dist/host/api/) the core is the package's build/core.wasm.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const CANDIDATES = ['../../build/core.wasm', '../../../build/core.wasm'];

/** Where the package's compiled core is; throws naming the places looked at. */
export function coreWasmPath(): string {
  const tried = CANDIDATES.map((c) => fileURLToPath(new URL(c, import.meta.url)));
  const found = tried.find((p) => existsSync(p));
  if (found === undefined) throw new Error(`core.wasm not found (looked at ${tried.join(', ')}): run \`npm run asbuild\``);
  return found;
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
