// The embedding API (host/api) from its sources: nodes from plain objects forward the seed's
// frames exactly as the cluster build does, on both engines; bad input is a named error or
// a counted drop.
import { strict as assert } from 'node:assert';
import { loadCore, type Core, type NodeHandle } from '../../host/api/core.ts';
import { dataplaneFor, buildCluster, defaultClusterSpec } from '../../host/api/cluster.ts';
import { ConfigError } from '../../host/errors.ts';
import { MASTER, WORKER, POD_MAC, VETH_MAC, arpRequest, echoRequest, hex } from './seedNodes.ts';
import { echoFrame } from '../../host/net/frames.ts';
import { ICMP_ECHO } from '../../host/net/icmp.ts';
import { IPV4_DF } from '../../host/net/ipv4.ts';

const CALI_M = 'cali12242800409';
const CALI_W = 'cali1b0be572c83';

function configError(fn: () => unknown, field: string): void {
  assert.throws(fn, (e: unknown) => e instanceof ConfigError && e.field === field, `expected a ConfigError naming ${field}`);
}

for (const engine of ['wasm', 'ts'] as const) {
  describe(`embed API: standalone nodes (${engine} engine)`, () => {
    let core: Core;
    let master: NodeHandle;
    let worker: NodeHandle;
    beforeEach(async () => {
      core = await loadCore({ engine });
      master = core.createNode(MASTER);
      worker = core.createNode(WORKER);
    });

    it('answers the pod\'s ARP for 169.254.1.1 with ee:ee:ee:ee:ee:ee (proxy ARP)', () => {
      assert.equal(core.push(master, CALI_M, arpRequest()), true);
      assert.equal(core.stepAll(), 1);
      const out = core.pull(master, CALI_M);
      assert.equal(out.length, 1);
      assert.equal(hex(out[0].subarray(0, 6)), '869c039edb9f');
      assert.equal(hex(out[0].subarray(22, 28)), 'eeeeeeeeeeee'); // sender MAC of the reply
      const c = core.counters(master);
      assert.equal(c.createdArp, 1);
      assert.equal(c.deliveredPod, 1);
      assert.equal(c.ifaces[CALI_M].rxPackets, 1);
    });

    it('push with { confirm } (dst_pending_confirm) on a host veth forwards the same bytes; on the uplink it is refused', () => {
      assert.equal(core.push(master, CALI_M, echoRequest(), { confirm: true }), true);
      core.stepAll();
      const wire = core.pull(master, 'ens160');
      assert.equal(wire.length, 1);
      assert.equal(wire[0][14 + 20 + 8], 63);
      configError(() => core.push(master, 'ens160', wire[0], { confirm: true }), 'confirm');
    });

    it('jumbo: uplinks at MTU 9000 carry an 8980-byte pod packet whole, encapsulated to 9014 bytes on the wire', async () => {
      const jumbo = await loadCore({ engine });
      const m = jumbo.createNode({ ...MASTER, uplink: { ...MASTER.uplink, mtu: 9000 } });
      const w = jumbo.createNode({ ...WORKER, uplink: { ...WORKER.uplink, mtu: 9000 } });
      const big = echoFrame({ dstMac: VETH_MAC, srcMac: POD_MAC, ip: { id: 1, flagsFrag: IPV4_DF, ttl: 64, src: 0xac10c401, dst: 0xac106d41 }, type: ICMP_ECHO, id: 29, seq: 0 }, 14 + 8980);
      assert.equal(jumbo.push(m, CALI_M, new Uint8Array(9025)), false, 'longer than a 9088-byte slot carries: refused, nothing written');
      assert.equal(jumbo.push(m, CALI_M, big), true);
      jumbo.stepAll();
      const wire = jumbo.pull(m, 'ens160');
      assert.deepEqual(wire.map((f) => f.length), [14 + 20 + 8980]);
      assert.equal(jumbo.push(w, 'ens160', wire[0]), true);
      jumbo.stepAll();
      const got = jumbo.pull(w, CALI_W);
      assert.deepEqual(got.map((f) => f.length), [14 + 8980]);
      assert.deepEqual(hex(got[0].subarray(14 + 20)), hex(big.subarray(14 + 20)), 'the ICMP message arrives intact');
    });

    it('forwards the echo request over the tunnel: same wire bytes as the seed cluster in one memory', async () => {
      core.push(master, CALI_M, echoRequest());
      core.stepAll();
      const wire = core.pull(master, 'ens160');
      assert.equal(wire.length, 1);
      const f = wire[0];
      assert.equal(hex(f.subarray(0, 12)), '000c2990fae2000c29b102f0');
      assert.equal(f[23], 4); // outer proto IPIP
      assert.equal(f[14 + 20 + 8], 63); // inner TTL
      assert.equal(core.counters(master).txWire, 1);
      assert.deepEqual(core.pull(master, 'ens160'), [], 'pull drains');

      const dp = await dataplaneFor(buildCluster(defaultClusterSpec()), { engine });
      const seen: string[] = [];
      dp.onCapture(dp.node('k8s-master-1'), 'ens160', (g) => seen.push(hex(g)), 'tx');
      dp.push(dp.node('k8s-master-1'), CALI_M, echoRequest());
      dp.stepAll();
      assert.deepEqual(seen, [hex(f)]);
    });

    it('decapsulates on the other node and hands the pod TTL 62', () => {
      core.push(master, CALI_M, echoRequest());
      core.stepAll();
      const [f] = core.pull(master, 'ens160');
      const tunl0: number[] = [];
      core.onCapture(worker, 'tunl0', (g, dir) => tunl0.push(dir === 'rx' ? g[8] : -1));
      assert.equal(core.push(worker, 'ens160', f), true);
      core.stepAll();
      const [inner] = core.pull(worker, CALI_W);
      assert.equal(hex(inner.subarray(0, 12)), 'ea12d71c4402eeeeeeeeeeee');
      assert.equal(inner[22], 62);
      assert.deepEqual(tunl0, [63]);
      const c = core.counters(worker);
      assert.equal(c.decap, 1);
      assert.equal(c.deliveredPod, 1);
      assert.equal(c.dropped, 0);
    });

    it('counts drops by name: blackhole, TTL exceeded, neighbour miss', () => {
      core.push(master, CALI_M, echoRequest('172.16.196.9')); // in our own block, no pod: blackhole
      core.push(master, CALI_M, echoRequest('172.16.109.65', 1));
      core.push(master, CALI_M, echoRequest('192.168.0.77')); // on the subnet, no neighbour entry
      core.stepAll();
      const c = core.counters(master);
      assert.equal(c.drops.blackhole, 1);
      assert.equal(c.drops.ttlExceeded, 1);
      assert.equal(c.drops.neighMiss, 1);
      assert.equal(c.createdIcmp, 1); // time exceeded back to the pod
      assert.equal(c.rx + c.createdIcmp + c.createdArp + c.createdFrag + c.createdTcp, c.deliveredPod + c.deliveredHost + c.dropped + c.txWire);
    });

    it('onCapture: copies, unsubscribes, and a throwing callback surfaces after the step', () => {
      const got: Uint8Array[] = [];
      const off = core.onCapture(master, CALI_M, (g) => got.push(g), 'rx');
      core.push(master, CALI_M, arpRequest());
      core.stepAll();
      off();
      core.push(master, CALI_M, arpRequest());
      core.stepAll();
      assert.equal(got.length, 1);
      assert.equal(hex(got[0]), hex(arpRequest()));
      core.onCapture(master, CALI_M, () => { throw new Error('boom'); }, 'tx');
      core.push(master, CALI_M, arpRequest());
      assert.throws(() => core.step(master), /boom/);
      assert.equal(core.pull(master, CALI_M).length, 3, 'the step finished and published its frames');
    });

    it('an uplink nobody pulls fills its ring, then counts ring_full drops on the uplink', () => {
      const small = core.createNode({ ...MASTER, name: 'small' }, { ringSlots: 4 });
      for (const n of [4, 2]) { // the pod's ring has 4 slots too
        for (let i = 0; i < n; i++) assert.equal(core.push(small, CALI_M, echoRequest()), true);
        core.stepAll();
      }
      const c = core.counters(small);
      assert.equal(c.txWire, 4);
      assert.equal(c.drops.ringFull, 2);
      assert.equal(c.ifaces.ens160.txDrops, 2);
      assert.equal(core.pull(small, 'ens160').length, 4);
    });

    it('rejects bad calls with errors naming the argument', async () => {
      configError(() => core.push(master, 'tunl0', arpRequest()), 'iface');
      configError(() => core.push(master, 'eth9', arpRequest()), 'iface');
      configError(() => core.pull(master, 'tunl0'), 'iface');
      configError(() => core.push(master, CALI_M, [1, 2, 3] as unknown as Uint8Array), 'frame');
      assert.equal(core.push(master, CALI_M, new Uint8Array(1985)), false);
      const other = await loadCore({ engine });
      configError(() => other.step(master), 'node');
      configError(() => core.createNode(MASTER), 'name');
      assert.equal(core.node('k8s-node-1'), worker);
      configError(() => core.node('nope'), 'node');
    });
  });
}

