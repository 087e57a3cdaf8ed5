// host/net/ethernet.ts and arp.ts in smoltcp style: deconstruct (parse an annotated frame),
// construct (emit gives the same octets), and what parse returns for bytes that are not a
// header (never a throw).
import assert from 'node:assert/strict';
import { parseMac } from '../../host/net/addr.ts';
import { ARPOP_REPLY, ARPOP_REQUEST, ARP_LEN, arpEmit, arpPacket, arpParse, type Arp } from '../../host/net/arp.ts';
import {
  BROADCAST_MAC, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETH_HDR_LEN, ZERO_MAC, ethEmit, ethFrame, ethParse, macEqual, macIsBroadcast,
} from '../../host/net/ethernet.ts';
import { bytes, hexOf } from './hex.ts';

const POD = parseMac('86:9c:03:9e:db:9f')!;
const VETH = parseMac('ee:ee:ee:ee:ee:ee')!;

// busybox on the seed's r6bx9 asking for its gateway (Calico answers with proxy ARP).
const ARP_REQUEST = bytes(`
  ff ff ff ff ff ff    # dst: broadcast
  86 9c 03 9e db 9f    # src: the pod's eth0
  08 06                # EtherType ARP
  00 01 08 00          # hardware Ethernet, protocol IPv4
  06 04 00 01          # hw len 6, proto len 4, op request
  86 9c 03 9e db 9f    # sha
  ac 10 c4 01          # spa 172.16.196.1
  00 00 00 00 00 00    # tha (zero in a request, arp_solicit)
  a9 fe 01 01          # tpa 169.254.1.1
`);

const REQUEST: Arp = { op: ARPOP_REQUEST, sha: POD, spa: 0xac10c401, tha: ZERO_MAC, tpa: 0xa9fe0101 };

describe('net/ethernet', () => {
  it('deconstructs a frame into views', () => {
    const e = ethParse(ARP_REQUEST);
    assert.ok(typeof e !== 'string');
    assert.ok(macIsBroadcast(e.dst));
    assert.ok(macEqual(e.src, POD));
    assert.equal(e.type, ETHERTYPE_ARP);
    assert.equal(e.payload.length, ARP_LEN);
    assert.equal(e.payload.byteOffset, ETH_HDR_LEN, 'a view, not a copy');
  });

  it('constructs the same header', () => {
    const f = new Uint8Array(ETH_HDR_LEN);
    ethEmit(f, 0, BROADCAST_MAC, POD, ETHERTYPE_ARP);
    assert.equal(hexOf(f), hexOf(ARP_REQUEST.subarray(0, ETH_HDR_LEN)));
    assert.equal(hexOf(ethFrame(VETH, POD, ETHERTYPE_IPV4, Uint8Array.of(1, 2))), 'eeeeeeeeeeee869c039edb9f08000102');
  });

  it('returns truncated for fewer than 14 octets, and a 14-octet frame has an empty payload', () => {
    assert.equal(ethParse(ARP_REQUEST.subarray(0, 13)), 'truncated');
    assert.equal(ethParse(new Uint8Array(0)), 'truncated');
    const e = ethParse(ARP_REQUEST.subarray(0, 14));
    assert.ok(typeof e !== 'string' && e.payload.length === 0);
  });

  it('compares MACs', () => {
    assert.ok(!macIsBroadcast(POD));
    assert.ok(!macEqual(POD, VETH));
  });
});

describe('net/arp', () => {
  it('deconstructs a request', () => {
    const a = arpParse(ARP_REQUEST.subarray(ETH_HDR_LEN));
    assert.deepEqual(a, REQUEST);
  });

  it('constructs the same octets', () => {
    assert.equal(hexOf(arpPacket(REQUEST)), hexOf(ARP_REQUEST.subarray(ETH_HDR_LEN)));
    const f = new Uint8Array(ETH_HDR_LEN + ARP_LEN);
    ethEmit(f, 0, BROADCAST_MAC, POD, ETHERTYPE_ARP);
    arpEmit(f, ETH_HDR_LEN, REQUEST);
    assert.equal(hexOf(f), hexOf(ARP_REQUEST));
  });

  it('parse → emit round trip of a reply', () => {
    const reply: Arp = { op: ARPOP_REPLY, sha: VETH, spa: 0xa9fe0101, tha: POD, tpa: 0xac10c401 };
    assert.deepEqual(arpParse(arpPacket(reply)), reply);
  });

  it('keeps its addresses when the frame buffer is reused', () => {
    const buf = ARP_REQUEST.slice(ETH_HDR_LEN);
    const a = arpParse(buf);
    buf.fill(0);
    assert.deepEqual(a, REQUEST);
  });

  it('returns the operation as it is: receivers ignore the ones they do not know', () => {
    const b = arpPacket({ ...REQUEST, op: 9 });
    const a = arpParse(b);
    assert.ok(typeof a !== 'string' && a.op === 9);
  });

  it('returns truncated or malformed, never throws', () => {
    const ok = ARP_REQUEST.subarray(ETH_HDR_LEN);
    assert.equal(arpParse(ok.subarray(0, ARP_LEN - 1)), 'truncated');
    for (const [at, v] of [[1, 6], [2, 0x86], [4, 8], [5, 16]] as const) {
      const bad = ok.slice();
      bad[at] = v;
      assert.equal(arpParse(bad), 'malformed', `octet ${at} = ${v}`);
    }
  });
});
