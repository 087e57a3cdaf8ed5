// The page's protocol tree (host/capture/dissect.ts) against Wireshark itself: every line of
// our tree for every frame of the seed's ping and traceroute, at every interface, is a line
// that `tshark -n -V` prints for that frame (header checksums validated), and every byte range
// lies inside the frame. Skipped without tshark (CI installs it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { dissect, type TreeNode } from '../../host/capture/dissect.ts';
import { readPcap } from '../../host/capture/pcap.ts';
import { Lab } from '../../playground/src/lab.ts';

const hasTshark = spawnSync('tshark', ['--version'], { encoding: 'utf8' }).status === 0;

function labels(nodes: TreeNode[], frameLen: number, out: string[] = []): string[] {
  for (const n of nodes) {
    assert.ok(n.start >= 0 && n.len >= 0 && n.start + n.len <= frameLen, `${n.label}: bytes ${n.start}+${n.len} of ${frameLen}`);
    out.push(n.label);
    if (n.children) labels(n.children, frameLen, out);
  }
  return out;
}

describe('capture: the protocol tree as Wireshark shows it', function () {
  this.timeout(120000);
  before(function () {
    if (!hasTshark) {
      console.log('    (skipped: tshark is missing; apt-get install -y tshark)');
      this.skip();
    }
  });

  it("every line of the seed's ping and traceroute frames is one tshark -V prints", () => {
    const dir = mkdtempSync(join(tmpdir(), 'dissect-'));
    try {
      const lab = new Lab(buildCluster(defaultClusterSpec()));
      lab.run('ping', 'busybox-77649b9c55-r6bx9', '172.16.109.65');
      lab.run('traceroute', 'busybox-77649b9c55-r6bx9', '172.16.109.65');
      let checked = 0;
      for (const c of lab.captures()) {
        if (c.count === 0) continue;
        const file = join(dir, c.file);
        writeFileSync(file, c.bytes());
        const r = spawnSync('tshark', ['-n', '-r', file, '-V', '-o', 'ip.check_checksum:TRUE'], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        const blocks = r.stdout.split(/\n(?=Frame \d+:)/).map((b) => new Set(b.split('\n').map((l) => l.trim())));
        const pcap = readPcap(c.bytes());
        assert.equal(blocks.length, pcap.records.length, c.label);
        pcap.records.forEach((rec, i) => {
          const ours = labels(dissect(rec.data, pcap.linkType === 101 ? 'raw' : 'ether', i + 1), rec.data.length);
          const missing = ours.filter((l) => !blocks[i].has(l));
          assert.deepEqual(missing, [], `${c.label} frame ${i + 1}`);
          checked += ours.length;
        });
      }
      assert.ok(checked > 1000, `${checked} lines checked`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a cut frame is a malformed-packet line, never a throw', () => {
    const lab = new Lab(buildCluster(defaultClusterSpec()));
    const run = lab.run('ping', 'busybox-77649b9c55-r6bx9', '172.16.109.65');
    const f = run.frames.find((x) => x.label === 'k8s-master-1:ens160')!.frame;
    for (let n = 0; n < f.length; n++) {
      const t = labels(dissect(f.subarray(0, n), 'ether'), n);
      if (n < 14 + 20 + 20 + 8) assert.ok(t.some((l) => l.startsWith('[Malformed Packet')), `cut at ${n}`);
    }
  });
});
