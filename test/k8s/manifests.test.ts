// Manifest conversion rules: scheduling (anti-affinity, spreading, Pending), pools from the
// calico-node env and from IPPool objects, warnings for unsupported fields, errors.

import assert from 'node:assert/strict';
import { buildCluster, parseClusterYaml } from '../../host/cluster/index.ts';
import type { ClusterSpec } from '../../host/cluster/types.ts';
import { ConfigError } from '../../host/errors.ts';
import { run } from '../../host/cli/main.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function convert(yaml: string): { spec: ClusterSpec; warnings: string[] } {
  const warnings: string[] = [];
  const spec = parseClusterYaml(yaml, 'test.yaml', (w) => warnings.push(w));
  buildCluster(spec); // every converted spec must build
  return { spec, warnings };
}

function configError(yaml: string): ConfigError {
  try {
    convert(yaml);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  assert.fail('expected a ConfigError');
}

const node = (name: string, ip: string, extra = '') => `
apiVersion: v1
kind: Node
metadata:
  name: ${name}
  annotations:
    projectcalico.org/IPv4Address: ${ip}/24
    calico-ipip-sim/gateway: ${ip.replace(/\.\d+$/, '.1')}
${extra}status:
  addresses:
  - {type: InternalIP, address: ${ip}}
---`;

const NODES3 = node('worker-b', '10.0.0.12') + node('worker-a', '10.0.0.11') + node('worker-c', '10.0.0.13');

const deployment = (name: string, replicas: number, anti: boolean, ns = 'default') => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:${
      anti
        ? `
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - topologyKey: kubernetes.io/hostname
            labelSelector: {matchLabels: {app: ${name}}}`
        : ' {}'
    }
---`;

const placement = (spec: ClusterSpec) => spec.pods.map((p) => p.node);

describe('k8s manifests: scheduling', () => {
  it('anti-affinity on hostname puts one replica per node, nodes taken in name order', () => {
    const { spec } = convert(NODES3 + deployment('web', 3, true));
    assert.deepEqual(placement(spec), ['worker-a', 'worker-b', 'worker-c']);
  });

  it('a replica with no eligible node stays Pending: warned, no pod (no IP, no veth)', () => {
    const { spec, warnings } = convert(NODES3 + deployment('web', 5, true));
    assert.equal(spec.pods.length, 3);
    const pending = warnings.filter((w) => w.includes('stay Pending'));
    assert.equal(pending.length, 1);
    assert.match(pending[0], /^Deployment default\/web: 2 pods stay Pending \(no IP\): 0\/3 nodes are available: 3 node\(s\) didn't match pod anti-affinity rules\. \(default\/web-\S+, default\/web-\S+\)$/);
  });

  it('without anti-affinity replicas spread least-allocated first, ties by node name', () => {
    const { spec } = convert(NODES3 + deployment('web', 7, false));
    assert.deepEqual(placement(spec), ['worker-a', 'worker-b', 'worker-c', 'worker-a', 'worker-b', 'worker-c', 'worker-a']);
  });

  it('pods bound with spec.nodeName count as allocated; anti-affinity is checked both ways', () => {
    const pinned = `
apiVersion: v1
kind: Pod
metadata: {name: pinned, labels: {app: web}}
spec: {nodeName: worker-a}
---`;
    // The Deployment's term matches the pinned pod's labels: worker-a is excluded for its replicas.
    const { spec } = convert(NODES3 + pinned + deployment('web', 2, true));
    assert.deepEqual(placement(spec), ['worker-a', 'worker-b', 'worker-c']);
    // Anti-affinity terms only look at pods of the same namespace.
    const other = convert(NODES3 + pinned + deployment('web', 3, true, 'team-a'));
    assert.deepEqual(placement(other.spec), ['worker-a', 'worker-b', 'worker-c', 'worker-a']);
  });

  it('nodeSelector and unschedulable nodes filter', () => {
    const nodes = node('n1', '10.0.0.11', '  labels: {disk: ssd}\n') + node('n2', '10.0.0.12') + node('n3', '10.0.0.13', '').replace('status:', 'spec: {unschedulable: true}\nstatus:');
    const pod = (name: string, sel: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec: {nodeSelector: {${sel}}}
---`;
    const { spec, warnings } = convert(nodes + pod('a', 'disk: ssd') + pod('b', 'disk: ssd') + pod('c', 'kubernetes.io/hostname: n3'));
    assert.deepEqual(placement(spec), ['n1', 'n1']);
    assert.match(warnings.find((w) => w.includes('pod default/c')) ?? '', /1 node\(s\) were unschedulable, 2 node\(s\) didn't match Pod's node affinity\/selector/);
  });

  it('derives Deployment pod names <deploy>-<pod-template-hash>-<5 chars>, stable across runs', () => {
    const a = convert(NODES3 + deployment('web', 2, false)).spec.pods.map((p) => p.name);
    const b = convert(NODES3 + deployment('web', 2, false)).spec.pods.map((p) => p.name);
    assert.deepEqual(a, b);
    for (const n of a) assert.match(n, /^web-[4-9bcdf]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.notEqual(a[0], a[1]);
  });
});

