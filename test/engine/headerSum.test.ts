// headerSum (word-at-a-time IPv4 header sum) must give exactly foldSum(onesSum(…)), including
// the 0 / 0xffff distinction that decides a checksum's validity.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Mem } from '../../host/dataplane/mem.ts';
import { Heap } from '../../host/engine/ts/heap.ts';
import { twinOver } from '../../host/engine/ts/engine.ts';

describe('engine: headerSum', () => {
  const mem = new Mem(new ArrayBuffer(4096));
  const { headerSum, onesSum, foldSum } = twinOver(new Heap(mem)).checksum;
  const check = (bytes: Uint8Array, at: number) => {
    mem.u8.set(bytes, at);
    assert.equal(headerSum(at, bytes.length), foldSum(onesSum(at, bytes.length, 0)));
  };
  it('equals the folded RFC 1071 sum for every IHL and alignment', () => {
    fc.assert(fc.property(fc.integer({ min: 5, max: 15 }), fc.integer({ min: 0, max: 3 }), fc.uint8Array({ minLength: 60, maxLength: 60 }),
      (ihl, align, b) => check(b.subarray(0, ihl * 4), 100 + align)), { numRuns: 2000 });
  });
  it('keeps all-zero at 0 and all-ones at 0xffff', () => {
    check(new Uint8Array(20), 200);
    check(new Uint8Array(60).fill(0xff), 1);
    assert.equal(headerSum(200, 20), 0);
  });
});
