// iproute2 and busybox `ip` views beyond the seed's `ip addr`: -4/-6, link, -br, -j, -o, route
// get, neigh. Expected texts are iproute2 6.1's, read off network namespaces built like the seed's
// nodes (see iproute-oracle.test.ts for the comparison made live when the test runs as root).

import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { hostNeighbours } from '../../host/sim/hostNeigh.ts';
import { execOn, resolveTarget } from '../../host/views/exec.ts';
import { ConfigError } from '../../host/errors.ts';
import { seedOutputs } from './seed-text.ts';

const cluster = buildCluster(defaultClusterSpec());
const run = (host: string, cmd: string) => execOn(resolveTarget(cluster, host), cmd.split(' '), hostNeighbours(cluster));
const out = (host: string, cmd: string) => {
  const r = run(host, cmd);
  assert.equal(r.code, 0, `${host}: ${cmd}: ${r.stderr}`);
  return r.stdout;
};
const M1 = 'k8s-master-1';
const BB = 'busybox-77649b9c55-r6bx9';
const DNS = 'coredns-7c445fd599-glfl5';

describe('ip: families, link, brief, JSON', () => {
  it('ip -4 addr: no inet6 and no link/ lines; interfaces without IPv4 left out; link-netns would go on the header', () => {
    const text = out(M1, 'ip -4 addr');
    assert.doesNotMatch(text, /inet6|link\//);
    assert.deepEqual(text.split('\n').filter((l) => /^\d+:/.test(l)).map((l) => l.split(':')[1].trim()), ['lo', 'ens160', 'tunl0@NONE', 'kube-ipvs0']);
    assert.match(text, /^2: ens160: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n {4}altname enp2s0\n {4}inet 192\.168\.0\.11\/24 /m);
    // the seed's inet lines, in the seed's order
    const inet = (lines: string[]) => lines.filter((l) => l.startsWith('    inet '));
    assert.deepEqual(inet(text.split('\n')), inet(seedOutputs('[root@k8s-master-1 ~]# ip addr')[0]));
    assert.equal(out(BB, 'ip -4 addr show dev eth0'), '4: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1480 qdisc noqueue\n    inet 172.16.196.1/32 scope global eth0\n       valid_lft forever preferred_lft forever\n');
  });

  it('ip -6 addr: the short header of an AF_INET6 link dump (peer ifindex looked up locally: cali@if4 is kube-ipvs0, down)', () => {
    const text = out(M1, 'ip -6 addr');
    assert.doesNotMatch(text, / inet /);
    assert.match(text, /^1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 state UNKNOWN qlen 1000\n {4}inet6 ::1\/128 scope host\n/);
    assert.match(text, /^7: cali12242800409@kube-ipvs0: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1480 state UP\n/m);
    assert.match(out(DNS, 'ip -6 addr'), /^4: eth0@if8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1480 state UP\n/m);
    assert.match(out(BB, 'ip -6 a'), /^4: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1480\n {4}inet6 fe80::849c:3ff:fe9e:db9f\/64 scope link\n/m);
    // one device asked for by name is fetched in full
    assert.match(out(M1, 'ip -6 addr show dev cali12242800409'), /^7: cali12242800409@if4: .* qdisc noqueue state UP group default link-netns cni-d0ea7fe4/);
  });

  it('ip link: mode DEFAULT; ip -br link / addr: %-16s name, %-14s state, items with their trailing blank', () => {
    assert.match(out(M1, 'ip link'), /^3: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n {4}link\/ipip 0\.0\.0\.0 brd 0\.0\.0\.0\n/m);
    assert.equal(
      out(M1, 'ip -br addr'),
      'lo               UNKNOWN        127.0.0.1/8 ::1/128 \n' +
        'ens160           UP             192.168.0.11/24 fe80::20c:29ff:feb1:2f0/64 \n' +
        'tunl0@NONE       UNKNOWN        172.16.196.0/32 \n' +
        'kube-ipvs0       DOWN           10.96.0.1/32 10.96.192.105/32 10.96.0.10/32 \n' +
        'cali12242800409@if4 UP             fe80::ecee:eeff:feee:eeee/64 \n' +
        'calif57336c1ec9@if4 UP             fe80::ecee:eeff:feee:eeee/64 \n',
    );
    assert.equal(out(M1, 'ip -br -4 a show dev ens160'), 'ens160           UP             192.168.0.11/24 \n');
    assert.equal(out(M1, 'ip -br link show dev lo'), 'lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \n');
  });

  it('ip -j: iproute2 key order; -p pretty layout', () => {
    const cali = JSON.parse(out(M1, 'ip -j addr show dev cali12242800409'));
    assert.deepEqual(Object.keys(cali[0]), ['ifindex', 'link_index', 'ifname', 'flags', 'mtu', 'qdisc', 'operstate', 'group', 'link_type', 'address', 'broadcast', 'link_netnsid', 'addr_info']);
    assert.equal(cali[0].link_netnsid, 0);
    assert.equal(JSON.parse(out(M1, 'ip -j link show dev calif57336c1ec9'))[0].link_netnsid, 1);
    const ens = JSON.parse(out(M1, 'ip -j link show dev ens160'))[0];
    assert.deepEqual(ens.altnames, ['enp2s0']);
    assert.equal(ens.linkmode, 'DEFAULT');
    assert.equal(JSON.parse(out(M1, 'ip -j link show dev tunl0'))[0].link, null);
    assert.equal(
      out(M1, 'ip -j route'),
      '[{"dst":"default","gateway":"192.168.0.2","dev":"ens160","protocol":"static","metric":100,"flags":[]},' +
        '{"dst":"172.16.109.64/26","gateway":"192.168.0.12","dev":"tunl0","protocol":"bird","flags":["onlink"]},' +
        '{"type":"blackhole","dst":"172.16.196.0/26","protocol":"bird","flags":[]},' +
        '{"dst":"172.16.196.1","dev":"cali12242800409","scope":"link","flags":[]},' +
        '{"dst":"172.16.196.2","dev":"calif57336c1ec9","scope":"link","flags":[]},' +
        '{"dst":"192.168.0.0/24","dev":"ens160","protocol":"kernel","scope":"link","prefsrc":"192.168.0.11","metric":100,"flags":[]}]\n',
    );
    assert.equal(
      out(M1, 'ip -j -p route get 172.16.109.65'),
      '[ {\n        "dst": "172.16.109.65",\n        "gateway": "192.168.0.12",\n        "dev": "tunl0",\n        "prefsrc": "172.16.196.0",\n        "flags": [ ],\n        "uid": 0,\n        "cache": [ ]\n    } ]\n',
    );
    assert.equal(out(M1, 'ip -j neigh'), '[{"dst":"172.16.196.1","dev":"cali12242800409","lladdr":"86:9c:03:9e:db:9f","state":["PERMANENT"]},{"dst":"172.16.196.2","dev":"calif57336c1ec9","lladdr":"8e:0a:84:0d:c2:e4","state":["PERMANENT"]}]\n');
  });

  it('ip -o addr: one line per address, continuation joined by a backslash', () => {
    assert.match(out(M1, 'ip -o addr'), /^1: lo {4}inet 127\.0\.0\.1\/8 scope host lo\\ {7}valid_lft forever preferred_lft forever\n1: lo {4}inet6 ::1\/128 scope host \\ {7}valid_lft/);
  });
});

describe('arp', () => {
  it('net-tools: the table without -a, arp_disp\'s BSD lines with -a; busybox: its BSD lines either way', () => {
    assert.equal(out(M1, 'arp -a'), '? (172.16.196.1) at 86:9c:03:9e:db:9f [ether] PERM on cali12242800409\n? (172.16.196.2) at 8e:0a:84:0d:c2:e4 [ether] PERM on calif57336c1ec9\n');
    assert.equal(out(M1, 'arp -an'), out(M1, 'arp -a'));
    assert.match(out(M1, 'arp'), /^Address {18}HWtype  HWaddress {11}Flags Mask {12}Iface\n172\.16\.196\.1 {13}ether   86:9c:03:9e:db:9f   CM {20}cali12242800409\n/);
    assert.equal(out(BB, 'arp -a'), out(BB, 'arp -n'));
  });
});

describe('ip route get', () => {
  it('what the kernel answers on k8s-master-1 (iproute2 text with its trailing blanks)', () => {
    assert.equal(out(M1, 'ip route get 172.16.109.65'), '172.16.109.65 via 192.168.0.12 dev tunl0 src 172.16.196.0 uid 0 \n    cache \n');
    assert.equal(out(M1, 'ip route get 172.16.196.2'), '172.16.196.2 dev calif57336c1ec9 src 192.168.0.11 uid 0 \n    cache \n');
    assert.equal(out(M1, 'ip route get 8.8.8.8'), '8.8.8.8 via 192.168.0.2 dev ens160 src 192.168.0.11 uid 0 \n    cache \n');
    assert.equal(out(M1, 'ip route get 192.168.0.12'), '192.168.0.12 dev ens160 src 192.168.0.11 uid 0 \n    cache \n');
    assert.equal(out(M1, 'ip route get 172.16.196.0'), 'local 172.16.196.0 dev lo src 172.16.196.0 uid 0 \n    cache <local> \n');
    assert.equal(out(M1, 'ip route get 10.96.0.10'), 'local 10.96.0.10 dev lo src 10.96.0.10 uid 0 \n    cache <local> \n'); // kube-ipvs0 is down, its local routes stay
    assert.equal(out(M1, 'ip route get 192.168.0.255'), 'broadcast 192.168.0.255 dev ens160 src 192.168.0.11 uid 0 \n    cache <local,brd> \n');
    assert.equal(out('k8s-node-1', 'ip route get 172.16.196.1'), '172.16.196.1 via 192.168.0.11 dev tunl0 src 172.16.109.64 uid 0 \n    cache \n');
  });

  it('0.0.0.0, the limited broadcast and multicast: ip_route_output_key_hash_rcu\'s own answers (Linux 6.1, iproute2 6.1)', () => {
    assert.equal(out(M1, 'ip route get 0.0.0.0'), 'local 0.0.0.0 dev lo src 127.0.0.1 uid 0 \n    cache <local> \n');
    assert.equal(out(M1, 'ip route get 0.1.2.3'), '0.1.2.3 via 192.168.0.2 dev ens160 src 192.168.0.11 uid 0 \n    cache \n');
    assert.equal(out(M1, 'ip route get 255.255.255.255'), 'broadcast 255.255.255.255 dev ens160 src 192.168.0.11 uid 0 \n    cache <local,brd> \n');
    assert.equal(out(M1, 'ip route get 224.0.0.1'), 'multicast 224.0.0.1 dev ens160 src 192.168.0.11 rt_offload_failed uid 0 \n    cache <local,mc> \n');
    assert.equal(out(M1, 'ip route get 239.1.2.3'), 'multicast 239.1.2.3 dev ens160 src 192.168.0.11 rt_offload_failed uid 0 \n    cache <mc> \n');
    assert.deepEqual(JSON.parse(out(M1, 'ip -j route get 224.0.0.1')), [{
      type: 'multicast', dst: '224.0.0.1', dev: 'ens160', prefsrc: '192.168.0.11', flags: ['rt_offload_failed'], uid: 0, cache: ['local', 'mc'],
    }]);
    assert.equal(out(BB, 'ip route get 255.255.255.255'), 'broadcast 255.255.255.255 dev eth0  src 172.16.196.1 \n');
  });

  it('a blackholed block address is EINVAL (exit 2), as RTNETLINK answers', () => {
    const r = run(M1, 'ip route get 172.16.196.9');
    assert.deepEqual(r, { stdout: '', stderr: 'RTNETLINK answers: Invalid argument\n', code: 2 });
  });

  it('inside pods: iproute2 (nsenter) and busybox print their own way', () => {
    assert.equal(out(DNS, 'ip route get 172.16.109.65'), '172.16.109.65 via 169.254.1.1 dev eth0 src 172.16.196.2 uid 0 \n    cache \n');
    assert.equal(out(BB, 'ip route get 172.16.109.65'), '172.16.109.65 via 169.254.1.1 dev eth0  src 172.16.196.1 \n');
  });

  it('bad ip arguments: one ConfigError; unknown objects and devices as the tools say them', () => {
    assert.throws(() => run(BB, 'ip -br a'), (e: unknown) => e instanceof ConfigError && /busybox's ip has no -br/.test(e.message));
    assert.throws(() => run(M1, 'ip route get'), ConfigError);
    assert.throws(() => run(M1, 'ip route get 1.2.3'), ConfigError);
    assert.throws(() => run(M1, 'ip -s link'), ConfigError);
    assert.deepEqual(run(M1, 'ip foo'), { stdout: '', stderr: 'Object "foo" is unknown, try "ip help".\n', code: 1 });
    assert.deepEqual(run(M1, 'ip link show dev eth9'), { stdout: '', stderr: 'Device "eth9" does not exist.\n', code: 1 });
  });
});