const calicoNode = (env: Record<string, string>) => `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node, namespace: kube-system}
spec:
  template:
    spec:
      containers:
      - name: calico-node
        env:
${Object.entries(env).map(([k, v]) => `        - {name: ${k}, value: "${v}"}`).join('\n')}
---`;

const ipPool = (apiVersion: string, name: string, spec: string) => `
apiVersion: ${apiVersion}
kind: IPPool
metadata: {name: ${name}}
spec: {${spec}}
---`;

describe('k8s manifests: pools', () => {
  const NODES2 = node('n1', '192.168.1.11') + node('n2', '192.168.1.12');

  it('calico-node env makes the default pool; IPIP mode case-insensitive (cross-subnet, CrossSubnet, off)', () => {
    for (const [v, mode] of [['cross-subnet', 'CrossSubnet'], ['CrossSubnet', 'CrossSubnet'], ['ALWAYS', 'Always'], ['off', 'Never'], ['', 'Never']] as const) {
      const { spec } = convert(NODES2 + calicoNode({ CALICO_IPV4POOL_IPIP: v, CALICO_IPV4POOL_CIDR: '10.244.0.0/16', CALICO_IPV4POOL_BLOCK_SIZE: '24' }));
      assert.deepEqual(spec.pools, [{ name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 24, ipipMode: mode, natOutgoing: true }], v);
    }
  });

  it('unset CALICO_IPV4POOL_IPIP in a calico-node DaemonSet means Never (calico-node default), with a warning', () => {
    const { spec, warnings } = convert(NODES2 + calicoNode({ CALICO_IPV4POOL_CIDR: '10.244.0.0/16' }));
    assert.equal(spec.pools[0].ipipMode, 'Never');
    assert.ok(warnings.some((w) => w.includes('CALICO_IPV4POOL_IPIP is not set')));
  });

  it('default pool 192.168.0.0/16 moves to the first free 172.N.0.0/16 when it holds a node address', () => {
    const nodes = node('n1', '192.168.1.11') + node('n2', '172.16.5.12');
    const { spec } = convert(nodes + calicoNode({ CALICO_IPV4POOL_IPIP: 'Always' }));
    assert.equal(spec.pools[0].cidr, '172.17.0.0/16');
    const far = convert(node('n1', '10.1.1.11') + calicoNode({ CALICO_IPV4POOL_IPIP: 'Always' }));
    assert.equal(far.spec.pools[0].cidr, '192.168.0.0/16');
  });

  it('IPPool objects (both API groups) take precedence over the env, which is warned as ignored', () => {
    const { spec, warnings } = convert(
      NODES2 +
        calicoNode({ CALICO_IPV4POOL_IPIP: 'Always', CALICO_IPV4POOL_CIDR: '10.244.0.0/16' }) +
        ipPool('projectcalico.org/v3', 'pool-a', 'cidr: 10.10.0.0/16, ipipMode: CrossSubnet, natOutgoing: true, blockSize: 28') +
        ipPool('crd.projectcalico.org/v1', 'pool-b', 'cidr: 10.20.0.0/16, vxlanMode: Never'),
    );
    assert.deepEqual(spec.pools, [
      { name: 'pool-a', cidr: '10.10.0.0/16', blockSize: 28, ipipMode: 'CrossSubnet', natOutgoing: true },
      { name: 'pool-b', cidr: '10.20.0.0/16', blockSize: 26, ipipMode: 'Never', natOutgoing: false },
    ]);
    assert.equal(warnings.filter((w) => /CALICO_IPV4POOL_(IPIP|CIDR) ignored: IPPool objects exist/.test(w)).length, 2);
  });

  it('the tunnel-address annotation pins the block; a disabled or IPv6 pool is left out with a warning', () => {
    const n = node('n1', '192.168.1.11', '').replace('calico-ipip-sim/gateway', 'projectcalico.org/IPv4IPIPTunnelAddr: 10.10.3.0\n    calico-ipip-sim/gateway');
    const { spec, warnings } = convert(
      n + ipPool('projectcalico.org/v3', 'p', 'cidr: 10.10.0.0/16, ipipMode: Always') + ipPool('projectcalico.org/v3', 'off', 'cidr: 10.30.0.0/16, disabled: true') + ipPool('projectcalico.org/v3', 'v6', 'cidr: "fd00::/48"'),
    );
    assert.equal(spec.nodes[0].block, '10.10.3.0/26');
    assert.equal(spec.pools.length, 1);
    assert.ok(warnings.some((w) => w.startsWith('IPPool off: spec.disabled')));
    assert.ok(warnings.some((w) => w.startsWith('IPPool v6: spec.cidr: IPv6 pool')));
  });
});

