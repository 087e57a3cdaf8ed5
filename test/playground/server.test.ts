// The playground's build and server without a browser: the page bundle reaches no Node module
// (the browser entry and package.json's "browser" swaps), the server serves only the built
// folder (paths that leave it are 404) with the cross-origin isolation headers, listens on
// 127.0.0.1 by default and prints its URL.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPlayground, ROOT, type BuiltPage } from '../../playground/build.ts';
import { fileFor, servePlayground, urlOf } from '../../playground/serve.ts';

/** GET with the path sent as written (no URL normalisation, so `..` reaches the server). */
function get(port: number, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('playground: build and server', function () {
  this.timeout(120000);
  let dir: string;
  let page: BuiltPage;
  let server: Server;
  let port: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pg-build-'));
    page = await buildPlayground(join(dir, 'site'));
    writeFileSync(join(dir, 'secret.txt'), 'outside the site\n');
    server = await servePlayground(page.dir, 0, '127.0.0.1');
    port = Number(new URL(urlOf(server)).port);
  });
  after(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('bundles the page and its worker from no Node module: the browser twins are in, the Node leaves out', () => {
    const inputs = Object.keys(page.metafile.inputs);
    assert.deepEqual(inputs.filter((i) => i.startsWith('node:') || /(^|\/)node_modules\/@types\/node\//.test(i)), []);
    assert.ok(inputs.includes('host/engine/coreFile.browser.ts') && !inputs.includes('host/engine/coreFile.ts'));
    assert.ok(inputs.includes('host/session/pcapDir.browser.ts') && !inputs.includes('host/session/pcapDir.ts'));
    assert.ok(!inputs.includes('host/cluster/load.ts') && inputs.includes('host/cluster/parse.ts'));
    for (const out of ['app.js', 'benchWorker.js']) {
      const js = readFileSync(join(page.dir, out), 'utf8');
      assert.doesNotMatch(js, /\brequire\(|from\s*"node:|\bBuffer\.from\b/, out);
      // the one Node name left: the benchmark worker's --fault-exit injection, never set by the page
      assert.deepEqual([...new Set(js.match(/\bprocess\.[a-z]+/g) ?? [])].filter((m) => m !== 'process.exit'), [], out);
    }
    assert.deepEqual(readFileSync(join(page.dir, 'core.wasm')), readFileSync(join(ROOT, 'build', 'core.wasm')));
  });

  it('serves the built files with COOP/COEP (SharedArrayBuffer needs them)', async () => {
    const r = await get(port, '/');
    assert.equal(r.status, 200);
    assert.match(r.body, /<script type="module" src="app.js">/);
    assert.equal(r.headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(r.headers['cross-origin-embedder-policy'], 'require-corp');
    const w = await get(port, '/core.wasm');
    assert.equal(w.status, 200);
    assert.equal(w.headers['content-type'], 'application/wasm');
  });

  it('answers 404 to every path that leaves the folder, however it is spelt', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/a/../../secret.txt', '/..\\secret.txt', '/%00', '/nope.js', '/.']) {
      const r = await get(port, p);
      assert.equal(r.status, 404, p);
      assert.doesNotMatch(r.body, /outside the site/, p);
    }
    assert.equal(fileFor('/srv/site', '/../x'), null);
    assert.equal(fileFor('/srv/site', '/a/b.js?x=1#y'), '/srv/site/a/b.js');
    assert.equal(fileFor('/srv/site', '/%E0%A4%A'), null); // bad escape
  });

  it('calico-ipip-sim playground listens on 127.0.0.1 by default and prints its URL', async () => {
    const out = join(dir, 'cli-site');
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'host/cli/main.ts'), 'playground', '--port', '0', '--out', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((ok, fail) => {
        let text = '';
        child.stdout.on('data', (c: Buffer) => {
          text += c.toString();
          const m = /playground: (http:\/\/\S+)\n/.exec(text);
          if (m) ok(m[1]);
        });
        child.once('exit', (code) => fail(new Error(`exited ${code} before printing its URL`)));
      });
      const u = new URL(line);
      assert.equal(u.hostname, '127.0.0.1');
      const r = await get(Number(u.port), '/index.html');
      assert.equal(r.status, 200);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((ok) => child.once('exit', ok));
    assert.ok(code === 0 || code === null, `exit ${code}`);
  });

  it('--out is relative to the working directory, every file of the page in it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cis-page-'));
    const tsx = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href; // not resolved from that cwd
    const child = spawn(process.execPath, ['--import', tsx, join(ROOT, 'host/cli/main.ts'), 'playground', '--no-serve', '--out', 'site'], { cwd, stdio: 'ignore' });
    assert.equal(await new Promise((ok) => child.once('exit', ok)), 0);
    assert.deepEqual(readdirSync(cwd), ['site']);
    for (const f of ['index.html', 'app.js', 'benchWorker.js', 'core.wasm']) assert.ok(existsSync(join(cwd, 'site', f)), f);
  });

  it('a bad --port is one error line naming the field, exit 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'host/cli/main.ts'), 'playground', '--port', 'http'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise((ok) => child.once('exit', ok));
    assert.equal(code, 2);
    assert.equal(err, 'error: --port: must be an integer 0..65535 (got "http")\n');
  });
});
