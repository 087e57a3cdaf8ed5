// A node with more than 255 interfaces: the next hop's oif is a u16 (assembly/layout/nexthop.ts), so a
// pod behind cali interface 301 is reached locally and across the tunnel, in both engines.
import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { buildDataplane, type Dataplane } from '../../host/dataplane/build.ts';
import { runUntilIdle, type Engine } from '../../host/engine/engine.ts';
import { pushFrame, popFrames } from '../../host/dataplane/rings.ts';
import { readNodeCounters, nodeImbalance } from '../../host/dataplane/counters.ts';
import { ipv4Frame, mac } from './frames.ts';
import type { ClusterSpec } from '../../host/cluster/types.ts';
import { createEngine } from '../../host/dataplane/engines.ts';

const EXTRA = 300;
const VETH = mac('ee:ee:ee:ee:ee:ee');

/** The seed cluster with /23 blocks and 300 more pods on the master. */
function wideSpec(): ClusterSpec {
  const spec = defaultClusterSpec();
  spec.pools[0].blockSize = 23;
  spec.nodes = spec.nodes.map((n) => ({ ...n, block: undefined }));
  for (let p = 0; p < EXTRA; p++) {
    spec.pods.push({ namespace: 'wide', name: `wide-${p}`, node: 'k8s-master-1', mac: `02:57:00:00:${(p >>> 8).toString(16).padStart(2, '0')}:${(p & 255).toString(16).padStart(2, '0')}`, netns: `cni-wide-${p}` });
  }
  return spec;
}

for (const kind of ['wasm', 'ts'] as const) {
  describe(`a node with more than 255 interfaces (${kind} engine)`, () => {
    const cluster = buildCluster(wideSpec());
    let dp: Dataplane;
    let e: Engine;
    beforeEach(() => {
      dp = buildDataplane(cluster);
      e = createEngine(kind, dp);
    });
    afterEach(() => dp.nodes.forEach((n) => assert.equal(nodeImbalance(dp, n.index), 0)));
    const last = () => dp.nodes[0].pods[dp.nodes[0].pods.length - 1];

    it('the last pod sits behind an interface index above 255', () => {
      assert.ok(dp.nodes[0].pods.length === EXTRA + 2);
      assert.ok(last().iface > 255, `interface ${last().iface}`);
    });

    for (const from of ['the same node', 'the other node'] as const) {
      it(`a packet from ${from} leaves through that interface with the pod's MAC`, () => {
        const src = from === 'the same node' ? dp.nodes[0].pods[0] : dp.nodes[1].pods[0];
        const frame = ipv4Frame({ dstMac: VETH, srcMac: mac(src.mac), src: src.ip, dst: last().ip, proto: 1, ttl: 64, df: true, frameLen: 98 });
        assert.ok(pushFrame(dp.mem, src.rxRing, frame));
        runUntilIdle(e);
        const got = popFrames(dp.mem, last().txRing).map((f) => f.frame);
        assert.equal(got.length, 1);
        assert.deepEqual(Array.from(got[0].subarray(0, 6)), Array.from(mac(last().mac)));
        assert.deepEqual(readNodeCounters(dp, 0).drops, {});
      });
    }
  });
}