describe('k8s manifests: warnings and errors', () => {
  it('one warning per unsupported field, kind, annotation and env var, naming the path', () => {
    const yaml =
      node('n1', '10.0.0.11', '  labels: {a: b}\n').replace('status:', 'spec:\n  taints: [{key: k, effect: NoSchedule}]\n  podCIDR: 10.244.0.0/24\nstatus:') +
      calicoNode({ CALICO_IPV4POOL_IPIP: 'Always', FELIX_IPINIPMTU: '1440' }) +
      `
apiVersion: v1
kind: ConfigMap
metadata: {name: kube-proxy, namespace: kube-system}
data: {mode: ipvs}
---
apiVersion: v1
kind: Pod
metadata: {name: p, annotations: {example.com/x: y}}
spec:
  affinity:
    podAffinity: {}
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution: []
      requiredDuringSchedulingIgnoredDuringExecution:
      - {topologyKey: topology.kubernetes.io/zone, labelSelector: {matchLabels: {a: b}}}
  tolerations: []
`;
    const { warnings } = convert(yaml);
    const expect = [
      'Node n1: spec.taints: not simulated, ignored: pods may be placed on tainted nodes',
      'Node n1: spec.podCIDR: ignored: Calico IPAM hands out blocks from its pools, not the node podCIDR',
      'DaemonSet kube-system/calico-node: spec.template.spec.containers[0].env[1]: FELIX_IPINIPMTU="1440" not simulated, ignored',
      'ConfigMap kube-system/kube-proxy: kind ConfigMap (v1) not simulated, object ignored',
      'Pod default/p: metadata.annotations[example.com/x]: annotation not simulated, ignored',
      'Pod default/p: spec.affinity.podAffinity: not simulated, ignored',
      'Pod default/p: spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution: not simulated, ignored',
      'Pod default/p: spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: only kubernetes.io/hostname is simulated; this anti-affinity term is ignored (got "topology.kubernetes.io/zone")',
      'Pod default/p: spec.tolerations: not simulated (node taints are not simulated either), ignored',
    ];
    for (const w of expect) assert.ok(warnings.includes(w), `missing: ${w}\n got:\n${warnings.join('\n')}`);
  });

  it('impossible values are ConfigErrors naming object, field and value', () => {
    const N = node('n1', '10.0.0.11');
    const cases: [string, RegExp][] = [
      [N + deployment('web', 1, false).replace('replicas: 1', 'replicas: -1'), /^Deployment default\/web spec\.replicas: must be an integer in 0\.\.100000 \(got -1\)$/],
      [N + ipPool('projectcalico.org/v3', 'p', 'cidr: 10.10.0.0/16, ipipMode: always'), /^IPPool p spec\.ipipMode: must be Always, CrossSubnet or Never \(exact case\) \(got "always"\)$/],
      [N + ipPool('projectcalico.org/v3', 'p', 'cidr: 10.10.0.0/16, vxlanMode: Always'), /^IPPool p spec\.vxlanMode: VXLAN is not simulated/],
      [N + ipPool('projectcalico.org/v3', 'p', 'cidr: 10.10.0.1/16'), /^IPPool p spec\.cidr: host bits set/],
      [N + ipPool('projectcalico.org/v3', 'p', 'cidr: 10.10.0.0/16, blockSize: 19'), /^IPPool p spec\.blockSize: must be an integer in 20\.\.32 \(got 19\)$/],
      [N + calicoNode({ CALICO_IPV4POOL_IPIP: 'sometimes' }), /^DaemonSet kube-system\/calico-node spec\.template\.spec\.containers\[0\]\.env\[0\] \(CALICO_IPV4POOL_IPIP\): unrecognized IPIP mode .* \(got "sometimes"\)$/],
      [N + '\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {nodeName: n9}\n', /^Pod default\/p spec\.nodeName: no Node object with this name in the file \(got "n9"\)$/],
      [N + deployment('web', 1, false).replace('matchLabels: {app: web}', 'matchLabels: {app: other}'), /^Deployment default\/web spec\.selector: `selector` does not match template `labels`/],
      [deployment('web', 1, false), /^test\.yaml: no Node objects/],
      [N.replace('10.0.0.11}', '10.0.0.11}\n  - {type: InternalIP, address: 10.0.0.300}'), /^Node n1 status\.addresses\[1\]\.address: not an IP address/],
      [N.replace('/24', '/24\n    calico-ipip-sim/mac: 01:00:5e:00:00:01'), /^Node n1 → nodes\[0\]\.mac: is a multicast MAC/],
      [N.replace('/24', '/24\n    projectcalico.org/IPv4IPIPTunnelAddr: 192.168.3.1'), /^Node n1 metadata\.annotations\[projectcalico\.org\/IPv4IPIPTunnelAddr\]: the simulator gives tunl0 the first address of the node's block \(192\.168\.3\.0\/26\) \(got "192\.168\.3\.1"\)$/],
      ['apiVersion: v1\nkind: Pod\nspec: {}\n---\n' + N, /metadata\.name: is required$/],
    ];
    for (const [yaml, re] of cases) assert.match(configError(yaml).format(), re);
  });

  it('CLI: a bad manifest is one error line and exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, node('n1', '10.0.0.11') + deployment('web', 1, false).replace('replicas: 1', 'replicas: two'));
    let out = '';
    let err = '';
    const code = await run(['--cluster', file, 'exec', 'n1', '--', 'route', '-n'], { out: (t) => (out += t), err: (t) => (err += t) });
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.equal(err, 'error: Deployment default/web spec.replicas: must be an integer in 0..100000 (got "two")\n');
  });
});

