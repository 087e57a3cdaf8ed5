// Capture points a user asks for (`--tcpdump <node-or-pod>:<iface>`, `--pcap DIR`): resolved
// against the cluster, fed by the simulation's frame listener, printed as tcpdump -eNnnvl
// lines (host/capture/tcpdump.ts) and/or written as one classic pcap file per point
// (host/capture/pcap.ts: Ethernet for eth0/cali/ens160, raw IP for tunl0), made by pcapDir.ts.

import type { Cluster } from '../cluster/types.ts';
import { ConfigError } from '../errors.ts';
import type { LinkKind } from '../capture/pcap.ts';
import { openPcap, pcapSet, type PcapDir } from './pcapDir.ts';
import { TcpdumpSession } from '../capture/tcpdump.ts';
import { parseTcpdumpArgs, type TcpdumpStyle } from '../capture/tcpdumpArgs.ts';
import { resolveTarget } from '../views/exec.ts';
import { didYouMean } from '../views/suggest.ts';
import { compileFilter, type FrameFilter } from '../capture/filter.ts';
import { nodePoint, podPoint, type PointKey, type Simulation } from '../sim/simulation.ts';

export interface Tap {
  /** `<host>:<iface>` as the user wrote the host, e.g. `k8s-master-1:tunl0`. */
  label: string;
  iface: string;
  link: LinkKind;
  /** null for an interface that exists but that no simulated frame crosses (lo, kube-ipvs0). */
  point: PointKey | null;
  /** This capture's own filter and print style (`host:iface:FILTER`, or tcpdump's flags in shell). */
  filter?: FrameFilter;
  style?: TcpdumpStyle;
  /** tcpdump -c N: packets still to print, and a callback when the count is reached. */
  limit?: { left: number; done: () => void };
}

/** Resolves `host:iface[:tcpdump arguments]` (host = node, pod, namespace/pod; the arguments are a
 *  filter, optionally after tcpdump's flags: `k8s-master-1:ens160:-en ip proto 4`) or throws ConfigError('--tcpdump'). */
export function resolveTap(sim: Simulation, spec: string, field = '--tcpdump'): Tap {
  const colon = spec.indexOf(':');
  const colon2 = colon < 0 ? -1 : spec.indexOf(':', colon + 1);
  const ifEnd = colon2 < 0 ? spec.length : colon2;
  if (colon <= 0 || ifEnd === colon + 1) throw new ConfigError(field, 'expected <node-or-pod>:<interface>[:<filter>], e.g. k8s-master-1:tunl0 or k8s-master-1:ens160:ip proto 4', spec);
  const tap = resolvePoint(sim, spec.slice(0, colon), spec.slice(colon + 1, ifEnd), spec, field);
  if (colon2 >= 0) {
    const args = parseTcpdumpArgs(splitFilterWords(spec.slice(colon2 + 1)));
    const flagged = /(^|\s)-/.test(spec.slice(colon2 + 1));
    if (args.iface !== undefined) throw new ConfigError(field, 'the interface is the part before the filter; leave out -i', spec);
    if (args.filter.trim() !== '') tap.filter = compileFilter(args.filter, field);
    if (flagged) tap.style = args.style;
    if (args.count !== undefined) tap.limit = { left: args.count, done: () => {} };
  }
  return tap;
}

