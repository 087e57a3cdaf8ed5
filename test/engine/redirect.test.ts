// ICMP redirects beyond the oracle's fixture (test/fixtures/oracle/redirect.json: what the kernel
// sends, byte for byte), in both engines:
//  - ip_rt_send_redirect's per-peer limit on the simulation clock: the first redirect at once,
//    the next ones only after 20 ms << n_redirects since the last one sent, none after the
//    ninth (ip_rt_redirect_number) until the peer has been quiet for ip_rt_redirect_silence
//    (20.48 s), and every owed one counted, sent or held back;
//  - the limit's parameters are the builder's (net.ipv4.route.redirect_*), and the table of
//    peers is bounded: the least recently redirected peer makes room;
//  - a frame to a group MAC (multicast) is taken in as the kernel takes it (eth_type_trans:
//    PACKET_MULTICAST): delivered locally, never forwarded; the wire floods it to the segment as
//    a bridge does (br_flood).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { Simulation } from '../../host/sim/simulation.ts';
import { readNodeCounters } from '../../host/dataplane/counters.ts';
import { ipv4Packet } from '../../host/net/ipv4.ts';
import { icmpMessage, icmpEchoRest } from '../../host/net/icmp.ts';
import { NS_PER_MS } from '../../host/time.ts';

const cluster = buildCluster(defaultClusterSpec());
const NODE1 = cluster.nodes.findIndex((n) => n.spec.name === 'k8s-node-1');
const MASTER = cluster.nodes.findIndex((n) => n.spec.name === 'k8s-master-1');
const POD_7D27B_MAC = Buffer.from('ea12d71c4402', 'hex');
const NODE1_MAC = Buffer.from('000c2990fae2', 'hex');
const ip4 = (s: string): number => s.split('.').reduce((a, o) => a * 256 + Number(o), 0);

/** The kernel fixture's "echo to 8.8.8.8 (forwarded back out of the uplink)" into k8s-node-1,
 *  from k8s-master-1's address: node-1 forwards it to the gateway and owes master a redirect. */
function uplinkEcho(): Buffer {
  const fx = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/oracle/redirect.json', import.meta.url)), 'utf8'));
  const e = fx.frames.find((f: { name: string; inject: string }) => f.name.includes('forwarded back out of the uplink') && f.inject === 'k8s-node-1:ens160');
  return Buffer.from(e.input, 'hex');
}

/** The same echo from another source on the subnet (another peer of node-1). */
function fromSource(frame: Buffer, src: string): Buffer {
  const pkt = ipv4Packet({ src: ip4(src), dst: ip4('8.8.8.8'), proto: 1, ttl: 64, id: 0x4321, flagsFrag: 0x4000 }, icmpMessage(8, 0, icmpEchoRest(9, 1), new Uint8Array(8)));
  return Buffer.concat([frame.subarray(0, 14), pkt]);
}

/** Redirects node-1 sent on its uplink, by time (ms) and destination. */
function redirects(sim: Simulation): { ms: number; to: string }[] {
  const out: { ms: number; to: string }[] = [];
  sim.listen((point, t, f) => {
    const b = Buffer.from(f);
    if (point === `n${NODE1}/0` && b.readUInt16BE(12) === 0x0800 && b[23] === 1 && b[34] === 5 && b.subarray(6, 12).equals(NODE1_MAC)) {
      out.push({ ms: Math.round(t / NS_PER_MS), to: b.subarray(30, 34).join('.') });
    }
  });
  return out;
}

