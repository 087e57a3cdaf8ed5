import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildCluster } from '../../host/cluster/index.ts';
import { cidrContains, cidrOverlaps, maskOf, parseCidr, parseIp4, type Cidr } from '../../host/net/addr.ts';
import { arbClusterSpec } from '../support/arbitraries.ts';

describe('cluster model properties (random valid clusters)', () => {
  it('blocks are disjoint, aligned and inside their pool; pod IPs unique inside the node block', () => {
    fc.assert(
      fc.property(arbClusterSpec(), (spec) => {
        const c = buildCluster(spec);
        const pools = spec.pools.map((p) => parseCidr(p.cidr) as Cidr);
        const withBlock = c.nodes.filter((n) => n.block !== null);
        for (const n of withBlock) {
          const b = n.block as Cidr;
          const pool = spec.pools[n.blockPool as number];
          assert.ok(cidrContains(pools[n.blockPool as number], b.base), 'block inside its pool');
          assert.equal(b.len, pool.blockSize);
          assert.equal((b.base & ~maskOf(b.len)) >>> 0, 0, 'block aligned');
        }
        for (let i = 0; i < withBlock.length; i++)
          for (let j = i + 1; j < withBlock.length; j++)
            assert.ok(!cidrOverlaps(withBlock[i].block as Cidr, withBlock[j].block as Cidr), 'disjoint blocks');

        const seen = new Set<number>();
        for (const p of c.pods) {
          const node = c.nodes[p.nodeIndex];
          assert.ok(node.block && cidrContains(node.block, p.ip), 'pod IP inside its node block');
          assert.notEqual(p.ip, node.tunl0Ip, 'pod IP is not the tunnel address');
          assert.ok(!seen.has(p.ip), 'pod IPs unique');
          seen.add(p.ip);
        }
        assert.equal(c.pods.length, spec.pods.length);
      }),
      { numRuns: 150 },
    );
  });

  it('one route per remote block, through the interface the ipip mode picks', () => {
    fc.assert(
      fc.property(arbClusterSpec(), (spec) => {
        const c = buildCluster(spec);
        for (const n of c.nodes) {
          const subnet = { base: (n.ip & maskOf(n.spec.prefixLen)) >>> 0, len: n.spec.prefixLen };
          for (const peer of c.nodes) {
            if (peer === n || !peer.block) continue;
            const b = peer.block;
            const routes = n.routes.filter((r) => r.dst === b.base && r.len === b.len);
            assert.equal(routes.length, 1, `${n.spec.name}: one route to ${peer.spec.name}'s block`);
            const r = routes[0];
            const mode = spec.pools[peer.blockPool as number].ipipMode;
            const tunnel = mode === 'Always' || (mode === 'CrossSubnet' && !cidrContains(subnet, peer.ip));
            // native across subnets: BIRD's recursive gateway resolves the peer via the default gateway
            const nextHop = tunnel || cidrContains(subnet, peer.ip) ? peer.ip : parseIp4(n.spec.gateway);
            assert.equal(r.gateway, nextHop, 'next hop is the peer node IP, or the gateway towards it');
            if (tunnel) {
              assert.equal(r.dev, 'tunl0');
              assert.equal(r.kind, 'onlink');
            } else {
              assert.equal(r.dev, n.spec.iface);
              assert.equal(r.kind, 'gateway');
            }
          }
          // Nothing else routes into remote blocks; the own block is a blackhole plus /32s.
          const remote = n.routes.filter((r) => r.kind === 'onlink' || (r.kind === 'gateway' && r.len > 0));
          assert.equal(remote.length, c.nodes.filter((p) => p !== n && p.block).length);
          if (n.block && !(n.block.len === 32 && n.pods.length === 1)) {
            assert.equal(n.routes.filter((r) => r.kind === 'blackhole').length, 1);
          }
          assert.equal(n.routes.filter((r) => r.kind === 'cali').length, n.pods.length);
        }
      }),
      { numRuns: 150 },
    );
  });
});
