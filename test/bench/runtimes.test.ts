// bench:runtimes without running anything: the summary and ratios from rounds, the table built
// from a result, the JSON schema (and every committed run against it), the error line kept
// from a failed process, the command line per runtime. No timing.

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarisePart, RUNTIMES_SCHEMA, type PartResult, type RuntimeResult, type RuntimesResult } from '../../bench/runtimes/result.ts';
import { commandFor } from '../../bench/runtimes/runtimes.ts';
import { errorLine } from '../../bench/runtimes/spawn.ts';
import { markdownTables, rowCells, shortReason, textTables } from '../../bench/runtimes/table.ts';
import { validateRuntimesResult } from './runtimesSchema.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function step(rounds: PartResult['rounds'], error: string | null = null): PartResult {
  return summarisePart({ unit: 'ns/packet', error, rounds, conservation: null });
}
function worker(rounds: PartResult['rounds'], conservation: boolean | null = true): PartResult {
  return summarisePart({ unit: 'Mpps', error: null, rounds, conservation });
}

function runtime(over: Partial<RuntimeResult> = {}): RuntimeResult {
  return {
    id: 'node20', kind: 'node', pkg: null, version: '20.20.2', jsEngine: 'V8 11.3', error: null,
    parts: {
      step: step([{ wasm: [100, 110], ts: [300], null: [50] }, { wasm: [120], ts: [240], null: [40] }]),
      worker: worker([{ wasm: [6, 7, 5], ts: [3], null: [12] }]),
    },
    micro: [{ file: 'lpm.bench.ts', ok: true, skipped: ['arkime-iptrie (native): nan addon'], error: null }],
    ...over,
  };
}

function result(runtimes: RuntimeResult[]): RuntimesResult {
  return {
    schema: RUNTIMES_SCHEMA, date: '2026-11-30T15:00:00.000Z', command: 'npm run bench:runtimes', commit: 'bf32dc3',
    machine: { cpu: 'AMD EPYC', cores: 2, memoryBytes: 25e9, os: 'Linux 6.18', arch: 'x64' },
    config: { rounds: 2, stepMs: 300, worker: { workers: 1, runs: 3, duration: 1, warmup: 0.5, size: 98, cluster: 'seed' }, order: 'rotated' },
    load: [1.5, 2.5, 0.9],
    runtimes,
  };
}

describe('bench:runtimes summary', () => {
  it('summarises every sample of every round, and takes ratios within each round', () => {
    const p = runtime().parts.step;
    assert.deepEqual(p.summary!.wasm, { median: 110, min: 100, max: 120 });
    assert.deepEqual(p.summary!.null, { median: 45, min: 40, max: 50 });
    // ns/packet → throughput: round 1 wasm 105 ns vs ts 300 ns = 2.857×, round 2 240/120 = 2×
    assert.ok(Math.abs(p.ratios!.wasm_ts.median - (300 / 105 + 2) / 2) < 1e-9);
    assert.ok(Math.abs(p.ratios!.wasm_ts.min - 2) < 1e-9);
    assert.ok(Math.abs(p.ratios!.wasm_null.max - 50 / 105) < 1e-9);
    const w = runtime().parts.worker;
    assert.equal(w.ratios!.wasm_ts.median, 2); // Mpps: wasm median 6 / ts 3
    assert.equal(w.ratios!.wasm_null.median, 0.5);
  });

  it('has no summary for a part that never ran', () => {
    const p = step([], 'worker_threads missing');
    assert.equal(p.summary, null);
    assert.equal(p.ratios, null);
  });
});

