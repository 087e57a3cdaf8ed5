// `exec NODE -- ipvsadm -Lnc` against the kernel: what ipvsadm 1.31 printed in the oracle's VM
// (kube-proxy's IPVS on Linux 6.1) after the Service scenarios, kept in
// test/fixtures/oracle/ipvsadm-lnc-seed-{master,node}.txt (after the last, svc-udp-ttl1-rr), and
// what the simulator prints after the same scenarios (oracle/scenarios/services.ts, one session). Host history is masked as the
// oracle masks it: the seconds left (the VM's clock is not the simulation's) and ephemeral
// ports; the lines are compared as a set (the kernel lists its hash table's order).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { SimSession } from '../../host/session/session.ts';
import { ipvsConnsOf, ipvsCountsOf } from '../../host/session/ipvsCounts.ts';
import { ipvsadmCommand } from '../../host/views/ipvsadm.ts';
import { nodeVirtualServers } from '../../host/cluster/kubeProxy.ts';
import { serviceScenarios, simServicesIn } from '../../oracle/scenarios/services.ts';
import { kernelFixture, maskedListing } from './ipvsadmMask.ts';

const cluster = buildCluster(defaultClusterSpec());
const kernel = kernelFixture;
const masked = maskedListing(cluster);

for (const engine of ['wasm', 'ts'] as const) {
  describe(`oracle: ipvsadm -Lnc after the Service scenarios, ${engine} engine`, function () {
    this.timeout(60_000);
    let session: SimSession;
    let dir = '';
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'svc-lnc-'));
      session = new SimSession(cluster, { engine, neighbours: 'empty' });
      simServicesIn(session, cluster, serviceScenarios(cluster), (s) => join(dir, s.name));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    const lnc = (name: string): string => {
      const node = cluster.nodeByName(name)!;
      return ipvsadmCommand(['-Lnc'], nodeVirtualServers(cluster, node), ipvsCountsOf(session.sim)(node), () => ipvsConnsOf(session.sim)(node));
    };
    it('k8s-master-1: the two ClusterIP requests (remote backend, hairpin) and the NodePort one, TIME_WAIT; the UDP ones to kube-dns, none for the malformed option', () => {
      // both taken after every scenario (the kernel's after svc-udp-ttl1-rr)
      assert.deepEqual(masked(lnc('k8s-master-1')), masked(kernel('ipvsadm-lnc-seed-master.txt')));
      assert.match(lnc('k8s-master-1'), /^UDP 04:\d\d {2}UDP {9}172\.16\.196\.1:41000 10\.96\.0\.10:53 {6}172\.16\.196\.2:53$/m);
      // svc-udp-badopt (sport 41005): ip_rcv_options refused it before IPVS saw it
      assert.doesNotMatch(lnc('k8s-master-1'), /:41005 /);
    });
    it('k8s-node-1: the UDP connections to kube-dns, the ones whose TTL ran out included', () => {
      assert.deepEqual(masked(lnc('k8s-node-1')), masked(kernel('ipvsadm-lnc-seed-node.txt')));
    });
  });
}
