// The uplink neighbour table against the kernel, without a VM (M1): the oracle's ping scenarios
// on the seed cluster, each started from empty neighbour tables as the VM starts each one
// (test/fixtures/oracle/uplink-arp.json, made by test/oracle/uplink_fixture.py from a run).
// Linux resolves the peer node before the first IPIP frame: a broadcast request from the
// node, a unicast reply, then the frames that waited (neigh_resolve_output → arp_solicit,
// arp_process → neigh_update); the peer learned the requester from the request
// (neigh_event_ns), so its answers need no request of their own. Per uplink, in order: every
// ARP frame byte for byte, every IPv4 frame by its addresses, protocol and length (IP IDs,
// echo identifiers and checksums are host history).
// Across subnets (examples/clusters/crosssubnet-3node.yaml, crosssubnet-uplink-arp.json) the
// router resolves on each of its interfaces with a table of its own: node-a asks for the
// router's eth0 (its gateway, no longer a permanent entry), the router asks on eth1 for node-c,
// node-c learned the router from that request and answers through it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCluster, defaultClusterSpec, loadClusterFile } from '../../host/cluster/index.ts';
import { SimSession } from '../../host/session/session.ts';
import { recordTaps } from '../support/taps.ts';
import { pingScenarios } from '../../oracle/scenarios/pings.ts';
import { outline } from '../support/frameOutline.ts';

interface Fixture {
  kernel: string;
  scenarios: { name: string; uplinks: Record<string, [number, string][]> }[];
}
const read = (file: string): Fixture => JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/oracle/${file}`, import.meta.url)), 'utf8'));
const example = (file: string) => buildCluster(loadClusterFile(fileURLToPath(new URL(`../../examples/clusters/${file}`, import.meta.url))));
const CASES = [
  { name: 'the seed', fixture: read('uplink-arp.json'), cluster: buildCluster(defaultClusterSpec()) },
  { name: 'crosssubnet-3node', fixture: read('crosssubnet-uplink-arp.json'), cluster: example('crosssubnet-3node.yaml') },
  // every interface, in the full-size ping across a router whose far side has MTU 1400: the
  // router's frag-needed (1400), node-a's path MTU for its tunnel, its frag-needed (1380) to
  // the pod, the pod's fragments (tunnel/pmtu.ts)
  { name: 'router-mtu-1400', fixture: read('router-mtu.json'), cluster: buildCluster(loadClusterFile(fileURLToPath(new URL('../fixtures/oracle/router-mtu-1400.yaml', import.meta.url)))) },
];

for (const { name, fixture, cluster } of CASES) {
  for (const engine of ['wasm', 'ts'] as const) {
    describe(`oracle: the uplink neighbour tables in the ping scenarios on ${name}, ${engine} engine (M1)`, function () {
      this.timeout(60_000);
      for (const s of pingScenarios(cluster)) {
        const want = fixture.scenarios.find((x) => x.name === s.name);
        if (!want) continue;
        it(`${s.name}: ${s.what}`, () => {
          const session = new SimSession(cluster, { engine, neighbours: 'empty' });
          const labels = Object.keys(want.uplinks);
          const frames = recordTaps(session.sim, labels);
          session.ping({ pod: `${s.pod.namespace}/${s.pod.name}`, host: s.dst, count: s.count, size: s.size, ttl: s.ttl, timeoutS: s.timeoutS }, { out: () => {}, err: () => {} });
          for (const l of labels) assert.deepEqual(frames.get(l)!.map((f) => outline(f.toString('hex'), l.endsWith(':tunl0'))), want.uplinks[l].map(([, h]) => outline(h, l.endsWith(':tunl0'))), `${s.name}: ${l}`);
        });
      }
    });
  }
}
