// commander's own complaints (missing argument, option without its value, unknown option or
// command, a value outside the choices, `help` of no command) as one project-style line and
// exit 2, one-shot and inside `shell`; help itself still exits 0.

import assert from 'node:assert/strict';
import { cli } from '../support/cli.ts';
import { runShell } from '../../host/cli/commands/shell.ts';
import { session } from '../ping/support.ts';

const POD = 'busybox-77649b9c55-r6bx9';

describe("commander's usage errors in the project's format", () => {
  for (const [args, want] of [
    [['exec'], 'error: host: missing (a required argument; try --help)'],
    [['ping', POD, '172.16.109.65', '-c'], 'error: -c: needs a value (-c <count>)'],
    [['--bogus'], 'error: option: not an option of this command (try --help) (got "--bogus")'],
    [['get', 'nodes', '--outpt', 'wide'], 'error: option: not an option of this command (try --help) (got "--outpt"); did you mean --output?'],
    [['completion', 'fish'], 'error: shell: must be one of bash, zsh (got "fish")'],
    [['--neighbours', 'foo', 'get', 'nodes'], 'error: --neighbours: must be one of static, empty, reachable (got "foo")'],
    [['frobnicate'], 'error: command: not a command (try --help) (got "frobnicate")'],
    [['help', 'bogus'], 'error: help: not a command; one of bench, completion, diagram, exec, get, ping, playground, shell, sleep (got "bogus")'],
    [['--cluster', 'x.yaml', 'help', 'bogus'], 'error: help: not a command; one of bench, completion, diagram, exec, get, ping, playground, shell, sleep (got "bogus")'],
  ] as const) {
    it(`${args.join(' ')}: one line, exit 2`, async () => {
      const r = await cli(...args);
      assert.equal(r.code, 2);
      assert.equal(r.err, `${want}\n`);
      assert.equal(r.out, '');
    });
  }

  it('--help, help and help <command> still print the usage on stdout, exit 0', async () => {
    for (const args of [['--help'], ['help'], ['help', 'ping'], ['ping', '--help'], ['--state', 's.json', 'help', 'sleep']]) {
      const r = await cli(...args);
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.out, /^Usage: calico-ipip-sim/);
      assert.equal(r.err, '');
    }
  });

  it('inside shell: the same lines for its exec, ping and get', async () => {
    let err = '';
    const code = await runShell(session(), ['exec', `ping ${POD} 172.16.109.65 -c`, 'get --bogus'], { out: () => {}, err: (t) => void (err += t) });
    assert.equal(code, 2);
    assert.equal(err, [
      'error: host: missing (a required argument; try --help)',
      'error: -c: needs a value (-c <count>)',
      'error: option: not an option of this command (try --help) (got "--bogus")',
      '',
    ].join('\n'));
  });
});
