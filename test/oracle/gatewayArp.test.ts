// The gateway's unsolicited ARP reply against the kernel, without a VM
// (test/fixtures/oracle/gateway-unsolicited-arp.json, from `npm run oracle` on
// examples/clusters/jumbo-3subnet.yaml: batch b9, inputs 0-8, played into a2's uplink after the
// batch flush). The first input is an ARP reply from the router's eth0 (the gateway) that
// nobody asked for: arp_process looks the sender up without creating it (arp_accept = 0), finds
// no entry and learns nothing. So when a2 later owes c1 a time exceeded through the gateway, it
// resolves it first: a broadcast request, the router's reply, then the ICMP
// (neigh_resolve_output → arp_solicit). The simulator's builder reserves an entry for every
// next hop in state NONE; such an entry is not one the kernel has (arp/proxyArp.ts).
// Per interface, in order: every ARP frame byte for byte, every IPv4 frame by its outline.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCluster, loadClusterFile } from '../../host/cluster/index.ts';
import { Simulation } from '../../host/sim/simulation.ts';
import { NS_PER_MS } from '../../host/sim/clock.ts';
import { recordTaps } from '../support/taps.ts';
import { outline } from '../support/frameOutline.ts';

interface Fixture {
  cluster: string;
  inject: string;
  leadMs: number;
  spacingMs: number;
  inputs: { name: string; input: string }[];
  frames: Record<string, string[]>;
}
const fixture: Fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/oracle/gateway-unsolicited-arp.json', import.meta.url)), 'utf8'));
const cluster = buildCluster(loadClusterFile(fileURLToPath(new URL(`../../${fixture.cluster}`, import.meta.url))));

for (const engine of ['wasm', 'ts'] as const) {
  describe(`oracle: an unsolicited ARP reply from the gateway teaches nothing (jumbo-3subnet, ${engine} engine)`, () => {
    it('a2 resolves its gateway by ARP before the time exceeded it owes c1, as Linux does', () => {
      const sim = new Simulation(cluster, { engine, neighbours: 'empty' });
      const labels = Object.keys(fixture.frames);
      const seen = recordTaps(sim, labels);
      const at = fixture.inject.slice(0, fixture.inject.lastIndexOf(':'));
      const node = cluster.nodes.findIndex((n) => n.spec.name === at);
      assert.ok(node >= 0, `node ${at}`);
      fixture.inputs.forEach((x, i) => {
        const ms = i === 0 ? 0 : fixture.leadMs + (i - 1) * fixture.spacingMs; // oracle/scenarios/replay.ts sendAtMs
        sim.clock.at(ms * NS_PER_MS, () => sim.inject({ node }, Buffer.from(x.input, 'hex')));
      });
      sim.clock.run(() => false, 3000 * NS_PER_MS);
      assert.ok(fixture.frames['a2:ens160'].some((h) => h.startsWith('ffffffffffff') && h.slice(24, 28) === '0806'), 'the kernel broadcast a request');
      for (const l of labels) {
        assert.deepEqual(seen.get(l)!.map((f) => outline(f.toString('hex'))), fixture.frames[l].map((h) => outline(h)), l);
      }
    });
  });
}
