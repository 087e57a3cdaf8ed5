// Generated pod names of a Deployment never collide: a suffix already taken in the namespace is
// drawn again, as the apiserver's AlreadyExists makes Kubernetes do; the first draws (the names
// every fixture knows) stay as they were.

import assert from 'node:assert/strict';
import { parseClusterYaml } from '../../host/cluster/index.ts';
import { podTemplateHash, replicaSuffix } from '../../host/cluster/k8s/podnames.ts';
import { ConfigError } from '../../host/errors.ts';

const NODE = `
apiVersion: v1
kind: Node
metadata:
  name: a
  annotations:
    projectcalico.org/IPv4Address: 10.0.0.11/24
    calico-ipip-sim/gateway: 10.0.0.1
status:
  addresses:
  - {type: InternalIP, address: 10.0.0.11}
---`;

const deployment = (replicas: number, names = '') => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: busybox, namespace: devops${names ? `, annotations: {calico-ipip-sim/pod-names: "${names}"}` : ''}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: busybox}}
  template:
    metadata: {labels: {app: busybox}}
    spec: {}
---`;

// Names are drawn whether or not the pod gets a place: past the node's 110 pods (its calico-node
// among them) the replicas stay Pending, after the placed ones, so the two lists together are
// the creation order.
const pods = (yaml: string) => {
  const spec = parseClusterYaml(yaml, 'test.yaml', () => {});
  return [...spec.pods, ...(spec.unplacedPods ?? [])];
};

describe('k8s manifests: generated pod names', () => {
  it('the first draws are unchanged', () => {
    assert.deepEqual(pods(NODE + deployment(3)).map((p) => p.name), ['busybox-77fd75b84f-4g695', 'busybox-77fd75b84f-2qgtf', 'busybox-77fd75b84f-75lwd']);
  });

  it('20000 replicas: unique names, a name redrawn only where its first draw was taken', () => {
    const list = pods(NODE + deployment(20000)).map((p) => p.name);
    assert.equal(list.length, 20000);
    assert.equal(new Set(list).size, 20000);
    const hash = podTemplateHash({ metadata: { labels: { app: 'busybox' } }, spec: {} });
    const redrawn = list.flatMap((name, i) => {
      const first = `busybox-${hash}-${replicaSuffix('devops', 'busybox', hash, i)}`;
      return name === first ? [] : [{ i, first }];
    });
    assert.ok(redrawn.length > 0, 'expected at least one collision among 20000 draws');
    for (const { i, first } of redrawn) assert.ok(list.slice(0, i).includes(first), `replica ${i} redrawn without a collision`);
    for (const name of list) assert.match(name, /^busybox-77fd75b84f-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  // The black-box case. Scheduling compared each new pod with every pod on the node, so this
  // took minutes (20000 replicas: 10 s); it now takes a few seconds.
  it('replicas: 100000 converts, each pod named once', function () {
    this.timeout(30000);
    const list = pods(NODE + deployment(100000));
    assert.equal(new Set(list.map((p) => p.name)).size, 100000);
  });

  it('a generated name avoids a Pod created before it', () => {
    const first = pods(NODE + deployment(1))[0].name;
    const pod = `
apiVersion: v1
kind: Pod
metadata: {name: ${first}, namespace: devops}
spec: {}
---`;
    const list = pods(NODE + pod + deployment(1)).map((p) => p.name);
    assert.equal(list[0], first);
    assert.notEqual(list[1], first);
  });

  it('a name given twice is still refused', () => {
    assert.throws(
      () => pods(NODE + deployment(2, 'busybox-x-aaaaa,busybox-x-aaaaa')),
      (e: unknown) => e instanceof ConfigError && /metadata\.name$/.test(e.field) && e.message === 'duplicate pod' && e.value === 'devops/busybox-x-aaaaa',
    );
  });
});
