// Two or more builds of the core timed against each other in one process, on the seed's
// memory image: the cross-host journey (encap on k8s-master-1 + decap on k8s-node-1, the full
// step of issue 13) and its parts, each build in every round, the order reversed every other
// round, re-arm subtracted. A change to the core is judged by the per-round ratio to the first
// build, which the machine's load moves far less than the nanoseconds.
//
//   git show main:… or a scratch tree → npx asc assembly/index.ts --target release -o build/core-old.wasm
//   node --import tsx bench/micro/coreAB.ts build/core-old.wasm build/core.wasm
//   (AB_TIME = ms per task per round, default 150; AB_ROUNDS, default 9; AB_ANY=1 times builds
//   that leave different bytes, for ablations that remove work)
//
// On a host whose speed flips within a second (2026-12-02: the journey took 65 ns or 150 ns by
// turns, a plain ALU loop steady), a round of 150 ms per build often straddles a flip. AB_SLICES=N
// times N rounds of slices of AB_SLICE bursts (default 400, ~10 ms) instead, each build and the
// re-arm in every round, and prints the median of the per-round ratios of the gross times
// (re-arm included, so diluted towards 1) and the ratio of the median net times:
//
//   AB_SLICES=3000 node --import tsx bench/micro/coreAB.ts A.wasm B.wasm
//
// Before timing, every build must leave the whole memory image byte-identical to the first
// build's after a burst of each path: a change that pays must not change behaviour.

import { Bench } from 'tinybench';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { WasmEngine } from '../../host/engine/wasm.ts';
import { popFrames } from '../../host/dataplane/rings.ts';
import { arm, BURST, busybox, cross, dp, master, mem, node1, peer, release } from './seedImage.ts';
import * as L from '../../host/layout.ts';

const files = process.argv.slice(2);
if (files.length < 2) {
  console.error('usage: node --import tsx bench/micro/coreAB.ts A.wasm B.wasm [C.wasm …]');
  process.exit(2);
}
const TIME = Number(process.env.AB_TIME ?? 150);
const ROUNDS = Number(process.env.AB_ROUNDS ?? 9);
const cores = files.map((f) => new WasmEngine(dp.memory, dp.ctxs, {}, new WebAssembly.Module(readFileSync(f))));

// the IPIP frame the encap writes on the wire, for the decap path alone
const wire = node1.inboxes[0];
arm(busybox.rxRing, cross, 1);
cores[0].step(0, BURST);
const ipip = popFrames(mem, wire)[0].frame;
const notForUs = cross.slice();
notForUs[0] = 0x02;

type Path = { run: (e: WasmEngine) => void; rearm: () => void };
const paths: Record<string, Path> = {
  journey: {
    run: (e) => { arm(busybox.rxRing, cross, BURST); e.step(0, BURST); e.step(1, BURST); release(peer.txRing); },
    rearm: () => { arm(busybox.rxRing, cross, BURST); release(busybox.rxRing); },
  },
  encap: {
    run: (e) => { arm(busybox.rxRing, cross, BURST); e.step(0, BURST); release(wire); },
    rearm: () => { arm(busybox.rxRing, cross, BURST); release(busybox.rxRing); release(wire); },
  },
  decap: {
    run: (e) => { arm(node1.externalInbox, ipip, BURST); e.step(1, BURST); release(peer.txRing); },
    rearm: () => { arm(node1.externalInbox, ipip, BURST); release(node1.externalInbox); release(peer.txRing); },
  },
  'rx drop': { // drain, the receive books, the Ethernet checks, a drop: what every frame pays first
    run: (e) => { arm(busybox.rxRing, notForUs, BURST); e.step(0, BURST); },
    rearm: () => { arm(busybox.rxRing, notForUs, BURST); release(busybox.rxRing); },
  },
};

if (!process.env.AB_ANY) {
  for (const [name, p] of Object.entries(paths)) {
    const start = mem.u8.slice();
    let want: Uint8Array | null = null;
    for (const [k, e] of cores.entries()) {
      mem.u8.set(start);
      p.run(e);
      if (want === null) want = mem.u8.slice();
      else for (let i = 0; i < want.length; i++) {
        if (mem.u8[i] !== want[i]) throw new Error(`${name}: ${files[k]} leaves memory different from ${files[0]}'s at byte ${i} (AB_ANY=1 to time it anyway)`);
      }
    }
    mem.u8.set(start);
  }
}

