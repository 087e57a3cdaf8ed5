// Hand-made input frames for the replay, built from the cluster model: the cases random
// mutation reaches rarely or never. Each is named, so a mismatch says what the frame was.
//   - header checksums that make `ip_decrease_ttl`'s end-around carry happen: it adds
//     htons(0x0100) to the checksum as read in host (little-endian) order and adds the carry
//     back when the sum reaches 0xffff, which the big-endian checksums 0xfeff and 0xffff do
//     (the IP ID is chosen so that the header sums to the wanted checksum);
//   - TOS/ECN values (the outer header takes DSCP 0 and the inner ECN, `ip_tunnel_ecn_encap`);
//   - IP options (record route, timestamp, router alert, source routes, NOPs, bad lengths);
//   - fragments (first, middle, last; DF with MF) and TTL 0, 1, 2;
//   - IPIP from unknown sources and with inner destinations elsewhere;
//   - broadcast and multicast (Ethernet and IP); ARP variants; garbage.
// Frames that would leave a half-reassembled datagram in a namespace are not made (a first
// fragment for a local address): the kernel answers those 30 s later (ip_expire), outside the
// frame's window.

import type { Cluster, ClusterNode, Pod } from '../../host/cluster/types.ts';
import { externalMac } from '../../host/dataplane/nexthops.ts';
import { formatIp4, maskOf, parseIp4, parseMac, type Ip4 } from '../../host/net/addr.ts';
import { externalClientOf } from '../../host/sim/externalHost.ts';
import { HOST_VETH_MAC } from '../../host/cluster/names.ts';
import { icmpEcho, ipv4, tcpSyn, udp } from '../../host/fuzz/frames.ts';
import { TCP_ACKF, TCP_FIN, TCP_RST, TCP_SYN, tcpSegmentWith } from '../../host/net/tcp.ts';
import { icmpMessage } from '../../host/net/icmp.ts';
import { ARP_HTYPE, ARP_PLEN, ARP_SHA, arpPacket } from '../../host/net/arp.ts';
import { internetChecksum } from '../../host/net/checksum.ts';
import { st16be } from '../../host/net/endian.ts';
import { BROADCAST_MAC, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETH_HDR_LEN, ZERO_MAC, ethFrame } from '../../host/net/ethernet.ts';
import {
  IPPROTO_ICMP, IPPROTO_IPIP, IPPROTO_TCP, IPPROTO_UDP, IPV4_CSUM, IPV4_DF, IPV4_FLAGS_FRAG, IPV4_HDR_LEN, IPV4_ID, IPV4_MF,
  IPV4_TOTAL_LEN, ipv4FillChecksum,
} from '../../host/net/ipv4.ts';
import type { Inject } from './inject.ts';

export interface NamedFrame {
  name: string;
  to: Inject;
  bytes: Uint8Array;
}

const BCAST = BROADCAST_MAC;
const ip4 = (s: string): number => parseIp4(s) as number;
const mac = (s: string): Uint8Array => parseMac(s) as Uint8Array;

/** Sets the IP ID so that the header checksum of `ip` (at offset `at`) comes out as `want`. */
export function idForChecksum(b: Uint8Array, at: number, want: number): void {
  const ihl = (b[at] & 15) * 4;
  st16be(b, at + IPV4_ID, 0);
  st16be(b, at + IPV4_CSUM, 0);
  // checksum = ~(s ⊕ id) in ones' complement: id = ~want ⊖ s
  const s = (~internetChecksum(b, at, ihl)) & 0xffff; // the ones' complement sum without the ID
  let id = ((~want & 0xffff) - s) & 0xffff;
  if ((~want & 0xffff) < s) id = (id - 1) & 0xffff; // borrow, end-around
  st16be(b, at + IPV4_ID, id);
  st16be(b, at + IPV4_CSUM, want);
}

