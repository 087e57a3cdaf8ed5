// The compiled core in a browser, where there is no file to read synchronously: the page
// fetches and compiles build/core.wasm (host/api/browser.ts loadCoreModule) and hands the module
// here before any wasm engine is made. package.json's "browser" field puts this file in place of
// coreFile.ts in every bundle built for the browser; the signatures are the same.

let provided: WebAssembly.Module | null = null;

/** The module every wasm engine of this page (or worker) instantiates. */
export function provideCore(module: WebAssembly.Module): void {
  provided = module;
}

export function compileCore(_path?: string): WebAssembly.Module {
  if (!provided) throw new Error('core.wasm is not loaded yet: await loadCoreModule() before making a wasm engine');
  return provided;
}
