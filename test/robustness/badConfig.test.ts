// Bad configuration and bad arguments, through the real binary (bin/calico-ipip-sim.js) as a
// subprocess: what a user sees is exit status 2 and ONE stderr line that names the field and
// the offending value. Each case starts from a valid cluster file and breaks one thing.
//
// The subprocesses run in parallel (two at a time: CI has two cores) in `before`; the cases
// marked inProcess go through the CLI's run() directly (at least 15 still use the binary).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../host/cli/main.ts';
import { ensureCli } from '../embed/dist.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/calico-ipip-sim.js');
const BASE = readFileSync(join(ROOT, 'examples/clusters/crosssubnet-3node.yaml'), 'utf8');

interface Case {
  name: string;
  /** Run through host/cli/main.ts run() in this process instead of spawning the binary (same
   *  code path after argv; keeps the file fast: each spawn costs a Node start-up). */
  inProcess?: boolean;
  /** Cluster file text (written to a temp file and passed with --cluster), or none. */
  yaml?: string;
  /** Arguments after --cluster FILE (or all the arguments when there is no yaml). */
  args: string[];
  /** What stderr must name: the field (path or flag) and the value. */
  field: RegExp;
  value: RegExp;
}

/** BASE with exactly one textual edit; fails loudly if the edit does not apply. */
function edit(from: string | RegExp, to: string): string {
  const out = BASE.replace(from, to);
  if (out === BASE) throw new Error(`test setup: ${String(from)} not found in the base cluster`);
  return out;
}

const ROUTE = ['exec', 'node-a', '--', 'ip', 'route'];

