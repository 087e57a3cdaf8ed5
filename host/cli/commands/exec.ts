// `calico-ipip-sim exec <node|pod> -- <command>`

import type { Command } from 'commander';
import { execOn, resolveTarget, SUPPORTED_COMMANDS } from '../../views/exec.ts';
import { clusterOf, stateOf, type CliIo, type ExitStatus } from '../context.ts';

export function register(program: Command, io: CliIo, status: ExitStatus): void {
  program
    .command('exec')
    .description("print what <command> prints on a node or inside a pod of the cluster (as in the seed's captures)")
    .argument('<host>', 'node name, pod name, or namespace/pod')
    .argument('<command...>', 'the command, after `--`')
    .allowUnknownOption()
    .addHelpText(
      'after',
      `\nCommands:\n${SUPPORTED_COMMANDS.map((c) => `  ${c}`).join('\n')}\n\nExamples:\n` +
        '  calico-ipip-sim exec k8s-master-1 -- route -n\n' +
        '  calico-ipip-sim exec busybox-77649b9c55-r6bx9 -- ip addr\n' +
        '  calico-ipip-sim exec k8s-master-1 -- cat /proc/sys/net/ipv4/conf/calif57336c1ec9/proxy_arp',
    )
    .action((host: string, command: string[], _opts: unknown, cmd: Command) => {
      const journal = stateOf(cmd, 'wasm', io);
      const r = journal ? journal.session.exec(host, command) : execOn(resolveTarget(clusterOf(cmd, io), host), command);
      io.out(r.stdout);
      io.err(r.stderr);
      status.code = r.code;
    });
}
