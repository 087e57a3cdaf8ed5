// Targeted behaviour, in both engines: ICMP errors (time exceeded over the tunnel with the
// tunl0 source, frag-needed with MTU 1480, net unreachable suppressed for ICMP errors),
// blackhole = silent counted drop, fragmentation of DF=0 packets over tunl0, echo reply
// from a node address, neighbour miss, bad slot descriptors, outer CE handling on decap.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { buildCluster, defaultClusterSpec, loadClusterFile } from '../../host/cluster/index.ts';
import { buildDataplane, type Dataplane } from '../../host/dataplane/build.ts';
import { runUntilIdle, type Engine } from '../../host/engine/engine.ts';
import { pushFrame, pushRawSlot, popFrames } from '../../host/dataplane/rings.ts';
import { readNodeCounters, nodeImbalance, setCapture } from '../../host/dataplane/counters.ts';
import { parseIp4 } from '../../host/net/addr.ts';
import { internetChecksum } from '../../host/net/checksum.ts';
import { ipv4Frame, ipipFrame, mac } from './frames.ts';
import { IF_TUNL0, META_CONFIRM } from '../../host/layout.ts';
import { createEngine } from '../../host/dataplane/engines.ts';
import { ethFrame, ETHERTYPE_IPV4 } from '../../host/net/ethernet.ts';
import { ipv4Packet, IPPROTO_TCP, IPPROTO_UDP } from '../../host/net/ipv4.ts';
import { udpDatagram } from '../../host/net/udp.ts';
import { tcpSegment, TCP_SYN } from '../../host/net/tcp.ts';

const ip = (t: string): number => parseIp4(t)!;
const VETH = mac('ee:ee:ee:ee:ee:ee');

