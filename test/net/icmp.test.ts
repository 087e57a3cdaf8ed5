// host/net/icmp.ts and udp.ts in smoltcp style: deconstruct, construct, typed errors.
import assert from 'node:assert/strict';
import {
  ICMP_DEST_UNREACH, ICMP_ECHO, ICMP_ECHO_REPLY, ICMP_HDR_LEN, ICMP_TIME_EXCEEDED, icmpEchoRest, icmpEmit, icmpFillChecksum,
  icmpIsError, icmpMessage, icmpParse,
} from '../../host/net/icmp.ts';
import { UDP_HDR_LEN, udpChecksum, udpDatagram, udpEmit, udpParse } from '../../host/net/udp.ts';
import { bytes, hexOf } from './hex.ts';

const ECHO = bytes(`
  08 00 19 12    # echo request, code 0, checksum
  00 1d 00 00    # id 29, seq 0
  70 69 6e 67    # "ping"
`);

// After a 20-octet IPv4 header 172.16.196.1 > 172.16.109.65, id 5, ttl 64.
const ADDRS = { src: 0xac10c401, dst: 0xac106d41 };
const UDP = bytes(`
  9c 40 00 35    # source port 40000, destination port 53
  00 0c 02 4f    # length 12, checksum over the pseudo-header
  64 6e 73 3f    # "dns?"
`);

describe('net/icmp', () => {
  it('deconstructs an echo request', () => {
    const m = icmpParse(ECHO);
    assert.ok(typeof m !== 'string');
    assert.deepEqual({ ...m, data: hexOf(m.data) }, { type: ICMP_ECHO, code: 0, checksum: 0x1912, rest: icmpEchoRest(29, 0), data: '70696e67' });
  });

  it('constructs the same octets, new or in place', () => {
    assert.equal(hexOf(icmpMessage(ICMP_ECHO, 0, icmpEchoRest(29, 0), ECHO.subarray(8))), hexOf(ECHO));
    const b = new Uint8Array(4 + ECHO.length);
    b.set(ECHO.subarray(8), 4 + 8);
    icmpEmit(b, 4, ICMP_ECHO, 0, icmpEchoRest(29, 0), ECHO.length);
    assert.equal(hexOf(b.subarray(4)), hexOf(ECHO));
  });

  it('refills a checksum after an edit (an echo turned into a reply)', () => {
    const b = ECHO.slice();
    b[0] = ICMP_ECHO_REPLY;
    assert.equal(icmpParse(b), 'checksum');
    icmpFillChecksum(b, 0, b.length);
    assert.ok(typeof icmpParse(b) !== 'string');
  });

  it('returns truncated or checksum; checks the checksum only when asked', () => {
    assert.equal(icmpParse(ECHO.subarray(0, ICMP_HDR_LEN - 1)), 'truncated');
    const bad = ECHO.slice();
    bad[9] ^= 1;
    assert.equal(icmpParse(bad), 'checksum');
    assert.ok(typeof icmpParse(bad, false) !== 'string');
  });

  it('knows which types quote the offending packet', () => {
    assert.ok(icmpIsError(ICMP_DEST_UNREACH) && icmpIsError(ICMP_TIME_EXCEEDED) && icmpIsError(4) && icmpIsError(5) && icmpIsError(12));
    assert.ok(!icmpIsError(ICMP_ECHO) && !icmpIsError(ICMP_ECHO_REPLY) && !icmpIsError(13));
  });

  it('packs the echo identifier and sequence as the second word', () => {
    assert.equal(icmpEchoRest(0xffff, 0xfffe), 0xfffffffe);
  });
});

describe('net/udp', () => {
  it('deconstructs a datagram and verifies its checksum', () => {
    const u = udpParse(UDP, ADDRS);
    assert.ok(typeof u !== 'string');
    assert.deepEqual({ ...u, payload: hexOf(u.payload) }, { sport: 40000, dport: 53, len: 12, checksum: 0x024f, payload: '646e733f' });
  });

  it('constructs the same octets with the checksum, or 0 without addresses', () => {
    assert.equal(hexOf(udpDatagram(40000, 53, UDP.subarray(8), ADDRS)), hexOf(UDP));
    const b = UDP.slice();
    udpEmit(b, 0, 40000, 53, b.length);
    assert.equal(hexOf(b.subarray(0, 8)), '9c400035000c0000');
  });

  it('sends a computed 0 as 0xffff (RFC 768) and accepts it', () => {
    // Data chosen so the one's complement sum of pseudo-header, header and data is 0xffff.
    const data = new Uint8Array(2);
    const probe = udpDatagram(40002, 9, data, ADDRS);
    data[0] = probe[6];
    data[1] = probe[7];
    const d = udpDatagram(40002, 9, data, ADDRS);
    assert.equal(hexOf(d.subarray(6, 8)), 'ffff');
    assert.equal(udpChecksum(d, 0, d.length, ADDRS), 0);
    assert.ok(typeof udpParse(d, ADDRS) !== 'string');
  });

  it('does not verify a zero checksum (not computed), and stops at its length', () => {
    const b = new Uint8Array(UDP.length + 6);
    b.set(UDP);
    b[6] = b[7] = 0;
    const u = udpParse(b, ADDRS);
    assert.ok(typeof u !== 'string' && u.payload.length === 4);
  });

  it('returns truncated, malformed or checksum, never throws', () => {
    assert.equal(udpParse(UDP.subarray(0, UDP_HDR_LEN - 1)), 'truncated');
    assert.equal(udpParse(UDP.subarray(0, 11)), 'truncated', 'length past the end');
    const short = UDP.slice();
    short[5] = 7;
    assert.equal(udpParse(short), 'malformed', 'length under 8');
    const bad = UDP.slice();
    bad[8] ^= 1;
    assert.equal(udpParse(bad, ADDRS), 'checksum');
    assert.ok(typeof udpParse(bad) !== 'string', 'no addresses: not verified');
  });
});