/** Words of a filter spec: split on blanks, quotes grouping as sh would. */
function splitFilterWords(s: string): string[] {
  return (s.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => (/^(["']).*\1$/.test(w) ? w.slice(1, -1) : w));
}

/** The capture point of `iface` on `host`. */
export function resolvePoint(sim: Simulation, host: string, iface: string, spec: string, field: string): Tap {
  const cluster: Cluster = sim.cluster;
  let target;
  try {
    target = resolveTarget(cluster, host);
    // a node and a pod of one name: the interface decides (a pod's eth0, a node's ens160)
    if (target.kind === 'node' && !target.node.ifaces.some((f) => f.name === iface)) {
      const pod = resolveTarget(cluster, host, undefined, 'pod');
      if (pod.kind === 'pod' && pod.pod.ifaces.some((f) => f.name === iface)) target = pod;
    }
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(field, e.message, spec, e.hint);
    throw e;
  }
  const names = target.kind === 'node' ? target.node.ifaces.map((f) => f.name) : target.pod.ifaces.map((f) => f.name);
  if (!names.includes(iface)) throw new ConfigError(field, `no interface ${iface} on ${host} (it has ${names.join(', ')})`, spec, didYouMean(iface, names));
  const link: LinkKind = iface === 'tunl0' ? 'raw' : 'ether';
  let point: PointKey | null = null;
  if (target.kind === 'node') {
    const info = sim.dataplane.nodes[target.node.index];
    const f = info.ifaces.find((x) => x.name === iface);
    if (f) point = nodePoint(info.index, f.index);
  } else if (iface === 'eth0') {
    point = podPoint(`${target.pod.namespace}/${target.pod.name}`);
  }
  return { label: `${host}:${iface}`, iface, link, point };
}

/** What `tcpdump -i <iface>` prints on stderr when it starts (tcpdump.c: the suppressed-output
 *  notice without -v, else the program name, then the device and link type). */
export function listeningBanner(t: Tap, verbose: number = t.style?.verbose ?? 1): string {
  const lt = t.link === 'raw' ? 'RAW (Raw IP)' : 'EN10MB (Ethernet)';
  const head = verbose === 0 ? 'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n' : 'tcpdump: ';
  return `${head}listening on ${t.iface}, link-type ${lt}, snapshot length 262144 bytes\n`;
}

export interface CaptureOptions {
  taps: Tap[];
  /** Print each packet's lines (called in simulated-time order). */
  print?: (tap: Tap, lines: string[]) => void;
  /** Write <label>.pcap files here (every tap, printed or not). */
  pcapDir?: string;
  pcapTaps?: Tap[];
  filter?: FrameFilter;
  verbose?: 1 | 2;
}

/** Attaches printing and pcap writing to `sim` until `close()`. */
export class Captures {
  readonly pcap: PcapDir | null;
  private readonly detach: () => void;

  constructor(sim: Simulation, o: CaptureOptions) {
    const printed = o.print ? o.taps : [];
    const written = o.pcapDir !== undefined ? (o.pcapTaps ?? o.taps) : [];
    this.pcap = o.pcapDir !== undefined ? pcapSet(o.pcapDir) : null;
    for (const t of written) openPcap(this.pcap!, t.label, t.link); // a point with no packets still gets its file
    const byPoint = new Map<PointKey, { tap: Tap; session: TcpdumpSession | null; pcap: boolean }[]>();
    const add = (t: Tap, print: boolean, pcap: boolean): void => {
      if (t.point === null) return;
      let l = byPoint.get(t.point);
      if (!l) byPoint.set(t.point, (l = []));
      const have = l.find((x) => x.tap.label === t.label);
      const printer = (): TcpdumpSession => new TcpdumpSession(t.link, t.style?.verbose ?? o.verbose ?? 1, t.style?.link ?? true, t.style ?? {});
      if (have) {
        if (print && !have.session) have.session = printer();
        have.pcap ||= pcap;
      } else {
        l.push({ tap: t, session: print ? printer() : null, pcap });
      }
    };
    for (const t of printed) add(t, true, false);
    for (const t of written) add(t, false, true);
    this.detach = sim.listen((point, tNs, frame) => {
      const l = byPoint.get(point);
      if (!l) return;
      const wall = sim.clock.wall(tNs);
      for (const x of l) {
        const filter = x.tap.filter ?? o.filter;
        if (filter && !filter(frame, x.tap.link)) continue;
        const limit = x.tap.limit;
        if (x.session && (!limit || limit.left > 0)) {
          o.print!(x.tap, x.session.lines(frame, wall));
          if (limit && --limit.left === 0) limit.done();
        }
        if (x.pcap) this.pcap!.write(x.tap.label, x.tap.link, wall, frame);
      }
    });
  }

  close(): void {
    this.detach();
    this.pcap?.close();
  }
}
