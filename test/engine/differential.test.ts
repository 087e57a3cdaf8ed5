// Differential test: the WASM core and the TypeScript twin, fed the same seeded random
// frames over the same cluster, must leave the shared memory byte-identical (every output
// slot, ring index, counter and IP ID sequence), deliver identical frames to every pod and
// report identical captures, and both must balance their books:
//   generated + created = delivered + dropped   (cluster-wide, at quiescence)
//   RX + created = delivered + dropped + sent on the wire   (per node, always)
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import type { Cluster } from '../../host/cluster/types.ts';
import { buildDataplane, type Dataplane } from '../../host/dataplane/build.ts';
import { runUntilIdle, type Engine } from '../../host/engine/engine.ts';
import { popFrames } from '../../host/dataplane/rings.ts';
import { readClusterCounters, readNodeCounters, nodeImbalance, setCapture } from '../../host/dataplane/counters.ts';
import { arbClusterSpec } from '../support/arbitraries.ts';
import { randomTraffic, inject } from './traffic.ts';
import { createEngine } from '../../host/dataplane/engines.ts';

interface Run {
  dp: Dataplane;
  engine: Engine;
  captures: string[];
  delivered: string[];
  generated: number;
  /** Frames taken from the uplink tx rings (sent beyond the dataplane). */
  wired: number;
}

function start(cluster: Cluster, kind: 'wasm' | 'ts', ringSlots: number): Run {
  const dp = buildDataplane(cluster, { ringSlots, ipIdStart: (n) => 1000 * n.index + 7 });
  const captures: string[] = [];
  const capture = (node: number, iface: number, dir: string, f: Uint8Array): void => {
    captures.push(`${node}/${iface}/${dir}/${Buffer.from(f).toString('hex')}`);
  };
  for (const n of dp.nodes) for (const i of n.ifaces) setCapture(dp, n.index, i.index, { rx: true, tx: true });
  const engine = createEngine(kind, dp, { capture });
  return { dp, engine, captures, delivered: [], generated: 0, wired: 0 };
}

function feed(run: Run, seed: number, total: number, batch: number): void {
  const frames = randomTraffic(run.dp, seed, total);
  for (let i = 0; i < frames.length; i += batch) {
    run.generated += inject(run.dp, frames.slice(i, i + batch));
    runUntilIdle(run.engine);
    for (const n of run.dp.nodes) {
      for (const p of n.pods) {
        for (const f of popFrames(run.dp.mem, p.txRing)) run.delivered.push(`${p.name}/${f.meta}/${Buffer.from(f.frame).toString('hex')}`);
      }
      for (const f of popFrames(run.dp.mem, n.uplinkTx)) {
        run.delivered.push(`${n.name} uplink/${f.meta}/${Buffer.from(f.frame).toString('hex')}`);
        run.wired++;
      }
    }
  }
}

function checkBooks(run: Run): void {
  let created = 0;
  let delivered = 0;
  let dropped = 0;
  for (const n of run.dp.nodes) {
    assert.equal(nodeImbalance(run.dp, n.index), 0, `node ${n.name} books do not balance`);
    const c = readNodeCounters(run.dp, n.index);
    created += c.createdIcmp + c.createdArp + c.createdFrag + c.createdTcp;
    delivered += c.deliveredPod + c.deliveredHost;
    dropped += c.dropped;
  }
  assert.equal(run.generated + created, delivered + dropped + run.wired, 'generated + created = delivered + dropped + sent beyond the dataplane');
}

function compare(cluster: Cluster, seed: number, total: number, ringSlots = 256, batch = 64): { w: Run; t: Run } {
  const w = start(cluster, 'wasm', ringSlots);
  const t = start(cluster, 'ts', ringSlots);
  feed(w, seed, total, batch);
  feed(t, seed, total, batch);
  assert.equal(w.generated, t.generated);
  assert.deepEqual(w.delivered, t.delivered, 'frames delivered to pods differ');
  assert.deepEqual(w.captures, t.captures, 'captured frames differ');
  for (const n of w.dp.nodes) assert.deepEqual(readNodeCounters(w.dp, n.index), readNodeCounters(t.dp, n.index), `counters of ${n.name}`);
  const a = Buffer.from(w.dp.mem.u8.buffer, 0, w.dp.mem.u8.length);
  const b = Buffer.from(t.dp.mem.u8.buffer, 0, t.dp.mem.u8.length);
  assert.equal(Buffer.compare(a, b), 0, 'shared memory differs after the run');
  checkBooks(w);
  checkBooks(t);
  return { w, t };
}

describe('engines: wasm core vs TypeScript twin (differential)', () => {
  it('default cluster, 3 seeds × 3000 random frames: identical bytes, counters, captures', () => {
    const cluster = buildCluster(defaultClusterSpec());
    for (const seed of [1, 2, 3]) {
      const { w } = compare(cluster, seed, 3000);
      // the traffic must actually reach the interesting paths, or the test proves little
      const total = readClusterCounters(w.dp.mem);
      for (const k of ['encap', 'decap', 'deliveredPod', 'icmpErrors', 'echoReplies', 'createdArp', 'createdFrag'] as const) assert.ok(total[k] > 0, `seed ${seed}: no ${k}`);
      for (const k of ['blackhole', 'ttlExceeded', 'fragNeeded', 'ipBadChecksum', 'arpNoProxy']) assert.ok((total.drops[k] ?? 0) > 0, `seed ${seed}: no ${k} drop`);
    }
  });

  it('tiny rings: ring-full tail drops are counted identically', () => {
    const cluster = buildCluster(defaultClusterSpec());
    const { w } = compare(cluster, 9, 600, 4, 200);
    const full = readClusterCounters(w.dp.mem).drops.ringFull ?? 0;
    assert.ok(full > 0, 'expected ring-full drops with 4-slot rings');
  });

  it('random clusters (fast-check specs), 600 frames each', () => {
    const specs = fc.sample(arbClusterSpec({ maxNodes: 6, maxPods: 24 }), { seed: 42, numRuns: 8 });
    specs.forEach((spec, i) => compare(buildCluster(spec), 100 + i, 600, 32, 16));
  });
});
