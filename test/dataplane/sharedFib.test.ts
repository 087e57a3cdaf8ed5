// Shared FIBs (host/dataplane/sharedFib.ts): a dataplane whose nodes share their subnet's LPM and
// next hops must forward every frame exactly as the one where each node has its own tables:
// the same frames delivered, the same captures on every interface, the same counters. And the
// two engines must still leave the shared-FIB image byte-identical.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import type { Cluster } from '../../host/cluster/types.ts';
import { buildDataplane, type Dataplane } from '../../host/dataplane/build.ts';
import { runUntilIdle, type Engine } from '../../host/engine/engine.ts';
import { popFrames } from '../../host/dataplane/rings.ts';
import { readNodeCounters, setCapture } from '../../host/dataplane/counters.ts';
import { createEngine } from '../../host/dataplane/engines.ts';
import { NodeRecord } from '../../host/dataplane/records.ts';
import { NODE_OWN_ROUTES, NH_SIZE, NH_NONE, NH_KIND, NH_TUNNEL_NH, NHK_ONLINK_TUNL0 } from '../../host/layout.ts';
import { arbClusterSpec } from '../support/arbitraries.ts';
import { randomTraffic, inject } from '../engine/traffic.ts';
import { syntheticClusterSpec } from '../../bench/cluster/synthetic.ts';
import { shareFibs } from '../../host/dataplane/sharedFib.ts';
import { buildNodeFib, caliIndexes } from '../../host/dataplane/nexthops.ts';

interface Run {
  dp: Dataplane;
  engine: Engine;
  out: string[];
}

function start(cluster: Cluster, kind: 'wasm' | 'ts', shareFibs: boolean): Run {
  const dp = buildDataplane(cluster, { ringSlots: 32, shareFibs, ipIdStart: (n) => 1000 * n.index + 7 });
  const out: string[] = [];
  const capture = (node: number, iface: number, dir: string, f: Uint8Array): void => {
    out.push(`cap ${node}/${iface}/${dir}/${Buffer.from(f).toString('hex')}`);
  };
  for (const n of dp.nodes) for (const i of n.ifaces) setCapture(dp, n.index, i.index, { rx: true, tx: true });
  return { dp, engine: createEngine(kind, dp, { capture }), out };
}

function feed(run: Run, seed: number, total: number): void {
  const frames = randomTraffic(run.dp, seed, total);
  for (let i = 0; i < frames.length; i += 16) {
    inject(run.dp, frames.slice(i, i + 16));
    runUntilIdle(run.engine);
    for (const n of run.dp.nodes) {
      for (const p of n.pods) for (const f of popFrames(run.dp.mem, p.txRing)) run.out.push(`${p.name}/${f.meta}/${Buffer.from(f.frame).toString('hex')}`);
      for (const f of popFrames(run.dp.mem, n.uplinkTx)) run.out.push(`${n.name} uplink/${f.meta}/${Buffer.from(f.frame).toString('hex')}`);
    }
  }
  for (const n of run.dp.nodes) run.out.push(`${n.name} ${JSON.stringify(readNodeCounters(run.dp, n.index))}`);
}

const sharing = (dp: Dataplane): number => dp.nodes.filter((n) => dp.mem.u32[(n.ctx + NODE_OWN_ROUTES) >>> 2] !== 0).length;

/** Every node's route to every interesting address: the next hop's 16 bytes (a tunnel's with
 *  its outer adjacency's instead of that one's index), or none. */
function routes(dp: Dataplane, addrs: number[]): string[] {
  return dp.nodes.map((n) => {
    const rec = new NodeRecord(dp.mem, n.ctx);
    const bytes = (nh: number): string => {
      if (nh >= rec.nhCount) return '-';
      const at = rec.nhTable + nh * NH_SIZE;
      const hex = Buffer.from(dp.mem.u8.subarray(at, at + NH_SIZE)).toString('hex');
      return dp.mem.u8[at + NH_KIND] === NHK_ONLINK_TUNL0 ? `${hex.slice(0, 24)}>${bytes(dp.mem.u32[(at + NH_TUNNEL_NH) >>> 2])}` : hex;
    };
    return addrs.map((a) => bytes(rec.route(a))).join(' ');
  });
}

function interesting(cluster: Cluster): number[] {
  const out = new Set<number>([0, 0xffffffff, 0x7f000001, 0xa9fe0101]);
  for (const n of cluster.nodes) {
    out.add(n.ip);
    out.add((n.ip + 1) >>> 0);
    if (n.tunl0Ip !== null) out.add(n.tunl0Ip);
    for (const b of n.blocks) for (const d of [-1, 0, 1, 2, 2 ** (32 - b.len) - 1, 2 ** (32 - b.len)]) out.add((b.base + d) >>> 0);
    for (const r of n.routes) for (const d of [-1, 0, 2 ** (32 - r.len) - 1, 2 ** (32 - r.len)]) out.add((r.dst + d) >>> 0);
  }
  for (const p of cluster.pods) out.add(p.ip);
  return [...out];
}

