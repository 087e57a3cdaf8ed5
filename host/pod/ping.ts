// busybox ping (networking/ping.c, FEATURE_FANCY_PING) as a process in a simulated pod: the
// same packets, the same output, the same exit status, on the simulated clock.
//
// What busybox does, and so what this does:
// - ident = htons(getpid()): tcpdump shows the pid as the echo id (the seed: 29, 32, 43);
// - data: `datalen` bytes of the pattern (-p, default 0), the first 4 overwritten with
//   monotonic_us() in host (little-endian) order, read back from the reply for the RTT;
// - a raw ICMP socket sees every ICMP packet for the pod; a packet shorter than
//   datalen + 8 or whose identifier field is not ours is ignored. ICMP errors (time
//   exceeded, unreachable) carry 0 in that field, so busybox never reports them: a TTL
//   that runs out or an unreachable network looks like plain loss (tcpdump shows the error);
// - -c N: after the N-th send it waits 2·RTTmax (at least 1 s) if anything came back, else
//   -W seconds (default 10); it stops as soon as N replies arrived. -w SECS: stops at the
//   first send after the deadline. Exit 1 when nothing came back (or, with -w, fewer than N).
// - per reply: `64 bytes from A: seq=S ttl=T time=X.XXX ms` (+ ` (DUP!)`); at the end the
//   statistics block, the round-trip line only when a reply was timed.

import { formatIp4, parseIp4 } from '../net/addr.ts';
import { NS_PER_S, NS_PER_US } from '../time.ts';
import type { PodStack, RawIcmpSocket } from './stack.ts';
import { ld16be } from '../net/endian.ts';
import { ICMP_ECHO, ICMP_ECHO_REPLY, ICMP_HDR_LEN, ICMP_REST, ICMP_SEQ, ICMP_TYPE, icmpEchoRest, icmpEmit } from '../net/icmp.ts';
import { IPPROTO_ICMP, type Ipv4View } from '../net/ipv4.ts';
import { STRERROR } from './errno.ts';

export interface PingOptions {
  /** -c N (0 = until -w). */
  count: number;
  /** -s SIZE data bytes (default 56). */
  size?: number;
  /** -t TTL (IP_TTL; default: the kernel's 64). */
  ttl?: number;
  /** -W SEC: wait for a reply after the last send when none came (default 10). */
  timeoutS?: number;
  /** -w SEC: stop after this many seconds. */
  deadlineS?: number;
  /** -i SECS between sends (default 1). */
  intervalS?: number;
  /** -q */
  quiet?: boolean;
  /** -p HEXBYTE payload pattern. */
  pattern?: number;
  /** -M do|want|dont: iputils' path MTU discovery setting (IP_MTU_DISCOVER); busybox has no
   *  such option and leaves the kernel's default, want. */
  pmtudisc?: PmtuDisc;
  /** The process id: busybox's ICMP identifier. */
  pid: number;
}

export type PmtuDisc = 'do' | 'want' | 'dont';
export const PMTU_DISC: readonly PmtuDisc[] = ['do', 'want', 'dont'];

export interface PingEnv {
  now(): number;
  at(t: number, run: () => void): void;
  /** Process → eth0 latency (sendto). */
  txNs: number;
  /** Simulated monotonic clock in µs (what monotonic_us() returns). */
  monotonicUs(): number;
  out(text: string): void;
  err(text: string): void;
}

const MAX_DUP_CHK = 8 * 128;
/** busybox caps -w at INT_MAX/1000000 s so that the deadline fits its 32-bit µs clock. */
export const BUSYBOX_MAX_DEADLINE_S = Math.floor(0x7fffffff / 1_000_000);
const UINT_MAX = 0xffffffff;

const TYPE_NAMES: Record<number, string> = {
  0: 'Echo Reply', 3: 'Destination Unreachable', 4: 'Source Quench', 5: 'Redirect (change route)',
  8: 'Echo Request', 11: 'Time Exceeded', 12: 'Parameter Problem', 13: 'Timestamp Request',
  14: 'Timestamp Reply', 15: 'Information Request', 16: 'Information Reply',
  17: 'Address Mask Request', 18: 'Address Mask Reply',
};

