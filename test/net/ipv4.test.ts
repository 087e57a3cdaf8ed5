// host/net/ipv4.ts in smoltcp style around annotated packets: deconstruct, construct, the
// checks of ip_rcv_core as typed errors, and options.
import assert from 'node:assert/strict';
import { st16be } from '../../host/net/endian.ts';
import {
  IPPROTO_ICMP, IPV4_DF, IPV4_MF, ipv4Emit, ipv4FillChecksum, ipv4Header, ipv4Packet, ipv4Parse, ipv4PseudoSum,
  type Ipv4Fields,
} from '../../host/net/ipv4.ts';
import { bytes, hexOf } from './hex.ts';

// busybox's echo request of the seed's first ping (IP id 63022, ICMP id 29) with 4 octets of data.
const PACKET = bytes(`
  45 00 00 20    # version 4, IHL 5, tos 0, total length 32
  f6 2e 40 00    # id 63022, flags DF, offset 0
  40 01 bb 4a    # ttl 64, protocol ICMP, header checksum
  ac 10 c4 01    # source 172.16.196.1
  ac 10 6d 41    # destination 172.16.109.65
  08 00 19 12    # ICMP echo request, checksum
  00 1d 00 00    # id 29, seq 0
  70 69 6e 67    # "ping"
`);

const FIELDS: Ipv4Fields = { id: 63022, flagsFrag: IPV4_DF, ttl: 64, proto: IPPROTO_ICMP, src: 0xac10c401, dst: 0xac106d41 };

// Three NOPs and an EOL: IHL 6, the payload starts at 24.
const WITH_OPTIONS = bytes(`
  46 00 00 20    # IHL 6, total length 32
  00 01 00 00    # id 1, no flags
  40 01 ee 77    # ttl 64, ICMP, checksum over 24 octets
  ac 10 c4 01 ac 10 6d 41
  01 01 01 00    # NOP NOP NOP EOL
  08 00 f7 fd 00 01 00 01    # ICMP echo request id 1 seq 1
`);

function corrupt(at: number, v: number, fix = true): Uint8Array {
  const b = PACKET.slice();
  b[at] = v;
  if (fix) ipv4FillChecksum(b, 0, 20);
  return b;
}

describe('net/ipv4', () => {
  it('deconstructs a packet', () => {
    const p = ipv4Parse(PACKET);
    assert.ok(typeof p !== 'string');
    assert.deepEqual(
      { ...p, packet: undefined, payload: undefined },
      { hdrLen: 20, tos: 0, totalLen: 32, id: 63022, flagsFrag: IPV4_DF, ttl: 64, proto: IPPROTO_ICMP, checksum: 0xbb4a, src: 0xac10c401, dst: 0xac106d41, packet: undefined, payload: undefined },
    );
    assert.equal(hexOf(p.payload), hexOf(PACKET.subarray(20)));
  });

  it('constructs the same header in place and as a new packet', () => {
    const b = new Uint8Array(PACKET.length);
    b.set(PACKET.subarray(20), 20);
    ipv4Emit(b, 0, FIELDS, 12);
    assert.equal(hexOf(b), hexOf(PACKET));
    assert.equal(hexOf(ipv4Packet(FIELDS, PACKET.subarray(20))), hexOf(PACKET));
  });

  it('writes the MF flag and the offset as one word', () => {
    const f = ipv4Packet({ ...FIELDS, flagsFrag: IPV4_MF | 185 }, new Uint8Array(8));
    assert.equal(hexOf(f.subarray(6, 8)), '20b9');
    assert.ok(typeof ipv4Parse(f) !== 'string');
  });

  it('drops link padding: the packet ends at its total length', () => {
    const padded = new Uint8Array(PACKET.length + 14);
    padded.set(PACKET);
    const p = ipv4Parse(padded);
    assert.ok(typeof p !== 'string');
    assert.equal(p.packet.length, 32);
    assert.equal(p.payload.length, 12);
  });

  it('reads options as part of the header', () => {
    const p = ipv4Parse(WITH_OPTIONS);
    assert.ok(typeof p !== 'string');
    assert.equal(p.hdrLen, 24);
    assert.equal(hexOf(p.payload), '0800f7fd00010001');
  });

  it('returns what ip_rcv_core drops for, never throws', () => {
    assert.equal(ipv4Parse(PACKET.subarray(0, 19)), 'truncated');
    assert.equal(ipv4Parse(new Uint8Array(0)), 'truncated');
    assert.equal(ipv4Parse(corrupt(0, 0x65)), 'malformed', 'version 6');
    assert.equal(ipv4Parse(corrupt(0, 0x44, false)), 'malformed', 'IHL 4');
    assert.equal(ipv4Parse(WITH_OPTIONS.subarray(0, 23)), 'truncated', 'options cut');
    assert.equal(ipv4Parse(corrupt(8, 63, false)), 'checksum');
    assert.equal(ipv4Parse(PACKET.subarray(0, 31)), 'truncated', 'total length past the end');
    assert.equal(ipv4Parse(corrupt(3, 19)), 'malformed', 'total length shorter than the header');
  });

  it('reads a header without checking its checksum or total length (for displays)', () => {
    const h = ipv4Header(corrupt(8, 63, false));
    assert.ok(typeof h !== 'string' && h.ttl === 63);
    assert.ok(typeof ipv4Header(PACKET.subarray(0, 20)) !== 'string');
    assert.equal(ipv4Header(WITH_OPTIONS.subarray(0, 22)), 'truncated');
  });

  it('recomputes the checksum over the options too', () => {
    const b = WITH_OPTIONS.slice();
    st16be(b, 10, 0xdead);
    ipv4FillChecksum(b, 0, 24);
    assert.equal(hexOf(b), hexOf(WITH_OPTIONS));
  });

  it('sums the pseudo-header (RFC 768) from the addresses', () => {
    assert.equal(ipv4PseudoSum(0xac10c401, 0xac106d41, 17, 12), 0xac10 + 0xc401 + 0xac10 + 0x6d41 + 17 + 12);
  });
});
