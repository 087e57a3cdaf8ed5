// IPVS persistence (sessionAffinity ClientIP) in the core, both engines, frames injected at the
// client's cali: a template per (protocol, client, vip, vport) binds new connections to one
// real server without moving the rr cursor (ip_vs_sched_persist); a template is a record of the
// bounded table, never a packet's match and never a packet: a full bucket when it is made, or
// when the connection after it is made, is a counted drop (DROP_CT_FULL) and the table never
// grows; UDP has its own templates. A property run: random traffic and clock jumps against small
// tables, both engines leave the same bytes in the table and on the wire, and while a client's
// template lives every new connection of it goes to the template's real server.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import type { ClusterSpec } from '../../host/cluster/types.ts';
import { Simulation, nodePoint } from '../../host/sim/simulation.ts';
import { connections, ipvsEntries } from '../../host/dataplane/conntrack.ts';
import { readNodeCounters } from '../../host/dataplane/counters.ts';
import { tcpSegment, TCP_ACKF, TCP_FIN, TCP_RST, TCP_SYN } from '../../host/net/tcp.ts';
import { udpDatagram } from '../../host/net/udp.ts';
import { ipv4Packet, ipv4Parse, IPPROTO_IPIP, IPPROTO_TCP, IPPROTO_UDP, IPV4_DF, type Ipv4View } from '../../host/net/ipv4.ts';
import { ethFrame, ETHERTYPE_IPV4 } from '../../host/net/ethernet.ts';
import { formatIp4, parseIp4, parseMac } from '../../host/net/addr.ts';
import { NS_PER_MS, NS_PER_S } from '../../host/time.ts';
import { IF_UPLINK } from '../../host/layout.ts';

const CLIENT = 'devops/busybox-77649b9c55-r6bx9';
const CLIENT_IP = parseIp4('172.16.196.1')!;
const CLIENT_MAC = parseMac('86:9c:03:9e:db:9f')!;
const VETH_MAC = parseMac('ee:ee:ee:ee:ee:ee')!;
const VIP = parseIp4('10.96.192.105')!;
const DNS = parseIp4('10.96.0.10')!;

/** The seed with the busybox Service sticky (and a UDP port next to its TCP one). */
function sim(engine: 'wasm' | 'ts', conntrackBuckets?: number, timeout = 10800) {
  const spec: ClusterSpec = defaultClusterSpec();
  const svc = spec.services!.find((s) => s.name === 'busybox')!;
  svc.sessionAffinity = 'ClientIP';
  svc.sessionAffinityTimeoutSeconds = timeout;
  svc.ports.push({ name: 'udp', protocol: 'UDP', port: 8888, targetPort: 80 });
  const s = new Simulation(buildCluster(spec), { engine, ipvs: conntrackBuckets ? { conntrackBuckets } : {} });
  const seen: { point: string; frame: Uint8Array }[] = [];
  s.listen((point, _t, frame) => seen.push({ point, frame }));
  return { s, seen };
}

function send(s: Simulation, proto: number, l4: Uint8Array, dst = VIP): void {
  const p = ipv4Packet({ tos: 0, id: 7, flagsFrag: IPV4_DF, ttl: 64, proto, src: CLIENT_IP, dst }, l4);
  s.inject({ pod: CLIENT }, ethFrame(VETH_MAC, CLIENT_MAC, ETHERTYPE_IPV4, p));
  s.clock.run(() => false, s.clock.now + NS_PER_S / 10);
}
const tcp = (sport: number, flags = TCP_SYN, dst = VIP, dport = 8888) =>
  tcpSegment({ sport, dport, seq: 1000, ack: flags & TCP_ACKF ? 1 : 0, flags, window: 64240 }, { src: CLIENT_IP, dst });
const udp = (sport: number) => udpDatagram(sport, 8888, new Uint8Array(8), { src: CLIENT_IP, dst: VIP });

