// ip_decrease_ttl's incremental checksum at its carry: the kernel adds htons(0x0100) and then
// `check >= 0xFFFF` (not `> 0xFFFF`), so an incoming checksum of 0xFEFF becomes 0x0000 (what
// a full recompute gives), not 0xFFFF. Packets whose header checksum is set to values around
// the carry are forwarded pod to pod by both engines, and the checksum they leave with is
// compared with RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m') in one's complement arithmetic
// (host/net's checksumReplace16, held to RFC 1624's own example in test/net), and with scapy
// recomputing the whole header (when installed).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { buildDataplane } from '../../host/dataplane/build.ts';
import { createEngine } from '../../host/dataplane/engines.ts';
import { pushFrames, popFrames } from '../../host/dataplane/rings.ts';
import { readNodeCounters } from '../../host/dataplane/counters.ts';
import { runUntilIdle } from '../../host/engine/engine.ts';
import { parseMac } from '../../host/net/addr.ts';
import { checksumReplace16, internetChecksum } from '../../host/net/checksum.ts';
import { ld16be, st16be } from '../../host/net/endian.ts';
import { ETHERTYPE_IPV4, ETH_HDR_LEN, ethFrame } from '../../host/net/ethernet.ts';
import { IPV4_CSUM, IPV4_ID, IPV4_TTL } from '../../host/net/ipv4.ts';
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

/** RFC 1624 eqn. 3 for TTL − 1: the word m = TTL·256 + protocol becomes (TTL − 1)·256 + protocol. */
function eqn3(hc: number, ttl: number, proto: number): number {
  return checksumReplace16(hc, (ttl << 8) | proto, ((ttl - 1) << 8) | proto);
}

/** A 20-octet UDP header to `pod` whose valid checksum field is `want` (an ID chosen to make
 *  the sum come out; 0xFFFF and 0x0000 are the two forms of one header). */
function headerWithChecksum(want: number): Uint8Array {
  const h = new Uint8Array(20);
  h.set([0x45, 0, 0, 28, 0, 0, 0, 0, TTL, PROTO, 0, 0, 8, 8, 8, 8, pod.ip >>> 24, (pod.ip >>> 16) & 255, (pod.ip >>> 8) & 255, pod.ip & 255]);
  const target = want === 0xffff ? 0 : want; // the header's computed checksum
  for (let id = 0; id < 0x10000; id++) {
    st16be(h, IPV4_ID, id);
    if (internetChecksum(h, 0, 20) === target) { // the checksum field is still zero here
      st16be(h, IPV4_CSUM, want);
      return h;
    }
  }
  throw new Error(`no ID gives checksum ${want.toString(16)}`);
}

function frameFor(ip: Uint8Array): Uint8Array {
  const udp = Uint8Array.of(0x0f, 0xa0, 0x13, 0x88, 0, 8, 0, 0); // 4000 > 5000, length 8, no checksum
  return ethFrame(parseMac(master.spec.mac)!, parseMac('02:00:00:00:00:01')!, ETHERTYPE_IPV4, Uint8Array.from([...ip, ...udp]));
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
      assert.equal(ld16be(h, IPV4_CSUM), INCOMING[i]);
      assert.equal(internetChecksum(h, 0, 20), 0, `header ${i} validates (ip_fast_csum == 0)`);
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
      const got = out.map((f) => ({ ttl: f.frame[ETH_HDR_LEN + IPV4_TTL], check: ld16be(f.frame, ETH_HDR_LEN + IPV4_CSUM).toString(16) }));
      assert.deepEqual(got, expected.map((c) => ({ ttl: TTL - 1, check: c.toString(16) })));
    });
  }
});
