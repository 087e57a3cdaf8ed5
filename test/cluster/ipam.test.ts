import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec, type ClusterSpec } from '../../host/cluster/index.ts';
import { ConfigError } from '../../host/errors.ts';
import { formatCidr, formatIp4 } from '../../host/net/addr.ts';

function spec(over: Partial<ClusterSpec> = {}): ClusterSpec {
  return {
    nodes: [
      { name: 'a', iface: 'ens160', ip: '10.0.0.11', prefixLen: 24, mac: '00:0c:29:00:00:11', gateway: '10.0.0.1' },
      { name: 'b', iface: 'ens160', ip: '10.0.0.12', prefixLen: 24, mac: '00:0c:29:00:00:12', gateway: '10.0.0.1' },
      { name: 'c', iface: 'ens192', ip: '10.0.1.13', prefixLen: 24, mac: '00:0c:29:00:00:13', gateway: '10.0.1.1' },
    ],
    pools: [{ cidr: '10.244.0.0/16', blockSize: 26, ipipMode: 'Always' }],
    pods: [
      { namespace: 'default', name: 'p1', node: 'a' },
      { namespace: 'default', name: 'p2', node: 'b' },
      { namespace: 'default', name: 'p3', node: 'a' },
    ],
    ...over,
  };
}

function configError(fn: () => unknown, field: string, value: unknown): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConfigError, String(e));
    assert.equal(e.field, field);
    assert.deepEqual(e.value, value);
    return true;
  });
}

