// examples/embed/ping.mjs, run as a user runs it (plain node, the package's compiled entry
// point through its own name): every hop of the seed's ping, in order, on both engines.
import { strict as assert } from 'node:assert';
import { ROOT, run, ensureDist } from './dist.ts';

// `where iface dir  what` of each line, timestamps left out (they are checked for order only).
const HOPS = [
  'busybox-77649b9c55-r6bx9 eth0 tx ARP, Request who-has 169.254.1.1 tell 172.16.196.1',
  'k8s-master-1 cali12242800409 rx ARP, Request who-has 169.254.1.1 tell 172.16.196.1',
  'k8s-master-1 cali12242800409 tx ARP, Reply 169.254.1.1 is-at ee:ee:ee:ee:ee:ee',
  'busybox-77649b9c55-r6bx9 eth0 rx ARP, Reply 169.254.1.1 is-at ee:ee:ee:ee:ee:ee',
  'busybox-77649b9c55-r6bx9 eth0 tx 172.16.196.1 > 172.16.109.65: ICMP echo request, id 29, seq 0, ttl 64',
  'k8s-master-1 cali12242800409 rx 172.16.196.1 > 172.16.109.65: ICMP echo request, id 29, seq 0, ttl 64',
  'k8s-master-1 tunl0 tx 172.16.196.1 > 172.16.109.65: ICMP echo request, id 29, seq 0, ttl 63',
  'k8s-master-1 ens160 tx 192.168.0.11 > 192.168.0.12: IPIP (outer ttl 63) | 172.16.196.1 > 172.16.109.65: ICMP echo request, id 29, seq 0, ttl 63',
  'k8s-node-1 ens160 rx 192.168.0.11 > 192.168.0.12: IPIP (outer ttl 63) | 172.16.196.1 > 172.16.109.65: ICMP echo request, id 29, seq 0, ttl 63',
  'k8s-node-1 tunl0 rx 172.16.196.1 > 172.16.109.65: ICMP echo request, id 29, seq 0, ttl 63',
  'k8s-node-1 cali1b0be572c83 tx 172.16.196.1 > 172.16.109.65: ICMP echo request, id 29, seq 0, ttl 62',
  'busybox-77649b9c55-7d27b eth0 rx 172.16.196.1 > 172.16.109.65: ICMP echo request, id 29, seq 0, ttl 62',
  'busybox-77649b9c55-7d27b eth0 tx ARP, Request who-has 169.254.1.1 tell 172.16.109.65',
  'k8s-node-1 cali1b0be572c83 rx ARP, Request who-has 169.254.1.1 tell 172.16.109.65',
  'k8s-node-1 cali1b0be572c83 tx ARP, Reply 169.254.1.1 is-at ee:ee:ee:ee:ee:ee',
  'busybox-77649b9c55-7d27b eth0 rx ARP, Reply 169.254.1.1 is-at ee:ee:ee:ee:ee:ee',
  'busybox-77649b9c55-7d27b eth0 tx 172.16.109.65 > 172.16.196.1: ICMP echo reply, id 29, seq 0, ttl 64',
  'k8s-node-1 cali1b0be572c83 rx 172.16.109.65 > 172.16.196.1: ICMP echo reply, id 29, seq 0, ttl 64',
  'k8s-node-1 tunl0 tx 172.16.109.65 > 172.16.196.1: ICMP echo reply, id 29, seq 0, ttl 63',
  'k8s-node-1 ens160 tx 192.168.0.12 > 192.168.0.11: IPIP (outer ttl 63) | 172.16.109.65 > 172.16.196.1: ICMP echo reply, id 29, seq 0, ttl 63',
  'k8s-master-1 ens160 rx 192.168.0.12 > 192.168.0.11: IPIP (outer ttl 63) | 172.16.109.65 > 172.16.196.1: ICMP echo reply, id 29, seq 0, ttl 63',
  'k8s-master-1 tunl0 rx 172.16.109.65 > 172.16.196.1: ICMP echo reply, id 29, seq 0, ttl 63',
  'k8s-master-1 cali12242800409 tx 172.16.109.65 > 172.16.196.1: ICMP echo reply, id 29, seq 0, ttl 62',
  'busybox-77649b9c55-r6bx9 eth0 rx 172.16.109.65 > 172.16.196.1: ICMP echo reply, id 29, seq 0, ttl 62',
];

describe('examples/embed/ping.mjs', function () {
  this.timeout(120000);
  before(() => ensureDist());

  for (const engine of ['wasm', 'ts']) {
    it(`prints every hop of the seed's ping and TTL 64 → 63 → 62 (${engine})`, async () => {
      const { stdout } = await run(process.execPath, ['examples/embed/ping.mjs', '--engine', engine], { cwd: ROOT });
      const lines = stdout.split('\n');
      const hops = lines.filter((l) => /^\d+\.\d{6}  /.test(l));
      assert.deepEqual(hops.map((l) => l.slice(10).replace(/ +/g, ' ').trim()), HOPS);
      const times = hops.map((l) => Number(l.slice(0, 8)));
      assert.deepEqual(times, [...times].sort((a, b) => a - b), 'the clock never runs backwards');
      assert.ok(times.at(-1)! > 100e-6, 'two wire crossings of 50 µs each');
      assert.match(stdout, /^64 bytes from 172\.16\.109\.65: seq=0 ttl=62 time=0\.\d{3} ms$/m);
      assert.match(stdout, /^echo request TTL: 64 \(busybox-77649b9c55-r6bx9 eth0\) → 63 \(k8s-master-1 tunl0\) → 62 \(k8s-node-1 cali1b0be572c83\)$/m);
      assert.match(stdout, /^k8s-master-1: rx 3, encap 1, decap 1, to pods 2, to the wire 1, ARP replies 1, dropped 0$/m);
    });
  }
});
