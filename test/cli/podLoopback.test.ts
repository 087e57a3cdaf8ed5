// A pod's own stack answers 127/8 and 0.0.0.0 over lo as Linux does: the reply comes from the
// address pinged (from 127.0.0.1 for 0.0.0.0, which the output route turns into 127.0.0.1), and
// no frame appears on eth0 or its cali.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli.ts';

const POD = 'busybox-77649b9c55-r6bx9'; // 172.16.196.1
const CALI = 'k8s-master-1:cali12242800409';

describe('loopback inside a pod', () => {
  for (const [dst, from] of [['127.0.0.1', '127.0.0.1'], ['127.0.0.5', '127.0.0.5'], ['0.0.0.0', '127.0.0.1'], ['172.16.196.1', '172.16.196.1']] as const) {
    it(`ping ${dst}: the reply from ${from}, nothing on the cali`, async () => {
      const r = await cli('ping', POD, dst, '-c', '1', '--tcpdump', CALI);
      assert.equal(r.code, 0, r.err);
      const lines = r.out.split('\n');
      assert.equal(lines[0], `PING ${dst} (${dst}): 56 data bytes`);
      assert.match(lines[1], new RegExp(`^64 bytes from ${from.replace(/\./g, '\\.')}: seq=0 ttl=64 time=\\d+\\.\\d{3} ms$`));
      assert.equal(lines[2], ''); // no tcpdump line between the reply and the statistics
      assert.equal(lines[4], '1 packets transmitted, 1 packets received, 0% packet loss');
    });
  }

  it('traceroute 127.0.0.5 and 0.0.0.0: one hop, the local stack\'s port unreachable', async () => {
    const lo = await cli('exec', POD, '--', 'traceroute', '-n', '-q', '1', '127.0.0.5');
    assert.match(lo.out, /\n 1 {2}127\.0\.0\.5 {2}\d+\.\d{3} ms\n$/);
    const any = await cli('exec', POD, '--', 'traceroute', '-n', '-q', '1', '0.0.0.0');
    assert.match(any.out, /^traceroute to 0\.0\.0\.0 .*\n 1 {2}127\.0\.0\.1 {2}\d+\.\d{3} ms\n$/);
  });

  it('diagram --to 127.0.0.1 draws no frame through eth0', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cis-lo-')), 'walk.svg');
    const r = await cli('diagram', '--from', POD, '--to', '127.0.0.1', '--out', out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /walk of 0 captured frames \(answered inside busybox-77649b9c55-r6bx9 over lo: no frame leaves eth0\)\n$/);
  });
});
