// The seed's cross-host journey in a plain loop, for a profiler: no tinybench, no re-arm
// subtraction, one number at the end (ns per packet, re-arm included). How BENCHMARKS.md's
// instruction-level profiles of the core were taken (this machine has no hardware counters,
// so cpu-clock; --no-liftoff compiles the module with TurboFan at once):
//
//   N=30000000 perf record -e cpu-clock -F 5000 -k mono -o perf.data \
//     node --perf-prof --no-liftoff --import tsx bench/micro/profileJourney.ts
//   perf inject --jit -i perf.data -o perf.jit.data
//   perf report -i perf.jit.data --no-children --sort symbol --stdio
//   perf annotate -i perf.jit.data --stdio -s 'JS:wasm-function[K]-K-turbofan'
//
// (K: the function's index, imports first, in build/core.wat's order.) N = packets, default 2e6.
import { createEngine } from '../../host/dataplane/engines.ts';
import { arm, BURST, busybox, cross, dp, peer, release } from './seedImage.ts';

const wasm = createEngine('wasm', dp);
const N = Number(process.env.N ?? 2e6);

function bursts(n: number): void {
  for (let i = 0; i < n; i++) {
    arm(busybox.rxRing, cross, BURST);
    wasm.step(0, BURST);
    wasm.step(1, BURST);
    release(peer.txRing);
  }
}

bursts(20000); // warm: TurboFan code for the host side too
const t0 = process.hrtime.bigint();
bursts(Math.ceil(N / BURST));
const t1 = process.hrtime.bigint();
console.log(`journey, re-arm included: ${(Number(t1 - t0) / (Math.ceil(N / BURST) * BURST)).toFixed(1)} ns/packet`);
