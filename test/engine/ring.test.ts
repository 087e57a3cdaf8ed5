// The SPSC ring: empty, full (tail drop, never overwrite), wrap-around of the slot index and
// of the u32 head/tail counters, oversize frames, publish-once semantics of the engine side.
import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { buildDataplane } from '../../host/dataplane/build.ts';
import { pushFrame, pushFrames, popFrames, popFrame, ringCount } from '../../host/dataplane/rings.ts';
import * as L from '../../host/layout.ts';
import { Heap } from '../../host/engine/ts/heap.ts';
import { twinOver } from '../../host/engine/ts/engine.ts';

describe('ring: SPSC slots in shared memory', () => {
  const dp = buildDataplane(buildCluster(defaultClusterSpec()), { ringSlots: 4 });
  const ring = dp.nodes[0].pods[0].rxRing;
  const u32 = dp.mem.u32;
  const frame = (n: number, len = 60): Uint8Array => new Uint8Array(len).fill(n);

  it('starts empty', () => {
    assert.equal(ringCount(dp.mem, ring), 0);
    assert.equal(popFrame(dp.mem, ring), null);
  });

  it('fills to its slot count, then refuses (never overwrites)', () => {
    assert.equal(pushFrames(dp.mem, ring, [frame(1), frame(2), frame(3), frame(4), frame(5)], [1, 2, 3, 4, 5]), 4);
    assert.equal(ringCount(dp.mem, ring), 4);
    assert.equal(pushFrame(dp.mem, ring, frame(6)), false);
    const got = popFrames(dp.mem, ring);
    assert.deepEqual(got.map((g) => g.meta), [1, 2, 3, 4]);
    assert.deepEqual(got.map((g) => g.frame[0]), [1, 2, 3, 4]);
    assert.equal(ringCount(dp.mem, ring), 0);
  });

  it('wraps the slot index and the free-running u32 counters', () => {
    // move head and tail to just below 2^32 (both sides idle, so this is a legal state)
    const start = 0xfffffffe;
    for (const off of [L.RING_HEAD, L.RING_HEAD_SHADOW, L.RING_TAIL, L.RING_TAIL_CACHE]) u32[(ring + off) >>> 2] = start;
    for (let i = 0; i < 10; i++) {
      assert.equal(pushFrames(dp.mem, ring, [frame(10 + i, 42 + i), frame(20 + i, 100)], [i, 100 + i]), 2);
      const got = popFrames(dp.mem, ring);
      assert.deepEqual(got.map((g) => [g.meta, g.frame.length, g.frame[0]]), [[i, 42 + i, 10 + i], [100 + i, 100, 20 + i]]);
    }
    assert.ok(u32[(ring + L.RING_HEAD) >>> 2] < 100, 'head wrapped past 2^32');
  });

  it('rejects a frame larger than a slot can hold', () => {
    const max = L.slotMaxFrame(dp.slotSize);
    assert.equal(max, 1984, '2048-byte slots on the seed cluster');
    assert.equal(pushFrame(dp.mem, ring, new Uint8Array(max + 1)), false);
    assert.equal(pushFrame(dp.mem, ring, new Uint8Array(max)), true);
    assert.equal(popFrames(dp.mem, ring)[0].frame.length, max);
  });

  it('engine-side producer: commits stay private until one publish', () => {
    const { ringReserve, ringCommit, ringPublish, ringRefreshTail, ringReadable } = twinOver(new Heap(dp.mem)).ring;
    const r = dp.nodes[0].pods[0].txRing;
    ringRefreshTail(r);
    for (let i = 0; i < 3; i++) {
      assert.notEqual(ringReserve(r), 0);
      ringCommit(r);
    }
    assert.equal(ringReadable(r), 0, 'nothing visible before publish');
    ringPublish(r);
    assert.equal(ringReadable(r), 3);
    assert.notEqual(ringReserve(r), 0);
    ringCommit(r);
    assert.equal(ringReserve(r), 0, 'full as of the last tail refresh');
    ringPublish(r);
    assert.equal(popFrames(dp.mem, r).length, 4);
    assert.equal(ringReserve(r), 0, 'still full until the producer refreshes its view of tail');
    ringRefreshTail(r);
    assert.notEqual(ringReserve(r), 0);
  });
});
