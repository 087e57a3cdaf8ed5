// The diagram: walks made from captured frames, the SVG (well-formed, every seed interface name
// and the TTL story 64 → 63 → 62 for the cross-host walk), and a headless Chromium screenshot.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { cli } from '../support/cli.ts';
import { captureWalk } from '../../host/diagram/engineWalk.ts';
import { renderDiagram, walkFromCaptures } from '../../host/diagram/index.ts';
import { parseIp4 } from '../../host/net/addr.ts';
import { seedCrossHostFrames } from './seedFrames.ts';
import { checkXml } from './xml.ts';

const cluster = buildCluster(defaultClusterSpec());
const FROM = 'busybox-77649b9c55-r6bx9';
const TO = '172.16.109.65';
const SEED_IFACES = ['ens160', 'tunl0', 'cali12242800409', 'cali1b0be572c83', 'eth0'];
const EXPECTED_HOPS = [
  `${FROM} eth0 tx`,
  'k8s-master-1 cali12242800409 rx',
  'k8s-master-1 tunl0 tx',
  'k8s-master-1 ens160 tx',
  'k8s-node-1 ens160 rx',
  'k8s-node-1 tunl0 rx',
  'k8s-node-1 cali1b0be572c83 tx',
  'busybox-77649b9c55-7d27b eth0 rx',
];

const hopsOf = (w: { hops: { host: string; iface: string; direction: string }[] }) => w.hops.map((h) => `${h.host} ${h.iface} ${h.direction}`);

describe('diagram: walks', () => {
  it('a walk from hand-written seed frames: hops, notes, headers', () => {
    const w = walkFromCaptures(cluster, FROM, TO, seedCrossHostFrames(cluster));
    assert.deepEqual(hopsOf(w), EXPECTED_HOPS);
    assert.deepEqual(w.hops.map((h) => h.headers.ip?.ttl), [64, 64, 63, 63, 63, 63, 62, 62]);
    assert.equal(w.hops[3].headers.outer?.ttl, 63);
    assert.equal(w.hops[3].headers.outer?.src, '192.168.0.11');
    assert.ok(w.hops[2].notes.includes('route: 172.16.109.64/26 via 192.168.0.12 dev tunl0 proto bird onlink'));
    assert.ok(w.hops[3].notes.some((n) => n.startsWith('IPIP encap on tunl0: outer 192.168.0.11 → 192.168.0.12, ttl 63 (inherited from inner)')));
    assert.ok(w.hops[5].notes.some((n) => n.startsWith('IPIP decap')));
    assert.ok(w.hops[6].notes.includes('forwarded by k8s-node-1: ttl 63 → 62'));
    assert.equal(w.outcome, 'delivered to busybox-77649b9c55-7d27b eth0');
  });

  for (const engine of ['wasm', 'ts'] as const) {
    it(`the ${engine} engine forwards the probe along the seed's path (64 → 63 → 62)`, () => {
      const w = captureWalk(cluster, cluster.podByName(FROM)!, parseIp4(TO)!, engine);
      assert.deepEqual(hopsOf(w), EXPECTED_HOPS);
      assert.deepEqual(w.hops.map((h) => h.headers.ip?.ttl), [64, 64, 63, 63, 63, 63, 62, 62]);
      assert.deepEqual(w.hops.map((h) => h.headers.outer?.ttl ?? null), [null, null, null, 63, 63, null, null, null]);
      assert.equal(w.hops[6].headers.eth?.dst, cluster.podByName('busybox-77649b9c55-7d27b')!.mac);
    });
  }

  it('both engines capture the same bytes', () => {
    const a = captureWalk(cluster, cluster.podByName(FROM)!, parseIp4(TO)!, 'wasm');
    const b = captureWalk(cluster, cluster.podByName(FROM)!, parseIp4(TO)!, 'ts');
    assert.deepEqual(a.hops.map((h) => h.summary), b.hops.map((h) => h.summary));
  });

  it('a probe into the own block\'s unused address ends at the blackhole: not delivered', () => {
    const w = captureWalk(cluster, cluster.podByName(FROM)!, parseIp4('172.16.196.9')!, 'wasm');
    assert.match(w.outcome, /^not delivered to any pod/);
    assert.ok(!w.hops.some((h) => h.host === 'busybox-77649b9c55-7d27b'));
  });
});

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'diagram-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('diagram: SVG', () => {
  it('the cluster picture is well-formed SVG naming every interface, address and route', () => {
    const svg = renderDiagram(cluster);
    const x = checkXml(svg);
    assert.equal(x.root, 'svg');
    for (const name of [...SEED_IFACES, 'calif57336c1ec9', 'kube-ipvs0']) assert.ok(x.text.includes(name), name);
    for (const s of ['192.168.0.11/24', '00:0c:29:b1:02:f0', '172.16.196.0/32', '172.16.196.1/32', '86:9c:03:9e:db:9f', '172.16.109.64/26 via 192.168.0.12 dev tunl0 proto bird onlink', 'blackhole 172.16.196.0/26 proto bird']) {
      assert.ok(x.text.includes(s), s);
    }
    assert.ok(!x.text.includes('ttl 6'), 'no walk, no TTLs');
  });

  it('CLI: diagram --from --to draws the engine walk with every seed interface and the three TTLs', async () => {
    const out = join(dir, 'walk.svg');
    const r = await cli('diagram', '--from', FROM, '--to', TO, '--out', out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /walk of 8 captured frames \(delivered to busybox-77649b9c55-7d27b eth0\)/);
    const x = checkXml(readFileSync(out, 'utf8'));
    for (const name of SEED_IFACES) assert.ok(x.text.includes(name), name);
    for (const ttl of ['ttl 64', 'ttl 63', 'ttl 62']) assert.ok(x.text.includes(ttl), ttl);
    assert.ok(x.text.includes('outer IP 192.168.0.11 → 192.168.0.12'));
  });

  it('CLI: across subnets the walk goes through the router, each hop named by its link (veth pair or the L2 wire)', async () => {
    const out = join(dir, 'walk-router.svg');
    const r = await cli('--cluster', 'examples/clusters/crosssubnet-3node.yaml', 'diagram', '--from', 'client', '--to', '10.244.0.129', '--out', out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /walk of 10 captured frames \(delivered to web-2 eth0\)/);
    const x = checkXml(readFileSync(out, 'utf8'));
    for (const note of ['veth pair: client eth0 → node-a calia7a3e029a7b', 'wire: node-a ens160 → router eth0',
      'wire: router eth1 → node-c ens160', 'veth pair: node-c cali9fb0db7f13e → web-2 eth0']) assert.ok(x.text.includes(note), note);
  });

  it('CLI: bad arguments are one error line, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['diagram', '--from', FROM, '--out', join(dir, 'a.svg')], /^error: --to: is needed together with --from\n$/],
      [['diagram', '--from', 'k8s-node-1', '--to', TO, '--out', join(dir, 'a.svg')], /^error: --from: must be a pod/],
      [['diagram', '--from', FROM, '--to', '172.16.300.1', '--out', join(dir, 'a.svg')], /^error: --to: not an IPv4 address/],
      [['diagram', '--out', join(dir, 'a.png')], /^error: --out: must name an \.svg file/],
      [['diagram', '--out', join(dir, 'missing', 'a.svg')], /^error: --out: cannot write file: ENOENT/],
    ];
    for (const [args, re] of cases) {
      const r = await cli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, re);
    }
  });

  it('the checker rejects broken XML (so the checks above can fail)', () => {
    assert.throws(() => checkXml('<svg><g></svg>'), /closes/);
    assert.throws(() => checkXml('<svg><text>a & b</text></svg>'), /bare '&'/);
    assert.throws(() => checkXml('<svg a="1" a="2"/>'), /duplicate attribute/);
  });
});

