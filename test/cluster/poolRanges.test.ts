import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { rejectsSeed } from '../support/rejects.ts';

// Pools over ranges no pod can have used to be accepted (pods got 0.0.0.1, 127.0.0.1,
// 224.0.0.1): Calico refuses the link-local range, Linux cannot use the others as a pod's source.
describe('cluster validation: IP pools over reserved ranges', () => {
  const cases: [string, RegExp][] = [
    ['0.0.0.0/0', /overlaps 0\.0\.0\.0\/8/],
    ['0.0.0.0/16', /overlaps 0\.0\.0\.0\/8/],
    ['127.0.0.0/16', /overlaps 127\.0\.0\.0\/8, the loopback/],
    ['126.0.0.0/7', /overlaps 127\.0\.0\.0\/8/],
    ['169.254.0.0/16', /overlaps 169\.254\.0\.0\/16, the IPv4 link-local range \(Calico/],
    ['169.254.1.0/24', /link-local/],
    ['169.0.0.0/8', /link-local/],
    ['224.0.0.0/16', /overlaps 224\.0\.0\.0\/4, the multicast/],
    ['239.255.0.0/16', /multicast/],
    ['255.255.255.0/24', /overlaps 255\.255\.255\.255\/32/],
  ];
  for (const [cidr, msg] of cases) {
    it(`refuses ${cidr}`, () => {
      rejectsSeed((s) => {
        s.pools[0].cidr = cidr;
        for (const n of s.nodes) delete n.block;
      }, 'pools[0].cidr', cidr, msg);
    });
  }

  it('a second pool is checked too', () => {
    rejectsSeed((s) => s.pools.push({ cidr: '127.1.0.0/16', blockSize: 26, ipipMode: 'Always' }), 'pools[1].cidr', '127.1.0.0/16', /loopback/);
  });

  // Linux routes 240/4 as unicast (2.6.25) and Calico accepts it; only 255.255.255.255 is special.
  for (const cidr of ['240.0.0.0/16', '1.0.0.0/16', '126.0.0.0/8', '128.0.0.0/8', '169.253.0.0/16', '223.255.0.0/16']) {
    it(`accepts ${cidr}`, () => {
      const s = defaultClusterSpec();
      s.pools[0].cidr = cidr;
      for (const n of s.nodes) delete n.block;
      assert.doesNotThrow(() => buildCluster(s));
    });
  }
});
