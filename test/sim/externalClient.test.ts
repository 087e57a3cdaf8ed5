// The external client (`external:NODE`) on a cross-subnet cluster: the subnet's gateway address
// is the router's interface there, with the stand-in MAC a gateway gets; a client at that address
// would share its MAC with the router and take its frames. It stands at the subnet's highest
// free address instead, the nodes resolve it with ARP, and a NodePort answers it.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { buildCluster, loadClusterFile } from '../../host/cluster/index.ts';
import { SimSession } from '../../host/session/session.ts';

function cluster() {
  const spec = loadClusterFile(fileURLToPath(new URL('../../examples/clusters/crosssubnet-3node.yaml', import.meta.url)));
  spec.pods = spec.pods?.map((p) => (p.name === 'web-2' ? { ...p, labels: { app: 'web' } } : p));
  spec.services = [{ namespace: 'default', name: 'web', type: 'NodePort', clusterIP: '10.96.100.1', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080 }] }];
  return buildCluster(spec);
}

for (const engine of ['wasm', 'ts'] as const) {
  describe(`the external client on a subnet whose gateway is a cluster router (${engine})`, () => {
    it('stands at the highest free address with its own MAC, not at the router\'s 10.0.1.1', () => {
      const s = new SimSession(cluster(), { engine });
      const c = s.sim.externalClient('node-a').pod;
      assert.equal(c.ip, (10 << 24 | 1 << 8 | 254) >>> 0);
      assert.equal(c.mac, '02:00:0a:00:01:fe');
    });

    it('a NodePort on node-a answers it (node-a learns it from its ARP), the backend across the router on node-c', () => {
      const s = new SimSession(cluster(), { engine, neighbours: 'reachable' }); // the CLI's default
      let out = '';
      let err = '';
      const code = s.client('external:node-a', ['wget', '-qO-', 'http://10.0.1.11:30080/'], { out: (t) => (out += t), err: (t) => (err += t) }, { tcpdump: [] });
      assert.equal(code, 0, err);
      assert.equal(out, 'web-2\n');
    });
  });
}
