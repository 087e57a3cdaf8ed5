// The cross-subnet example's memory image for the micro-benchmarks: node-a and node-b on
// 10.0.1.0/24, node-c on 10.0.2.0/24, the default router between them (CrossSubnet: the
// client's ping to web-2 is encapsulated on node-a, forwarded by the router with its outer TTL
// decremented, decapsulated on node-c). One worker, 256-slot rings; ring ends as in seedImage.ts.
import { buildCluster, loadClusterFile } from '../../host/cluster/index.ts';
import { buildDataplane } from '../../host/dataplane/build.ts';
import { drainCounting, pushCopies, type Tally } from '../../host/dataplane/rings.ts';
import { echoRequestFrame } from '../traffic/frames.ts';

export const cluster = buildCluster(loadClusterFile('examples/clusters/crosssubnet-3node.yaml'));
export const dp = buildDataplane(cluster, { workers: 1, ringSlots: 256 });
export const { mem } = dp;
const host = (name: string) => dp.nodes.find((n) => n.name === name)!;
export const nodeA = host('node-a');
export const nodeC = host('node-c');
export const router = host('router');
export const client = nodeA.pods.find((p) => p.name === 'client')!;
export const web2 = nodeC.pods.find((p) => p.name === 'web-2')!;

/** client (node-a) → web-2 (node-c, the other subnet), 98 bytes. */
export const crossSubnet = echoRequestFrame({ srcMac: client.mac, dstMac: 'ee:ee:ee:ee:ee:ee', srcIp: client.ip, dstIp: web2.ip, ident: 29, ipId: 1 }, 98);

const tally: Tally = { frames: 0, bytes: 0 };

export function arm(ring: number, frame: Uint8Array, n: number): void {
  pushCopies(mem, ring, [frame], 0, n, 0);
}

export function release(ring: number): number {
  return drainCounting(mem, ring, tally);
}
