// Micro-benchmark: IPv4 longest-prefix match on a realistic 1000-node Calico IPIP FIB.
// Compared: our table in WASM (bulk lookup, one call per 4096 addresses) and in TS (the
// twin over the same kind of memory), and the npm libraries arkime-iptrie (native C trie),
// longest-prefix-match (JS hashmaps + radix tries) and cidr-matcher (membership only: it
// answers "is the address in any prefix", not which one, so it does less work).
// Every engine first answers all addresses and is checked against ours, so the numbers
// compare equal work. One iteration = 4096 lookups; we report the median rate.
//
//   npm run bench:micro:lpm          (LPM_BENCH_TIME=ms per task, default 1500)

import { createRequire } from 'node:module';
import { Bench } from 'tinybench';
import Table from 'cli-table3';
import { formatIp4, formatCidr, parseCidr } from '../../host/net/addr.ts';
import { lpmCapacityFor } from '../../host/engine/ts/route/lpmCapacity.ts';
import * as tsLpm from '../../host/engine/ts/route/lpm.ts';
import { loadLpmWasm } from '../../test/route/lpmWasm.ts';
import { calicoTable, mulberry32 } from '../../test/route/calicoTable.ts';

const require = createRequire(import.meta.url);
type IPTrieClass = new () => { add(ip: string, len: number, v: number): void; find(ip: string): number | undefined };
// arkime-iptrie is a native addon on the legacy nan ABI, built by npm ci for the Node that ran it:
// another Node major (a different NODE_MODULE_VERSION), Bun or Deno (N-API only) cannot load
// it. Its row is then left out with the reason, and the rest runs (npm run bench:runtimes).
let IPTrie: IPTrieClass | null = null;
try {
  IPTrie = (require('arkime-iptrie') as { IPTrie: IPTrieClass }).IPTrie;
} catch (e) {
  const why = String((e as Error).message ?? e).replace(/\s+/g, ' ').replace(/'[^']*\/(iptrie(\.node)?)'/g, "'$1'").replace(/at \S*\/(iptrie\.node)/g, 'at $1');
  console.log(`skipped: arkime-iptrie (native): ${why}`);
}
const LongestPrefixMatch = require('longest-prefix-match') as new () => { addPrefix(p: string, v: number): void; getMatch(p: string): number[] };
const CIDRMatcher = require('cidr-matcher') as new (c: string[]) => { contains(ip: string): boolean };

const N = 4096;
const TIME = Number(process.env.LPM_BENCH_TIME ?? 1500);

// --- the route set and the addresses -------------------------------------------------
const { routes, podAddrs, nodeAddrs } = calicoTable({
  nodes: 1000, pool: parseCidr('172.16.0.0/16')!, hostSubnet: parseCidr('192.168.0.0/20')!, podsPerNode: 30, seed: 1000,
});
const rnd = mulberry32(42);
const addrs = new Uint32Array(N);
for (let i = 0; i < N; i++) {
  const from = rnd() < 0.75 ? podAddrs : nodeAddrs; // mostly pod-to-pod traffic, some to nodes
  addrs[i] = from[Math.floor(rnd() * from.length)];
}
const addrText = Array.from(addrs, formatIp4);
const addrText32 = addrText.map((a) => `${a}/32`);
const cidrs = routes.map((r) => formatCidr({ base: r.dst, len: r.len }));

// --- our table, WASM and TS, in one shared memory ------------------------------------
const cap = lpmCapacityFor(routes);
const size = tsLpm.lpmRegionSize(cap.maxPlies8, cap.maxPlies4, cap.maxRules);
const W_BASE = 65536;
const T_BASE = W_BASE + size;
const ADDRS = T_BASE + size;
const OUT = ADDRS + 4 * N;
const w = await loadLpmWasm(Math.ceil((OUT + 4 * N) / 65536));
const m = w.mem;
w.lpmInit(W_BASE, cap.maxPlies8, cap.maxPlies4, cap.maxRules);
tsLpm.lpmInit(m, T_BASE, cap.maxPlies8, cap.maxPlies4, cap.maxRules);
for (const r of routes) {
  if (w.lpmAdd(W_BASE, r.dst, r.len, r.value) !== 0 || tsLpm.lpmAdd(m, T_BASE, r.dst, r.len, r.value) !== 0) {
    throw new Error(`add ${formatCidr({ base: r.dst, len: r.len })} failed`);
  }
}
m.u32.set(addrs, ADDRS >>> 2);
const wasmOut = m.u32.subarray(OUT >>> 2, (OUT >>> 2) + N);
const tsOut = new Uint32Array(N);

