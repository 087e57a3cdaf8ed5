// Seed frames for the fuzzer, made from the cluster's own traffic so that mutations start
// from packets that reach deep into the data path (a random byte string mostly dies at the
// Ethernet check):
//   at every pod (injected into its cali rx ring): ICMP echo, UDP, TCP SYN to every other
//   pod, ping to every node IP and tunl0 address, to a service IP and to the outside, a big
//   DF=0 UDP packet to a remote pod (fragmentation on tunl0) and a DF one (frag-needed),
//   ARP requests for 169.254.1.1, for the node IP, for its own IP and for a remote pod;
//   at every node's ens160 (injected into its external inbox): IPIP from every other node to
//   a local pod, IPIP in IPIP, IPIP addressed to a non-local address, plain IP from the
//   outside to a pod, a ping to the node, ARP requests from a neighbour and from the gateway.

import type { Dataplane } from '../dataplane/build.ts';
import { IfaceRecord } from '../dataplane/records.ts';
import { parseIp4, parseMac } from '../net/addr.ts';
import { externalMac } from '../dataplane/nexthops.ts';
import { hostsOf } from '../dataplane/ports.ts';
import * as L from '../layout.ts';
import { ETHERTYPE_IPV4, ethFrame } from '../net/ethernet.ts';
import { IPPROTO_ICMP, IPPROTO_IPIP, IPPROTO_TCP, IPPROTO_UDP } from '../net/ipv4.ts';
import { arpWhoHas, icmpEcho, ipv4, tcpSyn, udp } from './frames.ts';

/** Where the headers are: IP = Ethernet + IPv4 at 14; IPIP = … + inner IPv4 at 34; ARP at 14. */
export const Shape = { Ip: 0, Ipip: 1, Arp: 2 } as const;
export type Shape = (typeof Shape)[keyof typeof Shape];

export interface Template {
  name: string;
  bytes: Uint8Array;
  shape: Shape;
  node: number;
  /** Data-path interface index the frame arrives on (0 = ens160, ≥ 2 = a cali). */
  iface: number;
  /** The input ring (same address in every dataplane built from the same cluster). */
  ring: number;
  /** The receiving interface's MTU (for max-length frames). */
  mtu: number;
}

const SERVICE_PROBE = parseIp4('10.96.0.1') as number;
const OUTSIDE = parseIp4('8.8.8.8') as number;
const POD_GW = parseIp4('169.254.1.1') as number;

const ifMac = (dp: Dataplane, node: number, iface: number): Uint8Array => new IfaceRecord(dp.mem, dp.nodes[node].ifaces[iface].record).mac;
const ifMtu = (dp: Dataplane, node: number, iface: number): number => new IfaceRecord(dp.mem, dp.nodes[node].ifaces[iface].record).mtu;

