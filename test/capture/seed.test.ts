// The seed's three tcpdump captures of the cross-host busybox ping (k8s-master-1 pod 172.16.196.1
// → k8s-node-1 pod 172.16.109.65): on cali12242800409 (`-e -Nnnvl`), tunl0 (`-eNnnvl`, raw IP)
// and ens160 (`-ennvv`, IPIP). scapy builds the frames from the seed's MACs, addresses, IP IDs,
// TTLs, DF flags and ICMP id/seq with busybox's 56-byte payload; our decoder, the real tcpdump
// reading our pcap file, and the seed must print the same lines.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PcapFileWriter, readPcapFile } from '../../host/capture/pcapFile.ts';
import { formatTimestamp, tcpdumpLines } from '../../host/capture/tcpdump.ts';
import { SEED_PATH } from '../views/seed-text.ts';
import { FIXTURES, GenFrame, HAVE_SCAPY, TCPDUMP, generateFrames, runTcpdump, tempDir } from './support.ts';


interface Block {
  iface: string;
  file: string;
  frames: [string, string]; // request, reply names in frames.py
  link: 'ether' | 'raw';
  verbose: 1 | 2;
  seedFlags: string; // as typed in the seed
  linkTypeText: string; // what the seed's "listening on" line names
}

const BLOCKS: Block[] = [
  { iface: 'cali12242800409', file: 'seed-cali12242800409.txt', frames: ['cali-req', 'cali-rep'], link: 'ether', verbose: 1, seedFlags: '-eNnnvl', linkTypeText: 'EN10MB (Ethernet)' },
  { iface: 'tunl0', file: 'seed-tunl0.txt', frames: ['tunl0-req', 'tunl0-rep'], link: 'raw', verbose: 1, seedFlags: '-eNnnvl', linkTypeText: 'RAW (Raw IP)' },
  { iface: 'ens160', file: 'seed-ens160.txt', frames: ['ens160-req', 'ens160-rep'], link: 'ether', verbose: 2, seedFlags: '-ennvv', linkTypeText: 'EN10MB (Ethernet)' },
];

// A day in 2023; tcpdump prints the time of day only.
const DAY_NS = BigInt(Date.UTC(2023, 5, 1) / 1000) * 1_000_000_000n;

/** The seed's "19:07:34.159492" as simulated nanoseconds on DAY. */
function seedTimeNs(line: string): bigint {
  const m = /^(\d\d):(\d\d):(\d\d)\.(\d{6}) /.exec(line);
  assert.ok(m, `no timestamp in seed line: ${line}`);
  const sec = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  return DAY_NS + BigInt(sec) * 1_000_000_000n + BigInt(m[4]) * 1000n;
}

function seedPackets(block: Block): string[][] {
  const lines = readFileSync(join(FIXTURES, block.file), 'utf8').replace(/\n$/, '').split('\n');
  const per = lines.length / 2;
  return [lines.slice(0, per), lines.slice(per)];
}

describe('capture: the seed\'s tcpdump blocks', function () {
  let frames: Map<string, GenFrame>;

  before(function () {
    if (!HAVE_SCAPY) this.skip(); // CI installs python3-scapy; locally: apt-get install python3-scapy
    frames = new Map(generateFrames('seed').map((f) => [f.name, f]));
  });

  it('fixture lines are verbatim copies of the seed', function () {
    const seed = readFileSync(SEED_PATH, 'utf8');
    for (const b of BLOCKS) {
      const text = readFileSync(join(FIXTURES, b.file), 'utf8');
      assert.ok(seed.includes(text), `${b.file} is not a verbatim excerpt of the seed`);
      assert.ok(seed.includes(`link-type ${b.linkTypeText}, snapshot length 262144`), b.linkTypeText);
    }
  });

  for (const b of BLOCKS) {
    it(`${b.iface}: our lines equal the seed's, field for field (-v${b.verbose === 2 ? 'v' : ''})`, function () {
      const want = seedPackets(b);
      b.frames.forEach((name, i) => {
        const f = frames.get(name)!;
        const got = tcpdumpLines(f.bytes, b.link, seedTimeNs(want[i][0]), { verbose: b.verbose });
        assert.deepEqual(got, want[i]);
        // For ICMP echo (also inside IPIP) -v and -vv print the same text: -vv only adds UDP
        // checksum status and the seq of pure ACKs, neither of which occurs here.
        assert.deepEqual(tcpdumpLines(f.bytes, b.link, seedTimeNs(want[i][0]), { verbose: b.verbose === 1 ? 2 : 1 }), want[i]);
      });
    });

    it(`${b.iface}: real tcpdump reading our pcap prints our lines and the seed's`, function () {
      if (!TCPDUMP) this.skip(); // CI installs tcpdump from Debian
      const want = seedPackets(b);
      const tmp = tempDir();
      try {
        const file = join(tmp.dir, `k8s-master-1_${b.iface}.pcap`);
        const w = new PcapFileWriter(b.link, { path: file });
        const ours: string[] = [];
        b.frames.forEach((name, i) => {
          const f = frames.get(name)!;
          const t = seedTimeNs(want[i][0]);
          w.write(t, f.bytes);
          ours.push(...tcpdumpLines(f.bytes, b.link, t, { verbose: b.verbose }));
        });
        w.close();
        assert.equal(readPcapFile(file).records.length, 2);
        for (const flags of [b.seedFlags, b.verbose === 2 ? '-eNnnvvl' : '-eNnnvl']) {
          const r = runTcpdump(file, flags);
          assert.equal(r.status, 0, r.stderr);
          assert.equal(r.stderr, `reading from file ${file}, link-type ${b.linkTypeText}, snapshot length 262144\n`);
          const real = r.stdout.replace(/\n$/, '').split('\n');
          assert.deepEqual(real, ours, `tcpdump ${flags} vs ours`);
          assert.deepEqual(real, want.flat(), `tcpdump ${flags} vs the seed`);
        }
      } finally {
        tmp.remove();
      }
    });
  }

  it('busybox payload: 4-byte send time (host order) then 52 zero bytes of the default pattern', function () {
    const f = frames.get('cali-req')!;
    const icmp = f.bytes.subarray(14 + 20);
    assert.equal(icmp.length, 8 + 56);
    const stamp = new DataView(icmp.buffer, icmp.byteOffset + 8, 4).getUint32(0, true);
    assert.equal(stamp, ((19 * 3600 + 7 * 60 + 34) * 1_000_000 + 159492) % 2 ** 32);
    assert.ok(icmp.subarray(12).every((b) => b === 0));
  });

  it('timestamps: simulated ns print as UTC HH:MM:SS.uuuuuu, truncated to microseconds', function () {
    assert.equal(formatTimestamp(seedTimeNs('19:07:34.159492 x') + 999n), '19:07:34.159492');
    assert.equal(formatTimestamp({ sec: 86399, usec: 7 }), '23:59:59.000007');
    assert.equal(formatTimestamp(0), '00:00:00.000000');
  });
});
