// Services, Endpoints and kube-proxy's IPVS virtual servers on the seed's cluster, and what
// `ipvsadm -Ln` prints for them (ipvsadm 1.31's formats and libipvs's sort order).
import assert from 'node:assert/strict';
import { buildCluster } from '../../host/cluster/build.ts';
import { defaultClusterSpec } from '../../host/cluster/default.ts';
import { nodeVirtualServers } from '../../host/cluster/kubeProxy.ts';
import { formatIp4 } from '../../host/net/addr.ts';
import { ipvsadmCommand } from '../../host/views/ipvsadm.ts';
import { ConfigError } from '../../host/errors.ts';

const cluster = buildCluster(defaultClusterSpec());
const master = cluster.nodeByName('k8s-master-1')!;
const zero = () => ({ active: 0, inactive: 0 });

describe('Services and Endpoints', () => {
  it('the seed busybox Service selects both busybox pods; kube-dns selects coredns', () => {
    const ep = (name: string) => cluster.services.find((s) => s.name === name)!.endpoints.map((e) => formatIp4(e.ip));
    assert.deepEqual(ep('busybox'), ['172.16.196.1', '172.16.109.65']);
    assert.deepEqual(ep('kube-dns'), ['172.16.196.2']);
    assert.deepEqual(ep('kubernetes'), ['192.168.0.11']);
    const np = cluster.services.find((s) => s.name === 'busybox')!.ports[0].nodePort!;
    assert.ok(np >= 30000 && np <= 32767);
  });

  it('kube-ipvs0 still holds exactly the seed three addresses, in the seed order', () => {
    const ipvs = master.ifaces.find((i) => i.name === 'kube-ipvs0')!;
    assert.deepEqual(ipvs.addrs.map((a) => formatIp4(a.ip)), ['10.96.0.1', '10.96.192.105', '10.96.0.10']);
  });

  it('NodePort virtual servers on the uplink and tunl0 addresses, masqueraded; ClusterIPs not', () => {
    const vs = nodeVirtualServers(cluster, master);
    const np = vs.filter((v) => v.port !== 8888 && v.service.startsWith('devops/busybox'));
    assert.deepEqual(np.map((v) => formatIp4(v.ip)), ['192.168.0.11', '172.16.196.0']);
    assert.ok(np.every((v) => v.masquerade));
    assert.ok(vs.filter((v) => v.ip === cluster.services[1].clusterIP).every((v) => !v.masquerade));
    assert.ok(nodeVirtualServers(cluster, master, { masqueradeAll: true }).every((v) => v.masquerade));
  });

  it('ipvsadm -Ln prints the virtual servers sorted as libipvs sorts them', () => {
    const np = cluster.services.find((s) => s.name === 'busybox')!.ports[0].nodePort!;
    const rs = (a: string) => `  -> ${a.padEnd(28)} Masq    1      0          0         `;
    const expected = [
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      `TCP  172.16.196.0:${np} rr`, rs('172.16.109.65:80'), rs('172.16.196.1:80'),
      `TCP  192.168.0.11:${np} rr`, rs('172.16.109.65:80'), rs('172.16.196.1:80'),
      'TCP  10.96.0.1:443 rr', rs('192.168.0.11:6443'),
      'TCP  10.96.0.10:53 rr', rs('172.16.196.2:53'),
      'TCP  10.96.0.10:9153 rr', rs('172.16.196.2:9153'),
      'TCP  10.96.192.105:8888 rr', rs('172.16.109.65:80'), rs('172.16.196.1:80'),
      'UDP  10.96.0.10:53 rr', rs('172.16.196.2:53'),
      '',
    ].join('\n');
    assert.equal(ipvsadmCommand(['-Ln'], nodeVirtualServers(cluster, master), zero), expected);
    assert.equal(ipvsadmCommand(['-L', '-n'], nodeVirtualServers(cluster, master), zero), expected);
    assert.throws(() => ipvsadmCommand(['-L'], [], zero), ConfigError);
  });

  it('a Service without a selector and with no endpoints has a virtual server without real servers', () => {
    const spec = defaultClusterSpec();
    spec.services!.push({ namespace: 'default', name: 'empty', clusterIP: '10.96.0.50', endpoints: [], ports: [{ port: 80 }] });
    const c = buildCluster(spec);
    const vs = nodeVirtualServers(c, c.nodes[0]).find((v) => formatIp4(v.ip) === '10.96.0.50')!;
    assert.deepEqual(vs.dests, []);
    assert.match(ipvsadmCommand(['-Ln'], [vs], zero), /TCP {2}10\.96\.0\.50:80 rr\n$/);
  });

  it('a selector that matches only pods no node runs (Pending) gives no Endpoints, not an error; one that matches nothing still is', () => {
    const spec = defaultClusterSpec();
    spec.unplacedPods = [{ namespace: 'default', name: 'web-0', reason: 'Unschedulable', labels: { app: 'web' } }];
    spec.services!.push({ namespace: 'default', name: 'web', clusterIP: '10.96.0.50', selector: { app: 'web' }, ports: [{ port: 80 }] });
    const c = buildCluster(spec);
    assert.deepEqual(c.services.find((s) => s.name === 'web')!.endpoints, []);
    const vs = nodeVirtualServers(c, c.nodes[0]).find((v) => formatIp4(v.ip) === '10.96.0.50')!;
    assert.deepEqual(vs.dests, []);
    spec.services![spec.services!.length - 1].selector = { app: 'wbe' };
    assert.throws(() => buildCluster(spec), (e: unknown) => e instanceof ConfigError && e.field === 'services[3].selector' && /matches no pod/.test(e.message));
  });

  it('a selector picks pods of the Service\'s own namespace only; matching only other namespaces is an error that names them', () => {
    const spec = defaultClusterSpec();
    spec.pods.push(
      { namespace: 'team-a', name: 'web-a', node: 'k8s-master-1', labels: { app: 'web' } },
      { namespace: 'team-b', name: 'web-b', node: 'k8s-node-1', labels: { app: 'web' } },
    );
    spec.services!.push({ namespace: 'team-a', name: 'web', clusterIP: '10.96.0.50', selector: { app: 'web' }, ports: [{ port: 80 }] });
    const c = buildCluster(spec);
    assert.deepEqual(c.services.find((s) => s.name === 'web')!.endpoints.map((e) => e.pod!.name), ['web-a']);
    spec.services![spec.services!.length - 1].namespace = 'team-c';
    assert.throws(() => buildCluster(spec), (e: unknown) => e instanceof ConfigError && e.field === 'services[3].selector'
      && /matches no pod in namespace team-c/.test(e.message) && /namespace team-a, team-b/.test(e.hint));
  });
});