for (const kind of ['wasm', 'ts'] as const) {
  describe(`behaviour (${kind} engine)`, () => {
    let dp: Dataplane;
    let e: Engine;
    const cluster = buildCluster(defaultClusterSpec());
    beforeEach(() => {
      dp = buildDataplane(cluster);
      e = createEngine(kind, dp);
    });
    const A = () => dp.nodes[0].pods[0]; // busybox r6bx9 on master, 172.16.196.1
    const B = () => dp.nodes[1].pods[0]; // busybox 7d27b on node-1, 172.16.109.65
    const fromA = (dst: string, o: Partial<Parameters<typeof ipv4Frame>[0]> = {}): Uint8Array =>
      ipv4Frame({ dstMac: VETH, srcMac: mac(A().mac), src: A().ip, dst: ip(dst), proto: 1, ttl: 64, df: true, frameLen: 98, ...o });
    const send = (ring: number, f: Uint8Array): void => {
      assert.ok(pushFrame(dp.mem, ring, f));
      runUntilIdle(e);
    };
    const drops = (n: number) => readNodeCounters(dp, n).drops;
    afterEach(() => dp.nodes.forEach((n) => assert.equal(nodeImbalance(dp, n.index), 0)));

    it('META_CONFIRM (dst_pending_confirm) stays on the host: the peer\'s pod gets the meta without it, an error it draws never has it', () => {
      assert.ok(pushFrame(dp.mem, A().rxRing, fromA('172.16.109.65'), META_CONFIRM | 1234));
      runUntilIdle(e);
      assert.deepEqual(popFrames(dp.mem, B().txRing).map((f) => f.meta), [1234]);
      assert.ok(pushFrame(dp.mem, A().rxRing, fromA('172.16.109.65', { ttl: 1 }), META_CONFIRM | 77));
      runUntilIdle(e);
      const back = popFrames(dp.mem, A().txRing);
      assert.deepEqual(back.map((f) => [f.frame[34], f.meta]), [[11, 77]], 'time exceeded from master, a new skb');
    });

    it('blackhole: an unused address in the own block is dropped silently', () => {
      send(A().rxRing, fromA('172.16.196.9'));
      assert.deepEqual(drops(0), { blackhole: 1 });
      assert.equal(popFrames(dp.mem, A().txRing).length, 0);
    });

    it('TTL 1 across the tunnel: node-1 answers 11/0 from its tunl0 address, back over IPIP', () => {
      send(A().rxRing, fromA('172.16.109.65', { ttl: 2 })); // 2 → 1 at master, expires at node-1
      assert.deepEqual(drops(1), { ttlExceeded: 1 });
      const [err] = popFrames(dp.mem, A().txRing).map((f) => f.frame);
      assert.ok(err, 'the error reached the sender');
      assert.equal(err[14 + 9], 1);
      assert.equal(Buffer.from(err.subarray(26, 30)).join('.'), '172.16.109.64', 'source = node-1 tunl0 /32');
      assert.equal(err[34], 11);
      assert.equal(err[35], 0);
      assert.equal(err[22], 63, 'TTL 64, decremented once by master on its way to the pod');
      assert.equal(err[15], 0xc0, 'TOS 0xC0: precedence internetwork control');
    });

    it('DF packet over 1480 towards tunl0: 3/4 with next-hop MTU 1480 from the node IP', () => {
      send(A().rxRing, fromA('172.16.109.65', { frameLen: 14 + 1484 }));
      assert.deepEqual(drops(0), { fragNeeded: 1 });
      const [err] = popFrames(dp.mem, A().txRing).map((f) => f.frame);
      assert.equal(err[34], 3);
      assert.equal(err[35], 4);
      assert.equal((err[40] << 8) | err[41], 1480);
      assert.equal(Buffer.from(err.subarray(26, 30)).join('.'), '192.168.0.11');
      assert.equal(err.length, 14 + 576, 'original header and data up to 576 octets');
    });

    it('DF=0 packet over 1480: two fragments, each encapsulated, reassembled length right', () => {
      setCapture(dp, 0, IF_TUNL0, { tx: true });
      send(A().rxRing, fromA('172.16.109.65', { frameLen: 14 + 1484, df: false, proto: 17 }));
      const got = popFrames(dp.mem, B().txRing).map((f) => f.frame);
      assert.equal(got.length, 2);
      const off = (f: Uint8Array): number => (((f[20] << 8) | f[21]) & 0x1fff) * 8;
      const mf = (f: Uint8Array): number => f[20] & 0x20;
      assert.equal(got[0].length - 14, 1476, '20 + 1456 (1460 rounded down to 8)');
      assert.deepEqual([off(got[0]), mf(got[0]) !== 0, off(got[1]), mf(got[1]) !== 0], [0, true, 1456, false]);
      assert.equal(got[0].length + got[1].length - 2 * 34, 1464);
      const c = readNodeCounters(dp, 0);
      assert.equal(c.createdFrag, 1);
      assert.equal(c.encap, 2);
    });

    it('echo request to the node IP: the host answers (src = pinged address, TTL 64)', () => {
      send(A().rxRing, fromA('192.168.0.11'));
      const [rep] = popFrames(dp.mem, A().txRing).map((f) => f.frame);
      assert.equal(rep[34], 0, 'echo reply');
      assert.equal(Buffer.from(rep.subarray(26, 30)).join('.'), '192.168.0.11');
      assert.equal(rep[22], 64);
      assert.equal(readNodeCounters(dp, 0).echoReplies, 1);
    });

    it('an address on 192.168.0.0/24 without a neighbour: counted neighbour miss', () => {
      send(A().rxRing, fromA('192.168.0.77'));
      assert.deepEqual(drops(0), { neighMiss: 1 });
    });

    it('outside the cluster: via the default gateway, into the uplink tx ring for the host', () => {
      send(A().rxRing, fromA('8.8.8.8'));
      assert.equal(readNodeCounters(dp, 0).txWire, 1);
      const [out] = popFrames(dp.mem, dp.nodes[0].uplinkTx);
      assert.deepEqual([...out.frame.subarray(0, 6)], [0x02, 0x00, 192, 168, 0, 2], 'to the gateway\'s stand-in MAC');
      assert.equal(out.frame[14 + 8], 63, 'TTL decremented');
    });

    it('IPIP with outer CE: inner not-ECT is dropped, inner ECT(0) becomes CE', () => {
      const n1 = dp.nodes[1];
      const inner = (tos: number) => ipv4Frame({ dstMac: VETH, srcMac: VETH, src: A().ip, dst: B().ip, proto: 17, ttl: 63, tos, frameLen: 60 }).subarray(14);
      send(n1.externalInbox, ipipFrame(mac(cluster.nodes[1].spec.mac), mac(cluster.nodes[0].spec.mac), cluster.nodes[0].ip, cluster.nodes[1].ip, inner(0), 63, 1, 3));
      assert.deepEqual(drops(1), { ipipEcn: 1 });
      send(n1.externalInbox, ipipFrame(mac(cluster.nodes[1].spec.mac), mac(cluster.nodes[0].spec.mac), cluster.nodes[0].ip, cluster.nodes[1].ip, inner(2), 63, 2, 3));
      const [f] = popFrames(dp.mem, B().txRing).map((x) => x.frame);
      assert.equal(f[15] & 3, 3);
      assert.equal(internetChecksum(f, 14, 20), 0, 'inner header checksum still valid');
    });

    it('a slot descriptor pointing outside its slot is a counted drop, not a crash', () => {
      assert.ok(pushRawSlot(dp.mem, A().rxRing, 4, 60, new Uint8Array(60)));
      assert.ok(pushRawSlot(dp.mem, A().rxRing, 64, 5000, new Uint8Array(60)));
      runUntilIdle(e);
      assert.deepEqual(drops(0), { badDescriptor: 2 });
    });
  });
}

