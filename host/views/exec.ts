// `exec <node|pod> -- <command>`: what the same command prints on that host in the seed.
// Nodes run iproute2/net-tools/coreutils; pods run their image's tools (busybox in the seed) or,
// for pods marked `tools: iproute2`, the host's iproute2 entered with nsenter.

import { ConfigError } from '../errors.ts';
import type { Cluster, ClusterNode, Pod } from '../cluster/types.ts';
import type { ToolFormat } from './ipaddr.ts';
import { ipCommand, type IpHost } from './iproute.ts';
import { renderArpA, renderArpN } from './neigh.ts';
import { neighKey, NeighTables, type NeighEntry } from '../pod/neighTable.ts';
import { renderRouteN } from './routes.ts';
import { didYouMean } from './suggest.ts';

export type Target = { kind: 'node'; node: ClusterNode } | { kind: 'pod'; pod: Pod };

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** A node name, a pod name, `namespace/pod`, or a calico-node pod name (host network: the node).
 *  With `namespace` (kubectl's -n) a bare name is looked up in that namespace only. A bare name
 *  that is both a node and a pod is the node, unless `prefer` is 'pod': what ping, traceroute,
 *  wget and nc take, as they only run inside pods. */
export function resolveTarget(cluster: Cluster, name: string, namespace?: string, prefer: 'node' | 'pod' = 'node'): Target {
  const slash = name.indexOf('/');
  const ns = slash >= 0 ? name.slice(0, slash) : namespace;
  const bare = slash >= 0 ? name.slice(slash + 1) : name;
  const calico = cluster.nodes.find((n) => n.calicoNodePod === bare && (ns === undefined || ns === 'kube-system'));
  if (calico) return { kind: 'node', node: calico };
  if (ns === undefined) {
    const node = cluster.hostByName(name); // a node, or a router between subnets
    const matches = cluster.pods.filter((p) => p.name === name);
    if (node && (prefer === 'node' || matches.length === 0)) return { kind: 'node', node };
    if (matches.length === 1) return { kind: 'pod', pod: matches[0] };
    if (matches.length > 1) {
      throw new ConfigError('host', `pod name is in several namespaces (${matches.map((p) => p.namespace).join(', ')}); give -n NAMESPACE`, name);
    }
    notRunning(cluster, name, undefined);
    const names = [...cluster.nodes.flatMap((n) => [n.spec.name, n.calicoNodePod]), ...cluster.routers.map((r) => r.spec.name), ...cluster.pods.map((p) => p.name)];
    throw new ConfigError('host', 'unknown node or pod', name, didYouMean(name, names));
  }
  const pod = cluster.podByName(bare, ns);
  if (pod) return { kind: 'pod', pod };
  notRunning(cluster, bare, ns);
  // placed or not: kubectl's NotFound names no namespace, but the pod exists in another one
  const elsewhere = [...new Set([...cluster.pods, ...(cluster.spec.unplacedPods ?? [])].filter((p) => p.name === bare).map((p) => p.namespace))];
  if (cluster.nodeByName(bare)) throw new ConfigError('host', `is a node, not a pod in namespace ${ns} (leave out -n)`, bare);
  const inNs = [...cluster.pods.filter((p) => p.namespace === ns).map((p) => p.name), ...(ns === 'kube-system' ? cluster.nodes.map((n) => n.calicoNodePod) : [])];
  const hint = elsewhere.length > 0 ? `it is in namespace ${elsewhere.join(', ')}` : didYouMean(bare, inNs);
  throw new ConfigError('host', `no pod of that name in namespace ${ns}`, bare, hint);
}

/** Throws for a pod the API has but no node runs (spec.unplacedPods): it has no network
 *  namespace to enter. The apiserver refuses exec into a pod without a node ("does not have a
 *  host assigned", pkg/registry/core/pod/strategy.go), kubectl one in a terminal phase ("cannot
 *  exec into a container in a completed pod", kubectl's cmd/exec). */
function notRunning(cluster: Cluster, name: string, namespace: string | undefined): void {
  const p = (cluster.spec.unplacedPods ?? []).find((u) => u.name === name && (namespace === undefined || u.namespace === namespace));
  if (!p) return;
  const why =
    p.reason === 'OutOfpods'
      ? `pod ${p.namespace}/${p.name} is Failed (OutOfpods: node ${p.node} had no pod slot left): no node runs it, so it has no network namespace and no IP`
      : p.reason === 'NodeAffinity'
      ? `pod ${p.namespace}/${p.name} is Failed (NodeAffinity: node ${p.node}'s labels do not match its nodeSelector): no node runs it, so it has no network namespace and no IP`
      : `pod ${p.namespace}/${p.name} is Pending: it does not have a host assigned, so it has no network namespace and no IP`;
  throw new ConfigError('host', why, name);
}

interface HostView extends IpHost {
  isPod: boolean;
}

function view(t: Target, neigh: NeighTables | undefined): HostView {
  if (t.kind === 'node') {
    // The node numbers its pods' namespaces (netnsid) in the order their veths were made: pod order.
    const nsids = new Map(t.node.pods.map((p, k) => [p.hostVeth, k]));
    return {
      ifaces: t.node.ifaces, routes: t.node.routes, neigh: neigh?.peek(neighKey({ node: t.node.spec.name })) ?? [], fmt: 'iproute2', isPod: false,
      netnsid: (i) => nsids.get(i.name),
    };
  }
  const p = t.pod;
  return {
    ifaces: p.ifaces, routes: p.routes, neigh: neigh?.peek(neighKey({ namespace: p.namespace, pod: p.name })) ?? [], fmt: p.tools, isPod: true,
    netnsid: (i) => i.linkNetnsId,
  };
}

export const SUPPORTED_COMMANDS = [
  'ip [-4|-6] [-br] [-j [-p]] [-o] addr|link [show [dev] IFACE]',
  'ip route [show]',
  'ip route get ADDRESS',
  'ip [-j] neigh [show [dev] IFACE]',
  'route -n',
  'arp [-n] [-a]',
  'ping [-c N] [-s SIZE] [-t TTL] [-W S] [-w S] [-i S] [-q] HOST   (busybox, in a pod)',
  'traceroute [-n] [-f TTL] [-m TTL] [-q N] [-p PORT] [-w S] HOST   (busybox UDP probes, in a pod)',
  'tcpdump [-i IF] [-e] [-n] [-v|-vv] [-l] [-c N] [FILTER]   (inside shell: prints for the commands that follow)',
  'cat /proc/sys/net/ipv4/conf/IFACE/{proxy_arp,forwarding}',
  'cat /proc/sys/net/ipv4/ip_forward',
  'ipvsadm -Ln   (on a node: kube-proxy\'s IPVS virtual servers; -Lnc: its connections)',
];

const ok = (stdout: string): ExecResult => ({ stdout, stderr: '', code: 0 });

/** Runs `argv` on the target; unknown commands are a ConfigError naming the command. */
export function execOn(target: Target, argv: readonly string[], neigh?: NeighTables): ExecResult {
  // `exec host -- "ip addr"` passes one word; a shell would have split it.
  const args = argv.length === 1 ? argv[0].trim().split(/\s+/) : [...argv];
  const v = view(target, neigh);
  const [cmd, ...rest] = args;

  if (cmd === 'ip') return ipCommand(v, rest);
  if (cmd === 'route' && rest.length === 1 && rest[0] === '-n') return ok(renderRouteN(v.routes));
  if (cmd === 'arp' && rest.every((a) => /^-[ane]+$/.test(a))) {
    // busybox prints its BSD-style lines whatever the flags; net-tools does with -a, else its table
    const bsd = v.fmt === 'iproute2' && rest.some((a) => a.includes('a'));
    return ok(bsd ? renderArpA(v.neigh) : renderArpN(v.neigh, v.fmt));
  }
  if (cmd === 'cat' && rest.length === 1) return cat(v, rest[0]);
  throw unknown(args);
}

/** Programs `exec` runs; anything else gets this list. */
export const PROGRAMS = ['ip', 'route', 'arp', 'cat', 'ping', 'traceroute', 'tcpdump', 'ipvsadm'];

function unknown(args: readonly string[]): ConfigError {
  const [cmd] = args;
  if (PROGRAMS.includes(cmd)) return new ConfigError('command', `these ${cmd} arguments are not simulated (see exec --help)`, args.join(' '));
  if (['sh', 'bash', 'ash'].includes(cmd)) return new ConfigError('command', 'for a session that keeps state between commands run `calico-ipip-sim shell`', args.join(' '));
  const near = didYouMean(cmd, PROGRAMS);
  return new ConfigError('command', `not simulated; exec runs ${PROGRAMS.join(', ')} (see exec --help)`, args.join(' '), near);
}

const CONF = /^\/proc\/sys\/net\/ipv4\/conf\/([^/]+)\/(proxy_arp|forwarding)$/;

function cat(v: HostView, path: string): ExecResult {
  if (path === '/proc/sys/net/ipv4/ip_forward') return ok(v.isPod ? '0\n' : '1\n'); // CNI sets 0 in pods
  const m = CONF.exec(path);
  if (!m) throw unknown(['cat', path]);
  const [, dev, key] = m;
  const iface = v.ifaces.find((i) => i.name === dev);
  if (!iface && dev !== 'all' && dev !== 'default') {
    const msg = v.fmt === 'busybox' ? `cat: can't open '${path}': No such file or directory\n` : `cat: ${path}: No such file or directory\n`;
    return { stdout: '', stderr: msg, code: 1 };
  }
  if (key === 'proxy_arp') return ok(iface?.proxyArp ? '1\n' : '0\n');
  // forwarding: on for every host interface (Kubernetes nodes forward), off inside pods.
  return ok(v.isPod ? '0\n' : '1\n');
}
