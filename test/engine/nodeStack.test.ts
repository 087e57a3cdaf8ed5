// What a node's own stack answers (assembly/local.ts, its twin host/engine/ts/local.ts), in both
// engines, against frames scapy builds (test/engine/nodestack_fixture.py, Debian's
// /usr/bin/python3): TCP to an address of the node with no listener gets tcp_v4_send_reset's
// reset (its uplink, tunl0 and a Service address on kube-ipvs0 at a port without a virtual
// server), or nothing (a reset, short, bad offset or checksum, not for the host's MAC); an ICMP
// timestamp request gets icmp_timestamp's reply; IPv6-in-IPv4 and MPLS-in-IPv4 get tunnel4's
// 3/3 (MPLS: taken by an up tunl0, seen there, and dropped), or 3/2 on a cluster without
// ipip.ko (every pool ipipMode Never).
// The ICMP answers' IP IDs (the node's sequence: host history) are checked valid and blanked; the
// timestamp reply's receive and transmit times must be equal, under a day, and are blanked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildCluster, defaultClusterSpec, loadClusterFile } from '../../host/cluster/index.ts';
import type { Cluster } from '../../host/cluster/types.ts';
import { ipipLoaded } from '../../host/cluster/network.ts';
import { Simulation } from '../../host/sim/simulation.ts';
import { nodeImbalance, readNodeCounters } from '../../host/dataplane/counters.ts';
import { internetChecksum } from '../../host/net/checksum.ts';
import { formatIp4 } from '../../host/net/addr.ts';
import { recordTaps } from '../support/taps.ts';
import { HAVE_SCAPY } from '../capture/support.ts';

const SCRIPT = fileURLToPath(new URL('./nodestack_fixture.py', import.meta.url));
const NEVER = fileURLToPath(new URL('../../examples/clusters/never-3node.yaml', import.meta.url));
const DAY_MS = 86_400_000;

interface Case { in: string[]; out: string[]; tunl0: string[] | null }

/** The frame with an ICMP answer's IP ID and header checksum zeroed (after checking the
 *  checksum), and a timestamp reply's clock zeroed and its ICMP checksum recomputed. */
function normalise(frame: Buffer): string {
  const c = Buffer.from(frame);
  if (c.readUInt16BE(12) !== 0x0800) return c.toString('hex');
  const ip = 14;
  const hl = (c[ip] & 15) * 4;
  assert.equal(internetChecksum(c, ip, hl), 0, 'a valid header checksum');
  if (c[ip + 9] !== 1) return c.toString('hex'); // TCP resets: ID 0 exactly
  c.fill(0, ip + 4, ip + 6);
  c.fill(0, ip + 10, ip + 12);
  const m = ip + hl;
  assert.equal(internetChecksum(c, m, c.length - m), 0, 'a valid ICMP checksum');
  if (c[m] === 14) {
    const rx = c.readUInt32BE(m + 12);
    assert.equal(rx, c.readUInt32BE(m + 16), 'receive = transmit');
    assert.ok(rx < DAY_MS, `ms since midnight: ${rx}`);
    c.fill(0, m + 12, m + 20);
    c.fill(0, m + 2, m + 4);
    c.writeUInt16BE(internetChecksum(c, m, c.length - m), m + 2);
  }
  return c.toString('hex');
}

function fixture(cluster: Cluster): Record<string, Case> {
  const n = cluster.nodes[1];
  const peer = cluster.nodes[0];
  const args = {
    peer_mac: peer.spec.mac, node_mac: n.spec.mac, peer: formatIp4(peer.ip), node: formatIp4(n.ip),
    tunl: n.tunl0Ip === null ? null : formatIp4(n.tunl0Ip), vip: cluster.spec.serviceIps?.[0] ?? null,
    tunnel4: ipipLoaded(cluster),
  };
  const r = spawnSync('/usr/bin/python3', [SCRIPT, JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`nodestack_fixture.py failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function run(cluster: Cluster, engine: 'wasm' | 'ts', k: Case) {
  const sim = new Simulation(cluster, { engine });
  const n = cluster.nodes[1];
  const label = `${n.spec.name}:${n.spec.iface}`;
  const tunl0 = `${n.spec.name}:tunl0`;
  const seen = recordTaps(sim, n.tunl0Ip === null ? [label] : [label, tunl0]);
  for (const h of k.in) sim.inject({ node: 1 }, Buffer.from(h, 'hex'));
  sim.clock.run(() => false, 1e9);
  const inputs = new Set(k.in);
  const got = (seen.get(label) ?? []).filter((f) => !inputs.has(f.toString('hex'))).map(normalise);
  assert.equal(nodeImbalance(sim.dataplane, 1), 0, "the node's books balance");
  const onTunl0 = (seen.get(tunl0) ?? []).map((f) => f.toString('hex'));
  return { got, want: k.out.map((h) => normalise(Buffer.from(h, 'hex'))), onTunl0, counters: readNodeCounters(sim.dataplane, 1) };
}

const clusters: [string, () => Cluster][] = [
  ['the seed cluster (ipip.ko loaded)', () => buildCluster(defaultClusterSpec())],
  ['never-3node (every pool ipipMode Never: no ipip.ko)', () => buildCluster(loadClusterFile(NEVER))],
];
for (const [what, make] of clusters) {
  for (const engine of ['wasm', 'ts'] as const) {
    describe(`a node's own stack on ${what} against scapy (${engine})`, function () {
      let cluster: Cluster;
      let cases: Record<string, Case>;
      before(function () {
        if (!HAVE_SCAPY) this.skip(); // CI installs python3-scapy; locally: apt-get install python3-scapy
        cluster = make();
        cases = fixture(cluster);
      });
      it('answers every case as the kernel does (resets, timestamp replies, 3/3 or 3/2, or nothing)', () => {
        const names = Object.keys(cases);
        assert.ok(names.length >= 20, `${names.length} cases`);
        for (const name of names) {
          const r = run(cluster, engine, cases[name]);
          assert.deepEqual(r.got, r.want, name);
          if (cases[name].tunl0) assert.deepEqual(r.onTunl0, cases[name].tunl0, `${name}: on tunl0`);
        }
      });
      it('counts a reset as created (createdTcp), an error or a reply as created ICMP', () => {
        const syn = run(cluster, engine, cases['syn to node']);
        assert.deepEqual([syn.counters.createdTcp, syn.counters.createdIcmp, syn.counters.deliveredHost], [1, 0, 1]);
        const rst = run(cluster, engine, cases['rst to node']);
        assert.deepEqual([rst.counters.createdTcp, rst.counters.createdIcmp], [0, 0]);
        const ts = run(cluster, engine, cases['timestamp request']);
        assert.deepEqual([ts.counters.createdTcp, ts.counters.createdIcmp, ts.counters.echoReplies], [0, 1, 0]);
      });
    });
  }
}
