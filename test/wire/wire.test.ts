// Wire views (TS twin; the differential test holds the AS views to the same bytes), in
// smoltcp style: deconstruct (getters on a hand-checked fixture), construct (emit gives the
// fixture), plus the checksum against RFC 1071's worked example.
import assert from 'node:assert/strict';
import { Mem } from '../../host/dataplane/mem.ts';
import * as L from '../../host/layout.ts';
import { Heap } from '../../host/engine/ts/heap.ts';
import { twinOver } from '../../host/engine/ts/engine.ts';
import { IPV4_DF } from '../../host/engine/ts/wire/ipv4.ts';
import { CHECK_OK } from '../../host/engine/ts/wire/endian.ts';

const mem = new Mem(new ArrayBuffer(4096));
const twin = twinOver(new Heap(mem));
const { onesSum, foldSum, internetChecksum, csum16Add } = twin.checksum;
const {
  ipv4Check, ipv4HeaderLen, ipv4TotalLen, ipv4Ttl, ipv4Proto, ipv4Src, ipv4Dst, ipv4FlagsFrag,
  ipv4PutVersionIhl, ipv4PutTos, ipv4PutTotalLen, ipv4PutId, ipv4PutFlagsFrag, ipv4PutTtl,
  ipv4PutProto, ipv4PutSrc, ipv4PutDst, ipv4PutChecksum, ipv4DecTtl, ipv4FillChecksum,
} = twin.ipv4;
const { arpCheck, arpOp, arpSpa, arpTpa } = twin.arp;
const { ethType, ethCheck } = twin.ethernet;
const { icmpChecksumOk, icmpType } = twin.icmp;
const U8 = mem.u8;
const P = 256;
/** A 20-octet header through the named field setters, as the engines emit one. */
function emit(p: number, f: { tos: number; totalLen: number; id: number; flagsFrag: number; ttl: number; proto: number; src: number; dst: number }): void {
  ipv4PutChecksum(p, ipv4PutVersionIhl(p) + ipv4PutTos(p, f.tos) + ipv4PutTotalLen(p, f.totalLen)
    + ipv4PutId(p, f.id) + ipv4PutFlagsFrag(p, f.flagsFrag) + ipv4PutTtl(p, f.ttl)
    + ipv4PutProto(p, f.proto) + ipv4PutSrc(p, f.src) + ipv4PutDst(p, f.dst));
}
const load = (hex: string): number => {
  U8.fill(0);
  U8.set(Buffer.from(hex.replace(/\s+/g, ''), 'hex'), P);
  return P;
};
const bytesAt = (p: number, n: number): string => Buffer.from(U8.subarray(p, p + n)).toString('hex');

// The seed's request as it leaves tunl0 (id 24637, DF, TTL 63, ICMP, 84 octets). Checksum by
// hand: the nine other words sum to 0x3adf4, folded 0xadf7, complemented 0x5208.
const IPV4 = '4500 0054 603d 4000 3f01 5208 ac10 c401 ac10 6d41';

describe('wire: checksum (RFC 1071)', () => {
  it('RFC 1071 §3 example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, checksum 220d', () => {
    const p = load('0001f203f4f5f6f7');
    assert.equal(foldSum(onesSum(p, 8, 0)), 0xddf2);
    assert.equal(internetChecksum(p, 8), 0x220d);
  });
  it('odd length pads the last octet with zero', () => {
    const p = load('0001f203f4f5f6');
    assert.equal(foldSum(onesSum(p, 7, 0)), foldSum(0x0001 + 0xf203 + 0xf4f5 + 0xf600));
  });
  it('csum16Add carries end-around', () => {
    assert.equal(csum16Add(0xffff, 0x0001), 0x0001);
    assert.equal(csum16Add(0x1234, 0x0001), 0x1235);
  });
});