/** Where the client's SYNs (or datagrams) left node 0 for: real server:sport of each, in order. */
function dnat(seen: { point: string; frame: Uint8Array }[], proto: number): string[] {
  return seen.filter((x) => x.point === nodePoint(0, IF_UPLINK)).map((x) => {
    const v = ipv4Parse(x.frame.subarray(14)) as Ipv4View;
    const inner = v.proto === IPPROTO_IPIP ? (ipv4Parse(v.payload) as Ipv4View) : v;
    return inner;
  }).filter((v) => v.proto === proto && v.src === CLIENT_IP && (proto !== IPPROTO_TCP || v.payload[13] === TCP_SYN)).map((v) => `${formatIp4(v.dst)}:${(v.payload[0] << 8) | v.payload[1]}`);
}
const entries = (s: Simulation) => ipvsEntries(s.dataplane, 0);
/** Node 0's whole conntrack table, as hex. */
function table(s: Simulation): string {
  const ipvs = s.dataplane.nodes[0].ipvs!;
  return Buffer.from(s.dataplane.mem.u8.subarray(ipvs.ctTable, ipvs.ctTable + ipvs.ctBytes)).toString('hex');
}

for (const engine of ['wasm', 'ts'] as const) {
  describe(`IPVS persistence in the core (${engine})`, () => {
    it('SYNs from one client with other ports: one template, every connection on its real server (the hairpin one never chosen)', () => {
      const { s, seen } = sim(engine);
      for (let i = 0; i < 4; i++) send(s, IPPROTO_TCP, tcp(43000 + i));
      assert.deepEqual(dnat(seen, IPPROTO_TCP), ['172.16.109.65:43000', '172.16.109.65:43001', '172.16.109.65:43002', '172.16.109.65:43003']);
      const t = entries(s).filter((e) => e.kind === 'template');
      assert.equal(t.length, 1);
      assert.deepEqual(t.map((e) => e.kind === 'template' && [formatIp4(e.client), formatIp4(e.vip), e.vport, formatIp4(e.dest), e.dport, e.proto]), [['172.16.196.1', '10.96.192.105', 8888, '172.16.109.65', 80, IPPROTO_TCP]]);
      assert.equal(connections(s.dataplane, 0).length, 4);
      // a template counts nowhere as a packet: the node's books are those of four SYNs
      const c = readNodeCounters(s.dataplane, 0);
      assert.equal(c.drops.ctFull ?? 0, 0);
    });

    it('a TCP segment with source port 0 and the template\'s tuple is not taken for it (a template is never a packet\'s match)', () => {
      const { s, seen } = sim(engine);
      send(s, IPPROTO_TCP, tcp(43000));
      send(s, IPPROTO_TCP, tcp(0, TCP_ACKF)); // no connection: not a SYN, IPVS leaves it alone
      assert.deepEqual(dnat(seen, IPPROTO_TCP), ['172.16.109.65:43000']);
    });

    it('UDP datagrams from other ports: one UDP template (the protocol is part of the key) next to the TCP one', () => {
      const { s, seen } = sim(engine);
      send(s, IPPROTO_TCP, tcp(43000));
      for (let i = 0; i < 3; i++) send(s, IPPROTO_UDP, udp(5000 + i));
      send(s, IPPROTO_TCP, tcp(43001));
      assert.deepEqual(dnat(seen, IPPROTO_TCP), ['172.16.109.65:43000', '172.16.109.65:43001']);
      assert.deepEqual(dnat(seen, IPPROTO_UDP), ['172.16.109.65:5000', '172.16.109.65:5001', '172.16.109.65:5002']);
      const t = entries(s).filter((e) => e.kind === 'template').map((e) => e.kind === 'template' && `${e.proto} ${formatIp4(e.dest)}:${e.dport}`).sort();
      assert.deepEqual(t, ['17 172.16.109.65:80', '6 172.16.109.65:80']);
      assert.equal(connections(s.dataplane, 0).filter((c) => c.proto === IPPROTO_UDP).length, 3);
    });

    it('a full bucket for the connection after its template: DROP_CT_FULL, the template stays, four records at most', () => {
      const { s, seen } = sim(engine, 1); // one bucket of four records
      send(s, IPPROTO_TCP, tcp(43000)); // template + two records
      send(s, IPPROTO_TCP, tcp(43001)); // the template binds, one record left: no room for two
      assert.deepEqual(dnat(seen, IPPROTO_TCP), ['172.16.109.65:43000']);
      assert.equal(readNodeCounters(s.dataplane, 0).drops.ctFull ?? 0, 1);
      assert.deepEqual(entries(s).map((e) => e.kind), ['template', 'connection']);
    });

    it('a full bucket for the template: DROP_CT_FULL, no connection, nothing written', () => {
      const { s, seen } = sim(engine, 1);
      send(s, IPPROTO_TCP, tcp(43000, TCP_SYN, DNS, 53), DNS); // kube-dns TCP: not sticky, two records
      send(s, IPPROTO_TCP, tcp(43001, TCP_SYN, DNS, 53), DNS); // the bucket is full
      assert.deepEqual(entries(s).map((e) => e.kind), ['connection', 'connection']);
      const before = table(s);
      send(s, IPPROTO_TCP, tcp(43002));
      assert.deepEqual(dnat(seen, IPPROTO_TCP).filter((d) => d.startsWith('172.16.109.65')), []);
      assert.equal(readNodeCounters(s.dataplane, 0).drops.ctFull ?? 0, 1);
      assert.equal(table(s), before);
    });

    it('the template dies with its timer once no connection it controls is alive: the next SYN is scheduled by rr', () => {
      const { s, seen } = sim(engine, undefined, 5);
      send(s, IPPROTO_TCP, tcp(43000)); // SYN_RECV after the answer's SYN-ACK and the client's RST: CLOSE, 10 s
      const [conn] = connections(s.dataplane, 0);
      assert.ok(conn.expiresInMs <= 60000, JSON.stringify(conn));
      s.clock.advance((conn.expiresInMs + 61000) * NS_PER_MS); // past the connection and the 60 s step after it
      send(s, IPPROTO_TCP, tcp(43001));
      send(s, IPPROTO_TCP, tcp(43002));
      const d = dnat(seen, IPPROTO_TCP);
      assert.equal(d[0], '172.16.109.65:43000');
      assert.equal(d.length, 1, 'rr moved on to the hairpin real server, which is the client: not on the uplink');
      assert.deepEqual(entries(s).filter((e) => e.kind === 'template').map((e) => e.kind === 'template' && formatIp4(e.dest)), ['172.16.196.1']);
    });
  });
}

