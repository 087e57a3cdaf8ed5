// Hand-written validator for `npm run bench -- --json FILE` (bench/result.ts, schema
// calico-ipip-sim/bench@5, documented in BENCHMARKS.md). Returns the list of problems (empty = valid), each naming the path.

type Check = (v: unknown, at: string, out: string[]) => void;

const num: Check = (v, at, out) => {
  if (typeof v !== 'number' || Number.isNaN(v)) out.push(`${at}: expected a number, got ${JSON.stringify(v)}`);
};
const nonNeg: Check = (v, at, out) => {
  num(v, at, out);
  if (typeof v === 'number' && v < 0) out.push(`${at}: expected ≥ 0, got ${v}`);
};
const int: Check = (v, at, out) => {
  if (!Number.isSafeInteger(v)) out.push(`${at}: expected an integer, got ${JSON.stringify(v)}`);
};
const str: Check = (v, at, out) => {
  if (typeof v !== 'string' || v === '') out.push(`${at}: expected a non-empty string`);
};
const bool: Check = (v, at, out) => {
  if (typeof v !== 'boolean') out.push(`${at}: expected a boolean`);
};
const oneOf = (...xs: unknown[]): Check => (v, at, out) => {
  if (!xs.includes(v)) out.push(`${at}: expected one of ${xs.join(', ')}, got ${JSON.stringify(v)}`);
};
const arrayOf = (c: Check, min = 0): Check => (v, at, out) => {
  if (!Array.isArray(v)) return void out.push(`${at}: expected an array`);
  if (v.length < min) out.push(`${at}: expected at least ${min} entries`);
  v.forEach((x, i) => c(x, `${at}[${i}]`, out));
};
const record = (c: Check): Check => (v, at, out) => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return void out.push(`${at}: expected an object`);
  for (const [k, x] of Object.entries(v)) c(x, `${at}.${k}`, out);
};
const obj = (fields: Record<string, Check>, optional: Record<string, Check> = {}): Check => (v, at, out) => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return void out.push(`${at}: expected an object`);
  const o = v as Record<string, unknown>;
  for (const [k, c] of Object.entries(fields)) {
    if (!(k in o)) out.push(`${at}.${k}: missing`);
    else c(o[k], `${at}.${k}`, out);
  }
  for (const [k, c] of Object.entries(optional)) if (k in o) c(o[k], `${at}.${k}`, out);
};
const nullable = (c: Check): Check => (v, at, out) => {
  if (v !== null) c(v, at, out);
};

const engineName = oneOf('null', 'ts', 'wasm');
const counters = obj({
  rx: nonNeg, txWire: nonNeg, deliveredPod: nonNeg, deliveredHost: nonNeg, createdIcmp: nonNeg, createdArp: nonNeg, createdFrag: nonNeg,
  forwarded: nonNeg, encap: nonNeg, decap: nonNeg, icmpErrors: nonNeg, echoReplies: nonNeg, fragmented: nonNeg,
  drops: record(nonNeg), dropped: nonNeg,
});
const conservation = obj({
  passed: bool, generated: nonNeg, created: nonNeg, delivered: nonNeg, dropped: nonNeg, sinkDelivered: nonNeg, wired: nonNeg, inFlight: nonNeg, detail: str,
});
const stages = obj({ loops: nonNeg, idleLoops: nonNeg, sleeps: nonNeg, paceStalls: nonNeg, stepped: nonNeg, cpuSeconds: nullable(nonNeg), runqueueSeconds: nullable(nonNeg), idleSeconds: nonNeg });
const run = obj({ seconds: nonNeg, delivered: nonNeg, generated: nonNeg, deliveredBytes: nonNeg, mpps: nonNeg, gbps: nonNeg, stages: arrayOf(stages, 1) });
const outcome = obj({ deliveredPod: nonNeg, deliveredHost: nonNeg, leftCluster: nonNeg, drops: record(nonNeg), allArrived: bool });
const engine = obj({
  engine: engineName, workers: int, size: int, runs: arrayOf(run, 1),
  mpps: obj({ n: int, median: nonNeg, min: nonNeg, max: nonNeg, mean: nonNeg, stddev: nonNeg, ci95: arrayOf(num, 2), cv: nonNeg }),
  sessions: int,
  gbps: nonNeg, nsPerPacketPerWorker: nullable(num), mppsPerWorker: nonNeg,
  counters, conservation, outcome, quiescent: bool,
  totals: obj({ generated: nonNeg, delivered: nonNeg, deliveredBytes: nonNeg }),
});
const point = obj({ engine: engineName, x: nonNeg, mpps: nonNeg, mppsMin: nonNeg, mppsMax: nonNeg });

export const benchResult: Check = obj(
  {
    schema: oneOf('calico-ipip-sim/bench@5'),
    date: (v, at, out) => {
      if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) out.push(`${at}: expected an ISO date`);
    },
    command: str,
    machine: obj({ cpu: str, cores: int, memoryBytes: nonNeg, os: str, arch: str, node: str, v8: str, packages: record(str) }),
    config: obj({
      engines: arrayOf(engineName, 1), cluster: str, nodes: int, routers: int, subnets: int, pods: int, podsPerNode: nullable(int), workers: int,
      nodesPerWorker: arrayOf(int, 1), assignment: oneOf('contiguous'), duration: nonNeg, warmup: nonNeg, runs: int, slice: nonNeg, turns: int,
      interleaved: bool, size: int, mix: oneOf('cross', 'same', 'mixed', 'random', 'reply', 'hotspot'), burst: int, ringSlots: int, inboxSlots: int, hostSlots: int, flows: obj({ cross: int, same: int }),
    }),
    memory: obj({ sharedBytes: nonNeg, rssBytes: nonNeg, heapUsedBytes: nonNeg, buildSeconds: nonNeg }, { conntrackBytesPerNode: nonNeg }),
    calibration: obj({
      method: str, slots: int, slotSize: int, burst: int, size: int,
      start: obj({ mpps: nonNeg, seconds: nonNeg }), end: obj({ mpps: nonNeg, seconds: nonNeg }),
      state: oneOf('fast', 'slow', 'changed'), fastThresholdMpps: nonNeg,
    }),
    load: obj({
      loadavgBefore: arrayOf(nonNeg, 3), loadavgAfter: arrayOf(nonNeg, 3), stealShare: nullable(nonNeg), othersCores: nullable(nonNeg),
      cores: int, busy: arrayOf(str),
    }),
    warnings: arrayOf(str),
    engines: arrayOf(engine, 1),
    ratios: obj({}, { wasm_ts: nonNeg, wasm_null: nonNeg, ts_null: nonNeg }),
    roundRatios: obj({}, { wasm_ts: arrayOf(nonNeg), wasm_null: arrayOf(nonNeg), ts_null: arrayOf(nonNeg) }),
    conservation: obj({ passed: bool }),
  },
  { series: obj({ workers: arrayOf(point), sizes: arrayOf(point), seconds: nonNeg }) },
);

export function validateBenchResult(v: unknown): string[] {
  const out: string[] = [];
  benchResult(v, '$', out);
  return out;
}

// The building blocks, for the other result documents (runtimesSchema.ts).
export { type Check, num, nonNeg, int, str, bool, oneOf, arrayOf, record, obj, nullable };
