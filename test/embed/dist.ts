// Build dist/ (the compiled entry points and the bundled programs) once per test run, the way
// `prepare` does, so the tests exercise what `npm ci` / `npm pack` produce and never a stale dist/.
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundlePrograms } from '../../scripts/bundle.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const run = promisify(execFile);

let built: Promise<void> | null = null;
let bundled: Promise<void> | null = null;

const needWasm = (): void => {
  if (!existsSync(`${ROOT}build/core.wasm`)) throw new Error('build/core.wasm is missing: run `npm run asbuild`');
};

/** All of dist/, as `npm run build:dist` writes it (tsc for the library, then the bundles). */
export function ensureDist(): Promise<void> {
  built ??= (async () => {
    needWasm();
    rmSync(`${ROOT}dist`, { recursive: true, force: true });
    await run(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, '-p', `${ROOT}tsconfig.build.json`], { cwd: ROOT });
    await bundlePrograms(ROOT);
  })();
  bundled ??= built;
  return built;
}

/** dist/cli.js, dist/bench.js and dist/worker.js fresh from the sources (what bin/ runs; ~1 s). */
export function ensureCli(): Promise<void> {
  bundled ??= (async () => {
    needWasm();
    await bundlePrograms(ROOT);
  })();
  return bundled;
}

/** The README's Embed snippet: the first ```js block after "## Embed". */
export function readmeSnippet(readme: string): string {
  const m = /^## Embed\n[\s\S]*?^```js\n([\s\S]*?)^```$/m.exec(readme);
  if (!m) throw new Error('README has no ```js block under "## Embed"');
  return m[1];
}
