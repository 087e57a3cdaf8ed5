import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildCluster } from '../../host/cluster/index.ts';
import { cidrContains, cidrOverlaps, maskOf, parseCidr, parseIp4, type Cidr } from '../../host/net/addr.ts';
import { arbClusterSpec } from '../support/arbitraries.ts';

describe('cluster model properties (random valid clusters)', () => {
  it('blocks are disjoint, aligned and inside their pool; pod IPs unique inside the node\'s blocks', () => {
    fc.assert(
      fc.property(arbClusterSpec(), (spec) => {
        const c = buildCluster(spec);
        const pools = spec.pools.map((p) => parseCidr(p.cidr) as Cidr);
        const all = c.nodes.flatMap((n) => n.blocks);
        for (const n of c.nodes) {
          assert.equal(n.block, n.blocks.length > 0 ? n.blocks[0] : null, 'block is the first of blocks');
          assert.equal(n.blockPool, n.blocks.length > 0 ? n.blocks[0].pool : null);
        }
        for (const b of all) {
          const pool = spec.pools[b.pool];
          assert.ok(cidrContains(pools[b.pool], b.base), 'block inside its pool');
          assert.equal(b.len, pool.blockSize);
          assert.equal((b.base & ~maskOf(b.len)) >>> 0, 0, 'block aligned');
        }
        for (let i = 0; i < all.length; i++)
          for (let j = i + 1; j < all.length; j++)
            assert.ok(!cidrOverlaps(all[i], all[j]), 'disjoint blocks');

        const seen = new Set<number>();
        for (const p of c.pods) {
          const node = c.nodes[p.nodeIndex];
          assert.ok(node.blocks.some((b) => cidrContains(b, p.ip)), 'pod IP inside one of its node\'s blocks');
          assert.notEqual(p.ip, node.tunl0Ip, 'pod IP is not the tunnel address');
          assert.ok(!seen.has(p.ip), 'pod IPs unique');
          seen.add(p.ip);
        }
        assert.equal(c.pods.length, spec.pods.length);
      }),
      { numRuns: 150 },
    );
  });

  it('one route per remote block, through the interface its pool\'s ipip mode picks', () => {
    fc.assert(
      fc.property(arbClusterSpec(), (spec) => {
        const c = buildCluster(spec);
        for (const n of c.nodes) {
          const subnet = { base: (n.ip & maskOf(n.spec.prefixLen)) >>> 0, len: n.spec.prefixLen };
          for (const peer of c.nodes) for (const b of peer === n ? [] : peer.blocks) {
            const routes = n.routes.filter((r) => r.dst === b.base && r.len === b.len);
            assert.equal(routes.length, 1, `${n.spec.name}: one route to ${peer.spec.name}'s block`);
            const r = routes[0];
            const mode = spec.pools[b.pool].ipipMode;
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
          assert.equal(remote.length, c.nodes.reduce((sum, p) => sum + (p === n ? 0 : p.blocks.length), 0));
          // a blackhole per block, but for a /32 block its pod fills
          const filled = n.blocks.filter((b) => b.len === 32 && n.pods.some((p) => p.ip === b.base)).length;
          assert.equal(n.routes.filter((r) => r.kind === 'blackhole').length, n.blocks.length - filled);
          assert.equal(n.routes.filter((r) => r.kind === 'cali').length, n.pods.length);
        }
      }),
      { numRuns: 150 },
    );
  });
});
