// `npm pack` → install the tarball into an empty directory → use the package from there:
// the README's Embed snippet, a script that forwards frames through calico-ipip-sim/core and
// calico-ipip-sim/cluster on both engines, a TypeScript consumer typechecked against the
// shipped .d.ts, and the CLI. Dependencies come from the npm cache (`npm ci` filled it) or
// the registry.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, run, ensureDist, readmeSnippet } from './dist.ts';

const NPM_CLI = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath) ? process.env.npm_execpath : null;
const npm = (args: string[], cwd: string) =>
  NPM_CLI ? run(process.execPath, [NPM_CLI, ...args], { cwd }) : run('npm', args, { cwd });

// Plain Node ESM, no TypeScript loader: what an embedder writes.
const FORWARD = `
import assert from 'node:assert/strict';
import { loadCore } from 'calico-ipip-sim/core';
import { dataplaneFor, buildCluster, defaultClusterSpec } from 'calico-ipip-sim/cluster';

const echo = Buffer.concat([Buffer.from('eeeeeeeeeeee869c039edb9f080045000054f62e40004001bb16ac10c401ac106d410800f7e2001d0000', 'hex'), Buffer.alloc(56)]);
for (const engine of ['wasm', 'ts']) {
  const core = await loadCore({ engine });
  const master = core.createNode({
    name: 'k8s-master-1',
    uplink: { ip: '192.168.0.11', prefixLen: 24, mac: '00:0c:29:b1:02:f0', gateway: '192.168.0.2' },
    tunl0: { ip: '172.16.196.0' },
    pods: [{ ip: '172.16.196.1', mac: '86:9c:03:9e:db:9f', hostVeth: 'cali12242800409' }],
    routes: [{ dst: '172.16.109.64/26', via: '192.168.0.12', dev: 'tunl0', onlink: true }],
    neighbours: [{ ip: '192.168.0.12', mac: '00:0c:29:90:fa:e2' }],
  });
  const worker = core.createNode({
    name: 'k8s-node-1',
    uplink: { ip: '192.168.0.12', prefixLen: 24, mac: '00:0c:29:90:fa:e2' },
    tunl0: { ip: '172.16.109.64' },
    pods: [{ ip: '172.16.109.65', mac: 'ea:12:d7:1c:44:02', hostVeth: 'cali1b0be572c83' }],
  });
  assert.equal(core.push(master, 'cali12242800409', echo), true);
  core.stepAll();
  const [wire] = core.pull(master, 'ens160');
  assert.equal(Buffer.from(wire.subarray(0, 12)).toString('hex'), '000c2990fae2000c29b102f0');
  assert.equal(wire[23], 4);
  core.push(worker, 'ens160', wire);
  core.stepAll();
  const [inner] = core.pull(worker, 'cali1b0be572c83');
  assert.equal(inner[22], 62);
  assert.equal(core.counters(worker).decap, 1);

  const dp = await dataplaneFor(buildCluster(defaultClusterSpec()), { engine });
  dp.push(dp.node('k8s-master-1'), 'cali12242800409', echo);
  dp.stepAll();
  assert.equal(dp.pull(dp.node('k8s-node-1'), 'cali1b0be572c83')[0][22], 62);
  console.log(engine, 'ok');
}
`;

// A TypeScript consumer: the shipped .d.ts must describe the API (and reject misuse).
const CONSUMER_TS = `
import { loadCore, type NodeDescription, type NodeCounters } from 'calico-ipip-sim/core';
import { dataplaneFor, buildCluster, defaultClusterSpec, type ClusterDataplane } from 'calico-ipip-sim/cluster';
const desc: NodeDescription = { name: 'n', uplink: { ip: '10.0.0.1', prefixLen: 24, mac: '00:00:00:00:00:01' } };
const core = await loadCore({ engine: 'ts' });
const node = core.createNode(desc);
const ok: boolean = core.push(node, 'ens160', new Uint8Array(60));
const frames: Uint8Array[] = core.pull(node, 'ens160');
const c: NodeCounters = core.counters(node);
const n: number = c.deliveredPod + (c.drops.blackhole ?? 0) + c.ifaces['ens160'].rxPackets;
const off: () => void = core.onCapture(node, 'ens160', (f: Uint8Array, dir: 'rx' | 'tx') => void [f, dir], 'tx');
const dp: ClusterDataplane = await dataplaneFor(buildCluster(defaultClusterSpec()), { engine: 'wasm' });
dp.step(dp.node('k8s-master-1'));
// @ts-expect-error the engine is 'wasm' or 'ts'
await loadCore({ engine: 'vpp' });
// @ts-expect-error a node needs an uplink
core.createNode({ name: 'x' });
export { ok, frames, n, off };
`;

