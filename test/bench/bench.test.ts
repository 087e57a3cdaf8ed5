// The benchmark end to end, briefly (≈ 0.2 s of traffic per engine): the CLI in-process with
// --json, the document validated against the schema, conservation re-derived from its numbers.
// No timing assertion anywhere: only that frames flowed and every one is accounted for.

import { strict as assert } from 'node:assert';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as cli } from '../support/cli.ts';
import { validateBenchResult } from './schema.ts';
import { ensureCli } from '../embed/dist.ts';
import { EXIT_CLOSED_PIPE } from '../../host/io.ts';
import { runWithReaderGone } from '../support/closedPipe.ts';

const QUICK = ['--duration', '0.1', '--warmup', '0.05', '--runs', '1', '--no-progress'];

describe('bench', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'bench-test-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs null, ts and wasm on the seed cluster; --json matches the schema and conserves frames', async () => {
    const file = join(dir, 'seed.json');
    const r = await cli(['bench', '--engine', 'null,ts,wasm', ...QUICK, '--json', file]);
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, /conservation: passed/);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(validateBenchResult(doc), []);
    assert.deepEqual(doc.engines.map((e: { engine: string }) => e.engine), ['null', 'ts', 'wasm']);
    assert.equal(doc.config.nodes, 2);
    assert.equal(doc.config.pods, 3);
    for (const e of doc.engines) {
      const c = e.conservation;
      assert.ok(e.totals.delivered > 0, `${e.engine}: no frame delivered`);
      assert.equal(c.inFlight, 0, `${e.engine}: rings not empty after the drain`);
      assert.equal(c.generated, e.totals.generated);
      assert.equal(c.generated + c.created, c.delivered + c.dropped + c.wired, `${e.engine}: ${c.detail}`);
      const dropSum = Object.values(e.counters.drops as Record<string, number>).reduce((a, b) => a + b, 0);
      assert.equal(dropSum, e.counters.dropped);
      assert.equal(c.sinkDelivered, e.counters.deliveredPod, `${e.engine}: pods received ≠ core delivered-to-pod`);
      assert.equal(c.passed, true);
    }
    // every cross-host frame of the seed cluster is encapsulated once and decapsulated once
    const wasm = doc.engines.find((e: { engine: string }) => e.engine === 'wasm');
    assert.equal(wasm.counters.encap, wasm.counters.decap);
    assert.equal(wasm.counters.encap, wasm.totals.delivered);
  });

  it('runs a synthetic cluster with mixed flows (--nodes 4 --pods-per-node 3 --mix mixed)', async () => {
    const file = join(dir, 'mixed.json');
    const r = await cli(['bench', '--engine', 'wasm,ts', '--nodes', '4', '--pods-per-node', '3', '--mix', 'mixed', '--size', '64', ...QUICK, '--json', file]);
    assert.equal(r.code, 0, r.err + r.out);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(validateBenchResult(doc), []);
    assert.equal(doc.config.pods, 12);
    assert.deepEqual(doc.config.flows, { cross: 12, same: 12 });
    for (const e of doc.engines) assert.equal(e.conservation.passed, true, e.conservation.detail);
  });

  it('jumbo: --nodes 2 --mtu 9000 carries 8994-byte frames (the pods\' MTU 8980 + 14) end to end; 9014 is counted at the cali (rxOverMtu), conserved', async () => {
    for (const [size, forwarded] of [[8994, true], [9014, false]] as const) {
      const file = join(dir, `jumbo-${size}.json`);
      const r = await cli(['bench', '--engine', 'null,ts,wasm', '--nodes', '2', '--mtu', '9000', '--size', String(size), ...QUICK, '--json', file]);
      assert.equal(r.code, 0, r.err + r.out);
      assert.match(r.out, /cluster: synthetic, MTU 9000,/);
      assert.match(r.out, /conservation: passed/);
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      assert.deepEqual(validateBenchResult(doc), []);
      assert.equal(doc.config.size, size);
      const oversize = /wasm: \d+ frames dropped on arrival as longer than their interface's MTU \+ 18 \(rxOverMtu\)/;
      assert.equal(oversize.test(r.out), !forwarded, 'the warning exactly when the pods cannot send --size');
      for (const e of doc.engines) {
        const c = e.conservation;
        assert.equal(c.passed, true, `${e.engine}: ${c.detail}`);
        assert.ok(c.generated > 0, `${e.engine}: nothing generated`);
        if (e.engine === 'null') continue; // copies every frame, forwards nothing
        if (forwarded) {
          assert.equal(e.totals.delivered, c.generated, `${e.engine}: every jumbo frame delivered`);
          assert.equal(e.counters.encap, e.totals.delivered);
          assert.equal(e.counters.dropped, 0);
        } else {
          // 9014 > 8980 + 18: the veth refuses it (is_skb_forwardable), as 1514 at MTU 1500
          assert.deepEqual(Object.keys(e.counters.drops), ['rxOverMtu'], JSON.stringify(e.counters.drops));
          assert.equal(e.counters.dropped, c.generated);
        }
      }
    }
  });

  it('interleaves the engines in rounds, calibrates at both ends and records the load (bench@3)', async () => {
    const file = join(dir, 'rounds.json');
    const r = await cli(['bench', '--engine', 'null,wasm', '--duration', '0.1', '--warmup', '0.05', '--runs', '3', '--no-progress', '--json', file]);
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, /copy ceiling \(2 threads, one 128-slot ring of 2048 B slots, bursts of 32, 98 B frames\): [\d.]+ Mpps at the start, [\d.]+ at the end: the machine (was in its (FAST|SLOW) state|CHANGED state)/);
    assert.match(r.out, /load average [\d. ]+ before, [\d. ]+ after; steal/);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(validateBenchResult(doc), []);
    assert.equal(doc.config.interleaved, true);
    for (const e of doc.engines) {
      assert.equal(e.sessions, 3);
      assert.equal(e.runs.length, 3);
      assert.equal(e.mpps.n, 3);
      assert.ok(e.mpps.ci95[0] <= e.mpps.mean && e.mpps.mean <= e.mpps.ci95[1]);
      assert.equal(e.conservation.passed, true, e.conservation.detail);
    }
    assert.equal(doc.roundRatios.wasm_null.length, 3);
    // A rate, never a verdict on speed: under heavy load the consumer thread may not be scheduled
    // inside a 0.1 s window at all, so 0 is a legitimate reading; NaN or negative is a bug.
    for (const end of [doc.calibration.start, doc.calibration.end]) {
      assert.ok(Number.isFinite(end.mpps) && end.mpps >= 0 && end.seconds > 0, JSON.stringify(end));
    }
    assert.ok(['fast', 'slow', 'changed'].includes(doc.calibration.state));
    assert.equal(doc.calibration.slots, doc.config.inboxSlots);
    assert.equal(doc.config.inboxSlots, 2 * doc.config.ringSlots);
  });

  it('cuts each run into turns the engines take in order: a run is its turns\' frames over their seconds (bench@5)', async () => {
    const file = join(dir, 'turns.json');
    const r = await cli(['bench', '--engine', 'null,wasm', '--duration', '0.3', '--slice', '0.1', '--warmup', '0.05', '--runs', '2', '--no-progress', '--json', file]);
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, /runs: 2 rounds × 0\.3 s per engine, in 3 turns of 0\.100 s taken by null, wasm, …/);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(validateBenchResult(doc), []);
    assert.equal(doc.config.slice, 0.1);
    assert.equal(doc.config.turns, 3);
    for (const e of doc.engines) {
      assert.equal(e.sessions, 6, 'two rounds of three turns');
      assert.equal(e.runs.length, 2, 'one run per round');
      for (const run of e.runs) {
        // three turns of ~0.1 s each, timed from snapshot to snapshot
        assert.ok(run.seconds > 0.25 && run.seconds < 1, `${e.engine}: ${run.seconds} s`);
        assert.ok(Math.abs(run.mpps - run.delivered / run.seconds / 1e6) < 1e-9);
      }
      assert.equal(e.conservation.passed, true, e.conservation.detail);
      assert.match(e.conservation.detail, /\(6 sessions\)/);
      // every timed frame was counted by the books of its turn's session
      assert.ok(e.totals.delivered >= e.runs.reduce((a: number, x: { delivered: number }) => a + x.delivered, 0));
    }
  });

  for (const mix of ['random', 'reply', 'hotspot'] as const) {
    it(`--mix ${mix} on 8 nodes: every engine conserves; the core encapsulates what crosses hosts`, async () => {
      const file = join(dir, `${mix}.json`);
      const r = await cli(['bench', '--nodes', '8', '--mix', mix, ...QUICK, '--json', file]);
      assert.equal(r.code, 0, r.err + r.out);
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      assert.deepEqual(validateBenchResult(doc), []);
      assert.equal(doc.config.mix, mix);
      assert.ok(doc.config.flows.cross > 0);
      for (const e of doc.engines) {
        assert.equal(e.conservation.passed, true, `${e.engine}: ${e.conservation.detail}`);
        assert.ok(e.totals.delivered > 0, `${e.engine}: nothing delivered`);
      }
      const wasm = doc.engines.find((e: { engine: string }) => e.engine === 'wasm');
      assert.ok(wasm.counters.decap > 0 && wasm.counters.encap >= wasm.counters.decap, `encap ${wasm.counters.encap}, decap ${wasm.counters.decap}`);
      if (mix === 'reply') assert.ok(wasm.counters.echoReplies === 0, 'the pods\' replies are forwarded, not answered by nodes');
    });
  }

  // The null engine's pod directory held the cali index in one octet: from the 254th pod of a
  // node on, its frames went to another interface's ring or out of the uplink, and its books
  // no longer balanced (the core's did).
  it('a node with 300 pods (a /22 block): every engine conserves, the null engine too', async () => {
    const cluster = join(dir, 'pods300.yaml');
    const pods = Array.from({ length: 300 }, (_, i) => `  - { namespace: default, name: p${i}, node: ${i < 290 ? 'n1' : 'n2'} }`);
    writeFileSync(cluster, ['mtu: 1500', 'nodes:', '  - { name: n1, ip: 10.0.0.11, prefixLen: 24, gateway: 10.0.0.1 }',
      '  - { name: n2, ip: 10.0.0.12, prefixLen: 24, gateway: 10.0.0.1 }', 'pools:',
      '  - { name: p, cidr: 10.244.0.0/16, blockSize: 22, ipipMode: Always }', 'pods:', ...pods, ''].join('\n'));
    for (const mix of ['same', 'random']) {
      const file = join(dir, `pods300-${mix}.json`);
      const r = await cli(['bench', '--cluster', cluster, '--mix', mix, ...QUICK, '--json', file]);
      assert.equal(r.code, 0, r.err + r.out);
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      for (const e of doc.engines) {
        assert.equal(e.conservation.passed, true, `${mix}, ${e.engine}: ${e.conservation.detail}`);
        assert.equal(e.conservation.wired, 0, `${mix}, ${e.engine}: frames left the cluster`);
        assert.equal(e.conservation.sinkDelivered, e.counters.deliveredPod, `${mix}, ${e.engine}`);
      }
    }
  });

  it('--report writes a self-contained HTML page with the four charts; --json then carries the series', async () => {
    const html = join(dir, 'report.html');
    const file = join(dir, 'report.json');
    const r = await cli(['bench', '--engine', 'wasm', ...QUICK, '--report', html, '--json', file]);
    assert.equal(r.code, 0, r.err + r.out);
    const page = readFileSync(html, 'utf8');
    assert.equal((page.match(/<svg /g) ?? []).length, 4);
    assert.doesNotMatch(page, /<script|<link|src="http/);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(validateBenchResult(doc), []);
    assert.deepEqual(doc.series.workers.map((p: { x: number }) => p.x), [1, 2].slice(0, Math.min(2, doc.machine.cores)));
    assert.deepEqual(doc.series.sizes.map((p: { x: number }) => p.x), [64, 98, 256, 512, 1024, 1494]);
  });

  it('the schema check rejects broken documents', async () => {
    const file = join(dir, 'seed.json');
    const good = JSON.parse(readFileSync(file, 'utf8'));
    const broken = structuredClone(good);
    delete broken.engines[0].conservation;
    broken.config.mix = 'diagonal';
    broken.engines[1].mpps.median = 'fast';
    const problems = validateBenchResult(broken);
    assert.ok(problems.some((p) => p.startsWith('$.engines[0].conservation: missing')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('$.config.mix')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('$.engines[1].mpps.median')), problems.join('\n'));
  });

  // 1495..1498 octets at MTU 1500 pass the cali (its MTU 1480 + 18: is_skb_forwardable's VLAN
  // slack) and are too big for tunl0 with DF: the size asked, not a routing failure
  it('--size within the cali\'s VLAN slack above the pods\' MTU: fragNeeded, a warning, exit 0', async () => {
    const r = await cli(['bench', '--engine', 'wasm', '--size', '1496', ...QUICK]);
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, /WARNING: wasm: \d+ frames refused by ip_forward as larger than their route's MTU with DF set \(fragNeeded/);
  });

  it('names the flag and the value of a bad option, exit 2', async () => {
    for (const [args, flag, value] of [
      [['--size', '63'], '--size', '"63"'],
      [['--size', '1515'], '--size', '"1515"'],
      [['--size', '9231'], '--size', '"9231"'],
      [['--nodes', '2', '--mtu', '9000', '--size', '9015'], '--size', '"9015"'],
      [['--mtu', '575'], '--mtu', '"575"'],
      [['--mtu', '9217'], '--mtu', '"9217"'],
      [['--mtu', 'jumbo'], '--mtu', '"jumbo"'],
      [['--mix', 'diagonal'], '--mix', '"diagonal"'],
      [['--engine', 'wasm,gpu'], '--engine', '"gpu"'],
      [['--nodes', '5001'], '--nodes', '"5001"'],
      [['--workers', '0'], '--workers', '"0"'],
      [['--ring-slots', '100'], '--ring-slots', '"100"'],
      [['--duration', 'soon'], '--duration', '"soon"'],
      [['--nodes', '1', '--mix', 'cross'], '--mix', '"cross"'],
      [['--nodes', '2', '--workers', '3'], '--workers', '3'],
      [['--json', '/no-such-directory/x.json'], '--json', '"/no-such-directory/x.json"'],
      [['--report', tmpdir()], '--report', JSON.stringify(tmpdir())],
    ] as const) {
      const r = await cli(['bench', ...args, '--no-progress']);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.ok(r.err.startsWith(`error: ${flag}: `) && r.err.includes(value), `${args.join(' ')}: ${r.err}`);
    }
  });

  it('a worker that dies stops the run: exit 1, the node named, no hang', async () => {
    const r = await cli(['bench', '--engine', 'wasm', ...QUICK, '--fault-node', '1']);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.err, /worker 1 died: injected fault/);
    assert.match(r.err, /node: k8s-node-1/);
  });

  it('a worker thread that exits stops the run the same way', async () => {
    const r = await cli(['bench', '--engine', 'ts', ...QUICK, '--fault-node', '0:exit']);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.err, /worker 0 died: /);
    assert.match(r.err, /node: k8s-master-1/);
  });

  it('the service mix at 63 pods a node: every connection is made (no ctFull from a full conntrack set)', async () => {
    // 252 connections a node once overflowed a 4-way bucket of the default table: exit 1
    const r = await cli(['bench', '--nodes', '4', '--pods-per-node', '63', '--mix', 'service', '--engine', 'wasm', ...QUICK]);
    assert.equal(r.code, 0, r.err + r.out);
    assert.doesNotMatch(r.out, /ctFull/);
    assert.match(r.out, /conntrack 1024 KiB per node \(16384 connections\)/);
  });

  it('`npm run bench | head` ends the run quietly when the reader goes: the SIGPIPE status, no EPIPE trace', async () => {
    // dist/bench.js is what `npm run bench` runs (built by `npm ci`); the reader closes after the
    // first line, so the table's lines meet a closed pipe
    await ensureCli();
    const program = fileURLToPath(new URL('../../dist/bench.js', import.meta.url));
    const { status, err } = await runWithReaderGone(program, ['--engine', 'null', ...QUICK]);
    assert.equal(status, EXIT_CLOSED_PIPE, err); // 128 + SIGPIPE, as `cat` or `git log` end
    assert.equal(err, '');
  });
});
