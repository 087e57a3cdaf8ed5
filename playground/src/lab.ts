// The page's simulated cluster: one SimSession (the CLI's shell session) plus a recorder on
// every interface a frame can cross. Each command run returns what it printed, every frame it
// made (where, when, which way) grouped into packets, and the state it left behind; the pcap
// of each interface grows across commands, as a tcpdump -w left running would.

import {
  ConfigError, PcapWriter, formatIp4, SimSession, decodeFrame, dissect, pcapFileName, readNodeCounters, tcpdumpText, walkFromCaptures,
  type CapturedFrame, type Cluster, type LinkKind, type NodeCounters, type Tap, type TreeNode, type Walk,
} from '../../host/api/browser.ts';

export type Command = 'ping' | 'traceroute';

export interface Frame extends CapturedFrame {
  /** Position in the run, from 1. */
  n: number;
  label: string;
  /** Simulated wall time, ns since the epoch. */
  wallNs: bigint;
  /** tcpdump -e -nn -v's text. */
  text: string;
  /** Which packet of the run this frame is a hop of (packets[]). */
  packet: number;
}

export interface Packet {
  /** One line: what the packet is (echo request 172.16.196.1 > 172.16.109.65, ARP who-has …). */
  title: string;
  frames: Frame[];
  walk: Walk;
}

export interface Run {
  command: Command;
  pod: string;
  dst: string;
  status: number;
  output: string;
  frames: Frame[];
  packets: Packet[];
}

export interface HostState {
  routes: string;
  neigh: string;
  counters: NodeCounters | null;
}

interface Recorder {
  tap: Tap;
  host: string;
  pcap: PcapWriter;
}

export class Lab {
  readonly session: SimSession;
  private readonly recorders = new Map<string, Recorder>();

  constructor(readonly cluster: Cluster, engine: 'wasm' | 'ts' = 'wasm') {
    this.session = new SimSession(cluster, { engine });
    for (const tap of this.session.allTaps()) {
      if (tap.point === null) continue;
      const host = tap.label.slice(0, tap.label.lastIndexOf(':'));
      this.recorders.set(tap.point, { tap, host: host.includes('/') ? host.slice(host.indexOf('/') + 1) : host, pcap: new PcapWriter(tap.link) });
    }
  }

  /** Pods as `namespace/name`, with their IP and node. */
  pods(): { key: string; name: string; ip: string; node: string }[] {
    return this.cluster.pods.map((p) => ({ key: `${p.namespace}/${p.name}`, name: p.name, ip: formatIp4(p.ip), node: p.node }));
  }

  run(command: Command, pod: string, dst: string, count = 1): Run {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    const frames: Frame[] = [];
    const sim = this.session.sim;
    const stop = sim.listen((point, tNs, frame, dir) => {
      const r = this.recorders.get(point);
      if (!r) return;
      const wallNs = sim.clock.wall(tNs);
      r.pcap.write(wallNs, frame);
      const linkType: LinkKind = r.tap.link;
      frames.push({
        n: frames.length + 1, label: r.tap.label, host: r.host, iface: r.tap.iface, direction: dir, linkType, frame, wallNs,
        text: tcpdumpText(frame, linkType, { verbose: 1 }), packet: -1,
      });
    });
    let status: number;
    try {
      status = command === 'ping'
        ? this.session.ping({ pod, host: dst, count }, io)
        : this.session.traceroute(pod, dst, { numeric: true }, io);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      out.push(`${e.format()}\n`);
      status = 2;
    } finally {
      stop();
    }
    return { command, pod, dst, status, output: out.join(''), frames, packets: this.packets(frames, pod, dst) };
  }

  /** The frames of one packet: the same packet seen at each interface it crossed. */
  private packets(frames: Frame[], pod: string, dst: string): Packet[] {
    const byKey = new Map<string, Frame[]>();
    for (const f of frames) {
      const k = packetKey(f);
      let l = byKey.get(k);
      if (!l) byKey.set(k, (l = []));
      l.push(f);
    }
    const packets: Packet[] = [];
    for (const l of byKey.values()) {
      const i = packets.length;
      for (const f of l) f.packet = i;
      const walk = walkFromCaptures(this.cluster, pod.slice(pod.indexOf('/') + 1), dst, l);
      packets.push({ title: packetTitle(l[0]), frames: l, walk });
    }
    return packets;
  }

  /** What `ip route`, `ip neigh` print on `host` now, and its dataplane counters (nodes only). */
  state(host: string): HostState {
    const text = (argv: string[]): string => {
      try {
        const r = this.session.exec(host, argv);
        return r.stdout + r.stderr;
      } catch (e) {
        return e instanceof ConfigError ? e.format() : String(e);
      }
    };
    const node = this.cluster.nodes.findIndex((n) => n.spec.name === host);
    return {
      routes: text(['ip', 'route']),
      neigh: text(['ip', 'neigh']),
      counters: node >= 0 ? readNodeCounters(this.session.sim.dataplane, node) : null,
    };
  }

  /** Each interface's pcap so far: label, file name, packets, bytes. */
  captures(): { label: string; file: string; count: number; bytes: () => Uint8Array }[] {
    return [...this.recorders.values()].map((r) => ({ label: r.tap.label, file: pcapFileName(r.tap.label), count: r.pcap.count, bytes: () => r.pcap.bytes() }));
  }
}

export function tree(f: Frame): TreeNode[] {
  return dissect(f.frame, f.linkType, f.n);
}

/** What stays the same while a packet crosses the cluster: its (inner) IPv4 source,
 *  destination, protocol and ID; an ARP packet (one link, never forwarded) by its text. */
function packetKey(f: Frame): string {
  const ip = decodeFrame(f.frame, f.linkType).ip;
  return ip ? `ip ${ip.src} > ${ip.dst} proto ${ip.proto} id ${ip.id}` : `text ${f.text}`;
}

/** tcpdump's one line without -e and -v (`IP 192.168.0.11 > 172.16.196.1: ICMP time exceeded
 *  in-transit, length 54`), from the packet's first frame, without the leading `IP `. */
function packetTitle(f: Frame): string {
  return tcpdumpText(f.frame, f.linkType, { verbose: 0, link: false }).split('\n')[0].replace(/^IP /, '').replace(/^ARP, /, 'ARP ');
}