describe('npm pack: the package from a fresh directory', function () {
  this.timeout(180000);
  let dir: string;
  let app: string;
  before(async () => {
    await ensureDist();
    dir = mkdtempSync(join(tmpdir(), 'calico-ipip-sim-pack-'));
    app = join(dir, 'app');
    mkdirSync(app);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('packs, installs and forwards frames through both entry points (no TypeScript loader)', async () => {
    // dist/ and build/core.wasm are fresh (ensureDist, pretest): pack them without re-running prepare
    const { stdout } = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    const files = packed.files.map((f) => f.path);
    for (const f of ['build/core.wasm', 'dist/host/api/core.js', 'dist/host/api/core.d.ts', 'dist/host/api/cluster.js',
      'dist/host/api/cluster.d.ts', 'bin/calico-ipip-sim.js', 'dist/cli.js', 'dist/bench.js', 'dist/worker.js',
      'examples/clusters/crosssubnet-3node.yaml', 'examples/k8s/seed-cluster.yaml', 'examples/embed/ping.mjs',
      'README.md', 'LICENSE', 'package.json']) {
      assert.ok(files.includes(f), `${f} is in the package`);
    }
    // compiled only: no TypeScript sources (only the library's declarations), no tests, no core sources
    for (const f of files) assert.ok(!/^(test|assembly|host|bench|scripts|oracle)\/|\/\.|(?<!\.d)\.ts$/.test(f), `${f} is not shipped`);

    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'embed-consumer', private: true, type: 'module' }));
    await npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', join(dir, packed.filename)], app);

    writeFileSync(join(app, 'forward.mjs'), FORWARD);
    const fwd = await run(process.execPath, ['forward.mjs'], { cwd: app });
    assert.equal(fwd.stdout, 'wasm ok\nts ok\n');

    writeFileSync(join(app, 'snippet.mjs'), readmeSnippet(readFileSync(join(ROOT, 'README.md'), 'utf8')));
    const snip = await run(process.execPath, ['snippet.mjs'], { cwd: app });
    assert.equal(snip.stdout, '118 4 63 1\n', 'the README snippet prints what its comment says');
  });

  it('types: a TypeScript consumer typechecks against the shipped .d.ts', async () => {
    writeFileSync(join(app, 'consumer.ts'), CONSUMER_TS);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true,
        types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')],
      },
      files: ['consumer.ts'],
    }));
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: app })
      .catch((e: { stdout: string }) => assert.fail(`tsc:\n${e.stdout}`));
  });

  it('the CLI runs from the installed package, without a TypeScript loader or compiler installed', async () => {
    const bin = join(app, 'node_modules/calico-ipip-sim/bin/calico-ipip-sim.js');
    const { stdout } = await run(process.execPath, [bin, 'get', 'pods', '-o', 'wide', '-A'], { cwd: app });
    assert.match(stdout, /busybox-77649b9c55-7d27b\s+.*172\.16\.109\.65\s+k8s-node-1/);
    for (const dev of ['tsx', 'esbuild', 'typescript']) {
      await run(process.execPath, ['--input-type=module', '-e', `import.meta.resolve('${dev}')`], { cwd: app })
        .then(() => assert.fail(`${dev} is installed with the package`), () => undefined);
    }
    const example = await run(process.execPath, [bin, '--cluster', join(app, 'node_modules/calico-ipip-sim/examples/clusters/crosssubnet-3node.yaml'), 'get', 'nodes'], { cwd: app });
    assert.match(example.stdout, /^NAME\s+STATUS/);
  });

  it('the benchmark\'s workers load from the installed dist/ (piscina, dist/worker.js)', async () => {
    const bin = join(app, 'node_modules/calico-ipip-sim/bin/calico-ipip-sim.js');
    const { stdout } = await run(process.execPath, [bin, 'bench', '--engine', 'wasm', '--workers', '1', '--duration', '0.2', '--warmup', '0.1', '--runs', '1', '--no-progress'], { cwd: app });
    assert.match(stdout, /^conservation: passed$/m);
  });
});
