// `calico-ipip-sim diagram [--from POD --to IP] --out FILE.svg`: the cluster as an SVG picture,
// and with --from/--to the walk of one ICMP echo request driven through the real dataplane.

import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import { renderDiagram } from '../../diagram/index.ts';
import { captureWalk } from '../../diagram/engineWalk.ts';
import type { ForwardingEngineName } from '../../engine/engine.ts';
import { parseIp4 } from '../../net/addr.ts';
import { resolveTarget } from '../../views/exec.ts';
import { clusterOf, type ExitStatus } from '../context.ts';
import type { Io } from '../../io.ts';

interface DiagramOpts {
  out: string;
  from?: string;
  to?: string;
  engine: ForwardingEngineName;
}

export function register(program: Command, io: Io, _status: ExitStatus): void {
  program
    .command('diagram')
    .description('draw the cluster (nodes, interfaces, addresses, routes) as SVG; with --from/--to, the packet walk hop by hop')
    .requiredOption('--out <file.svg>', 'SVG file to write')
    .option('--from <pod>', 'source pod (name or namespace/name) of one ICMP echo request')
    .option('--to <ip>', 'destination IPv4 address of the echo request')
    .addOption(new Option('--engine <engine>', 'dataplane engine that forwards the probe').choices(['wasm', 'ts']).default('wasm'))
    .addHelpText('after', '\nExamples:\n  calico-ipip-sim diagram --out cluster.svg\n  calico-ipip-sim diagram --from busybox-77649b9c55-r6bx9 --to 172.16.109.65 --out walk.svg')
    .action((opts: DiagramOpts, cmd: Command) => {
      if ((opts.from === undefined) !== (opts.to === undefined)) {
        throw new ConfigError(opts.from === undefined ? '--from' : '--to', 'is needed together with ' + (opts.from === undefined ? '--to' : '--from'));
      }
      if (!/\.svg$/i.test(opts.out)) throw new ConfigError('--out', 'must name an .svg file', opts.out);
      const cluster = clusterOf(cmd, io);
      let walk;
      if (opts.from !== undefined && opts.to !== undefined) {
        const target = resolveTarget(cluster, opts.from, undefined, 'pod'); // the walk starts in a pod
        if (target.kind !== 'pod') throw new ConfigError('--from', 'must be a pod (a node sends no pod traffic)', opts.from);
        const dst = parseIp4(opts.to);
        if (dst === null) throw new ConfigError('--to', 'not an IPv4 address (a.b.c.d)', opts.to);
        walk = captureWalk(cluster, target.pod, dst, opts.engine);
      }
      const svg = renderDiagram(cluster, walk);
      try {
        writeFileSync(opts.out, svg);
      } catch (e) {
        throw new ConfigError('--out', `cannot write file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, opts.out);
      }
      const what = walk ? `, walk of ${walk.hops.length} captured frames (${walk.outcome})` : '';
      io.out(`wrote ${opts.out}: ${cluster.nodes.length} node(s), ${cluster.pods.length} pod(s)${what}\n`);
    });
}
