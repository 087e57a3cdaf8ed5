// `unplacedPods`: pods the API has but no node runs (left Pending by the scheduler, or refused by
// a full node's kubelet). The cluster file takes them, checked like pods, and they stay out of
// the dataplane: no veth, no IP, no route, no neighbour.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildCluster, defaultClusterSpec, parseClusterYaml } from '../../host/cluster/index.ts';
import type { ClusterSpec } from '../../host/cluster/types.ts';
import { meta, podObjects } from '../../host/views/kubeObjects.ts';
import { arbClusterSpec } from '../support/arbitraries.ts';
import { rejectsSeed, type Mutate } from '../support/rejects.ts';

const PENDING = { namespace: 'devops', name: 'busybox-77649b9c55-x4k2p', reason: 'Unschedulable', message: '0/2 nodes are available: 2 Too many pods.', labels: { app: 'busybox' } };
const REFUSED = { namespace: 'default', name: 'pinned', reason: 'OutOfpods', node: 'k8s-node-1' };

describe('cluster spec: unplacedPods', () => {
  it('a cluster file with unplacedPods builds, and they change nothing in the dataplane', () => {
    const yaml = `
nodes:
  - { name: k8s-master-1, ip: 192.168.0.11, prefixLen: 24, gateway: 192.168.0.2 }
  - { name: k8s-node-1, ip: 192.168.0.12, prefixLen: 24, gateway: 192.168.0.2 }
pools:
  - { cidr: 172.16.0.0/16, blockSize: 26, ipipMode: Always }
pods:
  - { namespace: default, name: web-0, node: k8s-node-1 }
unplacedPods:
  - { namespace: default, name: web-1, reason: Unschedulable, message: "0/2 nodes are available: 2 Too many pods." }
  - { namespace: default, name: pinned, reason: OutOfpods, node: k8s-node-1, labels: { app: web } }
`;
    const spec = parseClusterYaml(yaml, 'test.yaml');
    assert.equal(spec.unplacedPods?.length, 2);
    const without = parseClusterYaml(yaml.slice(0, yaml.indexOf('unplacedPods:')), 'test.yaml');
    const a = buildCluster(spec);
    const b = buildCluster(without);
    assert.deepEqual(a.pods, b.pods);
    assert.deepEqual(a.nodes.map((n) => [n.ifaces, n.routes, n.pods]), b.nodes.map((n) => [n.ifaces, n.routes, n.pods]));
    assert.equal(a.podByName('web-1'), undefined);
    assert.equal(a.podByName('pinned'), undefined);
  });

  it('the seed with a Pending and a refused pod builds the same dataplane', () => {
    const s = defaultClusterSpec();
    s.unplacedPods = [PENDING, REFUSED] as ClusterSpec['unplacedPods'];
    const c = buildCluster(s);
    const seed = buildCluster(defaultClusterSpec());
    assert.equal(c.pods.length, 3);
    assert.deepEqual(c.nodes.map((n) => n.ifaces.map((i) => i.name)), seed.nodes.map((n) => n.ifaces.map((i) => i.name)));
  });

  it('property: any unplaced pods leave every node, pod and route as they were, and get pods lists each without an IP', () => {
    const arbUnplaced = fc.array(fc.record({ k: fc.nat(), outOfPods: fc.boolean() }), { maxLength: 12 });
    fc.assert(
      fc.property(arbClusterSpec({ maxNodes: 8, maxPods: 40 }), arbUnplaced, (spec, wish) => {
        const before = buildCluster(spec);
        const unplaced: NonNullable<ClusterSpec['unplacedPods']> = wish.map(({ k, outOfPods }, i) =>
          outOfPods ? { namespace: 'default', name: `refused-${i}`, reason: 'OutOfpods', node: spec.nodes[k % spec.nodes.length].name } : { namespace: 'team-a', name: `pending-${i}`, reason: 'Unschedulable' },
        );
        const after = buildCluster({ ...spec, unplacedPods: unplaced });
        assert.deepEqual(after.pods, before.pods);
        assert.deepEqual(after.nodes.map((n) => [n.ifaces, n.routes, n.block, n.tunl0Ip]), before.nodes.map((n) => [n.ifaces, n.routes, n.block, n.tunl0Ip]));
        const listed = podObjects(after);
        assert.equal(listed.length, podObjects(before).length + unplaced.length);
        for (const u of unplaced) {
          const o = listed.find((x) => meta(x).name === u.name && meta(x).namespace === u.namespace);
          assert.ok(o, u.name);
          assert.equal((o.status as { podIP?: string }).podIP, undefined);
          assert.equal((o.status as { phase: string }).phase, u.reason === 'OutOfpods' ? 'Failed' : 'Pending');
        }
      }),
      { numRuns: 60 },
    );
  });

  const withUnplaced = (e: object): Mutate => (s) => (s.unplacedPods = [{ ...PENDING, ...e }]);
  const cases: [string, Mutate, string, unknown, RegExp?][] = [
    ['not a list', (s) => (s.unplacedPods = { a: 1 }), 'unplacedPods', { a: 1 }, /must be a list/],
    ['unknown field', withUnplaced({ ip: '172.16.196.9' }), 'unplacedPods[0].ip', '172.16.196.9', /unknown field/],
    ['bad reason', withUnplaced({ reason: 'Pending' }), 'unplacedPods[0].reason', 'Pending', /Unschedulable, OutOfpods/],
    ['missing reason', withUnplaced({ reason: undefined }), 'unplacedPods[0].reason', undefined, /is required/],
    ['Unschedulable with a node', withUnplaced({ node: 'k8s-node-1' }), 'unplacedPods[0].node', 'k8s-node-1', /bound to no node/],
    ['OutOfpods without a node', (s) => (s.unplacedPods = [{ ...REFUSED, node: undefined }]), 'unplacedPods[0].node', undefined, /is required/],
    ['OutOfpods on an unknown node', (s) => (s.unplacedPods = [{ ...REFUSED, node: 'k8s-node-9' }]), 'unplacedPods[0].node', 'k8s-node-9', /unknown node/],
    ['bad namespace', withUnplaced({ namespace: 'DevOps' }), 'unplacedPods[0].namespace', 'DevOps', /namespace/],
    ['bad name', withUnplaced({ name: 'Web_1' }), 'unplacedPods[0].name', 'Web_1', /pod name/],
    ['name of a placed pod', withUnplaced({ name: 'busybox-77649b9c55-r6bx9' }), 'unplacedPods[0].name', 'busybox-77649b9c55-r6bx9', /duplicate pod devops\/busybox-77649b9c55-r6bx9/],
    ['given twice', (s) => (s.unplacedPods = [PENDING, PENDING]), 'unplacedPods[1].name', PENDING.name, /duplicate pod/],
    ['message not a string', withUnplaced({ message: 42 }), 'unplacedPods[0].message', 42, /string/],
    ['bad label', withUnplaced({ labels: { app: 'a b' } }), 'unplacedPods[0].labels.app', 'a b', /label value/],
  ];
  for (const [name, mutate, field, value, msg] of cases) it(`refused: ${name}`, () => rejectsSeed(mutate, field, value, msg));
});
