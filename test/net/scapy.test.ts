// host/net against scapy, a packet library nobody here wrote (test/net/scapy_frames.py, run
// with Debian's /usr/bin/python3): the same packets built by both must be the same octets,
// and our parsers must read scapy's octets back to the fields it was given.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseIp4, parseMac } from '../../host/net/addr.ts';
import { ARPOP_REPLY, ARPOP_REQUEST, arpPacket, arpParse } from '../../host/net/arp.ts';
import { BROADCAST_MAC, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETH_HDR_LEN, ZERO_MAC, ethFrame, ethParse } from '../../host/net/ethernet.ts';
import { echoFrame } from '../../host/net/frames.ts';
import {
  ICMP_DEST_UNREACH, ICMP_ECHO, ICMP_ECHO_REPLY, ICMP_FRAG_NEEDED, ICMP_PORT_UNREACH, ICMP_TIME_EXCEEDED, icmpEchoRest,
  icmpMessage, icmpParse,
} from '../../host/net/icmp.ts';
import { IPPROTO_ICMP, IPPROTO_UDP, IPV4_DF, IPV4_HDR_LEN, IPV4_MF, ipv4Packet, ipv4Parse, type Ipv4Fields } from '../../host/net/ipv4.ts';
import { udpDatagram, udpParse } from '../../host/net/udp.ts';
import { HAVE_SCAPY } from '../capture/support.ts';
import { hexOf } from './hex.ts';

const SCRIPT = fileURLToPath(new URL('./scapy_frames.py', import.meta.url));
const ip = (s: string): number => parseIp4(s)!;
const mac = (s: string): Uint8Array => parseMac(s)!;
const POD = mac('86:9c:03:9e:db:9f');
const VETH = mac('ee:ee:ee:ee:ee:ee');
const A = ip('172.16.196.1');
const B = ip('172.16.109.65');
const NODE0 = ip('192.168.0.11');
const seq = (n: number, f: (i: number) => number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => f(i));

/** icmp_send's quote: the offending packet's header and its first 8 payload octets. */
const quote = (p: Uint8Array): Uint8Array => p.slice(0, (p[0] & 15) * 4 + 8);