export class BusyboxPing implements RawIcmpSocket {
  /** null while running; then busybox's exit status. */
  exitCode: number | null = null;
  ntransmitted = 0;
  nreceived = 0;
  nrepeats = 0;
  private readonly stack: PodStack;
  private readonly env: PingEnv;
  private readonly host: string;
  private readonly dst: number;
  private readonly datalen: number;
  private readonly o: PingOptions;
  private readonly myid: number;
  private tmin = UINT_MAX;
  private tmax = 0;
  private tsum = 0;
  private curUs = 0;
  private deadlineUs = 0;
  private alarmGen = 0;
  private readonly rcvd = new Uint8Array(MAX_DUP_CHK / 8);

  constructor(stack: PodStack, host: string, o: PingOptions, env: PingEnv) {
    this.stack = stack;
    this.host = host;
    this.o = o;
    this.env = env;
    this.datalen = o.size ?? 56;
    this.myid = o.pid & 0xffff;
    this.dst = parseIp4(host) ?? -1;
  }

  /** Starts the process at the current simulated time. */
  start(): void {
    if (this.dst < 0) {
      this.env.err(`ping: bad address '${this.host}'\n`);
      this.exitCode = 1;
      return;
    }
    this.env.out(`PING ${this.host} (${formatIp4(this.dst)}): ${this.datalen} data bytes\n`);
    if (this.o.deadlineS) {
      const d = Math.min(this.o.deadlineS, BUSYBOX_MAX_DEADLINE_S);
      this.deadlineUs = ((d * 1_000_000 + this.env.monotonicUs()) | 1) >>> 0;
    }
    this.stack.sockets.add(this);
    this.sendping();
  }

  private sendping(): void {
    if (this.exitCode !== null) return;
    const pattern = this.o.pattern ?? 0;
    const pkt = new Uint8Array(ICMP_HDR_LEN + this.datalen).fill(pattern);
    this.curUs = this.env.monotonicUs() >>> 0;
    // stored in host order, read back on the same machine; with -s < 4 it lands past the packet
    for (let i = 0; i < 4 && ICMP_HDR_LEN + i < pkt.length; i++) pkt[ICMP_HDR_LEN + i] = (this.curUs >>> (8 * i)) & 255;
    icmpEmit(pkt, 0, ICMP_ECHO, 0, icmpEchoRest(this.myid, this.ntransmitted), pkt.length);

    if (this.deadlineUs && ((this.curUs - this.deadlineUs) | 0) >= 0) return this.finish();
    const bit = this.ntransmitted % MAX_DUP_CHK;
    this.rcvd[bit >> 3] &= ~(1 << (bit & 7));
    this.ntransmitted++;
    const ttl = this.o.ttl;
    // IP_MTU_DISCOVER (iputils' -M; busybox leaves the kernel's default, want): DF on every
    // packet that fits the path MTU unless dont; over it, do refuses and the others fragment
    const pmtudisc = this.o.pmtudisc ?? 'want';
    this.env.at(this.env.now() + this.env.txNs, () => {
      const r = this.stack.sendIp(this.dst, IPPROTO_ICMP, pkt, { ttl, df: pmtudisc !== 'dont', noFragment: pmtudisc === 'do' });
      if (r !== true) {
        // busybox's xsendto: bb_perror_msg_and_die("sendto")
        this.env.err(`ping: sendto: ${STRERROR[r === 'EMSGSIZE' ? 'EMSGSIZE' : 'ENETUNREACH']}\n`);
        this.exit(1);
      }
    });
    if (this.o.count === 0 || this.ntransmitted < this.o.count) {
      this.alarm((this.o.intervalS ?? 1) * NS_PER_S, () => this.sendping());
    } else {
      let expire = this.o.timeoutS ?? 10;
      if (this.nreceived) expire = Math.floor(this.tmax / (512 * 1024)) || 1; // ≈ 2·RTTmax in s
      this.alarm(expire * NS_PER_S, () => this.finish());
    }
  }

