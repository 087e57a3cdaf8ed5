// The simulated clock and the core's wrapping timers are exact only so far (HORIZON_S): a sleep,
// ping or traceroute that would run past it is refused with one line naming it, exit 2, and
// `sleep`'s errors show the operand as typed, one-shot and in `shell` alike.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli.ts';
import { runShell } from '../../host/cli/commands/shell.ts';
import { session } from '../ping/support.ts';
import { HORIZON_S } from '../../host/sim/clock.ts';

const POD = 'busybox-77649b9c55-r6bx9';
const PEER = '172.16.109.65';

async function shell(lines: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runShell(session(), lines, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

const past = /^error: sleep: the simulation is exact for its first 32768 s \(the core's timers wrap after that\): .* \(got "1e18"\)\n$/;

describe('the simulated time a session may reach', () => {
  it('is 2^15 s: the 16-bit seconds of the core\'s path MTU expiry are the first to wrap', () => {
    assert.equal(HORIZON_S, 32768);
  });

  it('shell: sleep abc shows the text as typed, as the one-shot sleep does', async () => {
    const r = await shell(['sleep abc']);
    assert.equal(r.code, 2);
    assert.equal(r.err, 'error: sleep: must be a number of seconds ≥ 0 (got "abc")\n');
    const dir = mkdtempSync(join(tmpdir(), 'cis-sleep-'));
    const one = await cli('--state', join(dir, 's.json'), 'sleep', 'abc');
    assert.equal(one.err, r.err);
  });

  it('shell: sleep 1e18 is refused, and a ping after it still gets its replies', async () => {
    const r = await shell(['sleep 1e18', `ping ${POD} ${PEER} -c 1`]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, past);
    assert.match(r.out, /seq=0 ttl=62 time=1\.\d{3} ms\n/);
  });

  it('up to the horizon the clock stays exact: RTTs as at the start; one second more is refused', async () => {
    const r = await shell([`sleep ${HORIZON_S - 20}`, `ping ${POD} ${PEER} -c 2 -W 1`, 'sleep 19']);
    assert.match(r.out, /seq=1 ttl=62 time=1\.502 ms\n/);
    assert.match(r.err, /^error: sleep: the simulation is exact for its first 32768 s .*: 1\d\.\d+ s are left, this would take 19 s \(got "19"\)\n$/);
    assert.equal(r.code, 2);
  });

  it('--state: the sleeps add up across invocations; the refused one is not journaled', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'cis-sleep-')), 's.json');
    assert.equal((await cli('--state', state, 'sleep', '30000')).code, 0);
    const r = await cli('--state', state, 'sleep', '3000');
    assert.equal(r.code, 2);
    assert.match(r.err, /^error: sleep: .*: 2768 s are left, this would take 3000 s \(got "3000"\)\n$/);
    assert.equal(JSON.parse(readFileSync(state, 'utf8')).entries.length, 1);
    const big = await cli('--state', state, 'sleep', '1e18');
    assert.equal(big.code, 2);
    assert.equal(big.err.split('\n').length, 2);
  });

  it('a ping or traceroute that could run past it is refused up front, naming the option', async () => {
    for (const [args, want] of [
      [['ping', POD, PEER, '-c', '1', '-W', '1e300'], /^error: -W: the simulation is exact .* \(got 1e\+300\)\n$/],
      [['ping', POD, PEER, '-c', '1000', '-i', '100'], /^error: -i: the simulation is exact .* \(got 100\)\n$/],
      [['exec', POD, '--', 'traceroute', '-q', '1000', '-m', '255', '-w', '86400', PEER], /^error: traceroute -w: the simulation is exact .* \(got 86400\)\n$/],
    ] as const) {
      const r = await cli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, want);
      assert.equal(r.out, '');
    }
  });
});
