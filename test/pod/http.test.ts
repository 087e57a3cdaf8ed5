// The judged walk of Services: from the seed's cluster, busybox wget in the busybox pod on
// k8s-master-1 to the busybox ClusterIP reaches a backend, alternating between the two pods
// (rr; the second is the client itself, masqueraded); tcpdump on cali, tunl0 and ens160 shows
// the translated destination (inside the IPIP outer header on the wire); nc -z; ipvsadm's
// counters follow the connections; both engines print the same.
import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { SimSession } from '../../host/session/session.ts';
import { ipvsCountsOf } from '../../host/session/ipvsCounts.ts';
import { nodeVirtualServers } from '../../host/cluster/kubeProxy.ts';
import { ipvsadmCommand } from '../../host/views/ipvsadm.ts';

const CLIENT = 'devops/busybox-77649b9c55-r6bx9';

function run(s: SimSession, argv: string[], taps: string[] = [], host = CLIENT) {
  let out = '';
  let err = '';
  const code = s.client(host, argv, { out: (t) => (out += t), err: (t) => (err += t) }, { tcpdump: taps });
  return { code, out, err };
}

for (const engine of ['wasm', 'ts'] as const) {
  describe(`wget and nc through the busybox Service (${engine})`, () => {
    it('wget -qO- http://10.96.192.105:8888/ alternates between the two busybox pods', () => {
      const s = new SimSession(buildCluster(defaultClusterSpec()), { engine });
      const bodies = [1, 2, 3, 4].map(() => run(s, ['wget', '-qO-', 'http://10.96.192.105:8888/']));
      assert.deepEqual(bodies.map((b) => b.code), [0, 0, 0, 0]);
      assert.deepEqual(bodies.map((b) => b.out), [
        'busybox-77649b9c55-7d27b\n', 'busybox-77649b9c55-r6bx9\n', 'busybox-77649b9c55-7d27b\n', 'busybox-77649b9c55-r6bx9\n',
      ]);
      // four connections in TIME_WAIT: InActConn 2 and 2
      const master = s.cluster.nodes[0];
      const text = ipvsadmCommand(['-Ln'], nodeVirtualServers(s.cluster, master), ipvsCountsOf(s.sim)(master));
      assert.match(text, /TCP {2}10\.96\.192\.105:8888 rr\n {2}-> 172\.16\.109\.65:80 +Masq +1 +0 +2 +\n {2}-> 172\.16\.196\.1:80 +Masq +1 +0 +2 +\n/);
    });

    it('captures: the DNATed packet on cali, tunl0 and inside IPIP on ens160; the reply un-NATed on the cali', () => {
      const s = new SimSession(buildCluster(defaultClusterSpec()), { engine });
      const r = run(s, ['wget', '-qO-', 'http://10.96.192.105:8888/'], ['k8s-master-1:cali12242800409', 'k8s-master-1:tunl0', 'k8s-master-1:ens160']);
      assert.equal(r.code, 0);
      const lines = r.out.split('\n');
      const syn = (tap: string) => lines.find((l) => l.startsWith(`[${tap}]`) && l.includes('Flags [S]'));
      const synLine = (tap: string) => { const i = lines.indexOf(syn(tap)!); return lines.slice(Math.max(0, i - 2), i + 1).join('\n'); };
      assert.match(synLine('k8s-master-1:cali12242800409'), /172\.16\.196\.1\.\d+ > 10\.96\.192\.105\.8888: Flags \[S\]/);
      assert.match(synLine('k8s-master-1:tunl0'), /172\.16\.196\.1\.\d+ > 172\.16\.109\.65\.80: Flags \[S\]/);
      assert.match(synLine('k8s-master-1:ens160'), /192\.168\.0\.11 > 192\.168\.0\.12: \(tos 0x0, ttl 63[^\n]*\n[^\n]*172\.16\.196\.1\.\d+ > 172\.16\.109\.65\.80: Flags \[S\]/);
      assert.ok(lines.some((l) => l.startsWith('[k8s-master-1:cali12242800409]') && /10\.96\.192\.105\.8888 > 172\.16\.196\.1\.\d+: Flags \[S\.\]/.test(l)), 'SYN-ACK from the VIP on the cali');
    });

    it('nc -zv: open through the VIP; refused by a pod without a listener; timed out at a VIP whose backend stays silent', () => {
      const s = new SimSession(buildCluster(defaultClusterSpec()), { engine });
      const open = run(s, ['nc', '-zv', '10.96.192.105', '8888']);
      assert.deepEqual([open.code, open.err], [0, '10.96.192.105 (10.96.192.105:8888) open\n']);
      const refused = run(s, ['nc', '-zv', '10.96.0.10', '9153']); // coredns: no listener on 9153 here
      assert.deepEqual([refused.code, refused.err], [1, 'nc: 10.96.0.10 (10.96.0.10:9153): Connection refused\n']);
      const quiet = run(s, ['nc', '-zv', '-w', '3', '10.96.0.1', '443']); // the apiserver's host stack is not simulated
      assert.deepEqual([quiet.code, quiet.err], [1, 'nc: 10.96.0.1 (10.96.0.1:443): Connection timed out\n']);
      const w = run(s, ['wget', '-qO-', 'http://10.96.0.10:9153/']);
      assert.deepEqual([w.code, w.err], [1, "wget: can't connect to remote host (10.96.0.10): Connection refused\n"]);
    });

    it('a Service without endpoints: IPVS answers the SYN with ICMP port unreachable from the VIP, and connect() fails with ECONNREFUSED', () => {
      const spec = defaultClusterSpec();
      spec.services!.push({ namespace: 'default', name: 'empty', clusterIP: '10.96.0.50', endpoints: [], ports: [{ port: 80 }] });
      const s = new SimSession(buildCluster(spec), { engine });
      const w = run(s, ['wget', '-qO-', 'http://10.96.0.50/'], ['k8s-master-1:cali12242800409:-nn']);
      assert.equal(w.code, 1);
      // the first ICMP comes while connect() holds the socket (a soft error), so the SYN goes
      // again a second later and its ICMP ends connect(): two of each, as Linux 6.1 shows it
      const tap = w.out.split('\n');
      assert.equal(tap.filter((l) => /172\.16\.196\.1\.\d+ > 10\.96\.0\.50\.80: Flags \[S\]/.test(l)).length, 2);
      assert.equal(tap.filter((l) => /IP 10\.96\.0\.50 > 172\.16\.196\.1: ICMP 10\.96\.0\.50 tcp port 80 unreachable/.test(l)).length, 2);
      assert.ok(w.err.endsWith("wget: can't connect to remote host (10.96.0.50): Connection refused\n"), w.err);
      const nc = run(s, ['nc', '-zv', '10.96.0.50', '80']);
      assert.deepEqual([nc.code, nc.err], [1, 'nc: 10.96.0.50 (10.96.0.50:80): Connection refused\n']);
    });

    it('NodePort from an external client on the node subnet: masqueraded to tunl0 toward the other node, answered, alternating', () => {
      const s = new SimSession(buildCluster(defaultClusterSpec()), { engine });
      const np = s.cluster.services.find((x) => x.name === 'busybox')!.ports[0].nodePort!;
      const url = `http://192.168.0.11:${np}/`;
      const first = run(s, ['wget', '-qO-', url], ['k8s-master-1:ens160:-nn'], 'external:k8s-master-1');
      assert.equal(first.code, 0, first.err);
      assert.ok(first.out.includes('busybox-77649b9c55-7d27b\n'));
      // into IPIP towards k8s-node-1 with the source SNATed to k8s-master-1's tunl0 address
      assert.match(first.out, new RegExp(`IP 192\\.168\\.0\\.11 > 192\\.168\\.0\\.12: IP 172\\.16\\.196\\.0\\.(\\d+) > 172\\.16\\.109\\.65\\.80: Flags \\[S\\]`));
      // and the reply leaves from the node port to the client
      assert.match(first.out, new RegExp(`IP 192\\.168\\.0\\.11\\.${np} > 192\\.168\\.0\\.2\\.\\d+: Flags \\[S\\.\\]`));
      const second = run(s, ['wget', '-qO-', url], [], 'external:k8s-master-1');
      assert.deepEqual([second.code, second.out], [0, 'busybox-77649b9c55-r6bx9\n']);
    });

    it('--masquerade-all: a ClusterIP connection leaves SNATed too (to tunl0 towards the tunnel)', () => {
      const s = new SimSession(buildCluster(defaultClusterSpec()), { engine, ipvs: { masqueradeAll: true } });
      const r = run(s, ['nc', '-zv', '10.96.192.105', '8888'], ['k8s-master-1:tunl0:-nn']);
      assert.equal(r.code, 0);
      assert.match(r.out, /IP 172\.16\.196\.0\.\d+ > 172\.16\.109\.65\.80: Flags \[S\]/);
    });
  });
}

describe('pod TCP confirms its neighbour (sk_dst_confirm → sock_confirm_neigh)', () => {
  for (const engine of ['wasm', 'ts'] as const) {
    it(`a wget 20 s after the first keeps 169.254.1.1 REACHABLE past the first confirmation's 30 s (${engine})`, () => {
      const s = new SimSession(buildCluster(defaultClusterSpec()), { engine });
      const neigh = () => s.exec(CLIENT, ['ip', 'neigh']).stdout;
      assert.equal(run(s, ['wget', '-qO-', 'http://10.96.192.105:8888/']).code, 0);
      s.sleep(20);
      assert.equal(run(s, ['wget', '-qO-', 'http://10.96.192.105:8888/']).code, 0);
      s.sleep(15); // 35 s after the ARP reply, 15 s after the second wget's ACKs
      assert.match(neigh(), /^169\.254\.1\.1 dev eth0 lladdr ee:ee:ee:ee:ee:ee .*REACHABLE\n$/);
      s.sleep(20); // 35 s after the last confirmation
      assert.match(neigh(), /^169\.254\.1\.1 dev eth0 lladdr ee:ee:ee:ee:ee:ee .*STALE\n$/);
    });
  }
});
