// busybox `wget` and `nc` typed in a pod, run in a session's simulation (host/pod/http.ts does
// the protocol): the arguments as busybox parses them, the captures armed in the shell printed
// as the frames go by, the exit status. After the process exits the clock runs on until the
// connection's last segments (the FIN exchange) have crossed, as they do while the shell waits
// for its next line.

import { ConfigError } from '../errors.ts';
import { parseIp4 } from '../net/addr.ts';
import type { Io } from '../io.ts';
import { BusyboxNcZ, BusyboxWget, parseHttpUrl } from '../pod/http.ts';
import type { Simulation } from '../sim/simulation.ts';
import type { PodStack } from '../pod/stack.ts';
import { NS_PER_MS } from '../sim/clock.ts';

export const CLIENT_PROGRAMS = ['wget', 'nc'];
const DRAIN_NS = 100 * NS_PER_MS;

/** Runs `argv` (`wget …` or `nc …`) in `stack` (a pod's, or the external client's); returns
 *  its exit status. */
export function runClient(sim: Simulation, stack: PodStack, argv: readonly string[], io: Io): number {
  const [cmd, ...args] = argv;
  const proc = { out: io.out, err: io.err, now: () => sim.clock.now, at: (t: number, run: () => void) => sim.clock.at(t, run) };
  let p: { exitCode: number | null; start(): void };
  if (cmd === 'wget') p = wget(stack, args, proc);
  else if (cmd === 'nc') p = nc(stack, args, proc);
  else throw new ConfigError('command', `not a client program (${CLIENT_PROGRAMS.join(', ')})`, cmd);
  p.start();
  sim.clock.run(() => p.exitCode !== null);
  if (p.exitCode === null) throw new Error(`internal: ${cmd} never finished`);
  sim.clock.run(() => false, sim.clock.now + DRAIN_NS);
  return p.exitCode;
}

function wget(stack: PodStack, args: string[], io: ConstructorParameters<typeof BusyboxWget>[2]): BusyboxWget {
  let quiet = false;
  let toStdout = false;
  let timeout = 900;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-q') quiet = true;
    else if (a === '-O-' || a === '-qO-' || a === '-O' && args[i + 1] === '-') {
      if (a === '-O') i++;
      if (a === '-qO-') quiet = true;
      toStdout = true;
    } else if (a === '-T') timeout = Number(args[++i]);
    else if (a.startsWith('-')) throw new ConfigError('wget', 'only -q, -O- and -T SECS are simulated', a);
    else url = a;
  }
  if (!quiet || !toStdout) throw new ConfigError('wget', 'only `wget -q -O- URL` (the body on stdout) is simulated', args.join(' '));
  if (!Number.isFinite(timeout) || timeout <= 0) throw new ConfigError('wget -T', 'must be a number of seconds > 0', timeout);
  const u = url === undefined ? null : parseHttpUrl(url);
  if (u === null) throw new ConfigError('wget', 'needs http://A.B.C.D[:PORT][/PATH] (no DNS in the simulation)', url ?? '(none)');
  return new BusyboxWget(stack, u, io, timeout);
}

function nc(stack: PodStack, args: string[], io: ConstructorParameters<typeof BusyboxNcZ>[4]): BusyboxNcZ {
  let zero = false;
  let verbose = false;
  let wait = 0;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-w') wait = Number(args[++i]);
    else if (/^-[zvn]+$/.test(a)) {
      if (a.includes('z')) zero = true;
      if (a.includes('v')) verbose = true;
    } else if (a.startsWith('-')) throw new ConfigError('nc', 'only -z, -v, -n and -w SECS are simulated', a);
    else rest.push(a);
  }
  if (!zero) throw new ConfigError('nc', 'only the port scan `nc -z [-v] HOST PORT` is simulated', args.join(' '));
  const host = rest[0] === undefined ? null : parseIp4(rest[0]);
  const port = Number(rest[1]);
  if (host === null || rest.length !== 2) throw new ConfigError('nc', 'needs HOST PORT, HOST a dotted quad', rest.join(' '));
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError('nc', 'port must be 1..65535', rest[1]);
  if (!Number.isFinite(wait) || wait < 0) throw new ConfigError('nc -w', 'must be a number of seconds ≥ 0', wait);
  return new BusyboxNcZ(stack, host, port, verbose, io, wait);
}