describe('null engine: the path without the dataplane', () => {
  const cluster = buildCluster(defaultClusterSpec());
  const A = (dp: Dataplane) => dp.nodes[0].pods[0]; // busybox r6bx9 on master, 172.16.196.1
  const B = (dp: Dataplane) => dp.nodes[1].pods[0]; // busybox 7d27b on node-1, 172.16.109.65
  const frame = (dp: Dataplane, dst: number, len = 98) =>
    ipv4Frame({ dstMac: VETH, srcMac: mac(A(dp).mac), src: A(dp).ip, dst, proto: 1, ttl: 64, df: true, frameLen: len });

  it('carries a cross-host frame pod rx → its node → the peer node\'s inbox → the peer pod\'s tx ring, byte for byte', () => {
    const dp = buildDataplane(cluster, { ringSlots: 8 });
    const e = createEngine('null', dp);
    const f = frame(dp, B(dp).ip);
    for (let i = 0; i < 10; i++) pushFrame(dp.mem, A(dp).rxRing, f, i);
    e.step(0);
    // on the wire, in node-1's inbox for worker 0: nothing at node-1's pod yet
    assert.equal(popFrames(dp.mem, B(dp).txRing).length, 0);
    runUntilIdle(e);
    const got = popFrames(dp.mem, B(dp).txRing);
    assert.equal(got.length, 8, 'the 8-slot rx ring took 8 of the 10');
    assert.deepEqual(Array.from(got[0].frame), Array.from(f), 'never rewrites a byte');
    assert.deepEqual(got.map((g) => g.meta), [0, 1, 2, 3, 4, 5, 6, 7]);
    const c0 = readNodeCounters(dp, 0);
    const c1 = readNodeCounters(dp, 1);
    assert.equal(c0.rx, 8);
    assert.equal(c0.txWire, 8);
    assert.equal(c1.rx, 8);
    assert.equal(c1.deliveredPod, 8);
    dp.nodes.forEach((n) => assert.equal(nodeImbalance(dp, n.index), 0));
  });

  it('same-host frames go to the destination pod on the node; other addresses and runts to the uplink tx ring', () => {
    const dp = buildDataplane(cluster, { ringSlots: 8 });
    const e = createEngine('null', dp);
    const other = dp.nodes[0].pods[1];
    pushFrame(dp.mem, A(dp).rxRing, frame(dp, other.ip));
    pushFrame(dp.mem, A(dp).rxRing, frame(dp, ip('8.8.8.8')));
    pushFrame(dp.mem, A(dp).rxRing, new Uint8Array(20));
    runUntilIdle(e);
    assert.equal(popFrames(dp.mem, other.txRing).length, 1);
    assert.equal(popFrames(dp.mem, dp.nodes[0].uplinkTx).length, 2);
    assert.equal(readNodeCounters(dp, 0).deliveredPod, 1);
  });
});

