import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from '../support/cli.ts';
import { seedOutputs } from '../views/seed-text.ts';
import { ensureCli } from '../embed/dist.ts';
import { EXIT_CLOSED_PIPE } from '../../host/io.ts';
import { runWithReaderGone } from '../support/closedPipe.ts';

const lines = (s: string) => s.split('\n').slice(0, -1);
const SEED_COLS = 'custom-columns=NAME:.metadata.name,IP:.status.podIP,HOST:.spec.nodeName';

describe('calico-ipip-sim CLI', () => {
  before(ensureCli);
  it('exec <node> -- route -n prints the seed table', async () => {
    const r = await cli('exec', 'k8s-master-1', '--', 'route', '-n');
    assert.equal(r.code, 0);
    assert.deepEqual(lines(r.out), seedOutputs('[root@k8s-master-1 ~]# route -n')[0]);
  });

  it('exec accepts namespace/pod and a quoted command', async () => {
    const r = await cli('exec', 'devops/busybox-77649b9c55-r6bx9', '--', 'ip addr');
    assert.equal(r.code, 0);
    assert.deepEqual(lines(r.out), seedOutputs('/ # ip addr')[0]);
  });

  it('exec … cat proxy_arp: 1 on cali, 0 on the uplink', async () => {
    assert.equal((await cli('exec', 'k8s-master-1', '--', 'cat', '/proc/sys/net/ipv4/conf/cali12242800409/proxy_arp')).out, '1\n');
    assert.equal((await cli('exec', 'k8s-master-1', '--', 'cat', '/proc/sys/net/ipv4/conf/ens160/proxy_arp')).out, '0\n');
    const missing = await cli('exec', 'k8s-master-1', '--', 'cat', '/proc/sys/net/ipv4/conf/cali0/proxy_arp');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /No such file or directory/);
  });

  it("get pods -n devops -o custom-columns=… prints the seed's table", async () => {
    const want = seedOutputs('╰─ kubectl get pods -n devops -o ' + SEED_COLS)[0];
    assert.deepEqual(lines((await cli('get', 'pods', '-n', 'devops', '-o', SEED_COLS)).out), want);
  });

  it('get pods -A --field-selector spec.nodeName=… includes the host-network calico-node pod (the seed)', async () => {
    const want = seedOutputs('╰─ kubectl get pods -A --field-selector spec.nodeName="k8s-master-1" -o ' + SEED_COLS)[0];
    const r = await cli('get', 'pods', '-A', '--field-selector', 'spec.nodeName="k8s-master-1"', '-o', SEED_COLS);
    assert.equal(r.code, 0);
    assert.deepEqual(lines(r.out), want);
  });

  it('get pods in an empty namespace says so like kubectl', async () => {
    const r = await cli('get', 'pods');
    assert.equal(r.code, 0);
    assert.equal(r.err, 'No resources found in default namespace.\n');
  });

  it('unknown host or command: one-line error naming it, exit 2', async () => {
    const host = await cli('exec', 'k8s-master-9', '--', 'route', '-n');
    assert.equal(host.code, 2);
    assert.equal(host.err, 'error: host: unknown node or pod (got "k8s-master-9"); did you mean k8s-master-1?\n');
    const cmd = await cli('exec', 'k8s-master-1', '--', 'ifconfig');
    assert.equal(cmd.code, 2);
    assert.equal(lines(cmd.err).length, 1);
    assert.match(cmd.err, /^error: command: .*\(got "ifconfig"\)$/m);
    const sub = await cli('frobnicate');
    assert.equal(sub.code, 2);
    assert.equal(sub.err, 'error: command: not a command (try --help) (got "frobnicate")\n');
  });

  it('--help works on the program and every subcommand (exit 0)', async () => {
    for (const args of [['--help'], ['exec', '--help'], ['get', '--help']]) {
      const r = await cli(...args);
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.out, /^Usage: calico-ipip-sim/);
    }
  });

  it('--cluster FILE: a YAML cluster; bad values exit 2 naming field and value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cis-'));
    const good = join(dir, 'good.yaml');
    writeFileSync(
      good,
      'nodes:\n  - {name: n1, ip: 10.1.0.5, prefixLen: 24, gateway: 10.1.0.1}\n  - {name: n2, ip: 10.1.0.6, prefixLen: 24, gateway: 10.1.0.1}\n' +
        'pools:\n  - {cidr: 10.200.0.0/16, blockSize: 24, ipipMode: Never}\npods:\n  - {namespace: default, name: web, node: n2}\n',
    );
    const r = await cli('--cluster', good, 'exec', 'n1', '--', 'ip', 'route');
    assert.equal(r.code, 0);
    assert.equal(
      r.out,
      'default via 10.1.0.1 dev ens160 proto static metric 100\n' +
        '10.1.0.0/24 dev ens160 proto kernel scope link src 10.1.0.5 metric 100\n' +
        'blackhole 10.200.0.0/24 proto bird\n' +
        '10.200.1.0/24 via 10.1.0.6 dev ens160 proto bird\n',
    );
    const web = await cli('--cluster', good, 'get', 'pods', '-o', 'wide');
    assert.match(web.out, /^web {4}1\/1 {5}Running {3}0 {10}<unknown> {3}10\.200\.1\.0 {3}n2 {5}<none> {11}<none>$/m);

    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'nodes:\n  - {name: n1, ip: 10.1.0.5, prefixLen: 24, gateway: 10.1.0.1}\npools:\n  - {cidr: 10.200.0.0/16, blockSize: 40, ipipMode: Never}\n');
    const e = await cli('--cluster', bad, 'get', 'pods');
    assert.equal(e.code, 2);
    assert.equal(e.err, 'error: pools[0].blockSize: must be an integer in 20..32 (got 40)\n');
  });

  it('bin/calico-ipip-sim.js runs as a program with real exit codes', () => {
    const bin = fileURLToPath(new URL('../../bin/calico-ipip-sim.js', import.meta.url));
    const ok = spawnSync(process.execPath, [bin, 'exec', 'k8s-node-1', '--', 'route', '-n'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(lines(ok.stdout), seedOutputs('[root@k8s-node-1 ~]# route -n')[0]);
    const bad = spawnSync(process.execPath, [bin, 'exec', 'nowhere', '--', 'route', '-n'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, 'error: host: unknown node or pod (got "nowhere")\n');
  });

  it('a reader that stops early (`… | head`) ends the program quietly with the SIGPIPE status, no EPIPE trace', async () => {
    const bin = fileURLToPath(new URL('../../bin/calico-ipip-sim.js', import.meta.url));
    // ~240 KB of tcpdump lines against a pipe that holds 64 KB: writes after the close must fail
    const { status, err } = await runWithReaderGone(bin, ['ping', 'busybox-77649b9c55-r6bx9', '172.16.109.65', '-c', '300', '--tcpdump', 'k8s-master-1:ens160']);
    assert.equal(status, EXIT_CLOSED_PIPE, err); // 128 + SIGPIPE, as `cat` or `git log` end
    assert.equal(err.replace(/^tcpdump: listening on .*\n/m, ''), '');
  });

  it('node dist/cli.js runs the command and nothing else, from any directory', () => {
    // the bundle holds playground/build.ts: a main-module test there once saw the bundle's own
    // URL and rebuilt the page into ./get (removing what was there first)
    const cwd = mkdtempSync(join(tmpdir(), 'cis-cwd-'));
    const main = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
    const r = spawnSync(process.execPath, [main, 'get', 'nodes'], { cwd, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^NAME +STATUS/);
    assert.deepEqual(readdirSync(cwd), []);
  });
});
