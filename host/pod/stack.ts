// A pod's network namespace as Linux runs it, reduced to what ping needs: eth0 (the veth
// end, with the Calico routes `default via 169.254.1.1 dev eth0` and `169.254.1.1 dev eth0
// scope link`), lo, an ARP cache (neigh.ts), IPv4 output/input, the kernel's ICMP echo
// responder, and raw ICMP sockets (busybox ping's). Frames leave through `env.send`
// (pod → host: the cali rx ring) and arrive through `receive` (the cali tx ring).
//
// As Linux does it:
// - IP ID: one counter per namespace (Linux hashes per destination with a boot-time key,
//   which no simulation can reproduce); the start is an input so a test can use the seed's.
// - ping's requests: DF set (IP_PMTUDISC_WANT on a packet that fits), TTL 64 or IP_TTL;
//   echo replies (icmp_reply): DF clear (the ICMP socket is IP_PMTUDISC_DONT), TTL 64,
//   TOS copied from the request, data copied, checksum recomputed.
// - ip_forward = 0 in the pod (CNI): packets for other addresses are dropped.
// - Every incoming ICMP packet is copied to every raw ICMP socket (raw_v4_input), errors
//   included; the socket decides what it shows.
// - Packets over the 1480-octet MTU (ping -s 1453 and up) leave as fragments (ip_fragment,
//   DF clear) and are reassembled by the receiving pod (reasm.ts).
// - UDP: no socket listens in a simulated pod, so a datagram for the pod (traceroute's last
//   hop) gets ICMP port unreachable from its kernel (__udp4_lib_rcv → icmp_send): source the
//   pod's address, TOS (tos & 0x1E) | 0xC0, TTL 64, DF clear, quoting the datagram (≤ 576 octets).
//   A datagram with a bad UDP checksum is dropped first (udp_lib_checksum_complete).
// Not modelled: IP options (never sent by ping), ICMP rate limiting (icmpv4_xrlim_allow; the
// node core leaves it out too, so runs stay deterministic).

import type { Pod, Route } from '../cluster/types.ts';
import { maskOf, parseMac, type Ip4, type Mac } from '../net/addr.ts';
import { ARPOP_REPLY, ARPOP_REQUEST, arpPacket, arpParse } from '../net/arp.ts';
import { BROADCAST_MAC, ETHERTYPE_ARP, ETHERTYPE_IPV4, ZERO_MAC, ethFrame, ethParse, macEqual, macIsBroadcast } from '../net/ethernet.ts';
import { ICMP_DEST_UNREACH, ICMP_ECHO, ICMP_ECHO_REPLY, ICMP_HDR_LEN, ICMP_PORT_UNREACH, ICMP_REST, icmpMessage } from '../net/icmp.ts';
import { ld32be } from '../net/endian.ts';
import {
  IPPROTO_ICMP, IPPROTO_UDP, IPV4_DF, IPV4_FRAG_OFFSET, IPV4_HDR_LEN, IPV4_MF, ipv4Packet, ipv4Parse, type Ipv4Fields, type Ipv4View,
} from '../net/ipv4.ts';
import { udpParse } from '../net/udp.ts';
import { NeighCache } from './neigh.ts';
import { Reassembler } from './reasm.ts';

export const DEFAULT_TTL = 64; // net.ipv4.ip_default_ttl
const ICMP_ERROR_DATA_MAX = 576 - IPV4_HDR_LEN - ICMP_HDR_LEN; // the whole error fits in 576 octets (icmp_send)

export interface PodEnv {
  now(): number;
  at(t: number, run: () => void): void;
  /** Frame out of eth0 (captured there, then across the veth to the host). */
  send(frame: Uint8Array): void;
  /** Kernel answer delay (echo reply, ARP reply). */
  answerNs: number;
  /** eth0 → socket delay. */
  socketNs: number;
}

export interface RawIcmpSocket {
  /** A copy of an incoming ICMP packet (IP header included), as recvfrom returns it. */
  deliver(packet: Ipv4View): void;
}

