// tcpdump's timestamp and dump options typed in `shell` (-t … -ttttt, -x, -xx, -X, -XX, -A, -AA,
// with -e and -v), against the real tcpdump reading the same packets from the pcap files
// `--pcap` writes: every line must be the same.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { run } from '../../host/cli/main.ts';
import { runShell } from '../../host/cli/commands/shell.ts';
import { parseTcpdumpArgs } from '../../host/capture/tcpdumpArgs.ts';
import { session } from '../ping/support.ts';
import { TCPDUMP, tempDir } from './support.ts';

const POD = 'busybox-77649b9c55-r6bx9';
const PING = `exec ${POD} -- ping -c 1 172.16.109.65`;
const IFACES = ['ens160', 'tunl0', 'cali12242800409'];
const FLAGS = ['-n -t', '-ntt', '-n -ttt', '-n -tttt', '-n -ttttt', '-x -n', '-xx -n', '-X -n', '-XX -n', '-A -n', '-AA -n', '-e -X -vv -n', '-ttt -e -n'];

async function shellOut(lines: string[]): Promise<string> {
  let out = '';
  const code = await runShell(session(), lines, { out: (t) => (out += t), err: () => {} });
  assert.equal(code, 0);
  return out;
}

describe('tcpdump print options in shell: what the real tcpdump prints', function () {
  this.timeout(120000);
  let tmp: { dir: string; remove: () => void };
  before(async function () {
    if (!TCPDUMP) {
      console.log('    (skipped: tcpdump is not installed; apt-get install -y tcpdump)');
      this.skip();
    }
    tmp = tempDir();
    const r = await run(['ping', POD, '172.16.109.65', '-c', '1', '--pcap', tmp.dir], { out: () => {}, err: () => {} });
    assert.equal(r, 0);
  });
  after(() => tmp?.remove());

  for (const flags of FLAGS) {
    it(`tcpdump -i IF ${flags}`, async () => {
      for (const iface of IFACES) {
        const ours = (await shellOut([`exec k8s-master-1 -- tcpdump -i ${iface} ${flags}`, PING]))
          .split('\n').filter((l) => l !== '' && !/^(PING|64 bytes|---|1 packets|round-trip)/.test(l));
        const real = spawnSync(TCPDUMP!, ['-r', join(tmp.dir, `k8s-master-1_${iface}.pcap`), ...flags.split(' ')], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
        assert.equal(real.status, 0, real.stderr);
        assert.deepEqual(ours, real.stdout.split('\n').filter((l) => l !== ''), `${iface} ${flags}`);
      }
    });
  }

  it('parses the counts: -t … -ttttt, doubled dumps, -X before -x before -A; -q still refused', () => {
    assert.equal(parseTcpdumpArgs(['-tttttt']).style.time, 5);
    assert.deepEqual(parseTcpdumpArgs(['-xX']).style.dump, { as: 'hexascii', whole: false });
    assert.deepEqual(parseTcpdumpArgs(['-A', '-xx']).style.dump, { as: 'hex', whole: true });
    assert.deepEqual(parseTcpdumpArgs(['-AA']).style.dump, { as: 'ascii', whole: true });
    assert.throws(() => parseTcpdumpArgs(['-q']), /-q is not simulated/);
  });
});
