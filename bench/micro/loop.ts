import { createEngine } from '../../host/dataplane/engines.ts';
import { arm, BURST, busybox, cross, dp, peer, release } from './seedImage.ts';
const wasm = createEngine('wasm', dp);
const N = Number(process.env.N ?? 2e6);
function go(n: number) { for (let i = 0; i < n; i++) { arm(busybox.rxRing, cross, BURST); wasm.step(0, BURST); wasm.step(1, BURST); release(peer.txRing); } }
go(20000);
const t0 = process.hrtime.bigint();
go(N / BURST);
const t1 = process.hrtime.bigint();
console.log('ns/pkt incl rearm', Number(t1 - t0) / N);
