import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec, loadClusterFile, parseClusterYaml } from '../../host/cluster/index.ts';
import type { ClusterSpec } from '../../host/cluster/types.ts';
import { ConfigError } from '../../host/errors.ts';
import { formatIp4, parseIp4 } from '../../host/net/addr.ts';

const crossSubnet = (): ClusterSpec => loadClusterFile('examples/clusters/crosssubnet-3node.yaml');

function rejects(spec: unknown, field: string, value: unknown, msg?: RegExp): void {
  assert.throws(() => buildCluster(spec as ClusterSpec), (e: unknown) => {
    assert.ok(e instanceof ConfigError, String(e));
    assert.equal(e.field, field);
    assert.deepEqual(e.value, value);
    if (msg) assert.match(e.message, msg);
    return true;
  });
}

describe('host network: subnets are L2 segments joined by routers', () => {
  it('the seed (one subnet) has no router: its gateway stays outside the cluster', () => {
    const c = buildCluster(defaultClusterSpec());
    assert.deepEqual(c.routers, []);
    assert.deepEqual(c.segments.map((s) => [s.cidr, s.members.map((m) => m.name)]), [['192.168.0.0/24', ['k8s-master-1', 'k8s-node-1']]]);
    assert.deepEqual(c.nodes.map((n) => [n.role, n.uplinks.length, n.uplinks[0].segment]), [['node', 1, 0], ['node', 1, 0]]);
  });

  it('two subnets get one default router, at each subnet\'s gateway, with its own MAC per interface', () => {
    const c = buildCluster(crossSubnet());
    assert.equal(c.routers.length, 1);
    const r = c.routers[0];
    assert.equal(r.spec.name, 'router');
    assert.equal(r.role, 'router');
    assert.equal(r.index, c.nodes.length);
    assert.equal(c.hostByName('router'), r);
    assert.equal(c.nodeByName('router'), undefined, 'a router is not a Kubernetes node');
    assert.deepEqual(r.uplinks.map((u) => [u.name, formatIp4(u.ip), u.len, u.mac, u.mtu, c.segments[u.segment].cidr]), [
      ['eth0', '10.0.1.1', 24, '02:00:0a:00:01:01', 1500, '10.0.1.0/24'],
      ['eth1', '10.0.2.1', 24, '02:00:0a:00:02:01', 1500, '10.0.2.0/24'],
    ]);
    assert.deepEqual(c.segments.map((s) => [s.cidr, s.members.map((m) => `${m.name}/${m.iface}`)]), [
      ['10.0.1.0/24', ['node-a/ens160', 'node-b/ens160', 'router/eth0']],
      ['10.0.2.0/24', ['node-c/ens160', 'router/eth1']],
    ]);
    assert.deepEqual(r.routes.map((x) => [formatIp4(x.dst), x.len, x.kind, x.dev, x.proto, formatIp4(x.src ?? 0)]), [
      ['10.0.1.0', 24, 'connected', 'eth0', 'kernel', '10.0.1.1'],
      ['10.0.2.0', 24, 'connected', 'eth1', 'kernel', '10.0.2.1'],
    ]);
    assert.deepEqual(r.pods, []);
    assert.equal(r.tunl0Ip, null);
  });

  it('learnPodBlocks: the router learns every node block via its node (BGP peering to a ToR)', () => {
    const spec = crossSubnet();
    spec.routers = [{ name: 'tor', learnPodBlocks: true }];
    const c = buildCluster(spec);
    const learned = c.routers[0].routes.filter((x) => x.proto === 'bird').map((x) => `${formatIp4(x.dst)}/${x.len} via ${formatIp4(x.gateway ?? 0)} dev ${x.dev}`);
    assert.deepEqual(learned, c.nodes.map((n) => `${formatIp4(n.block!.base)}/${n.block!.len} via ${formatIp4(n.ip)} dev ${n.ip >>> 8 === parseIp4('10.0.1.0')! >>> 8 ? 'eth0' : 'eth1'}`));
  });

  it('routers from the YAML: explicit interfaces, MTU, static routes; [] means none', () => {
    const spec = parseClusterYaml([
      'nodes:',
      '  - {name: a, ip: 10.0.1.11, prefixLen: 24, gateway: 10.0.1.254}',
      '  - {name: b, ip: 10.0.2.12, prefixLen: 24, gateway: 10.0.2.254}',
      'routers:',
      '  - name: r1',
      '    interfaces:',
      '      - {subnet: 10.0.1.0/24}',
      '      - {subnet: 10.0.9.0/30, ip: 10.0.9.1, name: transit, mtu: 1400}',
      '    routes: [{dst: 10.0.2.0/24, via: 10.0.9.2}]',
      '  - name: r2',
      '    interfaces:',
      '      - {subnet: 10.0.9.0/30, ip: 10.0.9.2}',
      '      - {subnet: 10.0.2.0/24, mac: "00:11:22:33:44:55"}',
      '    routes: [{dst: 10.0.1.0/24, via: 10.0.9.1}]',
      'pools: [{cidr: 10.244.0.0/16, blockSize: 26, ipipMode: CrossSubnet}]',
      'pods: []',
    ].join('\n'));
    const c = buildCluster(spec);
    assert.deepEqual(c.routers.map((r) => r.uplinks.map((u) => `${u.name} ${formatIp4(u.ip)}/${u.len} ${u.mac} ${u.mtu}`)), [
      ['eth0 10.0.1.254/24 02:00:0a:00:01:fe 1500', 'transit 10.0.9.1/30 02:00:0a:00:09:01 1400'],
      ['eth0 10.0.9.2/30 02:00:0a:00:09:02 1500', 'eth1 10.0.2.254/24 00:11:22:33:44:55 1500'],
    ]);
    assert.deepEqual(c.segments.map((s) => s.cidr), ['10.0.1.0/24', '10.0.2.0/24', '10.0.9.0/30']);
    const r1 = c.routers[0].routes.find((x) => x.kind === 'gateway')!;
    assert.deepEqual([formatIp4(r1.dst), r1.len, formatIp4(r1.gateway!), r1.dev, r1.proto], ['10.0.2.0', 24, '10.0.9.2', 'transit', 'boot']);
    assert.deepEqual(buildCluster({ ...spec, routers: [] }).routers, []);
  });

  it('Never across subnets: BIRD resolves the remote block recursively, via the default gateway', () => {
    const spec = crossSubnet();
    spec.pools[0].ipipMode = 'Never';
    const c = buildCluster(spec);
    const a = c.nodeByName('node-a')!;
    const toC = a.routes.find((r) => r.dst === c.nodeByName('node-c')!.block!.base)!;
    const toB = a.routes.find((r) => r.dst === c.nodeByName('node-b')!.block!.base)!;
    assert.deepEqual([toC.kind, formatIp4(toC.gateway!), toC.dev], ['gateway', '10.0.1.1', 'ens160']);
    assert.deepEqual([toB.kind, formatIp4(toB.gateway!), toB.dev], ['gateway', '10.0.1.12', 'ens160']);
  });

  it('bad router config: one error naming the field and the value', () => {
    const base = crossSubnet();
    const w = (routers: unknown): unknown => ({ ...base, routers });
    rejects(w([{ name: 'node-a' }]), 'routers[0].name', 'node-a', /already the name of a node/);
    rejects(w([{ name: 'r', colour: 'red' }]), 'routers[0].colour', 'red', /unknown field/);
    rejects(w([{ name: 'r', interfaces: [{ subnet: '10.0.1.0/33' }] }]), 'routers[0].interfaces[0].subnet', '10.0.1.0/33');
    rejects(w([{ name: 'r', interfaces: [{ subnet: '10.0.1.0/24', ip: '10.0.2.1' }] }]), 'routers[0].interfaces[0].ip', '10.0.2.1', /outside/);
    rejects(w([{ name: 'r', interfaces: [{ subnet: '10.0.1.0/24', ip: '10.0.1.11' }] }]), 'routers[0].interfaces[0].ip', '10.0.1.11', /node node-a/);
    rejects(w([{ name: 'r', interfaces: [{ subnet: '10.0.7.0/24' }] }]), 'routers[0].interfaces[0].ip', undefined, /no node on 10.0.7.0\/24/);
    rejects(w([{ name: 'r', interfaces: [{ subnet: '10.0.1.0/24', mtu: 100 }] }]), 'routers[0].interfaces[0].mtu', 100);
    rejects(w([{ name: 'r', routes: [{ dst: '0.0.0.0/0', via: '192.0.2.1' }] }]), 'routers[0].routes[0].via', '192.0.2.1', /none of the router's subnets/);
    rejects(w([{ name: 'r', learnPodBlocks: 'yes' }]), 'routers[0].learnPodBlocks', 'yes');
    rejects(w([{ name: 'r', interfaces: [{ subnet: '10.0.1.0/24' }, { subnet: '10.0.1.0/24', name: 'eth9' }] }]), 'routers[0].interfaces[1].subnet', '10.0.1.0/24', /already has an interface/);
  });
});

describe('host network from Kubernetes/Calico manifests', () => {
  const nodeObj = (name: string, cidr: string, gw?: string): string => [
    'apiVersion: v1', 'kind: Node', `metadata:`, `  name: ${name}`, '  annotations:',
    `    projectcalico.org/IPv4Address: ${cidr}`, ...(gw ? [`    calico-ipip-sim/gateway: ${gw}`] : []),
    'status:', '  addresses:', `  - {type: InternalIP, address: ${cidr.split('/')[0]}}`,
  ].join('\n');
  const pool = ['apiVersion: projectcalico.org/v3', 'kind: IPPool', 'metadata: {name: p}', 'spec: {cidr: 10.244.0.0/16, ipipMode: CrossSubnet}'].join('\n');
  const convert = (docs: string[]): { spec: ClusterSpec; warnings: string[] } => {
    const warnings: string[] = [];
    const spec = parseClusterYaml(docs.join('\n---\n'), 'test.yaml', (w) => warnings.push(w));
    buildCluster(spec);
    return { spec, warnings };
  };

  it('subnets from the Node addresses, gateways from the annotation; a guessed gateway gets one warning for its subnet', () => {
    const { spec, warnings } = convert([
      nodeObj('a', '10.0.1.11/24'), nodeObj('b', '10.0.1.12/24'), nodeObj('c', '10.0.2.13/24', '10.0.2.254'), pool,
    ]);
    assert.deepEqual(spec.nodes.map((n) => n.gateway), ['10.0.1.1', '10.0.1.1', '10.0.2.254']);
    assert.deepEqual(warnings.filter((w) => w.includes('gateway')), ['Node a, b: no calico-ipip-sim/gateway annotation: assuming the default gateway of 10.0.1.0/24 is 10.0.1.1']);
    const c = buildCluster(spec);
    assert.deepEqual(c.routers.map((r) => r.uplinks.map((u) => formatIp4(u.ip))), [['10.0.1.1', '10.0.2.254']]);
  });

  it('a BGPPeer at the gateway: the router learns the pod blocks', () => {
    const peer = ['apiVersion: projectcalico.org/v3', 'kind: BGPPeer', 'metadata: {name: tor}', 'spec: {peerIP: 10.0.1.1, asNumber: 64512}'].join('\n');
    const { spec } = convert([nodeObj('a', '10.0.1.11/24', '10.0.1.1'), nodeObj('c', '10.0.2.13/24', '10.0.2.1'), pool, peer]);
    assert.deepEqual(spec.routers, [{ name: 'router', learnPodBlocks: true }]);
    const c = buildCluster(spec);
    assert.equal(c.routers[0].routes.filter((r) => r.proto === 'bird').length, 2);
  });
});
