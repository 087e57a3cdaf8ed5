// kube-proxy's IPVS in the core, both engines, on the seed cluster: a pod's SYN to the busybox
// ClusterIP is DNATed at its node (ip_vs_in), tunnelled to the real server's node, answered,
// and the answer un-NATed (ip_vs_out); rr alternates between the two endpoints; the second
// endpoint is the client itself, which kube-proxy masquerades (KUBE-LOOP-BACK); a VIP without
// endpoints answers ICMP port unreachable (ip_vs_leave); ICMP errors about a connection are
// translated back (ip_vs_nat_icmp); a full conntrack bucket is a counted drop; records expire
// on the simulation clock; a packet the route input drops (rp_filter) never reaches IPVS. The expected bytes are built here with the host packet library.
import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import type { ClusterSpec } from '../../host/cluster/types.ts';
import { Simulation, nodePoint, podPoint } from '../../host/sim/simulation.ts';
import { connections } from '../../host/dataplane/conntrack.ts';
import { captureInitial, resetDataplane } from '../../host/runtime/reset.ts';
import { readNodeCounters } from '../../host/dataplane/counters.ts';
import { tcpChecksum, tcpSegment, TCP_ACKF, TCP_RST, TCP_SYN } from '../../host/net/tcp.ts';
import { udpDatagram } from '../../host/net/udp.ts';
import { ipv4Packet, ipv4PacketWithOptions, ipv4Parse, IPPROTO_ICMP, IPPROTO_IPIP, IPPROTO_TCP, IPPROTO_UDP, IPV4_DF, type Ipv4View } from '../../host/net/ipv4.ts';
import { ethFrame, ETHERTYPE_IPV4 } from '../../host/net/ethernet.ts';
import { internetChecksum } from '../../host/net/checksum.ts';
import { formatIp4, parseIp4, parseMac } from '../../host/net/addr.ts';
import { NS_PER_S } from '../../host/time.ts';
import { IF_FIRST_CALI, IF_UPLINK } from '../../host/layout.ts';

const CLIENT = 'devops/busybox-77649b9c55-r6bx9';
const CLIENT_IP = parseIp4('172.16.196.1')!;
const CLIENT_MAC = parseMac('86:9c:03:9e:db:9f')!;
const VETH_MAC = parseMac('ee:ee:ee:ee:ee:ee')!;
const VIP = parseIp4('10.96.192.105')!;
const ip = (s: string) => parseIp4(s)!;

function sim(engine: 'wasm' | 'ts', edit?: (s: ClusterSpec) => void, ipvs = {}) {
  const spec = defaultClusterSpec();
  edit?.(spec);
  const s = new Simulation(buildCluster(spec), { engine, ipvs });
  const seen: { point: string; frame: Uint8Array }[] = [];
  s.listen((point, _t, frame) => seen.push({ point, frame }));
  return { s, seen };
}

function fromClient(s: Simulation, proto: number, l4: Uint8Array, dst = VIP, src = CLIENT_IP): void {
  const p = ipv4Packet({ tos: 0, id: 7, flagsFrag: IPV4_DF, ttl: 64, proto, src, dst }, l4);
  s.inject({ pod: CLIENT }, ethFrame(VETH_MAC, CLIENT_MAC, ETHERTYPE_IPV4, p));
  s.clock.run(() => false, s.clock.now + NS_PER_S / 10);
}

/** fromClient with IP options (`opts`, a multiple of 4 octets). */
function fromClientWith(s: Simulation, opts: number[], proto: number, l4: Uint8Array, dst = VIP): void {
  const p = ipv4PacketWithOptions({ tos: 0, id: 7, flagsFrag: IPV4_DF, ttl: 64, proto, src: CLIENT_IP, dst }, Uint8Array.from(opts), l4);
  s.inject({ pod: CLIENT }, ethFrame(VETH_MAC, CLIENT_MAC, ETHERTYPE_IPV4, p));
  s.clock.run(() => false, s.clock.now + NS_PER_S / 10);
}

const syn = (sport: number, dst = VIP, dport = 8888) =>
  tcpSegment({ sport, dport, seq: 1000, ack: 0, flags: TCP_SYN, window: 64240 }, { src: CLIENT_IP, dst });

