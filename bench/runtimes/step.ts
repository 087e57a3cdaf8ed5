// The one-core part of the runtime benchmark: the seed's cross-host journey stepped in
// process by each engine (no threads, so it runs wherever WebAssembly and typed arrays do),
// on the micro-benchmarks' seed image (bench/micro/seedImage.ts).
//
//   wasm, ts  busybox (k8s-master-1) → encap → k8s-node-1's inbox → decap → busybox (k8s-node-1)
//   null      the same rings and node steps, copying only (assembly/nullPath.ts)
//
// Each engine's journey must deliver a whole burst before anything is timed. ROUNDS rounds of
// tinybench, the four tasks one after the other in each; the re-arm alone is timed in each
// round and subtracted from that round's figures (as bench/micro/journey.bench.ts does).

import { Bench } from 'tinybench';
import { createEngine } from '../../host/dataplane/engines.ts';
import type { Engine, EngineName } from '../../host/engine/engine.ts';
import { arm, BURST, busybox, cross, dp, peer, release } from '../micro/seedImage.ts';
import { ENGINES } from './result.ts';

const ROUNDS = 3;

/** ns/packet per engine, one sample per round. */
export async function measureStep(ms: number): Promise<Record<EngineName, number[]>> {
  const engines = new Map<EngineName, Engine>(ENGINES.map((e) => [e, createEngine(e, dp)]));
  const journey = (eng: Engine): number => {
    arm(busybox.rxRing, cross, BURST);
    eng.step(0, BURST);
    eng.step(1, BURST);
    return release(peer.txRing);
  };
  for (const [e, eng] of engines) {
    const got = journey(eng);
    if (got !== BURST) throw new Error(`step: the ${e} engine delivered ${got} of a burst of ${BURST}`);
  }
  const out = Object.fromEntries(ENGINES.map((e) => [e, [] as number[]])) as Record<EngineName, number[]>;
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: ms, warmupTime: round === 0 ? Math.min(300, ms) : Math.min(100, ms) });
    bench.add('re-arm', () => { arm(busybox.rxRing, cross, BURST); release(busybox.rxRing); });
    for (const [e, eng] of engines) bench.add(e, () => { journey(eng); });
    await bench.run();
    const ns = new Map<string, number>();
    for (const t of bench.tasks) {
      if (t.result.state !== 'completed') throw new Error(`step: ${t.name}: ${t.result.state}`);
      ns.set(t.name, 1e9 / (t.result.throughput.p50 * BURST));
    }
    for (const e of ENGINES) out[e].push(ns.get(e)! - ns.get('re-arm')!);
  }
  return out;
}
