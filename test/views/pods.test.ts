import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { parseCustomColumns, parseFieldSelector, SEED_COLUMNS } from '../../host/views/kubeColumns.ts';
import { meta, podObjects } from '../../host/views/kubeObjects.ts';
import { renderColumns, renderTable, tabwrite } from '../../host/views/kubeTable.ts';
import { parseLabelSelector } from '../../host/views/labelSelector.ts';
import { ConfigError } from '../../host/errors.ts';

describe('get pods table', () => {
  const objs = podObjects(buildCluster(defaultClusterSpec()));

  it('lists the seed pods plus one host-network calico-node pod per node, sorted by namespace and name', () => {
    const ip = (o: (typeof objs)[number]) => (o.status as { podIP: string }).podIP;
    assert.deepEqual(
      objs.map((o) => `${meta(o).namespace}/${meta(o).name} ${ip(o)}`),
      [
        'devops/busybox-77649b9c55-7d27b 172.16.109.65',
        'devops/busybox-77649b9c55-r6bx9 172.16.196.1',
        `kube-system/${meta(objs[2]).name} 192.168.0.11`,
        `kube-system/${meta(objs[3]).name} 192.168.0.12`,
        'kube-system/coredns-7c445fd599-glfl5 172.16.196.2',
      ].sort(),
    );
    const cn = objs.find((o) => meta(o).name === 'calico-node-q6cv6');
    assert.deepEqual(cn?.spec, { nodeName: 'k8s-master-1', hostNetwork: true });
  });

  it('column widths follow Go tabwriter (custom columns: min 10, padding 3; last cell unpadded)', () => {
    const cols = parseCustomColumns('N:.metadata.name,NS:.metadata.namespace');
    const out = renderColumns([{ metadata: { name: 'x', namespace: 'a' } }], cols);
    assert.equal(out, 'N         NS\nx         a\n');
    assert.equal(tabwrite([['NAME', 'READY'], ['busybox-77649b9c55-r6bx9', '1/1']], 6), 'NAME                       READY\nbusybox-77649b9c55-r6bx9   1/1\n');
  });

  it('custom columns: JSONPath steps, <none> for a missing field, Go %v for maps', () => {
    const o = objs.find((x) => meta(x).name === 'busybox-77649b9c55-r6bx9')!;
    const get = (spec: string) => parseCustomColumns(`X:${spec}`)[0].get(o);
    assert.equal(get('.metadata.labels.app'), 'busybox');
    assert.equal(get('{.status.podIPs[0].ip}'), '172.16.196.1');
    assert.equal(get('.status.podIPs[*].ip'), '172.16.196.1');
    assert.equal(get('.status.podIPs'), '[map[ip:172.16.196.1]]');
    assert.equal(get('.spec.hostNetwork'), '<none>');
    assert.equal(get('status.hostIP'), '192.168.0.11');
  });

  it('field selectors, label selectors and bad specs', () => {
    const onMaster = objs.filter(parseFieldSelector('spec.nodeName=k8s-master-1'));
    assert.equal(onMaster.length, 3);
    assert.equal(objs.filter(parseFieldSelector('spec.nodeName!=k8s-master-1,metadata.namespace==devops')).length, 1);
    assert.equal(objs.filter(parseFieldSelector('spec.hostNetwork=false')).length, 3);
    assert.throws(() => parseFieldSelector('spec.bogus=1'), ConfigError);
    assert.throws(() => parseCustomColumns('NAME'), ConfigError);
    assert.throws(() => parseCustomColumns('NAME:.a..b'), ConfigError);
    assert.equal(parseCustomColumns(SEED_COLUMNS).length, 3);
    const names = (sel: string) => objs.filter((o) => parseLabelSelector(sel)(meta(o).labels)).map((o) => meta(o).name);
    assert.deepEqual(names('app=busybox'), ['busybox-77649b9c55-7d27b', 'busybox-77649b9c55-r6bx9']);
    assert.deepEqual(names('k8s-app in (kube-dns, calico-node)').length, 3);
    assert.deepEqual(names('k8s-app notin (calico-node),!app'), ['coredns-7c445fd599-glfl5']);
    assert.deepEqual(names('k8s-app!=calico-node').length, 3);
    assert.deepEqual(names('app'), names('app==busybox'));
    assert.throws(() => parseLabelSelector('=busybox'), ConfigError);
    assert.throws(() => parseLabelSelector('app in a,b'), ConfigError);
  });
});

describe('get pods: the pods no node runs (unplacedPods)', () => {
  const spec = defaultClusterSpec();
  spec.unplacedPods = [
    { namespace: 'devops', name: 'busybox-77649b9c55-x4k2p', reason: 'Unschedulable', message: '0/2 nodes are available: 2 Too many pods.', labels: { app: 'busybox' } },
    { namespace: 'devops', name: 'pinned', reason: 'OutOfpods', node: 'k8s-node-1', message: "Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 110, capacity: 110" },
  ];
  const objs = podObjects(buildCluster(spec));
  const of = (name: string) => objs.find((o) => meta(o).name === name)!;

  it('are API objects as the apiserver has them: Pending with PodScheduled False, or Failed with the kubelet\'s reason', () => {
    assert.deepEqual(of('busybox-77649b9c55-x4k2p'), {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { labels: { app: 'busybox' }, name: 'busybox-77649b9c55-x4k2p', namespace: 'devops' },
      spec: {},
      status: { conditions: [{ message: '0/2 nodes are available: 2 Too many pods.', reason: 'Unschedulable', status: 'False', type: 'PodScheduled' }], phase: 'Pending' },
    });
    assert.deepEqual(of('pinned'), {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pinned', namespace: 'devops' },
      spec: { nodeName: 'k8s-node-1' },
      status: { message: "Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 110, capacity: 110", phase: 'Failed', reason: 'OutOfpods' },
    });
  });

  it('print as kubectl prints them: READY 0/1, STATUS the reason else the phase, no IP', () => {
    const devops = objs.filter((o) => meta(o).namespace === 'devops');
    assert.equal(
      renderTable('pods', devops, { wide: true, namespaces: false, showLabels: false }),
      'NAME                       READY   STATUS      RESTARTS   AGE         IP              NODE           NOMINATED NODE   READINESS GATES\n' +
        'busybox-77649b9c55-7d27b   1/1     Running     0          <unknown>   172.16.109.65   k8s-node-1     <none>           <none>\n' +
        'busybox-77649b9c55-r6bx9   1/1     Running     0          <unknown>   172.16.196.1    k8s-master-1   <none>           <none>\n' +
        'busybox-77649b9c55-x4k2p   0/1     Pending     0          <unknown>   <none>          <none>         <none>           <none>\n' +
        'pinned                     0/1     OutOfpods   0          <unknown>   <none>          k8s-node-1     <none>           <none>\n',
    );
  });

  it('field and label selectors see them: spec.nodeName= lists the unscheduled, status.phase the Failed', () => {
    assert.deepEqual(objs.filter(parseFieldSelector('spec.nodeName=')).map((o) => meta(o).name), ['busybox-77649b9c55-x4k2p']);
    assert.deepEqual(objs.filter(parseFieldSelector('status.phase=Failed')).map((o) => meta(o).name), ['pinned']);
    assert.equal(objs.filter((o) => parseLabelSelector('app=busybox')(meta(o).labels)).length, 3);
  });
});
