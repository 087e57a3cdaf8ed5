// The kernel oracle's plan, checked without a VM: the topology script follows the cluster
// model (routes in the model's own words, Felix's sysctls, device order), the replay generator
// is a pure function of (cluster, seed, N) and only makes frames a packet socket can send, the
// checksum-carry frames really carry the checksums they are named after, and compare.py finds a
// changed checksum on a forwarded frame (the case the TTL-decrement carry bug would produce).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCluster, defaultClusterSpec, loadClusterFile } from '../../host/cluster/index.ts';
import { PcapFileWriter } from '../../host/capture/pcapFile.ts';
import { internetChecksum } from '../../host/net/checksum.ts';
import { ipv4FillChecksum } from '../../host/net/ipv4.ts';
import { topologyScript, segments } from '../../oracle/topology.ts';
import { replayScenario } from '../../oracle/scenarios/replay.ts';
import { edgeFrames, idForChecksum } from '../../oracle/scenarios/edge.ts';
import { pingScenarios, pingArgv } from '../../oracle/scenarios/pings.ts';

const seed = buildCluster(defaultClusterSpec());
const comparepy = fileURLToPath(new URL('../../oracle/compare.py', import.meta.url));
const crossSubnet = fileURLToPath(new URL('../../examples/clusters/crosssubnet-3node.yaml', import.meta.url));

const has = (s: string, line: string): void => assert.ok(s.includes(line), `missing: ${line}`);