// --- the npm libraries ---------------------------------------------------------------
const arkime = IPTrie ? new IPTrie() : null;
const lpmLib = new LongestPrefixMatch();
for (const r of routes) {
  arkime?.add(formatIp4(r.dst), r.len, r.value);
  lpmLib.addPrefix(formatCidr({ base: r.dst, len: r.len }), r.value);
}
const cidrMatcher = new CIDRMatcher(cidrs);

// --- same answers first --------------------------------------------------------------
w.lpmLookupBulk(W_BASE, ADDRS, N, OUT);
tsLpm.lpmLookupBulk(m, T_BASE, addrs, N, tsOut);
const mismatches = { ts: 0, arkime: 0, lpm: 0, cidr: 0 };
for (let i = 0; i < N; i++) {
  const want = wasmOut[i];
  if (tsOut[i] !== want) mismatches.ts++;
  if (arkime && (arkime.find(addrText[i]) ?? tsLpm.LPM_MISS) !== want) mismatches.arkime++;
  if ((lpmLib.getMatch(addrText32[i])[0] ?? tsLpm.LPM_MISS) !== want) mismatches.lpm++;
  if (cidrMatcher.contains(addrText[i]) !== (want !== tsLpm.LPM_MISS)) mismatches.cidr++;
}
if (Object.values(mismatches).some((n) => n !== 0)) {
  throw new Error(`engines disagree with ours on some of ${N} addresses: ${JSON.stringify(mismatches)}`);
}

// --- run -----------------------------------------------------------------------------
let sink = 0; // consumed below so no engine's work can be optimised away
const bench = new Bench({ time: TIME, warmupTime: 300 });
bench
  .add('ours, WASM (lpmLookupBulk)', () => {
    w.lpmLookupBulk(W_BASE, ADDRS, N, OUT);
    sink ^= wasmOut[N - 1];
  })
  .add('ours, TS twin', () => {
    tsLpm.lpmLookupBulk(m, T_BASE, addrs, N, tsOut);
    sink ^= tsOut[N - 1];
  })
  .add('longest-prefix-match', () => {
    for (let i = 0; i < N; i++) sink ^= lpmLib.getMatch(addrText32[i])[0] ?? 0;
  })
  .add('cidr-matcher (membership only)', () => {
    for (let i = 0; i < N; i++) sink ^= cidrMatcher.contains(addrText[i]) ? 1 : 0;
  });
if (arkime) {
  bench.add('arkime-iptrie (native)', () => {
    for (let i = 0; i < N; i++) sink ^= arkime.find(addrText[i]) ?? 0;
  });
}
await bench.run();

const rate = new Map<string, number>();
for (const t of bench.tasks) {
  const r = t.result;
  if (r.state !== 'completed') throw new Error(`${t.name}: ${r.state}`);
  rate.set(t.name, r.throughput.p50 * N);
}
const npmLpm = ['arkime-iptrie (native)', 'longest-prefix-match'].filter((n) => rate.has(n)); // the ones that return the value
const bestNpm = npmLpm.reduce((a, b) => (rate.get(a)! >= rate.get(b)! ? a : b));
const table = new Table({ head: ['engine', 'lookups/s (median)', `× ${bestNpm}`], style: { head: [], border: [] } });
for (const [name, r] of rate) {
  table.push([name, Math.round(r).toLocaleString('en-US'), (r / rate.get(bestNpm)!).toFixed(2)]);
}
console.log(`LPM: ${routes.length} routes of one node in a 1000-node Calico cluster (${(size / 1024).toFixed(0)} KiB region), `
  + `${N} pod/node addresses per iteration; all engines agree on every address.`);
console.log(table.toString());
console.log(`Strongest npm library (returns the matching prefix's value): ${bestNpm}. `
  + `cidr-matcher only answers membership, so its row is not comparable work. (sink ${sink & 1})`);