const calicoConfig = (vethMtu: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: calico-config, namespace: kube-system}
data:
  typha_service_name: "none"
  calico_backend: "bird"
  veth_mtu: "${vethMtu}"
---`;

describe('k8s manifests: calico-config', () => {
  const base = NODES3 + calicoNode({ CALICO_IPV4POOL_IPIP: 'Always', CALICO_IPV4POOL_CIDR: '10.244.0.0/16' }) + deployment('web', 1, false);

  it('veth_mtu is the CNI mtu: every pod veth (cali and eth0) gets it, tunl0 keeps mtu - 20', () => {
    const { spec, warnings } = convert(base + calicoConfig('1500'));
    assert.equal(spec.vethMtu, 1500);
    const cluster = buildCluster(spec);
    const pod = cluster.pods[0];
    const node = cluster.nodes.find((n) => n.spec.name === pod.node)!;
    assert.equal(node.ifaces.find((i) => i.name === pod.hostVeth)?.mtu, 1500);
    assert.equal(node.ifaces.find((i) => i.name === 'tunl0')?.mtu, 1480);
    assert.ok(warnings.some((w) => w.includes('calico-config: data.calico_backend')), 'the fields not simulated are named');
  });

  it('"0" leaves the choice to calico-node: the model\'s mtu - 20 with IPIP, with a warning', () => {
    const { spec, warnings } = convert(base + calicoConfig('0'));
    assert.equal(spec.vethMtu, undefined);
    assert.ok(warnings.some((w) => /calico-config: data\.veth_mtu: "0"/.test(w)));
  });

  it('a veth_mtu that is not a number, or out of range, is one error naming the ConfigMap field', () => {
    for (const bad of ['abc', '100']) {
      const e = configError(base + calicoConfig(bad));
      assert.equal(e.field, 'ConfigMap kube-system/calico-config data.veth_mtu', bad);
    }
  });
});
