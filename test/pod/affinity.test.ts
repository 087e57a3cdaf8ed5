// sessionAffinity ClientIP through the whole path: kube-proxy makes the busybox Service's
// virtual servers persistent, and busybox wget in a pod goes where the client's template
// sends it (ip_vs_sched_persist) instead of where rr would: the same pod every time; a second
// client gets its own template from rr; the template outlives its timeout while a connection
// it controls (TIME_WAIT, 120 s) is alive and is re-armed by 60 s (ip_vs_conn_expire's
// expire_later), then dies and the next connection is scheduled afresh; ipvsadm shows
// `persistent <timeout>` and the templates; both engines write the same bytes.
import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import type { ClusterSpec } from '../../host/cluster/types.ts';
import { SimSession } from '../../host/session/session.ts';
import { ipvsConnsOf, ipvsCountsOf } from '../../host/session/ipvsCounts.ts';
import { nodeVirtualServers } from '../../host/cluster/kubeProxy.ts';
import { ipvsadmCommand } from '../../host/views/ipvsadm.ts';
import { ipvsEntries } from '../../host/dataplane/conntrack.ts';
import { NS_PER_MS } from '../../host/time.ts';

const CLIENT = 'devops/busybox-77649b9c55-r6bx9';
const CLIENT2 = 'devops/client-2';
const URL = 'http://10.96.192.105:8888/';
const A = 'busybox-77649b9c55-7d27b\n'; // rr's first (on k8s-node-1)
const B = 'busybox-77649b9c55-r6bx9\n'; // rr's second (the client itself: hairpin)

function spec(affinity: boolean, timeout?: number): ClusterSpec {
  const s = defaultClusterSpec();
  const svc = s.services!.find((x) => x.name === 'busybox')!;
  if (affinity) svc.sessionAffinity = 'ClientIP';
  if (timeout !== undefined) svc.sessionAffinityTimeoutSeconds = timeout;
  s.pods.push({ namespace: 'devops', name: 'client-2', node: 'k8s-master-1' }); // no labels: not an endpoint
  return s;
}

function wget(s: SimSession, host = CLIENT): string {
  let out = '';
  let err = '';
  const code = s.client(host, ['wget', '-qO-', URL], { out: (t) => (out += t), err: (t) => (err += t) });
  assert.equal(code, 0, err);
  return out;
}

const lnc = (s: SimSession): string => ipvsadmCommand(['-Lnc'], [], () => ({ active: 0, inactive: 0 }), () => ipvsConnsOf(s.sim)(s.cluster.nodes[0]));
const templates = (s: SimSession) => ipvsEntries(s.sim.dataplane, 0, s.sim.clock.now / NS_PER_MS).filter((e) => e.kind === 'template');

for (const engine of ['wasm', 'ts'] as const) {
  describe(`sessionAffinity ClientIP through wget (${engine})`, () => {
    it('four wget from one client reach the same pod; without affinity rr alternates', () => {
      const sticky = new SimSession(buildCluster(spec(true)), { engine });
      assert.deepEqual([1, 2, 3, 4].map(() => wget(sticky)), [A, A, A, A]);
      const plain = new SimSession(buildCluster(spec(false)), { engine });
      assert.deepEqual([1, 2, 3, 4].map(() => wget(plain)), [A, B, A, B]);
      // one template, four connections in TIME_WAIT on the same real server; a template is
      // not a connection: ActiveConn/InActConn count only the four (persistconns are not shown)
      const master = sticky.cluster.nodes[0];
      const text = ipvsadmCommand(['-Ln'], nodeVirtualServers(sticky.cluster, master), ipvsCountsOf(sticky.sim)(master));
      assert.match(text, /TCP {2}10\.96\.192\.105:8888 rr persistent 10800\n {2}-> 172\.16\.109\.65:80 +Masq +1 +0 +4 +\n {2}-> 172\.16\.196\.1:80 +Masq +1 +0 +0 +\n/);
      assert.equal(templates(sticky).length, 1);
    });

    it('two clients: each gets its own template from rr and keeps it', () => {
      const s = new SimSession(buildCluster(spec(true)), { engine });
      assert.deepEqual([wget(s), wget(s, CLIENT2), wget(s), wget(s, CLIENT2), wget(s, CLIENT2)], [A, B, A, B, B]);
      const t = templates(s).map((x) => x.kind === 'template' && `${x.client >>> 24}.${(x.client >>> 16) & 255}.${(x.client >>> 8) & 255}.${x.client & 255} → ${x.dest & 255}`).sort();
      assert.deepEqual(t, ['172.16.196.1 → 65', '172.16.196.3 → 1']);
    });

    it('ipvsadm -Lnc lists the template: client port 0, ASSURED once a connection it controls was established, its timer', () => {
      const s = new SimSession(buildCluster(spec(true, 600)), { engine });
      wget(s);
      const text = lnc(s);
      assert.match(text, /^TCP 09:59  ASSURED     172\.16\.196\.1:0 +10\.96\.192\.105:8888 +172\.16\.109\.65:80$/m);
      assert.match(text, /^TCP 0[12]:[0-5]\d  TIME_WAIT   172\.16\.196\.1:\d+ +10\.96\.192\.105:8888 +172\.16\.109\.65:80$/m);
    });

    it('the template outlives its timeout while a connection it controls lives (re-armed by 60 s), then the next wget is scheduled afresh', () => {
      const s = new SimSession(buildCluster(spec(true, 10)), { engine });
      assert.equal(wget(s), A);
      s.sleep(30); // timer fired at 10 s; the connection is in TIME_WAIT until ~120 s: expire_later
      assert.match(lnc(s), /^TCP 00:\d\d {2}ASSURED +172\.16\.196\.1:0 /m);
      assert.equal(wget(s), A, 'still bound: rr would give the other pod');
      // found after its timer fired: its timeout is now expire_later's 60 s, not 10 s
      assert.match(lnc(s), /^TCP 00:59  ASSURED +172\.16\.196\.1:0 /m);
      s.sleep(300); // every connection gone, and the template with them
      assert.equal(templates(s).length, 0);
      assert.doesNotMatch(lnc(s), /:0 /);
      assert.equal(wget(s), B, 'scheduled afresh: rr moves on');
      assert.equal(wget(s), B);
    });
  });
}

describe('sessionAffinity ClientIP: both engines write the same bytes', () => {
  it('two clients, the timeout passing, wget after wget', () => {
    const run = (engine: 'wasm' | 'ts') => {
      const s = new SimSession(buildCluster(spec(true, 10)), { engine });
      const seen: string[] = [];
      s.sim.listen((point, t, frame) => seen.push(`${t} ${point} ${Buffer.from(frame).toString('hex')}`));
      const bodies = [wget(s), wget(s, CLIENT2), wget(s)];
      s.sleep(200);
      bodies.push(wget(s, CLIENT2), wget(s), lnc(s));
      return { bodies, seen };
    };
    const ts = run('ts');
    const wasm = run('wasm');
    assert.deepEqual(ts.bodies, wasm.bodies);
    assert.ok(ts.seen.length > 50);
    assert.deepEqual(ts.seen, wasm.seen);
  });
});
