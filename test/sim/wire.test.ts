// The simulation's wire between hosts (host/sim/simulation.ts): a frame on a segment reaches
// the interfaces of that segment only, the one owning its destination MAC, or every one for a
// group address. A switch floods multicast destinations as it floods broadcast ones: the kernel
// oracle's bridge showed the router's ARP reply to a requester whose sender MAC was a multicast
// address (ff:0c:e6:d4:01:0c, a fuzzed ARP request on the router's eth0) on node-a's and
// node-b's uplinks alike (replay b7/34 on crosssubnet-3node).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { buildCluster, loadClusterFile } from '../../host/cluster/index.ts';
import { Simulation } from '../../host/sim/simulation.ts';
import { resolveTap } from '../../host/session/taps.ts';

const cluster = buildCluster(loadClusterFile(fileURLToPath(new URL('../../examples/clusters/crosssubnet-3node.yaml', import.meta.url))));
// who-has 10.0.1.1 tell 10.0.1.12, from node-b's MAC with a multicast sender hardware address
const REQUEST = Buffer.from('ffffffffffff000c290a010c08060001080006040001ff0ce6d4010c0a00010c0000000000000a000101', 'hex');

for (const engine of ['wasm', 'ts'] as const) {
  describe(`the wire between hosts (${engine})`, () => {
    it('floods a frame to a multicast MAC to every interface of its segment, and no further', () => {
      const sim = new Simulation(cluster, { engine, neighbours: 'empty' });
      const labels = ['node-a:ens160', 'node-b:ens160', 'node-c:ens160', 'router:eth1'];
      const seen = new Map(labels.map((l) => [resolveTap(sim, l).point, [] as string[]]));
      sim.listen((point, _t, frame) => seen.get(point)?.push(Buffer.from(frame).toString('hex')));
      sim.inject({ node: 3 }, REQUEST);
      sim.clock.run(() => false, 50_000_000);
      const at = (l: string): string[] => seen.get(resolveTap(sim, l).point)!;
      const reply = at('node-a:ens160').find((h) => h.startsWith('ff0ce6d4010c02000a000101') && h.slice(40, 44) === '0002');
      assert.ok(reply, `node-a sees the router's reply: ${at('node-a:ens160').join(' ')}`);
      assert.ok(at('node-b:ens160').includes(reply!), 'node-b too');
      assert.deepEqual([at('node-c:ens160'), at('router:eth1')], [[], []], 'the other segment sees nothing');
    });
  });
}
