// The Services' traffic read back by the real tcpdump (an independent decoder): a wget from the
// busybox pod on k8s-master-1 to the busybox ClusterIP, written as pcap files on every
// interface. tcpdump must find every IP and TCP checksum correct after the DNAT, the un-NAT and
// the masquerade, the translated destination on tunl0 and inside IPIP on ens160, and the VIP
// as the source of the answers on the client's cali.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { SimSession } from '../../host/session/session.ts';
import { TCPDUMP, tempDir } from './support.ts';

const read = (file: string): string => {
  const r = spawnSync(TCPDUMP!, ['-r', file, '-nn', '-vv'], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

describe('capture: Service traffic through the real tcpdump', function () {
  before(function () {
    if (!TCPDUMP) this.skip();
  });

  it('wget to the ClusterIP twice (remote backend, then the hairpin): every checksum correct, translated addresses where Linux has them', function () {
    const { dir: base, remove } = tempDir();
    const s = new SimSession(buildCluster(defaultClusterSpec()));
    const io = { out: () => {}, err: () => {} };
    const dirs = ['remote', 'hairpin'].map((d) => join(base, d));
    try {
      for (const dir of dirs) assert.equal(s.client('devops/busybox-77649b9c55-r6bx9', ['wget', '-qO-', 'http://10.96.192.105:8888/'], io, { pcap: dir }), 0);
      check(dirs[0], dirs[1]);
    } finally {
      remove();
    }
  });
});

function check(dir: string, hairpin: string): void {
  const cali = read(join(dir, 'k8s-master-1_cali12242800409.pcap'));
  const self = read(join(hairpin, 'k8s-master-1_cali12242800409.pcap'));
  const tunl = read(join(dir, 'k8s-master-1_tunl0.pcap'));
  const wire = read(join(dir, 'k8s-master-1_ens160.pcap'));
  for (const text of [cali, self, tunl, wire]) {
    assert.doesNotMatch(text, /incorrect/);
    assert.ok((text.match(/cksum 0x[0-9a-f]+ \(correct\)/g) ?? []).length >= 8, text);
  }
  assert.match(cali, /172\.16\.196\.1\.\d+ > 10\.96\.192\.105\.8888: Flags \[S\]/);
  assert.match(cali, /10\.96\.192\.105\.8888 > 172\.16\.196\.1\.\d+: Flags \[S\.\]/);
  assert.match(self, /192\.168\.0\.11\.\d+ > 172\.16\.196\.1\.80: Flags \[S\]/, 'the hairpin, masqueraded');
  assert.match(tunl, /172\.16\.196\.1\.\d+ > 172\.16\.109\.65\.80: Flags \[S\]/);
  assert.match(wire, /192\.168\.0\.11 > 192\.168\.0\.12: IP \(tos 0x0, ttl 63[^\n]*proto TCP[^\n]*\n\s+172\.16\.196\.1\.\d+ > 172\.16\.109\.65\.80: Flags \[S\]/);
}
