// The short CI fuzz run (fixed seeds, a time budget well under a minute) and proof that the
// harness's checks can fail: engines with a planted fault (a write past the frame, a write
// far away in a slot, a miscounted drop, a throw, a spin) are caught and blamed on a frame.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { buildCluster, defaultClusterSpec, parseClusterYaml } from '../../host/cluster/index.ts';
import type { Engine } from '../../host/engine/engine.ts';
import * as L from '../../host/layout.ts';
import { FuzzHarness, type FuzzOptions } from '../../host/fuzz/harness.ts';
import { Mutation } from '../../host/fuzz/mutate.ts';
import { runFuzz } from '../../host/fuzz/run.ts';
import { Role, type Side } from '../../host/fuzz/sides.ts';
import { arbClusterSpec } from '../support/arbitraries.ts';

const seedCluster = buildCluster(defaultClusterSpec());
const crossSubnet = buildCluster(parseClusterYaml(readFileSync(new URL('../../examples/clusters/crosssubnet-3node.yaml', import.meta.url), 'utf8')));
const clean = (s: ReturnType<typeof runFuzz>) => s.failures.map((f) => `${f.check}: ${f.message}\n${f.frame}`);

describe('robustness: fuzzing both engines (fixed seeds)', function () {
  this.timeout(120000);

  it('seed cluster: every template truncated at every offset, then random mutations; no failure', () => {
    const s = runFuzz(seedCluster, { seed: 20261125, frames: 150000, batch: 32, ringSlots: 64, watchEvery: 64, timeBudget: 25, maxFailures: 5 });
    assert.deepEqual(clean(s), []);
    assert.ok(s.frames > s.sweepFrames, `${s.frames} frames did not get past the truncation sweep (${s.sweepFrames})`);
    for (const kind of ['ipip-nest', 'ip-options', 'bad-descriptor', 'larger-than-slot', 'arp-field', 'max-length']) {
      assert.ok((s.mutations[kind] ?? 0) > 0, `no ${kind} frame`);
    }
    // the mutated traffic reaches the deep paths, not just the first check
    for (const o of ['decapsulated', 'encapsulated', 'created ICMP', 'created ARP', 'created fragments', 'drop ttlExceeded', 'drop ipipInnerMalformed']) {
      assert.ok((s.outcomes[o] ?? 0) > 0, `outcome ${o} never happened`);
    }
  });

  it('batch 1: the books balance after every single frame', () => {
    const s = runFuzz(seedCluster, { seed: 99, frames: 30000, batch: 1, ringSlots: 8, watchEvery: 2048, timeBudget: 20, maxFailures: 5 });
    assert.deepEqual(clean(s), []);
  });

  it('jumbo seed cluster (MTU 9000, 9088-byte slots): every template truncated at every offset, then random mutations; no failure', () => {
    const jumbo = buildCluster({ ...defaultClusterSpec(), mtu: 9000 });
    const s = runFuzz(jumbo, { seed: 9001, frames: 150000, batch: 32, ringSlots: 16, watchEvery: 64, timeBudget: 20, maxFailures: 5 });
    assert.deepEqual(clean(s), []);
    assert.ok(s.frames > s.sweepFrames, `${s.frames} frames did not get past the truncation sweep (${s.sweepFrames})`);
    for (const kind of ['larger-than-slot', 'max-length', 'over-mtu', 'bad-descriptor']) assert.ok((s.mutations[kind] ?? 0) > 0, `no ${kind} frame`);
    for (const o of ['encapsulated', 'decapsulated', 'created fragments']) assert.ok((s.outcomes[o] ?? 0) > 0, `outcome ${o} never happened`);
  });

  it('CrossSubnet 3-node cluster (native routes and IPIP side by side): no failure', () => {
    const s = runFuzz(crossSubnet, { seed: 5, frames: 60000, batch: 32, ringSlots: 64, watchEvery: 64, timeBudget: 15, maxFailures: 5 });
    assert.deepEqual(clean(s), []);
  });

  it('a frag-needed from the router teaches a tunnel next hop its path MTU: a field that may change, not a stray write', () => {
    // seed 7, frame 676872 of the CrossSubnet example: IPIP to node-b's address arrives on
    // node-a at the largest size, node-a sends 3/4 back (through the router) and node-c learns
    // the path MTU on its tunnel next hop (ipip_err → ipv4_update_pmtu); the watch used to call
    // that write a fault
    const h = new FuzzHarness(crossSubnet, { seed: 7, batch: 1, ringSlots: 16, watchEvery: 1 });
    assert.match(h.describe(676872), /max-length/);
    assert.deepEqual(h.runBatch(676872, 1).map((f) => `${f.check}: ${f.message}`), []);
    for (const side of h.sides) {
      const { u8, u16, u32 } = side.dp.mem;
      const ctx = side.dp.nodes.find((n) => n.name === 'node-c')!.ctx;
      const table = u32[(ctx + L.NODE_NH_TABLE) >>> 2];
      const learned = Array.from({ length: u32[(ctx + L.NODE_NH_COUNT) >>> 2] }, (_, i) => table + i * L.NH_SIZE)
        .filter((nh) => u8[nh + L.NH_KIND] === L.NHK_ONLINK_TUNL0 && u16[(nh + L.NH_PMTU) >>> 1] !== 0);
      assert.equal(learned.length, 1, `${side.name}: node-c learned no path MTU`);
    }
  });

  // Random clusters: any MTU the model accepts (576..9216, with the 1960..2020 band, where
  // slots grow from 2048 to 2112 bytes and the fragment slot's limit used to be met, and the
  // jumbo band 8000..9216 drawn often), ring and
  // inbox sizes down to 2 slots (tail drops everywhere), 1..4 nodes, 0..12 pods, all three
  // IPIP modes; random mutations only (each template's truncation sweep is covered above).
  // The whole-memory watch runs every 8 batches, so a write outside the frame's slot (the
  // fragment slot's neighbour is the LPM) is caught.
  it('random cluster configurations (MTU, ring sizes, pod counts): no failure', () => {
    const configs = fc.sample(fc.record({
      spec: arbClusterSpec({ maxNodes: 4, maxPods: 12 }),
      mtu: fc.oneof(fc.integer({ min: 576, max: 9216 }), fc.integer({ min: 1960, max: 2020 }), fc.integer({ min: 8000, max: 9216 })),
      ringSlots: fc.constantFrom(2, 4, 8, 32),
      inboxSlots: fc.constantFrom(2, 8, 64),
      batch: fc.constantFrom(1, 8, 32),
      seed: fc.integer({ min: 1, max: 2 ** 30 }),
    }), { seed: 20261130, numRuns: 10 });
    const failures: string[] = [];
    for (const c of configs) {
      const cluster = buildCluster({ ...c.spec, mtu: c.mtu });
      const s = runFuzz(cluster, { seed: c.seed, frames: 25000, batch: c.batch, ringSlots: c.ringSlots, inboxSlots: c.inboxSlots, watchEvery: 8, timeBudget: 2.5, maxFailures: 2, randomOnly: true });
      const what = `mtu ${c.mtu}, ${c.spec.nodes.length} nodes, ${c.spec.pods.length} pods, ringSlots ${c.ringSlots}, inboxSlots ${c.inboxSlots}, batch ${c.batch}, seed ${c.seed}`;
      failures.push(...clean(s).map((f) => `${what}: ${f}`));
    }
    assert.deepEqual(failures, []);
    assert.ok(configs.some((c) => c.mtu >= 1960 && c.mtu <= 2020), 'no configuration in the MTU band where slots grow past 2048');
    assert.ok(configs.filter((c) => c.mtu >= 8000).length >= 2, 'fewer than two jumbo configurations');
  });
});

