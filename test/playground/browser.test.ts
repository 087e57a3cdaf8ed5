// The playground in real Chromium (Debian's /usr/bin/chromium, driven by playwright-core): the
// page loads build/core.wasm through the browser entry, replays a ping from its URL and shows
// the seed's ttl=62 and the walk across the eight interfaces the seed's walkthrough names; a
// pasted cluster goes through the CLI's validation (the same error line) and pings across its
// hosts; the pcap a page offers is byte for byte the one Node's simulation writes; a short
// benchmark runs the three engines in Web Workers. Screenshots go to out/screenshots/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildCluster, defaultClusterSpec, parseClusterYaml } from '../../host/cluster/index.ts';
import { readPcap } from '../../host/capture/pcap.ts';
import { formatIp4 } from '../../host/net/addr.ts';
import { buildPlayground, ROOT } from '../../playground/build.ts';
import { servePlayground, urlOf } from '../../playground/serve.ts';
import { Lab } from '../../playground/src/lab.ts';
import { launch, needChromium } from '../support/chromium.ts';

const SHOTS = join(ROOT, 'out', 'screenshots');
const SEED_LINK = '#ping=busybox-77649b9c55-r6bx9/172.16.109.65';

const PASTED = `mtu: 1500
nodes:
  - { name: rack1-a, ip: 10.10.0.21, prefixLen: 24, gateway: 10.10.0.1 }
  - { name: rack1-b, ip: 10.10.0.22, prefixLen: 24, gateway: 10.10.0.1 }
pools:
  - { cidr: 10.244.0.0/16, blockSize: 26, ipipMode: Always }
pods:
  - { namespace: default, name: web-0, node: rack1-a }
  - { namespace: default, name: web-1, node: rack1-b }
`;

