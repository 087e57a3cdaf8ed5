// A node runs at most status.allocatable.pods pods (kubelet's maxPods, default 110), its
// calico-node pod among them: kube-scheduler's NodeResourcesFit refuses a full node ("Too many
// pods", the pod stays Pending) and the kubelet refuses a pod bound to it by spec.nodeName
// (phase Failed, reason OutOfpods). Neither gets an IP or a veth.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildCluster, parseClusterYaml } from '../../host/cluster/index.ts';
import type { ClusterSpec } from '../../host/cluster/types.ts';
import { ConfigError } from '../../host/errors.ts';
import { runCli } from '../support/cli.ts';

function convert(yaml: string): { spec: ClusterSpec; warnings: string[] } {
  const warnings: string[] = [];
  const spec = parseClusterYaml(yaml, 'test.yaml', (w) => warnings.push(w));
  buildCluster(spec);
  return { spec, warnings };
}

const node = (name: string, ip: string, status = '') => `
apiVersion: v1
kind: Node
metadata:
  name: ${name}
  annotations: {projectcalico.org/IPv4Address: ${ip}/24, calico-ipip-sim/gateway: 10.0.0.1}
status:
  addresses: [{type: InternalIP, address: ${ip}}]
${status}---`;

// /24 blocks: 254 pod addresses a node, so IPAM is not what stops 110 pods on one.
const POOL = `
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: pods}
spec: {cidr: 10.244.0.0/16, ipipMode: Always, blockSize: 24}
---`;

const deployment = (replicas: number) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {}
---`;

const pinned = (name: string, nodeName: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: pinned}}
spec: {nodeName: ${nodeName}}
---`;

const perNode = (spec: ClusterSpec) => {
  const out: Record<string, number> = {};
  for (const p of spec.pods) out[p.node] = (out[p.node] ?? 0) + 1;
  return out;
};

async function cliOn(yaml: string, ...args: string[]) {
  const file = join(mkdtempSync(join(tmpdir(), 'maxpods-')), 'cluster.yaml');
  writeFileSync(file, yaml);
  return runCli(['--cluster', file, ...args]);
}

