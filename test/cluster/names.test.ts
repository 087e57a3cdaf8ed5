import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildCluster, defaultClusterSpec, linkLocal6, vethName } from '../../host/cluster/index.ts';
import { calicoNodeSuffix, formatIp6, netnsName, podMac } from '../../host/cluster/names.ts';
import { SEED_PATH } from '../views/seed-text.ts';

describe('names Calico derives', () => {
  const seed = readFileSync(SEED_PATH, 'utf8');
  const cases: [string, string, string][] = [
    ['devops', 'busybox-77649b9c55-r6bx9', 'cali12242800409'],
    ['devops', 'busybox-77649b9c55-7d27b', 'cali1b0be572c83'],
    ['kube-system', 'coredns-7c445fd599-glfl5', 'calif57336c1ec9'],
  ];
  for (const [ns, pod, want] of cases) {
    it(`${ns}/${pod} -> ${want} = cali + sha1("${ns}.${pod}")[0:11]`, () => {
      const hex = createHash('sha1').update(`${ns}.${pod}`).digest('hex');
      assert.equal('cali' + hex.slice(0, 11), want);
      assert.equal(vethName(ns, pod), want);
      assert.ok(seed.includes(want), 'the seed prints this interface');
      assert.equal(want.length, 15); // IFNAMSIZ - 1
    });
  }

  it('the built cluster uses the sha1 names for its veths and routes', () => {
    const c = buildCluster(defaultClusterSpec());
    for (const [ns, pod, want] of cases) {
      const p = c.podByName(pod, ns)!;
      assert.equal(p.hostVeth, want);
      const node = c.nodes[p.nodeIndex];
      assert.ok(node.ifaces.some((i) => i.name === want && i.proxyArp && i.mac === 'ee:ee:ee:ee:ee:ee'));
      assert.ok(node.routes.some((r) => r.kind === 'cali' && r.dev === want && r.dst === p.ip && r.len === 32));
    }
  });

  it('link-local addresses by EUI-64, as printed in the seed', () => {
    assert.equal(linkLocal6('00:0c:29:b1:02:f0'), 'fe80::20c:29ff:feb1:2f0');
    assert.equal(linkLocal6('00:0c:29:90:fa:e2'), 'fe80::20c:29ff:fe90:fae2');
    assert.equal(linkLocal6('ee:ee:ee:ee:ee:ee'), 'fe80::ecee:eeff:feee:eeee');
    assert.equal(linkLocal6('86:9c:03:9e:db:9f'), 'fe80::849c:3ff:fe9e:db9f');
    assert.equal(linkLocal6('8e:0a:84:0d:c2:e4'), 'fe80::8c0a:84ff:fe0d:c2e4');
    // U/L flip turns 02:00:00:.. into an all-zero group run: RFC 5952 compresses the longest run.
    assert.equal(linkLocal6('02:00:00:00:00:01'), 'fe80::ff:fe00:1');
    assert.equal(formatIp6([0, 0, 0, 0, 0, 0, 0, 1]), '::1');
    assert.equal(formatIp6([1, 0, 0, 2, 0, 0, 0, 3]), '1:0:0:2::3');
    assert.equal(formatIp6([1, 0, 2, 3, 4, 5, 6, 7]), '1:0:2:3:4:5:6:7');
  });

  it('derived identities are stable and well formed', () => {
    const mac = podMac('devops', 'x');
    assert.equal(mac, podMac('devops', 'x'));
    assert.notEqual(mac, podMac('devops', 'y'));
    const first = parseInt(mac.slice(0, 2), 16);
    assert.equal(first & 1, 0, 'unicast');
    assert.equal(first & 2, 2, 'locally administered');
    assert.match(netnsName('devops', 'x'), /^cni-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(calicoNodeSuffix('node-7'), /^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});
