// The null engine (assembly/nullPath.ts) takes whatever a ring holds: runts, garbage, headers
// whose IHL points past the frame, frames for pods, Service addresses and nobody, slot
// descriptors outside the slot. Nothing may throw or write outside a slot, every frame must be
// in the books (per host: received = delivered + sent on + dropped), and the rings must empty.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { buildCluster, defaultClusterSpec, loadClusterFile } from '../../host/cluster/index.ts';
import { buildDataplane, type Dataplane } from '../../host/dataplane/build.ts';
import { createEngine } from '../../host/dataplane/engines.ts';
import { pushFrame, pushRawSlot, popFrames } from '../../host/dataplane/rings.ts';
import { nodeImbalance, readNodeCounters } from '../../host/dataplane/counters.ts';
import { runUntilIdle } from '../../host/engine/engine.ts';
import { SLOT_HEADROOM } from '../../host/layout.ts';

const clusters = {
  seed: () => buildCluster(defaultClusterSpec()),
  'crosssubnet-3node': () => buildCluster(loadClusterFile(fileURLToPath(new URL('../../examples/clusters/crosssubnet-3node.yaml', import.meta.url)))),
};

/** An IPv4-looking frame to `dst` (protocol, IHL and length drawn too), or plain garbage. */
const frameArb = (dsts: number[]) => fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 160 }),
  fc.record({
    dst: fc.constantFrom(...dsts),
    proto: fc.constantFrom(1, 4, 6, 17, 47),
    ihl: fc.integer({ min: 0, max: 15 }),
    dport: fc.constantFrom(53, 8888, 80, 0),
    len: fc.integer({ min: 0, max: 160 }),
    fill: fc.uint8Array({ minLength: 160, maxLength: 160 }),
  }).map(({ dst, proto, ihl, dport, len, fill }) => {
    const f = fill.slice(0, len);
    if (len > 14) { f[12] = 0x08; f[13] = 0x00; }
    if (len > 14) f[14] = 0x40 | ihl;
    if (len > 23) f[23] = proto;
    for (let i = 0; i < 4 && 30 + i < len; i++) f[30 + i] = (dst >>> (24 - 8 * i)) & 0xff;
    const l4 = 14 + ihl * 4;
    if (l4 + 3 < len) { f[l4 + 2] = dport >> 8; f[l4 + 3] = dport & 0xff; }
    return f;
  }),
);

describe('null engine: any ring content is a counted outcome', () => {
  for (const [name, make] of Object.entries(clusters)) {
    it(`${name}: random frames and descriptors on every ring, 8-slot rings`, () => {
      const cluster = make();
      fc.assert(fc.property(
        fc.array(fc.tuple(fc.nat(), frameArb([
          ...cluster.nodes.flatMap((n) => n.pods.map((p) => p.ip)),
          ...cluster.services.map((s) => s.clusterIP), 0x08080808, 0,
        ]), fc.option(fc.tuple(fc.nat(4096), fc.nat(4096)), { freq: 8 })), { maxLength: 40 }),
        (sends) => {
          const dp: Dataplane = buildDataplane(cluster, { ringSlots: 8 });
          const e = createEngine('null', dp);
          const rings = dp.nodes.flatMap((n) => [...n.pods.map((p) => p.rxRing), n.externalInbox]);
          let pushed = 0;
          for (const [pick, frame, raw] of sends) {
            const ring = rings[pick % rings.length];
            const ok = raw ? pushRawSlot(dp.mem, ring, raw[0] % 2 ? SLOT_HEADROOM : raw[0], raw[1], frame) : pushFrame(dp.mem, ring, frame);
            if (ok) pushed++;
          }
          runUntilIdle(e);
          for (const n of dp.nodes) {
            assert.equal(nodeImbalance(dp, n.index), 0, `${n.name}: the books do not balance`);
            for (const p of n.pods) popFrames(dp.mem, p.txRing);
          }
          for (const r of rings) assert.equal(popFrames(dp.mem, r).length, 0, 'an input ring kept a frame');
          const rx = dp.nodes.reduce((s, n) => s + readNodeCounters(dp, n.index).rx, 0);
          assert.ok(rx >= pushed, `${pushed} frames pushed, ${rx} received`);
        },
      ), { numRuns: 150, seed: 7 });
    });
  }
});
