import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec, loadClusterFile, parseClusterYaml, validateClusterSpec } from '../../host/cluster/index.ts';
import { ConfigError } from '../../host/errors.ts';
import { formatCidr } from '../../host/net/addr.ts';
import { rejectsSeed, type Mutate } from '../support/rejects.ts';

const rejects = rejectsSeed;

describe('cluster validation: errors name the field and the value', () => {
  it('accepts the seed cluster', () => {
    assert.doesNotThrow(() => validateClusterSpec(defaultClusterSpec()));
  });

  const cases: [string, Mutate, string, unknown, RegExp?][] = [
    ['bad pool CIDR', (s) => (s.pools[0].cidr = '172.16.0.0/33'), 'pools[0].cidr', '172.16.0.0/33', /CIDR/],
    ['pool CIDR with host bits', (s) => (s.pools[0].cidr = '172.16.0.1/16'), 'pools[0].cidr', '172.16.0.1/16', /host bits/],
    ['blockSize below 20', (s) => (s.pools[0].blockSize = 19), 'pools[0].blockSize', 19],
    ['blockSize above 32', (s) => (s.pools[0].blockSize = 33), 'pools[0].blockSize', 33],
    ['block larger than the pool', (s) => ((s.pools[0].cidr = '172.16.0.0/24'), (s.pools[0].blockSize = 22)), 'pools[0].blockSize', 22, /larger than the pool/],
    ['ipipMode wrong case', (s) => (s.pools[0].ipipMode = 'always'), 'pools[0].ipipMode', 'always', /exact case/],
    ['overlapping pools', (s) => s.pools.push({ cidr: '172.16.128.0/17', blockSize: 26, ipipMode: 'Always' }), 'pools[1].cidr', '172.16.128.0/17', /overlaps pools\[0\]/],
    ['no pools', (s) => (s.pools = []), 'pools', []],
    ['pod on unknown node', (s) => (s.pods[1].node = 'k8s-node-9'), 'pods[1].node', 'k8s-node-9', /unknown node/],
    ['duplicate pod', (s) => s.pods.push({ ...s.pods[0] }), 'pods[3].name', 'busybox-77649b9c55-r6bx9', /duplicate/],
    ['bad pod MAC', (s) => (s.pods[0].mac = '86:9c:03:9e:db'), 'pods[0].mac', '86:9c:03:9e:db'],
    ['multicast pod MAC', (s) => (s.pods[0].mac = '01:00:5e:00:00:01'), 'pods[0].mac', '01:00:5e:00:00:01', /multicast/],
    ['bad namespace', (s) => (s.pods[0].namespace = 'DevOps'), 'pods[0].namespace', 'DevOps'],
    ['duplicate node name', (s) => (s.nodes[1].name = 'k8s-master-1'), 'nodes[1].name', 'k8s-master-1', /duplicate/],
    ['duplicate node IP', (s) => (s.nodes[1].ip = '192.168.0.11'), 'nodes[1].ip', '192.168.0.11', /k8s-master-1/],
    ['bad node IP', (s) => (s.nodes[0].ip = '192.168.0.256'), 'nodes[0].ip', '192.168.0.256'],
    ['node IP is the network address', (s) => (s.nodes[0].ip = '192.168.0.0'), 'nodes[0].ip', '192.168.0.0', /network or broadcast/],
    ['prefixLen out of range', (s) => (s.nodes[0].prefixLen = 33), 'nodes[0].prefixLen', 33],
    ['gateway outside the subnet', (s) => (s.nodes[0].gateway = '192.168.1.1'), 'nodes[0].gateway', '192.168.1.1', /outside/],
    ['bad node MAC', (s) => (s.nodes[0].mac = 'zz:0c:29:b1:02:f0'), 'nodes[0].mac', 'zz:0c:29:b1:02:f0'],
    ['duplicate uplink MAC', (s) => (s.nodes[1].mac = s.nodes[0].mac), 'nodes[1].mac', '00:0c:29:b1:02:f0'],
    ['bad interface name', (s) => (s.nodes[0].iface = 'a-very-long-interface'), 'nodes[0].iface', 'a-very-long-interface'],
    ['block outside every pool', (s) => (s.nodes[0].block = '10.0.0.0/26'), 'nodes[0].block', '10.0.0.0/26', /not inside/],
    ['block of the wrong size', (s) => (s.nodes[0].block = '172.16.196.0/27'), 'nodes[0].block', '172.16.196.0/27', /\/26/],
    ['misaligned block', (s) => (s.nodes[0].block = '172.16.196.32/26'), 'nodes[0].block', '172.16.196.32/26', /host bits/],
    ['shared block', (s) => (s.nodes[1].block = '172.16.196.0/26'), 'nodes[1].block', '172.16.196.0/26', /k8s-master-1/],
    ['unknown field', (s) => (s.nodes[0].ipAddress = '1.2.3.4'), 'nodes[0].ipAddress', '1.2.3.4', /unknown field/],
    ['mtu too small', (s) => (s.mtu = 100), 'mtu', 100],
    ['veth MTU too large', (s) => (s.vethMtu = 10000), 'vethMtu', 10000],
    ['tunl0 MTU not an integer', (s) => (s.ipipMtu = '1480'), 'ipipMtu', '1480'],
    ['bad service IP', (s) => (s.serviceIps = ['10.96.0.1', 'x']), 'serviceIps[1]', 'x'],
    ['nodes not a list', (s) => (s.nodes = { a: 1 }), 'nodes', { a: 1 }],
  ];
  for (const [name, mutate, field, value, msg] of cases) it(name, () => rejects(mutate, field, value, msg));

  it('formats as one line: field, message, value', () => {
    const e = new ConfigError('pools[0].blockSize', 'must be an integer in 20..32', 40);
    assert.equal(e.format(), 'pools[0].blockSize: must be an integer in 20..32 (got 40)');
  });
});

