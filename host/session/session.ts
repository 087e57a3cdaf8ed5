// A user's session with one simulated cluster: what `ping` and `shell` run on. It keeps the
// simulation (clock, pods' ARP caches, nodes' neighbour tables, IP ID counters) between
// commands, so `exec <pod> -- ip neigh` after a `ping` shows what the ping left behind, as in
// the seed's walkthrough. Each ping is a new busybox process: its pid (the ICMP identifier)
// counts up per pod from 29, the seed's first ping's id.

import type { Cluster } from '../cluster/types.ts';
import { parseIp4 } from '../net/addr.ts';
import { ConfigError } from '../errors.ts';
import { parseTcpdumpArgs } from '../capture/tcpdumpArgs.ts';
import { execOn, resolveTarget, type ExecResult, type Target } from '../views/exec.ts';
import { BusyboxPing, monotonicUsOf, PMTU_DISC, type PingOptions } from '../pod/ping.ts';
import type { Io } from '../io.ts';
import { BusyboxTraceroute, type TracerouteOptions } from '../pod/traceroute.ts';
import { HORIZON_NS, HORIZON_S, NS_PER_S } from '../sim/clock.ts';
import { compileFilter } from '../capture/filter.ts';
import { derived16, Simulation } from '../sim/simulation.ts';
import type { SimOptions } from '../sim/options.ts';
import { Captures, listeningBanner, resolvePoint, resolveTap, type Tap } from './taps.ts';
import { runClient } from './clients.ts';
import { pingSends, pingSpan } from './pingLimits.ts';

export const FIRST_PID = 29;

/** A ping as typed: the pod, the target, busybox's options (host/pod/ping.ts) and the captures. */
export interface PingArgs extends Partial<PingOptions> {
  pod: string;
  host: string;
  tcpdump?: string[];
  pcap?: string;
  filter?: string;
  verbose?: 1 | 2;
}

function int(field: string, v: number | undefined, lo: number, hi: number): void {
  if (v !== undefined && (!Number.isInteger(v) || v < lo || v > hi)) throw new ConfigError(field, `must be an integer ${lo}..${hi}`, v);
}

function secs(field: string, v: number | undefined, lo: number, typed: unknown = v): void {
  if (v !== undefined && (!Number.isFinite(v) || v < lo)) throw new ConfigError(field, `must be a number of seconds ≥ ${lo}`, typed);
}

export class SimSession {
  readonly sim: Simulation;
  private readonly pids = new Map<string, number>();
  private readonly traceroutes = new Map<string, number>();
  /** Captures armed by `tcpdump` typed in the shell: they print for every later command. */
  private readonly armed: Tap[] = [];

  constructor(cluster: Cluster, opts: SimOptions = {}) {
    this.sim = new Simulation(cluster, opts);
  }

  get cluster(): Cluster {
    return this.sim.cluster;
  }

  /** `exec <host> -- <argv>` with the session's neighbour tables. */
  exec(host: string, argv: readonly string[]): ExecResult {
    return this.execTarget(resolveTarget(this.cluster, host), argv);
  }

  execTarget(target: Target, argv: readonly string[]): ExecResult {
    return execOn(target, argv, this.sim.neighTables());
  }

  /** `tcpdump [-i IF] [flags] [FILTER]` typed on `host`: a capture printed by the commands that
   *  follow (tcpdump keeps running in the background of the shell). Returns the exit status. */
  arm(host: string, argv: readonly string[], io: Io): number {
    const a = parseTcpdumpArgs(argv);
    const target = resolveTarget(this.cluster, host);
    const iface = a.iface ?? (target.kind === 'node' ? target.node.spec.iface : 'eth0'); // tcpdump's first up, non-loopback interface
    const tap = resolvePoint(this.sim, host, iface, `${host}:${iface}`, 'tcpdump -i');
    tap.style = a.style;
    if (a.filter.trim() !== '') tap.filter = compileFilter(a.filter, 'tcpdump');
    if (a.count !== undefined) {
      const n = a.count;
      tap.limit = {
        left: n,
        done: () => {
          this.armed.splice(this.armed.indexOf(tap), 1);
          io.err(`${n} packet${n === 1 ? '' : 's'} captured\n${n} packet${n === 1 ? '' : 's'} received by filter\n0 packets dropped by kernel\n`);
        },
      };
    }
    io.err(listeningBanner(tap));
    this.armed.push(tap);
    return 0;
  }

