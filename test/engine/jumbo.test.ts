// Jumbo MTUs end to end (issue 11, item 4): on a 9000-MTU cluster (AWS uses 9001; Calico then
// gives tunl0 and the pods 20 less) the builder sizes every ring and scratch slot from the
// largest MTU (9088 bytes), and the data path carries what Linux would:
//   - ping -s 5000 and -s 8952 (IP 8980 = the pod MTU, outer 9000 = ens160's) unfragmented;
//   - ping -s 8953: the pod fragments at its eth0 MTU 8980 (8960 + 1 data octets);
//   - a DF packet of 8981 from a pod towards tunl0 (MTU 8980): ICMP 3/4 with next-hop MTU 8980
//     (ip_forward → ip_exceeds_mtu → icmp_send), a DF=0 one: two fragments of 8980 and 21;
//   - a frame longer than a slot carries is a counted drop, never a write past the slot.
import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import type { Cluster } from '../../host/cluster/types.ts';
import { buildDataplane, type Dataplane } from '../../host/dataplane/build.ts';
import { createEngine } from '../../host/dataplane/engines.ts';
import { runUntilIdle, type Engine } from '../../host/engine/engine.ts';
import { pushFrame, pushRawSlot, popFrames, maxFrameOf } from '../../host/dataplane/rings.ts';
import { readNodeCounters, nodeImbalance } from '../../host/dataplane/counters.ts';
import { parseIp4 } from '../../host/net/addr.ts';
import * as L from '../../host/layout.ts';
import { ipv4Frame, mac } from './frames.ts';
import { BUSYBOX_M1, ping, session, afterStamp } from '../ping/support.ts';

const ip = (t: string): number => parseIp4(t)!;
const VETH = mac('ee:ee:ee:ee:ee:ee');
const jumbo = (): Cluster => buildCluster({ ...defaultClusterSpec(), mtu: 9000 });

describe('jumbo MTU 9000: slots sized from the largest MTU', () => {
  it('the cluster model: ens160 9000, tunl0 8980, cali and pod eth0 8980; slots of 9088 bytes', () => {
    const c = jumbo();
    const m1 = c.nodes[0];
    const mtuOf = (name: string): number | undefined => m1.ifaces.find((f) => f.name === name)?.mtu;
    assert.equal(mtuOf('ens160'), 9000);
    assert.equal(mtuOf('tunl0'), 8980);
    assert.equal(mtuOf(m1.pods[0].hostVeth), 8980);
    assert.equal(m1.pods[0].ifaces.find((f) => f.name === 'eth0')?.mtu, 8980);
    const dp = buildDataplane(c, { ringSlots: 4 });
    assert.equal(dp.slotSize, 9088);
    const n0 = dp.nodes[0];
    for (const r of [...n0.inboxes, n0.uplinkTx, n0.pods[0].rxRing, n0.pods[0].txRing]) {
      assert.equal(dp.mem.u32[(r + L.RING_SLOT_SIZE) >>> 2], 9088);
      assert.equal(maxFrameOf(dp.mem, r), 9024);
    }
    assert.equal(dp.mem.u32[(n0.ctx + L.NODE_SLOT_SIZE) >>> 2], 9088);
    assert.equal(buildDataplane(buildCluster(defaultClusterSpec()), { ringSlots: 4 }).slotSize, 2048, 'MTU 1500 keeps 2048');
  });

  it('a slot size outside the builder\'s bounds is a config error naming the field', () => {
    for (const slotSize of [1024, 2050, 1 << 17]) {
      assert.throws(() => buildDataplane(jumbo(), { ringSlots: 4, slotSize }), (e: Error & { field?: string }) => e.field === 'slotSize');
    }
  });
});

describe('jumbo MTU 9000: ping across hosts (both engines, identical)', () => {
  const cases = [
    { size: 5000, frames: [5062], outer: [5048], inner: ['offset 0, flags [DF]'] },
    { size: 8952, frames: [9014], outer: [9000], inner: ['offset 0, flags [DF]'] },
    // over the pod's MTU: busybox's socket fragments at eth0's 8980 (ip_fragment), DF clear
    { size: 8953, frames: [9014, 55], outer: [9000, 41], inner: ['offset 0, flags [+]', 'offset 8960, flags [none]'] },
  ];
  for (const c of cases) {
    it(`ping -s ${c.size} 172.16.109.65: ens160 frames ${c.frames.join(' + ')}, a reply per request`, function () {
      this.timeout(20_000);
      const runs = (['wasm', 'ts'] as const).map((engine) => {
        const s = session({ engine }, jumbo());
        return ping(s, { pod: BUSYBOX_M1, host: '172.16.109.65', count: 2, size: c.size, tcpdump: ['k8s-node-1:ens160', 'k8s-master-1:tunl0'] });
      });
      assert.equal(runs[0].all, runs[1].all, 'wasm and ts print the same');
      const r = runs[0];
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /2 packets transmitted, 2 packets received, 0% packet loss/);
      assert.match(r.out, new RegExp(`^${c.size + 8} bytes from 172\\.16\\.109\\.65: seq=0`, 'm'));
      const heads = r.taps.get('k8s-node-1:ens160')!.filter((l) => /^\d\d:/.test(l)).map(afterStamp);
      const requests = heads.filter((l) => l.startsWith('00:0c:29:b1:02:f0 >'));
      assert.equal(requests.length, 2 * c.frames.length);
      requests.slice(0, c.frames.length).forEach((l, i) => {
        assert.match(l, new RegExp(`length ${c.frames[i]}: .* proto IPIP \\(4\\), length ${c.outer[i]}\\)$`));
      });
      const inner = r.taps.get('k8s-node-1:ens160')!.filter((l) => /proto ICMP/.test(l) && l.includes('192.168.0.11 > 192.168.0.12'));
      c.inner.forEach((f, i) => assert.ok(inner[i].includes(f), `${inner[i]} has ${f}`));
    });
  }
});

