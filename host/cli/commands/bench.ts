// `calico-ipip-sim bench [options]`: the packets/sec benchmark (same code as `npm run bench`).

import { Command, Option } from 'commander';
import { addBenchOptions, parseBenchOptions, type RawBenchOptions } from '../../../bench/options.ts';
import { runBench, type Fault } from '../../../bench/bench.ts';
import { ConfigError } from '../../errors.ts';
import type { CliIo, ExitStatus } from '../context.ts';

export function register(program: Command, io: CliIo, status: ExitStatus): void {
  const cmd = program.command('bench').description('packets/sec of the WASM core vs the TypeScript reference vs a copy-only engine, on worker threads');
  addBenchOptions(cmd);
  addHiddenOptions(cmd);
  cmd.action(async (raw: RawBenchOptions & { faultNode?: string }, c: Command) => {
    const clusterFile = (c.optsWithGlobals() as { cluster?: string }).cluster ?? null;
    const opts = parseBenchOptions(raw, clusterFile);
    const { exitCode } = await runBench(opts, io, `calico-ipip-sim bench ${c.args.join(' ')}`.trim() + argvTail(), faultNodeOf(raw));
    status.code = exitCode;
  });
}

/** Hidden: make the worker owning node N throw while stepping it (tests the worker-death path). */
export function addHiddenOptions(cmd: Command): void {
  cmd.addOption(new Option('--fault-node <n[:exit]>', 'inject a worker failure (throw, or thread exit) at node index N').hideHelp());
}

export function faultNodeOf(raw: { faultNode?: string }): Fault {
  const m = raw.faultNode === undefined ? null : /^(\d+)(:exit)?$/.exec(raw.faultNode);
  if (raw.faultNode !== undefined && !m) throw new ConfigError('--fault-node', 'must be N or N:exit', raw.faultNode);
  return m ? { node: Number(m[1]), exit: m[2] !== undefined } : { node: -1, exit: false };
}

function argvTail(): string {
  const i = process.argv.indexOf('bench');
  return i >= 0 ? ' ' + process.argv.slice(i + 1).join(' ') : '';
}
