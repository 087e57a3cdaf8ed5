// ip_decrease_ttl's incremental checksum at its carry: the kernel adds htons(0x0100) and then
// `check >= 0xFFFF` (not `> 0xFFFF`), so an incoming checksum of 0xFEFF becomes 0x0000 (what
// a full recompute gives), not 0xFFFF. Packets whose header checksum is set to values around
// the carry are forwarded pod to pod by both engines, and the checksum they leave with is
// compared with RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m') in one's complement arithmetic,
// computed here by hand, and with scapy recomputing the whole header (when installed).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { buildDataplane } from '../../host/dataplane/build.ts';
import { createEngine } from '../../host/dataplane/engines.ts';
import { pushFrames, popFrames } from '../../host/dataplane/rings.ts';
import { readNodeCounters } from '../../host/dataplane/counters.ts';
import { runUntilIdle } from '../../host/engine/engine.ts';
import { parseMac } from '../../host/net/addr.ts';
import { HAVE_SCAPY } from '../capture/support.ts';

const PYTHON = '/usr/bin/python3'; // Debian's python with python3-scapy (as test/capture/support.ts)

const cluster = buildCluster(defaultClusterSpec());
const master = cluster.nodes[0];
const pod = cluster.pods.find((p) => p.node === master.spec.name)!;
const TTL = 64;
const PROTO = 17;
/** Incoming checksums: the carry (0xFEFF), the wrap (0xFF00..0xFFFE), the -0 form 0xFFFF of
 *  a header whose sum is 0xFFFF, and values away from both. */
const INCOMING = [0xfeff, 0xff00, 0xff01, 0xfffe, 0xffff, 0x0000, 0xfefe, 0x00ff, 0x1234];

const add1c = (a: number, b: number): number => { const s = a + b; return (s & 0xffff) + (s >>> 16); };
const not16 = (x: number): number => ~x & 0xffff;

/** RFC 1624 eqn. 3 for TTL − 1 (m = TTL·256 + protocol). */
function eqn3(hc: number, ttl: number, proto: number): number {
  const m = (ttl << 8) | proto;
  const m2 = ((ttl - 1) << 8) | proto;
  return not16(add1c(add1c(not16(hc), not16(m)), m2));
}

/** One's-complement sum of the 20-octet header with its checksum field read as zero. */
function sumWithoutChecksum(h: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < 20; i += 2) if (i !== 10) s = add1c(s, (h[i] << 8) | h[i + 1]);
  return s;
}

/** A 20-octet UDP header to `pod` whose valid checksum field is `want` (an ID chosen to make
 *  the sum come out; 0xFFFF and 0x0000 are the two forms of one header). */
function headerWithChecksum(want: number): Uint8Array {
  const h = new Uint8Array(20);
  h.set([0x45, 0, 0, 28, 0, 0, 0, 0, TTL, PROTO, 0, 0, 8, 8, 8, 8, pod.ip >>> 24, (pod.ip >>> 16) & 255, (pod.ip >>> 8) & 255, pod.ip & 255]);
  const target = want === 0xffff ? 0 : want; // the header's computed checksum
  for (let id = 0; id < 0x10000; id++) {
    h[4] = id >>> 8;
    h[5] = id & 255;
    if (not16(sumWithoutChecksum(h)) === target) {
      h[10] = want >>> 8;
      h[11] = want & 255;
      return h;
    }
  }
  throw new Error(`no ID gives checksum ${want.toString(16)}`);
}

function frameFor(ip: Uint8Array): Uint8Array {
  const udp = Uint8Array.of(0x0f, 0xa0, 0x13, 0x88, 0, 8, 0, 0);
  const f = new Uint8Array(14 + 28);
  f.set(parseMac(master.spec.mac)!, 0);
  f.set(parseMac('02:00:00:00:00:01')!, 6);
  f.set([0x08, 0x00], 12);
  f.set(ip, 14);
  f.set(udp, 34);
  return f;
}

/** scapy's full recompute of each header after TTL − 1 (null when scapy is not installed). */
function scapyChecksums(headers: Uint8Array[]): number[] | null {
  if (!HAVE_SCAPY) return null;
  const script = [
    'import sys',
    'from scapy.all import IP',
    'for line in sys.stdin.read().split():',
    '    p = IP(bytes.fromhex(line))',
    '    p.ttl -= 1',
    '    del p.chksum',
    '    print(IP(bytes(p)).chksum)',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', script], { input: headers.map((h) => Buffer.from(h).toString('hex')).join('\n'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map(Number);
}

describe('engine: TTL decrement checksum at the carry (ip_decrease_ttl, check >= 0xFFFF)', () => {
  const headers = INCOMING.map(headerWithChecksum);
  const expected = INCOMING.map((hc) => eqn3(hc, TTL, PROTO));

  it('the vectors are what they claim: valid headers with those checksums, and eqn. 3 folds 0xFEFF to 0x0000', () => {
    headers.forEach((h, i) => {
      assert.equal((h[10] << 8) | h[11], INCOMING[i]);
      assert.equal(add1c(sumWithoutChecksum(h), INCOMING[i]), 0xffff, `header ${i} validates (ip_fast_csum == 0)`);
    });
    assert.equal(expected[0], 0x0000, 'the carry case: 0xFEFF + 0x0100 = 0xFFFF, folded to 0x0000');
    assert.equal(expected[INCOMING.indexOf(0xff00)], 0x0001, 'the wrap: 0xFF00 + 0x0100 carries into bit 0');
  });

  it('scapy recomputing the whole header agrees with eqn. 3 on every vector', function () {
    const full = scapyChecksums(headers);
    if (!full) this.skip(); // CI installs python3-scapy; locally: apt-get install python3-scapy
    assert.deepEqual(full!.map((c) => c.toString(16)), expected.map((c) => c.toString(16)));
  });

  for (const kind of ['wasm', 'ts'] as const) {
    it(`${kind}: each packet leaves with TTL 63 and the checksum eqn. 3 gives`, () => {
      const dp = buildDataplane(cluster, { ringSlots: 16 });
      const e = createEngine(kind, dp);
      const n0 = dp.nodes[0];
      const port = n0.pods.find((p) => p.ip === pod.ip)!;
      assert.equal(pushFrames(dp.mem, n0.externalInbox, headers.map(frameFor), INCOMING), INCOMING.length);
      runUntilIdle(e);
      assert.deepEqual(readNodeCounters(dp, 0).drops, {});
      const out = popFrames(dp.mem, port.txRing);
      assert.deepEqual(out.map((f) => f.meta), INCOMING, 'every packet delivered, in order');
      const got = out.map((f) => ({ ttl: f.frame[14 + 8], check: ((f.frame[14 + 10] << 8) | f.frame[14 + 11]).toString(16) }));
      assert.deepEqual(got, expected.map((c) => ({ ttl: TTL - 1, check: c.toString(16) })));
    });
  }
});
