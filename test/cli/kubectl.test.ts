// kubectl habits: `exec [-n NS] POD [-c C] [-it] -- CMD` and `get pods|nodes` with kubectl's
// columns and formats, run in-process like a user types them.

import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { cli } from '../support/cli.ts';
import { runShell } from '../../host/cli/commands/shell.ts';
import { seedOutputs } from '../views/seed-text.ts';
import { session } from '../ping/support.ts';

const POD = 'busybox-77649b9c55-r6bx9';

describe('kubectl exec syntax', () => {
  it('exec -n devops POD -- ip addr, exec -it POD -c busybox -- ip addr print the seed', async () => {
    const want = seedOutputs('/ # ip addr')[0].join('\n') + '\n';
    for (const args of [
      ['exec', '-n', 'devops', POD, '--', 'ip', 'addr'],
      ['exec', '-it', POD, '--', 'ip', 'addr'],
      ['exec', POD, '-n', 'devops', '-c', 'busybox', '-it', '--', 'ip', 'addr'],
      ['exec', '--namespace=devops', POD, '--stdin', '--tty', '--', 'ip', 'addr'],
    ]) {
      const r = await cli(...args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
      assert.equal(r.out, want, args.join(' '));
    }
  });

  it('exec -n in the wrong namespace names the right one; a misspelt pod gets the nearest names', async () => {
    const wrong = await cli('exec', '-n', 'default', POD, '--', 'ip', 'addr');
    assert.equal(wrong.code, 2);
    assert.equal(wrong.err, `error: host: no pod of that name in namespace default (got "${POD}"); it is in namespace devops\n`);
    const typo = await cli('exec', 'busybox-77649b9c55-r6bx', '--', 'ip', 'addr');
    assert.equal(typo.code, 2);
    assert.equal(typo.err, 'error: host: unknown node or pod (got "busybox-77649b9c55-r6bx"); did you mean busybox-77649b9c55-r6bx9?\n');
  });

  it('exec POD -- ping -c 1 IP runs busybox ping (the seed\'s command and output)', async () => {
    const r = await cli('exec', POD, '--', 'ping', '-c', '1', '172.16.109.65');
    assert.equal(r.code, 0, r.err);
    const seed = seedOutputs('/ # ping -c 1 172.16.109.65')[0];
    const out = r.out.split('\n');
    assert.equal(out[0], seed[0]);
    assert.match(out[1], /^64 bytes from 172\.16\.109\.65: seq=0 ttl=62 time=\d+\.\d{3} ms$/);
    assert.match(r.out, /^1 packets transmitted, 1 packets received, 0% packet loss$/m);
    const bundled = await cli('exec', POD, '--', 'ping', '-c1', '-q', '172.16.109.65');
    assert.equal(bundled.code, 0);
    assert.doesNotMatch(bundled.out, /bytes from/);
  });

  it('exec NODE -- ping, exec … -- pign, exec … -- tcpdump outside shell: one line, exit 2', async () => {
    for (const [args, want] of [
      [['exec', 'k8s-master-1', '--', 'ping', '-c', '1', '172.16.109.65'], /^error: ping: runs inside a pod here/],
      [['exec', POD, '--', 'pign', '-c', '1', '172.16.109.65'], /^error: command: not simulated; exec runs ip, route, arp, cat, ping, .*; did you mean ping\?\n/],
      [['exec', 'k8s-master-1', '--', 'tcpdump', '-i', 'tunl0', '-en'], /^error: tcpdump: captures what other commands send: in `calico-ipip-sim shell` run it before a ping, or use ping … --tcpdump k8s-master-1:IFACE\[:FILTER\]/],
      [['exec', POD, '--', 'ping', '-A', '172.16.109.65'], /^error: ping -A: adaptive ping is not simulated/],
      [['exec', POD, '--', 'ping', '-c'], /^error: ping: option requires an argument -- 'c'/],
      [['exec', POD, '--', 'sh'], /^error: command: for a session that keeps state between commands run `calico-ipip-sim shell`/],
      [['exec', POD], /^error: exec: usage: exec \[-n NAMESPACE\] <node\|pod> -- <command>/],
    ] as const) {
      const r = await cli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, want, args.join(' '));
      assert.equal(r.err.split('\n').length, 2, r.err);
    }
  });

  it('in the shell, exec NODE -- tcpdump arms a capture that prints the next ping (-c stops it)', async () => {
    let out = '';
    let err = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
    const code = await runShell(session(), [
      'exec k8s-master-1 -- tcpdump -i cali12242800409 icmp -e -Nnnvl -c 2',
      `exec -n devops ${POD} -- ping -c 2 172.16.109.65`,
    ], io);
    assert.equal(code, 0, err);
    assert.equal(err.split('\n')[0], 'tcpdump: listening on cali12242800409, link-type EN10MB (Ethernet), snapshot length 262144 bytes');
    assert.match(err, /^2 packets captured\n2 packets received by filter\n0 packets dropped by kernel\n$/m);
    const dumps = out.split('\n').filter((l) => /^\d\d:\d\d:\d\d\.\d{6} |^ {4}/.test(l));
    assert.equal(dumps.length, 4, out); // one request and one reply, two lines each; -c 2 stops before the second request
    assert.match(dumps[0], / 86:9c:03:9e:db:9f > ee:ee:ee:ee:ee:ee, ethertype IPv4 \(0x0800\), length 98: \(tos 0x0, ttl 64, id \d+, offset 0, flags \[DF\], proto ICMP \(1\), length 84\)$/);
    assert.equal(dumps[1], '    172.16.196.1 > 172.16.109.65: ICMP echo request, id 29, seq 0, length 64');
  });
});

