// calico-ipip-sim command line. Each subcommand lives in commands/<name>.ts and exports
// `register(program, io, status)`; adding one is one line in COMMANDS below.

import { realpathSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { NEIGHBOUR_STARTS } from '../dataplane/options.ts';
import { ConfigError, EXIT_USAGE } from '../errors.ts';

const EXIT_SOFTWARE = 70;
import { ExitStatus } from './context.ts';
import { exitQuietlyOnClosedPipe, processIo, type Io } from '../io.ts';
import { quiet, usageError } from './usage.ts';
import { packageJson } from '../packageRoot.ts';
import * as diagramCmd from './commands/diagram.ts';
import * as benchCmd from './commands/bench.ts';
import * as completionCmd from './commands/completion.ts';
import * as execCmd from './commands/exec.ts';
import * as getCmd from './commands/get.ts';
import * as pingCmd from './commands/ping.ts';
import * as playgroundCmd from './commands/playground.ts';
import * as shellCmd from './commands/shell.ts';
import * as sleepCmd from './commands/sleep.ts';

type Registrar = (program: Command, io: Io, status: ExitStatus) => void;

const COMMANDS: Registrar[] = [
  benchCmd.register,
  completionCmd.register,
  diagramCmd.register,
  execCmd.register,
  getCmd.register,
  pingCmd.register,
  playgroundCmd.register,
  shellCmd.register,
  sleepCmd.register,
];

export function createProgram(io: Io, status: ExitStatus): Command {
  const program = new Command('calico-ipip-sim')
    .description('Simulator and benchmark of the Calico IP-in-IP dataplane')
    .version(packageJson().version, '-V, --version', 'print the version')
    .option('--cluster <file>', 'cluster YAML file (default: the seed cluster, k8s-master-1 + k8s-node-1)')
    .option('--state <file>', 'keep simulated state (ARP caches, clock, IP IDs) across invocations of ping, sleep and exec')
    .option('--masquerade-all', "kube-proxy's --masquerade-all: SNAT every Service connection to the node's address, not only node ports")
    .addOption(new Option('--neighbours <start>', "how the nodes' uplink neighbour (ARP) tables start: reachable (peers resolved, as on a running cluster), empty (as after a boot: the first packet to a peer waits for ARP), static (no ARP on the uplinks)").choices(NEIGHBOUR_STARTS).default('reachable'));
  // before the commands: each copies the parent's output settings when it is made
  quiet(program, io);
  for (const register of COMMANDS) register(program, io, status);
  return program;
}

/** `kubectl get …` / `kubectl exec …` typed out of habit: the word `kubectl` before the
 *  subcommand (after the global options) is dropped, so they run as `get …` / `exec …`. */
export function withoutKubectl(args: readonly string[]): string[] {
  const i = commandAt(args);
  return args[i] === 'kubectl' && (args[i + 1] === 'get' || args[i + 1] === 'exec') ? [...args.slice(0, i), ...args.slice(i + 1)] : [...args];
}

/** Where the subcommand's name is in `args`: after the global options (and their values). */
function commandAt(args: readonly string[]): number {
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) i += args[i].includes('=') || args[i] === '-V' || args[i] === '--version' || args[i] === '-h' || args[i] === '--help' || args[i] === '--masquerade-all' ? 1 : 2;
  return i;
}

/** `help NAME` for a NAME that is no command: commander would print the whole usage on stderr. */
function unknownHelpTopic(program: Command, args: readonly string[]): ConfigError | null {
  const i = commandAt(args);
  const topic = args[i] === 'help' ? args[i + 1] : undefined;
  if (topic === undefined || program.commands.some((c) => c.name() === topic || c.aliases().includes(topic))) return null;
  return new ConfigError('help', `not a command; one of ${program.commands.map((c) => c.name()).join(', ')}`, topic);
}

/** Runs the CLI on `args` (without node and script); returns the exit status instead of exiting. */
export async function run(args: string[], io: Io = processIo): Promise<number> {
  const status = new ExitStatus();
  const program = createProgram(io, status);
  try {
    const badTopic = unknownHelpTopic(program, args);
    if (badTopic) throw badTopic;
    await program.parseAsync(withoutKubectl(args), { from: 'user' });
    return status.code;
  } catch (e) {
    // Help and version are successful exits; every other commander error is a usage error.
    if (e instanceof CommanderError && e.exitCode === 0) return 0;
    // no command at all: commander has printed the usage on stderr, as git and kubectl do
    if (e instanceof CommanderError && e.code === 'commander.help') return EXIT_USAGE;
    if (e instanceof CommanderError) e = usageError(e);
    if (e instanceof ConfigError) {
      io.err(`error: ${e.format()}\n`);
      return EXIT_USAGE;
    }
    // A bug, not bad input: still one line (no stack trace), and the status sysexits calls EX_SOFTWARE.
    io.err(`error: internal: ${e instanceof Error ? e.message.split('\n')[0] : String(e)} (a bug in calico-ipip-sim; CIS_DEBUG=1 shows where)\n`);
    if (process.env.CIS_DEBUG) io.err(`${e instanceof Error ? e.stack : ''}\n`);
    return EXIT_SOFTWARE;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  if (basename(script).startsWith('calico-ipip-sim')) return true;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  exitQuietlyOnClosedPipe();
  process.exitCode = await run(process.argv.slice(2));
}
