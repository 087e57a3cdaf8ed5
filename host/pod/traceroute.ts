// busybox traceroute (networking/traceroute.c, IPv4 UDP mode) as a process in a simulated pod:
// the same probes, the same output, on the simulated clock.
//
// What busybox does, and so what this does:
// - a UDP socket connect()ed to the target (the kernel picks the source port) sends, for each
//   TTL from -f (1) to -m (30), -q (3) probes of 18 data octets (seq, ttl, 16 zero octets:
//   outdata_t), IP_TTL set per probe, DF set (the socket's default IP_PMTUDISC_WANT), to port
//   -p (33434) + seq, seq counting from 1 over the whole run; "46 byte packets" = 20 + 8 + 18;
// - a raw ICMP socket takes time exceeded in transit (type 11 code 0) and destination
//   unreachable (type 3) whose quoted UDP header has that destination port; anything else is
//   ignored; -w (5) seconds without one prints `  *`;
// - each hop line: `%2d`, then per probe the sender `  A (A)` (`  A` with -n) when it differs
//   from the previous probe's, and `  %u.%03u ms` from the send to the reply; port unreachable
//   ends the run (the target answered), as do unreachables on all probes but one (` !H`, …).
// Reverse DNS is not simulated: a name prints as the address, as when no PTR record exists.

import { formatIp4, parseIp4 } from '../net/addr.ts';
import { NS_PER_S, NS_PER_US } from '../time.ts';
import type { PodStack, RawIcmpSocket } from './stack.ts';
import { ld16be } from '../net/endian.ts';
import { ICMP_DEST_UNREACH, ICMP_EXC_TTL, ICMP_HDR_LEN, ICMP_PORT_UNREACH, ICMP_TIME_EXCEEDED } from '../net/icmp.ts';
import { IPPROTO_UDP, IPV4_HDR_LEN, type Ipv4View } from '../net/ipv4.ts';
import { UDP_DPORT, UDP_HDR_LEN, udpDatagram } from '../net/udp.ts';

export interface TracerouteOptions {
  firstTtl?: number;
  maxTtl?: number;
  probes?: number;
  port?: number;
  waitS?: number;
  pauseMs?: number;
  numeric?: boolean;
  /** Total packet length (the optional second operand), ≥ 46. */
  packetLen?: number;
  /** The UDP source port the kernel gave the connected socket. */
  sourcePort: number;
}

export interface TracerouteEnv {
  now(): number;
  at(t: number, run: () => void): void;
  /** Process → eth0 latency (sendto). */
  txNs: number;
  out(text: string): void;
  err(text: string): void;
}

const UNREACH_MARK: Record<number, string> = {
  0: ' !N', 1: ' !H', 2: ' !P', 4: ' !F', 5: ' !S', 6: ' !U', 7: ' !U', 8: ' !I', 9: ' !A', 10: ' !A', 11: ' !T', 12: ' !T', 13: ' !A', 14: ' !V', 15: ' !C',
};

export class BusyboxTraceroute implements RawIcmpSocket {
  exitCode: number | null = null;
  private readonly dst: number;
  private readonly o: Required<Omit<TracerouteOptions, 'sourcePort'>> & { sourcePort: number };
  private ttl = 0;
  private probe = 0;
  private seq = 0;
  private sentAt = 0;
  private waitGen = 0;
  private last: number | null = null;
  private gotThere = false;
  private unreachable = 0;

  constructor(
    private readonly stack: PodStack,
    private readonly host: string,
    o: TracerouteOptions,
    private readonly env: TracerouteEnv,
  ) {
    this.dst = parseIp4(host) ?? -1;
    this.o = { firstTtl: 1, maxTtl: 30, probes: 3, port: 33434, waitS: 5, pauseMs: 0, numeric: false, packetLen: 46, ...o };
  }

