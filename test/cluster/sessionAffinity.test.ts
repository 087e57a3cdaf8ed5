// sessionAffinity in the cluster YAML (sessionAffinity, sessionAffinityTimeoutSeconds) and in
// Service manifests (spec.sessionAffinity, spec.sessionAffinityConfig.clientIP.timeoutSeconds):
// checked as the apiserver checks them (validateClientIPAffinityConfig: 1..86400, only with
// ClientIP), defaulted as it defaults them (10800), and turned by kube-proxy into persistent
// virtual servers (FlagPersistent, netmask 255.255.255.255) on the ClusterIP and the node ports,
// which ipvsadm -Ln prints as ipvsadm's print_service_entry does (" persistent %u", " mask %s").
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCluster, defaultClusterSpec, parseClusterYaml } from '../../host/cluster/index.ts';
import { nodeVirtualServers } from '../../host/cluster/kubeProxy.ts';
import { ipvsadmCommand } from '../../host/views/ipvsadm.ts';
import { ConfigError } from '../../host/errors.ts';
import { run } from '../../host/cli/main.ts';
import { formatIp4 } from '../../host/net/addr.ts';

const zero = () => ({ active: 0, inactive: 0 });
const BASE = readFileSync(new URL('../../examples/clusters/services-xsubnet.yaml', import.meta.url), 'utf8');
const WEB = '    selector: { app: web }\n';
/** services-xsubnet.yaml with `lines` added to the web Service. */
const withWeb = (lines: string): string => {
  assert.ok(BASE.includes(WEB));
  return BASE.replace(WEB, WEB + lines);
};

