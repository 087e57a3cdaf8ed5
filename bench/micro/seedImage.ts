// The seed cluster's memory image as the micro-benchmarks use it: one worker, 256-slot rings,
// the pods of the seed's walkthrough, its 98-byte cross-host ping, and the two ring ends the
// benchmark plays (re-arm a burst into a pod's rx ring; drain an output ring), both through
// host/dataplane/rings.ts so the ring protocol stays written once.
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { buildDataplane } from '../../host/dataplane/build.ts';
import { drainCounting, pushCopies, type Tally } from '../../host/dataplane/rings.ts';
import { echoRequestFrame } from '../traffic/frames.ts';

export const BURST = 32;

export const cluster = buildCluster(defaultClusterSpec());
export const dp = buildDataplane(cluster, { workers: 1, ringSlots: 256 });
export const { mem } = dp;
export const [master, node1] = dp.nodes;
export const busybox = master.pods[0];
export const coredns = master.pods[1];
export const peer = node1.pods[0];

/** busybox (k8s-master-1) → busybox (k8s-node-1), as the seed's ping sends it. */
export const cross = echoRequestFrame({ srcMac: busybox.mac, dstMac: 'ee:ee:ee:ee:ee:ee', srcIp: busybox.ip, dstIp: peer.ip, ident: 29, ipId: 63022 }, 98);

const tally: Tally = { frames: 0, bytes: 0 };

/** Copy `frame` into `n` slots of `ring` and publish them (one atomic store). */
export function arm(ring: number, frame: Uint8Array, n: number): void {
  pushCopies(mem, ring, [frame], 0, n, 0);
}

/** Take every frame waiting in `ring` (one atomic store); returns how many. */
export function release(ring: number): number {
  return drainCounting(mem, ring, tally);
}