const CASES: Case[] = [
  // ── cluster YAML ──
  { name: 'YAML syntax error', yaml: edit(/^pools:/m, 'pools: ['), args: ROUTE, field: /cluster\.yaml:\d+:\d+/, value: /bad YAML/ },
  { inProcess: true, name: 'duplicate YAML key', yaml: edit(/^mtu: 1500$/m, 'mtu: 1500\nmtu: 1400'), args: ROUTE, field: /cluster\.yaml:\d+:\d+/, value: /keys must be unique/ },
  { inProcess: true, name: 'empty file', yaml: '', args: ROUTE, field: /cluster/, value: /got null/ },
  { name: 'wrong type: mtu is a word', yaml: edit(/^mtu: 1500$/m, 'mtu: big'), args: ROUTE, field: /mtu/, value: /"big"/ },
  { inProcess: true, name: 'mtu out of range', yaml: edit(/^mtu: 1500$/m, 'mtu: 100'), args: ROUTE, field: /mtu/, value: /got 100\b/ },
  { name: 'unknown top-level field', yaml: edit(/^mtu: 1500$/m, 'mtu: 1500\nmtuu: 1'), args: ROUTE, field: /mtuu/, value: /unknown field/ },
  { name: 'bad node IP', yaml: edit('ip: 10.0.1.12', 'ip: 10.0.1.300'), args: ROUTE, field: /nodes\[1\]\.ip/, value: /"10\.0\.1\.300"/ },
  { inProcess: true, name: 'prefixLen out of range', yaml: edit('prefixLen: 24', 'prefixLen: 40'), args: ROUTE, field: /nodes\[0\]\.prefixLen/, value: /got 40\b/ },
  { name: 'bad uplink MAC', yaml: edit('mac: 00:0c:29:0a:01:0b', 'mac: 00:0c:29:0a:01'), args: ROUTE, field: /nodes\[0\]\.mac/, value: /"00:0c:29:0a:01"/ },
  { inProcess: true, name: 'gateway outside the node subnet', yaml: edit('gateway: 10.0.2.1', 'gateway: 10.0.3.1'), args: ROUTE, field: /nodes\[2\]\.gateway/, value: /"10\.0\.3\.1"/ },
  { name: 'duplicate node name', yaml: edit('name: node-b', 'name: node-a'), args: ROUTE, field: /nodes\[1\]\.name/, value: /"node-a"/ },
  { inProcess: true, name: 'node name not DNS-1123', yaml: edit('name: node-c', 'name: Node_C'), args: ROUTE, field: /nodes\[2\]\.name/, value: /"Node_C"/ },
  { inProcess: true, name: 'block with host bits set', yaml: edit('gateway: 10.0.1.1\n', 'gateway: 10.0.1.1\n    block: 10.244.0.32/26\n'), args: ROUTE, field: /nodes\[0\]\.block/, value: /"10\.244\.0\.32\/26"/ },
  { name: 'bad pool CIDR', yaml: edit('10.244.0.0/16', '10.244.0.0/33'), args: ROUTE, field: /pools\[0\]\.cidr/, value: /"10\.244\.0\.0\/33"/ },
  {
    name: 'overlapping pools',
    yaml: edit(/^pods:/m, '  - { name: p2, cidr: 10.244.128.0/17, blockSize: 26, ipipMode: Always }\npods:'),
    args: ROUTE, field: /pools\[1\]\.cidr/, value: /"10\.244\.128\.0\/17"/,
  },
  { name: 'blockSize out of range', yaml: edit('blockSize: 26', 'blockSize: 19'), args: ROUTE, field: /pools\[0\]\.blockSize/, value: /got 19\b/ },
  { name: 'block larger than the pool', yaml: edit('10.244.0.0/16', '10.244.0.0/28'), args: ROUTE, field: /pools\[0\]\.blockSize/, value: /got 26\b/ },
  { name: 'ipipMode misspelt', yaml: edit('ipipMode: CrossSubnet', 'ipipMode: crosssubnet'), args: ROUTE, field: /pools\[0\]\.ipipMode/, value: /"crosssubnet"/ },
  { name: 'pod on an unknown node', yaml: edit('name: web-2, node: node-c', 'name: web-2, node: node-z'), args: ROUTE, field: /pods\[2\]\.node/, value: /"node-z"/ },
  { inProcess: true, name: 'duplicate pod', yaml: edit('name: web-1, node', 'name: web-0, node'), args: ROUTE, field: /pods\[1\]\.name/, value: /"web-0"/ },
  { inProcess: true, name: 'multicast pod MAC', yaml: edit('name: client, node: node-a }', 'name: client, node: node-a, mac: "01:00:5e:00:00:01" }'), args: ROUTE, field: /pods\[3\]\.mac/, value: /"01:00:5e:00:00:01"/ },
  { inProcess: true, name: 'unknown pod tools', yaml: edit('name: client, node: node-a }', 'name: client, node: node-a, tools: bash }'), args: ROUTE, field: /pods\[3\]\.tools/, value: /"bash"/ },
  { inProcess: true, name: 'bad service IP', yaml: edit('10.96.0.10]', '10.96.0.300]'), args: ROUTE, field: /serviceIps\[1\]/, value: /"10\.96\.0\.300"/ },
  {
    inProcess: true, name: 'Service selector matching no pod',
    yaml: edit('serviceIps: [10.96.0.1, 10.96.0.10]', 'serviceIps: [10.96.0.1, 10.96.0.10]\nservices:\n  - { namespace: default, name: web, clusterIP: 10.96.0.20, selector: { app: wbe }, ports: [{ port: 80 }] }'),
    args: ROUTE, field: /services\[0\]\.selector/, value: /"app":"wbe"/,
  },
  {
    inProcess: true, name: 'nodePort outside 30000-32767',
    yaml: edit('serviceIps: [10.96.0.1, 10.96.0.10]', 'serviceIps: [10.96.0.1, 10.96.0.10]\nservices:\n  - { namespace: default, name: web, type: NodePort, clusterIP: 10.96.0.20, endpoints: [10.244.0.1], ports: [{ port: 80, nodePort: 29999 }] }'),
    args: ROUTE, field: /services\[0\]\.ports\[0\]\.nodePort/, value: /got 29999\b/,
  },
  {
    inProcess: true, name: 'Service port conflict',
    yaml: edit('serviceIps: [10.96.0.1, 10.96.0.10]', 'serviceIps: [10.96.0.1, 10.96.0.10]\nservices:\n  - { namespace: default, name: web, clusterIP: 10.96.0.20, endpoints: [], ports: [{ name: a, port: 80 }, { name: b, port: 80 }] }'),
    args: ROUTE, field: /services\[0\]\.ports\[1\]\.port/, value: /got 80\b/,
  },
  {
    inProcess: true, name: 'node port used twice',
    yaml: edit('serviceIps: [10.96.0.1, 10.96.0.10]', 'serviceIps: [10.96.0.1, 10.96.0.10]\nservices:\n  - { namespace: default, name: a, type: NodePort, clusterIP: 10.96.0.20, endpoints: [], ports: [{ port: 80, nodePort: 30080 }] }\n  - { namespace: default, name: b, type: NodePort, clusterIP: 10.96.0.21, endpoints: [], ports: [{ port: 80, nodePort: 30080 }] }'),
    args: ROUTE, field: /services\[1\]\.ports\[0\]\.nodePort/, value: /got 30080\b/,
  },
  // ── command line ──
  { name: 'missing cluster file', args: ['--cluster', '/nonexistent/cluster.yaml', 'exec', 'node-a', '--', 'ip', 'route'], field: /--cluster/, value: /"\/nonexistent\/cluster\.yaml"/ },
  { inProcess: true, name: '--cluster without its argument', args: ['--cluster'], field: /^error: --cluster: /, value: /needs a value/ },
  { name: 'unknown command', args: ['frobnicate'], field: /^error: command: /, value: /\(got "frobnicate"\)/ },
  { name: 'unknown host for exec', args: ['exec', 'no-such-host', '--', 'ip', 'addr'], field: /host/, value: /"no-such-host"/ },
  { name: 'unknown command for exec', args: ['exec', 'k8s-master-1', '--', 'frob'], field: /command/, value: /"frob"/ },
  { name: 'get: unknown resource', args: ['get', 'services'], field: /resource/, value: /"services"/ },
  { name: 'get: bad -o value', args: ['get', 'pods', '-A', '-o', 'yml'], field: /-o/, value: /"yml"/ },
  { inProcess: true, name: 'get: bad --field-selector', args: ['get', 'pods', '-A', '--field-selector', 'foo=bar'], field: /--field-selector/, value: /"foo=bar"/ },
  { inProcess: true, name: 'get: bad custom-columns', args: ['get', 'pods', '-A', '-o', 'custom-columns=FOO'], field: /custom-columns/, value: /"FOO"/ },
];

