// Property test: random add/delete sequences (prefixes of every length, many clustered so
// they share plies, pools small enough to run out) applied to the WASM table, the TS twin
// and a naive linear-scan model. Afterwards all three agree on random addresses and on
// addresses at and around every prefix boundary. The two regions are byte-identical. The
// plies in use are exactly what lpmCapacityFor counts for the surviving routes (no leak).

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lpmCapacityFor } from '../../host/engine/ts/route/lpmCapacity.ts';
import { EINVAL, ENOENT, ENOSPC } from '../../host/engine/ts/route/lpm.ts';
import { loadLpmWasm, type LpmWasm } from './lpmWasm.ts';
import { NaiveLpm, maskOf, pliesUsed, regionBytes, twoEngines } from './lpmHarness.ts';

// Anchors close together so random prefixes near them share root slots, ply8s and ply4s.
const ANCHORS = [0x00000000, 0x0a000000, 0x0a0100c0, 0xac100000, 0xac10ff00, 0xc0a80a40, 0xfffffff0];

const lenArb = fc.oneof(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 22, max: 32 }));
const prefixArb = fc.oneof(
  fc.record({ anchor: fc.constantFrom(...ANCHORS), noise: fc.integer({ min: 0, max: 0x3ff }), len: lenArb })
    .map(({ anchor, noise, len }) => ({ dst: ((anchor ^ noise) & maskOf(len)) >>> 0, len })),
  fc.record({ a: fc.integer({ min: 0, max: 0xffffffff }), len: lenArb })
    .map(({ a, len }) => ({ dst: (a & maskOf(len)) >>> 0, len })),
);

type Op =
  | { kind: 'add'; dst: number; len: number; value: number }
  | { kind: 'del'; dst: number; len: number }
  | { kind: 'delExisting'; pick: number }
  | { kind: 'addNear'; pick: number; len: number; bits: number; value: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ p: prefixArb, value: fc.integer({ min: 0, max: 0xffffff }) })
    .map(({ p, value }): Op => ({ kind: 'add', ...p, value })) },
  { weight: 1, arbitrary: prefixArb.map((p): Op => ({ kind: 'del', ...p })) },
  { weight: 2, arbitrary: fc.nat().map((pick): Op => ({ kind: 'delExisting', pick })) },
  // A prefix inside or around an installed one: nested routes sharing the same plies.
  { weight: 3, arbitrary: fc.record({ pick: fc.nat(), len: lenArb, bits: fc.integer({ min: 0, max: 0xffffffff }),
    value: fc.integer({ min: 0, max: 0xffffff }) }).map((r): Op => ({ kind: 'addNear', ...r })) },
);

const capArb = fc.record({
  maxPlies8: fc.integer({ min: 0, max: 5 }),
  maxPlies4: fc.integer({ min: 0, max: 14 }),
  maxRules: fc.integer({ min: 1, max: 48 }),
});

describe('route/lpm property: WASM = TS = naive longest-prefix scan', function () {
  let w: LpmWasm;
  before(async function () {
    this.timeout(120_000); // first run compiles the module
    w = await loadLpmWasm(64);
  });

  it('agrees after random add/delete sequences, with identical bytes and no leaked plies', function () {
    fc.assert(
      fc.property(capArb, fc.array(opArb, { minLength: 1, maxLength: 80, size: 'max' }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 64 }),
        (cap, ops, randomAddrs) => {
          const { engines, size } = twoEngines(w, cap);
          const model = new NaiveLpm();
          const gone: { dst: number; len: number }[] = [];
          for (const op of ops) {
            let expect: number;
            let dst: number, len: number;
            if (op.kind === 'add' || op.kind === 'addNear') {
              if (op.kind === 'add') ({ dst, len } = op);
              else {
                const all = [...model.routes.values()];
                if (all.length === 0) continue;
                const near = all[op.pick % all.length];
                len = op.len;
                // Keep near's bits above min(len, near.len), random bits below: nested either way.
                const keep = maskOf(Math.min(len, near.len));
                dst = (((near.dst & keep) | (op.bits & ~keep)) & maskOf(len)) >>> 0;
              }
              const after = [...model.routes.values(), { dst, len }];
              const need = lpmCapacityFor(after);
              const fits = need.maxPlies8 <= cap.maxPlies8 && need.maxPlies4 <= cap.maxPlies4 && need.maxRules <= cap.maxRules;
              expect = fits ? 0 : -ENOSPC;
              for (const e of engines) assert.equal(e.add(dst, len, op.value), expect, `${e.name} add ${dst}/${len}`);
              if (fits) model.add(dst, len, op.value);
            } else {
              if (op.kind === 'del') ({ dst, len } = op);
              else {
                const all = [...model.routes.values()];
                if (all.length === 0) continue;
                ({ dst, len } = all[op.pick % all.length]);
              }
              expect = model.has(dst, len) ? 0 : -ENOENT;
              for (const e of engines) assert.equal(e.del(dst, len), expect, `${e.name} del ${dst}/${len}`);
              if (expect === 0) { model.del(dst, len); gone.push({ dst, len }); }
            }
          }
          for (const a of [...randomAddrs, ...model.boundaryAddrs(gone)]) {
            const want = model.lookup(a);
            for (const e of engines) assert.equal(e.lookup(a), want, `${e.name} lookup ${a >>> 0}`);
          }
          assert.ok(regionBytes(w.mem, engines[0].base, size).equals(regionBytes(w.mem, engines[1].base, size)),
            'WASM and TS regions differ');
          const exact = lpmCapacityFor([...model.routes.values()]);
          assert.deepEqual(pliesUsed(w.mem, engines[0].base),
            { used8: exact.maxPlies8, used4: exact.maxPlies4, rules: exact.maxRules });
        }),
      { numRuns: 300 },
    );
  });

  it('rejects invalid arguments the same way in both engines', function () {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: -3, max: 40 }), fc.integer({ min: 0, max: 0x1ffffff }),
        (dst, len, value) => {
          const { engines } = twoEngines(w, { maxPlies8: 1, maxPlies4: 2, maxRules: 4 });
          const bad = len < 0 || len > 32 || ((dst & ~maskOf(len)) >>> 0) !== 0;
          const want = bad || value > 0xffffff ? -EINVAL : 0;
          for (const e of engines) assert.equal(e.add(dst, len, value), want, `${e.name} add`);
          for (const e of engines) assert.equal(e.del(dst, len), bad ? -EINVAL : want === 0 ? 0 : -ENOENT, `${e.name} del`);
        }),
      { numRuns: 200 },
    );
  });
});
