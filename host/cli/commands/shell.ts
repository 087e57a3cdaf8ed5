// `calico-ipip-sim shell`: one simulated cluster kept across commands, so the seed's
// walkthrough can be replayed in order (`exec <pod> -- ip neigh show` empty, `ping`, then
// `exec <pod> -- arp -n` showing 169.254.1.1). Lines are the CLI's own commands without the
// program name, read from a terminal (with a prompt) or a script on stdin:
//   exec <host> -- <command>   ping <pod> <ip> [options]   get pods …   sleep <seconds>
//   help   exit
// `sleep` lets simulated time pass (ARP entries go REACHABLE → STALE after 30 s, as in the
// seed's `ip neigh`). `get` runs the CLI's get command; each line gets a fresh parser.

import { createInterface } from 'node:readline';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, EXIT_USAGE } from '../../errors.ts';
import { SimSession } from '../../session/session.ts';
import { clusterOf, ExitStatus, simOptionsOf } from '../context.ts';
import type { Io } from '../../io.ts';
import { runExec, type ExecEnv, type ExecFlags } from '../execRun.ts';
import { execArgs } from './exec.ts';
import * as getCmd from './get.ts';
import { engineOf, pingArgs, pingOptions } from './ping.ts';
import { sleepSeconds } from './sleep.ts';
import { quiet, usageError } from '../usage.ts';
import { ipvsConnsOf, ipvsCountsOf } from '../../session/ipvsCounts.ts';

const HELP = `commands (one per line, as on the command line without "calico-ipip-sim"):
  exec [-n NS] <node|pod> -- <command>   e.g. exec busybox-77649b9c55-r6bx9 -- arp -n
                                    exec k8s-master-1 -- tcpdump -i tunl0 -en   (prints for the commands that follow)
                                    exec busybox-77649b9c55-r6bx9 -- ping -c 1 172.16.109.65
                                    exec busybox-77649b9c55-r6bx9 -- traceroute -n 172.16.109.65
  ping <pod> <ip> [-c N] [-s SIZE] [-t TTL] [-W S] [-w S] [-i S] [-q] [--tcpdump host:iface[:filter]]… [--pcap DIR]
  get pods|nodes [NAME] [-n NS | -A] [-l SEL] [-o wide|name|json|yaml|custom-columns=…]
  kubectl get …, kubectl exec …     the same as get and exec
  sleep <seconds>                   let simulated time pass
  help, exit
`;

/** Splits a line like sh does for plain words, '…', "…" and backslash escapes. */
export function splitWords(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let have = false;
  let q: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === q) q = null;
      else if (c === '\\' && q === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      q = c;
      have = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      have = true;
    } else if (/\s/.test(c)) {
      if (have) out.push(cur);
      cur = '';
      have = false;
    } else if (c === '#' && !have) {
      break;
    } else {
      cur += c;
      have = true;
    }
  }
  if (q) throw new ConfigError('line', 'unterminated quote', line);
  if (have) out.push(cur);
  return out;
}

/** `get …` through the CLI's own get command, on the shell's cluster file. (Not through
 *  main.ts's program: when main.ts is the entry module it is still evaluating while the shell
 *  runs, and importing it from here would wait on itself.) */
async function runGet(words: string[], io: Io, clusterFile: string | undefined): Promise<number> {
  const status = new ExitStatus();
  const program = quiet(new Command('calico-ipip-sim').option('--cluster <file>'), io);
  getCmd.register(program, io, status);
  await program.parseAsync(clusterFile === undefined ? words : ['--cluster', clusterFile, ...words], { from: 'user' });
  return status.code;
}