/** Empty both nodes' lookup caches (a generation that cannot match: lookupCacheValidate clears). */
function forgetLookupCaches(): void {
  for (const n of [master, node1]) mem.u32[(n.ctx + L.NODE_LPM_GEN) >>> 2] ^= 0xffffffff;
}

if (process.env.AB_SLICES) {
  slices(Number(process.env.AB_SLICES), Number(process.env.AB_SLICE ?? 400));
  process.exit(0);
}

/** The AB_SLICES mode: hrtime around AB_SLICE bursts of one task, every task in every round. */
function slices(rounds: number, bursts: number): void {
  const time = (f: () => void): number => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < bursts; i++) f();
    return Number(process.hrtime.bigint() - t0) / (bursts * BURST);
  };
  const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
  const q = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) * p)]; };
  const load0 = loadavg()[0];
  console.log(`ns/packet over ${rounds} rounds of ${bursts} bursts per build; gross = re-arm included, net = gross − the round's re-arm;`);
  console.log('ratio = per-round gross ÷ the first build\'s, median [quartiles]; net ratio = median net ÷ the first build\'s');
  for (const [name, p] of Object.entries(paths)) {
    for (let w = 0; w < 50; w++) for (const e of cores) { forgetLookupCaches(); p.run(e); }
    const gross = cores.map((): number[] => []);
    const rearm: number[] = [];
    for (let r = 0; r < rounds; r++) {
      rearm.push(time(p.rearm));
      const order = r % 2 === 0 ? [...cores.keys()] : [...cores.keys()].reverse();
      for (const k of order) { forgetLookupCaches(); gross[k].push(time(() => p.run(cores[k]))); }
    }
    const net = gross.map((g) => median(g.map((v, i) => v - rearm[i])));
    console.log(name);
    files.forEach((f, k) => {
      const ratio = gross[k].map((v, i) => v / gross[0][i]);
      const r = k === 0 ? '' : `ratio ${median(ratio).toFixed(4)} [${q(ratio, 0.25).toFixed(4)}–${q(ratio, 0.75).toFixed(4)}], net ratio ${(net[k] / net[0]).toFixed(4)}`;
      console.log(`  ${f.padEnd(28)} gross ${median(gross[k]).toFixed(1)} (p10 ${q(gross[k], 0.1).toFixed(1)}), net ${net[k].toFixed(1)}  ${r}`);
    });
  }
  console.log(`load average (1 min): ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)} (2 cores)`);
}

const net: Record<string, number[][]> = Object.fromEntries(Object.keys(paths).map((p) => [p, files.map(() => [])]));
const loads = [loadavg()[0]];
for (let r = 0; r < ROUNDS; r++) {
  const bench = new Bench({ time: TIME, warmupTime: r === 0 ? 300 : 50 });
  const order = r % 2 === 0 ? [...cores.keys()] : [...cores.keys()].reverse();
  for (const [name, p] of Object.entries(paths)) {
    bench.add(`${name}|rearm`, p.rearm);
    // every task starts with the nodes' lookup caches empty: builds share the memory, and
    // one build's cache entries need not mean the same to another
    for (const k of order) bench.add(`${name}|${k}`, () => p.run(cores[k]), { beforeAll: forgetLookupCaches });
  }
  await bench.run();
  const ns: Record<string, number> = {};
  for (const t of bench.tasks) {
    if (t.result?.state !== 'completed') throw new Error(`${t.name}: ${t.result?.state}`);
    ns[t.name] = 1e9 / (t.result.throughput.p50 * BURST);
  }
  for (const name of Object.keys(paths)) files.forEach((_, k) => net[name][k].push(ns[`${name}|${k}`] - ns[`${name}|rearm`]));
  loads.push(loadavg()[0]);
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const span = (xs: number[], d: number): string => `${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})`;
console.log(`ns/packet, median of ${ROUNDS} interleaved rounds (min–max), re-arm subtracted; ratio = per-round ns ÷ the first build's, median (min–max)`);
for (const [name, rows] of Object.entries(net)) {
  console.log(name);
  files.forEach((f, k) => console.log(`  ${f.padEnd(28)} ${span(rows[k], 1).padEnd(22)} ${k === 0 ? '' : span(rows[k].map((v, i) => v / rows[0][i]), 3)}`));
}
console.log(`load average (1 min) during the run: ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} (2 cores)`);
