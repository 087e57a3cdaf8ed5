// `calico-ipip-sim bench [options]`: the packets/sec benchmark (same code as `npm run bench`).

import type { Command } from 'commander';
import { addBenchOptions, parseBenchOptions, type RawBenchOptions } from '../../../bench/options.ts';
import { runBench } from '../../../bench/bench.ts';
import { addFaultOption, faultOf } from '../../../bench/fault.ts';
import type { ExitStatus } from '../context.ts';
import type { Io } from '../../io.ts';

export function register(program: Command, io: Io, status: ExitStatus): void {
  const cmd = program.command('bench').description('packets/sec of the WASM core vs the TypeScript reference vs a copy-only engine, on worker threads');
  addBenchOptions(cmd);
  addFaultOption(cmd);
  cmd.action(async (raw: RawBenchOptions & { faultNode?: string }, c: Command) => {
    const clusterFile = (c.optsWithGlobals() as { cluster?: string }).cluster ?? null;
    const opts = parseBenchOptions(raw, clusterFile);
    const { exitCode } = await runBench(opts, io, `calico-ipip-sim bench ${c.args.join(' ')}`.trim() + argvTail(), faultOf(raw));
    status.code = exitCode;
  });
}

function argvTail(): string {
  const i = process.argv.indexOf('bench');
  return i >= 0 ? ' ' + process.argv.slice(i + 1).join(' ') : '';
}
