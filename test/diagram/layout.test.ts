// The diagram as Chromium draws it: no two texts overlap, and the walk's path never runs
// through a text (other than its own step badges) or through a box (pods, cali, tunl0, uplinks,
// route tables, kube-ipvs0): it keeps to the lanes beside the boxes and the wires between them.
// Clusters: the seed (walks from the left and the right pod column, across hosts and on one
// host), the three-node CrossSubnet example (two segments and a router), and five nodes of
// three pods each.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildCluster, defaultClusterSpec, loadClusterFile, parseClusterYaml } from '../../host/cluster/index.ts';
import type { Cluster } from '../../host/cluster/types.ts';
import { captureWalk } from '../../host/diagram/engineWalk.ts';
import { renderDiagram } from '../../host/diagram/index.ts';
import { formatIp4, parseIp4 } from '../../host/net/addr.ts';
import { crossedBy, launch, measure, needChromium, outside, overlappingTexts, type Drawing } from '../support/chromium.ts';

const seed = buildCluster(defaultClusterSpec());
const threeNode = buildCluster(loadClusterFile(new URL('../../examples/clusters/crosssubnet-3node.yaml', import.meta.url).pathname, () => {}));

function fiveNodes(): Cluster {
  const n = [1, 2, 3, 4, 5];
  const yaml = ['mtu: 1500', 'nodes:', ...n.map((i) => `  - { name: n${i}, ip: 10.1.0.${10 + i}, prefixLen: 24, gateway: 10.1.0.1 }`),
    'pools:', '  - { cidr: 10.200.0.0/16, blockSize: 26, ipipMode: Always }',
    'pods:', ...n.flatMap((i) => [0, 1, 2].map((k) => `  - { namespace: default, name: p${i}-${k}, node: n${i} }`))].join('\n');
  return buildCluster(parseClusterYaml(yaml, 'five nodes', () => {}));
}

const walkOf = (c: Cluster, from: string, to: string) => captureWalk(c, c.podByName(from)!, parseIp4(to)!);

const BOX_CLASSES = new Set(['pod', 'iface', 'tunl', 'uplink', 'dummy', 'routes', 'panel']);

function problems(d: Drawing): string[] {
  const out = overlappingTexts(d.texts).map((p) => `texts: ${p}`);
  out.push(...outside(d).map((t) => `outside the picture: ${t}`));
  const labels = d.texts.filter((t) => t.cls !== 'badgetext');
  out.push(...overlappingTexts(labels, d.badges).map((p) => `badge over a label: ${p}`));
  const boxes = d.rects.filter((r) => BOX_CLASSES.has(r.cls));
  for (const p of d.paths) {
    out.push(...crossedBy(p, labels).map((t) => `path through text ${t}`));
    out.push(...crossedBy(p, boxes).map((b) => `path through box ${b}`));
  }
  return out;
}

describe('diagram: layout in headless Chromium (text boxes, the path around labels and boxes)', function () {
  this.timeout(120000);
  let browser: Browser;
  let dir: string;
  before(async function () {
    needChromium(this);
    browser = await launch();
    dir = mkdtempSync(join(tmpdir(), 'cis-layout-'));
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function drawn(svg: string, name: string): Promise<Drawing> {
    const file = join(dir, `${name}.svg`);
    writeFileSync(file, svg);
    const [w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.slice(1).map(Number);
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    try {
      await page.goto(`file://${file}`);
      const [d] = await measure(page);
      return d;
    } finally {
      await page.close();
    }
  }

  const cases: [string, () => string][] = [
    ['seed cluster', () => renderDiagram(seed)],
    ['seed: busybox (left column) across hosts', () => renderDiagram(seed, walkOf(seed, 'busybox-77649b9c55-r6bx9', '172.16.109.65'))],
    ['seed: coredns (right column) across hosts', () => renderDiagram(seed, walkOf(seed, 'coredns-7c445fd599-glfl5', '172.16.109.65'))],
    ['seed: busybox to coredns on one host', () => renderDiagram(seed, walkOf(seed, 'busybox-77649b9c55-r6bx9', '172.16.196.2'))],
    ['three nodes, two segments and a router', () => renderDiagram(threeNode)],
    ['three nodes: client (right column) to node-b, same segment', () => renderDiagram(threeNode, walkOf(threeNode, 'client', '10.244.0.65'))],
    ['three nodes: client to node-c, behind the router', () => renderDiagram(threeNode, walkOf(threeNode, 'client', '10.244.0.129'))],
    ['five nodes of three pods: second row to the fourth node', () => { const c = fiveNodes(); return renderDiagram(c, walkOf(c, 'p2-2', formatIp4(c.podByName('p4-1')!.ip))); }],
  ];
  for (const [name, svg] of cases) {
    it(name, async () => {
      const d = await drawn(svg(), name.replace(/\W+/g, '-'));
      assert.ok(d.texts.length > 20, `${d.texts.length} texts measured`);
      assert.deepEqual(problems(d), []);
    });
  }

  it('the checks fail on a path drawn through a pod and on overlapping labels', async () => {
    const good = renderDiagram(seed, walkOf(seed, 'busybox-77649b9c55-r6bx9', '172.16.109.65'));
    // the path straight from its start across the picture, and one label moved onto another
    const label = /<text x="[\d.]+" y="[\d.]+" class="podname">[^<]*<\/text>/.exec(good)![0];
    const bad = good.replace(/(<path d="M[\d.]+,[\d.]+)([^"]*" class="path")/, '$1 H1200$2').replace(label, label + label.replace(/>[^<]*</, '>a second label here<'));
    const found = problems(await drawn(bad, 'broken'));
    assert.ok(found.some((p) => p.startsWith('path through box pod')), found.join('\n'));
    assert.ok(found.some((p) => p.startsWith('texts:')), found.join('\n'));
  });

  it('subnets are segments with a router between them; the seed has one segment and its gateway outside', () => {
    const three = renderDiagram(threeNode);
    assert.match(three, /L2 segment 10\.0\.1\.0\/24/);
    assert.match(three, /L2 segment 10\.0\.2\.0\/24/);
    assert.equal((three.match(/class="router"/g) ?? []).length, 1);
    assert.match(three, /eth0 10\.0\.1\.1 │ eth1 10\.0\.2\.1/);
    assert.equal((three.match(/class="wire"/g) ?? []).length, 2);
    const one = renderDiagram(seed);
    assert.equal((one.match(/class="router"/g) ?? []).length, 0);
    assert.match(one, /L2 segment 192\.168\.0\.0\/24 · MTU 1500 · default gateway 192\.168\.0\.2 \(outside the cluster\)/);
  });
});