describe('IPAM', () => {
  it('seed cluster: the seed blocks, tunl0 = block .0/32, pods in order', () => {
    const c = buildCluster(defaultClusterSpec());
    const [m, n] = c.nodes;
    assert.equal(formatCidr(m.block!), '172.16.196.0/26');
    assert.equal(formatCidr(n.block!), '172.16.109.64/26');
    assert.equal(formatIp4(m.tunl0Ip!), '172.16.196.0');
    assert.equal(formatIp4(n.tunl0Ip!), '172.16.109.64');
    const ip = (name: string) => formatIp4(c.podByName(name)!.ip);
    assert.equal(ip('busybox-77649b9c55-r6bx9'), '172.16.196.1');
    assert.equal(ip('busybox-77649b9c55-7d27b'), '172.16.109.65');
    assert.equal(ip('coredns-7c445fd599-glfl5'), '172.16.196.2');
    assert.equal(m.calicoNodePod, 'calico-node-q6cv6');
  });

  it('nodes without a pinned block get the next free aligned block, in node order', () => {
    const c = buildCluster(spec());
    assert.deepEqual(c.nodes.map((n) => formatCidr(n.block!)), ['10.244.0.0/26', '10.244.0.64/26', '10.244.0.128/26']);
    assert.deepEqual(c.pods.map((p) => formatIp4(p.ip)), ['10.244.0.1', '10.244.0.65', '10.244.0.2']);
  });

  it('pinned blocks are skipped by automatic assignment', () => {
    const s = spec();
    s.nodes[1].block = '10.244.0.0/26';
    const c = buildCluster(s);
    assert.deepEqual(c.nodes.map((n) => formatCidr(n.block!)), ['10.244.0.64/26', '10.244.0.0/26', '10.244.0.128/26']);
  });

  it('ipipMode Never: no tunnel address, first pod gets ordinal 0, no tunl0 device', () => {
    const c = buildCluster(spec({ pools: [{ cidr: '10.244.0.0/16', blockSize: 26, ipipMode: 'Never' }] }));
    assert.equal(c.nodes[0].tunl0Ip, null);
    assert.equal(formatIp4(c.pods[0].ip), '10.244.0.0');
    assert.ok(!c.nodes[0].ifaces.some((i) => i.name === 'tunl0'));
    assert.ok(!c.pods[0].ifaces.some((i) => i.name === 'tunl0'));
    assert.equal(c.pods[0].ifaces.find((i) => i.name === 'eth0')!.mtu, 1500, 'no encap: pod MTU = host MTU');
  });

  it('MTU: tunl0, cali and eth0 get host MTU - 20 with IPIP; the pod-side fallback tunl0 stays 1480', () => {
    const c = buildCluster(spec({ mtu: 9000 }));
    const mtu = (list: { name: string; mtu: number }[], name: string) => list.find((i) => i.name === name)!.mtu;
    assert.equal(mtu(c.nodes[0].ifaces, 'tunl0'), 8980);
    assert.equal(mtu(c.nodes[0].ifaces, c.pods[0].hostVeth), 8980);
    assert.equal(mtu(c.pods[0].ifaces, 'eth0'), 8980);
    assert.equal(mtu(c.pods[0].ifaces, 'tunl0'), 1480);
  });

  it('several pools: blocks come from the first pool with a free block', () => {
    const c = buildCluster(
      spec({
        pools: [
          { cidr: '10.244.0.0/25', blockSize: 26, ipipMode: 'Always' },
          { cidr: '10.245.0.0/24', blockSize: 27, ipipMode: 'Never' },
        ],
        pods: [{ namespace: 'default', name: 'p', node: 'c' }],
      }),
    );
    assert.deepEqual(c.nodes.map((n) => formatCidr(n.block!)), ['10.244.0.0/26', '10.244.0.64/26', '10.245.0.0/27']);
    assert.deepEqual(c.nodes.map((n) => n.blockPool), [0, 0, 1]);
    assert.equal(c.nodes[2].tunl0Ip, null, 'the tunnel address only comes from IPIP pools');
    assert.equal(formatIp4(c.pods[0].ip), '10.245.0.0');
    // a routes to c's block (Never pool) natively, to b's (Always pool) over tunl0.
    const a = c.nodes[0];
    assert.equal(a.routes.find((r) => formatIp4(r.dst) === '10.245.0.0')!.dev, 'ens160');
    assert.equal(a.routes.find((r) => formatIp4(r.dst) === '10.244.0.64')!.dev, 'tunl0');
  });

  it('an exhausted pool leaves a node without block; a pod there is a config error naming it', () => {
    const s = spec({ pools: [{ cidr: '10.244.0.0/25', blockSize: 26, ipipMode: 'Always' }], pods: [] });
    const c = buildCluster(s);
    assert.equal(c.nodes[2].block, null);
    assert.equal(c.nodes[2].tunl0Ip, null);
    assert.equal(c.nodes[0].routes.filter((r) => r.kind === 'onlink').length, 1, 'no route to a node without block');
    s.pods = [{ namespace: 'default', name: 'late', node: 'c' }];
    configError(() => buildCluster(s), 'pods[0].node', 'c');
  });

  it('a full block: the node claims the next free block, blackholes it, and every peer routes it', () => {
    const pods = Array.from({ length: 5 }, (_, i) => ({ namespace: 'default', name: `p${i}`, node: 'a' }));
    const s = spec({ pools: [{ cidr: '10.244.0.0/16', blockSize: 30, ipipMode: 'Always' }], pods });
    const c = buildCluster(s); // tunl0 + 3 pods fill a's /30; b and c hold .4 and .8
    const [a, b] = c.nodes;
    assert.deepEqual(a.blocks.map(formatCidr), ['10.244.0.0/30', '10.244.0.12/30']);
    assert.equal(a.block, a.blocks[0]);
    assert.deepEqual(c.pods.map((p) => formatIp4(p.ip)), ['10.244.0.1', '10.244.0.2', '10.244.0.3', '10.244.0.12', '10.244.0.13']);
    const show = (r: { dst: number; len: number; kind: string; gateway?: number; dev?: string }) =>
      `${r.kind} ${formatIp4(r.dst)}/${r.len}${r.gateway !== undefined ? ` via ${formatIp4(r.gateway)}` : ''}${r.dev ? ` dev ${r.dev}` : ''}`;
    assert.deepEqual(a.routes.filter((r) => r.kind === 'blackhole').map(show), ['blackhole 10.244.0.0/30', 'blackhole 10.244.0.12/30']);
    assert.deepEqual(b.routes.filter((r) => r.kind === 'onlink').map(show), [
      'onlink 10.244.0.0/30 via 10.0.0.11 dev tunl0', 'onlink 10.244.0.8/30 via 10.0.1.13 dev tunl0', 'onlink 10.244.0.12/30 via 10.0.0.11 dev tunl0',
    ]);
  });

  it('a further block comes from the first pool with a free one, and is routed by that pool\'s mode', () => {
    const pods = Array.from({ length: 5 }, (_, i) => ({ namespace: 'default', name: `p${i}`, node: 'a' }));
    const s = spec({
      pools: [{ cidr: '10.244.0.0/28', blockSize: 30, ipipMode: 'Always' }, { cidr: '10.245.0.0/24', blockSize: 26, ipipMode: 'CrossSubnet' }],
      nodes: spec().nodes.slice(0, 2).concat([{ ...spec().nodes[2] }, { name: 'd', iface: 'ens160', ip: '10.0.0.14', prefixLen: 24, mac: '00:0c:29:00:00:14', gateway: '10.0.0.1' }]),
      pods,
    });
    const c = buildCluster(s); // the /28 holds four /30s, one per node: a's second block is a /26 of the second pool
    assert.deepEqual(c.nodes[0].blocks.map((b) => `${formatCidr(b)}@${b.pool}`), ['10.244.0.0/30@0', '10.245.0.0/26@1']);
    const b = c.nodeByName('b')!; // same subnet as a: CrossSubnet goes native
    const toA = b.routes.filter((r) => r.gateway === c.nodes[0].ip).map((r) => `${r.kind} ${formatIp4(r.dst)}/${r.len} ${r.dev}`);
    assert.deepEqual(toA, ['onlink 10.244.0.0/30 tunl0', 'gateway 10.245.0.0/26 ens160']);
    const cc = c.nodeByName('c')!; // another subnet: CrossSubnet tunnels
    assert.equal(cc.routes.find((r) => r.dst === c.nodes[0].blocks[1].base)!.kind, 'onlink');
  });

  it('every pool exhausted: a config error naming the pod', () => {
    const pods = Array.from({ length: 8 }, (_, i) => ({ namespace: 'default', name: `p${i}`, node: 'a' }));
    const s = spec({ pools: [{ cidr: '10.244.0.0/28', blockSize: 30, ipipMode: 'Always' }], pods });
    // a: tunl0 + 3 pods, then the fourth /30 (4 more pods); the eighth finds no block
    configError(() => buildCluster(s), 'pods[7].node', 'a');
    assert.throws(() => buildCluster(s), /block\(s\) are full and every pool is exhausted/);
    s.pods = pods.slice(0, 7);
    assert.equal(buildCluster(s).nodes[0].blocks.length, 2);
  });

  it('ifindexes: cali veths from 7 in pod order, pod eth0 = 4 pointing back at them', () => {
    const c = buildCluster(spec());
    const a = c.nodes[0];
    assert.deepEqual(a.ifaces.map((i) => `${i.ifindex}:${i.name}`), ['1:lo', '2:ens160', '3:tunl0', '4:kube-ipvs0', `7:${c.pods[0].hostVeth}`, `8:${c.pods[2].hostVeth}`]);
    const eth0 = c.pods[2].ifaces.find((i) => i.name === 'eth0')!;
    assert.equal(eth0.ifindex, 4);
    assert.equal(eth0.peerIfindex, 8);
  });
});
