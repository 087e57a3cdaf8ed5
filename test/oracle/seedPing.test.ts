// Oracle: the seed's cross-host ping, frame by frame, against bytes scapy builds
// (test/oracle/seed_ping.py, run with Debian's /usr/bin/python3). Both engines must produce
// every frame exactly: the pod's frame on cali, the inner packet on tunl0, the IPIP frame on
// ens160 (outer TTL 63, DF copied, protocol 4), the frame delivered to the remote pod (TTL
// 62), and the same for the reply; plus the proxy-ARP answer for 169.254.1.1.
// Normalised fields (the kernel's choice is not deterministic there):
//  - outer IP IDs: Linux draws them from a per-destination counter hashed with a boot-time
//    random key; we seed each node's ID sequence with the seed's values (55134, 16578);
//  - ICMP data: the seed prints only its length (56); zeros here;
//  - the remote pod's MAC: the seed never prints it; the cluster model derives one.
// Everything else (lengths, checksums, TTLs, flags, TOS, MACs) is compared as is.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { buildDataplane } from '../../host/dataplane/build.ts';
import { runUntilIdle, type Engine } from '../../host/engine/engine.ts';
import { pushFrame, popFrames } from '../../host/dataplane/rings.ts';
import { setCapture, readNodeCounters } from '../../host/dataplane/counters.ts';
import { IF_UPLINK, IF_TUNL0 } from '../../host/layout.ts';
import { createEngine } from '../../host/dataplane/engines.ts';

const script = fileURLToPath(new URL('./seed_ping.py', import.meta.url));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));

for (const kind of ['wasm', 'ts'] as const) {
  describe(`oracle (scapy): the seed's cross-host ping, ${kind} engine`, function () {
    this.timeout(60000);
    const cluster = buildCluster(defaultClusterSpec());
    const master = cluster.nodeByName('k8s-master-1')!;
    const node1 = cluster.nodeByName('k8s-node-1')!;
    const podA = master.pods.find((p) => p.name === 'busybox-77649b9c55-r6bx9')!;
    const podB = node1.pods.find((p) => p.name === 'busybox-77649b9c55-7d27b')!;
    const want: Record<string, string> = JSON.parse(execFileSync('/usr/bin/python3', [script, podB.mac], { encoding: 'utf8' }));
    const seeds: Record<string, number> = { 'k8s-master-1': 55134, 'k8s-node-1': 16578 };
    const dp = buildDataplane(cluster, { ipIdStart: (n) => seeds[n.spec.name] });
    const seen = new Map<string, string[]>();
    const capture = (node: number, iface: number, dir: string, f: Uint8Array): void => {
      const k = `${node}/${iface}/${dir}`;
      seen.set(k, [...(seen.get(k) ?? []), hex(f)]);
    };
    for (const n of dp.nodes) for (const i of n.ifaces) setCapture(dp, n.index, i.index, { rx: true, tx: true });
    const engine: Engine = createEngine(kind, dp, { capture });
    const m = dp.nodes[master.index];
    const n1 = dp.nodes[node1.index];
    const portA = m.pods.find((p) => p.name === podA.name)!;
    const portB = n1.pods.find((p) => p.name === podB.name)!;
    const at = (node: number, iface: number, dir: string): string[] => seen.get(`${node}/${iface}/${dir}`) ?? [];

    it('request: pod eth0 → cali → tunl0 (TTL 63) → ens160 IPIP (outer TTL 63, DF) → remote pod (TTL 62)', () => {
      assert.ok(pushFrame(dp.mem, portA.rxRing, bytes(want.req_pod_eth0)));
      runUntilIdle(engine);
      assert.deepEqual(at(m.index, portA.iface, 'rx'), [want.req_pod_eth0]);
      assert.deepEqual(at(m.index, IF_TUNL0, 'tx'), [want.req_tunl0]);
      assert.deepEqual(at(m.index, IF_UPLINK, 'tx'), [want.req_ens160]);
      assert.deepEqual(at(n1.index, IF_UPLINK, 'rx'), [want.req_ens160]);
      assert.deepEqual(at(n1.index, IF_TUNL0, 'rx'), [want.req_tunl0]);
      assert.deepEqual(at(n1.index, portB.iface, 'tx'), [want.req_remote_pod]);
      assert.deepEqual(popFrames(dp.mem, portB.txRing).map((f) => hex(f.frame)), [want.req_remote_pod]);
    });

    it('reply: the same path back, outer ID 16578 without DF', () => {
      assert.ok(pushFrame(dp.mem, portB.rxRing, bytes(want.rep_pod_eth0)));
      runUntilIdle(engine);
      assert.deepEqual(at(n1.index, IF_TUNL0, 'tx'), [want.rep_tunl0]);
      assert.deepEqual(at(n1.index, IF_UPLINK, 'tx'), [want.rep_ens160]);
      assert.deepEqual(at(m.index, IF_TUNL0, 'rx'), [want.rep_tunl0]);
      assert.deepEqual(popFrames(dp.mem, portA.txRing).map((f) => hex(f.frame)), [want.rep_remote_pod]);
    });

    it('proxy ARP: the pod asks for 169.254.1.1 and gets ee:ee:ee:ee:ee:ee', () => {
      assert.ok(pushFrame(dp.mem, portA.rxRing, bytes(want.arp_req)));
      runUntilIdle(engine);
      assert.deepEqual(popFrames(dp.mem, portA.txRing).map((f) => hex(f.frame)), [want.arp_rep]);
      const c = readNodeCounters(dp, m.index);
      assert.equal(c.createdArp, 1);
      assert.equal(c.dropped, 0);
    });
  });
}
