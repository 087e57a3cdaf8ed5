// The seed's cross-host ping (busybox-77649b9c55-r6bx9 172.16.196.1 on k8s-master-1 → busybox
// 172.16.109.65 on k8s-node-1) with tcpdump on cali12242800409, tunl0 and ens160 of
// k8s-master-1, compared with the seed's three capture blocks field for field.
//
// What may differ, and why:
// - timestamps: the seed's blocks were taken on real hosts at 19:07:34, 19:17:08 and 20:03:02;
//   ours come from the simulated clock;
// - the ICMP identifier (29, 32, 43 in the seed: busybox's pid, one process per capture) and the
//   IP IDs (Linux's per-destination counters, hashed with a boot-time random key: host history).
// Run once with the simulation's own values (identifiers and IP IDs normalised), and once per
// block with the seed's pid and IP ID counters as inputs: then every line equals the seed's
// after the timestamp.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../capture/support.ts';
import { afterStamp, BUSYBOX_M1, CALI_M1, COREDNS, ENS_M1, ping, seedIds, session, TUNL_M1 } from './support.ts';

const seedBlock = (file: string): string[] => readFileSync(join(FIXTURES, file), 'utf8').replace(/\n$/, '').split('\n');

const BLOCKS = [
  { tap: CALI_M1, file: 'seed-cali12242800409.txt', filter: 'icmp', pid: 29, ids: { m1Pod: 63022, n1Pod: 35773 } },
  { tap: TUNL_M1, file: 'seed-tunl0.txt', filter: undefined, pid: 32, ids: { m1Pod: 12220, n1Pod: 62324 } },
  { tap: ENS_M1, file: 'seed-ens160.txt', filter: 'ip proto 4', pid: 43, ids: { m1Pod: 24637, n1Pod: 383, m1Node: 55134, n1Node: 16578 } },
];

/** Identifier and IP IDs replaced by placeholders. */
const normalise = (l: string): string => l.replace(/\bid \d+/g, 'id N');

