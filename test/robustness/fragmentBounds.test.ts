// The fragment scratch slot is one slot of the dataplane's slot size: a fragment is built at
// SLOT_HEADROOM + 14 in it, so the largest it can hold is slotSize − SLOT_HEADROOM − 14.
// With an uplink MTU of 1992..2017 (tunl0 and cali MTU 20 less) and a frame given at a slot
// offset of 36..63 (the lowest the data path accepts), a DF=0 packet of up to 1998 octets is
// over the egress MTU. The builder sizes slots from the largest MTU (2112 bytes here), so it
// is fragmented as Linux does. In 2048-byte slots (forced with the slotSize option) its first
// fragment would not fit (1970 octets at most): both engines must count it as a drop
// (TOO_BIG_FOR_SLOT on the egress interface, as a push of a frame no slot can carry is
// counted). Either way nothing is written past the slot (the next bytes are the node's LPM
// header).
import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { buildDataplane, type Dataplane } from '../../host/dataplane/build.ts';
import { createEngine } from '../../host/dataplane/engines.ts';
import { readNodeCounters, readIfCounters } from '../../host/dataplane/counters.ts';
import { runUntilIdle } from '../../host/engine/engine.ts';
import { parseMac } from '../../host/net/addr.ts';
import * as L from '../../host/layout.ts';
import { ipv4, udp } from '../../host/fuzz/frames.ts';
import { ETHERTYPE_IPV4, ethFrame } from '../../host/net/ethernet.ts';
import { IPPROTO_UDP } from '../../host/net/ipv4.ts';

const MIN_FRAME_OFF = L.SLOT_HEADROOM - 28;
const GUARD = 256; // bytes after the scratch slot that must not change

/** Put `frame` at slot offset `off` of the next slot of `ring` and publish it. */
function pushAt(dp: Dataplane, ring: number, frame: Uint8Array, off: number): void {
  const u32 = dp.mem.u32;
  const head = u32[(ring + L.RING_HEAD_SHADOW) >>> 2];
  const slot = u32[(ring + L.RING_SLOTS) >>> 2] + (head & u32[(ring + L.RING_MASK) >>> 2]) * dp.slotSize;
  dp.mem.u8.set(frame, slot + off);
  u32[(slot + L.SLOT_LEN) >>> 2] = frame.length;
  u32[(slot + L.SLOT_OFF) >>> 2] = off;
  u32[(slot + L.SLOT_META) >>> 2] = 7;
  u32[(ring + L.RING_HEAD_SHADOW) >>> 2] = head + 1;
  Atomics.store(dp.mem.i32, (ring + L.RING_HEAD) >>> 2, head + 1);
}

describe('robustness: a fragment never outgrows the fragment scratch slot (both engines)', () => {
  for (const mtu of [1992, 2000, 2017]) {
    const cluster = buildCluster({ ...defaultClusterSpec(), mtu });
    const master = cluster.nodes[0];
    const targets = [
      { what: 'a pod on another node (through tunl0)', pod: cluster.pods.find((p) => p.node !== master.spec.name)!, oif: L.IF_TUNL0 },
      { what: 'a pod on the same node (through its cali)', pod: cluster.pods.find((p) => p.node === master.spec.name)!, oif: -1 },
    ];
    for (const kind of ['wasm', 'ts'] as const) {
      for (const t of targets) {
        for (const slotSize of [undefined, 2048]) {
          const how = slotSize === undefined ? 'slots sized from the MTU: fragmented' : '2048-byte slots: a counted drop';
          it(`MTU ${mtu}, the largest DF=0 packet ens160 takes, at slot offset ${MIN_FRAME_OFF} to ${t.what}: ${how}, nothing written past the fragment slot (${kind})`, () => {
            const dp = buildDataplane(cluster, { ringSlots: 8, slotSize });
            assert.equal(dp.slotSize, slotSize ?? 2112);
            const e = createEngine(kind, dp);
            const n0 = dp.nodes[0];
            const ctx = n0.ctx;
            const end = dp.mem.u32[(ctx + L.NODE_SCRATCH1) >>> 2] + dp.slotSize;
            const after = dp.mem.u8.slice(end, end + GUARD);
            const frameLen = Math.min(dp.slotSize - MIN_FRAME_OFF, mtu + 18); // ens160 takes up to MTU + 18
            const ip = ipv4({ src: 0x08080808, dst: t.pod.ip, proto: IPPROTO_UDP, ttl: 64, id: 0x4242, df: false }, udp(4000, 5000, frameLen - 14 - 20 - 8));
            const frame = ethFrame(parseMac(master.spec.mac)!, parseMac('02:00:00:00:00:01')!, ETHERTYPE_IPV4, ip);
            assert.equal(frame.length, frameLen);
            pushAt(dp, n0.externalInbox, frame, MIN_FRAME_OFF);
            runUntilIdle(e);
            assert.deepEqual(dp.mem.u8.slice(end, end + GUARD), after, 'bytes past the fragment scratch slot changed');
            const c = readNodeCounters(dp, 0);
            assert.equal(c.rx, 1);
            const oif = t.oif >= 0 ? t.oif : n0.pods.find((p) => p.ip === t.pod.ip)!.iface;
            if (slotSize === undefined) {
              assert.deepEqual(c.drops, {});
              assert.equal(c.fragmented, 1);
              assert.equal(c.createdFrag, 1, 'two fragments: the packet is at most 2 × (egress MTU − 20) octets');
              assert.equal(c.txWire + c.deliveredPod, 2);
              assert.equal(readIfCounters(dp, 0, oif).txDrops, 0);
            } else {
              assert.deepEqual(c.drops, { tooBigForSlot: 1 });
              assert.equal(c.createdFrag + c.fragmented + c.txWire + c.deliveredPod, 0);
              assert.equal(readIfCounters(dp, 0, oif).txDrops, 1);
            }
          });
        }
      }
    }
  }
});
