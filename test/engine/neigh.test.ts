// The uplink neighbour table's rules beyond the oracle's pings (assembly/arp/neigh.ts and
// neighTimer.ts name the kernel function behind each), in both engines:
//  - a neighbour nobody answers for: three broadcast requests retrans_time (1 s) apart
//    (mcast_solicit), FAILED one retrans_time after the last, and the queued packet answered
//    with ICMP 3/1 from the node, quoting it as it was queued (neigh_invalidate →
//    ipv4_link_failure → __icmp_send);
//  - revalidation: the peer that learned the requester STALE from its request sends through
//    DELAY, and 5 s later (delay_first_probe_time) probes with one unicast request;
//  - a pod's segment sent with dst_pending_confirm (its TCP after forward progress) confirms
//    the host's next hop too (ip_finish_output2 → sock_confirm_neigh), so DELAY ends REACHABLE;
//  - M1b: an ARP request from a node's address with another MAC moves that node's entry to the
//    new MAC once locktime (1 s) has passed since its last update (arp_process → neigh_update);
//  - the books: rx + created + released = delivered + dropped + txWire + queued at every step.
import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { Simulation } from '../../host/sim/simulation.ts';
import { SimSession } from '../../host/session/session.ts';
import { readNodeCounters } from '../../host/dataplane/counters.ts';
import { ipv4Packet } from '../../host/net/ipv4.ts';
import { icmpMessage, icmpEchoRest } from '../../host/net/icmp.ts';
import { NS_PER_MS, NS_PER_S } from '../../host/time.ts';

const cluster = buildCluster(defaultClusterSpec());
const BUSYBOX = 'devops/busybox-77649b9c55-r6bx9';
const POD_MAC = Buffer.from('869c039edb9f', 'hex');
const GW_MAC = Buffer.from('eeeeeeeeeeee', 'hex');
const ip4 = (s: string): number => s.split('.').reduce((a, o) => a * 256 + Number(o), 0);

interface Seen { t: number; point: string; hex: string }

function watch(sim: Simulation): Seen[] {
  const seen: Seen[] = [];
  sim.listen((point, t, f) => seen.push({ t, point, hex: Buffer.from(f).toString('hex') }));
  return seen;
}

function balanced(sim: Simulation): void {
  for (let n = 0; n < sim.dataplane.nodes.length; n++) {
    const c = readNodeCounters(sim.dataplane, n);
    assert.equal(c.rx + c.createdIcmp + c.createdArp + c.createdFrag + c.createdTcp + c.neighReleased,
      c.deliveredPod + c.deliveredHost + c.dropped + c.txWire + c.neighQueued, `node ${n} books`);
  }
}

