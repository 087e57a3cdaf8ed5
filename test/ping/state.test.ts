// `--state FILE`: separate CLI invocations share one simulated session (the journal is
// replayed), so the seed's sequence works as one-shot commands: `ip neigh show` empty before
// the ping, the 169.254.1.1 entry after it, STALE once simulated time has passed.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as cli } from '../support/cli.ts';
import { BUSYBOX_M1 } from './support.ts';

describe('ping: --state keeps the session across invocations', () => {
  it('replays the journal: neighbour entry after a ping, aged to STALE by sleep, ping ids continue', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'cis-state-')), 's.json');
    const s = ['--state', state];
    assert.equal((await cli([...s, 'exec', BUSYBOX_M1, '--', 'ip', 'neigh', 'show'])).out, '');
    const p = await cli([...s, 'ping', BUSYBOX_M1, '172.16.109.65', '-c', '1', '--tcpdump', 'k8s-master-1:tunl0']);
    assert.equal(p.code, 0);
    assert.match(p.out, /seq=0 ttl=62 /);
    assert.match(p.out, /ICMP echo request, id 29, seq 0/);
    assert.equal((await cli([...s, 'exec', BUSYBOX_M1, '--', 'arp', '-n'])).out, '? (169.254.1.1) at ee:ee:ee:ee:ee:ee [ether]  on eth0\n');
    assert.match((await cli([...s, 'exec', BUSYBOX_M1, '--', 'ip', 'neigh'])).out, / REACHABLE\n$/);
    assert.equal((await cli([...s, 'sleep', '60'])).code, 0);
    assert.equal(
      (await cli([...s, 'exec', BUSYBOX_M1, '--', 'ip', 'neigh'])).out,
      '169.254.1.1 dev eth0 lladdr ee:ee:ee:ee:ee:ee used 0/0/0 probes 1 STALE\n',
    );
    // The second busybox process gets the next pid; replays printed nothing and wrote no captures.
    const p2 = await cli([...s, 'ping', BUSYBOX_M1, '172.16.109.65', '-c', '1', '--tcpdump', 'k8s-master-1:tunl0']);
    assert.match(p2.out, /ICMP echo request, id 30, seq 0/);
    assert.equal(p2.out.match(/ICMP echo request/g)?.length, 1);
    const journal = JSON.parse(readFileSync(state, 'utf8'));
    assert.deepEqual(journal.entries.map((e: { cmd: string }) => e.cmd), ['ping', 'sleep', 'ping']);
    assert.equal(journal.entries[0].args.tcpdump, undefined);
  });

  it('rejects a state file that is not ours, or recorded on another cluster, naming --state (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cis-state-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, 'garbage');
    const r = await cli(['--state', bad, 'exec', BUSYBOX_M1, '--', 'arp', '-n']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^error: --state: .*\(got ".*bad\.json"\)\n$/);
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ version: 1, cluster: 'examples/clusters/crosssubnet-3node.yaml', entries: [] }));
    const r2 = await cli(['--state', other, 'exec', BUSYBOX_M1, '--', 'arp', '-n']);
    assert.equal(r2.code, 2);
    assert.match(r2.err, /recorded with --cluster examples\/clusters\/crosssubnet-3node\.yaml/);
    const r3 = await cli(['sleep', '5']);
    assert.equal(r3.code, 2);
    assert.match(r3.err, /--state/);
  });
});
