// The pcap writer/reader and capture set, and tshark reading every kind of file we write.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LINKTYPE_ETHERNET, LINKTYPE_RAW, PcapWriter, pcapFileName, readPcap, toSecUsec,
} from '../../host/capture/pcap.ts';
import { PcapCaptureSet, readPcapFile } from '../../host/capture/pcapFile.ts';
import { tcpdumpLines } from '../../host/capture/tcpdump.ts';
import { HAVE_SCAPY, TSHARK, generateFrames, runTshark, tempDir } from './support.ts';

describe('capture: pcap files', function () {
  it('writes the classic header: magic a1b2c3d4, v2.4, snaplen 262144, link type', function () {
    for (const [link, type] of [['ether', LINKTYPE_ETHERNET], ['raw', LINKTYPE_RAW]] as const) {
      const b = new PcapWriter(link).bytes();
      const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      assert.equal(b.length, 24);
      assert.equal(v.getUint32(0, true), 0xa1b2c3d4);
      assert.equal(v.getUint16(4, true), 2);
      assert.equal(v.getUint16(6, true), 4);
      assert.equal(v.getUint32(16, true), 262144);
      assert.equal(v.getUint32(20, true), type);
    }
  });

  it('records: simulated ns → sec/usec, caplen vs wire length, round trip through readPcap', function () {
    const w = new PcapWriter('ether', { snaplen: 10 });
    const a = Uint8Array.from({ length: 20 }, (_, i) => i);
    w.write(1_700_000_000_123_456_789n, a);
    w.write(5_000_001_999, a.subarray(0, 4), 60);
    w.write({ sec: 7, usec: 999_999 }, a.subarray(0, 0));
    const f = readPcap(w.bytes());
    assert.equal(f.linkType, 1);
    assert.deepEqual(f.records.map((r) => [r.sec, r.usec, r.data.length, r.wireLength]), [
      [1_700_000_000, 123_456, 10, 20], [5, 1, 4, 60], [7, 999_999, 0, 0],
    ]);
    assert.deepEqual([...f.records[0].data], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reads big-endian and nanosecond files', function () {
    const b = new Uint8Array(24 + 16 + 2);
    const v = new DataView(b.buffer);
    v.setUint32(0, 0xa1b23c4d, false);
    v.setUint16(4, 2, false);
    v.setUint16(6, 4, false);
    v.setUint32(16, 65535, false);
    v.setUint32(20, 101, false);
    v.setUint32(24, 3, false);
    v.setUint32(28, 123_456_789, false);
    v.setUint32(32, 2, false);
    v.setUint32(36, 2, false);
    const f = readPcap(b);
    assert.equal(f.nanosecond, true);
    assert.equal(f.linkType, 101);
    assert.deepEqual([f.records[0].sec, f.records[0].usec], [3, 123_456]);
  });

  it('rejects bad input with a clear message', function () {
    assert.throws(() => readPcap(new Uint8Array(10)), /shorter than the 24-byte header/);
    assert.throws(() => readPcap(new Uint8Array(24)), /bad magic/);
    const w = new PcapWriter('raw');
    w.write(0, new Uint8Array(8));
    assert.throws(() => readPcap(w.bytes().subarray(0, 24 + 16 + 4)), /claims 8 bytes/);
    assert.throws(() => w.write(-1, new Uint8Array(1)), /non-negative/);
    assert.throws(() => w.write({ sec: 1, usec: 1_000_000 }, new Uint8Array(1)), /usec 0\.\.999999/);
    assert.throws(() => w.write(0, new Uint8Array(4), 3), /wire length 3 is shorter/);
    assert.throws(() => toSecUsec(2n ** 32n * 1_000_000_000n), /32-bit seconds/);
    assert.throws(() => tcpdumpLines(new Uint8Array(4), 'ether', 0, { wireLength: 2 }), /wire length 2/);
    assert.throws(() => tcpdumpLines(new Uint8Array(4), 'ether', 0, { verbose: 3 as 1 }), /verbose must be 0, 1 or 2/);
  });

  it('capture set: one file per host:iface, named host_iface.pcap, link type fixed per file', function () {
    const tmp = tempDir();
    try {
      const set = new PcapCaptureSet(join(tmp.dir, 'caps'));
      set.write('k8s-master-1:cali12242800409', 'ether', 1000n, new Uint8Array(60));
      set.write('k8s-master-1:tunl0', 'raw', 2000n, new Uint8Array(20));
      set.write('k8s-master-1:cali12242800409', 'ether', 3000n, new Uint8Array(60));
      assert.throws(() => set.open('k8s-master-1:tunl0', 'ether'), /already open with link type 101/);
      set.close();
      const files = set.files();
      assert.deepEqual([...files.keys()], ['k8s-master-1:cali12242800409', 'k8s-master-1:tunl0']);
      assert.equal(files.get('k8s-master-1:tunl0'), join(tmp.dir, 'caps', 'k8s-master-1_tunl0.pcap'));
      assert.equal(readPcapFile(files.get('k8s-master-1:cali12242800409')!).records.length, 2);
      assert.equal(readPcap(readFileSync(files.get('k8s-master-1:tunl0')!)).linkType, 101);
      assert.equal(pcapFileName('default/busybox-1:eth0'), 'default-busybox-1_eth0.pcap');
    } finally {
      tmp.remove();
    }
  });

  it('tshark reads every file we write with exit 0 and nothing on stderr', function () {
    if (!TSHARK || !HAVE_SCAPY) this.skip(); // CI installs tshark and python3-scapy from Debian
    this.timeout(120_000);
    const tmp = tempDir();
    try {
      const set = new PcapCaptureSet(tmp.dir);
      let t = 1_700_000_000n * 1_000_000_000n;
      for (const mode of ['seed', 'broad'] as const) {
        for (const f of generateFrames(mode)) {
          set.write(`${mode}:${f.link === 'raw' ? 'tunl0' : 'ens160'}`, f.link, t, f.bytes, f.wire);
          t += 1_000_000n;
        }
      }
      set.write('empty:eth0', 'ether', t, new Uint8Array(0), 0);
      set.close();
      for (const [point, file] of set.files()) {
        const r = runTshark(file);
        assert.equal(r.status, 0, `${point}: tshark exit ${r.status}: ${r.stderr}`);
        assert.equal(r.stderr, '', `${point}: tshark stderr`);
        const n = readPcapFile(file).records.length;
        assert.equal(r.stdout.trim().split('\n').length, n, `${point}: tshark listed a different packet count`);
      }
    } finally {
      tmp.remove();
    }
  });
});