describe('ping: the seed\'s cross-host ping and its captures', () => {
  it('prints what busybox printed in the seed (ttl=62), one ARP exchange first', () => {
    const r = ping(session(), { pod: BUSYBOX_M1, host: '172.16.109.65', count: 1 });
    assert.equal(r.code, 0);
    const lines = r.out.split('\n');
    assert.equal(lines[0], 'PING 172.16.109.65 (172.16.109.65): 56 data bytes');
    assert.match(lines[1], /^64 bytes from 172\.16\.109\.65: seq=0 ttl=62 time=\d+\.\d{3} ms$/);
    const t = /time=(\S+) ms/.exec(lines[1])![1];
    assert.deepEqual(lines.slice(2), ['', '--- 172.16.109.65 ping statistics ---', '1 packets transmitted, 1 packets received, 0% packet loss', `round-trip min/avg/max = ${t}/${t}/${t} ms`, '']);
    assert.equal(r.err, '');
  });

  it('same host (busybox → coredns): ttl=63, no tunnel', () => {
    const r = ping(session(), { pod: BUSYBOX_M1, host: '172.16.196.2', count: 2, tcpdump: [TUNL_M1] });
    assert.equal(r.code, 0);
    assert.match(r.out, /^64 bytes from 172\.16\.196\.2: seq=0 ttl=63 time=0\.\d{3} ms$/m);
    assert.match(r.out, /^64 bytes from 172\.16\.196\.2: seq=1 ttl=63 time=0\.\d{3} ms$/m);
    assert.deepEqual(r.taps.get(TUNL_M1), []);
  });

  it('-s 3000: the pod fragments (1476 + 1476 + 116 octets, DF clear), the peer reassembles and its reply comes back in fragments', () => {
    const r = ping(session(), { pod: BUSYBOX_M1, host: '172.16.109.65', count: 1, size: 3000, tcpdump: [TUNL_M1] });
    assert.equal(r.code, 0);
    assert.match(r.out, /^3008 bytes from 172\.16\.109\.65: seq=0 ttl=62 time=/m);
    const heads = r.taps.get(TUNL_M1)!.filter((l) => /^\d/.test(l)).map((l) => /offset (\d+), flags \[([^\]]*)\], proto ICMP \(1\), length (\d+)/.exec(l)!.slice(1).join(' '));
    assert.deepEqual(heads, ['0 + 1476', '1456 + 1476', '2912 none 116', '0 + 1476', '1456 + 1476', '2912 none 116']);
  });

  it('coredns answers by name too (namespace/pod) and from its own address', () => {
    const r = ping(session(), { pod: `kube-system/${COREDNS}`, host: '172.16.196.1', count: 1, tcpdump: [`${COREDNS}:eth0`], filter: 'icmp' });
    assert.equal(r.code, 0);
    const tap = r.taps.get(`${COREDNS}:eth0`)!.map(afterStamp);
    assert.match(tap[0], /^8e:0a:84:0d:c2:e4 > ee:ee:ee:ee:ee:ee, .*ttl 64, .*flags \[DF\]/);
    assert.equal(tap[1], '    172.16.196.2 > 172.16.196.1: ICMP echo request, id 29, seq 0, length 64');
    assert.match(tap[2], /^ee:ee:ee:ee:ee:ee > 8e:0a:84:0d:c2:e4, .*ttl 63, .*flags \[none\]/);
  });

  for (const b of BLOCKS) {
    it(`${b.tap}: the seed's lines after the timestamp, identifiers and IP IDs normalised`, () => {
      const r = ping(session(), { pod: BUSYBOX_M1, host: '172.16.109.65', count: 1, tcpdump: [b.tap], filter: b.filter });
      const ours = r.taps.get(b.tap)!;
      const seed = seedBlock(b.file);
      assert.deepEqual(ours.map(afterStamp).map(normalise), seed.map(afterStamp).map(normalise));
    });

    it(`${b.tap}: with the seed's pid and IP ID counters every line equals the seed's after the timestamp`, () => {
      const r = ping(session(seedIds(b.ids)), { pod: BUSYBOX_M1, host: '172.16.109.65', count: 1, pid: b.pid, tcpdump: [b.tap], filter: b.filter });
      assert.equal(r.code, 0);
      assert.deepEqual(r.taps.get(b.tap)!.map(afterStamp), seedBlock(b.file).map(afterStamp));
    });
  }

  it('all three captures at once: the request is seen on cali, tunl0 then ens160, the reply in reverse, times increasing', () => {
    const taps = [CALI_M1, TUNL_M1, ENS_M1];
    const r = ping(session(), { pod: BUSYBOX_M1, host: '172.16.109.65', count: 1, tcpdump: taps, filter: 'icmp or ip proto 4' });
    const order = r.all.split('\n').filter((l) => /^\[[^\]]+\] \d\d:/.test(l)).map((l) => l.slice(1, l.indexOf(']')));
    assert.deepEqual(order, [CALI_M1, TUNL_M1, ENS_M1, ENS_M1, TUNL_M1, CALI_M1]);
    const stamps = r.all.split('\n').filter((l) => /^\[[^\]]+\] \d\d:/.test(l)).map((l) => l.replace(/^\[[^\]]+\] /, '').slice(0, 15));
    assert.deepEqual([...stamps].sort(), stamps);
    // the ping's RTT is the time between the request and the reply on the pod side
    assert.match(r.out, /seq=0 ttl=62 time=1\.\d{3} ms/);
  });

  it('the first ping ARPs for 169.254.1.1 and the host answers by proxy ARP with ee:ee:ee:ee:ee:ee', () => {
    const r = ping(session(), { pod: BUSYBOX_M1, host: '172.16.109.65', count: 1, tcpdump: [CALI_M1], filter: 'arp' });
    assert.deepEqual(r.taps.get(CALI_M1)!.map(afterStamp), [
      '86:9c:03:9e:db:9f > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Ethernet (len 6), IPv4 (len 4), Request who-has 169.254.1.1 tell 172.16.196.1, length 28',
      'ee:ee:ee:ee:ee:ee > 86:9c:03:9e:db:9f, ethertype ARP (0x0806), length 42: Ethernet (len 6), IPv4 (len 4), Reply 169.254.1.1 is-at ee:ee:ee:ee:ee:ee, length 28',
    ]);
  });
});
