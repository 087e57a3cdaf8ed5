// IPIP to 224.0.0.1 against the kernel, without a VM (test/fixtures/oracle/all-hosts-ipip.json,
// from `npm run oracle` on examples/clusters/mtu1400-crosssubnet.yaml, --frames 1000 --seed 7,
// b4/32). A pod sends IPIP addressed to the all-hosts group (inside, IPIP to it again, then an
// echo request to another node's uplink address). Every device that is up has joined 224.0.0.1
// (ip_mc_up), so its node takes the packet in (ip_route_input_rcu → ip_check_mc_rcu →
// ip_route_input_mc, RTCF_MULTICAST), decapsulates it twice on tunl0 and forwards the echo
// request across the router; the peer's reply comes back through the tunnel to the pod. The
// simulator dropped it as a martian destination (forward.ts: IPV4_ALLHOSTS). Per interface, in
// order: every IPv4 frame by its outline (ARP aside: the fixture's window follows earlier inputs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCluster, loadClusterFile } from '../../host/cluster/index.ts';
import { Simulation } from '../../host/sim/simulation.ts';
import { recordTaps } from '../support/taps.ts';
import { outline } from '../support/frameOutline.ts';

interface Entry { name: string; inject: string; input: string; kernel: Record<string, string[]> }
const fixture: { cluster: string; frames: Entry[] } = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/oracle/all-hosts-ipip.json', import.meta.url)), 'utf8'));
const cluster = buildCluster(loadClusterFile(fileURLToPath(new URL(`../../${fixture.cluster}`, import.meta.url))));

const packets = (frames: string[], raw: boolean): string[] => frames.map((h) => outline(h, raw)).filter((o) => !o.startsWith('arp '));

for (const engine of ['wasm', 'ts'] as const) {
  describe(`oracle: IPIP to 224.0.0.1 is taken in and decapsulated (mtu1400-crosssubnet, ${engine} engine)`, () => {
    for (const e of fixture.frames) {
      it(e.name, () => {
        const sim = new Simulation(cluster, { engine, neighbours: 'empty' });
        const labels = Object.keys(e.kernel);
        const seen = recordTaps(sim, labels);
        sim.inject({ pod: e.inject.slice(0, e.inject.lastIndexOf(':')) }, Buffer.from(e.input, 'hex'));
        sim.clock.run(() => false, 3_000_000_000);
        assert.ok(e.kernel['nc:tunl0'].length > 0, 'the kernel answered through the tunnel');
        for (const l of labels) {
          const raw = l.endsWith(':tunl0');
          assert.deepEqual(packets(seen.get(l)!.map((f) => f.toString('hex')), raw), packets(e.kernel[l], raw), l);
        }
      });
    }
  });
}
