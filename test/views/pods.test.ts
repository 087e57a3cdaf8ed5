import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { parseCustomColumns, parseFieldSelector, podRows, renderTable, SEED_COLUMNS } from '../../host/views/pods.ts';
import { ConfigError } from '../../host/errors.ts';

describe('get pods table', () => {
  const rows = podRows(buildCluster(defaultClusterSpec()));

  it('lists the seed pods plus one host-network calico-node pod per node, sorted by namespace and name', () => {
    assert.deepEqual(
      rows.map((r) => `${r.namespace}/${r.name} ${r.podIP}`),
      [
        'devops/busybox-77649b9c55-7d27b 172.16.109.65',
        'devops/busybox-77649b9c55-r6bx9 172.16.196.1',
        `kube-system/${rows[2].name} 192.168.0.11`,
        `kube-system/${rows[3].name} 192.168.0.12`,
        'kube-system/coredns-7c445fd599-glfl5 172.16.196.2',
      ].sort(),
    );
    assert.ok(rows.some((r) => r.name === 'calico-node-q6cv6' && r.nodeName === 'k8s-master-1' && r.hostNetwork));
  });

  it('column widths follow kubectl tabwriter (min 10, padding 3)', () => {
    const cols = parseCustomColumns('N:.metadata.name,NS:.metadata.namespace');
    const out = renderTable([{ namespace: 'a', name: 'x', podIP: '', nodeName: '', hostIP: '', hostNetwork: false }], cols);
    assert.equal(out, 'N         NS\nx         a\n');
  });

  it('field selectors and bad specs', () => {
    const onMaster = rows.filter(parseFieldSelector('spec.nodeName=k8s-master-1'));
    assert.equal(onMaster.length, 3);
    assert.equal(rows.filter(parseFieldSelector('spec.nodeName!=k8s-master-1,metadata.namespace==devops')).length, 1);
    assert.throws(() => parseFieldSelector('spec.bogus=1'), ConfigError);
    assert.throws(() => parseCustomColumns('NAME'), ConfigError);
    assert.equal(parseCustomColumns(SEED_COLUMNS).length, 3);
  });
});
