// Per-interface MTUs against the kernel, without a VM: pods at 1500 (calico-config veth_mtu,
// the CNI config's `mtu`) over a 1480 tunl0 (examples/clusters/veth-mtu-1500.yaml), the
// oracle's cross-full ping (-s 1472: a 1500-octet DF packet). Linux 6.1 answers the first
// request with ICMP frag-needed from the pod's own node, MTU 1480, quoting 548 octets (IP
// length 576: ip_forward → icmp_send); the pod's raw socket learns the path MTU (raw_err →
// ipv4_sk_update_pmtu) and the next requests leave in two fragments, DF clear. Every frame on
// every interface, in order: ARP whole, IPv4 by addresses, protocol, length, flags, fragment
// offset and ICMP type/code (IP IDs and checksums are host history). The fixture is
// test/fixtures/oracle/veth-mtu.json (test/oracle/uplink_fixture.py … all).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCluster, parseClusterYaml } from '../../host/cluster/index.ts';
import { SimSession } from '../../host/session/session.ts';
import { recordTaps } from '../support/taps.ts';
import { pingScenarios } from '../../oracle/scenarios/pings.ts';
import { outline } from '../support/outline.ts';

interface Fixture {
  scenarios: { name: string; uplinks: Record<string, [number, string][]> }[];
}
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const fixture: Fixture = JSON.parse(readFileSync(here('../fixtures/oracle/veth-mtu.json'), 'utf8'));
const cluster = buildCluster(parseClusterYaml(readFileSync(here('../../examples/clusters/veth-mtu-1500.yaml'), 'utf8')));


for (const engine of ['wasm', 'ts'] as const) {
  describe(`oracle: veth MTU 1500 over a 1480 tunl0, ${engine} engine`, function () {
    this.timeout(60_000);
    const s = pingScenarios(cluster).find((x) => x.name === 'cross-full')!;
    const want = fixture.scenarios.find((x) => x.name === 'cross-full')!;
    it(`${s.what}: frag-needed (1480) to the pod, then fragments to the learned path MTU`, () => {
      assert.equal(s.size, 1472);
      const session = new SimSession(cluster, { engine, neighbours: 'empty' });
      const labels = Object.keys(want.uplinks);
      const frames = recordTaps(session.sim, labels);
      let out = '';
      session.ping({ pod: `${s.pod.namespace}/${s.pod.name}`, host: s.dst, count: s.count, size: s.size }, { out: (t) => void (out += t), err: (t) => void (out += t) });
      assert.match(out, /3 packets transmitted, 2 packets received, 33% packet loss/);
      const toPod = want.uplinks['default/web-0:eth0'].map(([, h]) => outline(h, false));
      assert.ok(toPod.some((l) => / len 576 ff 0 ttl \d+ icmp 3\/4$/.test(l)), 'the kernel sent frag-needed, IP length 576');
      for (const l of labels) assert.deepEqual(frames.get(l)!.map((f) => outline(f.toString('hex'), l.endsWith(':tunl0'))), want.uplinks[l].map(([, h]) => outline(h, l.endsWith(':tunl0'))), l);
    });
  });
}
