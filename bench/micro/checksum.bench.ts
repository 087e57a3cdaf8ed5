// Micro-benchmark: the IPv4 checksum kernels of the core (WASM, through a bulk loop built
// from assembly/wire) and of the TS twin, on the same 4096 headers in one shared memory.
//   - checksum update: ip_decrease_ttl (TTL − 1 + RFC 1624 incremental update), per forwarded packet;
//   - header checksum: a full RFC 1071 sum over 20 bytes, per new outer header (encap).
//   npm run bench:micro   (MICRO_BENCH_TIME=ms per task, default 1000)

import { Bench } from 'tinybench';
import { echoRequestFrame } from '../traffic/frames.ts';
import { loadKernels } from './kernels.ts';
import { nsPerPacket, printRows } from './report.ts';

const N = 4096;
const STRIDE = 64; // one header per cache line, like headers in ring slots would be
const BASE = 65536;
const TIME = Number(process.env.MICRO_BENCH_TIME ?? 1000);

const k = await loadKernels(Math.ceil((BASE + N * STRIDE) / 65536) + 1);
const frame = echoRequestFrame({ srcMac: '86:9c:03:9e:db:9f', dstMac: 'ee:ee:ee:ee:ee:ee', srcIp: 0xac10c401, dstIp: 0xac106d41, ident: 29, ipId: 63022 }, 98);
for (let i = 0; i < N; i++) k.mem.u8.set(frame.subarray(14, 34), BASE + i * STRIDE);

// Both engines must compute the same bytes: run each once on a copy and compare.
const before = k.mem.u8.slice(BASE, BASE + N * STRIDE);
k.wasm.decTtlBulk(BASE, N, STRIDE);
k.wasm.fillChecksumBulk(BASE, N, STRIDE);
const wasmBytes = k.mem.u8.slice(BASE, BASE + N * STRIDE);
k.mem.u8.set(before, BASE);
k.ts.decTtlBulk(BASE, N, STRIDE);
k.ts.fillChecksumBulk(BASE, N, STRIDE);
const tsBytes = k.mem.u8.slice(BASE, BASE + N * STRIDE);
if (!wasmBytes.every((b, i) => b === tsBytes[i])) throw new Error('WASM and TS kernels disagree');

const bench = new Bench({ time: TIME, warmupTime: 200 });
// TTL wraps after 256 passes; the cost does not depend on its value.
bench
  .add('wasm update', () => k.wasm.decTtlBulk(BASE, N, STRIDE))
  .add('ts update', () => k.ts.decTtlBulk(BASE, N, STRIDE))
  .add('wasm full', () => k.wasm.fillChecksumBulk(BASE, N, STRIDE))
  .add('ts full', () => k.ts.fillChecksumBulk(BASE, N, STRIDE));
await bench.run();
const ns = nsPerPacket(bench, N);
printRows(`IPv4 checksum kernels, ${N} headers per call (median):`, [
  { name: 'checksum update (ip_decrease_ttl)', wasmNs: ns.get('wasm update')!, tsNs: ns.get('ts update')! },
  { name: 'header checksum (20 B, RFC 1071)', wasmNs: ns.get('wasm full')!, tsNs: ns.get('ts full')! },
]);
