// A node's reassembly against the kernel, without a VM: the oracle's remote-node-frag and
// remote-tunl0-frag pings (oracle/scenarios/pings.ts: busybox ping -s 2000 from a pod on
// k8s-master-1 to k8s-node-1's uplink and tunl0 addresses). The pod fragments (1480 + 548 at
// its MTU); the fragments reach the node plain or each in its own IPIP packet; Linux 6.1
// reassembles them at local delivery (ip_local_deliver → ip_defrag), answers the whole
// request (icmp_echo) and its 2028-octet reply leaves through the tunnel in two fragments,
// DF clear (ip_fragment at tunl0's 1480). Every frame on every interface, in order: ARP
// whole; IPv4 by addresses, protocol, length, flags and fragment offset, TTL, and the ICMP
// type/code of first fragments (IP IDs and checksums are host history). The fixture is
// test/fixtures/oracle/node-reasm.json (test/oracle/uplink_fixture.py … all). A router does
// the same: router-frag on examples/clusters/never-tor-3node.yaml (a ToR that knows the pods'
// blocks, so it can answer), test/fixtures/oracle/router-reasm.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCluster, defaultClusterSpec, parseClusterYaml } from '../../host/cluster/index.ts';
import { SimSession } from '../../host/session/session.ts';
import { readNodeCounters } from '../../host/dataplane/counters.ts';
import { recordTaps } from '../support/taps.ts';
import { pingScenarios } from '../../oracle/scenarios/pings.ts';
import { outline } from '../support/outline.ts';

interface Fixture {
  scenarios: { name: string; uplinks: Record<string, [number, string][]> }[];
}
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const fixture: Fixture = JSON.parse(readFileSync(here('../fixtures/oracle/node-reasm.json'), 'utf8'));
const cluster = buildCluster(defaultClusterSpec());
const routerFixture: Fixture = JSON.parse(readFileSync(here('../fixtures/oracle/router-reasm.json'), 'utf8'));
const torCluster = buildCluster(parseClusterYaml(readFileSync(here('../../examples/clusters/never-tor-3node.yaml'), 'utf8')));


for (const engine of ['wasm', 'ts'] as const) {
  describe(`oracle: a node reassembles a pod's big echo request, ${engine} engine`, function () {
    this.timeout(60_000);
    for (const name of ['remote-node-frag', 'remote-tunl0-frag']) {
      const s = pingScenarios(cluster).find((x) => x.name === name)!;
      const want = fixture.scenarios.find((x) => x.name === name)!;
      it(`${name}: ${s.what}`, () => {
        const session = new SimSession(cluster, { engine, neighbours: 'empty' });
        const labels = Object.keys(want.uplinks);
        const frames = recordTaps(session.sim, labels);
        let out = '';
        session.ping({ pod: `${s.pod.namespace}/${s.pod.name}`, host: s.dst, count: s.count, size: s.size }, { out: (t) => void (out += t), err: (t) => void (out += t) });
        assert.match(out, /2 packets transmitted, 2 packets received, 0% packet loss/);
        const node1 = cluster.nodes.findIndex((n) => n.spec.name === 'k8s-node-1');
        const c = readNodeCounters(session.sim.dataplane, node1);
        assert.deepEqual([c.reasmQueued, c.reasmOks, c.fragmented], [4, 2, 2], 'two requests of two pieces each, two replies cut in two');
        const replies = want.uplinks['k8s-node-1:tunl0'].map(([, h]) => outline(h, true)).filter((l) => l.includes('>172.16.196.1 '));
        assert.deepEqual(replies.map((l) => l.replace(/^.* len /, 'len ')), ['len 1476 ff 2000 ttl 64 icmp 0/0', 'len 572 ff b6 ttl 64', 'len 1476 ff 2000 ttl 64 icmp 0/0', 'len 572 ff b6 ttl 64'], 'the kernel\'s replies: 1476 + 572, DF clear');
        for (const l of labels) assert.deepEqual(frames.get(l)!.map((f) => outline(f.toString('hex'), l.endsWith(':tunl0'))), want.uplinks[l].map(([, h]) => outline(h, l.endsWith(':tunl0'))), l);
      });
    }
  });
}

for (const engine of ['wasm', 'ts'] as const) {
  describe(`oracle: a router reassembles a pod's big echo request, ${engine} engine`, function () {
    this.timeout(60_000);
    const s = pingScenarios(torCluster).find((x) => x.name === 'router-frag')!;
    const want = routerFixture.scenarios.find((x) => x.name === 'router-frag')!;
    it(`router-frag: ${s.what}`, () => {
      const session = new SimSession(torCluster, { engine, neighbours: 'empty' });
      const labels = Object.keys(want.uplinks);
      const frames = recordTaps(session.sim, labels);
      let out = '';
      session.ping({ pod: `${s.pod.namespace}/${s.pod.name}`, host: s.dst, count: s.count, size: s.size, timeoutS: s.timeoutS }, { out: (t) => void (out += t), err: (t) => void (out += t) });
      assert.match(out, /2 packets transmitted, 2 packets received, 0% packet loss/);
      const tor = session.sim.dataplane.nodes.findIndex((n) => n.name === 'tor');
      assert.equal(readNodeCounters(session.sim.dataplane, tor).reasmOks, 2);
      for (const l of labels) assert.deepEqual(frames.get(l)!.map((f) => outline(f.toString('hex'), l.endsWith(':tunl0'))), want.uplinks[l].map(([, h]) => outline(h, l.endsWith(':tunl0'))), l);
    });
  });
}
