// Times the host-side build of a synthetic cluster (cluster model, then dataplane memory) and
// prints memory use: `node --import tsx bench/scale/buildProfile.ts NODES [PODS_PER_NODE] [RING_SLOTS]`.
import { buildCluster } from '../../host/cluster/index.ts';
import { buildDataplane } from '../../host/dataplane/build.ts';
import { syntheticClusterSpec } from '../cluster/synthetic.ts';

const [nodes = 1000, pods = 1, slots = 256] = process.argv.slice(2).map(Number);
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
const t0 = performance.now();
const cluster = buildCluster(syntheticClusterSpec({ nodes, podsPerNode: pods }));
const t1 = performance.now();
const dp = buildDataplane(cluster, { workers: 2, ringSlots: slots });
const t2 = performance.now();
const m = process.memoryUsage();
console.log(`nodes ${nodes} pods/node ${pods} ring slots ${slots}: cluster ${((t1 - t0) / 1000).toFixed(2)} s, dataplane ${((t2 - t1) / 1000).toFixed(2)} s; `
  + `shared ${mib(dp.memory.buffer.byteLength)}, rss ${mib(m.rss)}, heap used ${mib(m.heapUsed)}`);
