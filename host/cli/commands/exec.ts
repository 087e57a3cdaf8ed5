// `calico-ipip-sim exec [-n NS] <node|pod> [-c CONTAINER] [-it] -- <command>`: kubectl exec's
// syntax. Network views (ip, route, arp, cat /proc/…) print from the model; `ping` and
// `traceroute` run in the simulation; `tcpdump` arms a capture inside `shell` and otherwise says
// how to capture. The containers of a pod share its network namespace, so -c changes nothing.

import type { Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import { SimSession } from '../../session/session.ts';
import { hostNeighbours } from '../../sim/hostNeigh.ts';
import { execOn, SUPPORTED_COMMANDS } from '../../views/exec.ts';
import { clusterOf, simOptionsOf, stateOf, type ExitStatus } from '../context.ts';
import type { Io } from '../../io.ts';
import { runExec, type ExecEnv, type ExecFlags } from '../execRun.ts';
import { ipvsConnsOf, ipvsCountsOf } from '../../session/ipvsCounts.ts';

/** The exec arguments and options, shared by `exec` and the shell's `exec` line. */
export function execArgs(cmd: Command): Command {
  return cmd
    .argument('<host>', 'node name, pod name, or namespace/pod')
    .argument('[command...]', 'the command, after `--`')
    .option('-n, --namespace <namespace>', 'namespace of the pod')
    .option('-c, --container <name>', "container (all of a pod's containers share its network namespace)")
    .option('-i, --stdin', 'accepted; no effect (nothing reads stdin)')
    .option('-t, --tty', 'accepted; no effect')
    .allowUnknownOption();
}

export function register(program: Command, io: Io, status: ExitStatus): void {
  execArgs(program.command('exec'))
    .description("run a command on a node or inside a pod of the cluster, as kubectl exec (prints what the seed's hosts print)")
    .addHelpText(
      'after',
      `\nCommands:\n${SUPPORTED_COMMANDS.map((c) => `  ${c}`).join('\n')}\n\nExamples:\n` +
        '  calico-ipip-sim exec k8s-master-1 -- route -n\n' +
        '  calico-ipip-sim exec -n devops busybox-77649b9c55-r6bx9 -- ip addr\n' +
        '  calico-ipip-sim exec -it busybox-77649b9c55-r6bx9 -- ping -c 1 172.16.109.65\n' +
        '  calico-ipip-sim exec k8s-master-1 -- ip route get 172.16.109.65\n' +
        '  calico-ipip-sim exec busybox-77649b9c55-r6bx9 -- traceroute -n 172.16.109.65\n' +
        '  calico-ipip-sim exec k8s-master-1 -- cat /proc/sys/net/ipv4/conf/calif57336c1ec9/proxy_arp',
    )
    .action((host: string, command: string[], opts: ExecFlags, cmd: Command) => {
      const journal = stateOf(cmd, 'wasm', io);
      const cluster = journal ? journal.session.cluster : clusterOf(cmd, io);
      let fresh: SimSession | null = null;
      const env: ExecEnv = {
        cluster,
        // A node's uplink neighbours live in the dataplane, so `ip neigh` / `arp` start a
        // simulation; every other view reads the model alone (a fast cold start).
        views: (target, argv) => (journal ? journal.session.execTarget(target, argv)
          : readsNeighbours(argv) ? env.session().execTarget(target, argv) : execOn(target, argv, hostNeighbours(cluster))),
        session: () => journal?.session ?? (fresh ??= new SimSession(cluster, simOptionsOf(cmd))),
        ping: (args, out) => (journal ? journal.ping(args, out) : env.session().ping(args, out)),
        traceroute: (pod, t, out) => (journal ? journal.traceroute(pod, t.host, t.opts, out) : env.session().traceroute(pod, t.host, t.opts, out)),
        client: (pod, argv, out) => (journal ? journal.client(pod, argv, out) : env.session().client(pod, argv, out)),
        ipvsCounts: (node) => ipvsCountsOf(env.session().sim)(node),
        ipvsConns: (node) => ipvsConnsOf(env.session().sim)(node),
        shell: false,
      };
      if (command.length === 0) throw new ConfigError('exec', 'usage: exec [-n NAMESPACE] <node|pod> -- <command>', host);
      status.code = runExec(env, host, opts, command, io);
    });
}

/** `ip neigh …` (any abbreviation iproute2 takes: n, ne, nei, …) or `arp …`. */
function readsNeighbours(argv: readonly string[]): boolean {
  if (argv[0] === 'arp') return true;
  return argv[0] === 'ip' && argv.slice(1).some((a) => !a.startsWith('-') && 'neighbour'.startsWith(a) || a === 'neighbor');
}