// ── planted faults ──

const OPTS: FuzzOptions = { seed: 3, batch: 16, ringSlots: 32, watchEvery: 4 };
/** First frame index past the truncation sweep whose template enters through a host-fed ring. */
const START = 20000;

/** Replace the WASM side's engine with `wrap(real)`. */
function plant(h: FuzzHarness, wrap: (real: Engine, side: Side) => Engine['step']): void {
  const side = h.sides[1];
  const real = side.engine;
  const step = wrap(real, side);
  (side as { engine: Engine }).engine = { name: real.name, nodeCount: real.nodeCount, step };
}

/** The slot of the most recently consumed frame in any host-fed ring of the side. */
function lastInputSlot(h: FuzzHarness, side: Side): number {
  for (let r = 0; r < h.rings.addr.length; r++) {
    if (h.rings.role[r] !== Role.HostIn) continue;
    const ring = h.rings.addr[r];
    const tail = side.u32[(ring + L.RING_TAIL) >>> 2];
    const head = side.u32[(ring + L.RING_HEAD) >>> 2];
    if (tail !== 0 && tail === head) {
      const slots = side.u32[(ring + L.RING_SLOTS) >>> 2];
      return slots + (((tail - 1) & side.u32[(ring + L.RING_MASK) >>> 2]) >>> 0) * side.u32[(ring + L.RING_SLOT_SIZE) >>> 2];
    }
  }
  return 0;
}

