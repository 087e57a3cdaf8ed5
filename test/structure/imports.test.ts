// The import graph of assembly/, host/, bench/, scripts/ and oracle/: no file-level cycles, and the
// layers of the working agreement (lowest first): a file imports its own layer or a lower
// one, modules never import each other both ways, and nothing imports test/. The core and
// its TypeScript twin import only themselves and the generated layout mirrors.
// To add a module, add a row to LAYERS; an import that must break a rule for now goes in
// ALLOWED with its reason, and leaves it (the last test fails) once it is gone.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { importGraph, importCycles, importSpecifiers, type Edge } from './importGraph.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TREES = ['assembly', 'host', 'bench', 'scripts', 'oracle', 'playground'] as const;

/** [layer, module]: a module is a directory (ending in /) or one file; the longest match wins. */
const LAYERS: readonly (readonly [number, string])[] = [
  [0, 'assembly/'], // the WASM core (built by asc, imported by nothing on the host)
  [1, 'host/layout.ts'], [1, 'host/net/'], [1, 'host/errors.ts'], [1, 'host/time.ts'], [1, 'host/io.ts'], [1, 'host/packageRoot.ts'],
  [2, 'host/engine/'], [2, 'host/cluster/'],
  [3, 'host/dataplane/'],
  [4, 'host/pod/'], [4, 'host/capture/'],
  [5, 'host/sim/'], [5, 'host/runtime/'],
  [6, 'host/api/'], [6, 'host/session/'], [6, 'host/views/'], [6, 'host/diagram/'], [6, 'host/fuzz/'],
  [7, 'host/cli/'], [7, 'bench/'], [7, 'scripts/'], [7, 'oracle/'], [7, 'playground/'],
];

/** Modules that may import only themselves and the listed paths, whatever their layer. */
const ONLY: readonly (readonly [string, readonly string[]])[] = [
  ['assembly/', []],
  // the twin mirrors assembly/ file by file; besides the layout it implements the Engine
  // interface and sizes its LPM from parsed CIDRs
  ['host/engine/ts/', ['host/layout.ts', 'host/engine/engine.ts', 'host/net/', 'host/errors.ts']],
  // the page reaches the simulator only through the package's browser entry (plus the
  // benchmark's traffic plan, which is plain data)
  ['playground/src/', ['host/api/browser.ts', 'bench/traffic/']],
];

/** Imports that break a rule on main today, with the reason; `from`/`to` are a file or a
 *  directory prefix ending in /. */
const ALLOWED: readonly (Edge & { why: string })[] = [
  { from: 'bench/micro/lpm.bench.ts', to: 'test/route/', why: 'the LPM microbenchmark measures on the route tables and the wasm LPM binding the LPM tests generate' },
  { from: 'bench/scale/imageHash.ts', to: 'test/support/arbitraries.ts', why: 'the scale check hashes images of the cluster specs the property tests draw' },
];

const matches = (pattern: string, file: string): boolean => (pattern.endsWith('/') ? file.startsWith(pattern) : file === pattern);
const allowed = (e: Edge): boolean => ALLOWED.some((a) => matches(a.from, e.from) && matches(a.to, e.to));

function moduleOf(file: string): { layer: number; module: string } | null {
  let best: { layer: number; module: string } | null = null;
  for (const [layer, m] of LAYERS) if (matches(m, file) && (!best || m.length > best.module.length)) best = { layer, module: m };
  return best;
}

describe('structure: the import graph', () => {
  const g = importGraph(root, TREES);

  it('reads a graph of the whole tree (every relative import resolves)', () => {
    assert.ok(g.files.length > 150 && g.edges.length > 500, `${g.files.length} files, ${g.edges.length} edges`);
    assert.deepEqual(g.unresolved, [], 'relative imports that name no file');
  });

  it('has no import cycle', () => {
    const cycles = importCycles(g).map((c) => `${c.path.join(' -> ')}  (component: ${c.component.join(', ')})`);
    assert.deepEqual(cycles, []);
  });

  it('every file belongs to a layer', () => {
    assert.deepEqual(g.files.filter((f) => !moduleOf(f)), [], 'files in no row of LAYERS');
  });

  it('imports go to the same layer or a lower one, never into test/', () => {
    const bad = g.edges.filter((e) => {
      const to = moduleOf(e.to);
      return (!to || to.layer > moduleOf(e.from)!.layer) && !allowed(e);
    }).map((e) => `${e.from} (layer ${moduleOf(e.from)!.layer}) -> ${e.to} (${moduleOf(e.to) ? `layer ${moduleOf(e.to)!.layer}` : 'no layer'})`);
    assert.deepEqual(bad, []);
  });

  it('no two modules import each other', () => {
    const pairs = new Set<string>();
    for (const e of g.edges) {
      const a = moduleOf(e.from)?.module;
      const b = moduleOf(e.to)?.module;
      if (a && b && a !== b && !allowed(e)) pairs.add(`${a} -> ${b}`);
    }
    const both = [...pairs].filter((p) => { const [a, b] = p.split(' -> '); return a < b && pairs.has(`${b} -> ${a}`); });
    assert.deepEqual(both, []);
  });

  it('the core and its twin import only what they mirror', () => {
    const bad = g.edges.filter((e) => {
      const rule = ONLY.filter(([m]) => e.from.startsWith(m)).sort((a, b) => b[0].length - a[0].length)[0];
      if (!rule) return false;
      const [self, may] = rule;
      return !e.to.startsWith(self) && !may.some((m) => matches(m, e.to)) && !allowed(e);
    }).map((e) => `${e.from} -> ${e.to}`);
    assert.deepEqual(bad, []);
  });

  it('every ALLOWED entry says why and still matches an import (remove it when it does not)', () => {
    for (const a of ALLOWED) {
      assert.ok(a.why.length > 40, `${a.from} -> ${a.to}: give the reason`);
      assert.ok(g.edges.some((e) => matches(a.from, e.from) && matches(a.to, e.to)), `${a.from} -> ${a.to} is gone: delete its ALLOWED row`);
    }
  });
});

describe('structure: the import graph reader', () => {
  it('finds static, re-export, side-effect and dynamic imports, and no import in a comment', () => {
    const src = [
      "import { a } from './a.ts';", "import type { B } from '../b.ts';", 'import {', '  c,', "} from './c';",
      "export { d } from './d.ts';", "export * from './e';", "import './f.ts';", "const g = await import('./g.ts');",
      "import { readFileSync } from 'node:fs';", "// import { x } from './x.ts';", "/* export * from './y'; */",
    ].join('\n');
    assert.deepEqual(importSpecifiers(src).sort(), ['../b.ts', './a.ts', './c', './d.ts', './e', './f.ts', './g.ts']);
  });

  it('names a cycle', () => {
    const cycles = importCycles({
      files: ['a', 'b', 'c', 'd'], unresolved: [],
      edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'a' }, { from: 'c', to: 'd' }],
    });
    assert.deepEqual(cycles, [{ path: ['a', 'b', 'c', 'a'], component: ['a', 'b', 'c'] }]);
  });
});
