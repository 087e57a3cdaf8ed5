// The pods' Linux stack against the kernel's, without a VM: test/fixtures/oracle/pod-stack.json
// holds every frame on every pod eth0 in an `npm run oracle` replay run (Linux 6.1), one stream
// per replay batch and pod (made by test/pod/pod_fixture.py). The frames the kernel's pod
// received are fed to a fresh PodStack at their times; what it sends must be what the kernel's
// pod sent, in order and byte for byte: echo replies with their echoed IP options, ICMP port and
// protocol unreachables, 12/0 for options that do not parse, TCP resets, silence for bad ICMP,
// UDP and TCP checksums. Left out of the comparison, as host history: IP ID values (a zero must
// stay a zero) and the header checksum they change (it must verify); the clock values the kernel
// wrote into IP and ICMP timestamps. ARP is left to the pod's own neighbour tests: the proxy on
// the cali answers every request for 169.254.1.1 here. ICMP 11/1 (reassembly timeout, ip_expire)
// comes 30 s after its fragment, past the end of a batch's stream: left out (test/pod/answers.test.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { internetChecksum } from '../../host/net/checksum.ts';
import { ARPOP_REPLY, ARPOP_REQUEST, arpPacket, arpParse } from '../../host/net/arp.ts';
import { ETHERTYPE_ARP, ethFrame, ethParse } from '../../host/net/ethernet.ts';
import { PodStack } from '../../host/pod/stack.ts';
import { SimClock } from '../../host/sim/clock.ts';

interface Stream {
  batch: number;
  pod: string;
  frames: [number, 'in' | 'out', string][];
}

const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/oracle/pod-stack.json', import.meta.url)), 'utf8')) as {
  kernel: string;
  streams: Stream[];
};
const cluster = buildCluster(defaultClusterSpec());
const CALI_MAC = new Uint8Array([0xee, 0xee, 0xee, 0xee, 0xee, 0xee]);
const GATEWAY = 0xa9fe0101; // 169.254.1.1

/** An IPv4 frame with what is host history masked: the IP ID (kept as zero/non-zero), the header
 *  checksum (kept as valid/invalid), timestamp option clocks and ICMP timestamp clocks. */
function normalise(hex: string): string {
  const f = Buffer.from(hex, 'hex');
  if (f.readUInt16BE(12) !== 0x0800) return hex;
  const ip = 14;
  const hl = (f[ip] & 15) * 4;
  const idZero = f.readUInt16BE(ip + 4) === 0;
  const csumOk = internetChecksum(f, ip, hl) === 0;
  f.writeUInt16BE(idZero ? 0 : 1, ip + 4);
  f.writeUInt16BE(csumOk ? 0 : 1, ip + 10);
  for (let p = ip + 20; p < ip + hl;) {
    const t = f[p];
    if (t === 0) break;
    if (t === 1) { p++; continue; }
    const len = f[p + 1];
    if (len < 2) break;
    if (t === 68) f.fill(0xcc, p + 4, Math.min(p + len, ip + hl)); // IP timestamp option data
    p += len;
  }
  const l4 = ip + hl;
  if (f[ip + 9] === 1 && f[l4] === 14 && f.length >= l4 + 20) { // ICMP timestamp reply
    const ok = internetChecksum(f, l4, f.readUInt16BE(ip + 2) - hl) === 0;
    f.fill(0xcc, l4 + 12, l4 + 20);
    f.writeUInt16BE(ok ? 0 : 1, l4 + 2);
  }
  return f.toString('hex');
}

function kept(hex: string): boolean {
  const f = Buffer.from(hex, 'hex');
  if (f.readUInt16BE(12) !== 0x0800) return false;
  const hl = (f[14] & 15) * 4;
  return !(f[23] === 1 && f[14 + hl] === 11 && f[14 + hl + 1] === 1);
}

function run(s: Stream): string[] {
  const pod = cluster.pods.find((p) => `${p.namespace}/${p.name}` === s.pod);
  if (!pod) throw new Error(`no pod ${s.pod}`);
  const clock = new SimClock();
  const sent: string[] = [];
  const stack: PodStack = new PodStack(pod, {
    now: () => clock.now,
    at: (t, r) => clock.at(t, r),
    send: (frame) => {
      sent.push(Buffer.from(frame).toString('hex'));
      const eth = ethParse(frame);
      if (typeof eth === 'string' || eth.type !== ETHERTYPE_ARP) return;
      const a = arpParse(eth.payload);
      if (typeof a === 'string' || a.op !== ARPOP_REQUEST || a.tpa !== GATEWAY) return;
      clock.at(clock.now + 50_000, () => stack.receive(ethFrame(a.sha, CALI_MAC, ETHERTYPE_ARP,
        arpPacket({ op: ARPOP_REPLY, sha: CALI_MAC, spa: GATEWAY, tha: a.sha, tpa: a.spa }))));
    },
    answerNs: 30_000,
    socketNs: 10_000,
  }, 1);
  for (const [us, dir, hex] of s.frames) {
    if (dir !== 'in' || hex.slice(24, 28) !== '0800') continue;
    clock.run(() => false, us * 1000);
    stack.receive(new Uint8Array(Buffer.from(hex, 'hex')));
  }
  clock.run(() => false, clock.now + 2e9);
  return sent.filter(kept).map(normalise);
}

describe(`kernel oracle fixture: the pods' stack (${fixture.kernel})`, function () {
  this.timeout(60000);
  const answers = (cls: RegExp): Stream[] => fixture.streams.filter((s) => s.frames.some(([, d, h]) => d === 'out' && cls.test(h.slice(28))));

  it('the fixture holds every class: echo replies with IP options, 3/3, 3/2', () => {
    assert.ok(fixture.streams.length >= 100);
    assert.ok(answers(/^4[6-9a-f]/).length >= 2, 'echo replies with IP options'); // IHL > 5
    assert.ok(answers(/^45.{16}01.{20}0303/).length >= 10, 'port unreachable');
    assert.ok(answers(/^45.{16}01.{20}0302/).length >= 10, 'protocol unreachable');
  });

  for (const s of fixture.streams) {
    it(`batch ${s.batch}, ${s.pod}: sends what the kernel's pod sent`, () => {
      const want = s.frames.filter(([, d, h]) => d === 'out' && kept(h)).map(([, , h]) => normalise(h));
      assert.deepEqual(run(s), want);
    });
  }
});
