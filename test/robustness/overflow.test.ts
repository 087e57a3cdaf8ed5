// Rings deliberately too small, in both engines: a burst into a full ring is a tail drop
// counted as RING_FULL on the egress interface, the frames already queued are untouched
// (no overwrite), the step returns (no spin), and the books balance at quiescence:
// generated = delivered + dropped by reason.

import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { buildDataplane, type Dataplane } from '../../host/dataplane/build.ts';
import { runUntilIdle, type Engine } from '../../host/engine/engine.ts';
import { pushFrames, popFrames, ringCount } from '../../host/dataplane/rings.ts';
import { readNodeCounters, readIfCounters } from '../../host/dataplane/counters.ts';
import { parseMac } from '../../host/net/addr.ts';
import * as L from '../../host/layout.ts';
import { ld16be } from '../../host/net/endian.ts';
import { ETHERTYPE_IPV4, ETH_HDR_LEN, ethFrame } from '../../host/net/ethernet.ts';
import { ICMP_ECHO, ICMP_SEQ, icmpEchoRest, icmpMessage } from '../../host/net/icmp.ts';
import { IPPROTO_ICMP, IPPROTO_IPIP, IPV4_DF, IPV4_HDR_LEN, ipv4Packet, type Ipv4Fields } from '../../host/net/ipv4.ts';
import { runFuzz } from '../../host/fuzz/run.ts';
import { createEngine } from '../../host/dataplane/engines.ts';

const cluster = buildCluster(defaultClusterSpec());
const VETH = parseMac('ee:ee:ee:ee:ee:ee')!;
const BURST = 32;

interface Books { generated: number; delivered: number; dropped: number; created: number; drops: Record<string, number> }

function books(dp: Dataplane, generated: number): Books {
  const b: Books = { generated, delivered: 0, dropped: 0, created: 0, drops: {} };
  for (const n of dp.nodes) {
    const r = readNodeCounters(dp, n.index);
    // what waits in the uplink tx ring left the dataplane: delivered to the wire
    b.delivered += r.deliveredPod + r.deliveredHost + ringCount(dp.mem, n.uplinkTx);
    b.created += r.createdIcmp + r.createdArp + r.createdFrag + r.createdTcp;
    b.dropped += r.dropped;
    for (const [k, v] of Object.entries(r.drops)) b.drops[k] = (b.drops[k] ?? 0) + v;
  }
  return b;
}

const echo = (ident: number, seq: number, dataLen: number): Uint8Array => icmpMessage(ICMP_ECHO, 0, icmpEchoRest(ident, seq), new Uint8Array(dataLen));
const ipv4 = (f: Omit<Ipv4Fields, 'flagsFrag' | 'ttl'> & { ttl?: number }, payload: Uint8Array): Uint8Array =>
  ipv4Packet({ ...f, flagsFrag: IPV4_DF, ttl: f.ttl ?? 64 }, payload);

/** Echo requests from pod A (master) to pod B (node-1), sequence numbers 0..n-1 in the ICMP
 *  header and in `meta`, so the survivors can be identified. */
function echoBurst(dp: Dataplane, n: number): Uint8Array[] {
  const A = dp.nodes[0].pods[0];
  const B = dp.nodes[1].pods[0];
  return Array.from({ length: n }, (_, i) => ethFrame(VETH, parseMac(A.mac)!, ETHERTYPE_IPV4,
    ipv4({ src: A.ip, dst: B.ip, proto: IPPROTO_ICMP, id: 0x100 + i }, echo(0x42, i, 56)),
  ));
}

/** IPIP frames from node-1 to master's pod A, as node-1 would put them on the wire. */
function ipipBurst(dp: Dataplane, n: number): Uint8Array[] {
  const master = cluster.nodes[0];
  const node1 = cluster.nodes[1];
  const A = dp.nodes[0].pods[0];
  const B = dp.nodes[1].pods[0];
  return Array.from({ length: n }, (_, i) => ethFrame(parseMac(master.spec.mac)!, parseMac(node1.spec.mac)!, ETHERTYPE_IPV4,
    ipv4({ src: node1.ip, dst: master.ip, proto: IPPROTO_IPIP, ttl: 63, id: i },
      ipv4({ src: B.ip, dst: A.ip, proto: IPPROTO_ICMP, ttl: 63, id: 0x200 + i }, echo(0x43, i, 56))),
  ));
}

const seqOf = (frame: Uint8Array): number => ld16be(frame, ETH_HDR_LEN + IPV4_HDR_LEN + ICMP_SEQ);