/** Runs one shell line; returns its exit status, or null for `exit`. */
export async function runLine(session: SimSession, typed: string[], io: Io, clusterFile: string | undefined): Promise<number | null> {
  // `kubectl get|exec …` out of habit runs as `get|exec …`
  const words = typed[0] === 'kubectl' && (typed[1] === 'get' || typed[1] === 'exec') ? typed.slice(1) : typed;
  const [cmd, ...rest] = words;
  try {
    if (cmd === 'exit' || cmd === 'quit') return null;
    if (cmd === 'help') {
      io.out(HELP);
      return 0;
    }
    if (cmd === 'sleep') {
      if (rest.length !== 1) throw new ConfigError('sleep', 'expects one number of seconds', rest.join(' '));
      session.sleep(sleepSeconds(rest[0]), rest[0]);
      return 0;
    }
    if (cmd === 'exec') {
      let code = 0;
      const env: ExecEnv = {
        cluster: session.cluster,
        views: (target, argv) => session.execTarget(target, argv),
        session: () => session,
        ping: (args, out) => session.ping(args, out),
        traceroute: (pod, t, out) => session.traceroute(pod, t.host, t.opts, out),
        client: (pod, argv, out) => session.client(pod, argv, out),
        ipvsCounts: (node) => ipvsCountsOf(session.sim)(node),
        ipvsConns: (node) => ipvsConnsOf(session.sim)(node),
        shell: true,
      };
      const p = quiet(execArgs(new Command('exec')), io)
        .action((host: string, argv: string[], o: ExecFlags) => {
          if (argv.length === 0) throw new ConfigError('exec', 'usage: exec [-n NAMESPACE] <node|pod> -- <command>', host);
          code = runExec(env, host, o, argv, io);
        });
      await p.parseAsync(rest, { from: 'user' });
      return code;
    }
    if (cmd === 'ping') {
      let code = 0;
      const p = quiet(pingOptions(new Command('ping').argument('<pod>').argument('<ip>')), io)
        .addOption(new Option('--engine <engine>').hideHelp())
        .action((pod: string, host: string, o: Record<string, unknown>) => {
          if (o.engine !== undefined && engineOf(o.engine) !== session.sim.engine.name) {
            throw new ConfigError('--engine', `this shell runs the ${session.sim.engine.name} engine (start it with shell --engine)`, o.engine);
          }
          code = session.ping(pingArgs(pod, host, o), io);
        });
      await p.parseAsync(rest, { from: 'user' });
      return code;
    }
    if (cmd === 'get') return await runGet(words, io, clusterFile);
    throw new ConfigError('command', 'not a shell command (try help)', cmd);
  } catch (e) {
    if (e instanceof CommanderError && e.exitCode === 0) return 0;
    if (e instanceof CommanderError) e = usageError(e);
    if (e instanceof ConfigError) {
      io.err(`error: ${e.format()}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

/** Runs lines until the input ends or `exit`; returns the last command's status (as sh does). */
export async function runShell(session: SimSession, lines: AsyncIterable<string> | Iterable<string>, io: Io, clusterFile?: string, prompt?: () => void): Promise<number> {
  let last = 0;
  prompt?.();
  for await (const line of lines) {
    let words: string[];
    try {
      words = splitWords(line);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      io.err(`error: ${e.format()}\n`);
      last = EXIT_USAGE;
      prompt?.();
      continue;
    }
    if (words.length > 0) {
      const r = await runLine(session, words, io, clusterFile);
      if (r === null) break;
      last = r;
    }
    prompt?.();
  }
  return last;
}

export function register(program: Command, io: Io, status: ExitStatus): void {
  program
    .command('shell')
    .description('keep one simulated cluster across commands (exec, ping, get, sleep), from a terminal or a script on stdin')
    .addOption(new Option('--engine <engine>', 'forwarding engine').choices(['wasm', 'ts']).default('wasm'))
    .addHelpText('after', `\n${HELP}\nExample (the seed's walkthrough):\n` +
      "  printf '%s\\n' 'exec busybox-77649b9c55-r6bx9 -- ip neigh show' 'ping busybox-77649b9c55-r6bx9 172.16.109.65 -c 1' \\\n" +
      "    'exec busybox-77649b9c55-r6bx9 -- arp -n' | calico-ipip-sim shell")
    .action(async (opts: { engine?: string }, cmd: Command) => {
      const session = new SimSession(clusterOf(cmd, io), { engine: engineOf(opts.engine), ...simOptionsOf(cmd) });
      const clusterFile = (cmd.optsWithGlobals() as { cluster?: string }).cluster;
      const tty = Boolean(process.stdin.isTTY);
      const rl = createInterface({ input: process.stdin, terminal: tty });
      const prompt = tty ? () => io.out('calico-ipip-sim> ') : undefined;
      try {
        status.code = await runShell(session, rl, io, clusterFile, prompt);
      } finally {
        rl.close();
      }
    });
}