describe('IPVS persistence: a property run against small tables, both engines', function () {
  this.timeout(120000);
  type Op = { kind: 'tcp'; sport: number; flags: number } | { kind: 'udp'; sport: number } | { kind: 'wait'; ms: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('tcp' as const), sport: fc.integer({ min: 0, max: 7 }).map((i) => 44000 + i), flags: fc.constantFrom(TCP_SYN, TCP_SYN, TCP_ACKF, TCP_FIN | TCP_ACKF, TCP_RST) }),
    fc.record({ kind: fc.constant('udp' as const), sport: fc.integer({ min: 0, max: 3 }).map((i) => 5000 + i) }),
    fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(1000, 9000, 30000, 61000, 130000, 400000) }),
  );

  it('same bytes in the table and on the wire; a live template decides every new connection', () => {
    fc.assert(fc.property(fc.constantFrom(1, 2, 8), fc.constantFrom(1, 20, 10800), fc.array(op, { minLength: 1, maxLength: 40 }), (buckets, timeout, ops) => {
      const runs = (['wasm', 'ts'] as const).map((engine) => {
        const { s, seen } = sim(engine, buckets, timeout);
        for (const o of ops) {
          if (o.kind === 'wait') {
            s.clock.advance(o.ms * NS_PER_MS);
            continue;
          }
          const tplBefore = entries(s).find((e) => e.kind === 'template' && e.proto === (o.kind === 'tcp' ? IPPROTO_TCP : IPPROTO_UDP));
          const connsBefore = connections(s.dataplane, 0).length;
          const n = seen.length;
          if (o.kind === 'tcp') send(s, IPPROTO_TCP, tcp(o.sport, o.flags));
          else send(s, IPPROTO_UDP, udp(o.sport));
          // a new connection while the template lives goes to its real server
          const made = connections(s.dataplane, 0).filter((c) => c.orig.sport === o.sport && c.proto === (o.kind === 'tcp' ? IPPROTO_TCP : IPPROTO_UDP));
          if (tplBefore?.kind === 'template' && made.length === 1 && connections(s.dataplane, 0).length > connsBefore) {
            assert.equal(made[0].reply.src, tplBefore.dest, `${o.kind} ${o.sport}: not on the template's real server`);
          }
          assert.ok(seen.length >= n);
        }
        assert.ok(entries(s).length <= buckets * 4);
        return { table: table(s), frames: seen.map((x) => `${x.point} ${Buffer.from(x.frame).toString('hex')}`), counters: JSON.stringify(readNodeCounters(s.dataplane, 0)) };
      });
      assert.deepEqual(runs[1], runs[0]);
    }), { seed: 20261203, numRuns: 60 });
  });
});