export function buildTemplates(dp: Dataplane): Template[] {
  const out: Template[] = [];
  const cluster = dp.cluster;
  const allPods = dp.nodes.flatMap((n) => n.pods.map((p) => ({ node: n.index, pod: p })));
  const nodeMac = (i: number): Uint8Array => parseMac(cluster.nodes[i].spec.mac) as Uint8Array;

  const hosts = hostsOf(cluster); // the nodes, then the routers (no pods, no gateway of their own)
  for (const n of dp.nodes) {
    const cn = hosts[n.index];
    // ── from each local pod, into its cali rx ring ──
    for (const p of n.pods) {
      const podMac = parseMac(p.mac) as Uint8Array;
      const cali = ifMac(dp, n.index, p.iface);
      const mtu = ifMtu(dp, n.index, p.iface);
      const add = (name: string, shape: Shape, bytes: Uint8Array): void => {
        out.push({ name: `${p.name}: ${name}`, bytes, shape, node: n.index, iface: p.iface, ring: p.rxRing, mtu });
      };
      const ip = (dst: number, proto: number, payload: Uint8Array, df = true): Uint8Array =>
        ethFrame(cali, podMac, ETHERTYPE_IPV4, ipv4({ src: p.ip, dst, proto, df }, payload));
      for (const q of allPods) {
        if (q.pod === p) continue;
        add(`icmp echo to ${q.pod.name}`, Shape.Ip, ip(q.pod.ip, IPPROTO_ICMP, icmpEcho(0x77, 1, 56)));
        add(`udp to ${q.pod.name}`, Shape.Ip, ip(q.pod.ip, IPPROTO_UDP, udp(40000, 53, 32)));
        add(`tcp syn to ${q.pod.name}`, Shape.Ip, ip(q.pod.ip, IPPROTO_TCP, tcpSyn(40001, 80)));
        if (q.node !== n.index) {
          add(`big udp DF=0 to ${q.pod.name}`, Shape.Ip, ip(q.pod.ip, IPPROTO_UDP, udp(40002, 9, mtu - 28), false));
          add(`big udp DF to ${q.pod.name}`, Shape.Ip, ip(q.pod.ip, IPPROTO_UDP, udp(40003, 9, mtu - 28), true));
        }
      }
      for (const m of cluster.nodes) {
        add(`ping node ${m.spec.name}`, Shape.Ip, ip(m.ip, IPPROTO_ICMP, icmpEcho(0x78, 2, 8)));
        if (m.tunl0Ip !== null) add(`ping tunl0 of ${m.spec.name}`, Shape.Ip, ip(m.tunl0Ip, IPPROTO_ICMP, icmpEcho(0x79, 3, 8)));
      }
      add('ping a service IP', Shape.Ip, ip(SERVICE_PROBE, IPPROTO_ICMP, icmpEcho(0x7a, 4, 8)));
      add('udp to the outside', Shape.Ip, ip(OUTSIDE, IPPROTO_UDP, udp(40004, 53, 20)));
      const arp = (tpa: number): Uint8Array => arpWhoHas(podMac, p.ip, tpa);
      add('arp who-has 169.254.1.1', Shape.Arp, arp(POD_GW));
      add('arp who-has the node IP', Shape.Arp, arp(cn.ip));
      add('arp who-has itself', Shape.Arp, arp(p.ip));
      const remote = allPods.find((q) => q.node !== n.index);
      if (remote) add(`arp who-has ${remote.pod.name}`, Shape.Arp, arp(remote.pod.ip));
    }

    // ── on ens160, into the node's external inbox ──
    const up = ifMac(dp, n.index, L.IF_UPLINK);
    const upMtu = ifMtu(dp, n.index, L.IF_UPLINK);
    const addUp = (name: string, shape: Shape, bytes: Uint8Array): void => {
      out.push({ name: `${cn.spec.name} ens160: ${name}`, bytes, shape, node: n.index, iface: L.IF_UPLINK, ring: n.externalInbox, mtu: upMtu });
    };
    const gw = parseIp4(cn.spec.gateway);
    const gwMac = externalMac(gw ?? 0);
    for (const m of cluster.nodes) {
      if (m.index === n.index) continue;
      const src = nodeMac(m.index);
      const wire = (ip: Uint8Array): Uint8Array => ethFrame(up, src, ETHERTYPE_IPV4, ip);
      for (const p of n.pods) {
        const srcPod = allPods.find((q) => q.node === m.index)?.pod;
        const innerSrc = srcPod?.ip ?? m.tunl0Ip ?? m.ip;
        const inner = ipv4({ src: innerSrc, dst: p.ip, proto: IPPROTO_ICMP, ttl: 63 }, icmpEcho(0x80, 5, 56));
        const outer = ipv4({ src: m.ip, dst: cn.ip, proto: IPPROTO_IPIP, ttl: 63, df: true }, inner);
        addUp(`ipip from ${m.spec.name} to ${p.name}`, Shape.Ipip, wire(outer));
        const innerUdp = ipv4({ src: innerSrc, dst: p.ip, proto: IPPROTO_UDP, ttl: 63 }, udp(5000, 5001, 100));
        addUp(`ipip udp from ${m.spec.name} to ${p.name}`, Shape.Ipip,
          wire(ipv4({ src: m.ip, dst: cn.ip, proto: IPPROTO_IPIP, ttl: 63 }, innerUdp)));
        const nested = ipv4({ src: m.ip, dst: cn.ip, proto: IPPROTO_IPIP, ttl: 63 }, outer);
        addUp(`ipip in ipip from ${m.spec.name} to ${p.name}`, Shape.Ipip, wire(nested));
        addUp(`ipip to a non-local address (${m.spec.name}'s IP)`, Shape.Ipip,
          wire(ipv4({ src: m.ip, dst: m.ip, proto: IPPROTO_IPIP, ttl: 63 }, inner)));
        addUp('ipip to the outside', Shape.Ipip,
          wire(ipv4({ src: m.ip, dst: OUTSIDE, proto: IPPROTO_IPIP, ttl: 63 }, inner)));
      }
      addUp(`ping from ${m.spec.name}`, Shape.Ip,
        wire(ipv4({ src: m.ip, dst: cn.ip, proto: IPPROTO_ICMP }, icmpEcho(0x81, 6, 16))));
      addUp(`arp from ${m.spec.name}`, Shape.Arp, arpWhoHas(src, m.ip, cn.ip));
    }
    if (gw === null) continue; // a router
    for (const p of n.pods) {
      addUp(`from the outside to ${p.name}`, Shape.Ip,
        ethFrame(up, gwMac, ETHERTYPE_IPV4, ipv4({ src: OUTSIDE, dst: p.ip, proto: IPPROTO_TCP }, tcpSyn(443, 40000))));
    }
    addUp('arp from the gateway', Shape.Arp, arpWhoHas(gwMac, gw, cn.ip));
  }
  return out;
}