describe('kernel oracle: the plan (no VM)', function () {
  it('builds the seed cluster the way Felix, BIRD, NetworkManager and the CNI plugin do', () => {
    const s = topologyScript(seed);
    const has = (line: string): void => assert.ok(s.includes(line), `missing: ${line}`);
    has('x ip -n n0 addr add 192.168.0.11/24 brd 192.168.0.255 dev ens160 noprefixroute');
    has('x ip -n n0 route add default via 192.168.0.2 dev ens160 proto static metric 100');
    has('x ip -n n0 route add 192.168.0.0/24 dev ens160 proto kernel scope link src 192.168.0.11 metric 100');
    has('x ip -n n0 route add 172.16.109.64/26 via 192.168.0.12 dev tunl0 proto bird onlink');
    has('x ip -n n0 route add blackhole 172.16.196.0/26 proto bird');
    has('x ip -n n0 route add 172.16.196.1/32 dev cali12242800409 scope link');
    has('x ip -n n0 neigh replace 172.16.196.1 dev cali12242800409 lladdr 86:9c:03:9e:db:9f nud permanent');
    has('felix n0 cali12242800409');
    has('x ip -n n1 link set tunl0 mtu 1480 up');
    has('x ip -n n1 addr add 172.16.109.64/32 dev tunl0');
    // ipip.ko after both uplinks exist: lo, ens160, tunl0 in every node
    assert.ok(s.indexOf('insmod /lib/modules/ipip.ko') > s.lastIndexOf('type veth peer name ens160'));
    // a gateway route comes after the subnet route that makes its gateway reachable
    assert.ok(s.indexOf('route add default via 192.168.0.2') > s.indexOf('route add 192.168.0.0/24'));
  });

  it('pins a gateway outside the cluster as a permanent neighbour; a cluster router at the gateway is resolved by ARP', () => {
    has(topologyScript(seed), 'x ip -n n0 neigh replace 192.168.0.2 dev ens160 lladdr 02:00:c0:a8:00:02 nud permanent');
    const x = topologyScript(buildCluster(loadClusterFile(crossSubnet)));
    assert.ok(!/neigh replace 10\.0\.[12]\.1 /.test(x), 'no permanent entry for the router at 10.0.1.1 / 10.0.2.1');
    const spec = loadClusterFile(crossSubnet);
    spec.routers = [{ name: 'r', routes: [{ dst: '0.0.0.0/0', via: '10.0.2.254' }] }];
    has(topologyScript(buildCluster(spec)), 'x ip -n n3 neigh replace 10.0.2.254 dev eth1 lladdr 02:00:0a:00:02:fe nud permanent');
  });

  it('puts nodes of different subnets on different segments', () => {
    const c = buildCluster(loadClusterFile(crossSubnet));
    const segs = segments(c);
    assert.ok(segs.length >= 2, `segments: ${segs.map((x) => x.subnet).join(' ')}`);
    assert.equal(segs.reduce((n, x) => n + x.nodes.length, 0), c.nodes.length);
    // the replay plays frames into the router's uplink too, from its segment's bridge port
    const r = replayScenario(c, { frames: 600, seed: 1 }, (n) => n.uplinks[0].segment);
    const atRouter = r.batches.filter((b) => 'node' in b.to && b.to.node.role === 'router');
    assert.ok(atRouter.length > 0 && atRouter.every((b) => b.netns === 'lan0' && b.iface === 'u3'), atRouter.map((b) => `${b.netns}/${b.iface}`).join(' '));
  });

  it('has the seed ping scenarios with busybox arguments', () => {
    const names = pingScenarios(seed).map((p) => p.name);
    for (const n of ['cross', 'cross-frag', 'cross-ttl1', 'cross-ttl2', 'same-host', 'remote-hole', 'own-hole']) assert.ok(names.includes(n), n);
    const frag = pingScenarios(seed).find((p) => p.name === 'cross-frag')!;
    assert.deepEqual(pingArgv(frag), ['ping', '-c', '3', '-s', '1460', '172.16.109.65']);
  });

  it('makes checksum-carry frames with the checksums they are named after', () => {
    const carry = edgeFrames(seed).filter((f) => /header checksum 0x/.test(f.name));
    assert.ok(carry.length >= 16);
    for (const f of carry) {
      const want = parseInt(/0x([0-9a-f]{4})/.exec(f.name)![1], 16);
      assert.equal((f.bytes[24] << 8) | f.bytes[25], want, f.name);
      assert.equal(internetChecksum(f.bytes, 14, 20), 0, `${f.name}: the header must verify`);
    }
    const b = new Uint8Array(20);
    b[0] = 0x45;
    idForChecksum(b, 0, 0xfeff);
    assert.equal(internetChecksum(b, 0, 20), 0);
  });

  it('replays N distinct, sendable frames, the same for the same seed', () => {
    const segOf = () => 0;
    const a = replayScenario(seed, { frames: 400, seed: 7 }, segOf);
    const b = replayScenario(seed, { frames: 400, seed: 7 }, segOf);
    assert.equal(a.frames, 400);
    const all = a.batches.flatMap((x) => x.frames.map((f) => `${x.label} ${Buffer.from(f.bytes).toString('hex')}`));
    assert.equal(new Set(all).size, 400);
    assert.deepEqual(all, b.batches.flatMap((x) => x.frames.map((f) => `${x.label} ${Buffer.from(f.bytes).toString('hex')}`)));
    for (const x of a.batches) for (const f of x.frames) assert.ok(f.bytes.length >= 14 && f.bytes.length <= 1518, f.name);
    const c = replayScenario(seed, { frames: 400, seed: 8 }, segOf);
    assert.notDeepEqual(c.batches.flatMap((x) => x.frames.map((f) => f.name)), a.batches.flatMap((x) => x.frames.map((f) => f.name)));
  });

  /** compare.py's differences between one kernel frame and one simulator frame on one interface. */
  const compareOne = (kernel: Uint8Array, sim: Uint8Array): { field: string; kernel: string; sim: string }[] => {
    const dir = mkdtempSync(join(tmpdir(), 'oracle-cmp-'));
    for (const [side, f] of [['kernel', kernel], ['sim', sim]] as const) {
      execFileSync('mkdir', ['-p', join(dir, side)]);
      const w = new PcapFileWriter('ether', { path: join(dir, side, 'x.pcap') });
      w.write(0, f);
      w.close();
    }
    writeFileSync(join(dir, 'job.json'), JSON.stringify({
      points: [{ label: 'x', file: 'x.pcap', uplink: false }], nodeIps: [], nodeMacs: [], ignore: [],
      scenarios: [{ name: 's', kind: 'ping', kernel: join(dir, 'kernel'), sims: { wasm: join(dir, 'sim') } }],
    }));
    execFileSync('/usr/bin/python3', [comparepy, join(dir, 'job.json'), join(dir, 'res.json')]);
    return JSON.parse(readFileSync(join(dir, 'res.json'), 'utf8'))[0].rows[0].diffs;
  };
  const carryFrame = (): Uint8Array => edgeFrames(seed).find((f) => /same-host echo, header checksum 0xfeff, ttl 64/.test(f.name))!.bytes.slice();

  it('compare.py: a forwarded frame whose checksum differs only in its carry is a mismatch', function () {
    this.timeout(30000);
    const frame = carryFrame();
    // the kernel forwards it with ttl 63 and checksum 0x0000 (ip_decrease_ttl's carry);
    // a carry bug would give 0xffff, which verifies just as well
    const out = (ck: number): Uint8Array => {
      const f = frame.slice();
      f[22] = 63;
      f[24] = ck >> 8;
      f[25] = ck & 255;
      return f;
    };
    assert.deepEqual(compareOne(out(0x0000), out(0x0000)), []);
    const d = compareOne(out(0x0000), out(0xffff));
    assert.equal(d.length, 1);
    assert.equal(d[0].field, 'ip.csum');
    assert.equal(d[0].kernel, '0x0000(ok)');
    assert.equal(d[0].sim, '0xffff(ok)');
  });

  it('compare.py: an IPv4 ID of 0 must be 0 on both sides only where DF made it one', function () {
    this.timeout(30000);
    const base = carryFrame();
    // the same packet with ID `id`, DF or not (an ICMP error's socket never sets DF, so its ID
    // comes from __ip_select_ident's hashed counters, where 0 is one value of 65536)
    const frame = (id: number, df: boolean): Uint8Array => {
      const f = base.slice();
      f[18] = id >> 8;
      f[19] = id & 255;
      f[20] = df ? 0x40 : 0;
      ipv4FillChecksum(f, 14, 20);
      return f;
    };
    const fields = (kernelId: number, simId: number, df: boolean): string[] => compareOne(frame(kernelId, df), frame(simId, df)).map((d) => d.field);
    assert.deepEqual(fields(0, 43261, false), [], 'without DF, 0 is a hashed ID like any other');
    assert.deepEqual(fields(0, 43261, true), ['ip.id'], 'with DF, 0 is ip_select_ident_segs\'s own');
    assert.deepEqual(fields(17, 43261, true), []);
  });
});