function check(cluster: Cluster, seed: number, frames: number, minShared: number): void {
  const priv = buildDataplane(cluster, { ringSlots: 4 });
  const shared = buildDataplane(cluster, { ringSlots: 4, shareFibs: true });
  assert.ok(sharing(shared) >= minShared, `${sharing(shared)} nodes share, expected ${minShared}`);
  assert.equal(sharing(priv), 0);
  assert.deepEqual(routes(shared, interesting(cluster)), routes(priv, interesting(cluster)), 'route lookups differ');
  const runs = (['wasm', 'ts'] as const).flatMap((k) => [start(cluster, k, false), start(cluster, k, true)]);
  for (const r of runs) feed(r, seed, frames);
  const [wp, ws, tp, ts] = runs;
  assert.deepEqual(ws.out, wp.out, 'wasm: shared FIBs forward differently');
  assert.deepEqual(ts.out, tp.out, 'ts: shared FIBs forward differently');
  assert.equal(Buffer.compare(Buffer.from(ws.dp.mem.u8.buffer), Buffer.from(ts.dp.mem.u8.buffer)), 0, 'wasm and ts images differ with shared FIBs');
}

describe('shared FIBs: one LPM and next-hop table per subnet', () => {
  it('the seed cluster: both nodes share, every lookup, frame, capture and counter as with their own tables', () => {
    check(buildCluster(defaultClusterSpec()), 1, 2000, 2);
  });

  it('a synthetic cluster of 40 nodes, 3 pods each', () => {
    check(buildCluster(syntheticClusterSpec({ nodes: 40, podsPerNode: 3 })), 2, 1500, 40);
  });

  it('three subnets joined by a router, CrossSubnet: a class per subnet, the router alone', () => {
    const cluster = buildCluster(syntheticClusterSpec({ nodes: 12, podsPerNode: 2, subnets: 3, ipipMode: 'CrossSubnet' }));
    check(cluster, 3, 1500, 12);
  });

  it('a node with a second block keeps its own tables, and the others still share', () => {
    const spec = syntheticClusterSpec({ nodes: 6, podsPerNode: 2 });
    for (let i = 0; i < 64; i++) spec.pods.push({ namespace: 'default', name: `many-${i}`, node: spec.nodes[3].name });
    const cluster = buildCluster(spec);
    assert.equal(cluster.nodes[3].blocks.length, 2);
    check(cluster, 4, 1500, 5);
    const shared = buildDataplane(cluster, { ringSlots: 4, shareFibs: true });
    assert.equal(shared.mem.u32[(shared.nodes[3].ctx + NODE_OWN_ROUTES) >>> 2], 0, 'the two-block node does not share');
  });

  it('random clusters (fast-check specs)', () => {
    const specs = fc.sample(arbClusterSpec({ maxNodes: 6, maxPods: 24 }), { seed: 7, numRuns: 20 });
    specs.forEach((spec, i) => check(buildCluster(spec), 200 + i, 400, 0));
  });

  it('the check: a member whose FIB has one more route, or one route less, or another next hop, breaks its class', () => {
    const cluster = buildCluster(syntheticClusterSpec({ nodes: 6, podsPerNode: 2 }));
    const fibOf = (n: typeof cluster.nodes[number]) => buildNodeFib(cluster, n, caliIndexes(n));
    assert.equal(shareFibs(cluster, cluster.nodes, fibOf).length, 1);
    const tampered = (change: (f: ReturnType<typeof fibOf>) => void) => (n: typeof cluster.nodes[number]) => {
      const f = fibOf(n);
      if (n.index === 3) change(f);
      return f;
    };
    assert.equal(shareFibs(cluster, cluster.nodes, tampered((f) => f.entries.push({ dst: 0x08080808, len: 32, nh: 0, origin: 'route' }))).length, 0);
    assert.equal(shareFibs(cluster, cluster.nodes, tampered((f) => f.entries.splice(f.entries.findIndex((e) => e.len === 26 && e.origin === 'route' && f.nextHops[e.nh].kind === 3), 1))).length, 0);
    assert.equal(shareFibs(cluster, cluster.nodes, tampered((f) => { f.nextHops[f.entries.find((e) => e.len === 0)!.nh].mac = new Uint8Array(6); })).length, 0);
  });

  it('a node table that differs elsewhere keeps its own tables', () => {
    const spec = defaultClusterSpec();
    spec.nodes[1].gateway = '192.168.0.254';
    const dp = buildDataplane(buildCluster(spec), { ringSlots: 4, shareFibs: true });
    assert.equal(sharing(dp), 0);
  });
});
