// The judged case: the seed's own YAML (Service + Deployment) plus two Node objects with the
// seed's addresses (examples/k8s/seed-cluster.yaml) gives the same `exec … -- route -n` as the
// default (seed) cluster.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { buildCluster, defaultClusterSpec, loadClusterFile } from '../../host/cluster/index.ts';
import type { Cluster } from '../../host/cluster/types.ts';
import { execOn, resolveTarget } from '../../host/views/exec.ts';

const FIXTURE = 'examples/k8s/seed-cluster.yaml';
const warnings: string[] = [];
const fromYaml = buildCluster(loadClusterFile(FIXTURE, (w) => warnings.push(w)));
const seed = buildCluster(defaultClusterSpec());

const exec = (c: Cluster, host: string, cmd: string) => {
  const r = execOn(resolveTarget(c, host), cmd.split(' '));
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
};

describe('k8s manifests: the seed YAML reproduces the seed cluster', () => {
  for (const host of ['k8s-master-1', 'k8s-node-1']) {
    it(`exec ${host} -- route -n is the default cluster's`, () => {
      const got = exec(fromYaml, host, 'route -n');
      assert.equal(got, exec(seed, host, 'route -n'));
      assert.match(got, /^Kernel IP routing table\n/);
    });
    it(`exec ${host} -- ip route is the default cluster's`, () => {
      assert.equal(exec(fromYaml, host, 'ip route'), exec(seed, host, 'ip route'));
    });
  }

  it('the seed route tables name the seed cali interfaces and blocks', () => {
    assert.match(exec(fromYaml, 'k8s-master-1', 'route -n'), /172\.16\.196\.1 +0\.0\.0\.0 +255\.255\.255\.255 UH .* cali12242800409\n/);
    assert.match(exec(fromYaml, 'k8s-master-1', 'route -n'), /172\.16\.196\.2 .* calif57336c1ec9\n/);
    assert.match(exec(fromYaml, 'k8s-node-1', 'route -n'), /172\.16\.109\.65 .* cali1b0be572c83\n/);
  });

  it('the pods are where the seed has them, with the same views inside', () => {
    for (const name of ['busybox-77649b9c55-r6bx9', 'busybox-77649b9c55-7d27b', 'coredns-7c445fd599-glfl5']) {
      const a = fromYaml.podByName(name);
      const b = seed.podByName(name);
      assert.ok(a && b, name);
      assert.equal(a.node, b.node, name);
      assert.equal(a.ip, b.ip, name);
      assert.equal(exec(fromYaml, name, 'route -n'), exec(seed, name, 'route -n'));
      assert.equal(exec(fromYaml, name, 'ip addr'), exec(seed, name, 'ip addr'));
    }
  });

  it('names every field of the seed YAML it does not simulate, once each', () => {
    for (const path of [
      'Deployment devops/busybox: spec.strategy:',
      'Deployment devops/busybox: spec.revisionHistoryLimit:',
      'Deployment devops/busybox: spec.template.spec.containers:',
      'Deployment devops/busybox: spec.template.spec.restartPolicy:',
    ]) {
      assert.equal(warnings.filter((w) => w.startsWith(path)).length, 1, path);
    }
    assert.ok(warnings.some((w) => /default pool is 172\.16\.0\.0\/16/.test(w)));
    // The Service is simulated now (kube-proxy's IPVS): none of its fields is reported.
    assert.deepEqual(warnings.filter((w) => w.startsWith('Service ')), []);
    // Fields that are read (replicas, selector, anti-affinity, labels, addresses) are not reported.
    const paths = warnings.map((w) => w.split(': ')[1]);
    for (const read of ['spec.replicas', 'spec.selector', 'spec.template.spec.affinity', 'status.addresses', 'spec.template.metadata.labels', 'spec.nodeName']) {
      assert.ok(!paths.some((p) => p.startsWith(read)), `${read} is read, so not reported`);
    }
  });

  it('CLI: --cluster with the manifest prints the table on stdout and the warnings on stderr', function () {
    this.timeout(30000);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'host/cli/main.ts', '--cluster', FIXTURE, 'exec', 'k8s-node-1', '--', 'route', '-n'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, exec(seed, 'k8s-node-1', 'route -n'));
    const lines = r.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, warnings.length);
    for (const l of lines) assert.match(l, /^warning: /);
  });
});