export interface SendOptions {
  ttl?: number;
  tos?: number;
  df: boolean;
}

export class PodStack {
  readonly pod: Pod;
  readonly key: string;
  readonly mac: Mac;
  readonly neigh: NeighCache;
  readonly sockets = new Set<RawIcmpSocket>();
  /** Packets the namespace dropped (not for us, no route, unresolvable next hop, fragments). */
  dropped = 0;
  private ipId: number;
  private readonly env: PodEnv;
  private readonly mtu: number;
  private readonly routes: Route[];
  private readonly reasm = new Reassembler();

  constructor(pod: Pod, env: PodEnv, ipIdStart: number) {
    this.pod = pod;
    this.key = `${pod.namespace}/${pod.name}`;
    this.env = env;
    this.ipId = ipIdStart & 0xffff;
    const mac = parseMac(pod.mac);
    if (!mac) throw new Error(`pod ${this.key}: bad MAC ${pod.mac}`);
    this.mac = mac;
    this.mtu = pod.ifaces.find((i) => i.name === 'eth0')?.mtu ?? 1480;
    this.routes = [...pod.routes].sort((a, b) => b.len - a.len);
    this.neigh = new NeighCache('eth0', {
      now: env.now,
      at: env.at,
      solicit: (ip, to) => this.solicit(ip, to),
      transmit: (packet, mac) => this.env.send(ethFrame(mac, this.mac, ETHERTYPE_IPV4, packet)),
      failed: (packets) => { this.dropped += packets.length; },
    });
  }

  nextIpId(): number {
    const id = this.ipId;
    this.ipId = (this.ipId + 1) & 0xffff;
    return id;
  }

  /** ip_output for a locally generated packet: route, then loopback or eth0. Returns false when
   *  the kernel would fail the send (sendto: Network is unreachable). */
  sendIp(dst: Ip4, proto: number, payload: Uint8Array, o: SendOptions): boolean {
    const src = this.pod.ip;
    const total = IPV4_HDR_LEN + payload.length;
    const local = dst === src || dst >>> 24 === 127;
    const header = (id: number, flagsFrag: number): Ipv4Fields => ({ tos: o.tos, id, flagsFrag, ttl: o.ttl ?? DEFAULT_TTL, proto, src, dst });
    if (local) {
      const p = ipv4Packet(header(this.nextIpId(), o.df ? IPV4_DF : 0), payload);
      this.env.at(this.env.now(), () => this.ipInput(ipv4Parse(p) as Ipv4View, true));
      return true;
    }
    const r = this.routes.find((x) => ((dst & maskOf(x.len)) >>> 0) === x.dst);
    if (!r || r.kind === 'blackhole' || r.kind === 'unreachable') return false;
    const nh = r.gateway ?? dst;
    if (total <= this.mtu) {
      this.neigh.output(nh, ipv4Packet(header(this.nextIpId(), o.df ? IPV4_DF : 0), payload));
      return true;
    }
    // IP_PMTUDISC_WANT with a packet over the MTU: fragmented locally, DF clear (ip_fragment)
    const id = this.nextIpId();
    const per = (this.mtu - IPV4_HDR_LEN) & ~7;
    for (let off = 0; off < payload.length; off += per) {
      const last = off + per >= payload.length;
      this.neigh.output(nh, ipv4Packet(header(id, (last ? 0 : IPV4_MF) | (off / 8)), payload.subarray(off, off + per)));
    }
    return true;
  }

  /** A frame arriving on eth0 from the host. */
  receive(frame: Uint8Array): void {
    const eth = ethParse(frame);
    if (typeof eth === 'string') return void this.dropped++;
    const bcast = macIsBroadcast(eth.dst);
    if (!bcast && !macEqual(eth.dst, this.mac)) return void this.dropped++; // PACKET_OTHERHOST
    if (eth.type === ETHERTYPE_ARP) return this.arpInput(eth.payload);
    if (eth.type !== ETHERTYPE_IPV4) return void this.dropped++;
    const ip = ipv4Parse(eth.payload);
    if (typeof ip === 'string' || bcast) return void this.dropped++;
    this.ipInput(ip, false);
  }

