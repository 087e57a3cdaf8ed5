// host/cluster/sha1.ts against node:crypto: the names derived from it (cali veths, MACs, netns)
// must not move when they are computed without node:crypto (the browser page).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { hex, sha1, sha1Word } from '../../host/cluster/sha1.ts';
import { vethName } from '../../host/cluster/names.ts';

const ref = (b: string | Uint8Array): string => createHash('sha1').update(b).digest('hex');

describe('cluster: sha1', () => {
  it('matches node:crypto on the FIPS vectors, at every padding boundary and on UTF-8', () => {
    assert.equal(hex(sha1('abc')), 'a9993e364706816aba3e25717850c26c9cd0d89d');
    assert.equal(hex(sha1('')), 'da39a3ee5e6b4b0d3255bfef95601890afd80709');
    for (let n = 0; n < 200; n++) {
      const s = 'x'.repeat(n);
      assert.equal(hex(sha1(s)), ref(s), `length ${n}`);
    }
    assert.equal(hex(sha1('kube-system.coredns-é✓')), ref('kube-system.coredns-é✓'));
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) & 0xff);
    assert.equal(hex(sha1(bytes)), ref(bytes));
  });

  it('sha1Word is the digest read as readUInt32BE(0)', () => {
    for (const s of ['', 'svc:default/kubernetes', 'devops/busybox-77649b9c55-r6bx9:isn', 'x'.repeat(70)]) {
      assert.equal(sha1Word(s), createHash('sha1').update(s).digest().readUInt32BE(0), s);
    }
  });

  it("gives the seed's cali names (libcalico-go's VethNameForWorkload)", () => {
    assert.equal(vethName('devops', 'busybox-77649b9c55-r6bx9'), 'cali12242800409');
  });
});
