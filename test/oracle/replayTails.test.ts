// The replay's tails and the VM's reachable_time draws, without the VM. A batch that leaves an
// incomplete datagram in a host's reassembly queue sets off ICMP 11/1 30 s later (ip_expire),
// after the VM has moved on to later batches: the plan gives such a batch a tail, and the
// simulator runs as long. And each device's reachable_time, drawn at random per device by the
// kernel (neigh_rand_reach_time), can be given to the simulator (SimOptions.reachableMs).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PcapFileWriter } from '../../host/capture/pcapFile.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { ethFrame, ETHERTYPE_IPV4 } from '../../host/net/ethernet.ts';
import { formatIp4, parseMac } from '../../host/net/addr.ts';
import { ipv4Packet, IPPROTO_ICMP, IPV4_MF } from '../../host/net/ipv4.ts';
import { HOST_VETH_MAC } from '../../host/cluster/names.ts';
import { readNeighbours } from '../../host/dataplane/neighbours.ts';
import * as L from '../../host/layout.ts';
import { SimSession } from '../../host/session/session.ts';
import { NS_PER_MS } from '../../host/sim/clock.ts';
import { batchEndMs, batchesWithLatePackets, simReplay } from '../../oracle/sim.ts';
import { allPoints } from '../../oracle/points.ts';
import type { ReplayScenario } from '../../oracle/scenarios/replay.ts';

const cluster = buildCluster(defaultClusterSpec());
const client = cluster.pods.find((p) => p.name === 'busybox-77649b9c55-r6bx9')!;
const target = cluster.pods.find((p) => p.name === 'coredns-7c445fd599-glfl5')!; // same node

/** An ICMP echo request from the client to the target, 8 octets of payload: whole, or only its
 *  first fragment (MF set: the rest never comes). */
function echo(firstFragmentOnly: boolean): Uint8Array {
  const icmp = Uint8Array.of(8, 0, 0xf7, 0xfe, 0, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8);
  const ip = ipv4Packet({ src: client.ip, dst: target.ip, proto: IPPROTO_ICMP, ttl: 64, id: 0x4242, flagsFrag: firstFragmentOnly ? IPV4_MF : 0 }, icmp);
  return ethFrame(parseMac(HOST_VETH_MAC)!, parseMac(client.mac)!, ETHERTYPE_IPV4, ip);
}

function scenario(frames: Uint8Array[][]): ReplayScenario {
  return {
    kind: 'replay', name: 'replay', seed: 1, spacingMs: 30, leadMs: 300, gapMs: 300, frames: frames.flat().length,
    batches: frames.map((fs) => ({
      to: { pod: client }, netns: 'p', iface: 'eth0', label: 'l', sim: { pod: `${client.namespace}/${client.name}` },
      frames: fs.map((bytes, i) => ({ name: `f${i}`, bytes })), tailMs: 0,
    })),
  };
}

/** A pcap of one compared interface `x` with `frames` at (seconds) in directory `dir/name`. */
function side(dir: string, name: string, frames: [number, Uint8Array][]): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  const w = new PcapFileWriter('ether', { path: join(d, 'x.pcap') });
  for (const [t, f] of [...frames].sort((x, y) => x[0] - y[0])) w.write(BigInt(Math.round((1000 + t) * 1e9)), f);
  w.close();
  return d;
}

/** compare.py on one replay batch played into `x`: the differences it lists. */
function compareBatch(dir: string, kernel: string, sim: string, inputs: Uint8Array[], batch: { horizonS: number; tailS: number }): unknown[] {
  const job = {
    points: [{ label: 'x', file: 'x.pcap', uplink: false }], nodeIps: [], nodeMacs: [], ignore: [],
    scenarios: [{
      name: 'replay', kind: 'replay', kernel: { dir: kernel, start: 999, end: 1040 }, sims: { wasm: sim },
      batches: [{ inject: 'x', ...batch, frames: inputs.map((f) => Buffer.from(f).toString('hex')), names: inputs.map((_, i) => `f${i}`) }],
    }],
  };
  writeFileSync(join(dir, 'job.json'), JSON.stringify(job));
  execFileSync('/usr/bin/python3', [fileURLToPath(new URL('../../oracle/compare.py', import.meta.url)), join(dir, 'job.json'), join(dir, 'res.json')]);
  const res = JSON.parse(readFileSync(join(dir, 'res.json'), 'utf8')) as { frames: { diffs: unknown[] }[] }[];
  return res[0].frames.flatMap((f) => f.diffs);
}