export function edgeFrames(cluster: Cluster): NamedFrame[] {
  const out: NamedFrame[] = [];
  const from = cluster.pods.find((p) => cluster.pods.some((q) => q.nodeIndex !== p.nodeIndex)) ?? cluster.pods[0];
  if (!from) return out;
  const A = cluster.nodes[from.nodeIndex];
  const remote = cluster.pods.find((q) => q.nodeIndex !== from.nodeIndex);
  const local = cluster.pods.find((q) => q !== from && q.nodeIndex === from.nodeIndex);
  const B = remote ? cluster.nodes[remote.nodeIndex] : undefined;
  const podMac = mac(from.mac);
  const cali = mac(HOST_VETH_MAC);
  const fromPod = (name: string, bytes: Uint8Array): void => void out.push({ name: `${from.name}: ${name}`, to: { pod: from }, bytes });
  const onUplink = (n: ClusterNode, name: string, bytes: Uint8Array): void => void out.push({ name: `${n.spec.name} uplink: ${name}`, to: { node: n }, bytes });
  const podIp = (dst: number, payload: Uint8Array, o: { ttl?: number; tos?: number; df?: boolean; proto?: number; id?: number } = {}): Uint8Array =>
    ethFrame(cali, podMac, ETHERTYPE_IPV4, ipv4({ src: from.ip, dst, proto: o.proto ?? IPPROTO_ICMP, ttl: o.ttl, tos: o.tos, df: o.df, id: o.id }, payload));
  const echo = (n = 56): Uint8Array => icmpEcho(0x4242, 7, n);
  const targets: [string, Pod | undefined][] = [['cross-host', remote], ['same-host', local]];

  // ── checksum edge values, through the TTL decrement ──
  for (const [where, q] of targets) {
    if (!q) continue;
    for (const want of [0xfeff, 0xffff, 0xfefe, 0xfffe, 0xff00, 0x0000, 0x00ff, 0x0100, 0x7fff]) {
      for (const ttl of [64, 2]) {
        const f = podIp(q.ip, echo(), { ttl });
        idForChecksum(f, ETH_HDR_LEN, want);
        fromPod(`${where} echo, header checksum 0x${want.toString(16).padStart(4, '0')}, ttl ${ttl}`, f);
      }
    }
  }
  if (remote && B) {
    // after decap on B the inner header's TTL is decremented: the same carry case there
    const src = mac(A.spec.mac);
    const up = mac(B.spec.mac);
    for (const want of [0xfeff, 0xffff, 0xfefe, 0x0000]) {
      const inner = ipv4({ src: from.ip, dst: remote.ip, proto: IPPROTO_ICMP, ttl: 63 }, echo());
      idForChecksum(inner, 0, want);
      const f = ethFrame(up, src, ETHERTYPE_IPV4, ipv4({ src: A.ip, dst: B.ip, proto: IPPROTO_IPIP, ttl: 64, df: true }, inner));
      onUplink(B, `ipip from ${A.spec.name}, inner checksum 0x${want.toString(16).padStart(4, '0')}`, f);
    }
  }

  // ── TOS / ECN ──
  for (const [where, q] of targets) {
    if (!q) continue;
    for (const tos of [0x01, 0x02, 0x03, 0x10, 0xb8, 0xbb, 0xc0, 0xff]) fromPod(`${where} echo, tos 0x${tos.toString(16)}`, podIp(q.ip, echo(), { tos }));
  }

  // ── IP options (IHL > 5), written after the fixed header ──
  const withOptions = (base: Uint8Array, opts: number[]): Uint8Array => {
    const pad = (4 - (opts.length % 4)) % 4;
    const o = [...opts, ...new Array(pad).fill(0)];
    const ipAt = ETH_HDR_LEN;
    const hdrLen = IPV4_HDR_LEN + o.length;
    const f = new Uint8Array(base.length + o.length);
    f.set(base.subarray(0, ipAt + IPV4_HDR_LEN));
    f.set(o, ipAt + IPV4_HDR_LEN);
    f.set(base.subarray(ipAt + IPV4_HDR_LEN), ipAt + hdrLen);
    f[ipAt] = 0x40 | (hdrLen / 4);
    st16be(f, ipAt + IPV4_TOTAL_LEN, f.length - ipAt);
    ipv4FillChecksum(f, ipAt, hdrLen);
    return f;
  };
  const OPTIONS: [string, number[]][] = [
    ['nop nop nop eol', [1, 1, 1, 0]],
    ['record route, 3 slots', [7, 15, 4, ...new Array(12).fill(0)]],
    ['record route, full', [7, 7, 8, 1, 2, 3, 4]],
    ['timestamp', [68, 12, 5, 0, ...new Array(8).fill(0)]],
    ['router alert', [148, 4, 0, 0]],
    ['loose source route', [131, 7, 4, 8, 8, 8, 8]],
    ['option length 1 (bad)', [7, 1, 0, 0]],
    ['option length past the header (bad)', [7, 40, 4, 0]],
    ['unknown option 0x9f', [0x9f, 4, 0, 0]],
  ];
  for (const [where, q] of targets) {
    if (!q) continue;
    for (const [name, o] of OPTIONS) fromPod(`${where} echo, options: ${name}`, withOptions(podIp(q.ip, echo()), o));
  }
  fromPod(`echo to ${A.spec.name}, options: record route`, withOptions(podIp(A.ip, echo()), OPTIONS[1][1]));
  // options that come back in an error or an answer (__ip_options_echo): what compiled before
  // a bad option, a timestamp whose flags Linux fills nothing for, a full prespecified one
  if (remote && B) {
    const be = (x: number): number[] => [x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255];
    const zeros = (n: number): number[] => new Array(n).fill(0);
    const ECHOED: [string, number[]][] = [
      ['record route with room, then CIPSO (bad: no DOI)', [7, 11, 4, ...zeros(8), 134, 8, 0, 0, 0, 1, 0, 0]],
      [`loose source route, 192.0.2.1 and ${B.spec.name} recorded, then a bad length`, [131, 11, 12, ...be(ip4('192.0.2.1')), ...be(B.ip), 7, 1]],
      ['timestamp, then a bad length', [68, 12, 5, 0, ...zeros(8), 7, 1]],
      ['timestamp, flags 2', [68, 12, 5, 2, ...zeros(8)]],
      ['timestamp, prespecified, full', [68, 12, 13, 3, ...be(remote.ip), ...zeros(4)]],
    ];
    for (const [name, o] of ECHOED) fromPod(`cross-host echo, options: ${name}`, withOptions(podIp(remote.ip, echo()), o));
  }
  // a ClusterIP with options, before kube-proxy programs IPVS (the replay runs before the
  // Services, sim.ts beforeKubeProxy): the address is the node's own on kube-ipvs0, so
  // ip_options_compile fills a record-route slot with it (spec_dst of a local route) and the
  // node's answer (TCP reset, UDP port unreachable) echoes it (services.ts has the same options
  // through IPVS)
  for (const s of cluster.spec.services ?? []) {
    if (!s.selector) continue;
    for (const port of s.ports) {
      const tcp = (port.protocol ?? 'TCP') === 'TCP';
      const vip = ip4(s.clusterIP);
      let sport = 41000 + out.length;
      const req = (opts: number[] | null, name: string): void => {
        const l4 = tcp ? tcpSyn(sport, port.port) : udp(sport, port.port, 20);
        sport++;
        const f = podIp(vip, l4, { proto: tcp ? IPPROTO_TCP : IPPROTO_UDP });
        fromPod(`${tcp ? 'tcp syn' : 'udp'} to ${s.name}:${port.port}${name}`, opts ? withOptions(f, opts) : f);
      };
      req(OPTIONS[1][1], ', options: record route, 3 slots');
      req(OPTIONS[3][1], ', options: timestamp');
      req(OPTIONS[6][1], ', options: option length 1 (bad)');
    }
  }

  // ── fragments and TTLs ──
  const frag = (dst: number, off8: number, mf: boolean, df: boolean, n = 48, proto = IPPROTO_UDP): Uint8Array => {
    const f = podIp(dst, udp(4000, 4001, n - 8), { proto, df });
    st16be(f, ETH_HDR_LEN + IPV4_FLAGS_FRAG, (df ? IPV4_DF : 0) | (mf ? IPV4_MF : 0) | off8);
    ipv4FillChecksum(f, ETH_HDR_LEN, IPV4_HDR_LEN);
    return f;
  };
  for (const [where, q] of targets) {
    if (!q) continue;
    // a pod reassembles: only fragments that can never complete a datagram are sent to a pod
    // with a missing first fragment (the kernel then discards them silently at ip_expire)
    fromPod(`${where} middle fragment (offset 8, MF)`, frag(q.ip, 1, true, false));
    fromPod(`${where} last fragment (offset 16)`, frag(q.ip, 2, false, false));
    fromPod(`${where} DF with MF, offset 8`, frag(q.ip, 1, true, true));
    for (const ttl of [0, 1, 2]) fromPod(`${where} echo ttl ${ttl}`, podIp(q.ip, echo(), { ttl }));
    fromPod(`${where} echo ttl 1, DF clear`, podIp(q.ip, echo(), { ttl: 1, df: false }));
    fromPod(`${where} udp ttl 1`, podIp(q.ip, udp(5353, 9, 20), { ttl: 1, proto: IPPROTO_UDP }));
  }
  fromPod(`echo to ${A.spec.name} ttl 0`, podIp(A.ip, echo(), { ttl: 0 }));
  fromPod(`echo to ${A.spec.name} ttl 1`, podIp(A.ip, echo(), { ttl: 1 }));
  fromPod(`middle fragment to ${A.spec.name}`, frag(A.ip, 1, true, false));
  if (B) fromPod(`echo to ${B.spec.name} ttl 1`, podIp(B.ip, echo(), { ttl: 1 }));

  // ── a neighbour that never answers: an unused address of A's subnet ──
  // A forwards on its connected route and ARPs; after mcast_solicit (3) probes retrans_time
  // (1 s) apart the entry fails and each queued packet gets a 3/1 (neigh_invalidate →
  // ipv4_link_failure), whose echo compiles the packet's options again
  // (ipv4_send_dest_unreach: "IPCB may not be valid anymore")
  const dead = unusedNeighbour(cluster, A);
  if (dead !== null) {
    const at = `${formatIp4(dead)} (no host on ${A.spec.name}'s subnet)`;
    fromPod(`echo to ${at}`, podIp(dead, echo()));
    fromPod(`echo to ${at}, options: record route, 3 slots`, withOptions(podIp(dead, echo()), OPTIONS[1][1]));
    fromPod(`echo to ${at}, options: timestamp`, withOptions(podIp(dead, echo()), OPTIONS[3][1]));
  }

  // ── broadcast and multicast from the pod ──
  const bcastIp = (dstMac: Uint8Array, dst: number, name: string): void => {
    fromPod(name, ethFrame(dstMac, podMac, ETHERTYPE_IPV4, ipv4({ src: from.ip, dst, proto: IPPROTO_ICMP }, echo(16))));
  };
  bcastIp(BCAST, ip4('255.255.255.255'), 'echo to 255.255.255.255, Ethernet broadcast');
  bcastIp(cali, ip4('255.255.255.255'), 'echo to 255.255.255.255, unicast to the cali');
  bcastIp(mac('01:00:5e:00:00:01'), ip4('224.0.0.1'), 'echo to 224.0.0.1, multicast MAC');
  bcastIp(cali, ip4('224.0.0.1'), 'echo to 224.0.0.1, unicast to the cali');
  bcastIp(cali, (A.ip | (0xffffffff >>> A.spec.prefixLen)) >>> 0, `echo to ${A.spec.name}'s subnet broadcast`);
  bcastIp(BCAST, remote?.ip ?? A.ip, 'echo to a pod, Ethernet broadcast');
  bcastIp(mac('02:00:00:00:00:01'), remote?.ip ?? A.ip, 'echo to a pod, Ethernet destination not the cali');

  // ── ARP from the pod ──
  const arp = (name: string, dst: Uint8Array, op: number, spa: number, tpa: number, patch?: (a: Uint8Array) => void): void => {
    const a = arpPacket({ op, sha: podMac, spa, tha: ZERO_MAC, tpa });
    patch?.(a);
    fromPod(`arp ${name}`, ethFrame(dst, podMac, ETHERTYPE_ARP, a));
  };
  const gw = ip4('169.254.1.1');
  arp('who-has 169.254.1.1', BCAST, 1, from.ip, gw);
  arp('who-has 169.254.1.1, unicast to the cali', cali, 1, from.ip, gw);
  arp('who-has the node', BCAST, 1, from.ip, A.ip);
  if (A.tunl0Ip !== null) arp("who-has the node's tunl0 address", BCAST, 1, from.ip, A.tunl0Ip);
  arp('who-has itself', BCAST, 1, from.ip, from.ip);
  if (remote) arp('who-has a remote pod', BCAST, 1, from.ip, remote.ip);
  if (local) arp('who-has a same-host pod', BCAST, 1, from.ip, local.ip);
  arp('who-has 8.8.8.8', BCAST, 1, from.ip, ip4('8.8.8.8'));
  arp('who-has 127.0.0.1', BCAST, 1, from.ip, ip4('127.0.0.1'));
  arp('who-has 224.0.0.1', BCAST, 1, from.ip, ip4('224.0.0.1'));
  arp('gratuitous request', BCAST, 1, from.ip, from.ip);
  arp('DAD probe (sender 0.0.0.0) for 169.254.1.1', BCAST, 1, 0, gw);
  arp('reply to 169.254.1.1', cali, 2, from.ip, gw);
  arp('op 3', BCAST, 3, from.ip, gw);
  arp('hardware type 6', BCAST, 1, from.ip, gw, (a) => st16be(a, ARP_HTYPE, 6));
  arp('protocol length 6', BCAST, 1, from.ip, gw, (a) => { a[ARP_PLEN] = 6; });
  arp('sender hardware address not the source MAC', BCAST, 1, from.ip, gw, (a) => a.set(mac('02:11:22:33:44:55'), ARP_SHA));
  arp('sender address another pod', BCAST, 1, remote?.ip ?? A.ip, gw);

  // ── the uplinks: IPIP from unknown sources, inner destinations elsewhere, ARP, broadcast ──
  for (const n of cluster.nodes) {
    const up = mac(n.spec.mac);
    const peer = cluster.nodes.find((m) => m !== n);
    const peerMac = peer ? mac(peer.spec.mac) : externalMac(ip4(n.spec.gateway));
    const peerIp = peer?.ip ?? ip4(n.spec.gateway);
    const pod = n.pods[0];
    const innerSrc = cluster.pods.find((p) => p.nodeIndex !== n.index)?.ip ?? ip4('172.31.0.1');
    const ipip = (name: string, outerSrc: number, inner: Uint8Array, o: { dstMac?: Uint8Array; srcMac?: Uint8Array; tos?: number; ttl?: number; df?: boolean } = {}): void => {
      onUplink(n, name, ethFrame(o.dstMac ?? up, o.srcMac ?? peerMac, ETHERTYPE_IPV4,
        ipv4({ src: outerSrc, dst: n.ip, proto: IPPROTO_IPIP, ttl: o.ttl ?? 64, tos: o.tos, df: o.df ?? true }, inner)));
    };
    const innerTo = (dst: number, o: { ttl?: number; tos?: number; proto?: number } = {}): Uint8Array =>
      ipv4({ src: innerSrc, dst, proto: o.proto ?? IPPROTO_ICMP, ttl: o.ttl ?? 63, tos: o.tos }, echo());
    if (pod) {
      ipip('ipip from an unknown host of the subnet', (n.ip & (0xffffffff << (32 - n.spec.prefixLen))) + 200, innerTo(pod.ip));
      ipip('ipip from outside the subnet', ip4('10.1.2.3'), innerTo(pod.ip));
      ipip('ipip from 0.0.0.0', 0, innerTo(pod.ip));
      ipip('ipip, inner ttl 1', peerIp, innerTo(pod.ip, { ttl: 1 }));
      ipip('ipip, inner ttl 0', peerIp, innerTo(pod.ip, { ttl: 0 }));
      ipip('ipip, outer ttl 1', peerIp, innerTo(pod.ip), { ttl: 1 });
      ipip('ipip, outer tos 0xb8 (ECN 0), inner ECT(0)', peerIp, innerTo(pod.ip, { tos: 0x02 }), { tos: 0xb8 });
      ipip('ipip, outer CE, inner ECT(0)', peerIp, innerTo(pod.ip, { tos: 0x02 }), { tos: 0x03 });
      ipip('ipip, outer CE, inner not-ECT', peerIp, innerTo(pod.ip, { tos: 0x00 }), { tos: 0x03 });
      ipip('ipip, outer ECT(1), inner ECT(0)', peerIp, innerTo(pod.ip, { tos: 0x02 }), { tos: 0x01 });
      ipip('ipip, Ethernet broadcast', peerIp, innerTo(pod.ip), { dstMac: BCAST });
      ipip('ipip, udp to a pod', peerIp, ipv4({ src: innerSrc, dst: pod.ip, proto: IPPROTO_UDP, ttl: 63 }, udp(5000, 5001, 40)));
    }
    ipip('ipip, inner to 8.8.8.8', peerIp, innerTo(ip4('8.8.8.8')));
    ipip(`ipip, inner to ${n.spec.name} itself`, peerIp, innerTo(n.ip));
    if (n.tunl0Ip !== null) ipip('ipip, inner to its tunl0 address', peerIp, innerTo(n.tunl0Ip));
    if (n.block) ipip('ipip, inner to its blackholed block', peerIp, innerTo((n.block.base + 7) >>> 0));
    ipip('ipip, inner to 169.254.1.1', peerIp, innerTo(ip4('169.254.1.1')));
    ipip('ipip, inner to 224.0.0.1', peerIp, innerTo(ip4('224.0.0.1')));
    ipip('ipip, inner to 255.255.255.255', peerIp, innerTo(ip4('255.255.255.255')));
    // the limited broadcast goes to brd_input before ip_route_input_slow's loopback checks, and
    // brd_input's fib_validate_source (no rp_filter on an uplink) refuses only an address of
    // ours exactly: from 127.0.0.2 (in lo's /8, not its address) it is taken in and decapsulated
    if (pod && n === A) {
      onUplink(n, 'ipip to 255.255.255.255 from 127.0.0.2', ethFrame(BCAST, peerMac, ETHERTYPE_IPV4,
        ipv4({ src: ip4('127.0.0.2'), dst: ip4('255.255.255.255'), proto: IPPROTO_IPIP, ttl: 64 }, innerTo(pod.ip))));
    }
    const back = cluster.pods.find((p) => p.nodeIndex !== n.index);
    if (back) ipip('ipip, inner to a pod of another node (hairpin through the tunnel)', peerIp, innerTo(back.ip));
    ipip('ipip, inner martian source 127.0.0.1', peerIp, ipv4({ src: ip4('127.0.0.1'), dst: pod?.ip ?? n.ip, proto: IPPROTO_ICMP, ttl: 63 }, echo()));
    // plain IP and ARP on the uplink
    const plain = (name: string, dstMac: Uint8Array, dst: number, o: { ttl?: number; proto?: number } = {}): void => {
      onUplink(n, name, ethFrame(dstMac, peerMac, ETHERTYPE_IPV4, ipv4({ src: peerIp, dst, proto: o.proto ?? IPPROTO_ICMP, ttl: o.ttl ?? 64 }, echo(16))));
    };
    plain(`echo to ${n.spec.name}`, up, n.ip);
    plain(`echo to ${n.spec.name} ttl 0`, up, n.ip, { ttl: 0 });
    plain(`echo to ${n.spec.name}, Ethernet broadcast`, BCAST, n.ip);
    plain('echo to 255.255.255.255', BCAST, ip4('255.255.255.255'));
    plain(`echo to the subnet broadcast`, BCAST, (n.ip | (0xffffffff >>> n.spec.prefixLen)) >>> 0);
    plain('echo to 224.0.0.1', mac('01:00:5e:00:00:01'), ip4('224.0.0.1'));
    if (pod) plain('echo to a pod, plain IP (no tunnel)', up, pod.ip);
    if (pod) plain('echo to a pod, plain IP, ttl 1', up, pod.ip, { ttl: 1 });
    plain('echo to 8.8.8.8 (forwarded back out of the uplink)', up, ip4('8.8.8.8'));
    plain(`echo for ${n.spec.name}'s address, another MAC`, mac('02:00:00:00:00:09'), n.ip);
    const uarp = (name: string, dst: Uint8Array, sha: Uint8Array, spa: number, tpa: number, op = 1): void => {
      onUplink(n, `arp ${name}`, ethFrame(dst, sha, ETHERTYPE_ARP, arpPacket({ op, sha, spa, tha: ZERO_MAC, tpa })));
    };
    const gwIp = ip4(n.spec.gateway);
    const gwMac = externalMac(gwIp);
    uarp(`who-has ${n.spec.name} from the gateway`, BCAST, gwMac, gwIp, n.ip);
    if (n.tunl0Ip !== null) uarp('who-has its tunl0 address, from the gateway', BCAST, gwMac, gwIp, n.tunl0Ip);
    if (pod) uarp('who-has a local pod, from the gateway', BCAST, gwMac, gwIp, pod.ip);
    uarp('who-has 169.254.1.1, from the gateway', BCAST, gwMac, gwIp, ip4('169.254.1.1'));
    const svc = cluster.spec.serviceIps?.[0];
    if (svc) uarp(`who-has the service address ${svc}`, BCAST, gwMac, gwIp, ip4(svc));
    uarp('reply from the gateway', up, gwMac, gwIp, n.ip, 2);
    uarp('DAD probe for its address', BCAST, gwMac, 0, n.ip);
    // garbage
    const junk = (name: string, type: number, body: Uint8Array): void =>
      onUplink(n, name, ethFrame(up, peerMac, type, body));
    junk('header only, IPv4 type', ETHERTYPE_IPV4, new Uint8Array(0));
    junk('IPv6 ethertype', 0x86dd, new Uint8Array(40));
    junk('802.1Q tagged IPv4', 0x8100, Uint8Array.from([0, 5, 8, 0, ...ipv4({ src: peerIp, dst: n.ip, proto: IPPROTO_ICMP }, echo(16))]));
    junk('LLC length field', 0x0040, new Uint8Array(64));
    junk('IPv4 version 6 header', ETHERTYPE_IPV4, Uint8Array.from({ length: 40 }, (_, i) => (i === 0 ? 0x65 : (i * 37) & 255)));
    junk('tcp syn to a pod from outside', ETHERTYPE_IPV4, ipv4({ src: ip4('8.8.8.8'), dst: pod?.ip ?? n.ip, proto: IPPROTO_TCP }, tcpSyn(443, 40000)));
  }
  nodeStackFrames(cluster, out, withOptions);
  return out;
}

