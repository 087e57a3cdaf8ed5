// fast-check arbitraries for cluster specs. `arbClusterSpec()` yields specs that buildCluster
// accepts: 1..64 nodes spread over 1..4 /24 subnets, 1..2 non-overlapping pools with any block
// size 20..32 and any ipipMode, 0..200 pods placed only where IPAM finds an address: in the
// node's newest block, or in a block it claims once that is full (host/cluster/ipam.ts).

import fc from 'fast-check';
import type { ClusterSpec, IpipMode, PodSpec, PoolSpec } from '../../host/cluster/types.ts';
import { formatIp4, maskOf } from '../../host/net/addr.ts';

export interface ArbClusterOptions {
  maxNodes?: number; // default 64
  maxPods?: number; // default 200
  modes?: IpipMode[]; // default all three
}

const NAMESPACES = ['default', 'devops', 'kube-system', 'team-a'];

function blocksIn(pool: { len: number; blockSize: number }): number {
  return 2 ** (pool.blockSize - pool.len);
}

export function arbClusterSpec(opts: ArbClusterOptions = {}): fc.Arbitrary<ClusterSpec> {
  const maxNodes = opts.maxNodes ?? 64;
  const maxPods = opts.maxPods ?? 200;
  const mode = fc.constantFrom<IpipMode>(...(opts.modes ?? ['Always', 'CrossSubnet', 'Never']));
  // Pool A lives in 10.0.0.0/8, pool B (optional) in 172.16.0.0/12, so they never overlap.
  const poolA = fc
    .record({ blockSize: fc.integer({ min: 20, max: 32 }), slack: fc.integer({ min: 0, max: 12 }), bits: fc.nat(), ipipMode: mode })
    .map(({ blockSize, slack, bits, ipipMode }) => {
      const len = Math.max(8, blockSize - slack);
      const base = ((10 << 24) | (bits & 0xffffff)) & maskOf(len);
      return { len, blockSize, base: base >>> 0, ipipMode };
    });
  const poolB = fc
    .record({ blockSize: fc.integer({ min: 20, max: 32 }), slack: fc.integer({ min: 0, max: 8 }), bits: fc.nat(), ipipMode: mode })
    .map(({ blockSize, slack, bits, ipipMode }) => {
      const len = Math.max(12, blockSize - slack);
      const base = (((172 << 24) | (16 << 16)) | (bits & 0xfffff)) & maskOf(len);
      return { len, blockSize, base: base >>> 0, ipipMode };
    });

  return fc
    .record({
      pools: fc.tuple(poolA, fc.option(poolB, { nil: undefined })),
      subnetOf: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: maxNodes }),
      podWish: fc.array(fc.record({ node: fc.nat(), ns: fc.constantFrom(...NAMESPACES) }), { maxLength: maxPods }),
      mtu: fc.constantFrom(1500, 1450, 9000),
    })
    .map(({ pools: [a, b], subnetOf, podWish, mtu }) => {
      const rawPools = b ? [a, b] : [a];
      const pools: PoolSpec[] = rawPools.map((p, i) => ({
        name: `pool-${i}`,
        cidr: `${formatIp4(p.base)}/${p.len}`,
        blockSize: p.blockSize,
        ipipMode: p.ipipMode,
      }));
      const nodes = subnetOf.map((s, i) => ({
        name: `node-${i}`,
        iface: 'ens160',
        ip: `192.168.${s}.${10 + i}`,
        prefixLen: 24,
        mac: `00:0c:29:00:${s.toString(16).padStart(2, '0')}:${i.toString(16).padStart(2, '0')}`,
        gateway: `192.168.${s}.1`,
      }));
      // Blocks go to nodes in order, first pool first, then to a node whose newest block is full
      // when a pod needs an address: mirror that to know each node's room.
      const room: number[] = [];
      const left = rawPools.map(blocksIn);
      const hasBlock: boolean[] = [];
      const claim = (): number => {
        const p = left.findIndex((n) => n > 0);
        if (p >= 0) left[p]--;
        return p;
      };
      for (let i = 0; i < nodes.length; i++) {
        const p = claim();
        hasBlock.push(p >= 0);
        room.push(p < 0 ? 0 : 2 ** (32 - rawPools[p].blockSize) - (rawPools[p].ipipMode === 'Never' ? 0 : 1));
      }
      const pods: PodSpec[] = [];
      podWish.forEach((w, k) => {
        for (let t = 0; t < nodes.length; t++) {
          const n = (w.node + t) % nodes.length;
          if (room[n] === 0 && hasBlock[n]) {
            const p = claim();
            if (p >= 0) room[n] = 2 ** (32 - rawPools[p].blockSize);
          }
          if (room[n] > 0) {
            room[n]--;
            pods.push({ namespace: w.ns, name: `pod-${k}`, node: nodes[n].name });
            return;
          }
        }
      });
      return { mtu, nodes, pools, pods };
    });
}
