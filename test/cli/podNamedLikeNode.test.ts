// A pod may carry a node's name (a pod `default/n1` beside node `n1`). exec and get take the
// node for such a name, but ping, traceroute, wget and nc only run inside pods: for them it is
// the pod, one-shot, typed in the pod, and inside shell.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli.ts';
import { runShell } from '../../host/cli/commands/shell.ts';
import { SimSession } from '../../host/session/session.ts';
import { buildCluster, loadClusterFile } from '../../host/cluster/index.ts';

const YAML = `nodes:
  - {name: n1, ip: 10.1.0.5, prefixLen: 24, gateway: 10.1.0.1}
  - {name: n2, ip: 10.1.0.6, prefixLen: 24, gateway: 10.1.0.1}
pools:
  - {cidr: 10.200.0.0/16, blockSize: 24, ipipMode: Always}
pods:
  - {namespace: default, name: n1, node: n2}
  - {namespace: default, name: web, node: n1}
`;
// pod n1 is 10.200.1.1 on n2; pod web is 10.200.0.1 on n1

function clusterFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cis-n1-')), 'cluster.yaml');
  writeFileSync(file, YAML);
  return file;
}

describe('a pod named like a node', () => {
  it('ping n1 runs in the pod n1 (from 10.200.1.1, across the tunnel: ttl 62)', async () => {
    const r = await cli('--cluster', clusterFile(), 'ping', 'n1', '10.200.0.1', '-c', '1');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^64 bytes from 10\.200\.0\.1: seq=0 ttl=62 /m);
  });

  it('exec n1 -- ping / traceroute run in the pod; exec n1 -- ip addr is still the node', async () => {
    const file = clusterFile();
    const ping = await cli('--cluster', file, 'exec', 'n1', '--', 'ping', '-c', '1', '10.200.0.1');
    assert.equal(ping.code, 0, ping.err);
    const tr = await cli('--cluster', file, 'exec', 'n1', '--', 'traceroute', '-n', '-q', '1', '10.200.0.1');
    assert.equal(tr.code, 0, tr.err);
    assert.match(tr.out, /\n 1 {2}10\.1\.0\.6 /); // the pod's own node, n2, is the first hop
    const addr = await cli('--cluster', file, 'exec', 'n1', '--', 'ip', '-4', 'addr', 'show', 'ens160');
    assert.match(addr.out, /inet 10\.1\.0\.5\/24/);
  });

  it('--tcpdump n1:eth0 captures on the pod n1 (no eth0 on the node), n1:ens160 on the node', async () => {
    const file = clusterFile();
    const pod = await cli('--cluster', file, 'ping', 'web', '10.200.1.1', '-c', '1', '--tcpdump', 'n1:eth0');
    assert.equal(pod.code, 0, pod.err);
    assert.match(pod.out, /10\.200\.0\.1 > 10\.200\.1\.1: ICMP echo request/);
    const node = await cli('--cluster', file, 'ping', 'web', '10.200.1.1', '-c', '1', '--tcpdump', 'n1:ens160');
    assert.equal(node.code, 0, node.err);
    assert.match(node.out, /proto IPIP \(4\), length 104\)\n {4}10\.1\.0\.5 > 10\.1\.0\.6: /);
  });

  it('inside shell', async () => {
    const s = new SimSession(buildCluster(loadClusterFile(clusterFile(), () => {})));
    let out = '';
    let err = '';
    const code = await runShell(s, ['ping n1 10.200.0.1 -c 1'], { out: (t) => void (out += t), err: (t) => void (err += t) });
    assert.equal(code, 0, err);
    assert.match(out, /1 packets received/);
  });
});

describe('a pod named like a node: diagram', () => {
  it('diagram --from n1 walks from the pod n1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cis-n1-'));
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, YAML);
    const r = await cli('--cluster', file, 'diagram', '--from', 'n1', '--to', '10.200.0.1', '--out', join(dir, 'walk.svg'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\(delivered to web eth0\)\n$/);
  });
});