for (const kind of ['wasm', 'ts'] as const) {
  describe(`jumbo MTU 9000: forwarding limits (${kind} engine)`, () => {
    let dp: Dataplane;
    let e: Engine;
    const cluster = jumbo();
    beforeEach(() => {
      dp = buildDataplane(cluster, { ringSlots: 8 });
      e = createEngine(kind, dp);
    });
    afterEach(() => dp.nodes.forEach((n) => assert.equal(nodeImbalance(dp, n.index), 0)));
    const A = () => dp.nodes[0].pods[0]; // 172.16.196.1 on k8s-master-1
    const B = () => dp.nodes[1].pods[0]; // 172.16.109.65 on k8s-node-1
    const fromA = (ipLen: number, df: boolean): Uint8Array =>
      ipv4Frame({ dstMac: VETH, srcMac: mac(A().mac), src: A().ip, dst: ip('172.16.109.65'), proto: 17, ttl: 64, df, frameLen: 14 + ipLen });
    const send = (f: Uint8Array): void => {
      assert.ok(pushFrame(dp.mem, A().rxRing, f));
      runUntilIdle(e);
    };

    it('DF, IP length 8980 (tunl0\'s MTU): encapsulated to 9000 on ens160, delivered whole', () => {
      send(fromA(8980, true));
      const got = popFrames(dp.mem, B().txRing).map((f) => f.frame);
      assert.deepEqual(got.map((f) => f.length), [14 + 8980]);
      assert.deepEqual(readNodeCounters(dp, 0).drops, {});
      assert.equal(readNodeCounters(dp, 0).encap, 1);
    });

    it('DF, IP length 8981: ICMP 3/4 with next-hop MTU 8980 from the node IP', () => {
      send(fromA(8981, true));
      assert.deepEqual(readNodeCounters(dp, 0).drops, { fragNeeded: 1 });
      const [err] = popFrames(dp.mem, A().txRing).map((f) => f.frame);
      assert.equal(err[34], 3);
      assert.equal(err[35], 4);
      assert.equal((err[40] << 8) | err[41], 8980);
      assert.equal(Buffer.from(err.subarray(26, 30)).join('.'), '192.168.0.11');
      assert.equal(err.length, 14 + 576, 'original header and data up to 576 octets');
    });

    it('DF=0, IP length 8981: two fragments (8980 and 21), each encapsulated', () => {
      send(fromA(8981, false));
      const got = popFrames(dp.mem, B().txRing).map((f) => f.frame);
      const off = (f: Uint8Array): number => (((f[20] << 8) | f[21]) & 0x1fff) * 8;
      assert.deepEqual(got.map((f) => [f.length - 14, off(f), (f[20] & 0x20) !== 0]), [[8980, 0, true], [21, 8960, false]]);
      const c = readNodeCounters(dp, 0);
      assert.deepEqual([c.fragmented, c.createdFrag, c.encap], [1, 1, 2]);
    });

    it('a frame as long as a slot carries is received (and dropped over the MTU); one octet more is never written', () => {
      const max = maxFrameOf(dp.mem, A().rxRing);
      assert.equal(pushFrame(dp.mem, A().rxRing, new Uint8Array(max + 1)), false, 'the host ring end refuses it');
      send(fromA(max - 14, true));
      assert.deepEqual(readNodeCounters(dp, 0).drops, { rxOverMtu: 1 }, 'cali takes at most 8980 + 18');
      // a descriptor claiming more than the slot: DROP_BAD_DESCRIPTOR, nothing read past it
      assert.ok(pushRawSlot(dp.mem, A().rxRing, L.SLOT_HEADROOM, dp.slotSize - L.SLOT_HEADROOM + 1, new Uint8Array(64)));
      runUntilIdle(e);
      assert.deepEqual(readNodeCounters(dp, 0).drops, { rxOverMtu: 1, badDescriptor: 1 });
    });
  });
}
