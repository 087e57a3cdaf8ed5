// The traffic mixes' plans (bench/traffic/mixes.ts, flows.ts): who sends to whom, and the
// template frames that carry it. Plans only: the runs are in bench.test.ts.
import { strict as assert } from 'node:assert';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { syntheticClusterSpec } from '../../bench/cluster/synthetic.ts';
import { HOT_EVERY, HOT_PEERS, PLANNERS, RANDOM_PEERS, SERVICE_BACKENDS, SERVICE_FLOWS, withBenchService } from '../../bench/traffic/mixes.ts';
import { ipv4Parse, IPPROTO_UDP } from '../../host/net/ipv4.ts';
import { planFlows } from '../../bench/traffic/flows.ts';
import { summarize } from '../../bench/stats.ts';
import { conntrackBucketsFor } from '../../bench/setup.ts';
import { DEFAULT_CT_BUCKETS } from '../../host/dataplane/ipvsTables.ts';

const synthetic = (nodes: number, podsPerNode: number) => buildCluster(syntheticClusterSpec({ nodes, podsPerNode }));

describe('bench traffic mixes', () => {
  it('random: RANDOM_PEERS destinations per pod, drawn from the whole cluster, never itself; the same plan every time', () => {
    const c = synthetic(40, 2);
    const plan = PLANNERS.random(c);
    assert.equal(plan.size, c.pods.length);
    const nodesHit = new Set<number>();
    for (const [pod, peers] of plan) {
      assert.equal(peers.length, RANDOM_PEERS);
      for (const p of peers) {
        assert.notEqual(p.pod, pod);
        assert.equal(p.reply, false);
        nodesHit.add(p.pod.nodeIndex);
      }
    }
    assert.ok(nodesHit.size > 35, `destinations spread over ${nodesHit.size} of 40 nodes`);
    const again = PLANNERS.random(c);
    assert.deepEqual([...again.values()].map((ps) => ps.map((p) => p.pod.ip)), [...plan.values()].map((ps) => ps.map((p) => p.pod.ip)));
  });

  it('hotspot: every pod sends to HOT_PEERS pods of the hot nodes (every HOT_EVERY-th), in both halves of the cluster', () => {
    const c = synthetic(64, 2);
    const plan = PLANNERS.hotspot(c);
    assert.equal(plan.size, c.pods.length);
    const hot = new Set<number>();
    for (const [pod, peers] of plan) {
      assert.equal(peers.length, HOT_PEERS);
      for (const p of peers) {
        assert.equal(p.pod.nodeIndex % HOT_EVERY, 0);
        assert.notEqual(p.pod, pod);
        hot.add(p.pod.nodeIndex);
      }
    }
    assert.deepEqual([...hot].sort((a, b) => a - b), [0, 16, 32, 48]);
  });

  it('reply: each cross request has its echo reply from the destination pod back to the sender', () => {
    const c = buildCluster(defaultClusterSpec());
    const cross = PLANNERS.cross(c);
    const reply = PLANNERS.reply(c);
    for (const [src, peers] of cross) {
      for (const p of peers) assert.ok(reply.get(p.pod)!.some((q) => q.reply && q.pod === src), `${p.pod.name} answers ${src.name}`);
    }
    const flows = planFlows(c, 'reply', 98);
    // seed: 3 requests, 3 replies; a reply template is ICMP type 0 with DF clear
    assert.equal(flows.crossFlows, 6);
    const types = Array.from(flows.tplOff, (off) => flows.tplBytes[off + 34]);
    assert.deepEqual(types.filter((t) => t === 0).length, 3);
    const replyAt = flows.tplOff[types.indexOf(0)];
    assert.equal(flows.tplBytes[replyAt + 20] & 0x40, 0, 'echo reply without DF');
  });
});

describe('bench statistics', () => {
  it('median, spread, sample stddev, the 95% CI of the mean (Student t) and the CV', () => {
    const s = summarize([10, 12, 11, 13, 9]);
    assert.equal(s.median, 11);
    assert.equal(s.min, 9);
    assert.equal(s.max, 13);
    assert.equal(s.mean, 11);
    assert.ok(Math.abs(s.stddev - Math.sqrt(2.5)) < 1e-12);
    const h = (2.776 * Math.sqrt(2.5)) / Math.sqrt(5);
    assert.ok(Math.abs(s.ci95[0] - (11 - h)) < 1e-9 && Math.abs(s.ci95[1] - (11 + h)) < 1e-9);
    assert.ok(Math.abs(s.cv - Math.sqrt(2.5) / 11) < 1e-12);
    assert.deepEqual(summarize([4]).ci95, [4, 4]);
  });
  it('service: every pod sends SERVICE_FLOWS UDP flows to the bench ClusterIP, whose endpoints spread over the cluster', () => {
    const spec = syntheticClusterSpec({ nodes: 24, podsPerNode: 2 });
    const c = buildCluster(withBenchService(spec, buildCluster(spec)));
    const svc = c.services.find((s) => s.name === 'bench-udp')!;
    assert.equal(svc.endpoints.length, SERVICE_BACKENDS);
    assert.ok(new Set(svc.endpoints.map((e) => e.nodeIndex)).size >= 12, 'endpoints on many nodes');
    const flows = planFlows(c, 'service', 98);
    assert.equal(flows.podNode.length, c.pods.length);
    for (let t = 0; t < flows.tplLen.length; t++) {
      const ip = ipv4Parse(flows.tplBytes.subarray(flows.tplOff[t] + 14, flows.tplOff[t] + flows.tplLen[t]));
      assert.ok(typeof ip !== 'string' && ip.proto === IPPROTO_UDP && ip.dst === svc.clusterIP, `template ${t}`);
      assert.equal(flows.tplLen[t], 98);
    }
    assert.equal(flows.tplLen.length, c.pods.length * SERVICE_FLOWS);
  });

  it('service: the conntrack tables hold at most one record per 16 buckets of the busiest node, within their budget', () => {
    const seed = buildCluster(defaultClusterSpec());
    assert.equal(conntrackBucketsFor(seed, 'cross'), DEFAULT_CT_BUCKETS);
    assert.equal(conntrackBucketsFor(seed, 'service'), DEFAULT_CT_BUCKETS); // 2 pods: 16 records
    for (const [nodes, podsPerNode] of [[4, 63], [64, 63], [3, 20]]) {
      const buckets = conntrackBucketsFor(synthetic(nodes, podsPerNode), 'service');
      const records = 2 * SERVICE_FLOWS * podsPerNode; // each connection, both directions, on the sender's node
      assert.ok(buckets >= 16 * records && (buckets & (buckets - 1)) === 0, `${nodes} × ${podsPerNode}: ${buckets} buckets for ${records} records`);
    }
    // 5000 nodes of 63 pods would need 8192 buckets each (5 GiB): the budget keeps the default
    assert.equal(conntrackBucketsFor(synthetic(5000, 63), 'service'), DEFAULT_CT_BUCKETS);
  });
});
