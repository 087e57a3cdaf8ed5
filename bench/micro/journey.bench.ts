// Micro-benchmark: the seed's cross-host journey (busybox on k8s-master-1 → busybox on
// k8s-node-1, 98 B: encap on the master, decap on node-1), WASM core vs TS engine vs the
// tuned plain-JS yardstick (tunedJourney.ts), interleaved in one process: ROUNDS rounds, each
// timing the three (and the re-arm alone) one after the other with tinybench, bursts of 32,
// re-arm subtracted. Reported: per implementation the median of the round medians, min–max,
// and the same-run ratios. Before timing, every implementation must leave the whole memory
// image byte-identical to the core's after a burst of the journey, and count the same drops as
// the core for malformed frames. The copy-only null engine is timed beside them (not checked: it
// rewrites nothing), and the core's rate as a share of its rate, re-arm included, is printed:
// on one core, what `npm run bench -- --workers 1` reads as wasm/null without the worker loop.
//   npm run bench:micro journey   (MICRO_BENCH_TIME = ms per task per round, default 500;
//   JOURNEY_ROUNDS, default 7)

import { Bench } from 'tinybench';
import Table from 'cli-table3';
import { loadavg } from 'node:os';
import { createEngine } from '../../host/dataplane/engines.ts';
import { popFrames } from '../../host/dataplane/rings.ts';
import * as L from '../../host/layout.ts';
import { internetChecksum } from '../../host/net/checksum.ts';
import { st16be } from '../../host/net/endian.ts';
import { IPV4_CSUM } from '../../host/net/ipv4.ts';
import { tunedJourney } from './tunedJourney.ts';
import { echoRequestFrame } from '../traffic/frames.ts';
import { arm, BURST, busybox, cross, dp, master, mem, node1, peer, release } from './seedImage.ts';
import { fullStepLine, v8FlagsLine } from './report.ts';

const TIME = Number(process.env.MICRO_BENCH_TIME ?? 500);
const ROUNDS = Number(process.env.JOURNEY_ROUNDS ?? 7);
const u32 = mem.u32;

interface Subject {
  name: string;
  step(node: number, budget: number): number;
}
const wasm = createEngine('wasm', dp);
const ts = createEngine('ts', dp);
const js = tunedJourney(mem.buffer);
const subjects: Subject[] = [
  { name: 'WASM core', step: (n, b) => wasm.step(n, b) },
  { name: 'TS engine', step: (n, b) => ts.step(n, b) },
  { name: 'tuned JS', step: (n, b) => js.step(dp.ctxs[n], b) },
];
// the copy-only null engine (assembly/nullPath.ts) carries the frames along the same rings and
// rewrites nothing, so it is timed beside the others but left out of the checks below
const nul = createEngine('null', dp);
const copyOnly: Subject = { name: 'null (copies only)', step: (n, b) => nul.step(n, b) };
const journey = (s: Subject, frame = cross, n = BURST): void => {
  arm(busybox.rxRing, frame, n);
  s.step(0, BURST);
  s.step(1, BURST);
  release(peer.txRing);
};

// ── the same bytes: from one memory image, a burst of the journey must end in the core's image ──
{
  const start = mem.u8.slice();
  journey(subjects[0]);
  const want = mem.u8.slice();
  for (const s of subjects.slice(1)) {
    mem.u8.set(start);
    journey(s);
    const got = mem.u8;
    for (let i = 0; i < want.length; i++) {
      if (got[i] !== want[i]) throw new Error(`${s.name}: memory differs from the core's at byte ${i} after a journey burst (${got[i]}, core ${want[i]})`);
    }
  }
}

// ── the same drops for malformed frames, on both hops ──
// the IPIP frame the encap writes on the wire, to spoil for the decap hop
arm(busybox.rxRing, cross, 1);
wasm.step(0, BURST);
const wire = node1.inboxes[0];
const ipip = popFrames(mem, wire)[0]?.frame ?? new Uint8Array(0);

