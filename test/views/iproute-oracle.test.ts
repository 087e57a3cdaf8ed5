// The `ip route` views against the Linux kernel and iproute2 themselves: when the tests run as
// root with iproute2, the seed's k8s-master-1 is rebuilt in a network namespace (its addresses,
// routes and Felix's neighbour entries; veths stand in for the ipip and dummy devices, which
// `ip route` output does not show) and `ip route get`, `ip -j route` and `ip -j neigh` must print
// what the kernel answers there. Skipped without root or without `ip netns`.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { hostNeighbours } from '../../host/sim/hostNeigh.ts';
import { execOn, resolveTarget } from '../../host/views/exec.ts';
import { kernelIp, replica, type IpRun, type Replica } from './replica.ts';

const cluster = buildCluster(defaultClusterSpec());
const node = cluster.nodes[0];
const NS = `cis-oracle-${process.pid}`;
const PEER = `${NS}-peer`;

const ip = (args: string[], ns = NS): IpRun => kernelIp(args, ns);

const ours = (cmd: string) => execOn(resolveTarget(cluster, node.spec.name), cmd.split(' '), hostNeighbours(cluster));

describe('ip route views vs the kernel (network namespace replica of k8s-master-1)', function () {
  let made: Replica | null = null;
  before(function () {
    made = replica(node, NS, PEER);
    if (!made) this.skip(); // not root, or no iproute2
  });

  after(() => made?.remove());

  it('ip route get: the same answer (or the same RTNETLINK error) for every kind of destination', () => {
    const dsts = ['172.16.109.65', '172.16.109.64', '172.16.196.1', '172.16.196.2', '172.16.196.9', '172.16.196.0', '192.168.0.11', '192.168.0.12', '192.168.0.255', '192.168.0.0', '10.96.0.1', '8.8.8.8', '127.0.0.1', '127.1.2.3',
      // ip_route_output_key_hash_rcu's own cases: 0.0.0.0 is the loopback, another 0/8 EINVAL,
      // the limited broadcast and multicast take the route's device without its gateway
      '0.0.0.0', '0.1.2.3', '255.255.255.255', '224.0.0.1', '224.0.0.251', '239.1.2.3'];
    for (const d of dsts) {
      const real = ip(['route', 'get', d]);
      const sim = ours(`ip route get ${d}`);
      assert.equal(sim.stdout, real.stdout, d);
      assert.equal(sim.stderr, real.stderr, d);
      assert.equal(sim.code, real.status, d);
      assert.equal(ours(`ip -j route get ${d}`).stdout, ip(['-j', 'route', 'get', d]).stdout, `-j ${d}`);
    }
  });

  it('ip -j route and ip -j -p route print the kernel\'s table byte for byte, ip route up to trailing blanks; the same neighbours', () => {
    assert.equal(ours('ip -j route').stdout, ip(['-j', 'route']).stdout);
    assert.equal(ours('ip -j -p route').stdout, ip(['-j', '-p', 'route']).stdout);
    // the kernel dumps neighbours in hash order (neigh_hash with a random key): compare as sets
    const sorted = (s: string) => (JSON.parse(s) as { dst: string }[]).sort((a, b) => (a.dst < b.dst ? -1 : 1));
    assert.deepEqual(sorted(ours('ip -j neigh').stdout), sorted(ip(['-j', 'neigh']).stdout));
    const trim = (s: string) => s.split('\n').map((l) => l.trimEnd()).join('\n');
    assert.equal(ours('ip route').stdout, trim(ip(['route']).stdout));
    const lines = (s: string) => trim(s).split('\n').sort();
    assert.deepEqual(lines(ours('ip neigh').stdout), lines(ip(['neigh']).stdout));
    // filters: a device (its name left out of each line), an address or a prefix (`to` optional)
    for (const f of ['show dev cali12242800409', 'show 172.16.196.1', 'show to 172.16.196.0/26', 'show 10.9.9.9', 'list dev calif57336c1ec9 172.16.196.2', '172.16.196.2']) {
      const [o, k] = [ours(`ip neigh ${f}`), ip(['neigh', ...f.split(' ')])];
      assert.deepEqual([lines(o.stdout), o.stderr, o.code], [lines(k.stdout), k.stderr, k.status], `ip neigh ${f}`);
    }
    assert.equal(ours('ip -j neigh show dev calif57336c1ec9').stdout, ip(['-j', 'neigh', 'show', 'dev', 'calif57336c1ec9']).stdout);
    // net-tools' arp in both forms, when installed (same entries; the kernel's order is its hash order)
    const arp = (flags: string) => spawnSync('ip', ['netns', 'exec', NS, 'arp', flags], { encoding: 'utf8' });
    if (arp('-n').status === 0) {
      for (const flags of ['-n', '-an']) assert.deepEqual(lines(ours(`arp ${flags}`).stdout), lines(arp(flags).stdout), `arp ${flags}`);
    }
  });
});

describe('ip route vs the kernel: a node with two blocks (a pod at a block\'s first address)', function () {
  // k8s-node-1 with 64 more pods: its second block 172.16.0.0/26 starts with a pod, so the
  // blackhole and that pod's /32 share a key, and the kernel lists a leaf's longer prefix first
  const spec = defaultClusterSpec();
  for (let i = 0; i < 64; i++) spec.pods.push({ namespace: 'default', name: `web-${i}`, node: 'k8s-node-1' });
  const crowded = buildCluster(spec);
  const host = crowded.nodeByName('k8s-node-1')!;
  const [ns, peer] = [`${NS}-n1`, `${NS}-n1-peer`];
  const sim = (cmd: string) => execOn(resolveTarget(crowded, host.spec.name), cmd.split(' '), hostNeighbours(crowded));

  let made: Replica | null = null;
  before(function () {
    made = replica(host, ns, peer);
    if (!made) this.skip();
  });

  after(() => made?.remove());

  it('ip route, ip -j route and route get print what the kernel does', () => {
    const trim = (t: string) => t.split('\n').map((l) => l.trimEnd()).join('\n');
    assert.equal(sim('ip route').stdout, trim(ip(['route'], ns).stdout));
    assert.equal(sim('ip -j route').stdout, ip(['-j', 'route'], ns).stdout);
    for (const d of ['172.16.0.0', '172.16.0.1', '172.16.0.63', '172.16.109.127', '172.16.196.1']) {
      const real = ip(['route', 'get', d], ns);
      assert.deepEqual([sim(`ip route get ${d}`).stdout, sim(`ip route get ${d}`).stderr], [real.stdout, real.stderr], d);
    }
  });
});