describe('bench:runtimes table', () => {
  it('one row per runtime: engines as median (min–max), then wasm/ts and wasm/null', () => {
    assert.deepEqual(rowCells(runtime(), 'worker'), ['6.00 (5.00–7.00)', '3.00 (3.00–3.00)', '12.0 (12.0–12.0)', '2.00× (2.00–2.00)', '50 % (50–50)']);
    assert.deepEqual((rowCells(runtime(), 'step') as string[]).slice(0, 3), ['110 (100–120)', '270 (240–300)', '45.0 (40.0–50.0)']);
  });

  it('says why a runtime or a part could not run, and when the books did not balance', () => {
    const broken = runtime({ id: 'deno', kind: 'deno', version: '2.9.6', parts: { ...runtime().parts, worker: { ...step([], 'piscina: no worker_threads'), unit: 'Mpps' } } });
    assert.deepEqual(rowCells(broken, 'worker'), { error: 'could not run: piscina: no worker_threads' });
    assert.deepEqual(rowCells(runtime({ id: 'bun', kind: 'bun', version: null, error: 'npm install bun@1 failed' }), 'step'), { error: 'could not run: npm install bun@1 failed' });
    const unbalanced = runtime({ parts: { ...runtime().parts, worker: worker([{ wasm: [6], ts: [3], null: [12] }], false) } });
    assert.match((rowCells(unbalanced, 'worker') as string[])[4], /books did NOT balance/);
  });

  it('prints the date, the load, both tables and what bench/micro left out, as text and as Markdown', () => {
    const res = result([runtime(), runtime({ id: 'deno', kind: 'deno', version: '2.9.6', error: 'not in .runtimes/' })]);
    for (const text of [textTables(res), markdownTables(res)]) {
      assert.match(text, /2026-11-30 15:00 UTC at bf32dc3/);
      assert.match(text, /load average 0\.9–2\.5/);
      assert.match(text, /Node 20\.20\.2/);
      assert.match(text, /Deno 2\.9\.6.*could not run: not in \.runtimes\//);
      assert.match(text, /single-worker path.*Mpps/);
      assert.match(text, /one core.*ns\/packet/);
      assert.match(text, /lpm\.bench\.ts left out arkime-iptrie \(native\): nan addon/);
    }
    assert.match(markdownTables(res), /^\| Node 20\.20\.2 \| 6\.00 \(5\.00–7\.00\) \| 3\.00 \(3\.00–3\.00\) \| 12\.0 \(12\.0–12\.0\) \| 2\.00× \(2\.00–2\.00\) \| 50 % \(50–50\) \|$/m);
  });
});

describe('bench:runtimes reasons', () => {
  it('cuts a native loader\'s message to its reason', () => {
    assert.equal(
      shortReason("arkime-iptrie (native): The module 'iptrie.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 127. Please try re-compiling"),
      "arkime-iptrie (native): a native addon built for NODE_MODULE_VERSION 115 (npm ci's Node), this runtime needs 127",
    );
    assert.equal(
      shortReason('arkime-iptrie (native): Cannot load native addon at iptrie.node: it was built against the legacy Node.js native addon API (NODE_MODULE / nan), which Deno does not support. Only Node-API (N-API) addons are supported.'),
      'arkime-iptrie (native): a nan addon, and Deno loads only N-API addons',
    );
    assert.equal(shortReason('x: something else'), 'x: something else');
  });
});

describe('bench:runtimes JSON schema', () => {
  it('accepts a result as main.ts builds it', () => {
    assert.deepEqual(validateRuntimesResult(JSON.parse(JSON.stringify(result([runtime()])))), []);
  });

  it('names the path of what is wrong', () => {
    const doc = JSON.parse(JSON.stringify(result([runtime()])));
    doc.schema = 'calico-ipip-sim/bench-runtimes@0';
    doc.runtimes[0].parts.worker.unit = 'ns/packet';
    delete doc.runtimes[0].parts.step.summary.ts;
    doc.runtimes[0].parts.step.rounds[0].wasm = [];
    const problems = validateRuntimesResult(doc);
    assert.ok(problems.some((p) => p.startsWith('$.schema:')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('$.runtimes[0].parts.worker.unit:')), problems.join('\n'));
    assert.ok(problems.some((p) => p === '$.runtimes[0].parts.step.summary.ts: missing'), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('$.runtimes[0].parts.step.rounds[0].wasm:')), problems.join('\n'));
  });

  it('every committed run in bench/results/*-runtimes.json matches it', () => {
    const files = readdirSync(join(ROOT, 'bench/results')).filter((f) => f.endsWith('-runtimes.json'));
    assert.ok(files.length > 0, 'no bench/results/*-runtimes.json');
    for (const f of files) assert.deepEqual(validateRuntimesResult(JSON.parse(readFileSync(join(ROOT, 'bench/results', f), 'utf8'))), [], f);
  });
});

describe('bench:runtimes processes', () => {
  it('keeps the line of a failed process that says why, without colours or the repository path', () => {
    const out = '\x1b[31merror\x1b[0m: Uncaught TypeError: Cannot load /repo/node_modules/x.node\n    at foo (/repo/a.ts:1:1)\n';
    assert.equal(errorLine(out, '/repo'), 'error: Uncaught TypeError: Cannot load node_modules/x.node');
    assert.equal(errorLine('first\nlast line\n'), 'last line');
  });

  it('runs TypeScript through tsx under Node, natively under Bun and Deno', () => {
    assert.deepEqual(commandFor('node', 'node', '/r/e.ts', ['--part', 'step']), ['node', '--import', 'tsx', '/r/e.ts', '--part', 'step']);
    assert.deepEqual(commandFor('bun', '/b/bun', '/r/e.ts'), ['/b/bun', '/r/e.ts']);
    assert.deepEqual(commandFor('deno', '/d/deno', '/r/e.ts'), ['/d/deno', 'run', '-A', '/r/e.ts']);
  });
});
