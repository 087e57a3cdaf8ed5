// The route input's flow cache (assembly/context.ts flowCacheSet, forward.ts ipv4Input; its TS
// twin) against no cache. The same random traffic goes one frame at a time into two dataplanes
// of one cluster, and one of them has its flow caches emptied before every frame. Both must
// send and capture the same frames, count the same, and leave the same memory everywhere but
// in the flow and lookup caches. The traffic comes from test/engine/traffic.ts: spoofed sources that
// rp_filter refuses, a node's own addresses as sources, blackholes, broadcasts and IPIP from
// outside. The clusters come from arbClusterSpec (subnets, routers, MTUs, block sizes) and run
// in both engines. A route change empties the cache (the LPM's generation, as for the lookup
// cache): a flow cached as IPIP, its output held, goes to the gateway once its block's route is
// withdrawn.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import type { Cluster } from '../../host/cluster/types.ts';
import { buildDataplane, type Dataplane } from '../../host/dataplane/build.ts';
import { runUntilIdle, type Engine } from '../../host/engine/engine.ts';
import { createEngine } from '../../host/dataplane/engines.ts';
import { popFrames } from '../../host/dataplane/rings.ts';
import { readNodeCounters, setCapture } from '../../host/dataplane/counters.ts';
import { lpmDelete } from '../../host/engine/ts/route/lpm.ts';
import { arbClusterSpec } from '../support/arbitraries.ts';
import { randomTraffic, inject, type Injected } from '../engine/traffic.ts';
import { ipv4Frame, mac } from '../engine/frames.ts';
import * as L from '../../host/layout.ts';

type Kind = 'wasm' | 'ts';

interface Run {
  dp: Dataplane;
  engine: Engine;
  seen: string[];
}

function start(cluster: Cluster, kind: Kind): Run {
  const dp = buildDataplane(cluster, { ringSlots: 64, ipIdStart: (n) => 1000 * n.index + 7 });
  const seen: string[] = [];
  for (const n of dp.nodes) for (const i of n.ifaces) setCapture(dp, n.index, i.index, { rx: true, tx: true });
  const engine = createEngine(kind, dp, { capture: (node, iface, dir, f) => seen.push(`cap ${node}/${iface}/${dir}/${Buffer.from(f).toString('hex')}`) });
  return { dp, engine, seen };
}

function emptyFlowCaches(dp: Dataplane): void {
  for (const n of dp.nodes) dp.mem.u8.fill(0, n.ctx + L.NODE_FLOW_CACHE, n.ctx + L.NODE_FLOW_CACHE + L.FLOW_CACHE_SIZE);
}

/** Both caches out of a comparison of memory: a flow-cache hit skips the lookups that would
 *  have filled the lookup cache. */
function emptyCaches(dp: Dataplane): void {
  emptyFlowCaches(dp);
  for (const n of dp.nodes) dp.mem.u8.fill(0, n.ctx + L.NODE_LOOKUP_CACHE, n.ctx + L.NODE_LOOKUP_CACHE + L.LOOKUP_CACHE_SIZE);
}

/** Feeds `frames` one at a time (emptying the flow caches before each when `cold`), collecting
 *  what comes out of every pod and uplink. */
function feed(run: Run, frames: readonly Injected[], cold: boolean): void {
  for (const x of frames) {
    if (cold) emptyFlowCaches(run.dp);
    inject(run.dp, [x]);
    runUntilIdle(run.engine);
    for (const n of run.dp.nodes) {
      for (const p of n.pods) for (const f of popFrames(run.dp.mem, p.txRing)) run.seen.push(`${p.name}/${f.meta}/${Buffer.from(f.frame).toString('hex')}`);
      for (const f of popFrames(run.dp.mem, n.uplinkTx)) run.seen.push(`${n.name} uplink/${f.meta}/${Buffer.from(f.frame).toString('hex')}`);
    }
  }
}

/** Warm and cold runs of the same frames agree; returns how many flow-cache ways the warm run
 *  left filled, and how many of those hold the flow's output (flowOutput.ts): a test whose
 *  traffic never fills the cache, or never sends a flow's later packets through the output it
 *  holds, would prove nothing. */
function agree(cluster: Cluster, kind: Kind, seed: number, count: number): { filled: number; outputs: number } {
  const warm = start(cluster, kind);
  const cold = start(cluster, kind);
  const frames = randomTraffic(warm.dp, seed, count);
  feed(warm, frames, false);
  feed(cold, frames, true);
  assert.deepEqual(warm.seen, cold.seen, 'frames sent or captured differ');
  for (const n of warm.dp.nodes) assert.deepEqual(readNodeCounters(warm.dp, n.index), readNodeCounters(cold.dp, n.index), `counters of ${n.name}`);
  let filled = 0;
  let outputs = 0;
  for (const n of warm.dp.nodes) {
    for (let w = n.ctx + L.NODE_FLOW_CACHE; w < n.ctx + L.NODE_FLOW_CACHE + L.FLOW_CACHE_SIZE; w += L.FLOW_WAY) {
      if (warm.dp.mem.u32[(w + L.FW_IIF) >>> 2] !== 0) filled++;
      if (warm.dp.mem.u32[(w + L.FW_RING) >>> 2] !== 0) outputs++;
    }
  }
  emptyCaches(warm.dp);
  emptyCaches(cold.dp);
  const a = warm.dp.mem.u8;
  const b = cold.dp.mem.u8;
  const at = a.findIndex((x, i) => x !== b[i]);
  assert.equal(at, -1, `memory outside the caches differs at ${at}`);
  return { filled, outputs };
}

