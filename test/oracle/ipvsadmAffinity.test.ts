// sessionAffinity ClientIP against the kernel: examples/clusters/services-xsubnet.yaml's
// web-sticky (ipvsadm -A … -s rr -p 600 in the oracle's VM, Linux 6.1, ipvsadm 1.31). Kept in
// test/fixtures/oracle/: `ipvsadm -Ln` on s1 after kube-proxy's setup
// (ipvsadm-services-xsubnet-s1.txt: `rr persistent 600`), and `ipvsadm -Lnc` on s1 after
// svc-affinity-2, the second wget to it (ipvsadm-lnc-affinity-s1.txt: both connections on one
// backend, and the template: client port 0, ASSURED, the backend). The simulator runs the same
// scenarios in one session (oracle/scenarios/services.ts); the seconds left and the ephemeral
// ports are masked and the lines compared as a set, as test/oracle/ipvsadmConns.test.ts does.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCluster, parseClusterYaml } from '../../host/cluster/index.ts';
import { SimSession } from '../../host/session/session.ts';
import { ipvsConnsOf, ipvsCountsOf } from '../../host/session/ipvsCounts.ts';
import { ipvsadmCommand } from '../../host/views/ipvsadm.ts';
import { nodeVirtualServers } from '../../host/cluster/kubeProxy.ts';
import { serviceScenarios, simServicesIn } from '../../oracle/scenarios/services.ts';
import { kernelFixture, maskedListing } from './ipvsadmMask.ts';

const cluster = buildCluster(parseClusterYaml(readFileSync(fileURLToPath(new URL('../../examples/clusters/services-xsubnet.yaml', import.meta.url)), 'utf8')));
const kernel = kernelFixture;
const masked = maskedListing(cluster);

describe('oracle: sessionAffinity ClientIP on services-xsubnet (ipvsadm in the VM)', () => {
  it('ipvsadm -Ln on s1 prints byte for byte what the kernel printed: `rr persistent 600`', () => {
    const s1 = cluster.nodeByName('s1')!;
    assert.equal(ipvsadmCommand(['-Ln'], nodeVirtualServers(cluster, s1), () => ({ active: 0, inactive: 0 })), kernel('ipvsadm-services-xsubnet-s1.txt'));
  });

  for (const engine of ['wasm', 'ts'] as const) {
    it(`ipvsadm -Lnc on s1 after svc-affinity-2: the connections and the template as the kernel lists them (${engine})`, function () {
      this.timeout(60_000);
      const dir = mkdtempSync(join(tmpdir(), 'svc-affinity-'));
      try {
        const session = new SimSession(cluster, { engine, neighbours: 'empty' });
        const all = serviceScenarios(cluster);
        const upTo = all.slice(0, all.findIndex((s) => s.name === 'svc-affinity-2') + 1);
        assert.deepEqual(upTo.slice(-2).map((s) => s.name), ['svc-affinity-1', 'svc-affinity-2']);
        simServicesIn(session, cluster, upTo, (s) => join(dir, s.name));
        const s1 = cluster.nodeByName('s1')!;
        const ours = ipvsadmCommand(['-Lnc'], nodeVirtualServers(cluster, s1), ipvsCountsOf(session.sim)(s1), () => ipvsConnsOf(session.sim)(s1));
        assert.deepEqual(masked(ours), masked(kernel('ipvsadm-lnc-affinity-s1.txt')));
        assert.match(ours, /^TCP 09:\d\d {2}ASSURED {5}10\.244\.0\.1:0 {7}10\.96\.77\.9:80 {6}10\.244\.0\.129:80$/m);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
