// The `ip route` views of every host of the example clusters against the running kernel: each
// host is rebuilt in a network namespace (iproute-oracle.test.ts `replica`) and `ip route`,
// `ip -j route`, `route -n` and `ip route get` of every address the tables make interesting must
// read as the kernel prints them: CrossSubnet and Never tables, routers between subnets, jumbo
// and small MTUs, Services' kube-ipvs0 addresses; and random clusters (any block size and mode,
// nodes with several blocks). Skipped without root or without `ip netns`.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildCluster, loadClusterFile } from '../../host/cluster/index.ts';
import type { Cluster, ClusterNode } from '../../host/cluster/types.ts';
import { formatIp4 } from '../../host/net/addr.ts';
import { hostNeighbours } from '../../host/sim/hostNeigh.ts';
import { execOn, resolveTarget } from '../../host/views/exec.ts';
import { kernelIp, replica } from './replica.ts';
import { arbClusterSpec } from '../support/arbitraries.ts';

const DIR = join(import.meta.dirname, '..', '..', 'examples', 'clusters');

/** Addresses whose answer can differ: each route's ends and neighbours, each address of the host. */
function interesting(host: ClusterNode, cluster: Cluster): string[] {
  const out = new Set<number>([0, 0xffffffff, 0xe0000001, 0x08080808, 0xa9fe0101]);
  for (const r of host.routes) for (const d of [-1, 0, 1, 2 ** (32 - r.len) - 1]) out.add((r.dst + d) >>> 0);
  for (const i of host.ifaces) for (const a of i.addrs) out.add(a.ip);
  for (const p of cluster.pods.slice(0, 8)) out.add(p.ip);
  for (const n of [...cluster.nodes, ...cluster.routers]) out.add(n.ip);
  return [...out].filter((a) => a >>> 24 !== 127).map(formatIp4);
}

const trim = (t: string) => t.split('\n').map((l) => l.trimEnd()).join('\n');

const trimmed = (t: string) => t.split('\n').map((l) => l.trimEnd()).join('\n');

/** Every host of `cluster` against its replica; false when replicas cannot be made here. */
function checkHosts(cluster: Cluster, label: string): boolean {
  const neigh = hostNeighbours(cluster);
  for (const host of [...cluster.nodes, ...cluster.routers]) {
    const ns = `cis-x-${process.pid}-${host.index}`;
    const made = replica(host, ns, `${ns}-p`);
    if (made === null) return false;
    try {
      const sim = (cmd: string) => execOn(resolveTarget(cluster, host.spec.name), cmd.split(' '), neigh);
      const at = `${label} ${host.spec.name}`;
      assert.equal(sim('ip route').stdout, trimmed(kernelIp(['route'], ns).stdout), `${at}: ip route`);
      assert.equal(sim('ip -j route').stdout, kernelIp(['-j', 'route'], ns).stdout, `${at}: ip -j route`);
      const routeN = spawnSync('ip', ['netns', 'exec', ns, 'route', '-n'], { encoding: 'utf8' });
      if (routeN.status === 0) assert.equal(sim('route -n').stdout, routeN.stdout, `${at}: route -n`);
      for (const d of interesting(host, cluster)) {
        const real = kernelIp(['route', 'get', d], ns);
        const ours = sim(`ip route get ${d}`);
        assert.deepEqual([ours.stdout, ours.stderr], [real.stdout, real.stderr], `${at}: ip route get ${d}`);
      }
    } finally {
      made.remove();
    }
  }
  return true;
}

describe('ip route views vs the kernel, every host of the example clusters and of random ones', function () {
  this.timeout(120_000);
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    it(file, function () {
      if (!checkHosts(buildCluster(loadClusterFile(join(DIR, file), () => {})), file)) this.skip(); // not root, or no iproute2
    });
  }

  it('random clusters (fast-check samples)', function () {
    const specs = fc.sample(arbClusterSpec({ maxNodes: 4, maxPods: 40 }), { seed: 11, numRuns: 8 });
    specs.forEach((spec, i) => {
      if (!checkHosts(buildCluster(spec), `sample ${i}`)) this.skip();
    });
  });
});
