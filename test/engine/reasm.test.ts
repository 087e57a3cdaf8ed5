// IPv4 reassembly on a node (assembly/reasm.ts: ip_local_deliver → ip_defrag, ip_expire), in
// both engines, against frames scapy builds (test/engine/reasm_fixture.py, Debian's
// /usr/bin/python3): k8s-node-1 answers a 2000-byte echo request that came in pieces (in
// order, reversed, with a duplicate, in three) with a reply cut at its uplink's MTU; drops an
// overlapping datagram and one mixing Not-ECT with ECT; decapsulates IPIP that was fragmented
// on its way; and 30 s after an incomplete datagram's first fragment sends ICMP 11/1 quoting
// it, through the tunnel when it came from a pod. Time is the simulation's clock.
// IP IDs and header checksums of every header are compared as "valid", then blanked: the
// node's own IDs are host history (the oracle normalises them too).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { Simulation } from '../../host/sim/simulation.ts';
import { nodeImbalance, readNodeCounters } from '../../host/dataplane/counters.ts';
import { internetChecksum } from '../../host/net/checksum.ts';
import { recordTaps } from '../support/taps.ts';
import { HAVE_SCAPY } from '../capture/support.ts';
import { buildDataplane } from '../../host/dataplane/build.ts';
import { createEngine } from '../../host/dataplane/engines.ts';
import { runUntilIdle } from '../../host/engine/engine.ts';
import { pushFrame } from '../../host/dataplane/rings.ts';

const SCRIPT = fileURLToPath(new URL('./reasm_fixture.py', import.meta.url));
const cluster = buildCluster(defaultClusterSpec());
const NODE1 = cluster.nodes.findIndex((n) => n.spec.name === 'k8s-node-1');
const NS = 1e9;

interface Case { in: string[]; out: Record<string, string[]>; after: number }

/** `frame` with every IPv4 header's ID and checksum zeroed, after checking the checksum (the
 *  outer and an IPIP inner header; `raw`: no Ethernet header). */
function blankIds(frame: Buffer, raw: boolean): string {
  const c = Buffer.from(frame);
  let ip = raw ? 0 : 14;
  if (!raw && c.readUInt16BE(12) !== 0x0800) return c.toString('hex');
  for (let depth = 0; depth < 2 && ip + 20 <= c.length; depth++) {
    const hl = (c[ip] & 15) * 4;
    assert.equal(internetChecksum(c, ip, hl), 0, `a valid header checksum at ${ip}`);
    const proto = c[ip + 9];
    const first = (c.readUInt16BE(ip + 6) & 0x1fff) === 0;
    c.fill(0, ip + 4, ip + 6);
    c.fill(0, ip + 10, ip + 12);
    if (proto !== 4 || !first) break;
    ip += hl;
  }
  return c.toString('hex');
}

function run(engine: 'wasm' | 'ts', k: Case, afterS = k.after) {
  const sim = new Simulation(cluster, { engine });
  const labels = Object.keys(k.out);
  const seen = recordTaps(sim, labels);
  for (const h of k.in) sim.inject({ node: NODE1 }, Buffer.from(h, 'hex'));
  sim.clock.run(() => false, afterS * NS);
  const inputs = new Set(k.in);
  const got: Record<string, string[]> = {};
  for (const l of labels) {
    const raw = l.endsWith(':tunl0');
    got[l] = (seen.get(l) ?? []).filter((f) => !inputs.has(f.toString('hex'))).map((f) => blankIds(f, raw));
  }
  const want: Record<string, string[]> = {};
  for (const l of labels) want[l] = k.out[l].map((h) => blankIds(Buffer.from(h, 'hex'), l.endsWith(':tunl0')));
  assert.equal(nodeImbalance(sim.dataplane, NODE1), 0, 'the node\'s books balance');
  return { got, want, counters: readNodeCounters(sim.dataplane, NODE1), seen };
}