/** What a node's own stack answers (local.ts): TCP with no listener (tcp_v4_send_reset, or
 *  nothing), ICMP timestamp requests (icmp_timestamp), IPv6-in-IPv4 and MPLS-in-IPv4 (tunnel4's
 *  3/3, or 3/2 when ipip.ko is not loaded); to the first node's uplink, tunl0 and Service
 *  addresses, from the second node, and from a pod of another node to the first node. */
function nodeStackFrames(cluster: Cluster, out: NamedFrame[], withOptions: (base: Uint8Array, opts: number[]) => Uint8Array): void {
  const n = cluster.nodes[0];
  const peer = cluster.nodes.find((m) => m !== n);
  if (!n) return;
  const up = mac(n.spec.mac);
  const peerMac = peer ? mac(peer.spec.mac) : externalMac(ip4(n.spec.gateway));
  const peerIp = peer?.ip ?? ip4(n.spec.gateway);
  const onUplink = (name: string, bytes: Uint8Array): void => void out.push({ name: `${n.spec.name} uplink: ${name}`, to: { node: n }, bytes });
  const frame = (dst: number, proto: number, l4: Uint8Array, o: { tos?: number; dstMac?: Uint8Array } = {}): Uint8Array =>
    ethFrame(o.dstMac ?? up, peerMac, ETHERTYPE_IPV4, ipv4({ src: peerIp, dst, proto, tos: o.tos, id: 0x5151 }, l4));
  const seg = (dst: number, flags: number, o: { seq?: number; ack?: number; data?: number; dport?: number } = {}): Uint8Array =>
    tcpSegmentWith({ sport: 40001, dport: o.dport ?? 22, seq: o.seq ?? 0x11223344, ack: o.ack ?? 0, flags, window: 502 },
      new Uint8Array(0), Uint8Array.from({ length: o.data ?? 0 }, (_, i) => 0x41 + (i % 26)), { src: peerIp, dst });
  const tcp = (name: string, dst: number, l4: Uint8Array, o: { tos?: number; dstMac?: Uint8Array } = {}): void => onUplink(`tcp ${name}`, frame(dst, IPPROTO_TCP, l4, o));
  const targets: [string, number][] = [[n.spec.name, n.ip]];
  if (n.tunl0Ip !== null) targets.push(['its tunl0 address', n.tunl0Ip]);
  const svc = cluster.spec.serviceIps?.[0];
  if (svc) targets.push([`the service address ${svc}, a port without a virtual server`, ip4(svc)]);
  for (const [what, dst] of targets) {
    tcp(`syn to ${what}`, dst, seg(dst, TCP_SYN));
    tcp(`ack to ${what}`, dst, seg(dst, TCP_ACKF, { ack: 0x99887766 }));
    tcp(`fin with 10 octets of data to ${what}`, dst, seg(dst, TCP_FIN, { data: 10 }));
    tcp(`rst to ${what}`, dst, seg(dst, TCP_RST));
  }
  const d = n.ip;
  tcp('syn+fin+psh+ack with data, seq near 2^32', d, seg(d, TCP_SYN | TCP_FIN | TCP_ACKF | 0x08, { seq: 0xfffffffa, ack: 0xfffffff0, data: 12 }));
  tcp('syn, tos 0xbb (ECN CE)', d, seg(d, TCP_SYN), { tos: 0xbb });
  tcp('syn, Ethernet broadcast', d, seg(d, TCP_SYN), { dstMac: BCAST });
  const bad = seg(d, TCP_SYN);
  bad[16] ^= 0x5a;
  tcp('syn, bad checksum', d, bad);
  const doff4 = seg(d, TCP_SYN);
  doff4[12] = 4 << 4;
  tcp('syn, data offset 4', d, doff4);
  const doff15 = seg(d, TCP_SYN);
  doff15[12] = 15 << 4;
  tcp('syn, data offset past the segment', d, doff15);
  tcp('syn, 12 octets', d, seg(d, TCP_SYN).subarray(0, 12));
  onUplink('tcp syn, options: record route', withOptions(frame(d, IPPROTO_TCP, seg(d, TCP_SYN)), [7, 15, 4, ...new Array(12).fill(0)]));
  // ICMP timestamp (13): 20 octets as sent, 12 (the least answered), 11 (too short)
  const ts = (len: number): Uint8Array => icmpMessage(13, 0, 0x4242_0007, Uint8Array.from({ length: len - 8 }, (_, i) => (i < 4 ? [0x01, 0x02, 0x03, 0x04][i] : 0)));
  onUplink('icmp timestamp request', frame(d, IPPROTO_ICMP, ts(20)));
  onUplink('icmp timestamp request, 12 octets', frame(d, IPPROTO_ICMP, ts(12)));
  onUplink('icmp timestamp request, 11 octets', frame(d, IPPROTO_ICMP, ts(11)));
  onUplink('icmp timestamp request, tos 0x10', frame(d, IPPROTO_ICMP, ts(20), { tos: 0x10 }));
  onUplink('icmp timestamp request, options: timestamp', withOptions(frame(d, IPPROTO_ICMP, ts(20)), [68, 12, 5, 0, ...new Array(8).fill(0)]));
  // IPv6-in-IPv4 (41) and MPLS-in-IPv4 (137): tunnel4 pulls the inner header first when loaded
  const IPPROTO_IPV6 = 41, IPPROTO_MPLS = 137;
  onUplink('ipv6-in-ipv4, 40 octets', frame(d, IPPROTO_IPV6, Uint8Array.from({ length: 40 }, (_, i) => (i === 0 ? 0x60 : i))));
  onUplink('ipv6-in-ipv4, 20 octets', frame(d, IPPROTO_IPV6, Uint8Array.from({ length: 20 }, (_, i) => (i === 0 ? 0x60 : i))));
  onUplink('mpls-in-ipv4, 4 octets', frame(d, IPPROTO_MPLS, Uint8Array.from([0, 0, 0x11, 0x40])));
  // from a pod of another node, to this node (routed through the pod's node and the tunnel)
  const pod = cluster.pods.find((p) => p.nodeIndex !== n.index);
  if (pod) {
    const ethToCali = (dst: number, proto: number, l4: Uint8Array): Uint8Array =>
      ethFrame(mac(HOST_VETH_MAC), mac(pod.mac), ETHERTYPE_IPV4, ipv4({ src: pod.ip, dst, proto, id: 0x5252 }, l4));
    const syn = tcpSegmentWith({ sport: 40002, dport: 80, seq: 7, ack: 0, flags: TCP_SYN, window: 502 }, new Uint8Array(0), new Uint8Array(0), { src: pod.ip, dst: d });
    out.push({ name: `${pod.name}: tcp syn to ${n.spec.name}`, to: { pod }, bytes: ethToCali(d, IPPROTO_TCP, syn) });
    out.push({ name: `${pod.name}: icmp timestamp request to ${n.spec.name}`, to: { pod }, bytes: ethToCali(d, IPPROTO_ICMP, ts(20)) });
  }
}

/** The highest address of `node`'s uplink subnet that no host has and no scenario uses: not a
 *  node's or a router's, not the gateway, not the external client's (services.ts); null when
 *  the subnet has none. */
export function unusedNeighbour(cluster: Cluster, node: ClusterNode): Ip4 | null {
  const seg = cluster.segments[node.uplinks[0]?.segment ?? -1];
  const taken = new Set<Ip4>(seg?.members.map((m) => m.ip) ?? [node.ip]);
  const reserved = new Set<Ip4>([...taken, parseIp4(node.spec.gateway) as Ip4, externalClientOf(node, 1500, taken).ip]);
  const len = node.spec.prefixLen;
  const base = (node.ip & maskOf(len)) >>> 0;
  const last = (base | (0xffffffff >>> len)) >>> 0;
  for (let a = last - 1; a > base; a--) if (!reserved.has(a >>> 0)) return a >>> 0;
  return null;
}
