// Capture points a user asks for (`--tcpdump <node-or-pod>:<iface>`, `--pcap DIR`): resolved
// against the cluster, fed by the simulation's frame listener, printed as tcpdump -eNnnvl
// lines (host/capture/tcpdump.ts) and/or written as one classic pcap file per point
// (host/capture/pcap.ts: Ethernet for eth0/cali/ens160, raw IP for tunl0).

import type { Cluster } from '../cluster/types.ts';
import { ConfigError } from '../errors.ts';
import { PcapCaptureSet, type LinkKind } from '../capture/pcap.ts';
import { TcpdumpSession } from '../capture/tcpdump.ts';
import { resolveTarget } from '../views/exec.ts';
import type { FrameFilter } from './filter.ts';
import { nodePoint, podPoint, type PointKey, type Simulation } from './simulation.ts';

export interface Tap {
  /** `<host>:<iface>` as the user wrote the host, e.g. `k8s-master-1:tunl0`. */
  label: string;
  iface: string;
  link: LinkKind;
  /** null for an interface that exists but that no simulated frame crosses (lo, kube-ipvs0). */
  point: PointKey | null;
}

/** Resolves `host:iface` (host = node, pod, namespace/pod) or throws ConfigError('--tcpdump'). */
export function resolveTap(sim: Simulation, spec: string, field = '--tcpdump'): Tap {
  const colon = spec.lastIndexOf(':');
  if (colon <= 0 || colon === spec.length - 1) throw new ConfigError(field, 'expected <node-or-pod>:<interface>, e.g. k8s-master-1:tunl0', spec);
  const host = spec.slice(0, colon);
  const iface = spec.slice(colon + 1);
  const cluster: Cluster = sim.cluster;
  let target;
  try {
    target = resolveTarget(cluster, host);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(field, e.message, spec);
    throw e;
  }
  const names = target.kind === 'node' ? target.node.ifaces.map((f) => f.name) : target.pod.ifaces.map((f) => f.name);
  if (!names.includes(iface)) throw new ConfigError(field, `no interface ${iface} on ${host} (it has ${names.join(', ')})`, spec);
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

/** What `tcpdump -i <iface>` prints on stderr when it starts. */
export function listeningBanner(t: Tap): string {
  const lt = t.link === 'raw' ? 'RAW (Raw IP)' : 'EN10MB (Ethernet)';
  return `tcpdump: listening on ${t.iface}, link-type ${lt}, snapshot length 262144 bytes\n`;
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
  readonly pcap: PcapCaptureSet | null;
  private readonly detach: () => void;

  constructor(sim: Simulation, o: CaptureOptions) {
    const printed = o.print ? o.taps : [];
    const written = o.pcapDir !== undefined ? (o.pcapTaps ?? o.taps) : [];
    this.pcap = o.pcapDir !== undefined ? new PcapCaptureSet(o.pcapDir) : null;
    for (const t of written) this.pcap!.open(t.label, t.link); // a point with no packets still gets its file
    const byPoint = new Map<PointKey, { tap: Tap; session: TcpdumpSession | null; pcap: boolean }[]>();
    const add = (t: Tap, print: boolean, pcap: boolean): void => {
      if (t.point === null) return;
      let l = byPoint.get(t.point);
      if (!l) byPoint.set(t.point, (l = []));
      const have = l.find((x) => x.tap.label === t.label);
      if (have) {
        if (print && !have.session) have.session = new TcpdumpSession(t.link, o.verbose ?? 1);
        have.pcap ||= pcap;
      } else {
        l.push({ tap: t, session: print ? new TcpdumpSession(t.link, o.verbose ?? 1) : null, pcap });
      }
    };
    for (const t of printed) add(t, true, false);
    for (const t of written) add(t, false, true);
    const filter = o.filter;
    this.detach = sim.listen((point, tNs, frame) => {
      const l = byPoint.get(point);
      if (!l) return;
      const wall = sim.clock.wall(tNs);
      for (const x of l) {
        if (filter && !filter(frame, x.tap.link)) continue;
        if (x.session) o.print!(x.tap, x.session.lines(frame, wall));
        if (x.pcap) this.pcap!.write(x.tap.label, x.tap.link, wall, frame);
      }
    });
  }

  close(): void {
    this.detach();
    this.pcap?.close();
  }
}
