// `calico-ipip-sim get pods` with kubectl's options (-n, -A, -o, --field-selector).

import { Option, type Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import { parseCustomColumns, parseFieldSelector, podRows, renderTable, SEED_COLUMNS } from '../../views/pods.ts';
import { clusterOf, type CliIo, type ExitStatus } from '../context.ts';

interface GetOpts {
  namespace?: string;
  allNamespaces?: boolean;
  output?: string;
  fieldSelector?: string;
}

export function register(program: Command, io: CliIo, _status: ExitStatus): void {
  program
    .command('get')
    .description('list pods like kubectl (NAME, IP, HOST columns as in the seed)')
    .argument('<resource>', 'pods (also: pod, po)')
    .option('-n, --namespace <namespace>', 'namespace to list', 'default')
    .option('-A, --all-namespaces', 'list pods of every namespace')
    .addOption(new Option('-o, --output <format>', 'wide | name | custom-columns=NAME:.path,...'))
    .option('--field-selector <selector>', 'e.g. spec.nodeName=k8s-master-1')
    .addHelpText(
      'after',
      '\nExamples:\n  calico-ipip-sim get pods -n devops -o wide\n' +
        '  calico-ipip-sim get pods -A --field-selector spec.nodeName=k8s-master-1 -o wide',
    )
    .action((resource: string, opts: GetOpts, cmd: Command) => {
      if (!['pods', 'pod', 'po'].includes(resource)) throw new ConfigError('resource', 'only pods are simulated', resource);
      const cluster = clusterOf(cmd, io);
      const select = opts.fieldSelector === undefined ? () => true : parseFieldSelector(opts.fieldSelector);
      const ns = opts.namespace ?? 'default';
      const out = opts.output ?? 'wide';
      // Validate -o before looking at the rows: kubectl rejects a bad format even when nothing matches.
      const columns =
        out === 'wide' ? parseCustomColumns(SEED_COLUMNS)
        : out.startsWith('custom-columns=') ? parseCustomColumns(out.slice('custom-columns='.length))
        : null;
      if (columns === null && out !== 'name') throw new ConfigError('--output', 'supported: wide, name, custom-columns=...', out);
      const rows = podRows(cluster).filter((r) => (opts.allNamespaces || r.namespace === ns) && select(r));
      if (rows.length === 0) {
        io.err(opts.allNamespaces ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`);
        return;
      }
      if (columns === null) {
        io.out(rows.map((r) => `pod/${r.name}\n`).join(''));
      } else {
        // The simulator has no READY/STATUS/AGE to show: wide prints the seed's custom columns.
        io.out(renderTable(rows, columns));
      }
    });
}