  /** Lets simulated time pass (timers fire: ARP entries age, in-flight frames land); `typed`
   *  is the value as the user wrote it, for the error. */
  sleep(seconds: number, typed: unknown = seconds): void {
    secs('sleep', seconds, 0, typed);
    this.within('sleep', seconds, typed);
    this.sim.clock.advance(seconds * NS_PER_S);
  }

  /** Refuses a command that may run the clock `seconds` on, past what the model keeps exact. */
  private within(field: string, seconds: number, typed: unknown): void {
    const left = (HORIZON_NS - this.sim.clock.now) / NS_PER_S;
    if (seconds > left) {
      throw new ConfigError(field, `the simulation is exact for its first ${HORIZON_S} s (the core's timers wrap after that): ${+left.toFixed(3)} s are left, this would take ${+seconds.toPrecision(6)} s`, typed);
    }
  }

  /** busybox `ping` in `a.pod` with captures; returns its exit status. */
  ping(a: PingArgs, io: Io): number {
    const target = resolveTarget(this.cluster, a.pod, undefined, 'pod');
    if (target.kind !== 'pod') throw new ConfigError('pod', 'ping runs inside a pod (nodes are not simulated as senders)', a.pod);
    const count = a.count ?? 0;
    int('-c', count, 0, 2 ** 31 - 1);
    // busybox's bad address comes before anything about running forever (BusyboxPing.start)
    const runs = parseIp4(a.host) !== null;
    if (runs && count === 0 && !a.deadlineS) pingSends({ count: a.count, deadlineS: a.deadlineS });
    int('-s', a.size, 0, 65507);
    int('-t', a.ttl, 1, 255);
    int('-p', a.pattern, 0, 255);
    int('--pid', a.pid, 1, 4194304);
    if (a.pmtudisc !== undefined && !PMTU_DISC.includes(a.pmtudisc)) throw new ConfigError('-M', `must be one of ${PMTU_DISC.join(', ')}`, String(a.pmtudisc));
    secs('-W', a.timeoutS, 0);
    secs('-w', a.deadlineS, 0);
    secs('-i', a.intervalS, 0);
    if (runs) {
      const span = pingSpan({ count, deadlineS: a.deadlineS, intervalS: a.intervalS, timeoutS: a.timeoutS }, pingSends({ count, deadlineS: a.deadlineS, intervalS: a.intervalS }));
      this.within(span.field, span.seconds, span.value);
    }
    const own: Tap[] = (a.tcpdump ?? []).map((s) => resolveTap(this.sim, s));
    const taps: Tap[] = [...this.armed, ...own];
    const filter = a.filter === undefined ? undefined : compileFilter(a.filter);
    let pcapTaps: Tap[] | undefined;
    if (a.pcap !== undefined && taps.length === 0) pcapTaps = this.allTaps();

    const key = `${target.pod.namespace}/${target.pod.name}`;
    const pid = a.pid ?? this.pids.get(key) ?? FIRST_PID;
    this.pids.set(key, pid + 1);

    const many = taps.length > 1;
    for (const t of own) io.err(listeningBanner(t, t.style?.verbose ?? a.verbose ?? 1));
    const captures = new Captures(this.sim, {
      taps,
      pcapDir: a.pcap,
      pcapTaps,
      filter,
      verbose: a.verbose,
      print: (tap, lines) => io.out(lines.map((l) => (many ? `[${tap.label}] ${l}` : l)).join('\n') + '\n'),
    });
    const sim = this.sim;
    const p = new BusyboxPing(sim.pod(key), a.host, {
      count, size: a.size, ttl: a.ttl, timeoutS: a.timeoutS, deadlineS: a.deadlineS, intervalS: a.intervalS,
      quiet: a.quiet, pattern: a.pattern, pmtudisc: a.pmtudisc, pid,
    }, {
      now: () => sim.clock.now,
      at: (t, run) => sim.clock.at(t, run),
      txNs: sim.latency.podTx,
      monotonicUs: () => monotonicUsOf(sim.clock.now, 0),
      out: io.out,
      err: io.err,
    });
    try {
      p.start();
      sim.clock.run(() => p.exitCode !== null);
    } finally {
      captures.close();
    }
    if (p.exitCode === null) throw new Error('internal: the ping process never finished');
    return p.exitCode;
  }

