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
//   TOS copied from the request, data copied, checksum recomputed, IP options echoed.
// - ip_forward = 0 in the pod (CNI): packets for other addresses are dropped.
// - Received IP options are compiled (options.ts; a bad one gets ICMP 12/0) and answered
//   as __ip_options_echo builds them; source-routed packets are dropped
//   (accept_source_route = 0).
// - Every incoming ICMP packet is copied to every raw ICMP socket (raw_v4_input), errors
//   included; the socket decides what it shows.
// - Other protocols as the kernel with no listening sockets answers them (transport.ts: port
//   and protocol unreachable, TCP resets), the errors by __icmp_send's rules (icmpError.ts).
// - Packets over the 1480-octet MTU (ping -s 1453 and up) leave as fragments (ip_fragment,
//   DF clear) and are reassembled by the receiving pod (reasm.ts).
// - UDP: no socket listens in a simulated pod, so a datagram for the pod (traceroute's last
//   hop) gets ICMP port unreachable (__udp4_lib_rcv → icmp_send).
// Not modelled: fragmenting a packet that carries options, ICMP rate limiting (icmpv4_xrlim_allow; the node core leaves it out too,
// so runs stay deterministic).

import type { Pod, Route } from '../cluster/types.ts';
import { maskOf, parseMac, type Ip4, type Mac } from '../net/addr.ts';
import { ARPOP_REPLY, ARPOP_REQUEST, arpPacket, arpParse } from '../net/arp.ts';
import { BROADCAST_MAC, ETHERTYPE_ARP, ETHERTYPE_IPV4, ZERO_MAC, ethFrame, ethParse, macEqual } from '../net/ethernet.ts';
import { ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, ICMP_HDR_LEN, ICMP_PARAMETERPROB, ICMP_TIME_EXCEEDED } from '../net/icmp.ts';
import { PathMtuCache } from './pmtu.ts';
import {
  IPPROTO_ICMP, IPPROTO_TCP, IPV4_DF, IPV4_FRAG_OFFSET, IPV4_HDR_LEN, IPV4_MF, ipv4FillChecksum, ipv4Header, ipv4Packet, ipv4PacketWithOptions, ipv4Parse,
  type Ipv4Fields, type Ipv4View,
} from '../net/ipv4.ts';
import { icmpError, isGroupAddress, type Received } from './icmpError.ts';
import { NeighCache } from './neigh.ts';
import { optionsBuild, optionsCompile, optionsEcho, type IpOptions } from './options.ts';
import { Reassembler } from './reasm.ts';
import { transportInput, type LocalHost } from './transport.ts';
import { TcpSockets } from './tcp.ts';
import { sha1Word } from '../cluster/sha1.ts';

export const DEFAULT_TTL = 64; // net.ipv4.ip_default_ttl
const INADDR_LOOPBACK = 0x7f000001;

/** Whether `a` never leaves `pod`'s namespace: its own address, 127/8 on lo, and 0.0.0.0 (which
 *  the kernel's output route turns into 127.0.0.1). */
export function podLocal(pod: Pod, a: Ip4): boolean {
  return a === pod.ip || a >>> 24 === 127 || a === 0;
}

export interface PodEnv {
  now(): number;
  at(t: number, run: () => void): void;
  /** Frame out of eth0 (captured there, then across the veth to the host). `confirm`: the
   *  packet carries dst_pending_confirm (a TCP segment after forward progress), which the veth's
   *  skb_scrub_packet leaves set, so the host confirms its own next hop with it too. */
  send(frame: Uint8Array, confirm?: boolean): void;
  /** Kernel answer delay (echo reply, ARP reply). */
  answerNs: number;
  /** eth0 → socket delay. */
  socketNs: number;
  /** A process's send: the syscall to eth0 (default 0). */
  txNs?: number;
  /** Wall-clock milliseconds (for the clock in IP and ICMP timestamps); default: now(). */
  wallMs?(): number;
  /** ipip.ko is loaded on the host (cluster/network.ts ipipLoaded): tunnel4 answers IPIP,
   *  IPv6- and MPLS-in-IPv4 to the pod with 3/3. Default true. */
  tunnel4?: boolean;
  /** eth0's reachable_time (neigh_rand_reach_time's draw); default 30 s (host/pod/neigh.ts). */
  reachableNs?: number;
  /** How long after its SYN connect() holds the socket (tcp.ts TcpEnv.ownedNs); default 0. */
  ownedNs?: number;
}