describe('oracle replay: tails for late packets, the VM\'s reachable_time', () => {
  it('a batch that leaves an incomplete datagram gets a tail; a batch that does not, none', () => {
    const s = scenario([[echo(false)], [echo(true)], [echo(false), echo(false)]]);
    assert.deepEqual(batchesWithLatePackets(cluster, s, 33_000), [1]);
  });

  it('with its tail, the batch\'s capture holds the target\'s 11/1 about 30 s after the fragment', () => {
    const s = scenario([[echo(true)]]);
    s.batches[0].tailMs = 33_000;
    assert.equal(batchEndMs(s, 0), 30 + 300 + 33_000); // the last frame, its spacing, the pause, the tail
    const dir = mkdtempSync(join(tmpdir(), 'tails-'));
    try {
      const points = allPoints(cluster);
      simReplay(cluster, s, points, 'wasm', dir);
      const eth0 = points.find((p) => p.label.startsWith(`${client.namespace}/${client.name}`))!;
      const pcap = readFileSync(join(dir, eth0.file));
      // pcap records: 24-octet file header, then 16-octet record headers
      const times: { t: number; icmp: number[] }[] = [];
      for (let off = 24; off + 16 <= pcap.length;) {
        const sec = pcap.readUInt32LE(off);
        const usec = pcap.readUInt32LE(off + 4);
        const len = pcap.readUInt32LE(off + 8);
        const f = pcap.subarray(off + 16, off + 16 + len);
        if (f[12] === 0x08 && f[13] === 0x00 && f[23] === 1) times.push({ t: sec + usec / 1e6, icmp: [f[34], f[35]] });
        off += 16 + len;
      }
      const sent = times.find((x) => x.icmp[0] === 8)!;
      const expired = times.find((x) => x.icmp[0] === 11)!;
      assert.ok(sent && expired, 'the fragment and the 11/1 are both on the client\'s eth0');
      assert.deepEqual(expired.icmp, [11, 1]);
      const after = expired.t - sent.t;
      assert.ok(after >= 30 && after < 30.1, `11/1 ${after} s after the fragment`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('compare.py: a tail\'s late frames match in any order, a changed one does not', function () {
    this.timeout(30000);
    const dir = mkdtempSync(join(tmpdir(), 'tails-cmp-'));
    try {
      const input = echo(false);
      // two 11/1s about different datagrams, from the target to the client
      const late = (id: number): Uint8Array => {
        const quote = ipv4Packet({ src: client.ip, dst: target.ip, proto: IPPROTO_ICMP, ttl: id >> 4, id, flagsFrag: IPV4_MF }, new Uint8Array(8));
        const icmp = new Uint8Array(8 + quote.length);
        icmp[0] = 11;
        icmp[1] = 1;
        icmp.set(quote, 8);
        const ip = ipv4Packet({ src: target.ip, dst: client.ip, proto: IPPROTO_ICMP, ttl: 64, id: 1 }, icmp);
        return ethFrame(parseMac(client.mac)!, parseMac(HOST_VETH_MAC)!, ETHERTYPE_IPV4, ip);
      };
      const kernelDir = side(dir, 'kernel', [[0, input], [30.9, late(0x300)], [30.9001, late(0x400)]]);
      const sim = side(dir, 'sim', [[0, input], [30, late(0x400)], [30.01, late(0x300)]]);
      const run = (tailS: number, kernel = kernelDir): unknown[] => compareBatch(dir, kernel, sim, [input], { horizonS: 33.33, tailS });
      assert.deepEqual(run(33), []);
      assert.ok(run(33, side(dir, 'changed', [[0, input], [30.9, late(0x300)], [30.9001, late(0x500)]])).length > 0, 'a changed late frame');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('compare.py: a frame seen late (a window or three on) on one side still pairs; a changed one does not', function () {
    this.timeout(30000);
    const dir = mkdtempSync(join(tmpdir(), 'slack-cmp-'));
    try {
      const inputs = [echo(false), echo(true), ...[7, 8, 9, 10].map((v) => echo(false).fill(v, 40, 41))];
      const reply = (ttl: number, id = 9): Uint8Array => {
        const ip = ipv4Packet({ src: target.ip, dst: client.ip, proto: IPPROTO_ICMP, ttl, id }, Uint8Array.of(0, 0, 0, 0, 0, 1, 0, 0));
        return ethFrame(parseMac(client.mac)!, parseMac(HOST_VETH_MAC)!, ETHERTYPE_IPV4, ip);
      };
      const at = inputs.map((f, i): [number, Uint8Array] => [i * 0.03, f]);
      const sim = side(dir, 'sim', [...at, [0.001, reply(64)]]);
      const runWith = (kernel: string, sim: string): number => compareBatch(dir, kernel, sim, inputs, { horizonS: 0.33, tailS: 0 }).length;
      const run = (kernel: string): number => runWith(kernel, sim);
      assert.equal(run(side(dir, 'k1', [...at, [0.075, reply(64)]])), 0, 'two windows late');
      assert.ok(run(side(dir, 'k2', [...at, [0.075, reply(63)]])) > 0, 'late and changed');
      assert.ok(run(side(dir, 'k3', [...at, [0.125, reply(64)]])) > 0, 'four windows late: beyond the slack');
      // every reply a window late: the kernel's window holds the previous input's reply first
      const sim2 = side(dir, 'sim2', [...at, [0.001, reply(64, 5)], [0.031, reply(64, 6)]]);
      const k4 = side(dir, 'k4', [...at, [0.0305, reply(64, 1)], [0.061, reply(64, 2)]]);
      assert.equal(runWith(k4, sim2), 0, 'the same frames, each a window late');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const engine of ['wasm', 'ts'] as const) {
    it(`a device's reachable_time from the VM decides when its entry goes STALE (${engine})`, () => {
      const state = (reachable: number | undefined, afterMs: number): { pod: string; node: number } => {
        const s = new SimSession(cluster, {
          engine, neighbours: 'empty',
          reachableMs: (dev) => reachable === undefined ? undefined : 'pod' in dev ? (dev.pod === `${client.namespace}/${client.name}` ? reachable : undefined) : (dev.host === 0 ? reachable : undefined),
        });
        const peer = cluster.pods.find((p) => p.name === 'busybox-77649b9c55-7d27b')!;
        assert.equal(s.ping({ pod: `${client.namespace}/${client.name}`, host: formatIp4(peer.ip), count: 1 }, { out: () => {}, err: (t) => process.stderr.write(t) }), 0);
        const sim = s.sim;
        sim.clock.run(() => false, sim.clock.now + afterMs * NS_PER_MS);
        const pod = sim.pod(`${client.namespace}/${client.name}`).neigh.view(() => 0)[0].state;
        const up = readNeighbours(sim.dataplane.mem, sim.dataplane.nodes[0].ctx, L.IF_UPLINK).find((e) => e.ip === cluster.nodes[1].ip)!;
        return { pod, node: up.state };
      };
      // the defaults: the pods' base, 30 s; k8s-master-1's seeded draw, 19.8 s
      assert.deepEqual(state(undefined, 25_000), { pod: 'REACHABLE', node: L.NUD_STALE });
      assert.deepEqual(state(16_000, 14_000), { pod: 'REACHABLE', node: L.NUD_REACHABLE });
      assert.deepEqual(state(16_000, 20_000), { pod: 'STALE', node: L.NUD_STALE });
      assert.deepEqual(state(40_000, 35_000), { pod: 'REACHABLE', node: L.NUD_REACHABLE });
    });
  }
});