/** A copy of `frame` edited, the IPv4 header sum at `ipAt` recomputed unless told not to. */
function variant(frame: Uint8Array, edit: (f: Uint8Array) => void, ipAt: number | null = 14): Uint8Array {
  const f = frame.slice();
  edit(f);
  for (const at of ipAt === null ? [] : ipAt === 14 ? [14] : [14, ipAt]) {
    // over the whole words of the header that are in the frame
    const hl = Math.min((f[at] & 15) * 4, (f.length - at) & ~1);
    f[at + IPV4_CSUM] = 0;
    f[at + IPV4_CSUM + 1] = 0;
    st16be(f, at + IPV4_CSUM, internetChecksum(f, at, hl));
  }
  return f;
}
const big = echoRequestFrame({ srcMac: busybox.mac, dstMac: 'ee:ee:ee:ee:ee:ee', srcIp: busybox.ip, dstIp: peer.ip, ident: 29, ipId: 1 }, 1514);
const malformed: [string, 'pod' | 'wire', Uint8Array][] = [
  ['ethernet truncated', 'pod', cross.slice(0, 13)],
  ['not for us', 'pod', variant(cross, (f) => { f[0] = 0x02; }, null)],
  ['unknown ethertype', 'pod', variant(cross, (f) => { f[12] = 0x86; f[13] = 0xdd; }, null)],
  ['over the MTU', 'pod', big],
  ['ip truncated', 'pod', cross.slice(0, 14 + 19)],
  ['bad version', 'pod', variant(cross, (f) => { f[14] = 0x65; })],
  ['bad ihl', 'pod', variant(cross, (f) => { f[14] = 0x44; })],
  ['ihl past the end', 'pod', variant(cross, (f) => { f[14] = 0x4f; }, null).slice(0, 14 + 40)],
  ['bad checksum', 'pod', variant(cross, (f) => { f[24] ^= 1; }, null)],
  ['total length too big', 'pod', variant(cross, (f) => { f[16] = 0x10; })],
  ['multicast source', 'pod', variant(cross, (f) => { f[26] = 224; })],
  ['destination 0.0.0.0', 'pod', variant(cross, (f) => { f.fill(0, 30, 34); })],
  ['spoofed source (rp_filter)', 'pod', variant(cross, (f) => { f[28] = 109; f[29] = 65; })], // the peer's address, routed via tunl0
  ['ttl 1', 'pod', variant(cross, (f) => { f[22] = 1; })],
  ['l2 broadcast', 'pod', variant(cross, (f) => { f.fill(0xff, 0, 6); }, null)],
  ['inner too short', 'wire', variant(ipip, (f) => { f[16] = 0; f[17] = 39; })],
  ['outer CE, inner not-ECT', 'wire', variant(ipip, (f) => { f[15] |= 3; f[35] &= ~3; }, 34)],
  ['inner bad checksum', 'wire', variant(ipip, (f) => { f[44] ^= 1; })],
];
function dropCounters(): number[] {
  const out: number[] = [];
  for (const n of [master, node1]) {
    const nc = u32[(n.ctx + L.NODE_COUNTERS) >>> 2] >>> 3;
    for (let r = 0; r < L.DROP_COUNT; r++) out.push(mem.f64[nc + L.NC_DROP_BASE + r]);
    const ic = u32[(n.ctx + L.NODE_IF_COUNTERS) >>> 2] >>> 3;
    const nIf = u32[(n.ctx + L.NODE_IF_COUNT) >>> 2];
    for (let k = 0; k < nIf; k++) out.push(mem.f64[ic + k * L.IC_COUNT + L.IC_RX_DROPS], mem.f64[ic + k * L.IC_COUNT + L.IC_TX_DROPS]);
  }
  return out;
}
for (const [what, hop, frame] of malformed) {
  const start = mem.u8.slice();
  const before = dropCounters();
  let want: number[] = [];
  for (const s of subjects) {
    mem.u8.set(start);
    arm(hop === 'pod' ? busybox.rxRing : node1.externalInbox, frame, 1);
    s.step(0, BURST);
    s.step(1, BURST);
    const got = dropCounters();
    if (s === subjects[0]) {
      want = got;
      if (want.every((v, i) => v === before[i])) throw new Error(`${what}: the core dropped nothing`);
    } else if (got.some((v, i) => v !== want[i])) {
      throw new Error(`${what}: ${s.name} counts different drops from the core's`);
    }
  }
  mem.u8.set(start);
}

// ── timing: interleaved rounds ──
const timed = [...subjects, copyOnly];
const names = ['re-arm only', ...timed.map((s) => s.name)];
const perRound = new Map<string, number[]>(names.map((n) => [n, []]));
const loads: number[] = [loadavg()[0]];
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: TIME, warmupTime: round === 0 ? 500 : 100 });
  bench.add('re-arm only', () => { arm(busybox.rxRing, cross, BURST); release(busybox.rxRing); });
  for (const s of timed) bench.add(s.name, () => journey(s));
  await bench.run();
  for (const t of bench.tasks) {
    if (t.result.state !== 'completed') throw new Error(`${t.name}: ${t.result.state}`);
    perRound.get(t.name)!.push(1e9 / (t.result.throughput.p50 * BURST));
  }
  loads.push(loadavg()[0]);
}
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const rearm = perRound.get('re-arm only')!;
const net = new Map(timed.map((s) => [s.name, perRound.get(s.name)!.map((v, i) => v - rearm[i])]));
const ratio = (a: string, b: string): number[] => net.get(a)!.map((v, i) => v / net.get(b)![i]);
const fmt = (xs: number[], d = 1): string => `${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})`;
const t = new Table({
  head: ['cross-host journey, 98 B', 'ns/pkt median (min–max)', '÷ WASM', '÷ tuned JS'],
  colAligns: ['left', 'right', 'right', 'right'],
  style: { head: [], border: [] },
});
for (const s of timed) t.push([s.name, fmt(net.get(s.name)!), `${fmt(ratio(s.name, 'WASM core'), 2)}×`, `${fmt(ratio(s.name, 'tuned JS'), 2)}×`]);
console.log(`Journey (encap + decap), bursts of ${BURST}, ${ROUNDS} interleaved rounds of ${TIME} ms per task, re-arm of ${fmt(rearm)} ns/pkt subtracted; ratios are per round:`);
console.log(t.toString());
console.log(fullStepLine('WASM core', net.get('WASM core')!));
{ // on one core, with the re-arm a benchmark's generator pays: the share of the copy-only path's rate the core keeps
  const share = perRound.get('null (copies only)')!.map((v, i) => v / perRound.get('WASM core')![i]);
  console.log(`WASM core ÷ null (copies only), one core, re-arm included: ${(median(share) * 100).toFixed(0)}% (rounds ${(Math.min(...share) * 100).toFixed(0)}–${(Math.max(...share) * 100).toFixed(0)}%)`);
}
console.log(v8FlagsLine());
console.log(`load average (1 min) during the run: ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} (2 cores; above ~1 the numbers are noisy)`);