describe('cluster files (YAML)', () => {
  it('loads the CrossSubnet example: native routes inside the subnet, tunl0 across', () => {
    const c = buildCluster(loadClusterFile(new URL('../../examples/clusters/crosssubnet-3node.yaml', import.meta.url).pathname));
    const a = c.nodeByName('node-a')!;
    const via = (n: typeof a, peer: string) => n.routes.find((r) => r.dst === c.nodeByName(peer)!.block!.base)!;
    assert.equal(via(a, 'node-b').dev, 'ens160');
    assert.equal(via(a, 'node-b').kind, 'gateway');
    assert.equal(via(a, 'node-c').dev, 'tunl0');
    assert.equal(via(a, 'node-c').kind, 'onlink');
    assert.equal(c.nodeByName('node-c')!.spec.iface, 'ens160', 'iface defaults to ens160');
    assert.match(c.nodeByName('node-c')!.spec.mac, /^00:0c:29:/, 'mac defaults to a derived VMware MAC');
    assert.equal(formatCidr(c.nodeByName('node-c')!.block!), '10.244.0.128/26');
  });

  it('the seed cluster written as YAML builds the same routes as the built-in default', () => {
    const yaml = [
      'nodes:',
      '  - {name: k8s-master-1, iface: ens160, ip: 192.168.0.11, prefixLen: 24, mac: "00:0c:29:b1:02:f0", gateway: 192.168.0.2, block: 172.16.196.0/26}',
      '  - {name: k8s-node-1, iface: ens160, ip: 192.168.0.12, prefixLen: 24, mac: "00:0c:29:90:fa:e2", gateway: 192.168.0.2, block: 172.16.109.64/26}',
      'pools:',
      '  - {cidr: 172.16.0.0/16, blockSize: 26, ipipMode: Always}',
      'pods:',
      '  - {namespace: devops, name: busybox-77649b9c55-r6bx9, node: k8s-master-1}',
      '  - {namespace: devops, name: busybox-77649b9c55-7d27b, node: k8s-node-1}',
      '  - {namespace: kube-system, name: coredns-7c445fd599-glfl5, node: k8s-master-1}',
    ].join('\n');
    const fromYaml = buildCluster(parseClusterYaml(yaml));
    const builtin = buildCluster(defaultClusterSpec());
    assert.deepEqual(fromYaml.nodes.map((n) => n.routes), builtin.nodes.map((n) => n.routes));
  });

  it('bad YAML is a ConfigError with the position', () => {
    assert.throws(() => parseClusterYaml('nodes: [\n  {name: a', 'f.yaml'), (e: unknown) => e instanceof ConfigError && /^f\.yaml:\d+:\d+$/.test(e.field) && /bad YAML/.test(e.message));
  });

  it('duplicate YAML keys are rejected', () => {
    assert.throws(() => parseClusterYaml('mtu: 1500\nmtu: 1400\n'), (e: unknown) => e instanceof ConfigError && /bad YAML/.test(e.message));
  });

  it('a missing file is a ConfigError naming --cluster and the path', () => {
    assert.throws(() => loadClusterFile('/nonexistent/c.yaml'), (e: unknown) => e instanceof ConfigError && e.field === '--cluster' && e.value === '/nonexistent/c.yaml');
  });

  it('a YAML scalar where a mapping is needed names the field', () => {
    assert.throws(() => parseClusterYaml('nodes: [3]\npools: []\n'), (e: unknown) => e instanceof ConfigError && e.field === 'pools');
    assert.throws(
      () => parseClusterYaml('pools: [{cidr: 10.0.0.0/8, blockSize: 26, ipipMode: Always}]\nnodes: [3]\n'),
      (e: unknown) => e instanceof ConfigError && e.field === 'nodes[0]' && e.value === 3,
    );
  });
});
