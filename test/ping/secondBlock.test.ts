// A node whose block is full claims a second one (host/cluster/ipam.ts): pods there are reached
// over the tunnel like any other, through the route every peer has to that block, and the
// unused rest of the new block is blackholed on its node as the first one is.

import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { formatCidr, formatIp4 } from '../../host/net/addr.ts';
import { BUSYBOX_M1, ping, session } from './support.ts';

function crowded() {
  const spec = defaultClusterSpec();
  // k8s-node-1's /26 holds tunl0 and 63 pods: 64 more overflow into a second block
  for (let i = 0; i < 64; i++) spec.pods.push({ namespace: 'default', name: `web-${i}`, node: 'k8s-node-1' });
  return buildCluster(spec);
}

describe('ping: a pod in its node\'s second block', () => {
  const cluster = crowded();
  const node = cluster.nodeByName('k8s-node-1')!;
  const last = cluster.podByName('web-63')!;

  it('IPAM gave k8s-node-1 the lowest free /26 of the pool as its second block', () => {
    assert.deepEqual(node.blocks.map(formatCidr), ['172.16.109.64/26', '172.16.0.0/26']);
    const second = cluster.pods.filter((p) => p.node === 'k8s-node-1' && p.ip >>> 8 === 0xac1000);
    assert.ok(second.length > 0 && second.length < 64);
    assert.equal(formatIp4(second[0].ip), '172.16.0.0'); // ordinal 0: no tunnel address in a further block
    assert.equal(node.pods.length, 63 + second.length);
  });

  it('ip route: the peer routes the block via the node on tunl0, the node blackholes it', () => {
    const s = session({}, cluster);
    const m = s.exec('k8s-master-1', ['ip', 'route']).stdout;
    assert.match(m, /^172\.16\.0\.0\/26 via 192\.168\.0\.12 dev tunl0 proto bird onlink$/m);
    const n = s.exec('k8s-node-1', ['ip', 'route']).stdout;
    // the pod at the block's first address shares the blackhole's key: the longer prefix first
    assert.match(n, /^172\.16\.0\.0 dev cali[0-9a-f]{11} scope link\nblackhole 172\.16\.0\.0\/26 proto bird\n172\.16\.0\.1 dev /m);
    assert.match(n, /^blackhole 172\.16\.109\.64\/26 proto bird$/m);
  });

  for (const engine of ['wasm', 'ts'] as const) {
    it(`${engine}: a pod on k8s-master-1 pings it over IPIP; an unused address of the block is blackholed`, () => {
      const s = session({ engine }, cluster);
      const ok = ping(s, { pod: BUSYBOX_M1, host: formatIp4(last.ip), count: 2, tcpdump: ['k8s-master-1:ens160'] });
      assert.equal(ok.code, 0, ok.out + ok.err);
      assert.match(ok.out, /2 packets transmitted, 2 packets received, 0% packet loss/);
      const wire = ok.taps.get('k8s-master-1:ens160')!.join('\n');
      assert.ok(wire.includes(`192.168.0.11 > 192.168.0.12: (tos 0x0, ttl 63,`), wire);
      assert.ok(wire.includes(`172.16.196.1 > ${formatIp4(last.ip)}: ICMP echo request, id`), wire);
      assert.ok(wire.includes(`${formatIp4(last.ip)} > 172.16.196.1: ICMP echo reply, id`), wire);
      const lost = ping(s, { pod: BUSYBOX_M1, host: '172.16.0.9', count: 1, timeoutS: 1 });
      assert.match(lost.out, /1 packets transmitted, 0 packets received, 100% packet loss/);
    });
  }
});
