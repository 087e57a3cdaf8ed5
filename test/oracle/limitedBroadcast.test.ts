// IPIP to 255.255.255.255 against the kernel, without a VM (test/fixtures/oracle/
// limited-broadcast-ipip.json, from `npm run oracle` on examples/clusters/veth-mtu-1500.yaml,
// --frames 1500 --seed 13, b6/4 and b30/24). A pod sends IPIP addressed to the limited
// broadcast (inside, IPIP to it again, then a TCP SYN to a pod on the other node, or an echo
// request to its own node's address). ip_route_input_slow sends a limited broadcast (and
// 0.0.0.0 → 0.0.0.0) to brd_input after the multicast and broadcast source checks only, so the
// node takes it in as RTCF_BROADCAST, decapsulates it twice on tunl0 and forwards the SYN
// through the tunnel, or answers the echo. The simulator counted it delivered to the host and
// stopped there (forward.ts: brdIn). Per interface, in order: every IPv4 frame by its outline
// (ARP aside: the fixture's window follows earlier inputs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCluster, loadClusterFile } from '../../host/cluster/index.ts';
import { Simulation } from '../../host/sim/simulation.ts';
import { recordTaps } from '../support/taps.ts';
import { outline } from '../support/frameOutline.ts';

interface Entry { name: string; inject: string; input: string; kernel: Record<string, string[]> }
const fixture: { cluster: string; frames: Entry[] } = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/oracle/limited-broadcast-ipip.json', import.meta.url)), 'utf8'));
const cluster = buildCluster(loadClusterFile(fileURLToPath(new URL(`../../${fixture.cluster}`, import.meta.url))));

const packets = (frames: string[], raw: boolean): string[] => frames.map((h) => outline(h, raw)).filter((o) => !o.startsWith('arp '));

for (const engine of ['wasm', 'ts'] as const) {
  describe(`oracle: IPIP to 255.255.255.255 is taken in and decapsulated (veth-mtu-1500, ${engine} engine)`, () => {
    for (const e of fixture.frames) {
      it(e.name, () => {
        const sim = new Simulation(cluster, { engine, neighbours: 'empty' });
        const labels = Object.keys(e.kernel);
        const seen = recordTaps(sim, labels);
        sim.inject({ pod: e.inject.slice(0, e.inject.lastIndexOf(':')) }, Buffer.from(e.input, 'hex'));
        sim.clock.run(() => false, 3_000_000_000);
        assert.ok(e.kernel['node-a:tunl0'].length > 0, 'the kernel decapsulated it');
        for (const l of labels) {
          const raw = l.endsWith(':tunl0');
          assert.deepEqual(packets(seen.get(l)!.map((f) => f.toString('hex')), raw), packets(e.kernel[l], raw), l);
        }
      });
    }
  });
}
