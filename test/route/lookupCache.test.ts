// The node's lookup cache (assembly/context.ts routeLookup, its TS twin here) against no cache:
// every answer through it equals the answer of an emptied cache, whatever came before. An
// empty slot is zeros but slot 0's key (LOOKUP_CACHE_KEY0_EMPTY), so that a hit is one compare
// of the key; the addresses that could fool that (0 hashes to slot 0, 1 to slot 4, and the
// empty keys themselves) are drawn often, and so are the nodes' own and remote addresses and
// addresses that share a slot. The core keeps the same bytes (test/engine/differential.test.ts
// holds both engines' memory to each other).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { buildDataplane } from '../../host/dataplane/build.ts';
import { Heap } from '../../host/engine/ts/heap.ts';
import { contextFns } from '../../host/engine/ts/context.ts';
import { LOOKUP_CACHE_HASH, LOOKUP_CACHE_KEY0_EMPTY, LOOKUP_CACHE_SHIFT, NODE_LOOKUP_CACHE, NODE_LPM_GEN, NODE_LPM_BASE } from '../../host/layout.ts';
import { LPM_H_GEN } from '../../host/engine/ts/route/lpmLayout.ts';

const cluster = buildCluster(defaultClusterSpec());
const dp = buildDataplane(cluster);
const mem = dp.mem;
const ctx = dp.ctxs[0];
const c = contextFns(new Heap(mem));
const slotOf = (a: number): number => Math.imul(a, LOOKUP_CACHE_HASH) >>> LOOKUP_CACHE_SHIFT;

/** The answer without the cache: emptied (a generation that cannot match), validated, asked. */
function cold(addr: number): number {
  const saved = mem.u32.slice((ctx + NODE_LPM_GEN) >>> 2, ((ctx + NODE_LOOKUP_CACHE) >>> 2) + 16);
  mem.u32[(ctx + NODE_LPM_GEN) >>> 2] ^= 0xffffffff;
  c.lookupCacheValidate(ctx);
  const v = c.routeLookup(ctx, addr);
  mem.u32.set(saved, (ctx + NODE_LPM_GEN) >>> 2);
  return v;
}

const known = [
  0, 1, 0xffffffff, LOOKUP_CACHE_KEY0_EMPTY,
  ...cluster.nodes.flatMap((n) => (n.tunl0Ip === null ? [n.ip] : [n.ip, n.tunl0Ip])),
  ...cluster.pods.map((p) => p.ip),
];
const address = fc.oneof(
  fc.constantFrom(...known),
  fc.constantFrom(...known).chain((a) => fc.integer({ min: 0, max: 255 }).map((d) => (a ^ d) >>> 0)),
  fc.integer({ min: 0, max: 0xffffffff }),
);

describe('the node lookup cache', () => {
  it('0 and the empty slot 0 key hash to different slots (what makes a one-compare hit exact)', () => {
    assert.equal(slotOf(0), 0);
    assert.notEqual(slotOf(LOOKUP_CACHE_KEY0_EMPTY), 0);
  });

  it('answers as the tables do, for any sequence of lookups (fast-check)', () => {
    c.bindNode(ctx);
    fc.assert(fc.property(fc.array(address, { minLength: 1, maxLength: 60 }), (addrs) => {
      mem.u32[(ctx + NODE_LPM_GEN) >>> 2] = 0; // as a reset leaves it: never valid
      c.lookupCacheValidate(ctx);
      for (const a of addrs) assert.equal(c.routeLookup(ctx, a), cold(a), `address ${a >>> 0}`);
    }), { numRuns: 300 });
  });

  it('a zeroed context is emptied even when the LPM generation is 2^32 − 1', () => {
    c.bindNode(ctx);
    const genAt = (mem.u32[(ctx + NODE_LPM_BASE) >>> 2] + LPM_H_GEN) >>> 2;
    const gen = mem.u32[genAt];
    try {
      mem.u32[genAt] = 0xffffffff;
      mem.u32[(ctx + NODE_LPM_GEN) >>> 2] = 0;
      mem.u32.fill(0, (ctx + NODE_LOOKUP_CACHE) >>> 2, ((ctx + NODE_LOOKUP_CACHE) >>> 2) + 16);
      c.lookupCacheValidate(ctx);
      assert.equal(mem.u32[(ctx + NODE_LOOKUP_CACHE) >>> 2], LOOKUP_CACHE_KEY0_EMPTY);
      assert.equal(c.routeLookup(ctx, 0), cold(0));
    } finally {
      mem.u32[genAt] = gen;
    }
  });
});
