// `exec k8s-master-1 -- ipvsadm -Ln` against the real ipvsadm: the fixture is what ipvsadm 1.31
// printed in the oracle's VM (Debian's 6.1 kernel with ip_vs and ip_vs_rr) after
// test/fixtures/oracle/ipvsadm-seed.sh programmed k8s-master-1's virtual servers the way
// kube-proxy does: the header, libipvs's sort order (the wrapping address comparison puts
// 172.16.x and 192.168.x before 10.96.x), the destination columns and their padding.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { nodeVirtualServers } from '../../host/cluster/kubeProxy.ts';
import { ipvsadmCommand } from '../../host/views/ipvsadm.ts';

const fixture = (f: string) => readFileSync(fileURLToPath(new URL(`../fixtures/oracle/${f}`, import.meta.url)), 'utf8');

describe('ipvsadm -Ln against the kernel oracle', () => {
  it("k8s-master-1's virtual servers print byte for byte as the real ipvsadm printed them", () => {
    const cluster = buildCluster(defaultClusterSpec());
    const master = cluster.nodeByName('k8s-master-1')!;
    // the fixture's node port is the one the model allocates; the script programs the same
    assert.equal(cluster.services.find((s) => s.name === 'busybox')!.ports[0].nodePort, 32229);
    assert.match(fixture('ipvsadm-seed.sh'), /ipvsadm -A -t 192\.168\.0\.11:32229 -s rr/);
    const ours = ipvsadmCommand(['-Ln'], nodeVirtualServers(cluster, master), () => ({ active: 0, inactive: 0 }));
    assert.equal(ours, fixture('ipvsadm-seed-master.txt'));
  });
});
