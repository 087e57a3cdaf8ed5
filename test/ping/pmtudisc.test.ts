// ping -M do|want|dont (iputils' IP_MTU_DISCOVER values; busybox's applet has no -M and keeps
// the kernel's default, want), on pods at 1500 over a 1480 tunl0
// (examples/clusters/veth-mtu-1500.yaml), -s 1472 (a 1500-octet packet):
//  - want: DF set; the node's frag-needed teaches the pod the path MTU, the next requests
//    are fragmented (the oracle's cross-full checks this one against Linux);
//  - dont: DF clear from the start: the node fragments onto tunl0 and every request is answered;
//  - do: DF set and never fragmented: once the path MTU is 1480 the send fails with EMSGSIZE
//    (ip_append_data), which busybox's xsendto reports and dies on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCluster, parseClusterYaml } from '../../host/cluster/index.ts';
import { SimSession } from '../../host/session/session.ts';
import { ConfigError } from '../../host/errors.ts';
import { formatIp4 } from '../../host/net/addr.ts';
import type { PmtuDisc } from '../../host/pod/ping.ts';

const cluster = buildCluster(parseClusterYaml(readFileSync(fileURLToPath(new URL('../../examples/clusters/veth-mtu-1500.yaml', import.meta.url)), 'utf8')));
const peer = cluster.pods.find((p) => p.name === 'web-1')!;

function run(pmtudisc: PmtuDisc | undefined): { code: number; out: string; err: string } {
  const s = new SimSession(cluster);
  let out = '';
  let err = '';
  const code = s.ping({ pod: 'default/web-0', host: formatIp4(peer.ip), count: 3, size: 1472, pmtudisc },
    { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('ping -M (path MTU discovery)', () => {
  it('want (the default): the first request is lost to frag-needed, the next two are fragmented and answered', () => {
    for (const r of [run(undefined), run('want')]) {
      assert.equal(r.code, 0);
      assert.match(r.out, /3 packets transmitted, 2 packets received, 33% packet loss/);
    }
  });
  it('dont: no DF, the node fragments onto tunl0, all three answered', () => {
    const r = run('dont');
    assert.match(r.out, /3 packets transmitted, 3 packets received, 0% packet loss/);
  });
  it('do: frag-needed, then the next send fails with EMSGSIZE: busybox prints sendto\'s error and exits 1', () => {
    const r = run('do');
    assert.equal(r.code, 1);
    assert.equal(r.err, 'ping: sendto: Message too long\n');
  });
  it('-M with another value: one line naming the option', () => {
    assert.throws(() => run('probe' as PmtuDisc), (e: unknown) => e instanceof ConfigError && e.field === '-M');
  });
});