/** IPv4 packets seen at `point` (the inner one of IPIP frames), Ethernet stripped. */
function packets(seen: { point: string; frame: Uint8Array }[], point: string, raw = false): Ipv4View[] {
  return seen.filter((x) => x.point === point).map((x) => {
    const v = ipv4Parse(raw ? x.frame : x.frame.subarray(14));
    if (typeof v === 'string') return null;
    if (v.proto !== IPPROTO_IPIP) return v;
    const inner = ipv4Parse(v.payload);
    return typeof inner === 'string' ? null : inner;
  }).filter((v): v is Ipv4View => v !== null);
}
const ports = (v: Ipv4View) => [(v.payload[0] << 8) | v.payload[1], (v.payload[2] << 8) | v.payload[3]];
const tcpOk = (v: Ipv4View) => tcpChecksum(v.payload, 0, v.payload.length, { src: v.src, dst: v.dst }) === 0;

for (const engine of ['wasm', 'ts'] as const) {
  describe(`IPVS in the core (${engine})`, () => {
    it('ClusterIP: DNAT to the first real server, IPIP to its node, the SYN-ACK un-NATed back to the VIP', () => {
      const { s, seen } = sim(engine);
      fromClient(s, IPPROTO_TCP, syn(40000));
      const wire = packets(seen, nodePoint(0, IF_UPLINK)).filter((v) => v.proto === IPPROTO_TCP);
      const out = wire.find((v) => v.src === CLIENT_IP)!;
      assert.equal(formatIp4(out.dst), '172.16.109.65');
      assert.deepEqual(ports(out), [40000, 80]);
      assert.equal(out.ttl, 63);
      assert.ok(tcpOk(out), 'TCP checksum after DNAT');
      assert.equal(internetChecksum(out.packet, 0, 20), 0, 'IP header checksum');
      // the backend's HTTP responder answers: its SYN-ACK comes back, source translated to the VIP
      const back = packets(seen, podPoint(CLIENT)).filter((v) => v.proto === IPPROTO_TCP && v.dst === CLIENT_IP);
      assert.equal(back.length, 1);
      assert.equal(back[0].src, VIP);
      assert.deepEqual(ports(back[0]), [8888, 40000]);
      assert.equal(back[0].payload[13], TCP_SYN | TCP_ACKF);
      assert.ok(tcpOk(back[0]));
      assert.equal(back[0].ttl, 62);
    });

    it('resetDataplane forgets the connections and puts the rr cursor back (a benchmark session starts afresh)', () => {
      const { s, seen } = sim(engine);
      const initial = captureInitial(s.dataplane.mem);
      fromClient(s, IPPROTO_TCP, syn(40000));
      assert.equal(connections(s.dataplane, 0).length, 1);
      resetDataplane(s.dataplane.mem, initial);
      assert.deepEqual(connections(s.dataplane, 0), []);
      seen.length = 0;
      fromClient(s, IPPROTO_TCP, syn(40001)); // without the reset: the second real server, the client itself
      const wire = packets(seen, nodePoint(0, IF_UPLINK)).filter((v) => v.proto === IPPROTO_TCP && v.src === CLIENT_IP && v.payload[13] === TCP_SYN);
      assert.deepEqual(wire.map((v) => [formatIp4(v.dst), ...ports(v)]), [['172.16.109.65', 40001, 80]]);
      assert.equal(connections(s.dataplane, 0).length, 1);
    });

    it('rr alternates; the second endpoint is the client itself: masqueraded to the node address (hairpin)', () => {
      const { s, seen } = sim(engine);
      fromClient(s, IPPROTO_TCP, syn(40000));
      fromClient(s, IPPROTO_TCP, syn(40001));
      fromClient(s, IPPROTO_TCP, syn(40002));
      const toSelf = packets(seen, podPoint(CLIENT)).filter((v) => v.proto === IPPROTO_TCP && v.dst === CLIENT_IP && v.payload[13] === TCP_SYN);
      assert.equal(toSelf.length, 1);
      assert.equal(formatIp4(toSelf[0].src), '192.168.0.11');
      assert.deepEqual(ports(toSelf[0]), [40001, 80]);
      assert.ok(tcpOk(toSelf[0]));
      const remote = packets(seen, nodePoint(0, IF_UPLINK)).filter((v) => v.src === CLIENT_IP && v.payload[13] === TCP_SYN);
      assert.deepEqual(remote.map((v) => ports(v)[0]), [40000, 40002]);
      // SYN, SYN-ACK, then the client's RST (no socket for the injected SYN): SYN_RECV, 60 s
      const conns = connections(s.dataplane, 0);
      assert.equal(conns.length, 3);
      assert.ok(conns.every((c) => c.expiresInMs <= 60000 && c.expiresInMs > 50000), JSON.stringify(conns));
      assert.ok(seen.some((x) => x.point === podPoint(CLIENT) && packets([x], x.point).some((v) => v.proto === IPPROTO_TCP && v.src === CLIENT_IP && (v.payload[13] & TCP_RST))));
    });

    it('a SYN rp_filter drops never reaches IPVS: no connection, the rr cursor stays (fib_validate_source runs in ip_route_input_slow, before LOCAL_IN)', () => {
      const { s, seen } = sim(engine);
      // from the client's cali with a source that is not the client's: strict rp_filter drops it
      fromClient(s, IPPROTO_TCP, tcpSegment({ sport: 41000, dport: 8888, seq: 1, ack: 0, flags: TCP_SYN, window: 64240 }, { src: ip('172.16.196.9'), dst: VIP }), VIP, ip('172.16.196.9'));
      assert.equal(readNodeCounters(s.dataplane, 0).drops.rpFilter, 1);
      assert.deepEqual(connections(s.dataplane, 0), []);
      fromClient(s, IPPROTO_TCP, syn(40000)); // still the first real server
      const wire = packets(seen, nodePoint(0, IF_UPLINK)).filter((v) => v.proto === IPPROTO_TCP && v.src === CLIENT_IP && v.payload[13] === TCP_SYN);
      assert.deepEqual(wire.map((v) => [formatIp4(v.dst), ...ports(v)]), [['172.16.109.65', 40000, 80]]);
    });

    it('a SYN to the VIP with a malformed option: 12/0 from the VIP quoting it as sent, no connection, the rr cursor stays (ip_rcv_options runs before LOCAL_IN)', () => {
      const { s, seen } = sim(engine);
      fromClientWith(s, [7, 1, 0, 0], IPPROTO_TCP, syn(40000));
      const err = packets(seen, podPoint(CLIENT)).find((v) => v.proto === IPPROTO_ICMP && v.dst === CLIENT_IP);
      assert.ok(err);
      assert.equal(err.src, VIP);
      assert.deepEqual([err.payload[0], err.payload[1], err.payload[4]], [12, 0, 20]); // pointer: the option (its length is the fault)
      const quoted = ipv4Parse(err.payload.subarray(8)) as Ipv4View;
      assert.equal(quoted.dst, VIP);
      assert.deepEqual(ports(quoted), [40000, 8888]);
      assert.deepEqual(connections(s.dataplane, 0), []);
      assert.equal(readNodeCounters(s.dataplane, 0).drops.ipBadOptions, 1);
      fromClient(s, IPPROTO_TCP, syn(40001)); // still the first real server
      const wire = packets(seen, nodePoint(0, IF_UPLINK)).filter((v) => v.proto === IPPROTO_TCP && v.src === CLIENT_IP && v.payload[13] === TCP_SYN);
      assert.deepEqual(wire.map((v) => [formatIp4(v.dst), ...ports(v)]), [['172.16.109.65', 40001, 80]]);
    });

    it("record route in a request to the VIP: the slot holds the VIP (the local route's spec_dst) and ip_vs_nat_xmit adds no forward entry", () => {
      const { s, seen } = sim(engine);
      fromClientWith(s, [7, 15, 4, ...new Array(13).fill(0)], IPPROTO_TCP, syn(40000));
      const out = packets(seen, nodePoint(0, IF_UPLINK)).find((v) => v.proto === IPPROTO_TCP && v.src === CLIENT_IP)!;
      assert.equal(formatIp4(out.dst), '172.16.109.65');
      const o = out.packet.subarray(20, out.packet.length - out.payload.length);
      assert.deepEqual([...o.subarray(0, 11)], [7, 15, 8, ...[10, 96, 192, 105], 0, 0, 0, 0]);
      assert.equal(internetChecksum(out.packet, 0, 20 + o.length), 0, 'IP header checksum');
      assert.equal(out.ttl, 63);
    });

    it('records expire on the simulation clock', () => {
      const { s } = sim(engine);
      fromClient(s, IPPROTO_TCP, syn(40000));
      assert.equal(connections(s.dataplane, 0).length, 1);
      s.clock.advance(61 * NS_PER_S); // SYN_RECV: 60 s
      fromClient(s, IPPROTO_TCP, syn(40001), ip('172.16.196.9'), CLIENT_IP); // not a VIP: steps node 0 later
      assert.equal(connections(s.dataplane, 0).length, 0);
    });

    it('a full conntrack bucket is a counted drop (DROP_CT_FULL), never an overwrite', () => {
      const { s } = sim(engine, undefined, { conntrackBuckets: 1 }); // 4 records: two connections
      for (let i = 0; i < 3; i++) fromClient(s, IPPROTO_TCP, syn(41000 + i));
      assert.equal(connections(s.dataplane, 0).length, 2);
      assert.equal(readNodeCounters(s.dataplane, 0).drops.ctFull, 1);
    });

    it('a VIP without real servers answers ICMP port unreachable from the VIP (ip_vs_leave)', () => {
      const { s, seen } = sim(engine, (spec) => {
        spec.services!.push({ namespace: 'default', name: 'empty', clusterIP: '10.96.0.50', endpoints: [], ports: [{ port: 80 }] });
      });
      fromClient(s, IPPROTO_TCP, syn(40000, ip('10.96.0.50'), 80), ip('10.96.0.50'));
      const err = packets(seen, podPoint(CLIENT)).find((v) => v.proto === IPPROTO_ICMP && v.dst === CLIENT_IP);
      assert.ok(err, seen.map((x) => x.point).join(' '));
      assert.equal(formatIp4(err.src), '10.96.0.50');
      assert.deepEqual([err.payload[0], err.payload[1]], [3, 3]);
      assert.equal(readNodeCounters(s.dataplane, 0).drops.ipvsNoDest, 1);
    });

    it('UDP to kube-dns: the port unreachable from coredns is translated back to the VIP, quote included', () => {
      const { s, seen } = sim(engine);
      const dns = ip('10.96.0.10');
      fromClient(s, IPPROTO_UDP, udpDatagram(5353, 53, new Uint8Array(12), { src: CLIENT_IP, dst: dns }), dns);
      const atCoredns = packets(seen, podPoint('kube-system/coredns-7c445fd599-glfl5')).find((v) => v.proto === IPPROTO_UDP)!;
      assert.equal(formatIp4(atCoredns.dst), '172.16.196.2');
      const err = packets(seen, podPoint(CLIENT)).find((v) => v.proto === IPPROTO_ICMP && v.dst === CLIENT_IP)!;
      assert.equal(err.src, dns);
      assert.equal(internetChecksum(err.payload, 0, err.payload.length), 0, 'ICMP checksum redone');
      const quoted = ipv4Parse(err.payload.subarray(8)) as Ipv4View;
      assert.equal(quoted.dst, dns);
      assert.equal(quoted.src, CLIENT_IP);
      assert.deepEqual(ports(quoted), [5353, 53]);
      assert.equal(internetChecksum(quoted.packet, 0, 20), 0, 'quoted header checksum redone');
      assert.ok(s.dataplane.nodes[0].pods.some((p) => p.iface >= IF_FIRST_CALI));
    });
  });
}

describe('IPVS: both engines write the same bytes', () => {
  it('ClusterIP, hairpin and kube-dns traffic', () => {
    const run = (engine: 'wasm' | 'ts') => {
      const { s, seen } = sim(engine);
      for (let i = 0; i < 4; i++) fromClient(s, IPPROTO_TCP, syn(42000 + i));
      fromClient(s, IPPROTO_UDP, udpDatagram(5353, 53, new Uint8Array(4), { src: CLIENT_IP, dst: ip('10.96.0.10') }), ip('10.96.0.10'));
      return seen.map((x) => `${x.point} ${Buffer.from(x.frame).toString('hex')}`);
    };
    assert.deepEqual(run('ts'), run('wasm'));
  });
});