for (const engine of ['wasm', 'ts'] as const) {
  describe(`reassembly on a node (ip_defrag, ip_expire) against scapy (${engine})`, function () {
    let cases: Record<string, Case>;
    before(function () {
      if (!HAVE_SCAPY) this.skip(); // CI installs python3-scapy; locally: apt-get install python3-scapy
      const r = spawnSync('/usr/bin/python3', [SCRIPT], { encoding: 'utf8', maxBuffer: 16 << 20 });
      if (r.status !== 0) throw new Error(`reasm_fixture.py failed (${r.status}): ${r.stderr}`);
      cases = JSON.parse(r.stdout);
    });

    const same = (name: string) => () => {
      const r = run(engine, cases[name]);
      assert.deepEqual(r.got, r.want);
      return r;
    };
    it('a 2000-byte echo request in two pieces: one reply, cut at the uplink MTU (1480 + 548)', () => {
      const r = same('echo_in_order')();
      assert.deepEqual([r.counters.reasmQueued, r.counters.reasmReleased, r.counters.reasmOks, r.counters.fragmented], [2, 1, 1, 1]);
      const ids = r.seen.get('k8s-node-1:ens160')!.filter((f) => f.readUInt32BE(26) === 0xc0a8000c).map((f) => f.readUInt16BE(18));
      assert.equal(new Set(ids).size, 1, 'the reply\'s fragments share one IP ID');
    });
    it('the same pieces in reverse order', same('echo_reverse_order'));
    it('a duplicate first piece is dropped, the queue kept', () => {
      const r = same('echo_duplicate')();
      assert.equal(r.counters.drops.reasmDup, 1);
    });
    it('three pieces, the middle one last', same('echo_three_pieces'));
    it('an overlapping piece discards the datagram: no reply, no 11/1 (RFC 5722)', () => {
      const r = same('overlap')();
      assert.equal(r.counters.drops.reasmOverlap, 2, 'the piece and the one its queue held');
      assert.equal(r.counters.drops.reasmTimeout, 1, 'the tail started a queue of its own, without a head');
    });
    it('Not-ECT mixed with ECT(0): dropped whole (ip_frag_ecn_table)', () => {
      const r = same('ecn_mix')();
      assert.equal(r.counters.drops.reasmEcn, 2);
    });
    it('the head alone: ICMP 11/1 quoting it, 30 s after it came, not before', () => {
      const early = run(engine, cases.timeout_plain, 29.9);
      assert.deepEqual(early.got['k8s-node-1:ens160'], [], 'nothing before ipfrag_time');
      const r = same('timeout_plain')();
      assert.equal(r.counters.drops.reasmTimeout, 1);
    });
    it('the tail alone: no 11/1 (ip_expire wants the offset-0 fragment)', same('timeout_no_head'));
    it('a pod\'s piece to the node address through the tunnel: 11/1 back through it', same('timeout_ipip_inner'));
    it('… to tunl0\'s address: 11/1 from that address', same('timeout_ipip_tunl0'));
    it('IPIP cut on its way around a first fragment: both reassembly queues in use at once, 11/1 about the inner one', () => {
      const r = same('nested_timeout')();
      assert.deepEqual([r.counters.reasmOks, r.counters.drops.reasmTimeout], [1, 1]);
    });
    it('pieces ending past 65535 octets with the header: dropped once complete (ip_frag_reasm)', () => {
      const r = same('oversize')();
      assert.equal(r.counters.drops.reasmOversize, 45);
    });
    it('the pool\'s bounds: a queue completed by a frame keeps its buffer until the next frame; no free queue is a counted drop', () => {
      const dp = buildDataplane(cluster, { reasmQueues: 1 });
      const e = createEngine(engine, dp);
      const inbox = dp.nodes[NODE1].externalInbox;
      const push = (hex: string[]): void => {
        for (const h of hex) assert.ok(pushFrame(dp.mem, inbox, Buffer.from(h, 'hex')));
        runUntilIdle(e);
      };
      push(cases.nested_timeout.in); // the outer datagram fills the one queue; its inner fragment finds none
      let c = readNodeCounters(dp, NODE1);
      assert.deepEqual([c.reasmOks, c.decap, c.drops.reassembly], [1, 1, 1]);
      push(cases.timeout_plain.in); // the next frame: the queue is free again
      push(cases.timeout_ipip_inner.in); // another datagram while it waits: no queue
      c = readNodeCounters(dp, NODE1);
      assert.deepEqual([c.reasmQueued, c.drops.reassembly], [3, 2]);
      assert.equal(nodeImbalance(dp, NODE1), 0);
      const none = buildDataplane(cluster, { reasmQueues: 0 });
      const e0 = createEngine(engine, none);
      assert.ok(pushFrame(none.mem, none.nodes[NODE1].externalInbox, Buffer.from(cases.timeout_plain.in[0], 'hex')));
      runUntilIdle(e0);
      assert.deepEqual(readNodeCounters(none, NODE1).drops, { reassembly: 1 });
    });
    it('IPIP fragmented on its way: reassembled, decapsulated, forwarded whole to the pod', () => {
      const r = same('ipip_outer_fragments')();
      assert.deepEqual([r.counters.reasmOks, r.counters.decap, r.counters.deliveredPod], [1, 1, 1]);
    });
  });
}
