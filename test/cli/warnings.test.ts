// Warnings about unsupported manifest fields go through the CLI's output channel, so an
// in-process run (tests, the shell, an embedder calling run()) sees them like a terminal does.

import assert from 'node:assert/strict';
import { run } from '../../host/cli/main.ts';

describe('cli: manifest warnings', () => {
  it('reach the io the CLI was given, one "warning:" line each, and do not change the exit code', async () => {
    let out = '';
    let err = '';
    const code = await run(['--cluster', 'examples/k8s/seed-cluster.yaml', 'get', 'pods', '-n', 'devops', '-o', 'wide'], {
      out: (t) => (out += t),
      err: (t) => (err += t),
    });
    assert.equal(code, 0);
    assert.match(out, /busybox-77649b9c55-r6bx9\s+1\/1\s+Running\s+0\s+<unknown>\s+172\.16\.196\.1\s+k8s-master-1/);
    const lines = err.trimEnd().split('\n');
    assert.ok(lines.length > 0 && lines.every((l) => l.startsWith('warning: ')), err);
    assert.match(err, /^warning: Deployment devops\/busybox: spec\.strategy: /m);
    assert.doesNotMatch(err, /Service/); // read now (kube-proxy's IPVS), so never reported
  });
});
