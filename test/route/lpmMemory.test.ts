// Memory budget: the FIB of one node of a 5000-node Calico IPIP cluster must fit well
// under 1 MiB, so that 5000 simulated nodes share one wasm32 memory. The table is really
// built (both engines, pools sized exactly by lpmCapacityFor) and checked against a scan.
//
// A /16 pool holds only 1024 /26 blocks; 5000 nodes need a /13, so the pool here is
// 172.16.0.0/13. Node IPs are scattered at random over a /16 host subnet. Scattered /32s
// are the worst case for the 4-bit plies; real DHCP/cloud assignment is denser.

import assert from 'node:assert/strict';
import { parseCidr } from '../../host/net/addr.ts';
import { lpmCapacityFor } from '../../host/engine/ts/route/lpmCapacity.ts';
import { lpmRegionSize } from '../../host/engine/ts/route/lpm.ts';
import { loadLpmWasm } from './lpmWasm.ts';
import { NaiveLpm, pliesUsed, regionBytes, twoEngines } from './lpmHarness.ts';
import { calicoTable } from './calicoTable.ts';
import { mulberry32 } from '../support/prng.ts';

describe('route/lpm memory: a 5000-node Calico table', function () {
  it('needs well under 1 MiB per node and answers like a linear scan', async function () {
    this.timeout(120_000);
    const { routes, podAddrs, nodeAddrs } = calicoTable({
      nodes: 5000, pool: parseCidr('172.16.0.0/13')!, hostSubnet: parseCidr('192.168.0.0/16')!,
      podsPerNode: 62, seed: 5000,
    });
    const cap = lpmCapacityFor(routes);
    const size = lpmRegionSize(cap.maxPlies8, cap.maxPlies4, cap.maxRules);
    console.log(`      ${routes.length} routes → ${cap.maxPlies8} ply8, ${cap.maxPlies4} ply4, `
      + `${cap.maxRules} rules: region ${size} bytes = ${(size / 1024).toFixed(1)} KiB`
      + ` (×5000 nodes = ${((size * 5000) / 2 ** 30).toFixed(2)} GiB)`);
    assert.ok(size < 1 << 20, `region ${size} bytes is not under 1 MiB`);

    const w = await loadLpmWasm(Math.ceil((65536 + 2 * size) / 65536));
    const { engines } = twoEngines(w, cap);
    for (const e of engines) {
      for (const r of routes) assert.equal(e.add(r.dst, r.len, r.value), 0, `${e.name} add ${r.dst}/${r.len}`);
    }
    assert.ok(regionBytes(w.mem, engines[0].base, size).equals(regionBytes(w.mem, engines[1].base, size)));
    assert.deepEqual(pliesUsed(w.mem, engines[0].base), { used8: cap.maxPlies8, used4: cap.maxPlies4, rules: cap.maxRules });

    const model = new NaiveLpm();
    for (const r of routes) model.add(r.dst, r.len, r.value);
    const rnd = mulberry32(1);
    const sample = (a: number[]): number => a[Math.floor(rnd() * a.length)];
    const addrs = Array.from({ length: 300 }, () => sample(podAddrs))
      .concat(Array.from({ length: 300 }, () => sample(nodeAddrs)))
      .concat(Array.from({ length: 300 }, () => Math.floor(rnd() * 2 ** 32)));
    for (const a of addrs) {
      const want = model.lookup(a);
      for (const e of engines) assert.equal(e.lookup(a), want, `${e.name} lookup ${a}`);
    }
  });
});
