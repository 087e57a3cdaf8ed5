// `calico-ipip-sim get pods|nodes [NAME…]` with kubectl's options (-n, -A, -l, --field-selector,
// -o wide|name|json|yaml|custom-columns=…, --show-labels, --no-headers).

import { Option, type Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import { resourceOf, runGet } from '../../views/kubeGet.ts';
import type { Resource } from '../../views/kubeObjects.ts';
import { clusterOf, type ExitStatus } from '../context.ts';
import type { Io } from '../../io.ts';

interface GetOpts {
  namespace?: string;
  allNamespaces?: boolean;
  output?: string;
  selector?: string;
  fieldSelector?: string;
  showLabels?: boolean;
  headers?: boolean;
}

/** kubectl's `TYPE [NAME…]` and `TYPE/NAME…` forms. */
function target(args: string[]): { resource: Resource; names: string[] } {
  const [first, ...rest] = args;
  const slash = first.indexOf('/');
  if (slash > 0) {
    const resource = resourceOf(first.slice(0, slash));
    const names = [first.slice(slash + 1), ...rest.map((a) => {
      const s = a.indexOf('/');
      if (s < 0) throw new ConfigError('name', 'after TYPE/NAME every argument is TYPE/NAME too', a);
      if (resourceOf(a.slice(0, s)) !== resource) throw new ConfigError('name', 'one resource type at a time', a);
      return a.slice(s + 1);
    })];
    return { resource, names };
  }
  if (first.includes(',')) throw new ConfigError('resource', 'one resource type at a time (pods or nodes)', first);
  return { resource: resourceOf(first), names: rest };
}

export function register(program: Command, io: Io, _status: ExitStatus): void {
  program
    .command('get')
    .description('list pods or nodes like kubectl get (columns, -o wide|name|json|yaml|custom-columns)')
    .argument('<resource>', 'pods (pod, po) or nodes (node, no); or TYPE/NAME')
    .argument('[name...]', 'only these objects')
    .option('-n, --namespace <namespace>', 'namespace of the pods', 'default')
    .option('-A, --all-namespaces', 'pods of every namespace (adds a NAMESPACE column)')
    .option('-l, --selector <selector>', 'label selector, e.g. app=busybox, k8s-app in (kube-dns,calico-node)')
    .option('--field-selector <selector>', 'e.g. spec.nodeName=k8s-master-1')
    .addOption(new Option('-o, --output <format>', 'wide | name | json | yaml | custom-columns=HEADER:.path,…'))
    .option('--show-labels', 'a LABELS column')
    .option('--no-headers', 'leave out the header line')
    .addHelpText(
      'after',
      '\nExamples:\n  calico-ipip-sim get pods -n devops -o wide\n' +
        '  calico-ipip-sim get pods -n devops -o custom-columns=NAME:.metadata.name,IP:.status.podIP,HOST:.spec.nodeName\n' +
        '  calico-ipip-sim get pods -A --field-selector spec.nodeName=k8s-master-1 -o wide\n' +
        '  calico-ipip-sim get pods -A -l k8s-app=kube-dns -o yaml\n' +
        '  calico-ipip-sim get nodes -o wide',
    )
    .action((resource: string, names: string[], raw: GetOpts, cmd: Command) => {
      // pflag takes `-n=devops` and `-o=wide` too: commander leaves the `=` on the value
      const eq = (v: string | undefined) => v?.replace(/^=/, '');
      const opts: GetOpts = { ...raw, namespace: eq(raw.namespace), output: eq(raw.output), selector: eq(raw.selector) };
      const t = target([resource, ...names]);
      const r = runGet(clusterOf(cmd, io), {
        ...t,
        namespace: opts.namespace ?? 'default',
        allNamespaces: opts.allNamespaces ?? false,
        labelSelector: opts.selector,
        fieldSelector: opts.fieldSelector,
        output: opts.output,
        showLabels: opts.showLabels,
        noHeaders: opts.headers === false,
      });
      io.out(r.stdout);
      io.err(r.stderr);
    });
}
