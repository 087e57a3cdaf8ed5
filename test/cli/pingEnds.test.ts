// A simulated ping has no Ctrl-C: every ping must stop by itself, or be refused up front with
// one line and exit 2 (one-shot, typed in a pod, and inside `shell`).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cli } from '../support/cli.ts';
import { ensureCli } from '../embed/dist.ts';
import { runShell } from '../../host/cli/commands/shell.ts';
import { session } from '../ping/support.ts';

const POD = 'busybox-77649b9c55-r6bx9';
const PEER = '172.16.109.65';
const SILENT = '172.16.196.9'; // the own block's blackhole: nothing ever answers
const BIN = fileURLToPath(new URL('../../bin/calico-ipip-sim.js', import.meta.url));

async function shell(line: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runShell(session(), [line], { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('ping that never ends is refused', () => {
  before(ensureCli);

  it('the binary answers -w 0 at once instead of printing replies forever', () => {
    // a separate process: the hang was a synchronous loop that no mocha timeout interrupts
    const r = spawnSync(process.execPath, [BIN, 'ping', POD, PEER, '-w', '0'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 2, r.error?.message);
    assert.match(r.stderr, /^error: -w: 0 is no deadline/);
  });

  for (const [args, want] of [
    [['-w', '0'], /^error: -w: 0 is no deadline \(as in busybox\).* \(got 0\)\n$/],
    [['-w', '0', '-q'], /^error: -w: 0 is no deadline/],
    [['-c', '0', '-w', '0'], /^error: -w: 0 is no deadline/],
    [['-w', '1', '-i', '0'], /^error: -i: with -w and no -c, an interval of 0 .* \(got 0\)\n$/],
    [['-c', '0'], /^error: -c: give -c COUNT or -w SECONDS/],
    [['-c', '200000', '-i', '0'], /^error: -c: a simulated ping sends at most 100000 echo requests \(this one would send 200000\) \(got 200000\)\n$/],
    [['-w', '2000', '-i', '0.001'], /^error: -i: a simulated ping sends at most 100000 echo requests/],
  ] as const) {
    it(`ping ${args.join(' ')}: one line, exit 2`, async () => {
      for (const host of [PEER, SILENT]) {
        const r = await cli('ping', POD, host, ...args);
        assert.equal(r.code, 2, r.err);
        assert.match(r.err, want);
        assert.equal(r.out, '');
      }
    });
  }

  it('typed in a pod and inside shell: the same refusal', async () => {
    const exec = await cli('exec', POD, '--', 'ping', '-w', '0', PEER);
    assert.equal(exec.code, 2);
    assert.match(exec.err, /^error: -w: 0 is no deadline/);
    for (const line of [`ping ${POD} ${PEER} -w 0`, `exec ${POD} -- ping -q -w 0 ${SILENT}`, `ping ${POD} ${PEER} -w 1 -i 0`]) {
      const r = await shell(line);
      assert.equal(r.code, 2, line);
      assert.equal(r.err.split('\n').length, 2, r.err);
    }
  });

  it('-c with -i 0 and -w with -i > 0 still end by themselves', async () => {
    const a = await cli('ping', POD, PEER, '-c', '3', '-i', '0', '-w', '1', '-q');
    assert.equal(a.code, 0, a.err);
    assert.match(a.out, /3 packets transmitted, 3 packets received/);
    const b = await cli('ping', POD, SILENT, '-w', '2', '-q');
    assert.equal(b.code, 1);
    assert.match(b.out, /3 packets transmitted, 0 packets received, 100% packet loss/);
  });

  it("-w over busybox's INT_MAX/1000000 s is cut to 2147 s, as busybox does (not wrapped on its 32-bit µs clock)", async () => {
    const r = await cli('ping', POD, SILENT, '-w', '3000', '-i', '500', '-q');
    assert.equal(r.code, 1);
    assert.match(r.out, /\n5 packets transmitted, 0 packets received/);
  });
});
