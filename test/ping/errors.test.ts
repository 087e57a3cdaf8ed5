// Targets that do not answer, as busybox on Linux shows them. busybox ignores every ICMP packet
// whose identifier field is not its own, and ICMP errors carry 0 there: so a blackholed, an
// unreachable and a TTL-expired ping all end the same way, `100% packet loss`, exit 1, after
// -W seconds; the captures show what happened on the way (or that nothing came back).

import assert from 'node:assert/strict';
import { cli } from '../support/cli.ts';
import { parseIp4 } from '../../host/net/addr.ts';
import { afterStamp, BUSYBOX_M1, CALI_M1, ping, seedCluster, session, TUNL_M1 } from './support.ts';

const LOSS1 = ['', '--- 172.16.109.65 ping statistics ---', '1 packets transmitted, 0 packets received, 100% packet loss', ''];

describe('ping: unreachable, blackholed and TTL-limited targets', () => {
  it('-t 1: k8s-master-1 sends time exceeded from its ens160 address (the cali has none); busybox prints no line for it', () => {
    const r = ping(session(), { pod: BUSYBOX_M1, host: '172.16.109.65', count: 1, ttl: 1, timeoutS: 2, tcpdump: [CALI_M1], filter: 'icmp' });
    assert.equal(r.code, 1);
    assert.deepEqual(r.out.split('\n').slice(1), LOSS1);
    assert.equal(r.err, 'tcpdump: listening on cali12242800409, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n');
    const t = r.taps.get(CALI_M1)!.map(afterStamp);
    assert.equal(t[2], 'ee:ee:ee:ee:ee:ee > 86:9c:03:9e:db:9f, ethertype IPv4 (0x0800), length 126: (tos 0xc0, ttl 64, id ' + /id (\d+)/.exec(t[2])![1] + ', offset 0, flags [none], proto ICMP (1), length 112)');
    assert.equal(t[3], '    192.168.0.11 > 172.16.196.1: ICMP time exceeded in-transit, length 92');
    assert.match(t[4], /^\t\(tos 0x0, ttl 1, id \d+, offset 0, flags \[DF\], proto ICMP \(1\), length 84\)$/);
  });

  it('-t 2: k8s-node-1 drops it after decap and answers over the tunnel from its tunl0 address', () => {
    const r = ping(session(), { pod: BUSYBOX_M1, host: '172.16.109.65', count: 1, ttl: 2, timeoutS: 1, tcpdump: [TUNL_M1] });
    assert.equal(r.code, 1);
    const t = r.taps.get(TUNL_M1)!.map(afterStamp);
    assert.match(t[0], /^ip: \(tos 0x0, ttl 1, /);
    assert.equal(t[3], '    172.16.109.64 > 172.16.196.1: ICMP time exceeded in-transit, length 92');
  });

  it('the waiting time: -W after the last send when nothing came back (default 10 s)', () => {
    const s = session();
    const t0 = s.sim.clock.now;
    ping(s, { pod: BUSYBOX_M1, host: '172.16.196.9', count: 2 });
    assert.equal(s.sim.clock.now - t0, 11e9); // sends at 0 s and 1 s, then 10 s
    const t1 = s.sim.clock.now;
    ping(s, { pod: BUSYBOX_M1, host: '172.16.196.9', count: 1, timeoutS: 3 });
    assert.equal(s.sim.clock.now - t1, 3e9);
  });

  it('an unused address of the own block hits the blackhole: silent loss, nothing comes back', () => {
    const r = ping(session(), { pod: BUSYBOX_M1, host: '172.16.196.9', count: 3, timeoutS: 1, tcpdump: [CALI_M1], filter: 'icmp' });
    assert.equal(r.code, 1);
    assert.match(r.out, /^3 packets transmitted, 0 packets received, 100% packet loss$/m);
    assert.ok(!r.out.includes('round-trip'));
    assert.deepEqual(r.taps.get(CALI_M1)!.filter((l) => l.startsWith('    ')).map((l) => l.trim()), [0, 1, 2].map((i) => `172.16.196.1 > 172.16.196.9: ICMP echo request, id 29, seq ${i}, length 64`));
  });

  it('the peer\'s blackhole: the request crosses the tunnel and dies on k8s-node-1', () => {
    const r = ping(session(), { pod: BUSYBOX_M1, host: '172.16.109.99', count: 1, timeoutS: 1, tcpdump: ['k8s-node-1:tunl0'] });
    assert.equal(r.code, 1);
    assert.equal(r.taps.get('k8s-node-1:tunl0')!.length, 2); // the request arrives, nothing leaves
  });

  it('an `unreachable` route: ICMP host unreachable from the node, busybox shows loss', () => {
    const c = seedCluster();
    c.nodes[0].routes.push({ dst: parseIp4('10.99.0.0')!, len: 16, kind: 'unreachable', metric: 0, scope: 'global' });
    const r = ping(session({}, c), { pod: BUSYBOX_M1, host: '10.99.1.1', count: 1, timeoutS: 1, tcpdump: [CALI_M1], filter: 'icmp' });
    assert.equal(r.code, 1);
    assert.ok(r.taps.get(CALI_M1)!.includes('    192.168.0.11 > 172.16.196.1: ICMP host 10.99.1.1 unreachable, length 92'));
  });

  it('no route on the node (no default route, only the 169.254.0.0/16 link route): ICMP net unreachable', () => {
    const c = seedCluster();
    const m1 = c.nodes[0];
    m1.routes = m1.routes.filter((r) => !(r.dst === 0 && r.len === 0));
    m1.routes.push({ dst: parseIp4('169.254.0.0')!, len: 16, kind: 'connected', dev: 'ens160', metric: 1002, scope: 'link' });
    const r = ping(session({}, c), { pod: BUSYBOX_M1, host: '8.8.8.8', count: 1, timeoutS: 1, tcpdump: [CALI_M1], filter: 'icmp' });
    assert.equal(r.code, 1);
    assert.ok(r.taps.get(CALI_M1)!.includes('    192.168.0.11 > 172.16.196.1: ICMP net 8.8.8.8 unreachable, length 92'));
  });

  it('no route at all: the node does not proxy-ARP for 169.254.1.1, the pod gives up after 3 requests', () => {
    const c = seedCluster();
    c.nodes[0].routes = c.nodes[0].routes.filter((r) => !(r.dst === 0 && r.len === 0));
    const s = session({}, c);
    const r = ping(s, { pod: BUSYBOX_M1, host: '8.8.8.8', count: 1, timeoutS: 5, tcpdump: [CALI_M1] });
    assert.equal(r.code, 1);
    const reqs = r.taps.get(CALI_M1)!.map(afterStamp);
    assert.equal(reqs.length, 3);
    assert.ok(reqs.every((l) => l.includes('Request who-has 169.254.1.1 tell 172.16.196.1')));
    assert.equal(s.exec(BUSYBOX_M1, ['ip', 'neigh']).stdout, '169.254.1.1 dev eth0 used 0/0/0 probes 3 FAILED\n');
  });

  it('bad arguments: one line naming the option, exit 2; a bad address is busybox\'s error, exit 1', async () => {
    for (const [args, want] of [
      [['ping', BUSYBOX_M1, '172.16.109.65'], /^error: -c: give -c COUNT or -w SECONDS/],
      [['ping', BUSYBOX_M1, '172.16.109.65', '-c', 'x'], /^error: -c: must be a number \(got "x"\)/],
      [['ping', BUSYBOX_M1, '172.16.109.65', '-c', '1', '-t', '0'], /^error: -t: must be an integer 1\.\.255 \(got 0\)/],
      [['ping', 'k8s-master-1', '172.16.109.65', '-c', '1'], /^error: pod: ping runs inside a pod/],
      [['ping', 'nope', '172.16.109.65', '-c', '1'], /^error: host: unknown node or pod \(got "nope"\)/],
      [['ping', BUSYBOX_M1, '172.16.109.65', '-c', '1', '--tcpdump', 'k8s-master-1:eth9'], /^error: --tcpdump: no interface eth9 on k8s-master-1/],
      [['ping', BUSYBOX_M1, '172.16.109.65', '-c', '1', '--tcpdump', 'k8s-master-1'], /^error: --tcpdump: expected <node-or-pod>:<interface>/],
      [['ping', BUSYBOX_M1, '172.16.109.65', '-c', '1', '--tcpdump', 'k8s-master-1:tunl0', '--filter', 'vlan 80'], /^error: --filter: unsupported primitive vlan/],
      [['ping', BUSYBOX_M1, '172.16.109.65', '-c', '1', '--filter', 'icmp'], /^error: --filter: needs --tcpdump HOST:IFACE or --pcap DIR/],
      [['ping', BUSYBOX_M1, '172.16.109.65', '-c', '1', '--engine', 'gpu'], /^error: --engine: must be one of wasm, ts \(got "gpu"\)$/m],
    ] as const) {
      const r = await cli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, want, args.join(' '));
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
    }
    const bad = await cli('ping', BUSYBOX_M1, 'example.invalid', '-c', '1');
    assert.equal(bad.code, 1);
    assert.equal(bad.err, "ping: bad address 'example.invalid'\n");
    const forever = await cli('ping', BUSYBOX_M1, '999.1.1.1'); // no -c: the address is still what is wrong
    assert.equal(forever.code, 1);
    assert.equal(forever.err, "ping: bad address '999.1.1.1'\n");
  });
});