  start(): void {
    if (this.dst < 0) {
      this.env.err(`traceroute: bad address '${this.host}'\n`);
      this.exitCode = 1;
      return;
    }
    this.env.out(`traceroute to ${this.host} (${formatIp4(this.dst)}), ${this.o.maxTtl} hops max, ${this.o.packetLen} byte packets\n`);
    this.stack.sockets.add(this);
    this.ttl = this.o.firstTtl;
    this.env.out(String(this.ttl).padStart(2));
    this.sendProbe();
  }

  private sendProbe(): void {
    this.seq++;
    const data = new Uint8Array(this.o.packetLen - IPV4_HDR_LEN - UDP_HDR_LEN);
    data[0] = this.seq & 255;
    data[1] = this.ttl;
    const route = this.stack.outputRoute(this.dst); // the pseudo-header's addresses are the packet's
    const udp = udpDatagram(this.o.sourcePort, (this.o.port + this.seq) & 0xffff, data, route);
    const ttl = this.ttl;
    this.env.at(this.env.now() + this.env.txNs, () => {
      if (!this.stack.sendIp(route.dst, IPPROTO_UDP, udp, { ttl, df: true })) {
        this.env.err('traceroute: sendto: Network is unreachable\n');
        this.exit(1);
      }
    });
    this.sentAt = this.env.now();
    const gen = ++this.waitGen;
    this.env.at(this.env.now() + this.o.waitS * NS_PER_S, () => {
      if (gen !== this.waitGen || this.exitCode !== null) return;
      this.env.out('  *');
      this.nextProbe();
    });
  }

  deliver(p: Ipv4View): void {
    if (this.exitCode !== null || p.payload.length < ICMP_HDR_LEN) return;
    const icmp = p.payload;
    const type = icmp[0];
    const code = icmp[1];
    if (!((type === ICMP_TIME_EXCEEDED && code === ICMP_EXC_TTL) || type === ICMP_DEST_UNREACH)) return;
    // packet4_ok: the quoted header and 4 octets of UDP must be there, the destination port ours
    const q = icmp.subarray(ICMP_HDR_LEN);
    if (q.length < IPV4_HDR_LEN) return;
    const hl = (q[0] & 15) * 4;
    if (q[9] !== IPPROTO_UDP || q.length < hl + 4) return;
    if (ld16be(q, hl + UDP_DPORT) !== ((this.o.port + this.seq) & 0xffff)) return;
    this.waitGen++; // the reply cancels the wait
    if (this.probe === 0 || this.last !== p.src) {
      const a = formatIp4(p.src);
      this.env.out(this.o.numeric ? `  ${a}` : `  ${a} (${a})`);
      this.last = p.src;
    }
    const us = Math.floor((this.env.now() - this.sentAt) / NS_PER_US);
    this.env.out(`  ${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')} ms`);
    if (type === ICMP_DEST_UNREACH) {
      if (code === ICMP_PORT_UNREACH) {
        if (p.ttl <= 1) this.env.out(' !');
        this.gotThere = true;
      } else {
        this.env.out(code === 4 ? ` !F-${ld16be(icmp, 6)}` : (UNREACH_MARK[code] ?? ` !<${code}>`));
        if (code === 2) this.gotThere = true;
        else this.unreachable++;
      }
    }
    this.nextProbe();
  }

  private nextProbe(): void {
    this.probe++;
    if (this.probe < this.o.probes) {
      this.env.at(this.env.now() + this.o.pauseMs * 1_000_000, () => this.sendProbe());
      return;
    }
    this.env.out('\n');
    if (this.gotThere || (this.unreachable > 0 && this.unreachable >= this.o.probes - 1) || this.ttl >= this.o.maxTtl) {
      this.exit(0);
      return;
    }
    this.ttl++;
    this.probe = 0;
    this.last = null;
    this.env.out(String(this.ttl).padStart(2));
    this.sendProbe();
  }

  private exit(code: number): void {
    if (this.exitCode !== null) return;
    this.exitCode = code;
    this.waitGen++;
    this.stack.sockets.delete(this);
  }
}