describe('wire: IPv4', () => {
  it('deconstruct', () => {
    const p = load(IPV4);
    assert.equal(ipv4Check(p, 20), L.DROP_IP_BAD_TOTAL_LEN, 'total length 84 > 20 available');
    assert.equal(ipv4Check(p, 84), CHECK_OK);
    assert.equal(ipv4HeaderLen(p), 20);
    assert.equal(ipv4TotalLen(p), 84);
    assert.equal(ipv4Ttl(p), 63);
    assert.equal(ipv4Proto(p), 1);
    assert.equal(ipv4FlagsFrag(p), IPV4_DF);
    assert.equal(ipv4Src(p), 0xac10c401);
    assert.equal(ipv4Dst(p), 0xac106d41);
  });
  it('construct: emit gives the fixture byte for byte', () => {
    const p = load('00'.repeat(20));
    emit(p, { tos: 0, totalLen: 84, id: 24637, flagsFrag: IPV4_DF, ttl: 63, proto: 1, src: 0xac10c401, dst: 0xac106d41 });
    assert.equal(bytesAt(p, 20), IPV4.replace(/\s+/g, ''));
  });
  it('check order follows ip_rcv_core', () => {
    assert.equal(ipv4Check(load(IPV4), 19), L.DROP_IP_TRUNCATED);
    assert.equal(ipv4Check(load('6' + IPV4.slice(1)), 84), L.DROP_IP_BAD_VERSION);
    assert.equal(ipv4Check(load('44' + IPV4.slice(2)), 84), L.DROP_IP_BAD_IHL);
    assert.equal(ipv4Check(load('4f' + IPV4.slice(2)), 40), L.DROP_IP_TRUNCATED, 'IHL 15 needs 60 octets');
    assert.equal(ipv4Check(load(IPV4.replace('5208', '5209')), 84), L.DROP_IP_BAD_CHECKSUM);
  });
  it('TTL decrement: the incremental checksum equals a full recompute', () => {
    for (let ttl = 2; ttl <= 255; ttl += 17) {
      for (const id of [0, 1, 0x1234, 0xfeff, 0xffff]) {
        const p = load('00'.repeat(20));
        emit(p, { tos: 0, totalLen: 84, id, flagsFrag: 0, ttl, proto: 17, src: 0x0a000001, dst: 0x0a000002 });
        ipv4DecTtl(p);
        const inc = bytesAt(p, 20);
        ipv4FillChecksum(p);
        assert.equal(inc, bytesAt(p, 20), `ttl ${ttl} id ${id}`);
      }
    }
  });
});

describe('wire: Ethernet, ARP, ICMP', () => {
  it('Ethernet type and truncation', () => {
    const p = load('ffffffffffff 869c039edb9f 0806');
    assert.equal(ethType(p), 0x0806);
    assert.equal(ethCheck(13), L.DROP_ETH_TRUNCATED);
    assert.equal(ethCheck(14), CHECK_OK);
  });
  it('ARP request: deconstruct and validate', () => {
    const arp = '0001 0800 06 04 0001 869c039edb9f ac10c401 000000000000 a9fe0101';
    const p = load(arp);
    assert.equal(arpCheck(p, 28), CHECK_OK);
    assert.equal(arpCheck(p, 27), L.DROP_ARP_MALFORMED);
    assert.equal(arpOp(p), 1);
    assert.equal(arpSpa(p), 0xac10c401);
    assert.equal(arpTpa(p), 0xa9fe0101);
    assert.equal(arpCheck(load(arp.replace('06 04', '06 10')), 28), L.DROP_ARP_MALFORMED);
    assert.equal(arpCheck(load(arp.replace('0001 869c', '0003 869c')), 28), L.DROP_ARP_MALFORMED);
  });
  it('ICMP echo of the seed (id 43, seq 0, 56 zero octets): checksum f7d4', () => {
    const p = load('0800f7d4002b0000' + '00'.repeat(56));
    assert.equal(icmpType(p), 8);
    assert.ok(icmpChecksumOk(p, 64));
    U8[p + 63] = 1;
    assert.ok(!icmpChecksumOk(p, 64));
  });
});