function runUntilFail(h: FuzzHarness, batches = 50) {
  for (let b = 0; b < batches; b++) {
    const f = h.runBatch(START + b * OPTS.batch, OPTS.batch);
    if (f.length > 0) return f;
  }
  return [];
}

describe('robustness: the fuzz harness catches planted faults', () => {
  it('a byte written just past the frame in the input slot: slot-write, blamed on that frame', () => {
    const h = new FuzzHarness(seedCluster, OPTS);
    let armed = true;
    plant(h, (real, side) => (node, budget) => {
      const n = real.step(node, budget);
      const slot = lastInputSlot(h, side);
      if (armed && n > 0 && slot) {
        const off = side.u32[(slot + L.SLOT_OFF) >>> 2];
        const len = side.u32[(slot + L.SLOT_LEN) >>> 2];
        if (off + len + 1 < side.dp.slotSize && off >= 36) {
          side.u8[slot + off + len + 1] ^= 0x5a;
          armed = false;
        }
      }
      return n;
    });
    const f = runUntilFail(h);
    assert.ok(f.some((x) => x.check === 'slot-write' && x.index >= START && /wasm: input slot byte/.test(x.message)), JSON.stringify(f));
  });

  it('a byte written far from any frame (slot byte 2000): the whole-memory watch catches it', () => {
    const h = new FuzzHarness(seedCluster, OPTS);
    let armed = true;
    plant(h, (real, side) => (node, budget) => {
      const n = real.step(node, budget);
      const slot = lastInputSlot(h, side);
      if (armed && slot && side.u32[(slot + L.SLOT_OFF) >>> 2] + side.u32[(slot + L.SLOT_LEN) >>> 2] < 1500) {
        side.u8[slot + 2000] ^= 1;
        armed = false;
      }
      return n;
    });
    const f = runUntilFail(h);
    assert.ok(f.some((x) => x.check === 'memory-write' && /wasm: byte at/.test(x.message)), JSON.stringify(f));
  });

  it('an LPM byte changed: the whole-memory watch catches it', () => {
    const h = new FuzzHarness(seedCluster, OPTS);
    const side = h.sides[1];
    const lpm = side.u32[(side.dp.nodes[1].ctx + L.NODE_LPM_BASE) >>> 2];
    side.u8[lpm + 100] ^= 0x80;
    const f = runUntilFail(h);
    assert.ok(f.some((x) => x.check === 'memory-write' && x.message.includes(`byte at ${(lpm + 100) & ~3}`)), JSON.stringify(f));
  });

  it('one extra drop counted by one engine: divergence and accounting failures', () => {
    const h = new FuzzHarness(seedCluster, OPTS);
    let armed = true;
    plant(h, (real, side) => (node, budget) => {
      const n = real.step(node, budget);
      if (armed && n > 0) {
        const c = side.u32[(side.dp.nodes[node].ctx + L.NODE_COUNTERS) >>> 2] >>> 3;
        side.f64[c + L.NC_DROP_BASE + L.DROP_IP_BAD_CHECKSUM] += 1;
        armed = false;
      }
      return n;
    });
    const f = runUntilFail(h);
    assert.ok(f.some((x) => x.check === 'divergence' && /counter drops\.ipBadChecksum: ts \d+, wasm \d+/.test(x.message)), JSON.stringify(f));
    assert.ok(f.some((x) => x.check === 'accounting' && x.message.startsWith('wasm')), JSON.stringify(f));
  });

  it('an engine that throws, and one that never goes idle: exception and spin', () => {
    const h = new FuzzHarness(seedCluster, OPTS);
    plant(h, () => () => { throw new RangeError('planted'); });
    const f = h.runBatch(START, OPTS.batch);
    assert.ok(f.some((x) => x.check === 'exception' && /wasm engine threw: RangeError: planted/.test(x.message)), JSON.stringify(f));
    const g = new FuzzHarness(seedCluster, OPTS);
    plant(g, () => () => 1);
    assert.ok(g.runBatch(START, OPTS.batch).some((x) => x.check === 'spin'));
  });

  it('a frame is a pure function of (seed, index): the reproducer rebuilds the same bytes', () => {
    const h = new FuzzHarness(seedCluster, OPTS);
    const a = new Mutation();
    const b = new Mutation();
    h.mutator.make(11, 123456, a);
    const bytes = h.mutator.stage.slice(a.start, a.start + a.len);
    h.mutator.make(11, 7, b); // something else in between
    h.mutator.make(11, 123456, b);
    assert.deepEqual({ ...b }, { ...a });
    assert.deepEqual(h.mutator.stage.slice(b.start, b.start + b.len), bytes);
  });
});
