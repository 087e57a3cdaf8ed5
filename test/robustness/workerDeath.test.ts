// A worker that throws mid-run, through the real binary: the benchmark's hidden
// `--fault-node N` (host/cli/commands/bench.ts → host/runtime/worker.ts) makes the worker
// owning node N throw while stepping it, after its first 1000 loops. Expected: exit 1, one
// message naming the worker, the node and the error, the counters read so far, and the
// process ends on its own long before the 30 s run would have: the CLI never calls
// process.exit, so a piscina thread left alive would keep it running until our kill timer.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCli } from '../embed/dist.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/calico-ipip-sim.js');
const DURATION_S = 30;
const KILL_AFTER_MS = 90_000;

interface Run { code: number | null; signal: NodeJS.Signals | null; err: string; out: string; ms: number; killed: boolean }

function bench(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, 'bench', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killed = false;
    const timer = setTimeout(() => { killed = true; child.kill('SIGKILL'); }, KILL_AFTER_MS);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, err, out, ms: performance.now() - t0, killed });
    });
  });
}

// `N` throws inside the step loop; `N:exit` ends the worker thread abruptly (process.exit in
// a worker thread: no exception reaches piscina's task, only the thread's exit), as a crash would.
const CASES = [
  { engine: 'wasm', node: 1, name: 'k8s-node-1', exit: false },
  { engine: 'ts', node: 0, name: 'k8s-master-1', exit: false },
  { engine: 'wasm', node: 0, name: 'k8s-master-1', exit: true },
  { engine: 'ts', node: 1, name: 'k8s-node-1', exit: true },
];

describe('robustness: a worker dies mid-run (real CLI binary)', function () {
  this.timeout(KILL_AFTER_MS + 30_000);
  before(ensureCli);

  for (const c of CASES) {
    it(`${c.engine} engine, worker ${c.exit ? 'killed' : 'throws'} at node ${c.node}: exit 1, worker/node/error named, counters so far, no hang`, async () => {
      const fault = c.exit ? `${c.node}:exit` : String(c.node);
      const r = await bench(['--engine', c.engine, '--duration', String(DURATION_S), '--warmup', '0.2', '--runs', '1', '--no-progress', '--fault-node', fault]);
      assert.equal(r.killed, false, `still running after ${KILL_AFTER_MS} ms: a hang or an orphan thread\n${r.err}`);
      assert.equal(r.signal, null);
      assert.equal(r.code, 1, `exit ${r.code}\n${r.out}\n${r.err}`);
      assert.match(r.err, c.exit ? /^error: worker \d+ died: worker exited with code: 70$/m : /^error: worker \d+ died: injected fault \(--fault-node \d+\)$/m);
      assert.match(r.err, new RegExp(`^  node: ${c.name}$`, 'm'));
      assert.match(r.err, /counters so far: generated \d+, delivered \d+/);
      assert.doesNotMatch(r.err, /\n\s+at /, 'a stack trace leaked');
      // it stopped because of the fault, not because the timed run ended
      assert.ok(r.ms < DURATION_S * 1000, `took ${Math.round(r.ms)} ms, the whole ${DURATION_S} s run`);
    });
  }
});
