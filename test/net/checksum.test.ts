// host/net/checksum.ts against the worked examples of RFC 1071 and RFC 1624, and the
// incremental forms against a full recomputation.
import assert from 'node:assert/strict';
import { checksumReplace16, checksumShouldBe, foldSum, internetChecksum, onesSum } from '../../host/net/checksum.ts';
import { ld16be, st16be } from '../../host/net/endian.ts';
import { bytes } from './hex.ts';

// The seed's request as it leaves tunl0: id 24637, DF, TTL 63, ICMP, 84 octets.
const HEADER = bytes(`
  45 00 00 54    # version 4, IHL 5, tos 0, total length 84
  60 3d 40 00    # id 24637, DF, offset 0
  3f 01 52 08    # ttl 63, ICMP, checksum 0x5208
  ac 10 c4 01    # 172.16.196.1
  ac 10 6d 41    # 172.16.109.65
`);

describe('net/checksum', () => {
  it('RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, checksum 220d', () => {
    const b = bytes('0001 f203 f4f5 f6f7');
    assert.equal(foldSum(onesSum(b, 0, 8)), 0xddf2);
    assert.equal(internetChecksum(b, 0, 8), 0x220d);
  });

  it('pads an odd last octet with zero and sums from an offset', () => {
    const b = bytes('ff ff 0001 f203 f4');
    assert.equal(foldSum(onesSum(b, 2, 5)), foldSum(0x0001 + 0xf203 + 0xf400));
  });

  it('adds a seed (a pseudo-header sum) before folding', () => {
    const b = bytes('0001 f203');
    assert.equal(internetChecksum(b, 0, 4, 0x1234), ~foldSum(0x0001 + 0xf203 + 0x1234) & 0xffff);
  });

  it('is 0 over a header whose checksum field is right (how receivers verify)', () => {
    assert.equal(internetChecksum(HEADER, 0, 20), 0);
    const zeroed = HEADER.slice();
    st16be(zeroed, 10, 0);
    assert.equal(internetChecksum(zeroed, 0, 20), 0x5208);
  });

  it('RFC 1624 §4: HC 0xdd2f, m 0x5555 → 0x3285 gives 0x0000 (eqn. 3, not 0xffff)', () => {
    assert.equal(checksumReplace16(0xdd2f, 0x5555, 0x3285), 0x0000);
  });

  it('an incremental update equals a full recomputation, word by word', () => {
    let x = 12345;
    const rnd = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16;
    for (let n = 0; n < 2000; n++) {
      const h = HEADER.slice();
      for (let i = 0; i < 20; i += 2) if (i !== 10) st16be(h, i, rnd());
      st16be(h, 10, 0);
      st16be(h, 10, internetChecksum(h, 0, 20));
      const at = 2 * (rnd() % 10);
      if (at === 10) continue;
      const from = ld16be(h, at);
      const to = rnd();
      const incremental = checksumReplace16(ld16be(h, 10), from, to);
      st16be(h, at, to);
      st16be(h, 10, 0);
      assert.equal(incremental, internetChecksum(h, 0, 20), `word ${at}: ${from} -> ${to}`);
    }
  });

  it('names the value a wrong field should have held (tcpdump in_cksum_shouldbe)', () => {
    const bad = HEADER.slice();
    st16be(bad, 10, 0x1111);
    assert.equal(checksumShouldBe(0x1111, internetChecksum(bad, 0, 20)), 0x5208);
  });
});