  private arpInput(packet: Uint8Array): void {
    const a = arpParse(packet);
    if (typeof a === 'string') return void this.dropped++;
    if (a.op === ARPOP_REPLY) {
      if (a.tpa === this.pod.ip) this.neigh.onReply(a.spa, a.sha);
      return;
    }
    if (a.op !== ARPOP_REQUEST || a.tpa !== this.pod.ip) return;
    this.neigh.onRequestFrom(a.spa, a.sha);
    // arp_send(REPLY, dest_ip = sip, dev, src_ip = tip, dest_hw = sha, src_hw = our MAC, target_hw = sha)
    this.env.at(this.env.now() + this.env.answerNs, () => {
      this.env.send(ethFrame(a.sha, this.mac, ETHERTYPE_ARP, arpPacket({ op: ARPOP_REPLY, sha: this.mac, spa: this.pod.ip, tha: a.sha, tpa: a.spa })));
    });
  }

  private ipInput(ip: Ipv4View, loopback: boolean): void {
    if (ip.dst !== this.pod.ip && !(loopback && ip.dst >>> 24 === 127)) return void this.dropped++; // ip_forward = 0
    if ((ip.flagsFrag & (IPV4_MF | IPV4_FRAG_OFFSET)) !== 0) {
      const whole = this.reasm.add(ip, this.env.now());
      if (!whole) return;
      ip = whole;
    }
    if (ip.proto === IPPROTO_UDP) return this.udpInput(ip, loopback);
    if (ip.proto !== IPPROTO_ICMP || ip.payload.length < ICMP_HDR_LEN) return;
    const packet = ipv4Parse(ip.packet.slice()) as Ipv4View;
    this.env.at(this.env.now() + (loopback ? 0 : this.env.socketNs), () => {
      for (const s of this.sockets) s.deliver(packet);
    });
    if (ip.payload[0] === ICMP_ECHO) this.echoReply(ip, loopback);
  }

  private udpInput(ip: Ipv4View, loopback: boolean): void {
    if (typeof udpParse(ip.payload, { src: ip.src, dst: ip.dst }) === 'string') return void this.dropped++;
    const quoted = ip.packet.slice(0, Math.min(ip.packet.length, ICMP_ERROR_DATA_MAX));
    const msg = icmpMessage(ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, quoted);
    const tos = (ip.tos & 0x1e) | 0xc0;
    this.env.at(this.env.now() + (loopback ? 0 : this.env.answerNs), () => {
      if (!this.sendIp(ip.src, IPPROTO_ICMP, msg, { ttl: DEFAULT_TTL, tos, df: false })) this.dropped++;
    });
  }

  // icmp_echo → icmp_reply
  private echoReply(req: Ipv4View, loopback: boolean): void {
    const msg = icmpMessage(ICMP_ECHO_REPLY, 0, ld32be(req.payload, ICMP_REST), req.payload.subarray(ICMP_HDR_LEN));
    const tos = req.tos;
    this.env.at(this.env.now() + (loopback ? 0 : this.env.answerNs), () => {
      if (!this.sendIp(req.src, IPPROTO_ICMP, msg, { ttl: DEFAULT_TTL, tos, df: false })) this.dropped++;
    });
  }

  private solicit(ip: Ip4, to: Mac | null): void {
    // arp_solicit: source = the pod's address; target hardware address zero even for a unicast
    // probe (arp_create is given no target_hw; the known MAC is only the Ethernet destination)
    this.env.send(ethFrame(to ?? BROADCAST_MAC, this.mac, ETHERTYPE_ARP, arpPacket({ op: ARPOP_REQUEST, sha: this.mac, spa: this.pod.ip, tha: ZERO_MAC, tpa: ip })));
  }
}