describe('playground: the page in headless Chromium', function () {
  this.timeout(180000);
  let dir: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  before(async function () {
    needChromium(this);
    dir = mkdtempSync(join(tmpdir(), 'pg-chromium-'));
    const built = await buildPlayground(join(dir, 'site'));
    server = await servePlayground(built.dir, 0, '127.0.0.1');
    base = urlOf(server);
    browser = await launch();
    mkdirSync(SHOTS, { recursive: true });
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterEach(async () => {
    await page?.close();
    assert.deepEqual(errors.splice(0), [], 'uncaught errors in the page');
  });
  after(async () => {
    await browser?.close();
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const output = (): Promise<string> => page.locator('[data-testid=output]').innerText();

  it("replays the seed's ping from its link: ttl=62, and the walk of the echo request over eight interfaces", async () => {
    await page.goto(base + SEED_LINK);
    await page.locator('[data-testid=output]', { hasText: 'packet loss' }).waitFor();
    const text = await output();
    assert.match(text, /64 bytes from 172\.16\.109\.65: seq=0 ttl=62 time=1\.532 ms/);
    assert.match(text, /1 packets transmitted, 1 packets received, 0% packet loss/);
    const hops = Number(await page.locator('[data-testid=hops-count]').innerText());
    // the seed's path: pod eth0 → cali → tunl0 (encap) → ens160 → wire → ens160 → tunl0 (decap) → cali → pod eth0
    const rows = await page.locator('[data-testid=hops] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(2, 5).map((td) => td.textContent!.trim()).join(' ')));
    assert.deepEqual(rows, [
      'busybox-77649b9c55-r6bx9 eth0 tx →', 'k8s-master-1 cali12242800409 → rx', 'k8s-master-1 tunl0 tx →', 'k8s-master-1 ens160 tx →',
      'k8s-node-1 ens160 → rx', 'k8s-node-1 tunl0 → rx', 'k8s-node-1 cali1b0be572c83 tx →', 'busybox-77649b9c55-7d27b eth0 → rx',
    ]);
    assert.equal(hops, 8);
    // the same walk as Node's simulation of the same command finds
    const lab = new Lab(buildCluster(defaultClusterSpec()));
    const run = lab.run('ping', 'busybox-77649b9c55-r6bx9', '172.16.109.65');
    assert.equal(run.packets.find((p) => /echo request/.test(p.title))!.walk.hops.length, hops);
    // the animation ends on the last hop; its frame's tree says ttl 62, its bytes start with the pod's MAC
    await page.locator('[data-testid=hop]', { hasText: '8' }).waitFor();
    assert.match(await page.locator('[data-testid=tree]').innerText(), /Time to Live: 62/);
    assert.match(await page.locator('[data-testid=hex]').innerText(), /^0000  ea 12 d7 1c 44 02 ee ee  ee ee ee ee 08 00 45 00 /);
    await page.locator('[data-testid=hops] tbody tr').nth(3).click(); // ens160 on k8s-master-1: the encapsulated frame
    const tree = await page.locator('[data-testid=tree]').innerText();
    assert.match(tree, /Internet Protocol Version 4, Src: 192\.168\.0\.11, Dst: 192\.168\.0\.12[\s\S]*Protocol: IPIP \(4\)[\s\S]*Internet Protocol Version 4, Src: 172\.16\.196\.1, Dst: 172\.16\.109\.65/);
    await page.setViewportSize({ width: 1440, height: 1200 });
    await page.screenshot({ path: join(SHOTS, 'playground-walk.png') });
  });

  it('offers each interface pcap, byte for byte what Node simulation records', async () => {
    await page.goto(base + SEED_LINK);
    await page.locator('[data-testid=output]', { hasText: 'packet loss' }).waitFor();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('button.cap', { hasText: 'k8s-master-1:tunl0' }).click()]);
    assert.equal(dl.suggestedFilename(), 'k8s-master-1_tunl0.pcap');
    const file = join(dir, 'tunl0.pcap');
    await dl.saveAs(file);
    const got = new Uint8Array(readFileSync(file));
    const lab = new Lab(buildCluster(defaultClusterSpec()));
    lab.run('ping', 'busybox-77649b9c55-r6bx9', '172.16.109.65');
    const want = lab.captures().find((c) => c.label === 'k8s-master-1:tunl0')!.bytes();
    assert.deepEqual(got, want);
    const pcap = readPcap(got);
    assert.equal(pcap.linkType, 101); // LINKTYPE_RAW, as tcpdump -w on tunl0
    assert.equal(pcap.records.length, 2);
    const tcpdump = spawnSync('tcpdump', ['-r', file, '-nn'], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    if (tcpdump.status === 0) assert.match(tcpdump.stdout, /IP 172\.16\.196\.1 > 172\.16\.109\.65: ICMP echo request, id 29, seq 0, length 64/);
  });

  it('a pasted cluster goes through the CLI validation: a bad one is one line naming the field, a good one pings across hosts', async () => {
    await page.goto(base);
    await page.locator('[data-testid=run]').waitFor();
    await page.locator('[data-testid=yaml-toggle]').click();
    const bad = PASTED.replace('blockSize: 26', 'blockSize: 19');
    await page.locator('[data-testid=yaml]').fill(bad);
    await page.locator('[data-testid=yaml-apply]').click();
    const shown = await page.locator('[data-testid=error]').innerText();
    const badFile = join(dir, 'bad.yaml');
    writeFileSync(badFile, bad);
    const cli = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'host/cli/main.ts'), '--cluster', badFile, 'get', 'nodes'], { encoding: 'utf8', cwd: ROOT });
    assert.equal(cli.status, 2);
    assert.equal(shown, cli.stderr.trim());
    assert.equal(shown, 'error: pools[0].blockSize: must be an integer in 20..32 (got 19)');
    await page.screenshot({ path: join(SHOTS, 'playground-yaml-error.png') });

    await page.locator('[data-testid=yaml]').fill(PASTED);
    await page.locator('[data-testid=yaml-apply]').click();
    await page.locator('[data-testid=error]').waitFor({ state: 'detached' });
    const web1 = formatIp4(buildCluster(parseClusterYaml(PASTED)).podByName('web-1')!.ip);
    await page.locator('[data-testid=pod]').selectOption('default/web-0');
    await page.locator('[data-testid=dst]').fill(web1);
    await page.locator('[data-testid=run]').click();
    await page.locator('[data-testid=output]', { hasText: 'packet loss' }).waitFor();
    assert.match(await output(), new RegExp(`64 bytes from ${web1.replace(/\./g, '\\.')}: seq=0 ttl=62 `));
    assert.equal(await page.locator('[data-testid=hops-count]').innerText(), '8');
    const rows = await page.locator('[data-testid=hops] tbody tr td:nth-child(3)').allInnerTexts();
    assert.deepEqual([...new Set(rows)], ['web-0', 'rack1-a', 'rack1-b', 'web-1']);
    assert.match(page.url(), /#cluster=pasted&ping=web-0\/10\.244\.0\.65$/); // a pasted cluster is not in the link: it says so
  });

  it('a cluster file dropped on the page is loaded the same way', async () => {
    await page.goto(base);
    await page.locator('[data-testid=run]').waitFor();
    const drop = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'rack1.yaml', { type: 'application/yaml' }));
      return dt;
    }, PASTED);
    await page.dispatchEvent('.app', 'drop', { dataTransfer: drop });
    await page.locator('[data-testid=pod] option', { hasText: 'web-0' }).first().waitFor({ state: 'attached' });
    assert.match(await page.locator('.clusterbar .facts').innerText(), /^2 nodes · 2 pods · pools 10\.244\.0\.0\/16 Always/);
  });

  it('pods no node runs (a full node\'s Pending replicas) are counted beside the pods, not offered to ping', async () => {
    const pending = `${PASTED}unplacedPods:
  - { namespace: default, name: web-2, reason: Unschedulable, message: "0/2 nodes are available: 2 Too many pods." }
`;
    await page.goto(base);
    await page.locator('[data-testid=run]').waitFor();
    await page.locator('[data-testid=yaml-toggle]').click();
    await page.locator('[data-testid=yaml]').fill(pending);
    await page.locator('[data-testid=yaml-apply]').click();
    await page.locator('[data-testid=pod] option', { hasText: 'web-0' }).first().waitFor({ state: 'attached' });
    assert.match(await page.locator('.clusterbar .facts').innerText(), /^2 nodes · 2 pods \(\+1 not running\) · pools /);
    assert.equal(await page.locator('[data-testid=pod] option', { hasText: 'web-2' }).count(), 0);
  });

  it('runs a short benchmark of the three engines in Web Workers over SharedArrayBuffer', async () => {
    await page.goto(base + '#tab=bench');
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    await page.locator('label', { hasText: 'runs' }).locator('input').fill('2');
    await page.locator('label', { hasText: 'seconds per run' }).locator('input').fill('0.3');
    await page.locator('[data-testid=bench-run]').click();
    const rows = page.locator('[data-testid=bench-results] tr[data-engine]');
    await page.locator('[data-testid=bench-results] tr[data-engine=wasm]').waitFor({ timeout: 120000 });
    assert.equal(await page.locator('[data-testid=bench-error]').count(), 0);
    const got = await rows.evaluateAll((trs) => trs.map((tr) => ({ engine: tr.getAttribute('data-engine'), mpps: Number(tr.querySelector('.mpps')!.textContent), books: tr.lastElementChild!.textContent })));
    assert.deepEqual(got.map((r) => r.engine), ['null', 'ts', 'wasm']);
    for (const r of got) {
      assert.ok(r.mpps > 0, `${r.engine}: ${r.mpps} Mpps`);
      assert.equal(r.books, 'balanced', r.engine ?? undefined);
    }
    await page.screenshot({ path: join(SHOTS, 'playground-bench.png') });
  });
});