const CHROMIUM = '/usr/bin/chromium';

function chromium(args: string[]) {
  const profile = mkdtempSync(join(dir, 'profile-'));
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`];
  return spawnSync(CHROMIUM, [...flags, ...args], { encoding: 'utf8', timeout: 60000 });
}

function svgSize(svg: string): [number, number] {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg);
  assert.ok(m, 'svg has width and height');
  return [Number(m[1]), Number(m[2])];
}

describe('diagram: headless Chromium', function () {
  this.timeout(120000);
  before(function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`    (skipped: ${CHROMIUM} is missing; install the Debian package: apt-get install -y chromium)`);
      this.skip();
    }
  });

  it('renders the walk SVG without errors into a non-trivial PNG of the SVG size', async () => {
    const svgPath = join(dir, 'shot.svg');
    const png = join(dir, 'shot.png');
    const r0 = await cli('diagram', '--from', FROM, '--to', TO, '--out', svgPath);
    assert.equal(r0.code, 0, r0.err);
    const [w, h] = svgSize(readFileSync(svgPath, 'utf8'));
    const r = chromium([`--screenshot=${png}`, `--window-size=${w},${h}`, `file://${svgPath}`]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!/svg|xml/i.test(r.stderr), r.stderr);
    const bytes = readFileSync(png);
    assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(bytes.readUInt32BE(16), w);
    assert.equal(bytes.readUInt32BE(20), h);
    // A blank page of this size compresses to a few KB; the drawing is far larger.
    assert.ok(statSync(png).size > 60000, `PNG is ${statSync(png).size} bytes`);
  });

  it('Chromium parses the SVG as XML: no parsererror in the DOM (and a broken one shows it)', () => {
    const svgPath = join(dir, 'dom.svg');
    writeFileSync(svgPath, renderDiagram(cluster));
    const ok = chromium(['--dump-dom', `file://${svgPath}`]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /cali12242800409/);
    assert.doesNotMatch(ok.stdout, /parsererror/);
    const bad = join(dir, 'bad.svg');
    writeFileSync(bad, '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>');
    assert.match(chromium(['--dump-dom', `file://${bad}`]).stdout, /parsererror/);
  });
});
