// --pcap files written during a ping, read back by the real tools: `tcpdump -r` with the seed's
// flags prints exactly our live lines (timestamps included: both in UTC) and, with the seed's
// pid and IP IDs, the seed's lines after the timestamp; tshark reads every file without a warning.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPcapFile } from '../../host/capture/pcapFile.ts';
import { FIXTURES, runTcpdump, runTshark, tempDir, TCPDUMP, TSHARK } from '../capture/support.ts';
import { afterStamp, BUSYBOX_M1, CALI_M1, ENS_M1, ping, seedIds, session, TUNL_M1 } from './support.ts';

const seedBlock = (file: string): string[] => readFileSync(join(FIXTURES, file), 'utf8').replace(/\n$/, '').split('\n');
const tcpdumpLines = (file: string, flags: string): string[] => {
  const r = runTcpdump(file, flags);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/\n$/, '').split('\n').filter((l) => l !== '');
};

describe('ping --pcap: files the real tcpdump and tshark read', () => {
  it('one file per captured interface, link types Ethernet (1) and raw IP (101), stamps from the simulated clock', () => {
    const tmp = tempDir();
    try {
      const r = ping(session(), { pod: BUSYBOX_M1, host: '172.16.109.65', count: 2, tcpdump: [CALI_M1, TUNL_M1, ENS_M1], pcap: tmp.dir });
      assert.equal(r.code, 0);
      assert.deepEqual(readdirSync(tmp.dir).sort(), ['k8s-master-1_cali12242800409.pcap', 'k8s-master-1_ens160.pcap', 'k8s-master-1_tunl0.pcap']);
      const cali = readPcapFile(join(tmp.dir, 'k8s-master-1_cali12242800409.pcap'));
      const tunl = readPcapFile(join(tmp.dir, 'k8s-master-1_tunl0.pcap'));
      assert.equal(cali.linkType, 1);
      assert.equal(tunl.linkType, 101);
      assert.equal(cali.records.length, 2 + 4); // ARP request + reply, 2 × (request, reply)
      assert.equal(tunl.records.length, 4);
      assert.equal(r.taps.get(CALI_M1)!.filter((l) => /^\d/.test(l)).length, 6);
      const t0 = cali.records[0].sec * 1e6 + cali.records[0].usec;
      assert.equal(t0, Date.UTC(2023, 5, 1, 19, 7, 34) * 1000 + 17); // the ARP request, 17 µs after the start
    } finally {
      tmp.remove();
    }
  });

  it('without --tcpdump, --pcap captures every interface a frame can cross', () => {
    const tmp = tempDir();
    try {
      ping(session(), { pod: BUSYBOX_M1, host: '172.16.109.65', count: 1, pcap: tmp.dir });
      const files = readdirSync(tmp.dir).sort();
      assert.ok(files.includes('k8s-node-1_cali1b0be572c83.pcap'));
      assert.ok(files.includes('devops-busybox-77649b9c55-7d27b_eth0.pcap'));
      assert.equal(readPcapFile(join(tmp.dir, 'k8s-node-1_tunl0.pcap')).records.length, 2);
      assert.equal(readPcapFile(join(tmp.dir, 'kube-system-coredns-7c445fd599-glfl5_eth0.pcap')).records.length, 0);
    } finally {
      tmp.remove();
    }
  });

  const blocks = [
    { tap: CALI_M1, file: 'seed-cali12242800409.txt', filter: 'icmp', pid: 29, ids: { m1Pod: 63022, n1Pod: 35773 }, flags: ['-eNnnvl'] },
    { tap: TUNL_M1, file: 'seed-tunl0.txt', filter: undefined, pid: 32, ids: { m1Pod: 12220, n1Pod: 62324 }, flags: ['-eNnnvl'] },
    { tap: ENS_M1, file: 'seed-ens160.txt', filter: 'ip proto 4', pid: 43, ids: { m1Pod: 24637, n1Pod: 383, m1Node: 55134, n1Node: 16578 }, flags: ['-eNnnvl', '-ennvv'] },
  ];
  for (const b of blocks) {
    it(`${b.tap}: tcpdump -r ${b.flags.join(' / ')} prints our live lines, and the seed's after the timestamp`, function () {
      if (!TCPDUMP) this.skip(); // .ci/run installs tcpdump from Debian
      const tmp = tempDir();
      try {
        const r = ping(session(seedIds(b.ids)), { pod: BUSYBOX_M1, host: '172.16.109.65', count: 1, pid: b.pid, tcpdump: [b.tap], filter: b.filter, pcap: tmp.dir, verbose: b.flags.includes('-ennvv') ? 2 : 1 });
        const file = join(tmp.dir, `${b.tap.replace(':', '_')}.pcap`);
        const live = r.taps.get(b.tap)!;
        for (const flags of b.flags) {
          const real = tcpdumpLines(file, flags);
          assert.deepEqual(real, live, `tcpdump -r ${flags} vs our live lines`);
          assert.deepEqual(real.map(afterStamp), seedBlock(b.file).map(afterStamp), `tcpdump -r ${flags} vs the seed`);
        }
      } finally {
        tmp.remove();
      }
    });
  }

  it('unfiltered captures with ARP, the TTL-exceeded error and a same-host ping read the same in tcpdump -r', function () {
    if (!TCPDUMP) this.skip();
    const tmp = tempDir();
    try {
      const s = session();
      const r1 = ping(s, { pod: BUSYBOX_M1, host: '172.16.109.65', count: 1, ttl: 1, timeoutS: 1, tcpdump: [CALI_M1], pcap: join(tmp.dir, 'a') });
      const r2 = ping(s, { pod: BUSYBOX_M1, host: '172.16.196.2', count: 2, tcpdump: ['k8s-master-1:calif57336c1ec9'], pcap: join(tmp.dir, 'b') });
      assert.deepEqual(tcpdumpLines(join(tmp.dir, 'a', 'k8s-master-1_cali12242800409.pcap'), '-eNnnvl'), r1.taps.get(CALI_M1));
      assert.deepEqual(tcpdumpLines(join(tmp.dir, 'b', 'k8s-master-1_calif57336c1ec9.pcap'), '-eNnnvl'), r2.taps.get('k8s-master-1:calif57336c1ec9'));
      assert.ok(r1.taps.get(CALI_M1)!.some((l) => l.includes('192.168.0.11 > 172.16.196.1: ICMP time exceeded in-transit')));
    } finally {
      tmp.remove();
    }
  });

  it('tshark reads the files without a warning (Ethernet, raw IP, IPIP, ARP, ICMP error, empty)', function () {
    if (!TSHARK) this.skip();
    const tmp = tempDir();
    try {
      const s = session();
      // tshark takes ~1.5 s per file: one file of each kind
      ping(s, { pod: BUSYBOX_M1, host: '172.16.109.65', count: 2, tcpdump: [CALI_M1, TUNL_M1, ENS_M1, 'coredns-7c445fd599-glfl5:eth0'], pcap: tmp.dir });
      ping(s, { pod: BUSYBOX_M1, host: '172.16.109.65', count: 1, ttl: 2, timeoutS: 1, tcpdump: [TUNL_M1], pcap: join(tmp.dir, 'ttl') });
      const files = [...readdirSync(tmp.dir).filter((f) => f.endsWith('.pcap')).map((f) => join(tmp.dir, f)), join(tmp.dir, 'ttl', 'k8s-master-1_tunl0.pcap')];
      assert.equal(files.length, 5);
      for (const f of files) {
        const r = runTshark(f);
        assert.equal(r.status, 0, `${f}: ${r.stderr}`);
        assert.equal(r.stderr, '', f);
      }
    } finally {
      tmp.remove();
    }
  });
});