  /** busybox `traceroute` in `pod` (printed through the shell's armed captures); returns its exit status. */
  traceroute(pod: string, host: string, o: Omit<TracerouteOptions, 'sourcePort'>, io: Io): number {
    const target = resolveTarget(this.cluster, pod, undefined, 'pod');
    if (target.kind !== 'pod') throw new ConfigError('pod', 'traceroute runs inside a pod (nodes are not simulated as senders)', pod);
    const hops = (o.maxTtl ?? 30) - (o.firstTtl ?? 1) + 1;
    const probes = o.probes ?? 3;
    if (parseIp4(host) !== null) this.within('traceroute -w', hops * (probes * (o.waitS ?? 5) + ((probes - 1) * (o.pauseMs ?? 0)) / 1000), o.waitS ?? 5);
    const key = `${target.pod.namespace}/${target.pod.name}`;
    // connect() autobinds the UDP socket to a random port of ip_local_port_range (32768..60999):
    // drawn here from the pod and a per-pod run counter, so a session replays the same ports.
    const runs = this.traceroutes.get(key) ?? 0;
    this.traceroutes.set(key, runs + 1);
    const sourcePort = 32768 + (derived16(`sport:${key}:${runs}`) % (60999 - 32768 + 1));
    const many = this.armed.length > 1;
    const captures = new Captures(this.sim, {
      taps: this.armed,
      print: (tap, lines) => io.out(lines.map((l) => (many ? `[${tap.label}] ${l}` : l)).join('\n') + '\n'),
    });
    const sim = this.sim;
    const t = new BusyboxTraceroute(sim.pod(key), host, { ...o, sourcePort }, {
      now: () => sim.clock.now,
      at: (at, run) => sim.clock.at(at, run),
      txNs: sim.latency.podTx,
      out: io.out,
      err: io.err,
    });
    try {
      t.start();
      sim.clock.run(() => t.exitCode !== null);
    } finally {
      captures.close();
    }
    if (t.exitCode === null) throw new Error('internal: the traceroute process never finished');
    return t.exitCode;
  }

  /** busybox `wget` / `nc` in `pod` (printed through the shell's armed captures and `tcpdump`,
   *  `pcap` as for ping); returns its exit status. */
  client(pod: string, argv: readonly string[], io: Io, capture: { tcpdump?: string[]; pcap?: string } = {}): number {
    const stack = this.clientStack(pod, argv[0]);
    const own: Tap[] = (capture.tcpdump ?? []).map((s) => resolveTap(this.sim, s));
    const taps: Tap[] = [...this.armed, ...own];
    const pcapTaps = capture.pcap !== undefined && taps.length === 0 ? this.allTaps() : undefined;
    const many = taps.length > 1;
    for (const t of own) io.err(listeningBanner(t, t.style?.verbose ?? 1));
    const captures = new Captures(this.sim, {
      taps,
      pcapDir: capture.pcap,
      pcapTaps,
      print: (tap, lines) => io.out(lines.map((l) => (many ? `[${tap.label}] ${l}` : l)).join('\n') + '\n'),
    });
    try {
      return runClient(this.sim, stack, argv, io);
    } finally {
      captures.close();
    }
  }

  /** A pod's stack, or for `external:NODE` the external client on NODE's subnet (at its
   *  gateway's address: host/sim/externalHost.ts). */
  private clientStack(host: string, program: string) {
    const ext = /^external:(.+)$/.exec(host);
    if (ext) {
      if (!this.cluster.nodeByName(ext[1])) throw new ConfigError('host', 'external:NODE needs a node name', host);
      return this.sim.externalClient(ext[1]);
    }
    const target = resolveTarget(this.cluster, host, undefined, 'pod');
    if (target.kind !== 'pod') throw new ConfigError('pod', `${program} runs inside a pod or on external:NODE (nodes are not simulated as senders)`, host);
    return this.sim.pod(`${target.pod.namespace}/${target.pod.name}`);
  }

  /** Every interface a simulated frame can cross: node uplinks, tunl0s and calis, pods' eth0. */
  allTaps(): Tap[] {
    const out: Tap[] = [];
    for (const n of this.sim.dataplane.nodes) {
      const linux = (this.cluster.hostByName(n.name) ?? this.cluster.nodes[n.index]).ifaces; // routers too
      for (const f of n.ifaces) if (linux.some((x) => x.name === f.name)) out.push(resolveTap(this.sim, `${n.name}:${f.name}`));
    }
    for (const p of this.cluster.pods) out.push(resolveTap(this.sim, `${p.namespace}/${p.name}:eth0`));
    return out;
  }
}