  /** alarm()/setitimer(): a new one replaces the pending one. */
  private alarm(ns: number, run: () => void): void {
    const gen = ++this.alarmGen;
    this.env.at(this.env.now() + ns, () => {
      if (gen === this.alarmGen && this.exitCode === null) run();
    });
  }

  deliver(p: Ipv4View): void {
    if (this.exitCode !== null) return;
    this.unpack4(p);
    if (this.o.count && this.nreceived >= this.o.count) this.finish();
  }

  private unpack4(p: Ipv4View): void {
    let sz = p.totalLen;
    if (sz < this.datalen + ICMP_HDR_LEN) return;
    sz -= p.hdrLen;
    const icmp = p.payload;
    if (ld16be(icmp, ICMP_REST) !== this.myid) return; // not our ping (ICMP errors always land here)
    const type = icmp[ICMP_TYPE];
    if (type === ICMP_ECHO_REPLY) {
      const seq = ld16be(icmp, ICMP_SEQ);
      const at = ICMP_HDR_LEN; // busybox's send time, host order
      const stamp = sz >= at + 4 ? (icmp[at] | (icmp[at + 1] << 8) | (icmp[at + 2] << 16) | (icmp[at + 3] << 24)) >>> 0 : null;
      this.unpackTail(sz, stamp, formatIp4(p.src), seq, p.ttl);
      return;
    }
    if (type !== ICMP_ECHO) this.env.err(`ping: warning: got ICMP ${type} (${TYPE_NAMES[type] ?? 'unknown ICMP type'})\n`);
  }

  private unpackTail(sz: number, stamp: number | null, from: string, seq: number, ttl: number): void {
    let trip = 0;
    if (stamp !== null) {
      trip = ((this.env.monotonicUs() >>> 0) - stamp) | 0;
      this.tsum += trip;
      if (trip >>> 0 < this.tmin) this.tmin = trip >>> 0;
      if (trip >>> 0 > this.tmax) this.tmax = trip >>> 0;
    }
    const bit = seq % MAX_DUP_CHK;
    let dup = '';
    if (this.rcvd[bit >> 3] & (1 << (bit & 7))) {
      this.nrepeats++;
      dup = ' (DUP!)';
    } else {
      this.rcvd[bit >> 3] |= 1 << (bit & 7);
      this.nreceived++;
    }
    if (this.o.quiet) return;
    let line = `${sz} bytes from ${from}: seq=${seq} ttl=${ttl}`;
    if (stamp !== null) line += ` time=${ms(trip >>> 0)}`;
    this.env.out(`${line}${dup}\n`);
  }

  private finish(): void {
    const nrecv = this.nreceived;
    let s = `\n--- ${this.host} ping statistics ---\n${this.ntransmitted} packets transmitted, ${nrecv} packets received, `;
    if (this.nrepeats) s += `${this.nrepeats} duplicates, `;
    const loss = this.ntransmitted ? Math.floor(((this.ntransmitted - nrecv) * 100) / this.ntransmitted) : 0;
    s += `${loss}% packet loss\n`;
    if (this.tmin !== UINT_MAX) {
      const tavg = Math.floor(this.tsum / (nrecv + this.nrepeats));
      s += `round-trip min/avg/max = ${ms(this.tmin, '')}/${ms(tavg, '')}/${ms(this.tmax)}\n`;
    }
    this.env.out(s);
    this.exit(nrecv === 0 || (this.deadlineUs !== 0 && nrecv < this.o.count) ? 1 : 0);
  }

  private exit(code: number): void {
    if (this.exitCode !== null) return;
    this.exitCode = code;
    this.alarmGen++;
    this.stack.sockets.delete(this);
  }
}

/** busybox's "%u.%03u ms" of a µs count. */
function ms(us: number, unit = ' ms'): string {
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}${unit}`;
}

/** The simulated monotonic clock of a pod, in µs (uptime-like: counts from the simulation's start). */
export function monotonicUsOf(nowNs: number, bootOffsetUs: number): number {
  return (Math.floor(nowNs / NS_PER_US) + bootOffsetUs) % 2 ** 32;
}
