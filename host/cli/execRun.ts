// What `exec HOST -- CMD` runs, for the command line and the shell alike: the network views of
// host/views/exec.ts, or a process in the simulation (busybox ping and traceroute; tcpdump, which only has
// something to print while the shell keeps the simulation between commands).

import type { Cluster, ClusterNode } from '../cluster/types.ts';
import { ConfigError } from '../errors.ts';
import type { PingArgs, SimSession } from '../session/session.ts';
import { resolveTarget, type ExecResult, type Target } from '../views/exec.ts';
import { ipvsadmCommand, type ConnCounts, type IpvsConnRow } from '../views/ipvsadm.ts';
import { nodeVirtualServers } from '../cluster/kubeProxy.ts';
import { busyboxPingArgs, busyboxTracerouteArgs, type TracerouteArgs } from './busybox.ts';
import type { Io } from '../io.ts';

export interface ExecFlags {
  namespace?: string;
  container?: string;
}

export interface ExecEnv {
  cluster: Cluster;
  /** The network views (ip, route, arp, cat) with the neighbour tables of this session. */
  views(target: Target, argv: readonly string[]): ExecResult;
  /** The simulation ping, traceroute and the neighbour views run in. */
  session(): SimSession;
  /** busybox ping in the session (journaled with --state). */
  ping(args: PingArgs, io: Io): number;
  /** busybox traceroute in the session (journaled with --state). */
  traceroute(pod: string, t: TracerouteArgs, io: Io): number;
  /** Inside `shell`: tcpdump arms a capture for the commands that follow. */
  shell: boolean;
  /** busybox wget / nc in a pod of the session (journaled with --state). */
  client?(pod: string, argv: readonly string[], io: Io): number;
  /** The IPVS connections of the session's dataplane per real server (ipvsadm's counters);
   *  absent: none (a one-shot command starts from an empty table). */
  ipvsCounts?(node: ClusterNode): ConnCounts;
  /** Its IPVS connections, as `ipvsadm -Lnc` lists them; absent: none. */
  ipvsConns?(node: ClusterNode): IpvsConnRow[];
}

const NO_CONNS: ConnCounts = () => ({ active: 0, inactive: 0 });

const SHELLS = ['sh', 'bash', 'ash'];

/** The words a shell or busybox would run: `exec POD -- sh -c 'ip route'` (kubectl users' habit
 *  for anything with arguments), `busybox ping …`, `/sbin/ip …`, and one quoted word `"ip addr"`. */
export function commandWords(argv: readonly string[]): string[] {
  let args = argv.length === 1 ? shellWords(argv[0]) : [...argv];
  const base = (w: string | undefined) => w?.slice(w.lastIndexOf('/') + 1);
  if (args.length === 3 && SHELLS.includes(base(args[0])!) && args[1] === '-c') {
    if (/[|;&<>`$]/.test(args[2])) throw new ConfigError('command', 'runs one command: pipes, lists, redirections and variables are not simulated', args[2]);
    args = shellWords(args[2]);
  }
  if (base(args[0]) === 'busybox' && args.length > 1) args = args.slice(1);
  if (args.length > 0 && args[0].includes('/')) args[0] = base(args[0])!;
  return args;
}

/** Words as sh splits them: blanks separate, single and double quotes group. */
function shellWords(line: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+?)(?=\s|'|"|$)|(\s+)/g;
  let word: string | null = null;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m[4] !== undefined) {
      if (word !== null) out.push(word);
      word = null;
    } else {
      word = (word ?? '') + (m[1] ?? m[2] ?? m[3]);
    }
  }
  if (word !== null) out.push(word);
  return out;
}

/** Runs `argv` on `host`; returns the exit status. Throws ConfigError for bad input. */
export function runExec(env: ExecEnv, host: string, flags: ExecFlags, argv: readonly string[], io: Io): number {
  const args = commandWords(argv);
  if (flags.container !== undefined && flags.container.trim() === '') throw new ConfigError('-c', 'needs a container name', flags.container);
  const [cmd, ...rest] = args;
  if (host.startsWith('external:')) { // the client outside the cluster on a node's subnet
    if (cmd !== 'wget' && cmd !== 'nc') throw new ConfigError('command', 'external:NODE runs wget and nc only', args.join(' '));
    return env.client ? env.client(host, args, io) : env.session().client(host, args, io);
  }
  // these only run inside pods: a name that is both a node and a pod means the pod for them
  const prefer = cmd === 'ping' || cmd === 'traceroute' || cmd === 'wget' || cmd === 'nc' ? 'pod' : 'node';
  const target = resolveTarget(env.cluster, host, flags.namespace?.replace(/^=/, ''), prefer); // pflag's -n=NS
  if (cmd === 'ping') {
    if (target.kind !== 'pod') throw new ConfigError('ping', 'runs inside a pod here (the simulator sends traffic from pods, not from nodes)', host);
    return env.ping(busyboxPingArgs(`${target.pod.namespace}/${target.pod.name}`, rest), io);
  }
  if (cmd === 'traceroute') {
    if (target.kind !== 'pod') throw new ConfigError('traceroute', 'runs inside a pod here (the simulator sends traffic from pods, not from nodes)', host);
    return env.traceroute(`${target.pod.namespace}/${target.pod.name}`, busyboxTracerouteArgs(rest), io);
  }
  if (cmd === 'wget' || cmd === 'nc') {
    if (target.kind !== 'pod') throw new ConfigError(cmd, 'runs inside a pod here (the simulator sends traffic from pods, not from nodes)', host);
    const pod = `${target.pod.namespace}/${target.pod.name}`;
    return env.client ? env.client(pod, args, io) : env.session().client(pod, args, io);
  }
  if (cmd === 'ipvsadm') {
    if (target.kind !== 'node') throw new ConfigError('command', 'ipvsadm: not found in the pod (kube-proxy programs IPVS on the nodes)', args.join(' '));
    io.out(ipvsadmCommand(rest, nodeVirtualServers(env.cluster, target.node), env.ipvsCounts?.(target.node) ?? NO_CONNS, () => env.ipvsConns?.(target.node) ?? []));
    return 0;
  }
  if (cmd === 'tcpdump') {
    const where = target.kind === 'node' ? target.node.spec.name : `${target.pod.namespace}/${target.pod.name}`;
    if (!env.shell) {
      throw new ConfigError('tcpdump', `captures what other commands send: in \`calico-ipip-sim shell\` run it before a ping, or use ping … --tcpdump ${where}:IFACE[:FILTER]`, args.join(' '));
    }
    return env.session().arm(where, rest, io);
  }
  const r = env.views(target, args);
  io.out(r.stdout);
  io.err(r.stderr);
  return r.code;
}
