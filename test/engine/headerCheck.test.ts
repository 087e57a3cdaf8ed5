// ipv4Check's header checksum test (wire/checksum.ts headerSumOk: the word sum's 16-bit digits
// against 0xffff and 2 × 0xffff, no fold) must accept exactly the headers whose RFC 1071 sum
// folds to 0xffff (ip_fast_csum == 0). Random headers of every IHL, half of them with a valid
// checksum, go into a node's uplink in both engines; a header is dropped as ip_bad_checksum
// exactly when the folded sum says so. Both digit sums a valid header can have are among them.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { buildDataplane } from '../../host/dataplane/build.ts';
import { createEngine } from '../../host/dataplane/engines.ts';
import { pushFrames, popFrames } from '../../host/dataplane/rings.ts';
import { readNodeCounters } from '../../host/dataplane/counters.ts';
import { runUntilIdle } from '../../host/engine/engine.ts';
import { parseMac } from '../../host/net/addr.ts';
import { internetChecksum } from '../../host/net/checksum.ts';
import { st16be } from '../../host/net/endian.ts';
import { ETHERTYPE_IPV4, ethFrame } from '../../host/net/ethernet.ts';
import { IPV4_CSUM } from '../../host/net/ipv4.ts';

const cluster = buildCluster(defaultClusterSpec());
const master = cluster.nodes[0];
const pod = cluster.pods.find((p) => p.node === master.spec.name)!;

/** The 16-bit digit sum of the header's native (little-endian) words, as headerSumOk forms it. */
function digitSum(h: Uint8Array): number {
  let s = 0; // < 15 × 2^32: exact in a double
  for (let i = 0; i < h.length; i += 4) s += (h[i] | (h[i + 1] << 8) | (h[i + 2] << 16) | (h[i + 3] << 24)) >>> 0;
  const top = Math.floor(s / 2 ** 32);
  const rest = s - top * 2 ** 32;
  return (rest & 0xffff) + Math.floor(rest / 0x10000) + top;
}

const header = fc.record({
  ihl: fc.integer({ min: 5, max: 15 }),
  bytes: fc.uint8Array({ minLength: 60, maxLength: 60 }),
  valid: fc.boolean(),
  high: fc.boolean(), // octets of 0xf0 and up: word sums whose digits add up to 2 × 0xffff
}).map(({ ihl, bytes, valid, high }) => {
  const h = bytes.slice(0, ihl * 4);
  h[0] = 0x40 | ihl;
  if (high) { // the checksum is tested before the total length and the addresses are looked at
    for (let i = 1; i < h.length; i++) h[i] |= 0xf0;
  } else {
    st16be(h, 2, ihl * 4 + 8); // total length: the header and 8 octets
    h.set([pod.ip >>> 24, (pod.ip >>> 16) & 255, (pod.ip >>> 8) & 255, pod.ip & 255], 16);
  }
  if (valid) {
    st16be(h, IPV4_CSUM, 0);
    st16be(h, IPV4_CSUM, internetChecksum(h, 0, h.length));
  }
  return h;
});

describe('engine: the IPv4 header checksum test (headerSumOk)', () => {
  // valid headers whose digits add up to 2 × 0xffff (found by search: with the checksum written,
  // random headers almost always carry into the top digit and add up to 0xffff)
  const twice = ['453ef4f4ccd6fff8f5f6d026f8f5f3fafefd46f0',
    '4ffdb7f4fdfff2f9f2fe025df5ff37fbfaf4f6fdfffffaf7fcfafbf4fd42f8f9fafbfbf7f0f0f629f3faf8fc14fdfaf6faf0fccff4fe55f7f5fbf3f6'];
  const cases = [...fc.sample(header, { numRuns: 600, seed: 13 }), ...twice.map((x) => Uint8Array.from(Buffer.from(x, 'hex')))];
  const ok = cases.map((h) => internetChecksum(h, 0, h.length) === 0);

  it('the cases cover both outcomes and both digit sums of a valid header', () => {
    assert.ok(ok.some((x) => x) && ok.some((x) => !x));
    const sums = new Set(cases.filter((_, i) => ok[i]).map(digitSum));
    assert.deepEqual([...sums].sort((a, b) => a - b), [0xffff, 0x1fffe]);
  });

  for (const kind of ['wasm', 'ts'] as const) {
    it(`${kind}: a header is dropped as ip_bad_checksum exactly when its sum does not fold to 0xffff`, () => {
      const dp = buildDataplane(cluster, { ringSlots: 16 });
      const e = createEngine(kind, dp);
      const n0 = dp.nodes[0];
      const mac = parseMac(master.spec.mac)!;
      let bad = 0;
      cases.forEach((h, i) => {
        const frame = ethFrame(mac, parseMac('02:00:00:00:00:01')!, ETHERTYPE_IPV4, Uint8Array.from([...h, 0x0f, 0xa0, 0x13, 0x88, 0, 8, 0, 0]));
        assert.equal(pushFrames(dp.mem, n0.externalInbox, [frame], [i]), 1);
        runUntilIdle(e);
        for (const p of n0.pods) popFrames(dp.mem, p.txRing);
        popFrames(dp.mem, n0.uplinks?.[0]?.txRing ?? 0);
        const now = readNodeCounters(dp, 0).drops.ipBadChecksum ?? 0;
        assert.equal(now - bad, ok[i] ? 0 : 1, `case ${i}: ${Buffer.from(h).toString('hex')}`);
        bad = now;
      });
    });
  }
});
