// Tool habits end to end: traceroute and tcpdump typed inside pods and on nodes, --version and
// completion, and every bad input answered by one line and exit 2 (through the real binary for
// the exit codes).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from '../support/cli.ts';
import { runShell } from '../../host/cli/commands/shell.ts';
import { session } from '../ping/support.ts';
import { ensureCli } from '../embed/dist.ts';

const POD = 'busybox-77649b9c55-r6bx9';
const BIN = fileURLToPath(new URL('../../bin/calico-ipip-sim.js', import.meta.url));

describe('busybox traceroute inside a pod', () => {
  it('three hops across the tunnel: the node, the peer node\'s tunl0 address, the target (port unreachable)', async () => {
    const r = await cli('exec', POD, '--', 'traceroute', '172.16.109.65');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines[0], 'traceroute to 172.16.109.65 (172.16.109.65), 30 hops max, 46 byte packets');
    assert.match(lines[1], /^ 1 {2}192\.168\.0\.11 \(192\.168\.0\.11\)( {2}\d+\.\d{3} ms){3}$/);
    assert.match(lines[2], /^ 2 {2}172\.16\.109\.64 \(172\.16\.109\.64\)( {2}\d+\.\d{3} ms){3}$/); // node-1 answers from tunl0 (route back: onlink via tunl0)
    assert.match(lines[3], /^ 3 {2}172\.16\.109\.65 \(172\.16\.109\.65\)( {2}\d+\.\d{3} ms){3}$/);
    assert.equal(lines.length, 5);
  });

  it('-n, -q, -f, -m; the same node, then the local pod; a blackholed address times out with *', async () => {
    assert.match((await cli('exec', POD, '--', 'traceroute', '-n', '-q', '1', '172.16.196.2')).out, /^traceroute to 172\.16\.196\.2 .*\n 1 {2}192\.168\.0\.11 {2}\d+\.\d{3} ms\n 2 {2}172\.16\.196\.2 {2}\d+\.\d{3} ms\n$/);
    const hole = await cli('exec', POD, '--', 'traceroute', '-n', '-q', '2', '-w', '1', '-m', '2', '172.16.196.9');
    assert.equal(hole.out, 'traceroute to 172.16.196.9 (172.16.196.9), 2 hops max, 46 byte packets\n 1  *  *\n 2  *  *\n');
    const r = await cli('exec', POD, '--', 'traceroute', '-n', '-f', '3', '-q', '1', '172.16.109.65');
    assert.match(r.out, /\n 3 {2}172\.16\.109\.65 {2}\d+\.\d{3} ms\n$/);
  });

  it('the probes on the wire, as tcpdump -vv prints them on the target\'s cali: UDP to 33434+seq, TTL counting, the pod\'s port unreachable', async () => {
    let out = '';
    const io = { out: (t: string) => (out += t), err: () => {} };
    const code = await runShell(session(), ['exec k8s-node-1 -- tcpdump -i cali1b0be572c83 -vv udp or icmp', `exec ${POD} -- traceroute -n -q 1 -f 3 172.16.109.65`], io);
    assert.equal(code, 0);
    assert.match(out, /\(tos 0x0, ttl 1, id \d+, offset 0, flags \[DF\], proto UDP \(17\), length 46\)\n {4}172\.16\.196\.1\.\d+ > 172\.16\.109\.65\.33435: \[udp sum ok\] UDP, length 18/);
    assert.match(out, /\(tos 0xc0, ttl 64, id \d+, offset 0, flags \[none\], proto ICMP \(1\), length 74\)\n {4}172\.16\.109\.65 > 172\.16\.196\.1: ICMP 172\.16\.109\.65 udp port 33435 unreachable, length 54/);
  });

  it('bad traceroute arguments and hosts: one line, exit 2', async () => {
    for (const args of [['-I', '1.2.3.4'], ['-m', '0', '1.2.3.4'], [], ['1.2.3.4', '9000'], ['-x', '1.2.3.4']]) {
      const r = await cli('exec', POD, '--', 'traceroute', ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.err.split('\n').length, 2, r.err);
    }
    const node = await cli('exec', 'k8s-node-1', '--', 'traceroute', '172.16.196.1');
    assert.match(node.err, /^error: traceroute: runs inside a pod here/);
  });
});

