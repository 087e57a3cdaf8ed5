// Compiles the programs to dist/, one ES module each, so that nothing is compiled at start:
//   host/cli/main.ts        → dist/cli.js     (bin/calico-ipip-sim.js runs it)
//   bench/run.ts            → dist/bench.js   (`npm run bench`)
//   host/runtime/worker.ts  → dist/worker.js  (the benchmark's piscina worker; the runtime's
//                                              session.ts finds it beside the bundle that loads it)
// One file per program: a cold start then reads one file instead of resolving ~150 modules and
// the CommonJS files of commander and yaml (the CLI's --help went from ~0.3 s to ~0.15 s of
// CPU). The library entry points (calico-ipip-sim/core, /cluster) stay module by module with
// their .d.ts (tsconfig.build.json). `npm run build:dist` runs both; prepare runs it.
// piscina stays outside the bundles: it starts its own worker script from its own directory;
// esbuild too: the CLI's playground command loads it only to build the page from the sources.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export const PROGRAMS: Readonly<Record<string, string>> = {
  cli: 'host/cli/main.ts',
  bench: 'bench/run.ts',
  worker: 'host/runtime/worker.ts',
};

/** Writes dist/cli.js, dist/bench.js and dist/worker.js from the sources. */
export async function bundlePrograms(root = ROOT): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: PROGRAMS,
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['piscina', 'esbuild'],
    // The CommonJS packages inside (commander, yaml, cli-table3) call require() for Node's
    // built-ins, which an ES module does not have.
    banner: { js: "import { createRequire as __cisRequire } from 'node:module';\nconst require = __cisRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundlePrograms();
