// Differential test against the real tcpdump: a few hundred varied frames from scapy
// (test/capture/frames.py broad: ICMP echo and errors, UDP/TCP with good and bad checksums, a TCP
// conversation for relative sequence numbers, ARP, IPIP, IPv4 options, fragments, bad header
// checksums, snap-length truncation at every depth, unknown EtherTypes and IP protocols) go
// through our PcapWriter; `tcpdump -r` with -eNnnvl, -eNnnvvl, -eNnnl, -Nnnl and -Nnnvl must
// print, packet for packet, what our TcpdumpSession prints. Generator restrictions (what tcpdump decodes that we
// do not) are listed in frames.py.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PcapFileWriter, readPcapFile } from '../../host/capture/pcapFile.ts';
import { TcpdumpSession } from '../../host/capture/tcpdump.ts';
import { GenFrame, HAVE_SCAPY, TCPDUMP, generateFrames, runTcpdump, splitPackets, tempDir } from './support.ts';

const T0 = 1_700_000_000n * 1_000_000_000n;

describe('capture: our tcpdump text vs the real tcpdump on scapy frames', function () {
  let frames: GenFrame[];
  let tmp: { dir: string; remove: () => void };
  const files = new Map<'ether' | 'raw', { path: string; names: string[] }>();

  before(function () {
    if (!HAVE_SCAPY || !TCPDUMP) this.skip(); // CI installs python3-scapy and tcpdump from Debian
    frames = generateFrames('broad');
    tmp = tempDir();
    for (const link of ['ether', 'raw'] as const) {
      const path = join(tmp.dir, `broad-${link}.pcap`);
      const w = new PcapFileWriter(link, { path });
      const names: string[] = [];
      let t = T0;
      for (const f of frames) {
        if (f.link !== link) continue;
        w.write(t, f.bytes, f.wire);
        names.push(f.name);
        t += 1_234_567n; // odd step so the microsecond digits vary
      }
      w.close();
      files.set(link, { path, names });
    }
  });

  after(function () {
    tmp?.remove();
  });

  it('generates a broad mix of frames', function () {
    assert.ok(frames.length >= 300, `only ${frames.length} frames`);
    const kinds = new Set(frames.map((f) => f.name.replace(/-\d+(-\d+)?$/, '')));
    for (const k of ['echo', 'icmperr', 'udp', 'tcp', 'tcpconv', 'arp', 'ipip', 'ipopt', 'frag', 'badsum', 'trunc', 'trunc-raw', 'iplen', 'ethertype', 'ipproto', 'icmpbad', 'ipflags']) {
      assert.ok(kinds.has(k), `no ${k} frames`);
    }
  });

  const STYLES = [
    { flags: '-eNnnvl', verbose: 1, e: true },
    { flags: '-eNnnvvl', verbose: 2, e: true },
    { flags: '-eNnnl', verbose: 0, e: true }, // `tcpdump -en`: one line per packet
    { flags: '-Nnnl', verbose: 0, e: false },
    { flags: '-Nnnvl', verbose: 1, e: false },
  ] as const;
  for (const link of ['ether', 'raw'] as const) {
    for (const { flags, verbose, e } of STYLES) {
      it(`${link} link, tcpdump ${flags}: every packet prints the same`, function () {
        const { path, names } = files.get(link)!;
        const r = runTcpdump(path, flags);
        assert.equal(r.status, 0, r.stderr);
        const real = splitPackets(r.stdout);
        const recs = readPcapFile(path).records;
        assert.equal(real.length, recs.length, 'packet count');
        const session = new TcpdumpSession(link, verbose, e);
        recs.forEach((rec, i) => {
          const ours = session.lines(rec.data, { sec: rec.sec, usec: rec.usec }, rec.wireLength);
          assert.deepEqual(ours, real[i], `packet ${i} (${names[i]})`);
        });
      });
    }
  }
});
