// `npm run bench [-- options]`: the project's main job. See README "Benchmark".
// The same implementation as `calico-ipip-sim bench` (host/cli/commands/bench.ts).

import { Command, CommanderError } from 'commander';
import { ConfigError, EXIT_USAGE } from '../host/errors.ts';
import { exitQuietlyOnClosedPipe, processIo } from '../host/io.ts';
import { addFaultOption, faultOf } from './fault.ts';
import { runBench } from './bench.ts';
import { addBenchOptions, parseBenchOptions, type RawBenchOptions } from './options.ts';

export async function main(argv: string[]): Promise<number> {
  const program = addBenchOptions(new Command('npm run bench --'))
    .description('packets/sec of the WASM core vs the TypeScript reference vs a copy-only engine, on worker threads')
    .option('--cluster <file>', 'cluster YAML file (default: the seed cluster)')
    .exitOverride()
    .configureOutput({ writeOut: processIo.out, writeErr: processIo.err });
  addFaultOption(program);
  try {
    program.parse(argv, { from: 'user' });
    const raw = program.opts() as RawBenchOptions & { cluster?: string; faultNode?: string };
    const opts = parseBenchOptions(raw, raw.cluster ?? null);
    const { exitCode } = await runBench(opts, processIo, ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '), faultOf(raw));
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    if (e instanceof ConfigError) {
      processIo.err(`error: ${e.format()}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

exitQuietlyOnClosedPipe();
process.exitCode = await main(process.argv.slice(2));
