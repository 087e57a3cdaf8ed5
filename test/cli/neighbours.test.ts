// The global --neighbours flag: how the nodes' uplink neighbour (ARP) tables start. The default,
// reachable, is a node that has been talking to its peer (the seed's first ping, 1.6 ms, needs
// no ARP); empty is a freshly booted node, whose first packet to the peer waits for ARP.

import assert from 'node:assert/strict';
import { cli } from '../support/cli.ts';

const POD = 'busybox-77649b9c55-r6bx9';

describe('cli --neighbours', () => {
  it('default reachable: a node lists its peer on ens160 as REACHABLE beside the pods\' permanent entries', async () => {
    const r = await cli('exec', 'k8s-master-1', '--', 'ip', 'neigh');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.ok(lines.includes('192.168.0.12 dev ens160 lladdr 00:0c:29:90:fa:e2 REACHABLE'), r.out);
    assert.ok(lines.includes('172.16.196.1 dev cali12242800409 lladdr 86:9c:03:9e:db:9f PERMANENT'), r.out);
  });

  it('empty: no peer entry before traffic, and the first cross-host ping pays for the ARP exchange', async () => {
    const before = await cli('--neighbours', 'empty', 'exec', 'k8s-master-1', '--', 'ip', 'neigh');
    assert.doesNotMatch(before.out, /192\.168\.0\.12/);
    const resolved = await cli('exec', POD, '--', 'ping', '-c', '1', '172.16.109.65');
    const booted = await cli('--neighbours', 'empty', 'exec', POD, '--', 'ping', '-c', '1', '172.16.109.65');
    const rtt = (out: string): number => Number(/time=(\d+\.\d+) ms/.exec(out)?.[1]);
    assert.equal(booted.code, 0, booted.err);
    assert.ok(rtt(booted.out) > rtt(resolved.out), `${booted.out}\n${resolved.out}`);
  });

  it('a value that is not a start gets one line and exit 2', async () => {
    const r = await cli('--neighbours', 'warm', 'exec', 'k8s-master-1', '--', 'ip', 'neigh');
    assert.equal(r.code, 2);
    assert.equal(r.err.trimEnd().split('\n').length, 1, r.err);
    assert.match(r.err, /--neighbours.*warm/);
  });
});
