import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { parseIp4 } from '../../host/net/addr.ts';
import { execOn, resolveTarget } from '../../host/views/exec.ts';
import { renderArpN, renderIpNeigh } from '../../host/views/neigh.ts';
import { NeighTables, neighKey, type NeighEntry } from '../../host/pod/neighTable.ts';
import { seedOutputs } from './seed-text.ts';

const gw: NeighEntry = { ip: parseIp4('169.254.1.1')!, dev: 'eth0', mac: 'ee:ee:ee:ee:ee:ee', state: 'STALE', used: [0, 0, 0], probes: 1 };

describe('neighbour views', () => {
  const cluster = buildCluster(defaultClusterSpec());
  const busybox = resolveTarget(cluster, 'busybox-77649b9c55-r6bx9');

  it('empty by default: `ip neigh show` prints nothing, as in the seed before the ping', () => {
    assert.deepEqual(seedOutputs('/ # ip neigh show'), [[]]);
    assert.equal(execOn(busybox, ['ip', 'neigh', 'show']).stdout, '');
    assert.equal(execOn(busybox, ['arp', '-n']).stdout, '');
    assert.equal(execOn(resolveTarget(cluster, 'k8s-master-1'), ['arp', '-n']).stdout, '');
  });

  it('busybox formats after the ping (hand-filled table) match the seed', () => {
    const tables = new NeighTables();
    tables.of(neighKey({ namespace: 'devops', pod: 'busybox-77649b9c55-r6bx9' })).set(gw);
    const neigh = execOn(busybox, ['ip', 'neigh'], tables).stdout;
    assert.deepEqual(neigh.split('\n').slice(0, -1), seedOutputs('/ # ip neigh')[0]);
    const arp = execOn(busybox, ['arp', '-n'], tables).stdout;
    assert.deepEqual(arp.split('\n').slice(0, -1), seedOutputs('/ # arp -n')[0]);
    assert.equal(arp, '? (169.254.1.1) at ee:ee:ee:ee:ee:ee [ether]  on eth0\n');
  });

  it('iproute2 and net-tools formats on a node', () => {
    const entries: NeighEntry[] = [
      { ip: parseIp4('192.168.0.12')!, dev: 'ens160', mac: '00:0c:29:90:fa:e2', state: 'REACHABLE' },
      { ip: parseIp4('172.16.196.1')!, dev: 'cali12242800409', mac: '86:9c:03:9e:db:9f', state: 'STALE' },
      { ip: parseIp4('192.168.0.99')!, dev: 'ens160', mac: null, state: 'INCOMPLETE' },
    ];
    assert.equal(
      renderIpNeigh(entries, 'iproute2'),
      '192.168.0.12 dev ens160 lladdr 00:0c:29:90:fa:e2 REACHABLE\n' +
        '172.16.196.1 dev cali12242800409 lladdr 86:9c:03:9e:db:9f STALE\n' +
        '192.168.0.99 dev ens160 INCOMPLETE\n',
    );
    assert.equal(
      renderArpN(entries, 'iproute2'),
      'Address                  HWtype  HWaddress           Flags Mask            Iface\n' +
        '192.168.0.12             ether   00:0c:29:90:fa:e2   C                     ens160\n' +
        '172.16.196.1             ether   86:9c:03:9e:db:9f   C                     cali12242800409\n' +
        '192.168.0.99                     (incomplete)                              ens160\n',
    );
  });

  it('a table replaces the entry for the same (ip, dev)', () => {
    const tables = new NeighTables();
    const t = tables.of('k8s-master-1');
    t.set({ ...gw, state: 'REACHABLE' });
    t.set(gw);
    assert.equal(tables.peek('k8s-master-1').length, 1);
    assert.equal(t.get(gw.ip, 'eth0')!.state, 'STALE');
    assert.deepEqual(tables.peek('nobody'), []);
  });
});
