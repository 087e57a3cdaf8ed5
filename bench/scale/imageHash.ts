// SHA-256 of the dataplane memory image (and of the per-node FIBs) for a set of clusters:
// the default seed cluster, fixed-seed random clusters and synthetic ones. Run it before and
// after a change to the cluster or memory builders: the output must not change.
//   node --import tsx bench/scale/imageHash.ts [NODES...]   (extra synthetic clusters, 1 pod per node)
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import type { ClusterSpec } from '../../host/cluster/types.ts';
import { buildDataplane, type Dataplane } from '../../host/dataplane/build.ts';
import { arbClusterSpec } from '../../test/support/arbitraries.ts';
import { syntheticClusterSpec } from '../cluster/synthetic.ts';

export function imageHash(dp: Dataplane): string {
  const h = createHash('sha256');
  const u8 = new Uint8Array(dp.memory.buffer);
  const CHUNK = 1 << 24;
  for (let o = 0; o < u8.length; o += CHUNK) h.update(u8.slice(o, Math.min(u8.length, o + CHUNK)));
  return h.digest('hex');
}

function fibHash(dp: Dataplane): string {
  const h = createHash('sha256');
  for (const n of dp.nodes) {
    h.update(JSON.stringify({ ...n, fib: undefined }));
    h.update(JSON.stringify(n.fib, (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v)));
  }
  return h.digest('hex').slice(0, 16);
}

const specs: [string, ClusterSpec][] = [['default', defaultClusterSpec()]];
fc.sample(arbClusterSpec(), { seed: 42, numRuns: 12 }).forEach((s, i) => specs.push([`random#${i}`, s]));
specs.push(['synthetic 40×3', syntheticClusterSpec({ nodes: 40, podsPerNode: 3 })]);
specs.push(['synthetic 300×1', syntheticClusterSpec({ nodes: 300, podsPerNode: 1 })]);
for (const n of process.argv.slice(2).map(Number)) specs.push([`synthetic ${n}×1`, syntheticClusterSpec({ nodes: n, podsPerNode: 1 })]);
for (const [name, spec] of specs) {
  let line: string;
  try {
    const dp = buildDataplane(buildCluster(spec), { workers: 2, ringSlots: 4 });
    line = `${imageHash(dp).slice(0, 16)} ${fibHash(dp)} ${dp.totalBytes}`;
  } catch (e) {
    line = `error ${(e as Error).message}`;
  }
  console.log(`${name.padEnd(18)} ${line}`);
}