for (const kind of ['wasm', 'ts'] as const) {
  const engine = (dp: Dataplane): Engine => createEngine(kind, dp);

  describe(`robustness: full rings are tail drops (${kind} engine)`, () => {
    it(`a burst of ${BURST} into a 2-slot inbox: 2 cross, ${BURST - 2} RING_FULL on the sender's ens160, books balance`, () => {
      const dp = buildDataplane(cluster, { ringSlots: 64, inboxSlots: 2 });
      const e = engine(dp);
      const A = dp.nodes[0].pods[0];
      const B = dp.nodes[1].pods[0];
      const burst = echoBurst(dp, BURST);
      assert.equal(pushFrames(dp.mem, A.rxRing, burst, burst.map((_, i) => i)), BURST);
      // one master step: all 32 are encapsulated towards node-1's 2-slot inbox
      assert.equal(e.step(0, BURST), BURST);
      assert.equal(ringCount(dp.mem, dp.nodes[1].inboxes[0]), 2);
      assert.equal(readNodeCounters(dp, 0).drops.ringFull, BURST - 2);
      assert.equal(readIfCounters(dp, 0, L.IF_UPLINK).txDrops, BURST - 2);
      runUntilIdle(e); // returns: no spin on a full ring
      const got = popFrames(dp.mem, B.txRing);
      assert.deepEqual(got.map((f) => f.meta), [0, 1], 'the first two survive, in order');
      assert.deepEqual(got.map((f) => seqOf(f.frame)), [0, 1], 'their bytes were not overwritten by later frames');
      const b = books(dp, BURST);
      assert.equal(b.generated + b.created, b.delivered + b.dropped);
      assert.deepEqual(b.drops, { ringFull: BURST - 2 });
      assert.equal(b.delivered, 2);
    });

    it(`a burst of ${BURST} into a 2-slot cali tx ring: 2 delivered, ${BURST - 2} RING_FULL on the cali; after the pod reads, the ring works again`, () => {
      const dp = buildDataplane(cluster, { ringSlots: 2, inboxSlots: 64 });
      const e = engine(dp);
      const A = dp.nodes[0].pods[0];
      const burst = ipipBurst(dp, BURST);
      assert.equal(pushFrames(dp.mem, dp.nodes[0].externalInbox, burst, burst.map((_, i) => i)), BURST);
      runUntilIdle(e);
      assert.equal(readNodeCounters(dp, 0).drops.ringFull, BURST - 2);
      assert.equal(readIfCounters(dp, 0, A.iface).txDrops, BURST - 2);
      const first = popFrames(dp.mem, A.txRing);
      assert.deepEqual(first.map((f) => f.meta), [0, 1]);
      assert.deepEqual(first.map((f) => seqOf(f.frame)), [0, 1]);
      // the consumer caught up: the next burst gets two slots again, no stuck state
      assert.equal(pushFrames(dp.mem, dp.nodes[0].externalInbox, burst.slice(0, 4), [100, 101, 102, 103]), 4);
      runUntilIdle(e);
      assert.deepEqual(popFrames(dp.mem, A.txRing).map((f) => f.meta), [100, 101]);
      const b = books(dp, BURST + 4);
      assert.equal(b.generated + b.created, b.delivered + b.dropped);
      assert.deepEqual(b.drops, { ringFull: BURST - 2 + 2 });
    });

    it('ping replies into a full 2-slot ring: created frames are tail-dropped and still balance the books', () => {
      // pod A pings master's own node IP 32 times: 32 echo replies (created ICMP) into A's 2-slot tx ring
      const dp = buildDataplane(cluster, { ringSlots: 2, inboxSlots: 2 });
      const e = engine(dp);
      const A = dp.nodes[0].pods[0];
      const frames = Array.from({ length: 2 }, (_, i) => ethFrame(VETH, parseMac(A.mac)!, ETHERTYPE_IPV4,
        ipv4({ src: A.ip, dst: cluster.nodes[0].ip, proto: IPPROTO_ICMP, id: i }, echo(0x44, i, 8)),
      ));
      let generated = 0;
      for (let round = 0; round < BURST / 2; round++) {
        generated += pushFrames(dp.mem, A.rxRing, frames, [2 * round, 2 * round + 1]);
        runUntilIdle(e);
      }
      assert.equal(generated, BURST);
      const c = readNodeCounters(dp, 0);
      assert.equal(c.createdIcmp, BURST);
      assert.equal(c.drops.ringFull, BURST - 2);
      assert.deepEqual(popFrames(dp.mem, A.txRing).map((f) => f.meta), [0, 1]);
      const b = books(dp, generated);
      assert.equal(b.generated + b.created, b.delivered + b.dropped);
    });
  });
}

describe('robustness: fuzzing with 2-slot rings (both engines, per-batch books)', () => {
  it('20,000 mutated frames in bursts of 32 into 2-slot rings: no failure, tail drops on both ends', function () {
    this.timeout(60000);
    const s = runFuzz(cluster, { seed: 7, frames: 20000, batch: 32, ringSlots: 2, watchEvery: 16, timeBudget: 0, maxFailures: 5 });
    assert.deepEqual(s.failures.map((f) => `${f.check}: ${f.message}\n${f.frame}`), []);
    assert.equal(s.frames, 20000);
    assert.ok((s.outcomes['not pushed: input ring full'] ?? 0) > 0, 'the host found input rings full');
    assert.ok((s.outcomes['drop ringFull'] ?? 0) > 0, 'the engines tail-dropped into full rings');
  });

  it('64-slot pod rings, 2-slot inboxes: IPIP and forwarded bursts overflow the wire', function () {
    this.timeout(60000);
    const s = runFuzz(cluster, { seed: 8, frames: 20000, batch: 64, ringSlots: 64, inboxSlots: 2, watchEvery: 16, timeBudget: 0, maxFailures: 5 });
    assert.deepEqual(s.failures.map((f) => `${f.check}: ${f.message}\n${f.frame}`), []);
    assert.ok((s.outcomes['drop ringFull'] ?? 0) > 100, `ringFull ${s.outcomes['drop ringFull']}`);
  });
});