for (const engine of ['wasm', 'ts'] as const) {
  describe(`uplink neighbour table, ${engine} engine`, () => {
    it('an address of the subnet nobody owns: 3 broadcast requests 1 s apart, then ICMP 3/1 to the pod', () => {
      const sim = new Simulation(cluster, { engine, neighbours: 'empty' });
      const seen = watch(sim);
      const pkt = ipv4Packet({ src: ip4('172.16.196.1'), dst: ip4('192.168.0.99'), proto: 1, ttl: 64, id: 0x1234, flagsFrag: 0x4000 }, icmpMessage(8, 0, icmpEchoRest(7, 1), new Uint8Array(8)));
      const frame = Buffer.concat([GW_MAC, POD_MAC, Buffer.from('0800', 'hex'), pkt]);
      sim.inject({ pod: BUSYBOX }, frame);
      sim.clock.run(() => false, 5 * NS_PER_S);
      const arps = seen.filter((s) => s.point === 'n0/0' && s.hex.slice(24, 28) === '0806');
      assert.deepEqual(arps.map((a) => Math.round(a.t / NS_PER_MS)), [0, 1000, 2000]);
      for (const a of arps) assert.equal(a.hex, 'ffffffffffff000c29b102f008060001080006040001000c29b102f0c0a8000b000000000000c0a80063');
      const back = seen.filter((s) => s.point === `p${BUSYBOX}` && s.hex.slice(0, 12) === POD_MAC.toString('hex'));
      assert.equal(back.length, 1, 'one ICMP error back to the pod');
      const b = Buffer.from(back[0].hex, 'hex');
      assert.deepEqual([b[23], b[34], b[35]], [1, 3, 1], 'ICMP 3/1');
      assert.equal(b.subarray(26, 30).join('.'), '192.168.0.11');
      assert.equal(b[42 + 8], 63, 'the quoted packet as queued: TTL already decremented');
      assert.ok(Math.abs(back[0].t / NS_PER_MS - 3000) < 1, 'one retrans_time after the third request');
      assert.equal(readNodeCounters(sim.dataplane, 0).drops.neighFailed, 1);
      balanced(sim);
    });

    it('the peer that learned the requester sends through DELAY, then one unicast probe after 5 s', () => {
      const session = new SimSession(cluster, { engine, neighbours: 'empty' });
      const sim = session.sim;
      const seen = watch(sim);
      session.ping({ pod: BUSYBOX, host: '172.16.109.65', count: 1 }, { out: () => {}, err: () => {} });
      sim.clock.run(() => false, 10 * NS_PER_S);
      const arps = seen.filter((s) => s.point === 'n1/0' && s.hex.slice(24, 28) === '0806').map((s) => [Math.round(s.t / NS_PER_MS), s.hex.slice(0, 12), s.hex.slice(40, 44)]);
      assert.deepEqual(arps.map(([, dst, op]) => `${dst} ${op}`), [
        'ffffffffffff 0001', '000c29b102f0 0002', // master's request, node-1's reply
        '000c29b102f0 0001', '000c2990fae2 0002', // node-1's unicast probe, master's reply
      ]);
      const probeMs = arps[2][0] as number;
      assert.ok(probeMs >= 5000 && probeMs < 5010, `probe at ${probeMs} ms`);
      const t = sim.neighTables();
      assert.equal(t.peek('k8s-node-1').find((e) => e.dev === 'ens160' && e.ip === ip4('192.168.0.11'))?.state, 'REACHABLE');
      balanced(sim);
    });

    it('a pod\'s segment sent with dst_pending_confirm confirms the host\'s next hop: DELAY → REACHABLE, no probe', () => {
      // node-1 learns master STALE from its request (busybox's echo), and its pod's echo reply
      // puts the entry in DELAY; a second frame of that pod a second later carries the flag the
      // pod's TCP sets after forward progress (sk_dst_confirm), which the veth leaves on the skb,
      // so node-1's ip_finish_output2 confirms master (sock_confirm_neigh) before the encap's
      // neigh_output, and the DELAY timer finds the entry confirmed within delay_first_probe_time
      const probes = (confirm: boolean): { arps: string[]; state: string | undefined } => {
        const session = new SimSession(cluster, { engine, neighbours: 'empty' });
        const sim = session.sim;
        const seen = watch(sim);
        session.ping({ pod: BUSYBOX, host: '172.16.109.65', count: 1 }, { out: () => {}, err: () => {} });
        sim.clock.run(() => false, NS_PER_S);
        const pkt = ipv4Packet({ src: ip4('172.16.109.65'), dst: ip4('172.16.196.1'), proto: 1, ttl: 64, id: 0x4242, flagsFrag: 0x4000 }, icmpMessage(0, 0, icmpEchoRest(9, 1), new Uint8Array(8)));
        sim.inject({ pod: 'devops/busybox-77649b9c55-7d27b' }, Buffer.concat([GW_MAC, Buffer.from('ea12d71c4402', 'hex'), Buffer.from('0800', 'hex'), pkt]), { confirm });
        sim.clock.run(() => false, 10 * NS_PER_S);
        const arps = seen.filter((s) => s.point === 'n1/0' && s.hex.slice(24, 28) === '0806').map((s) => `${s.hex.slice(0, 12)} ${s.hex.slice(40, 44)}`);
        const state = sim.neighTables().peek('k8s-node-1').find((e) => e.dev === 'ens160' && e.ip === ip4('192.168.0.11'))?.state;
        balanced(sim);
        return { arps, state };
      };
      const flagged = probes(true);
      assert.deepEqual(flagged.arps, ['ffffffffffff 0001', '000c29b102f0 0002'], 'master\'s request and node-1\'s reply, no probe');
      assert.equal(flagged.state, 'REACHABLE');
      const plain = probes(false);
      assert.deepEqual(plain.arps, ['ffffffffffff 0001', '000c29b102f0 0002', '000c29b102f0 0001', '000c2990fae2 0002'], 'without the flag: the unicast probe at 5 s');
    });

    it('M1b: a request from a node address with another MAC moves the entry after locktime', () => {
      const sim = new Simulation(cluster, { engine, neighbours: 'reachable' });
      const seen = watch(sim);
      // k8s-node-1 hears a request from 192.168.0.11 with a foreign MAC, for an address it does not own
      const fake = Buffer.from('010c3556fae2', 'hex');
      const req = Buffer.concat([Buffer.from('ffffffffffff', 'hex'), fake, Buffer.from('08060001080006040001', 'hex'), fake,
        Buffer.from('c0a8000b000000000000c0a80063', 'hex')]);
      sim.clock.advance(2 * NS_PER_S);
      sim.inject({ node: 1 }, req);
      sim.clock.advance(NS_PER_MS);
      const e = sim.neighTables().peek('k8s-node-1').find((x) => x.ip === ip4('192.168.0.11'));
      assert.deepEqual([e?.mac, e?.state], ['01:0c:35:56:fa:e2', 'STALE']);
      assert.equal(seen.filter((s) => s.point === 'n1/0' && s.hex.slice(12, 24) === '000c2990fae2').length, 0, 'not answered: not for its address');
      balanced(sim);
    });
  });
}