for (const engine of ['wasm', 'ts'] as const) {
  describe(`ICMP redirects, ${engine} engine`, () => {
    it('back off per peer (20 ms << n), stop after 9, start again after 20.48 s of silence', () => {
      const sim = new Simulation(cluster, { engine });
      const seen = redirects(sim);
      const frame = uplinkEcho();
      const times: number[] = [];
      for (let t = 0; t <= 12000; t += 50) times.push(t);
      times.push(12000 + 20480); // quiet for exactly the silence: not yet "after" it
      times.push(12000 + 20480 + 20481); // quiet for longer than the silence
      for (const t of times) sim.clock.at(t * NS_PER_MS, () => sim.inject({ node: NODE1 }, frame));
      sim.clock.run(() => false, 60_000 * NS_PER_MS);
      // ip_rt_send_redirect: sent at n = 0; then after rate_last + 20 << n (40, 80, … 5120 ms);
      // the tenth owed at n = 9 is held back and every later one too, each moving rate_last;
      // 20480 ms after the last owed one is not yet "after" the silence (and moves it again),
      // 20481 ms is: the algorithm starts over
      assert.deepEqual(seen.map((s) => s.ms), [0, 50, 150, 350, 700, 1350, 2650, 5250, 10400, 52961]);
      assert.ok(seen.every((s) => s.to === '192.168.0.11'));
      const c = readNodeCounters(sim.dataplane, NODE1);
      assert.equal(c.redirects, 10);
      assert.equal(c.redirectsLimited, times.length - 10);
      assert.equal(c.forwarded, times.length, 'every packet is forwarded, redirect or not');
    });

    it('takes the limit from the builder, and keeps one state per peer', () => {
      const sim = new Simulation(cluster, { engine, redirects: { number: 2, loadMs: 0, silenceMs: 1000 } });
      const seen = redirects(sim);
      const frame = uplinkEcho();
      const other = fromSource(frame, '192.168.0.77');
      for (let t = 0; t < 500; t += 10) sim.clock.at(t * NS_PER_MS, () => sim.inject({ node: NODE1 }, frame));
      sim.clock.at(5 * NS_PER_MS, () => sim.inject({ node: NODE1 }, other));
      sim.clock.run(() => false, 2000 * NS_PER_MS);
      assert.deepEqual(seen, [{ ms: 0, to: '192.168.0.11' }, { ms: 10, to: '192.168.0.11' }]);
      // 192.168.0.77 has a peer of its own (its redirect is owed and sent, though without a
      // neighbour entry for it the static dataplane cannot deliver it: counted, not seen)
      const c = readNodeCounters(sim.dataplane, NODE1);
      assert.deepEqual([c.redirects, c.redirectsLimited], [3, 48]);
    });

    it('bounds its peers: the least recently redirected one is forgotten first', () => {
      const sim = new Simulation(cluster, { engine, redirects: { number: 1, loadMs: 20, silenceMs: 1_000_000 } });
      const frame = uplinkEcho();
      // 17 sources on the subnet, one after another (16 peers fit), then the first and the last again
      const srcs = Array.from({ length: 17 }, (_, i) => `192.168.0.${100 + i}`);
      srcs.forEach((s, i) => sim.clock.at(i * NS_PER_MS, () => sim.inject({ node: NODE1 }, fromSource(frame, s))));
      sim.clock.at(100 * NS_PER_MS, () => sim.inject({ node: NODE1 }, fromSource(frame, srcs[16])));
      sim.clock.at(101 * NS_PER_MS, () => sim.inject({ node: NODE1 }, fromSource(frame, srcs[1])));
      sim.clock.at(102 * NS_PER_MS, () => sim.inject({ node: NODE1 }, fromSource(frame, srcs[0])));
      sim.clock.run(() => false, 1000 * NS_PER_MS);
      const c = readNodeCounters(sim.dataplane, NODE1);
      assert.deepEqual([c.redirects, c.redirectsLimited], [18, 2]);
      // srcs[16] took the place of srcs[0]; srcs[16] and srcs[1] are still known when they come
      // back (held back: their one redirect is spent), srcs[0] returns as a fresh peer (sent)
    });
  });

  describe(`frames to a group MAC, ${engine} engine`, () => {
    it('the wire floods them, and the node takes them in: delivered locally (IPIP decapsulated)', () => {
      const sim = new Simulation(cluster, { engine, neighbours: 'reachable' });
      const seen: { point: string; hex: string }[] = [];
      sim.listen((point, _t, f) => seen.push({ point, hex: Buffer.from(f).toString('hex') }));
      // k8s-node-1 learns master's address at a group MAC (M1b: arp_process → neigh_update)
      const group = Buffer.from('010c3556fae2', 'hex');
      const req = Buffer.concat([Buffer.from('ffffffffffff', 'hex'), group, Buffer.from('08060001080006040001', 'hex'), group,
        Buffer.from('c0a8000b000000000000c0a80063', 'hex')]);
      sim.clock.advance(2000 * NS_PER_MS);
      sim.inject({ node: NODE1 }, req);
      sim.clock.advance(NS_PER_MS);
      // then its pod pings master's pod: the IPIP frame goes to the group MAC
      const echo = Buffer.concat([Buffer.from('eeeeeeeeeeee', 'hex'), POD_7D27B_MAC, Buffer.from('0800', 'hex'),
        ipv4Packet({ src: ip4('172.16.109.65'), dst: ip4('172.16.196.1'), proto: 1, ttl: 64, id: 0x3333, flagsFrag: 0x4000 }, icmpMessage(8, 0, icmpEchoRest(5, 1), new Uint8Array(8)))]);
      sim.inject({ pod: 'devops/busybox-77649b9c55-7d27b' }, echo);
      sim.clock.advance(100 * NS_PER_MS);
      const out = seen.filter((s) => s.point === `n${NODE1}/0` && s.hex.startsWith(group.toString('hex')));
      assert.equal(out.length, 1, 'node-1 sends the IPIP frame to the group MAC');
      const atMaster = seen.filter((s) => s.point === `n${MASTER}/0` && s.hex.startsWith(group.toString('hex')));
      assert.equal(atMaster.length, 1, 'the wire floods it to master (br_flood)');
      const c = readNodeCounters(sim.dataplane, MASTER);
      assert.equal(c.decap, 1, 'master takes it in as PACKET_MULTICAST: local, decapsulated');
      assert.ok(seen.some((s) => s.point === 'pdevops/busybox-77649b9c55-r6bx9' && s.hex.includes('33334000')), 'and the inner packet reaches the pod');
    });

    it('are not forwarded (ip_forward: not PACKET_HOST), but an echo to the node is answered', () => {
      const sim = new Simulation(cluster, { engine });
      const group = Buffer.from('010c3556fae2', 'hex');
      const mk = (dst: string, id: number): Buffer => Buffer.concat([group, NODE1_MAC, Buffer.from('0800', 'hex'),
        ipv4Packet({ src: ip4('192.168.0.12'), dst: ip4(dst), proto: 1, ttl: 64, id, flagsFrag: 0x4000 }, icmpMessage(8, 0, icmpEchoRest(5, 1), new Uint8Array(8)))]);
      sim.inject({ node: MASTER }, mk('192.168.0.11', 0x1111));
      sim.inject({ node: MASTER }, mk('8.8.8.8', 0x2222));
      sim.clock.run(() => false, 1000 * NS_PER_MS);
      const c = readNodeCounters(sim.dataplane, MASTER);
      assert.equal(c.echoReplies, 1, 'the echo to its own address is answered (icmp_echo)');
      assert.equal(c.drops.l2Broadcast, 1, 'the other is dropped, not forwarded');
      assert.equal(c.forwarded, 0);
    });
  });
}