describe('embed API: node descriptions', () => {
  let core: Core;
  before(async () => { core = await loadCore(); });
  const variant = (patch: Record<string, unknown>) => ({ ...MASTER, ...patch }) as typeof MASTER;

  it('names the field of each mistake', () => {
    configError(() => core.createNode(variant({ uplink: { ...MASTER.uplink, mac: 'zz' } })), 'uplink.mac');
    configError(() => core.createNode(variant({ uplink: { ...MASTER.uplink, prefixLen: 40 } })), 'uplink.prefixLen');
    configError(() => core.createNode(variant({ routes: [{ dst: '10.0.0.0/8', via: '192.168.0.12', dev: 'tunl0' }] })), 'routes[0]');
    configError(() => core.createNode(variant({ routes: [{ dst: '10.0.0.0/8', dev: 'eth7' }] })), 'routes[0].dev');
    configError(() => core.createNode(variant({ routes: [{ dst: '10.0.0.0/33', dev: 'ens160' }] })), 'routes[0].dst');
    configError(() => core.createNode(variant({ tunl0: undefined })), 'routes[0].dev');
    configError(() => core.createNode(variant({ neighbours: [{ ip: '10.1.1.1', mac: '00:0c:29:90:fa:e2' }] })), 'neighbours[0].ip');
    configError(() => core.createNode(variant({ pods: [{ ip: '172.16.196.1', mac: '86:9c:03:9e:db:9f', hostVeth: 'ens160' }] })), 'pods[0].hostVeth');
    configError(() => core.createNode(null as unknown as typeof MASTER), 'node');
  });

  it('rejects an unknown engine', async () => {
    await assert.rejects(loadCore({ engine: 'vpp' as 'wasm' }), (e: unknown) => e instanceof ConfigError && e.field === 'engine');
  });
});

describe('embed API: a cluster in one memory (calico-ipip-sim/cluster)', () => {
  for (const engine of ['wasm', 'ts'] as const) {
    it(`pod to pod inside the core, only the outside on pull(uplink) (${engine})`, async () => {
      const dp = await dataplaneFor(buildCluster(defaultClusterSpec()), { engine });
      const m = dp.node('k8s-master-1');
      const w = dp.node('k8s-node-1');
      assert.deepEqual(m.pods.map((p) => p.hostVeth), [CALI_M, 'calif57336c1ec9']);
      dp.push(m, CALI_M, echoRequest());
      dp.push(m, CALI_M, echoRequest('8.8.8.8'));
      dp.stepAll();
      const [delivered] = dp.pull(w, CALI_W);
      assert.equal(delivered[22], 62);
      const out = dp.pull(m, 'ens160');
      assert.equal(out.length, 1, 'only the frame for the outside world');
      assert.equal(hex(out[0].subarray(0, 6)), '0200c0a80002'); // the gateway's stand-in MAC
      assert.equal(dp.counters(m).txWire, 2, 'one into the peer\'s inbox, one for pull');
    });
  }
});
