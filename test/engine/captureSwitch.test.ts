// The core runs its per-frame path compiled without the capture hook's call on a node with no
// capture on (assembly/counters.ts CaptureOn / CaptureOff, chosen per step from the node's
// NODEF_CAPTURE), so setCapture must keep that bit with the interfaces' flags, and a capture
// turned on anywhere on a node must reach the hook from the next step, in both engines alike.
import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { buildDataplane } from '../../host/dataplane/build.ts';
import { createEngine } from '../../host/dataplane/engines.ts';
import { setCapture } from '../../host/dataplane/counters.ts';
import { pushFrame, popFrames } from '../../host/dataplane/rings.ts';
import { runUntilIdle } from '../../host/engine/engine.ts';
import { IF_UPLINK, IF_TUNL0, NODE_FLAGS, NODEF_CAPTURE } from '../../host/layout.ts';
import { ipv4Frame, mac } from './frames.ts';

const cluster = buildCluster(defaultClusterSpec());

describe('the capture switch (NODEF_CAPTURE)', () => {
  it('setCapture keeps the node bit set while any interface of the node has a capture on', () => {
    const dp = buildDataplane(cluster, { ringSlots: 8 });
    const bit = (n: number): number => dp.mem.u32[(dp.ctxs[n] + NODE_FLAGS) >>> 2] & NODEF_CAPTURE;
    assert.equal(bit(0), 0);
    setCapture(dp, 0, IF_UPLINK, { tx: true });
    assert.equal(bit(0), NODEF_CAPTURE);
    assert.equal(bit(1), 0, 'per node');
    setCapture(dp, 0, IF_TUNL0, { rx: true });
    setCapture(dp, 0, IF_UPLINK, { tx: false });
    assert.equal(bit(0), NODEF_CAPTURE, 'tunl0 rx is still on');
    setCapture(dp, 0, IF_TUNL0, { rx: false });
    assert.equal(bit(0), 0);
  });

  for (const kind of ['wasm', 'ts'] as const) {
    it(`${kind}: the hook sees a node's frames from the step after its capture is turned on, and only its`, () => {
      const dp = buildDataplane(cluster, { ringSlots: 8 });
      const seen: string[] = [];
      const e = createEngine(kind, dp, { capture: (node, iface, dir) => seen.push(`${node}/${iface}/${dir}`) });
      const a = dp.nodes[0].pods[0];
      const b = dp.nodes[1].pods[0];
      const ping = ipv4Frame({ dstMac: mac('ee:ee:ee:ee:ee:ee'), srcMac: mac(a.mac), src: a.ip, dst: b.ip, proto: 1, ttl: 64, df: true, frameLen: 98 });
      const send = (): void => {
        assert.ok(pushFrame(dp.mem, a.rxRing, ping));
        runUntilIdle(e);
        assert.equal(popFrames(dp.mem, b.txRing).length, 1);
      };
      send();
      assert.deepEqual(seen, [], 'no capture on');
      setCapture(dp, 1, b.iface, { tx: true });
      send();
      assert.deepEqual(seen, [`1/${b.iface}/tx`], 'node-1 captures, the master runs without the hook');
      seen.length = 0;
      setCapture(dp, 0, IF_TUNL0, { tx: true });
      setCapture(dp, 0, IF_UPLINK, { tx: true });
      send();
      assert.deepEqual(seen, [`0/${IF_TUNL0}/tx`, `0/${IF_UPLINK}/tx`, `1/${b.iface}/tx`]);
      seen.length = 0;
      setCapture(dp, 0, IF_TUNL0, { tx: false });
      setCapture(dp, 0, IF_UPLINK, { tx: false });
      setCapture(dp, 1, b.iface, { tx: false });
      send();
      assert.deepEqual(seen, []);
    });
  }
});
