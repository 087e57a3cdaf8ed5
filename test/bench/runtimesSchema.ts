// Hand-written validator for `npm run bench:runtimes -- --json FILE` (bench/runtimes/result.ts,
// schema calico-ipip-sim/bench-runtimes@1). Returns the problems (empty = valid), each naming the path.

import { arrayOf, bool, int, nonNeg, nullable, obj, oneOf, str, type Check } from './schema.ts';

const spread = obj({ median: nonNeg, min: nonNeg, max: nonNeg });
const perEngine = (c: Check): Check => obj({ wasm: c, ts: c, null: c });
const part = (unit: string): Check => obj({
  unit: oneOf(unit),
  error: nullable(str),
  rounds: arrayOf(perEngine(arrayOf(nonNeg, 1))),
  conservation: nullable(bool),
  summary: nullable(perEngine(spread)),
  ratios: nullable(obj({ wasm_ts: spread, wasm_null: spread })),
});
const micro = obj({ file: str, ok: bool, skipped: arrayOf(str), error: nullable(str) });
const runtime = obj({
  id: oneOf('node20', 'node22', 'node24', 'bun', 'deno'),
  kind: oneOf('node', 'bun', 'deno'),
  pkg: nullable(str),
  version: nullable(str),
  jsEngine: nullable(str),
  error: nullable(str),
  parts: obj({ step: part('ns/packet'), worker: part('Mpps') }),
  micro: arrayOf(micro),
});

export const runtimesResult: Check = obj(
  {
    schema: oneOf('calico-ipip-sim/bench-runtimes@1'),
    date: (v, at, out) => {
      if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) out.push(`${at}: expected an ISO date`);
    },
    command: str,
    machine: obj({ cpu: str, cores: int, memoryBytes: nonNeg, os: str, arch: str }),
    config: obj({
      rounds: int,
      stepMs: nonNeg,
      worker: obj({ workers: oneOf(1), runs: int, duration: nonNeg, warmup: nonNeg, size: int, cluster: str }),
      order: str,
    }),
    load: arrayOf(nonNeg, 1),
    runtimes: arrayOf(runtime, 1),
  },
  { commit: nullable(str) },
);

/** Problems with a runtimes document. */
export function validateRuntimesResult(v: unknown): string[] {
  const out: string[] = [];
  runtimesResult(v, '$', out);
  return out;
}