async function cli(yaml: string): Promise<{ code: number; out: string; err: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'affinity-'));
  const file = join(dir, 'c.yaml');
  writeFileSync(file, yaml);
  let out = '';
  let err = '';
  const code = await run(['--cluster', file, 'exec', 's1', '--', 'ipvsadm', '-Ln'], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('sessionAffinity in the cluster YAML', () => {
  it('ClientIP with a timeout: every virtual server of the Service is persistent; ipvsadm -Ln says so', async () => {
    const r = await cli(withWeb('    sessionAffinity: ClientIP\n    sessionAffinityTimeoutSeconds: 600\n'));
    assert.equal(r.err, '');
    assert.equal(r.code, 0);
    assert.match(r.out, /^TCP {2}10\.96\.77\.7:80 rr persistent 600$/m);
    assert.match(r.out, /^TCP {2}10\.30\.1\.11:31080 rr persistent 600$/m, 'the node port too (kube-proxy sets the flag on each)');
    assert.match(r.out, /^TCP {2}10\.96\.77\.8:80 rr$/m, 'web-canary keeps None');
  });

  it('ClientIP without a timeout gets the apiserver default, 10800 s; None or absent is not persistent', () => {
    const spec = parseClusterYaml(withWeb('    sessionAffinity: ClientIP\n'));
    const c = buildCluster(spec);
    const web = nodeVirtualServers(c, c.nodes[0]).filter((v) => v.service.startsWith('default/web:'));
    assert.ok(web.length > 1);
    assert.ok(web.every((v) => v.persistence?.timeoutSeconds === 10800 && v.persistence.netmask === 0xffffffff));
    const none = buildCluster(parseClusterYaml(withWeb('    sessionAffinity: None\n')));
    const plain = nodeVirtualServers(none, none.nodes[0]).filter((v) => !v.service.startsWith('default/web-sticky:'));
    assert.ok(plain.length > 1 && plain.every((v) => v.persistence === null));
  });

  it('bad values: exit 2 and one line naming the field and the value', async () => {
    const cases: [string, string][] = [
      ['    sessionAffinity: Sticky\n', 'error: services[0].sessionAffinity: must be one of None, ClientIP (got "Sticky")\n'],
      ['    sessionAffinity: ClientIP\n    sessionAffinityTimeoutSeconds: 0\n', 'error: services[0].sessionAffinityTimeoutSeconds: must be an integer in 1..86400 (got 0)\n'],
      ['    sessionAffinity: ClientIP\n    sessionAffinityTimeoutSeconds: 86401\n', 'error: services[0].sessionAffinityTimeoutSeconds: must be an integer in 1..86400 (got 86401)\n'],
      ['    sessionAffinity: ClientIP\n    sessionAffinityTimeoutSeconds: "60"\n', 'error: services[0].sessionAffinityTimeoutSeconds: must be an integer in 1..86400 (got "60")\n'],
      ['    sessionAffinityTimeoutSeconds: 60\n', 'error: services[0].sessionAffinityTimeoutSeconds: only a Service with sessionAffinity ClientIP has an affinity timeout (got 60)\n'],
      ['    sessionAffinity: None\n    sessionAffinityTimeoutSeconds: 60\n', 'error: services[0].sessionAffinityTimeoutSeconds: only a Service with sessionAffinity ClientIP has an affinity timeout (got 60)\n'],
    ];
    for (const [lines, message] of cases) {
      const r = await cli(withWeb(lines));
      assert.deepEqual([r.code, r.out, r.err], [2, '', message], lines);
    }
  });

  it('ipvsadm -Ln: " persistent %u", and " mask %s" for a netmask other than /32', () => {
    const c = buildCluster(defaultClusterSpec());
    const vs = nodeVirtualServers(c, c.nodes[0]).find((v) => formatIp4(v.ip) === '10.96.0.10' && v.protocol === 'UDP')!;
    assert.match(ipvsadmCommand(['-Ln'], [{ ...vs, persistence: { timeoutSeconds: 10800, netmask: 0xffffffff } }], zero), /^UDP {2}10\.96\.0\.10:53 rr persistent 10800\n/m);
    assert.match(ipvsadmCommand(['-Ln'], [{ ...vs, persistence: { timeoutSeconds: 30, netmask: 0xffffff00 } }], zero), /^UDP {2}10\.96\.0\.10:53 rr persistent 30 mask 255\.255\.255\.0\n/m);
  });
});

const MANIFEST = (spec: string) => `
apiVersion: v1
kind: Node
metadata:
  name: n1
  annotations:
    projectcalico.org/IPv4Address: 10.0.0.11/24
    calico-ipip-sim/gateway: 10.0.0.1
status:
  addresses:
  - {type: InternalIP, address: 10.0.0.11}
---
apiVersion: v1
kind: Pod
metadata: {name: web-0, labels: {app: web}}
spec: {nodeName: n1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  clusterIP: 10.96.0.80
  selector: {app: web}
  ports: [{port: 80}]
${spec}`;

describe('sessionAffinity in Service manifests', () => {
  const convert = (spec: string) => {
    const warnings: string[] = [];
    const s = parseClusterYaml(MANIFEST(spec), 'test.yaml', (w) => warnings.push(w));
    buildCluster(s);
    return { svc: s.services!.find((x) => x.name === 'web')!, warnings: warnings.filter((w) => w.includes('Service')) };
  };
  const error = (spec: string): string => {
    try {
      convert(spec);
    } catch (e) {
      if (e instanceof ConfigError) return e.format();
      throw e;
    }
    assert.fail('expected a ConfigError');
  };

  it('spec.sessionAffinity ClientIP with sessionAffinityConfig.clientIP.timeoutSeconds; None; absent', () => {
    const sticky = convert('  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 300}}\n');
    assert.deepEqual([sticky.svc.sessionAffinity, sticky.svc.sessionAffinityTimeoutSeconds, sticky.warnings], ['ClientIP', 300, []]);
    const dflt = convert('  sessionAffinity: ClientIP\n');
    assert.deepEqual([dflt.svc.sessionAffinity, dflt.svc.sessionAffinityTimeoutSeconds], ['ClientIP', undefined]);
    const c = buildCluster(parseClusterYaml(MANIFEST('  sessionAffinity: ClientIP\n'), 'test.yaml', () => {}));
    assert.equal(c.services.find((s) => s.name === 'web')!.affinityTimeoutSeconds, 10800);
    // kubectl get -o yaml prints the default: accepted, nothing to warn about
    const none = convert('  sessionAffinity: None\n');
    assert.deepEqual([none.svc.sessionAffinity, none.warnings], [undefined, []]);
  });

  it('bad values are ConfigErrors naming the object, the field and the value', () => {
    assert.match(error('  sessionAffinity: Sticky\n'), /^Service default\/web spec\.sessionAffinity: must be None or ClientIP \(got "Sticky"\)$/);
    assert.match(error('  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 0}}\n'),
      /^Service default\/web spec\.sessionAffinityConfig\.clientIP\.timeoutSeconds: must be an integer in 1\.\.86400 \(got 0\)$/);
    assert.match(error('  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 86401}}\n'),
      /timeoutSeconds: must be an integer in 1\.\.86400 \(got 86401\)$/);
    assert.match(error('  sessionAffinity: None\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}\n'),
      /^Service default\/web spec\.sessionAffinityConfig: must not be set when sessionAffinity is None/);
  });
});
