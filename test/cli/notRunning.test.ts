// A pod the API has but no node runs (Pending, or refused with OutOfpods) has no network
// namespace: exec, ping and traceroute from it are refused in one line that says why, not with
// "unknown pod" and a list of look-alike names.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';

const CLUSTER = `
nodes:
  - { name: n1, ip: 10.0.0.11, prefixLen: 24, gateway: 10.0.0.1 }
pools:
  - { cidr: 10.244.0.0/16, blockSize: 26, ipipMode: Always }
pods:
  - { namespace: default, name: web-0, node: n1 }
unplacedPods:
  - { namespace: default, name: web-1, reason: Unschedulable, message: "0/1 nodes are available: 1 Too many pods." }
  - { namespace: team-a, name: pinned, reason: OutOfpods, node: n1 }
`;

describe('cli: pods no node runs', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'unplaced-')), 'cluster.yaml');
  writeFileSync(file, CLUSTER);
  const cli = (...args: string[]) => runCli(['--cluster', file, ...args]);

  it('exec into a Pending pod: it does not have a host assigned', async () => {
    const r = await cli('exec', 'web-1', '--', 'ip', 'addr');
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err, 'error: host: pod default/web-1 is Pending: it does not have a host assigned, so it has no network namespace and no IP (got "web-1")\n');
  });

  it('exec -n with the wrong namespace names the one the unplaced pod is in', async () => {
    const r = await cli('exec', '-n', 'default', 'pinned', '--', 'ip', 'addr');
    assert.equal(r.code, 2);
    assert.equal(r.err, 'error: host: no pod of that name in namespace default (got "pinned"); it is in namespace team-a\n');
  });

  it('exec -n, ping and traceroute from a pod the kubelet refused: Failed, OutOfpods', async () => {
    const line = 'error: host: pod team-a/pinned is Failed (OutOfpods: node n1 had no pod slot left): no node runs it, so it has no network namespace and no IP (got "pinned")\n';
    for (const args of [['exec', '-n', 'team-a', 'pinned', '--', 'route', '-n'], ['ping', 'pinned', '10.0.0.11', '-c', '1'], ['exec', 'team-a/pinned', '--', 'traceroute', '10.0.0.11']]) {
      const r = await cli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.err, line, args.join(' '));
    }
  });
});