describe('net: the same packets as scapy', function () {
  let want: Record<string, string | string[]>;
  before(function () {
    if (!HAVE_SCAPY) this.skip(); // CI installs python3-scapy; locally: apt-get install python3-scapy
    const r = spawnSync('/usr/bin/python3', [SCRIPT], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`scapy_frames.py failed (${r.status}): ${r.stderr}`);
    want = JSON.parse(r.stdout);
  });
  const hex = (name: string): string => want[name] as string;
  const octets = (name: string): Uint8Array => Uint8Array.from(Buffer.from(hex(name), 'hex'));

  it('IPv4 + ICMP echo request (busybox, 56 zero octets)', () => {
    const ours = echoFrame({ dstMac: VETH, srcMac: POD, ip: { id: 63022, flagsFrag: IPV4_DF, ttl: 64, src: A, dst: B }, type: ICMP_ECHO, id: 29, seq: 0 }, 98);
    assert.equal(hexOf(ours), hex('echo_request'));
    const e = ethParse(octets('echo_request'));
    assert.ok(typeof e !== 'string' && e.type === ETHERTYPE_IPV4);
    const p = ipv4Parse(e.payload);
    assert.ok(typeof p !== 'string');
    assert.deepEqual([p.src, p.dst, p.id, p.flagsFrag, p.ttl, p.proto, p.totalLen], [A, B, 63022, IPV4_DF, 64, IPPROTO_ICMP, 84]);
    const m = icmpParse(p.payload);
    assert.ok(typeof m !== 'string' && m.type === ICMP_ECHO && m.rest === icmpEchoRest(29, 0) && m.data.length === 56);
  });

  it('IPv4 + ICMP echo reply with TOS and an odd data length', () => {
    const icmp = icmpMessage(ICMP_ECHO_REPLY, 0, icmpEchoRest(29, 7), seq(37, (i) => i + 1));
    const ours = ethFrame(POD, VETH, ETHERTYPE_IPV4, ipv4Packet({ tos: 0xb8, id: 35773, ttl: 62, proto: IPPROTO_ICMP, src: B, dst: A }, icmp));
    assert.equal(hexOf(ours), hex('echo_reply_odd'));
  });

  it('ICMP errors quoting the offending packet: time exceeded, frag needed (MTU), port unreachable', () => {
    const err = (type: number, code: number, rest: number, quoted: Uint8Array, f: Partial<Ipv4Fields>): string =>
      hexOf(ipv4Packet({ id: 0, ttl: 64, proto: IPPROTO_ICMP, src: NODE0, dst: A, ...f }, icmpMessage(type, code, rest, quote(quoted))));
    const probe = ipv4Packet({ id: 4242, flagsFrag: IPV4_DF, ttl: 1, proto: IPPROTO_ICMP, src: A, dst: B }, icmpMessage(ICMP_ECHO, 0, icmpEchoRest(29, 3), new Uint8Array(56)));
    assert.equal(err(ICMP_TIME_EXCEEDED, 0, 0, probe, { id: 1, tos: 0xc0 }), hex('time_exceeded'));
    const big = ipv4Packet({ id: 4243, flagsFrag: IPV4_DF, ttl: 64, proto: IPPROTO_UDP, src: A, dst: B }, udpDatagram(40000, 9, new Uint8Array(1472), { src: A, dst: B }));
    assert.equal(err(ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, 1480, big, { id: 2, tos: 0xc0 }), hex('frag_needed'));
    const udp = ipv4Packet({ id: 9, ttl: 64, proto: IPPROTO_UDP, src: A, dst: B }, udpDatagram(40001, 53, Uint8Array.of(0x61, 0x62, 0x63), { src: A, dst: B }));
    assert.equal(err(ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, udp, { id: 3, src: B }), hex('port_unreach'));

    const p = ipv4Parse(octets('frag_needed'));
    assert.ok(typeof p !== 'string');
    const m = icmpParse(p.payload);
    assert.ok(typeof m !== 'string');
    assert.deepEqual([m.type, m.code, m.rest & 0xffff], [ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, 1480]);
    const inner = ipv4Parse(m.data);
    assert.equal(inner, 'truncated', 'the quote holds 28 octets of a 1500-octet packet');
  });

  it('ARP request and reply', () => {
    const req = ethFrame(BROADCAST_MAC, POD, ETHERTYPE_ARP, arpPacket({ op: ARPOP_REQUEST, sha: POD, spa: A, tha: ZERO_MAC, tpa: ip('169.254.1.1') }));
    assert.equal(hexOf(req), hex('arp_request'));
    const rep = ethFrame(POD, VETH, ETHERTYPE_ARP, arpPacket({ op: ARPOP_REPLY, sha: VETH, spa: ip('169.254.1.1'), tha: POD, tpa: A }));
    assert.equal(hexOf(rep), hex('arp_reply'));
    assert.deepEqual(arpParse(octets('arp_reply').subarray(ETH_HDR_LEN)), { op: ARPOP_REPLY, sha: VETH, spa: ip('169.254.1.1'), tha: POD, tpa: A });
  });

  it('UDP with the pseudo-header checksum: even, odd, and a computed 0 sent as 0xffff', () => {
    const udp = (id: number, sport: number, dport: number, data: Uint8Array): string =>
      hexOf(ipv4Packet({ id, ttl: 64, proto: IPPROTO_UDP, src: A, dst: B }, udpDatagram(sport, dport, data, { src: A, dst: B })));
    assert.equal(udp(5, 40000, 53, Buffer.from('calico-ipip-sim!')), hex('udp_even'));
    assert.equal(udp(6, 40000, 53, Buffer.from('odd')), hex('udp_odd'));
    assert.equal(udp(7, 40002, 9, Buffer.from(hex('udp_zero_sum_data'), 'hex')), hex('udp_zero_sum'));
    for (const name of ['udp_even', 'udp_odd', 'udp_zero_sum']) {
      const p = ipv4Parse(octets(name));
      assert.ok(typeof p !== 'string');
      assert.ok(typeof udpParse(p.payload, { src: p.src, dst: p.dst }) !== 'string', `${name}: checksum verifies`);
    }
  });

  it('IPv4 fragments of a 3000-octet echo over a 1480-octet MTU (ip_fragment)', () => {
    const icmp = icmpMessage(ICMP_ECHO, 0, icmpEchoRest(29, 1), seq(2992, (i) => i & 255));
    const f: Ipv4Fields = { id: 777, ttl: 64, proto: IPPROTO_ICMP, src: A, dst: B };
    assert.equal(hexOf(ipv4Packet(f, icmp)), hex('frag_whole'));
    const per = (1480 - IPV4_HDR_LEN) & ~7;
    const ours: string[] = [];
    for (let off = 0; off < icmp.length; off += per) {
      const last = off + per >= icmp.length;
      ours.push(hexOf(ipv4Packet({ ...f, flagsFrag: (last ? 0 : IPV4_MF) | (off / 8) }, icmp.subarray(off, off + per))));
    }
    assert.deepEqual(ours, want.frags);
    for (const h of want.frags as string[]) {
      const p = ipv4Parse(Uint8Array.from(Buffer.from(h, 'hex')));
      assert.ok(typeof p !== 'string' && p.id === 777);
    }
  });
});
