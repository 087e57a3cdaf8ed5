// `exec … -- route -n` and `exec … -- ip addr` against the text the seed prints, line for line.
// The only normalisation is seed-text.ts's removal of the author's inline comments.

import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { execOn, resolveTarget } from '../../host/views/exec.ts';
import { seedOutputs } from './seed-text.ts';

const cluster = buildCluster(defaultClusterSpec());
const run = (host: string, cmd: string) => {
  const r = execOn(resolveTarget(cluster, host), cmd.split(' '));
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  return r.stdout.split('\n').slice(0, -1); // every line ends with \n
};

function expectSeed(prompt: string, host: string, cmd: string, times: number) {
  const outs = seedOutputs(prompt);
  assert.equal(outs.length, times, `the seed prints \`${prompt}\` ${times} time(s)`);
  const got = run(host, cmd);
  for (const want of outs) assert.deepEqual(got, want);
}

describe('exec output matches the seed', () => {
  it('k8s-master-1: route -n', () => expectSeed('[root@k8s-master-1 ~]# route -n', 'k8s-master-1', 'route -n', 2));
  it('k8s-node-1: route -n', () => expectSeed('[root@k8s-node-1 ~]# route -n', 'k8s-node-1', 'route -n', 1));
  it('k8s-master-1: ip addr', () => expectSeed('[root@k8s-master-1 ~]# ip addr', 'k8s-master-1', 'ip addr', 2));
  it('k8s-node-1: ip addr', () => expectSeed('[root@k8s-node-1 ~]# ip addr', 'k8s-node-1', 'ip addr', 1));

  // Every `/ # …` prompt in the seed is inside busybox-77649b9c55-r6bx9 on k8s-master-1.
  it('busybox on k8s-master-1: route -n (busybox format)', () =>
    expectSeed('/ # route -n', 'busybox-77649b9c55-r6bx9', 'route -n', 2));
  it('busybox on k8s-master-1: ip addr (busybox format, M-DOWN, no state/group)', () =>
    expectSeed('/ # ip addr', 'busybox-77649b9c55-r6bx9', 'ip addr', 3));
  it('coredns seen with nsenter: ip addr (host iproute2 format, link-netnsid 0)', () =>
    expectSeed('[root@k8s-master-1 ~]# nsenter -t 23210 -n ip addr', 'coredns-7c445fd599-glfl5', 'ip addr', 1));
  it('proxy_arp on a cali interface', () =>
    expectSeed('[root@k8s-master-1 ~]# cat /proc/sys/net/ipv4/conf/calif57336c1ec9/proxy_arp', 'k8s-master-1', 'cat /proc/sys/net/ipv4/conf/calif57336c1ec9/proxy_arp', 1));

  // The seed never prints the node-1 busybox's own views. Its routes are what the CNI plugin
  // writes in every pod (identical to the r6bx9 text); its ip addr is checked against the facts
  // the seed does print: IP 172.16.109.65, peer cali1b0be572c83 = ifindex 7 on k8s-node-1.
  it('busybox on k8s-node-1: route -n equals the CNI routes the seed shows for the other busybox', () => {
    assert.deepEqual(run('busybox-77649b9c55-7d27b', 'route -n'), seedOutputs('/ # route -n')[0]);
  });
  it('busybox on k8s-node-1: ip addr has the seed shape with its own IP and peer ifindex', () => {
    const got = run('busybox-77649b9c55-7d27b', 'ip addr');
    const want = seedOutputs('/ # ip addr')[0];
    assert.equal(got.length, want.length);
    assert.deepEqual(got.slice(0, 8), want.slice(0, 8)); // lo and tunl0 are the same in every pod
    assert.equal(got[8], '4: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1480 qdisc noqueue');
    assert.match(got[9], /^ {4}link\/ether ([0-9a-f]{2}:){5}[0-9a-f]{2} brd ff:ff:ff:ff:ff:ff$/);
    assert.equal(got[10], '    inet 172.16.109.65/32 scope global eth0');
    assert.match(got[12], /^ {4}inet6 fe80::[0-9a-f:]+\/64 scope link$/);
    const node1 = run('k8s-node-1', 'ip addr');
    assert.ok(node1.some((l) => l.startsWith('7: cali1b0be572c83@if4:')));
  });
});