interface Result { code: number | null; signal: NodeJS.Signals | null; out: string; err: string }

function runBin(args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

async function runInProcess(args: string[]): Promise<Result> {
  let out = '';
  let err = '';
  const code = await run(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, signal: null, out, err };
}

async function runAll(cases: Case[], dir: string, parallel: number): Promise<Result[]> {
  const results: Result[] = new Array(cases.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i];
      let args = c.args;
      if (c.yaml !== undefined) {
        mkdirSync(join(dir, `case${i}`));
        const file = join(dir, `case${i}`, 'cluster.yaml');
        writeFileSync(file, c.yaml);
        args = ['--cluster', file, ...c.args];
      }
      results[i] = c.inProcess ? await runInProcess(args) : await runBin(args);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return results;
}

describe('robustness: bad configuration and arguments (real CLI binary)', function () {
  let dir = '';
  let results: Result[] = [];

  before(async function () {
    await ensureCli();
    dir = mkdtempSync(join(tmpdir(), 'cis-badcfg-'));
    results = await runAll(CASES, dir, 2);
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('covers at least 15 distinct bad inputs through the binary', () => {
    assert.ok(CASES.filter((c) => !c.inProcess).length >= 15);
    assert.equal(new Set(CASES.map((c) => c.name)).size, CASES.length);
  });

  it('the base cluster itself is valid (so each case breaks exactly one thing)', async () => {
    const file = join(dir, 'base.yaml');
    writeFileSync(file, BASE);
    const r = await runBin(['--cluster', file, ...ROUTE]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
  });

  CASES.forEach((c, i) => {
    it(`${c.name}: exit 2, one line naming the field and the value${c.inProcess ? ' (in process)' : ''}`, () => {
      const r = results[i];
      assert.equal(r.signal, null, `killed by ${r.signal}`);
      assert.equal(r.code, 2, `exit ${r.code}; stderr: ${r.err}`);
      const lines = r.err.split('\n').filter((l) => l !== '');
      assert.equal(lines.length, 1, `expected one stderr line, got:\n${r.err}`);
      assert.match(lines[0], /^error: /);
      assert.match(lines[0], c.field);
      assert.match(lines[0], c.value);
      assert.doesNotMatch(r.err, /\n\s+at /, 'a stack trace leaked');
    });
  });

  // Found by this file: with no pod in the selected namespace, `get pods` used to print
  // "No resources found" and exit 0 before looking at -o (kubectl rejects the -o value first).
  it('get: bad -o value in an empty namespace exits 2', async () => {
    const r = await runBin(['get', 'pods', '-o', 'yml']);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /-o: .*"yml"/);
  });
});