describe('--version, completion, LICENSE', () => {
  it('--version and -V print package.json\'s version', async () => {
    const pkg = JSON.parse(spawnSync('cat', [fileURLToPath(new URL('../../package.json', import.meta.url))], { encoding: 'utf8' }).stdout);
    for (const flag of ['--version', '-V']) {
      const r = await cli(flag);
      assert.equal(r.code, 0);
      assert.equal(r.out, `${pkg.version}\n`);
    }
    assert.equal(pkg.license, 'MIT');
    assert.match(spawnSync('head', ['-1', fileURLToPath(new URL('../../LICENSE', import.meta.url))], { encoding: 'utf8' }).stdout, /^MIT License/);
  });

  it('completion bash|zsh: scripts that the shells parse, with commands, options and the cluster\'s names', async () => {
    const bash = await cli('completion', 'bash');
    assert.equal(bash.code, 0);
    assert.match(bash.out, /complete -F _calico_ipip_sim calico-ipip-sim/);
    for (const w of ['exec', '--namespace', POD, 'k8s-master-1:tunl0']) assert.ok(bash.out.includes(w), w);
    const dir = mkdtempSync(join(tmpdir(), 'cis-compl-'));
    writeFileSync(join(dir, 'c.bash'), bash.out);
    const check = spawnSync('bash', ['-c', `source ${join(dir, 'c.bash')} && COMP_WORDS=(calico-ipip-sim exec busybox-77649b9c55-r) COMP_CWORD=2 && _calico_ipip_sim && printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
    assert.deepEqual(check.stdout.trim().split('\n'), [POD]);
    const zsh = await cli('completion', 'zsh');
    assert.match(zsh.out, /^#compdef calico-ipip-sim\n/);
    const zshBin = spawnSync('sh', ['-c', 'command -v zsh'], { encoding: 'utf8' }).stdout.trim();
    if (zshBin) {
      writeFileSync(join(dir, 'c.zsh'), zsh.out);
      assert.equal(spawnSync(zshBin, ['-n', join(dir, 'c.zsh')]).status, 0);
    }
    assert.equal((await cli('completion', 'fish')).code, 2);
  });
});

describe('bad input through the binary: one line, exit 2, never a stack trace', () => {
  before(ensureCli);
  const dir = mkdtempSync(join(tmpdir(), 'cis-bad-'));
  const cases: [string[], RegExp][] = [
    [['ping', POD, '172.16.109.65', '-c', '1', '--pcap', '/etc/passwd'], /^error: --pcap: is a file, not a directory \(got "\/etc\/passwd"\)$/],
    [['ping', POD, '172.16.109.65', '-c', '1', '--pcap', '/etc/passwd/caps'], /^error: --pcap: \/etc\/passwd is a file, not a directory/],
    [['bench', '--pods-per-node', '5'], /^error: --pods-per-node: needs --nodes N/],
    [['ping', POD, '172.16.109.65', '-c', '1', '--filter', 'icmp'], /^error: --filter: needs --tcpdump HOST:IFACE or --pcap DIR/],
    [['ping', POD, '172.16.109.65', '-c', '1', '-vv'], /^error: -v: needs --tcpdump/],
    [['--state', join(dir, 'no', 'such', 'dir', 's.json'), 'sleep', '1'], /^error: --state: cannot create the state file: no directory /],
    [['exec', 'busybox-77649b9c55-r6bx', '--', 'ip', 'addr'], /; did you mean busybox-77649b9c55-r6bx9\?$/],
    [['ping', POD, '172.16.109.65', '-c', '1', '--tcpdump', 'k8s-master-1:tunl'], /; did you mean tunl0\?$/],
    [['ping', POD, '172.16.109.65', '-c', '1', '--tcpdump', 'k8s-master-1:ens160:port'], /^error: --tcpdump: expression ends early/],
    [['exec', 'k8s-master-1', '--', 'tcpdump', '-i', 'ens160'], /^error: tcpdump: captures what other commands send/],
    [['get', 'pods', '-o', 'jsonpath={.items}'], /^error: -o: supported: wide, name, json, yaml/],
  ];
  for (const [args, want] of cases) {
    it(args.join(' '), function () {
      this.timeout(30_000);
      const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 25_000 });
      assert.equal(r.status, 2, r.stderr);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], want);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
  }
});

describe('exec: the command as a shell or busybox would run it', () => {
  it('sh -c \'…\', /bin/sh -c, busybox APPLET, /sbin/ip: the same output as the bare command', async () => {
    const bare = await cli('exec', POD, '--', 'ip', 'route');
    assert.equal(bare.code, 0);
    for (const argv of [['sh', '-c', 'ip route'], ['/bin/sh', '-c', "ip 'route'"], ['busybox', 'ip', 'route'], ['/sbin/ip', 'route'], ['ip route']]) {
      const r = await cli('exec', POD, '--', ...argv);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, bare.out, argv.join(' '));
    }
  });

  it('pipes and lists inside sh -c are one error line; a bare shell points to `shell`', async () => {
    const pipe = await cli('exec', POD, '--', 'sh', '-c', 'ip a | grep eth0');
    assert.equal(pipe.code, 2);
    assert.equal(pipe.err, 'error: command: runs one command: pipes, lists, redirections and variables are not simulated (got "ip a | grep eth0")\n');
    const sh = await cli('exec', '-it', POD, '--', '/bin/sh');
    assert.equal(sh.code, 2);
    assert.match(sh.err, /^error: command: for a session that keeps state between commands run `calico-ipip-sim shell`/);
  });
});
