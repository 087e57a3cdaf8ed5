// The benchmark across subnets: synthetic clusters over K subnets joined by the default router
// (a node without pods that a worker owns), the IPIP mode as an option, and the accounting that
// never calls a frame delivered unless it reached its pod.

import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../host/cli/main.ts';
import { validateBenchResult } from './schema.ts';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

const QUICK = ['--duration', '0.1', '--warmup', '0.05', '--runs', '1', '--no-progress'];

describe('bench across subnets', function () {
  this.timeout(90_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'bench-subnets-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const mode of ['Always', 'CrossSubnet'] as const) {
    it(`--nodes 4 --subnets 2 --ipip-mode ${mode}: every generated frame reaches its pod through the router, and the run says so`, async () => {
      const file = join(dir, `${mode}.json`);
      const r = await cli(['bench', '--engine', 'ts,wasm', '--nodes', '4', '--subnets', '2', '--ipip-mode', mode, '--workers', '2', ...QUICK, '--json', file]);
      assert.equal(r.code, 0, r.err + r.out);
      assert.match(r.out, new RegExp(`cluster: synthetic, 2 subnets, ${mode}, 4 nodes \\+ 1 router \\(2 subnets\\)`));
      assert.match(r.out, /drops: none \(every generated frame was delivered\)/);
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      assert.deepEqual(validateBenchResult(doc), []);
      assert.equal(doc.config.routers, 1);
      for (const e of doc.engines) {
        assert.equal(e.outcome.allArrived, true, JSON.stringify(e.outcome));
        assert.equal(e.outcome.deliveredPod, e.conservation.generated);
        assert.ok(e.counters.forwarded > 0);
      }
    });
  }

  it('--ipip-mode Never across subnets without pod routes on the router: the frames cannot arrive, reported by reason, exit 1', async () => {
    const file = join(dir, 'never.json');
    const r = await cli(['bench', '--engine', 'wasm', '--nodes', '4', '--subnets', '2', '--ipip-mode', 'Never', ...QUICK, '--json', file]);
    assert.equal(r.code, 1, r.err + r.out);
    assert.doesNotMatch(r.out, /drops: none/);
    assert.match(r.out, /where the frames went/);
    assert.match(r.out, /dropped: noRoute/);
    assert.match(r.err, /^error: wasm: frames of the flows cannot reach their pods: \d+ dropped \(noRoute\)/m);
    const e = JSON.parse(readFileSync(file, 'utf8')).engines[0];
    assert.equal(e.outcome.allArrived, false);
    assert.ok(e.outcome.drops.noRoute > 0);
  });

  it('a gateway outside the cluster (routers: []): the frames left the cluster, never delivered; --allow-leaving accepts it', async () => {
    const spec = [
      'nodes:',
      '  - {name: a, ip: 10.0.1.11, prefixLen: 24, gateway: 10.0.1.1}',
      '  - {name: b, ip: 10.0.2.12, prefixLen: 24, gateway: 10.0.2.1}',
      'routers: []',
      'pools: [{cidr: 10.244.0.0/16, blockSize: 26, ipipMode: Always}]',
      'pods: [{namespace: default, name: p, node: a}, {namespace: default, name: q, node: b}]',
    ].join('\n');
    const cluster = join(dir, 'outside.yaml');
    writeFileSync(cluster, spec);
    const r = await cli(['bench', '--cluster', cluster, '--engine', 'wasm', ...QUICK]);
    assert.equal(r.code, 1, r.err + r.out);
    assert.match(r.out, /left the cluster +│ +[1-9]/);
    assert.doesNotMatch(r.out, /drops: none/);
    assert.match(r.err, /\d+ left the cluster \(--allow-leaving if that traffic is meant to leave\)/);
    const ok = await cli(['bench', '--cluster', cluster, '--engine', 'wasm', ...QUICK, '--allow-leaving']);
    assert.equal(ok.code, 0, ok.err + ok.out);
    assert.match(ok.out, /left the cluster/);
  });

  it('bad --subnets / --ipip-mode: one line naming the flag, exit 2', async () => {
    for (const [args, flag] of [
      [['--subnets', '2'], '--subnets'],
      [['--nodes', '2', '--subnets', '3'], '--subnets'],
      [['--nodes', '4', '--ipip-mode', 'always'], '--ipip-mode'],
    ] as const) {
      const r = await cli(['bench', ...args, '--no-progress']);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.ok(r.err.startsWith(`error: ${flag}: `), r.err);
    }
  });
});
