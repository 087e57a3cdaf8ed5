// tcp_v4_err on the pod's sockets: which ICMP errors end a connect() and with which errno
// (icmp_err_convert), which are stale (a quoted sequence number outside snd_una..snd_nxt) or
// soft (a synchronized connection only records sk_err_soft), and the request socket a listener
// drops (tcp_req_err). The segments are the sockets' own, the quotes built from them.
import assert from 'node:assert/strict';
import { ipv4Packet, ipv4Parse, IPPROTO_TCP } from '../../host/net/ipv4.ts';
import { TcpSockets, type TcpConn, type TcpEnv } from '../../host/pod/tcp.ts';
import type { Errno } from '../../host/pod/errno.ts';
import type { IpOptions } from '../../host/pod/options.ts';
import { SimClock } from '../../host/sim/clock.ts';

const POD = 0x0a000002, PEER = 0x0a000003;
const NO_OPTIONS: IpOptions = { optlen: 0, srr: 0, rr: 0, ts: 0, rrNeedAddr: false, tsNeedAddr: false, tsNeedTime: false };

function sockets(local = POD, ownedNs = 0) {
  const clock = new SimClock();
  const sent: Uint8Array[] = [];
  const env: TcpEnv = {
    now: () => clock.now, at: (t, r) => clock.at(t, r), derive: (l) => [...l].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261),
    send: (dst, src, seg) => { sent.push(ipv4Packet({ src, dst, proto: IPPROTO_TCP, ttl: 64, id: 1 }, seg)); return true; },
    mss: 1460, wakeNs: 0, ownedNs,
  };
  return { tcp: new TcpSockets(env, local), sent, clock };
}

/** A segment arrives whole at `to` (tcp_v4_rcv). */
function deliver(to: TcpSockets, packet: Uint8Array): void {
  const ip = ipv4Parse(packet);
  if (typeof ip === 'string') throw new Error(ip);
  to.input({ ip, opts: NO_OPTIONS, host: true, loopback: false });
}

/** The quote an ICMP error carries: the IP header and the first 8 octets of TCP. */
const quote = (ip: Uint8Array): Uint8Array => ip.slice(0, 28);

function connecting(ownedNs = 0) {
  const s = sockets(POD, ownedNs);
  const failed: Errno[] = [];
  const c: TcpConn = s.tcp.connect(PEER, 80, { failed: (_c, e) => failed.push(e) });
  return { ...s, c, failed, syn: s.sent[0] };
}

describe('pod TCP: ICMP errors about its segments (tcp_v4_err)', () => {
  const cases: [string, number, number, Errno | null][] = [
    ['port unreachable (IPVS without real servers)', 3, 3, 'ECONNREFUSED'],
    ['net unreachable', 3, 0, 'ENETUNREACH'],
    ['host unreachable (a neighbour that never answered)', 3, 1, 'EHOSTUNREACH'],
    ['protocol unreachable', 3, 2, 'ENOPROTOOPT'],
    ['host unknown', 3, 7, 'EHOSTDOWN'],
    ['communication administratively prohibited', 3, 13, 'EHOSTUNREACH'],
    ['time exceeded in transit', 11, 0, 'EHOSTUNREACH'],
    ['parameter problem', 12, 0, 'EPROTO'],
    ['fragmentation needed: PMTU, not an error', 3, 4, null],
    ['a dest-unreach code above NR_ICMP_UNREACH', 3, 16, null],
    ['source quench', 4, 0, null],
    ['redirect', 5, 1, null],
  ];
  for (const [what, type, code, want] of cases) {
    it(`SYN_SENT, ${what} (${type}/${code}): ${want ?? 'ignored'}`, () => {
      const k = connecting();
      k.tcp.icmpError(quote(k.syn), type, code);
      assert.deepEqual(k.failed, want ? [want] : []);
      assert.equal(k.c.state, want ? 'CLOSED' : 'SYN_SENT');
      assert.equal(k.tcp.list().length, want ? 0 : 1);
    });
  }

  it('a quote whose sequence number is not the SYN\'s is stale (OUTOFWINDOWICMPS): ignored', () => {
    const k = connecting();
    const q = quote(k.syn);
    q[20 + 7] ^= 0x80; // seq + 128: beyond snd_nxt
    k.tcp.icmpError(q, 3, 3);
    assert.deepEqual([k.failed, k.c.state], [[], 'SYN_SENT']);
  });

  it('a quote naming another socket (other port, other address) finds none', () => {
    const k = connecting();
    const q = quote(k.syn);
    q[20 + 1] ^= 1; // source port
    k.tcp.icmpError(q, 3, 3);
    const r = quote(k.syn);
    r[19] ^= 1; // destination address
    k.tcp.icmpError(r, 3, 3);
    assert.deepEqual([k.failed, k.c.state], [[], 'SYN_SENT']);
  });

  it('a synchronized connection keeps going (sk_err_soft only)', () => {
    const k = connecting();
    const server = sockets(PEER);
    server.tcp.listen(80, () => {});
    deliver(server.tcp, k.syn);
    deliver(k.tcp, server.sent[0]); // SYN-ACK
    deliver(server.tcp, k.sent[1]); // ACK
    assert.equal(k.c.state, 'ESTABLISHED');
    k.c.send(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'));
    k.tcp.icmpError(quote(k.sent[2]), 3, 1);
    assert.deepEqual([k.failed, k.c.state], [[], 'ESTABLISHED']);
  });

  it('a listener\'s request socket is dropped on host unreachable about its SYN-ACK, not on port unreachable (tcp_req_err)', () => {
    for (const [code, gone] of [[3, false], [1, true]] as const) {
      const k = connecting();
      const server = sockets(PEER);
      server.tcp.listen(80, () => {});
      deliver(server.tcp, k.syn);
      assert.equal(server.tcp.list()[0].state, 'SYN_RECV');
      server.tcp.icmpError(quote(server.sent[0]), 3, code);
      assert.equal(server.tcp.list().length, gone ? 0 : 1, `code ${code}`);
    }
  });

  it('an unanswered SYN goes again after 1, 3, 7, 15, 31 and 63 s (same sequence number); connect() gives up at 127 s with ETIMEDOUT', () => {
    const k = connecting();
    k.clock.run(() => false, 200e9);
    assert.equal(k.sent.length, 7);
    for (const p of k.sent) assert.deepEqual([p[33] & 0x3f, p.subarray(24, 28)], [0x02, k.syn.subarray(24, 28)]);
    assert.deepEqual(k.failed, ['ETIMEDOUT']);
  });

  it('an error while connect() holds the socket is soft: the retransmitted SYN\'s error ends it; without one the soft error is what connect() reports at 127 s', () => {
    const k = connecting(1000);
    k.tcp.icmpError(quote(k.syn), 3, 3); // at once: under the lock
    assert.deepEqual([k.failed, k.c.state], [[], 'SYN_SENT']);
    k.clock.run(() => k.sent.length >= 2, 2e9);
    assert.equal(k.sent.length, 2);
    k.tcp.icmpError(quote(k.sent[1]), 3, 3);
    assert.deepEqual([k.failed, k.c.state], [['ECONNREFUSED'], 'CLOSED']);

    const q = connecting(1000);
    q.tcp.icmpError(quote(q.syn), 3, 1);
    q.clock.run(() => false, 200e9);
    assert.deepEqual(q.failed, ['EHOSTUNREACH']); // tcp_write_err: sk_err_soft before ETIMEDOUT
  });
});