export interface RawIcmpSocket {
  /** A copy of an incoming ICMP packet (IP header included), as recvfrom returns it. */
  deliver(packet: Ipv4View): void;
}

export interface SendOptions {
  ttl?: number;
  tos?: number;
  df: boolean;
  /** Source address (default: the pod's). */
  src?: Ip4;
  /** IP ID 0 instead of the next from the counter (a DF packet from an unconnected socket). */
  zeroId?: boolean;
  /** Echoed options (optionsEcho), their RR/TS slots filled as the packet is built. */
  options?: { data: Uint8Array; opts: IpOptions };
  /** IP_MTU_DISCOVER IP_PMTUDISC_DO: a packet over the path MTU is refused (EMSGSIZE) instead
   *  of fragmented. */
  noFragment?: boolean;
  /** Confirm the next hop's neighbour entry first (a TCP segment after forward progress). */
  confirmNeigh?: boolean;
}

const MS_PER_DAY = 86_400_000;
const ICMP_EXC_FRAGTIME = 1; // of ICMP_TIME_EXCEEDED

export class PodStack {
  readonly pod: Pod;
  readonly key: string;
  readonly mac: Mac;
  readonly neigh: NeighCache;
  /** The packets sent with skb->dst_pending_confirm set (sendIp's confirmNeigh). */
  private readonly pendingConfirm = new WeakSet<Uint8Array>();
  readonly sockets = new Set<RawIcmpSocket>();
  /** TCP sockets: wget's and nc's connections, the HTTP responder's listener (tcp.ts). */
  readonly tcp: TcpSockets;
  /** Packets the namespace dropped (not for us, no route, unresolvable next hop, fragments). */
  dropped = 0;
  private ipId: number;
  private readonly env: PodEnv;
  private readonly mtu: number;
  private readonly pmtu = new PathMtuCache();
  private readonly routes: Route[];
  /** Each queued first fragment with how it arrived, for ip_expire's error about it. */
  private readonly reasm: Reassembler<Omit<Received, 'ip'>>;

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
    // ip_expire: ICMP 11/1 (fragment reassembly time exceeded) about the first fragment
    this.reasm = new Reassembler({
      at: env.at,
      expired: (first, info) => this.sendError({ ip: first, ...info }, ICMP_TIME_EXCEEDED, ICMP_EXC_FRAGTIME, 0, first.packet.length),
    });
    this.tcp = new TcpSockets({
      now: env.now,
      at: env.at,
      send: (dst, src, seg, zeroId, confirm) => this.sendIp(dst, IPPROTO_TCP, seg, { src, df: true, zeroId, confirmNeigh: confirm }) === true,
      derive: (label) => sha1Word(`${this.key}:${label}`),
      mss: this.mtu - 40,
      // the process woken by the segment, then its answer's syscall
      wakeNs: env.socketNs + (env.txNs ?? 0),
      ownedNs: env.ownedNs,
    }, pod.ip);
    this.neigh = new NeighCache('eth0', {
      now: env.now,
      at: env.at,
      solicit: (ip, to) => this.solicit(ip, to),
      transmit: (packet, mac) => this.env.send(ethFrame(mac, this.mac, ETHERTYPE_IPV4, packet), this.pendingConfirm.has(packet)),
      failed: (packets) => { this.dropped += packets.length; },
    }, env.reachableNs);
  }

  /** Incomplete datagrams in the reassembly queues. */
  get pendingFragments(): number {
    return this.reasm.pending;
  }

  nextIpId(): number {
    const id = this.ipId;
    this.ipId = (this.ipId + 1) & 0xffff;
    return id;
  }

  /** The addresses ip_route_output gives a packet for `dst` (from `src` when bound). */
  outputRoute(dst: Ip4, src?: Ip4): { dst: Ip4; src: Ip4 } {
    // no destination means this host: the bound source, else 127.0.0.1 for both ends, over lo
    if (dst === 0) dst = src ?? INADDR_LOOPBACK;
    // the local table's prefsrc: lo's 127.0.0.1 for all of 127/8, else eth0's address
    return { dst, src: src ?? (dst >>> 24 === 127 ? INADDR_LOOPBACK : this.pod.ip) };
  }

  /** ip_output for a locally generated packet: route, then loopback or eth0. Returns false when
   *  the kernel would fail the send (sendto: Network is unreachable). */
  sendIp(dst: Ip4, proto: number, payload: Uint8Array, o: SendOptions): boolean | 'EMSGSIZE' {
    const route = this.outputRoute(dst, o.src);
    dst = route.dst;
    const src = route.src;
    const optLen = o.options?.data.length ?? 0;
    const total = IPV4_HDR_LEN + optLen + payload.length;
    const local = this.isLocal(dst);
    const header = (id: number, flagsFrag: number): Ipv4Fields => ({ tos: o.tos, id, flagsFrag, ttl: o.ttl ?? DEFAULT_TTL, proto, src, dst });
    const whole = (): Uint8Array => {
      const h = header(o.zeroId ? 0 : this.nextIpId(), o.df ? IPV4_DF : 0);
      if (!o.options || optLen === 0) return ipv4Packet(h, payload);
      const p = ipv4PacketWithOptions(h, o.options.data, payload);
      optionsBuild(p, o.options.opts, src, this.msOfDay()); // ip_options_build
      ipv4FillChecksum(p, 0, IPV4_HDR_LEN + optLen);
      return p;
    };
    if (local) {
      const p = whole();
      this.env.at(this.env.now(), () => this.ipInput(ipv4Parse(p) as Ipv4View, true, true));
      return true;
    }
    const r = this.routes.find((x) => ((dst & maskOf(x.len)) >>> 0) === x.dst);
    if (!r || r.kind === 'blackhole' || r.kind === 'unreachable') return false;
    const nh = r.gateway ?? dst;
    if (o.confirmNeigh) this.neigh.confirm(nh); // ip_finish_output2: sock_confirm_neigh
    const mtu = this.pmtu.mtu(dst, this.mtu, this.env.now());
    if (total <= mtu) {
      const p = whole();
      if (o.confirmNeigh) this.pendingConfirm.add(p); // the skb keeps the flag, queued or not
      this.neigh.output(nh, p);
      return true;
    }
    if (o.noFragment) return 'EMSGSIZE'; // ip_append_data: over the MTU with IP_PMTUDISC_DO
    // IP_PMTUDISC_WANT with a packet over the (path) MTU: fragmented locally, DF clear (ip_fragment)
    const id = this.nextIpId();
    const per = (mtu - IPV4_HDR_LEN) & ~7;
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
    const group = (eth.dst[0] & 1) === 1; // PACKET_BROADCAST or PACKET_MULTICAST
    if (!group && !macEqual(eth.dst, this.mac)) return void this.dropped++; // PACKET_OTHERHOST
    if (eth.type === ETHERTYPE_ARP) return this.arpInput(eth.payload);
    if (eth.type !== ETHERTYPE_IPV4) return void this.dropped++;
    const ip = ipv4Parse(eth.payload);
    if (typeof ip === 'string') return void this.dropped++;
    this.ipInput(ip, false, !group);
  }

  /** Addresses this namespace delivers locally: its own and 127/8 on lo. */
  isLocal(a: Ip4): boolean {
    return a === this.pod.ip || a >>> 24 === 127;
  }

  private msOfDay(): number {
    const ms = this.env.wallMs ? this.env.wallMs() : this.env.now() / 1e6;
    return Math.floor(ms) % MS_PER_DAY;
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

  // ip_rcv_finish (route, ip_rcv_options) → ip_local_deliver (ip_defrag) → the protocol
  private ipInput(ip: Ipv4View, loopback: boolean, host: boolean): void {
    // ip_route_input_slow: martian sources and destinations (route_localnet = 0 on eth0)
    const martian = (a: Ip4): boolean => a >>> 24 === 0 || (!loopback && a >>> 24 === 127);
    if (martian(ip.dst) || martian(ip.src) || isGroupAddress(ip.src)) return void this.dropped++;
    let opts: IpOptions = { optlen: 0, srr: 0, rr: 0, ts: 0, rrNeedAddr: false, tsNeedAddr: false, tsNeedTime: false };
    if (ip.hdrLen > IPV4_HDR_LEN) {
      const copy = ip.packet.slice(); // skb_cow: compiling writes into the header
      ip = { ...ip, packet: copy, payload: copy.subarray(ip.hdrLen) };
      const c = optionsCompile(copy, { specDst: this.isLocal(ip.dst) ? ip.dst : this.pod.ip, msOfDay: this.msOfDay(), isUnicast: (a) => this.isUnicast(a) });
      opts = c.opts;
      if (c.error !== null) {
        this.sendError({ ip, opts, host, loopback }, ICMP_PARAMETERPROB, 0, (c.error << 24) >>> 0, ip.packet.length);
        return void this.dropped++;
      }
      if (opts.srr) return void this.dropped++; // accept_source_route = 0
    }
    if (!this.isLocal(ip.dst) || (!loopback && ip.dst !== this.pod.ip)) return void this.dropped++; // ip_forward = 0
    if ((ip.flagsFrag & (IPV4_MF | IPV4_FRAG_OFFSET)) !== 0) {
      const whole = this.reasm.add(ip, this.env.now(), { opts, host, loopback }); // it copies what it keeps
      if (!whole) return;
      ip = whole;
    }
    transportInput({ ip, opts, host, loopback }, this.local);
  }

  /** inet_addr_type(addr) == RTN_UNICAST in the pod's namespace: routed by a unicast route
   *  and not local, broadcast or multicast. */
  private isUnicast(a: Ip4): boolean {
    if (this.isLocal(a) || isGroupAddress(a) || a >>> 24 === 0) return false;
    const r = this.routes.find((x) => ((a & maskOf(x.len)) >>> 0) === x.dst);
    return !!r && r.kind !== 'blackhole' && r.kind !== 'unreachable';
  }

  private sendError(r: Received, type: number, code: number, rest: number, quoteLen: number): void {
    const e = icmpError(r, type, code, rest, quoteLen, { podIp: this.pod.ip, mtu: this.mtu, isLocal: (a) => this.isLocal(a), isUnicast: (a) => this.isUnicast(a) });
    if (!e) return;
    this.env.at(this.env.now() + (r.loopback ? 0 : this.env.answerNs), () => {
      if (!this.sendIp(e.dst, IPPROTO_ICMP, e.message, { src: e.src, tos: e.tos, df: false, options: e.options })) this.dropped++;
    });
  }

  private readonly local: LocalHost = {
    toSockets: (r) => {
      if (r.ip.payload.length < ICMP_HDR_LEN) return; // icmp_filter: no whole ICMP header
      this.learnPmtu(r.ip.payload);
      const packet = ipv4Parse(r.ip.packet.slice()) as Ipv4View;
      this.env.at(this.env.now() + (r.loopback ? 0 : this.env.socketNs), () => {
        for (const s of this.sockets) s.deliver(typeof packet === 'string' ? r.ip : packet);
      });
    },
    sendError: (r, type, code, rest, quoteLen) => this.sendError(r, type, code, rest, quoteLen),
    // icmp_reply / ip_send_unicast_reply: from the address the packet was sent to, options echoed
    answer: (r, proto, payload, tos, df) => {
      const options = optionsEcho(r.ip.packet, r.opts, (a) => this.isUnicast(a));
      if (!options) return;
      this.env.at(this.env.now() + (r.loopback ? 0 : this.env.answerNs), () => {
        const o: SendOptions = { ttl: DEFAULT_TTL, tos, df, zeroId: df, options, src: r.ip.dst };
        if (!this.sendIp(r.ip.src, proto, payload, o)) this.dropped++;
      });
    },
    msOfDay: () => this.msOfDay(),
    tcp: (r) => this.tcp.input(r),
    tcpError: (quoted, type, code) => this.tcp.icmpError(quoted, type, code),
    tunnel4: () => this.env.tunnel4 ?? true,
  };

  /** ICMP frag-needed about a packet of ping's raw socket (raw_err → ipv4_sk_update_pmtu):
   *  the quoted destination's path MTU. */
  private learnPmtu(icmp: Uint8Array): void {
    if (icmp[0] !== ICMP_DEST_UNREACH || icmp[1] !== ICMP_FRAG_NEEDED || this.sockets.size === 0) return;
    const quoted = ipv4Header(icmp.subarray(ICMP_HDR_LEN));
    if (typeof quoted === 'string' || quoted.proto !== IPPROTO_ICMP) return;
    this.pmtu.update(quoted.dst, (icmp[6] << 8) | icmp[7], this.mtu, this.env.now());
  }

  private solicit(ip: Ip4, to: Mac | null): void {
    // arp_solicit: source = the pod's address; target hardware address zero even for a unicast
    // probe (arp_create is given no target_hw; the known MAC is only the Ethernet destination)
    this.env.send(ethFrame(to ?? BROADCAST_MAC, this.mac, ETHERTYPE_ARP, arpPacket({ op: ARPOP_REQUEST, sha: this.mac, spa: this.pod.ip, tha: ZERO_MAC, tpa: ip })));
  }
}