describe('k8s manifests: a node\'s pod capacity (kubelet maxPods)', () => {
  const NODES2 = node('n1', '10.0.0.11') + node('n2', '10.0.0.12');

  it('default 110 a node, its calico-node pod included: 300 replicas on 2 nodes → 218 run, 82 stay Pending', () => {
    const { spec, warnings } = convert(NODES2 + POOL + deployment(300));
    assert.deepEqual(perNode(spec), { n1: 109, n2: 109 });
    const pending = spec.unplacedPods ?? [];
    assert.equal(pending.length, 82);
    for (const p of pending) {
      assert.equal(p.reason, 'Unschedulable');
      assert.equal(p.node, undefined);
      assert.equal(p.message, '0/2 nodes are available: 2 Too many pods.');
      assert.equal(p.labels?.app, 'web');
    }
    // one line for the 82, not one each
    const lines = warnings.filter((w) => w.includes('Pending'));
    const names = pending.slice(0, 3).map((p) => `default/${p.name}`).join(', ');
    assert.deepEqual(lines, [`Deployment default/web: 82 pods stay Pending (no IP): 0/2 nodes are available: 2 Too many pods. (${names}, … (79 more))`]);
  });

  it('with the default /26 blocks a full node holds two: tunl0 and 63 pods, then 46 from the next block', () => {
    const DEFAULT_POOL = POOL.replace('blockSize: 24', 'blockSize: 26');
    const { spec } = convert(NODES2 + DEFAULT_POOL + deployment(300));
    const c = buildCluster(spec);
    for (const n of c.nodes) {
      assert.equal(n.pods.length, 109);
      assert.equal(n.blocks.length, 2);
      assert.equal(n.pods.filter((p) => ((p.ip - n.blocks[1].base) >>> 0) < 64).length, 46);
    }
    assert.equal(spec.unplacedPods?.length, 82);
  });

  it('get pods -A lists the Pending pods as kubectl does: 0/1 Pending, IP and NODE <none>', async () => {
    const r = await cliOn(NODES2 + POOL + deployment(300), 'get', 'pods', '-A', '-o', 'wide');
    assert.equal(r.code, 0, r.err);
    const rows = r.out.trimEnd().split('\n').slice(1).map((l) => l.split(/\s+/));
    const status = (s: string) => rows.filter((c) => c[3] === s);
    assert.equal(rows.length, 302);
    assert.equal(status('Running').length, 220); // 218 replicas and the two calico-node pods
    assert.equal(status('Pending').length, 82);
    for (const c of status('Pending')) assert.deepEqual([c[0], c[2], c[6], c[7], c[8]], ['default', '0/1', '<none>', '<none>', '<none>']);
    const pending = await cliOn(NODES2 + POOL + deployment(300), 'get', 'pods', '--field-selector', 'status.phase=Pending', '-o', 'name');
    assert.equal(pending.out.split('\n').filter(Boolean).length, 82);
  });

  it('status.allocatable.pods overrides the default, as a string or a number; capacity.pods is the fallback', () => {
    const nodes =
      node('n1', '10.0.0.11', '  allocatable: {pods: "3"}\n  capacity: {pods: "110"}\n') +
      node('n2', '10.0.0.12', '  allocatable: {pods: 2}\n') +
      node('n3', '10.0.0.13', '  capacity: {pods: "4"}\n');
    const { spec } = convert(nodes + deployment(10));
    assert.deepEqual(perNode(spec), { n1: 2, n2: 1, n3: 3 });
    assert.equal(spec.unplacedPods?.length, 4);
    assert.equal(spec.unplacedPods?.[0].message, '0/3 nodes are available: 3 Too many pods.');
  });

  it('a larger allocatable moves the limit up', () => {
    const { spec } = convert(node('n1', '10.0.0.11', '  allocatable: {pods: "250"}\n') + POOL + deployment(260));
    assert.deepEqual(perNode(spec), { n1: 249 });
    assert.equal(spec.unplacedPods?.length, 11);
  });

  it('the filters run in the scheduler\'s order: the first failing one is the node\'s reason', () => {
    const nodes =
      node('n1', '10.0.0.11', '  allocatable: {pods: 1}\n') + // full with its calico-node
      node('n2', '10.0.0.12').replace('status:', 'spec: {unschedulable: true}\nstatus:') +
      node('n3', '10.0.0.13', '  allocatable: {pods: 0}\n').replace('metadata:\n', 'metadata:\n  labels: {disk: hdd}\n');
    const pod = `
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {nodeSelector: {disk: hdd}}
---`;
    const { spec } = convert(nodes + pod);
    assert.equal(spec.unplacedPods?.[0].message, "0/3 nodes are available: 1 Too many pods, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable.");
  });

  it('spec.nodeName on a full node: the kubelet refuses it (Failed, OutOfpods), no IP, no veth, not an error', () => {
    const { spec, warnings } = convert(node('n1', '10.0.0.11', '  allocatable: {pods: "3"}\n') + pinned('a', 'n1') + pinned('b', 'n1') + pinned('c', 'n1') + deployment(1));
    assert.deepEqual(spec.pods.map((p) => p.name), ['a', 'b']);
    assert.deepEqual(spec.unplacedPods?.map((p) => [p.name, p.reason, p.node]), [['c', 'OutOfpods', 'n1'], [spec.unplacedPods?.[1].name, 'Unschedulable', undefined]]);
    assert.equal(spec.unplacedPods?.[0].message, "Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3");
    assert.ok(
      warnings.includes("Pod default/c: pod default/c is Failed (no IP): the kubelet of n1 refused it: OutOfpods: Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3"),
      warnings.join('\n'),
    );
    const cluster = buildCluster(spec);
    assert.equal(cluster.podByName('c'), undefined);
    assert.equal(cluster.nodes[0].ifaces.filter((i) => i.name.startsWith('cali')).length, 2);
  });

  it('get pods shows the refused pod as kubectl does: STATUS OutOfpods, its node, IP <none>', async () => {
    const r = await cliOn(node('n1', '10.0.0.11', '  allocatable: {pods: "2"}\n') + POOL + pinned('a', 'n1') + pinned('c', 'n1'), 'get', 'pods', '-o', 'wide');
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      'NAME   READY   STATUS      RESTARTS   AGE         IP           NODE   NOMINATED NODE   READINESS GATES\n' +
        'a      1/1     Running     0          <unknown>   10.244.0.1   n1     <none>           <none>\n' +
        'c      0/1     OutOfpods   0          <unknown>   <none>       n1     <none>           <none>\n',
    );
  });

  it('spec.nodeName on a node whose labels miss its nodeSelector: the kubelet refuses it (Failed, NodeAffinity); a full node is OutOfpods first', async () => {
    const sel = (name: string, nodeName: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec: {nodeName: ${nodeName}, nodeSelector: {disk: ssd}}
---`;
    const labelled = (name: string, ip: string) => node(name, ip).replace('metadata:\n  name: ' + name, `metadata:\n  name: ${name}\n  labels: {disk: ssd}`);
    const yaml = node('n1', '10.0.0.11', '  allocatable: {pods: "2"}\n') + labelled('n2', '10.0.0.12') + POOL
      + sel('hdd-bound', 'n2').replace('disk: ssd', 'disk: hdd') + sel('ssd-on-n1', 'n1') + sel('ssd-on-n2', 'n2') + pinned('a', 'n1') + sel('full-and-wrong', 'n1');
    const { spec, warnings } = convert(yaml);
    assert.deepEqual(spec.pods.map((p) => p.name).sort(), ['a', 'ssd-on-n2']);
    const why = "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector";
    assert.deepEqual(spec.unplacedPods?.map((p) => [p.name, p.reason, p.node, p.message]), [
      ['hdd-bound', 'NodeAffinity', 'n2', why],
      ['ssd-on-n1', 'NodeAffinity', 'n1', why],
      ['full-and-wrong', 'OutOfpods', 'n1', "Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 2, capacity: 2"],
    ]);
    assert.ok(warnings.includes(`Pod default/ssd-on-n1: pod default/ssd-on-n1 is Failed (no IP): the kubelet of n1 refused it: NodeAffinity: ${why}`), warnings.join('\n'));
    const r = await cliOn(yaml, 'get', 'pods');
    assert.match(r.out, /\nssd-on-n1 +0\/1 +NodeAffinity +0 /);
    const x = await cliOn(yaml, 'exec', 'ssd-on-n1', '--', 'ip', 'addr');
    assert.equal(x.code, 2);
    assert.match(x.err, /is Failed \(NodeAffinity: node n1's labels do not match its nodeSelector\)/);
  });

  it('a bad pod count is one error line naming the Node field, exit 2', async () => {
    for (const [value, shown] of [['"1k"', '"1k"'], ['-1', '-1'], ['1.5', '1.5'], ['"abc"', '"abc"'], ['true', 'true'], ['" 110"', '" 110"'], ['2147483648', '2147483648']]) {
      const r = await cliOn(node('n1', '10.0.0.11', `  allocatable: {pods: ${value}}\n`), 'get', 'pods');
      assert.equal(r.code, 2, value);
      assert.equal(r.out, '');
      assert.equal(r.err, `error: Node n1 status.allocatable.pods: must be a pod count: an integer in 0..2147483647, as a number or a string ("110") (got ${shown})\n`);
    }
    assert.throws(() => convert(node('n1', '10.0.0.11', '  capacity: {pods: "x"}\n')), (e: unknown) => e instanceof ConfigError && e.field === 'Node n1 status.capacity.pods');
    assert.throws(() => convert(node('n1', '10.0.0.11', '  allocatable: 110\n')), (e: unknown) => e instanceof ConfigError && e.field === 'Node n1 status.allocatable' && /mapping/.test(e.message));
  });

  it('the other resources of allocatable and capacity are named once each as not simulated', () => {
    const { warnings } = convert(node('n1', '10.0.0.11', '  allocatable: {cpu: "2", memory: 3Gi, pods: "110"}\n  capacity: {cpu: "2"}\n'));
    for (const f of ['status.allocatable.cpu', 'status.allocatable.memory', 'status.capacity.cpu']) {
      assert.equal(warnings.filter((w) => w.startsWith(`Node n1: ${f}: not simulated`)).length, 1, f);
    }
    assert.ok(!warnings.some((w) => w.includes('.pods')), warnings.join('\n'));
  });

  it('property: no node runs more than its allocatable pods, each replica is placed or Pending, and a Pending one finds every node full', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 30 }), (caps, replicas) => {
        const nodes = caps.map((c, i) => node(`n${i}`, `10.0.0.${11 + i}`, `  allocatable: {pods: ${c}}\n`)).join('');
        const { spec } = convert(nodes + deployment(replicas));
        const count = perNode(spec);
        caps.forEach((c, i) => assert.ok((count[`n${i}`] ?? 0) <= Math.max(0, c - 1), `n${i}: ${count[`n${i}`]} pods, allocatable ${c} with its calico-node`));
        const room = caps.reduce((a, c) => a + Math.max(0, c - 1), 0);
        assert.equal(spec.pods.length, Math.min(replicas, room));
        assert.equal(spec.unplacedPods?.length ?? 0, replicas - Math.min(replicas, room));
        for (const p of spec.unplacedPods ?? []) assert.equal(p.message, `0/${caps.length} nodes are available: ${caps.length} Too many pods.`);
      }),
      { numRuns: 60 },
    );
  });

  it('the converted spec, written as a cluster file, reads back the same (unplacedPods included)', () => {
    const { spec } = convert(node('n1', '10.0.0.11', '  allocatable: {pods: "3"}\n') + POOL + pinned('a', 'n1') + pinned('b', 'n1') + pinned('c', 'n1') + deployment(2));
    assert.deepEqual(spec.unplacedPods?.map((p) => p.reason), ['OutOfpods', 'Unschedulable', 'Unschedulable']);
    assert.deepEqual(parseClusterYaml(stringify(spec), 'back.yaml'), spec);
  });

  it('README documents the limit where it describes the manifest format', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('### Cluster files and manifests');
    const section = readme.slice(start, readme.indexOf('\n## ', start));
    for (const words of ['status.allocatable.pods', 'status.capacity.pods', '110', "kubelet's default `maxPods`", 'Too many pods', 'OutOfpods', 'unplacedPods']) {
      assert.ok(section.includes(words), `README "Cluster files and manifests" does not mention ${words}`);
    }
  });
});