describe('kubectl typed out of habit', () => {
  it('`kubectl get …` and `kubectl exec …` run as get and exec, on the command line and in the shell', async () => {
    assert.deepEqual(await cli('kubectl', 'get', 'pods', '-n', 'devops', '-o', 'name'), { code: 0, out: 'pod/busybox-77649b9c55-7d27b\npod/busybox-77649b9c55-r6bx9\n', err: '' });
    const e = await cli('kubectl', 'exec', '-n', 'devops', POD, '--', 'route', '-n');
    assert.equal(e.code, 0);
    assert.deepEqual(e.out.split('\n').slice(0, -1), seedOutputs('/ # route -n')[0]);
    let out = '';
    const code = await runShell(session(), ['kubectl get nodes -o name'], { out: (t) => (out += t), err: () => {} });
    assert.equal(code, 0);
    assert.equal(out, 'node/k8s-master-1\nnode/k8s-node-1\n');
    assert.equal((await cli('kubectl', 'delete', 'pod', POD)).code, 2); // not a pass-through for anything else
  });
});

describe('kubectl get', () => {
  it('get pods -n devops -o wide: kubectl\'s columns, AGE <unknown> (no creation time in the model)', async () => {
    const r = await cli('get', 'pods', '-n', 'devops', '-o', 'wide');
    assert.equal(r.code, 0);
    assert.equal(
      r.out,
      'NAME                       READY   STATUS    RESTARTS   AGE         IP              NODE           NOMINATED NODE   READINESS GATES\n' +
        'busybox-77649b9c55-7d27b   1/1     Running   0          <unknown>   172.16.109.65   k8s-node-1     <none>           <none>\n' +
        'busybox-77649b9c55-r6bx9   1/1     Running   0          <unknown>   172.16.196.1    k8s-master-1   <none>           <none>\n',
    );
  });

  it('get pods -A: NAMESPACE first; -l selects by label; --no-headers; -o name', async () => {
    const all = await cli('get', 'pods', '-A');
    assert.equal(all.out.split('\n')[0], 'NAMESPACE     NAME                       READY   STATUS    RESTARTS   AGE');
    assert.equal(all.out.split('\n').length, 7); // header, five pods, final newline
    const dns = await cli('get', 'pods', '-A', '-l', 'k8s-app=kube-dns', '--no-headers');
    assert.equal(dns.out, 'kube-system   coredns-7c445fd599-glfl5   1/1   Running   0     <unknown>\n');
    const names = await cli('get', 'pods', '-n', 'kube-system', '-l', 'k8s-app in (calico-node)', '-o', 'name');
    assert.equal(names.out, 'pod/calico-node-q6cv6\npod/calico-node-srsmm\n');
    assert.equal((await cli('get', 'po', '-n=devops', '-o=name')).out, 'pod/busybox-77649b9c55-7d27b\npod/busybox-77649b9c55-r6bx9\n'); // pflag's -n=NS
    const none = await cli('get', 'pods', '-n', 'devops', '-l', 'app=nginx');
    assert.equal(none.code, 0);
    assert.equal(none.err, 'No resources found in devops namespace.\n');
  });

  it('get nodes [-o wide]: kubectl\'s columns, values the model lacks shown as <unknown>', async () => {
    const r = await cli('get', 'nodes', '-o', 'wide');
    assert.equal(
      r.out,
      'NAME           STATUS   ROLES    AGE         VERSION     INTERNAL-IP    EXTERNAL-IP   OS-IMAGE    KERNEL-VERSION   CONTAINER-RUNTIME\n' +
        'k8s-master-1   Ready    <none>   <unknown>   <unknown>   192.168.0.11   <none>        <unknown>   <unknown>        <unknown>\n' +
        'k8s-node-1     Ready    <none>   <unknown>   <unknown>   192.168.0.12   <none>        <unknown>   <unknown>        <unknown>\n',
    );
    assert.equal((await cli('get', 'no', 'k8s-node-1', '-o', 'name')).out, 'node/k8s-node-1\n');
  });

  it('-o json / -o yaml: a List of v1 objects, or the object itself for one name', async () => {
    const j = await cli('get', 'pods', '-n', 'devops', '-o', 'json');
    assert.ok(j.out.startsWith('{\n    "apiVersion": "v1",\n    "items": [\n'), j.out);
    const list = JSON.parse(j.out);
    assert.equal(list.kind, 'List');
    assert.deepEqual(list.metadata, { resourceVersion: '' });
    assert.deepEqual(list.items[1], {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { labels: { app: 'busybox', 'pod-template-hash': '77649b9c55' }, name: POD, namespace: 'devops' },
      spec: { nodeName: 'k8s-master-1' },
      status: { hostIP: '192.168.0.11', hostIPs: [{ ip: '192.168.0.11' }], phase: 'Running', podIP: '172.16.196.1', podIPs: [{ ip: '172.16.196.1' }] },
    });
    const y = await cli('get', 'pod', POD, '-n', 'devops', '-o', 'yaml');
    assert.ok(y.out.startsWith('apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n'), y.out);
    assert.match(y.out, /^ {2}podIPs:\n {2}- ip: 172\.16\.196\.1$/m); // list items at the parent's indentation
    assert.deepEqual(parse(y.out), list.items[1]);
    const node = JSON.parse((await cli('get', 'node/k8s-master-1', '-o', 'json')).out);
    assert.equal(node.kind, 'Node');
    assert.equal(node.metadata.annotations['projectcalico.org/IPv4IPIPTunnelAddr'], '172.16.196.0');
    assert.deepEqual(node.status.addresses[0], { address: '192.168.0.11', type: 'InternalIP' });
  });

  it('custom columns read any field of the object; the seed\'s command prints the seed', async () => {
    const r = await cli('get', 'pods', '-n', 'devops', '-o', 'custom-columns=POD:.metadata.name,APP:.metadata.labels.app,NODE-IP:.status.hostIP');
    assert.equal(r.out, 'POD                        APP       NODE-IP\nbusybox-77649b9c55-7d27b   busybox   192.168.0.12\nbusybox-77649b9c55-r6bx9   busybox   192.168.0.11\n');
  });

  it('bad names and formats: one line, exit 2, with the nearest names', async () => {
    for (const [args, want] of [
      [['get', 'pod', 'busybox-77649b9c55-r6bx', '-n', 'devops'], 'error: pod: not found in namespace devops (got "busybox-77649b9c55-r6bx"); did you mean busybox-77649b9c55-r6bx9?\n'],
      [['get', 'pod', POD], `error: pod: not found in namespace default (got "${POD}"); it is in namespace devops (-n devops)\n`],
      [['get', 'pdos'], 'error: resource: the simulator has pods and nodes (got "pdos"); did you mean pods?\n'],
      [['get', 'pods', '-o', 'jsn'], 'error: -o: supported: wide, name, json, yaml, custom-columns=HEADER:.path,… (got "jsn"); did you mean json?\n'],
      [['get', 'nodes', 'k8s-mster-1'], 'error: node: not found (got "k8s-mster-1"); did you mean k8s-master-1?\n'],
      [['get', 'pods', POD, '-l', 'app=busybox'], 'error: -l: name cannot be provided when a selector is specified (got "app=busybox")\n'],
      [["get", "pods", "--field-selector", "status.podIPx=1"], /^error: --field-selector: field label status.podIPx not supported for pods/],
    ] as const) {
      const r = await cli(...args);
      assert.equal(r.code, 2, args.join(' '));
      if (typeof want === 'string') assert.equal(r.err, want);
      else assert.match(r.err, want);
    }
  });
});