describe('the route input flow cache', function () {
  this.timeout(120000);

  for (const kind of ['wasm', 'ts'] as const) {
    it(`${kind}: the seed's cluster, 1500 random frames: with the cache as without it`, () => {
      const { filled, outputs } = agree(buildCluster(defaultClusterSpec()), kind, 11, 1500);
      assert.ok(filled > 4, `only ${filled} ways filled`);
      assert.ok(outputs > 2, `only ${outputs} ways hold their flow's output`);
    });

    it(`${kind}: random clusters (fast-check specs), 300 frames each: with the cache as without it`, () => {
      const specs = fc.sample(arbClusterSpec({ maxNodes: 6, maxPods: 24 }), { seed: 7, numRuns: 6 });
      const outputs = specs.map((spec, i) => agree(buildCluster(spec), kind, 200 + i, 300).outputs);
      assert.ok(outputs.reduce((a, b) => a + b) > 0, 'no flow went out through the output its way holds');
    });
  }

  for (const kind of ['wasm', 'ts'] as const) {
    it(`${kind}: a flow cached from one cali is not another cali's: rp_filter still refuses the spoofer`, () => {
      const cluster = buildCluster(defaultClusterSpec());
      const warm = start(cluster, kind);
      const [a, b] = warm.dp.nodes[0].pods;
      const peer = warm.dp.nodes[1].pods[0];
      const from = (p: typeof a, fill: number): Injected => ({
        ring: p.rxRing,
        meta: fill + 1,
        frame: ipv4Frame({ dstMac: mac('ee:ee:ee:ee:ee:ee'), srcMac: mac(p.mac), src: a.ip, dst: peer.ip, proto: 1, ttl: 64, id: fill, df: true, frameLen: 98, fill }),
      });
      const frames = [from(a, 0), from(b, 1), from(a, 2), from(b, 3)];
      const cold = start(cluster, kind);
      feed(warm, frames, false);
      feed(cold, frames, true);
      assert.deepEqual(warm.seen, cold.seen);
      const c = readNodeCounters(warm.dp, 0);
      assert.equal(c.encap, 2, "a's two packets");
      assert.equal(c.drops.rpFilter, 2, "b's two, with a's address");
    });
  }

  for (const kind of ['wasm', 'ts'] as const) {
    it(`${kind}: a route removed after the flow was cached decides the next packet`, () => {
      const cluster = buildCluster(defaultClusterSpec());
      const run = start(cluster, kind);
      const master = run.dp.nodes[0];
      const pod = master.pods[0];
      const peer = run.dp.nodes[1].pods[0];
      const frame = (): Injected => ({
        ring: pod.rxRing,
        meta: 1,
        frame: ipv4Frame({ dstMac: mac('ee:ee:ee:ee:ee:ee'), srcMac: mac(pod.mac), src: pod.ip, dst: peer.ip, proto: 1, ttl: 64, id: 1, df: true, frameLen: 98, fill: 0 }),
      });
      feed(run, [frame(), frame(), frame()], false); // the second fills the flow's output, the third goes out through it
      assert.equal(readNodeCounters(run.dp, 0).encap, 3);
      const cache = run.dp.mem.u32.subarray((master.ctx + L.NODE_FLOW_CACHE) >>> 2, (master.ctx + L.NODE_FLOW_CACHE + L.FLOW_CACHE_SIZE) >>> 2);
      let held = false;
      for (let i = 0; i < cache.length; i += L.FLOW_WAY >>> 2) {
        if (cache[i] === peer.ip >>> 0 && cache[i + 1] === pod.ip >>> 0 && (cache[i + 3] >>> 24) === L.NHK_ONLINK_TUNL0 && cache[i + (L.FW_RING >>> 2)] !== 0) held = true;
      }
      assert.ok(held, 'the flow is in the flow cache, as an onlink tunl0 route with its output');
      // the peer's block route goes (BIRD withdrew it): the default route via the gateway is left
      const block = cluster.nodes[1].block!;
      const mem = run.dp.mem;
      assert.equal(lpmDelete(mem, mem.u32[(master.ctx + L.NODE_LPM_BASE) >>> 2], block.base >>> 0, block.len), 0);
      const forwarded = readNodeCounters(run.dp, 0).forwarded;
      feed(run, [frame()], false);
      assert.equal(readNodeCounters(run.dp, 0).encap, 3, 'not encapsulated again');
      assert.equal(readNodeCounters(run.dp, 0).forwarded, forwarded + 1, 'forwarded, to the gateway');
    });
  }
});