describe('null engine: Services (--mix service): to a real server\'s pod, as IPVS sends them', () => {
  const cluster = buildCluster(defaultClusterSpec());
  const client = (dp: Dataplane) => dp.nodes[0].pods[0]; // busybox r6bx9 on master, 172.16.196.1
  const podOn = (dp: Dataplane, name: string) => dp.nodes.flatMap((n) => n.pods).find((p) => p.name.startsWith(name))!;
  const toVip = (dp: Dataplane, vip: string, proto: number, sport: number, dport: number): Uint8Array => {
    const c = client(dp);
    const l4 = proto === IPPROTO_UDP ? udpDatagram(sport, dport, new Uint8Array(32)) : tcpSegment({ sport, dport, seq: 1, ack: 0, flags: TCP_SYN, window: 64800 }, { src: c.ip, dst: ip(vip) });
    return ethFrame(VETH, mac(c.mac), ETHERTYPE_IPV4, ipv4Packet({ ttl: 64, proto, src: c.ip, dst: ip(vip), flagsFrag: 0, id: 1 }, l4));
  };

  it('UDP to kube-dns reaches coredns on the same node; TCP to the busybox ClusterIP crosses to node-1 or stays, by the flow; never rewritten', () => {
    const dp = buildDataplane(cluster, { ringSlots: 8 });
    const e = createEngine('null', dp);
    const dns = toVip(dp, '10.96.0.10', IPPROTO_UDP, 41000, 53);
    const remote = toVip(dp, '10.96.192.105', IPPROTO_TCP, 40000, 8888); // real servers [172.16.109.65, 172.16.196.1]: 40000 mod 2 → node-1's
    const self = toVip(dp, '10.96.192.105', IPPROTO_TCP, 40001, 8888); // → the client itself (the hairpin)
    for (const f of [dns, remote, self]) pushFrame(dp.mem, client(dp).rxRing, f);
    runUntilIdle(e);
    assert.deepEqual(popFrames(dp.mem, podOn(dp, 'coredns').txRing).map((x) => Array.from(x.frame)), [Array.from(dns)]);
    assert.deepEqual(popFrames(dp.mem, dp.nodes[1].pods[0].txRing).map((x) => Array.from(x.frame)), [Array.from(remote)]);
    assert.deepEqual(popFrames(dp.mem, client(dp).txRing).map((x) => Array.from(x.frame)), [Array.from(self)]);
    assert.equal(popFrames(dp.mem, dp.nodes[0].uplinkTx).length, 0, 'nothing leaves the cluster');
    assert.equal(readNodeCounters(dp, 0).txWire, 1);
    assert.equal(readNodeCounters(dp, 1).deliveredPod, 1);
    dp.nodes.forEach((n) => assert.equal(nodeImbalance(dp, n.index), 0));
  });

  it('a port without a virtual server is not a Service: to the uplink tx ring', () => {
    const dp = buildDataplane(cluster, { ringSlots: 8 });
    const e = createEngine('null', dp);
    pushFrame(dp.mem, client(dp).rxRing, toVip(dp, '10.96.192.105', IPPROTO_UDP, 40000, 8888));
    runUntilIdle(e);
    assert.equal(popFrames(dp.mem, dp.nodes[0].uplinkTx).length, 1);
  });
});

describe('null engine: across subnets, through the router as the real engines go', () => {
  const examples = ['crosssubnet-3node.yaml', 'never-tor-3node.yaml'];
  const load = (f: string) => buildCluster(loadClusterFile(fileURLToPath(new URL(`../../examples/clusters/${f}`, import.meta.url))));
  for (const file of examples) {
    it(`${file}: every engine's frame node-a → node-c crosses the router once, node-a → node-b does not`, () => {
      const cluster = load(file);
      const hops = (engine: 'null' | 'wasm' | 'ts', to: string): number[] => {
        const dp = buildDataplane(cluster, { ringSlots: 8 });
        const e = createEngine(engine, dp);
        const web0 = dp.nodes[0].pods.find((p) => p.name === 'web-0')!;
        const dst = dp.nodes.flatMap((n) => n.pods).find((p) => p.name === to)!;
        pushFrame(dp.mem, web0.rxRing, ipv4Frame({ dstMac: VETH, srcMac: mac(web0.mac), src: web0.ip, dst: dst.ip, proto: 1, ttl: 64, df: true, frameLen: 98 }));
        runUntilIdle(e);
        const got = dp.nodes.flatMap((n) => n.pods).map((p) => popFrames(dp.mem, p.txRing).length);
        assert.equal(got.reduce((a, b) => a + b, 0), 1, `${engine}: delivered to one pod`);
        return dp.nodes.map((n) => readNodeCounters(dp, n.index).rx);
      };
      for (const to of ['web-2', 'web-1']) {
        const want = hops('wasm', to);
        assert.equal(want[3], to === 'web-2' ? 1 : 0, `the router's rx towards ${to}`);
        assert.deepEqual(hops('ts', to), want, `ts towards ${to}`);
        assert.deepEqual(hops('null', to), want, `null towards ${to}: the frames received per host`);
      }
    });
  }
});
