// TCP in a pod's namespace, enough for a short request/response over a lossless path:
// connect, listen/accept, data, FIN in both directions, RST, TIME_WAIT. Segments look like
// Linux's (tcp_syn_options / tcp_established_options with timestamps on): the SYN and the
// SYN-ACK carry MSS (MTU − 40), SACK permitted, timestamps, NOP, window scale 7; the others
// NOP, NOP, timestamps. DF on every segment (IP_PMTUDISC_WANT), TTL 64, the SYN-ACK with IP
// ID 0 (ip_build_and_send_pkt), the others with the namespace's counter. Received data is
// acknowledged at once, before the application reads it (quick-ack mode, which a connection
// is in for its first segments: tcp_event_data_recv → tcp_incr_quickack, then
// __tcp_ack_snd_check sends from the softirq); a FIN is acknowledged by what the application
// does next (tcp_fin enters ping-pong mode: the ACK waits, and close() carries it).
//
// The receive window (tcp_select_initial_window): 65536 (tcp_full_space of the default
// 131072-byte tcp_rmem) rounded down to the MSS the segment's sender advertises, less the
// timestamps' 12 bytes in a SYN-ACK (tcp_openreq_init_rwin); window scale 7 (tcp_rmem's
// maximum of 6 MB, on a host with 1 GB or more); then selectWindow. What the application
// does (connected, data read, end of stream) happens when its process has woken (wakeNs).
// Checked against Linux 6.1 in the oracle's Service scenarios (oracle/scenarios/services.ts).
//
// A SYN nobody answers is sent again (tcp_retransmit_timer), and an ICMP error about it ends
// connect() (tcp_v4_err), except one that comes while connect() still holds the socket: the
// node's own answer to the first SYN (IPVS without real servers, say) is handled in the softirq
// that SYN's transmission ran, under the socket lock, so it is only a soft error and the
// connection fails at the retransmission's error a second later, as Linux shows it.
//
// Not modelled (the simulated path neither loses nor reorders): other retransmission, congestion
// and flow control beyond the advertised window, SACK blocks, out-of-order queues, urgent
// data, keepalive. A segment that does not fit the state (wrong sequence number, an ACK of
// something not sent) is ignored rather than answered by a challenge ACK.

import type { Ip4 } from '../net/addr.ts';
import { TCP_ACKF, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, tcpParse, tcpSegmentWith, type TcpView } from '../net/tcp.ts';
import type { Received } from './icmpError.ts';
import { DEST_UNREACH_ERRNO, type Errno } from './errno.ts';
import { synOptions, tsOptions, tsValOf, WSCALE } from './tcpOptions.ts';
import { ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, ICMP_HOST_UNREACH, ICMP_NET_UNREACH, ICMP_PARAMETERPROB, ICMP_TIME_EXCEEDED } from '../net/icmp.ts';
import { ld16be, ld32be } from '../net/endian.ts';

export type TcpState = 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT1' | 'FIN_WAIT2' | 'CLOSE_WAIT' | 'LAST_ACK' | 'CLOSING' | 'TIME_WAIT' | 'CLOSED';

const FULL_SPACE = 65536; // tcp_full_space: tcp_win_from_space(131072), tcp_adv_win_scale 1
const TCPOLEN_TSTAMP_ALIGNED = 12;
/** tcp_select_initial_window: the space rounded down to a multiple of `mss`. */
const initialWindow = (mss: number): number => FULL_SPACE - (FULL_SPACE % mss);
const TIME_WAIT_NS = 60e9; // TCP_TIMEWAIT_LEN
// The SYN's retransmission timeout starts at TCP_TIMEOUT_INIT and doubles; connect() gives up
// at the expiry after tcp_syn_retries (6) retransmissions: 1+2+4+8+16+32+64 = 127 s.
const TCP_TIMEOUT_INIT_NS = 1e9;
const TCP_SYN_RETRIES = 6;

export interface TcpEnv {
  now(): number;
  at(t: number, run: () => void): void;
  /** ip_queue_xmit; false when there is no route. `confirm`: the segment confirms the next
   *  hop's neighbour entry (sock_confirm_neigh → neigh_confirm). */
  send(dst: Ip4, src: Ip4, segment: Uint8Array, zeroId: boolean, confirm: boolean): boolean;
  /** How long after its SYN connect() still holds the socket (default 0): the softirq work
   *  that SYN's transmission starts on the same CPU runs under the lock (sock_owned_by_user). */
  ownedNs?: number;
  /** Derived values (ISN, timestamp offset, ephemeral port) from a label, stable per run. */
  derive(label: string): number;
  mss: number;
  /** From a segment's arrival to the application's reaction (the process woken). */
  wakeNs: number;
}

export interface TcpHandlers {
  connected?(c: TcpConn): void;
  data?(c: TcpConn, data: Uint8Array): void;
  /** The peer sent FIN (read side done). */
  end?(c: TcpConn): void;
  /** connect() failed: a RST answered the SYN (ECONNREFUSED), no answer came (ETIMEDOUT), or
   *  an ICMP error about the SYN arrived (tcp_v4_err). */
  failed?(c: TcpConn, err: Errno): void;
  /** RST on a synchronized connection (ECONNRESET). */
  reset?(c: TcpConn): void;
}

export class TcpConn {
  state: TcpState;
  private sndNxt: number;
  private sndUna: number;
  private rcvNxt = 0;
  private tsRecent = 0;
  private readonly tsOffset: number;
  /** The receive window offered (tcp_select_initial_window); it does not move here. */
  private readonly rcvWnd: number;
  /** The window last offered (bytes) and rcv_nxt when it was (rcv_wup). */
  private rcvWndAdv: number;
  private rcvWup = 0;
  /** Until when connect() holds the socket (ns). */
  private ownedUntil = -1;
  /** sk_dst_pending_confirm: an ACK made forward progress (tcp_ack → sk_dst_confirm), so the
   *  next segment sent confirms the neighbour, which keeps it REACHABLE while the peer answers.
   *  (tcp_ack also confirms on a pure duplicate ACK; lossless paths send none here.) */
  private pendingConfirm = false;
  /** sk_err_soft: an ICMP error that did not end the connection (reported if connect() times out). */
  private softError: Errno | null = null;
  /** Segments sent so far: a handler that answered at once has acknowledged in passing. */
  private sent = 0;
  handlers: TcpHandlers;

  constructor(
    private readonly tcp: TcpSockets,
    readonly local: Ip4,
    readonly localPort: number,
    readonly remote: Ip4,
    readonly remotePort: number,
    state: TcpState,
    handlers: TcpHandlers,
  ) {
    this.state = state;
    this.handlers = handlers;
    const label = `${local}:${localPort}>${remote}:${remotePort}@${tcp.env.now()}`;
    this.sndNxt = this.sndUna = tcp.env.derive(`isn:${label}`) >>> 0;
    this.tsOffset = tcp.env.derive(`ts:${label}`) >>> 0;
    this.rcvWnd = initialWindow(state === 'SYN_RECV' ? tcp.env.mss - TCPOLEN_TSTAMP_ALIGNED : tcp.env.mss);
    this.rcvWndAdv = this.rcvWnd;
  }

  get key(): string {
    return connKey(this.local, this.localPort, this.remote, this.remotePort);
  }

  /** write(): one segment with PSH. */
  send(data: Uint8Array): void {
    if (this.state !== 'ESTABLISHED' && this.state !== 'CLOSE_WAIT') return;
    this.emit(TCP_PSH | TCP_ACKF, data);
    this.sndNxt = (this.sndNxt + data.length) >>> 0;
  }

  /** close(): FIN after whatever was written. */
  close(): void {
    if (this.state === 'ESTABLISHED') this.state = 'FIN_WAIT1';
    else if (this.state === 'CLOSE_WAIT') this.state = 'LAST_ACK';
    else return;
    this.emit(TCP_FIN | TCP_ACKF);
    this.sndNxt = (this.sndNxt + 1) >>> 0;
  }

  /** A listener's half of the handshake: the peer's SYN seen, the SYN-ACK sent. */
  synReceived(seq: number, tsVal: number | null): void {
    this.rcvNxt = (seq + 1) >>> 0;
    this.rcvWup = this.rcvNxt;
    if (tsVal !== null) this.tsRecent = tsVal;
    this.open();
  }

  /** The SYN of connect() or the SYN-ACK of a listener. */
  open(): void {
    const synAck = this.state === 'SYN_RECV';
    this.emit(synAck ? TCP_SYN | TCP_ACKF : TCP_SYN, new Uint8Array(0), synAck);
    this.sndNxt = (this.sndNxt + 1) >>> 0;
    if (synAck) return;
    this.ownedUntil = this.tcp.env.now() + (this.tcp.env.ownedNs ?? 0);
    this.armSynTimer(0);
  }

  /** tcp_retransmit_timer in SYN_SENT: the SYN again, the timeout doubled; after the last
   *  retransmission tcp_write_err reports the soft error if one came, else ETIMEDOUT. */
  private armSynTimer(retransmits: number): void {
    this.tcp.env.at(this.tcp.env.now() + TCP_TIMEOUT_INIT_NS * 2 ** retransmits, () => {
      if (this.state !== 'SYN_SENT') return;
      if (retransmits === TCP_SYN_RETRIES) {
        this.finish();
        this.handlers.failed?.(this, this.softError ?? 'ETIMEDOUT');
        return;
      }
      this.emit(TCP_SYN, new Uint8Array(0), false, this.sndUna);
      this.armSynTimer(retransmits + 1);
    });
  }

  input(t: TcpView, data: Uint8Array, tsVal: number | null): void {
    if (tsVal !== null) this.tsRecent = tsVal;
    if (t.flags & TCP_RST) {
      const refused = this.state === 'SYN_SENT';
      this.finish();
      if (refused) this.handlers.failed?.(this, 'ECONNREFUSED');
      else this.handlers.reset?.(this);
      return;
    }
    if (this.state === 'SYN_SENT') {
      if ((t.flags & (TCP_SYN | TCP_ACKF)) !== (TCP_SYN | TCP_ACKF) || t.ack !== this.sndNxt) return;
      this.rcvNxt = (t.seq + 1) >>> 0;
      this.sndUna = t.ack;
      this.pendingConfirm = true; // the SYN acknowledged
      this.state = 'ESTABLISHED';
      this.rcvWup = this.rcvNxt;
      this.emit(TCP_ACKF);
      this.app(() => this.handlers.connected?.(this));
      return;
    }
    if (t.flags & TCP_SYN) return; // a duplicate SYN: the SYN-ACK is not lost here
    if (t.flags & TCP_ACKF) this.acked(t.ack);
    if (t.seq !== this.rcvNxt) return;
    let answer = false;
    if (data.length > 0 && this.state !== 'CLOSE_WAIT' && this.state !== 'LAST_ACK') {
      this.rcvNxt = (this.rcvNxt + data.length) >>> 0;
      answer = true;
    }
    const fin = (t.flags & TCP_FIN) !== 0;
    if (fin) {
      this.rcvNxt = (this.rcvNxt + 1) >>> 0;
      answer = true;
      if (this.state === 'ESTABLISHED') this.state = 'CLOSE_WAIT';
      else if (this.state === 'FIN_WAIT1') this.state = 'CLOSING';
      else if (this.state === 'FIN_WAIT2') this.timeWait();
    }
    if (!answer) return;
    // data: quick-ack mode acknowledges from the softirq, before the application runs; a FIN
    // after our own is acknowledged at once too (CLOSING, TIME_WAIT)
    const waits = fin && data.length === 0 && this.state === 'CLOSE_WAIT';
    if (!waits) this.emit(TCP_ACKF);
    this.app(() => {
      const before = this.sent;
      if (data.length > 0) this.handlers.data?.(this, data);
      if (fin) this.handlers.end?.(this);
      // the peer's FIN in ping-pong mode: what the application sent carried the
      // acknowledgement; otherwise a pure ACK
      if (waits && this.sent === before && this.state !== 'CLOSED') this.emit(TCP_ACKF);
    });
  }

  /** The application's part, once its process is woken (the socket's wakeup, then its turn). */
  private app(run: () => void): void {
    const env = this.tcp.env;
    env.at(env.now() + env.wakeNs, run);
  }

  /** tcp_select_window → __tcp_select_window: the window offered now, in bytes. It never
   *  shrinks below what the last one still allows (tcp_receive_window: the last offer less
   *  what arrived since, rounded up to the scale); otherwise min(free space, rcv_ssthresh),
   *  rcv_ssthresh clamped to tcp_full_space less one segment (tcp_init_buffer_space). Free
   *  space is taken as the whole buffer: the queued bytes of a short exchange do not reach it. */
  private selectWindow(): number {
    const scale = 1 << WSCALE;
    const align = (w: number): number => Math.ceil(w / scale) * scale;
    const cur = this.rcvWndAdv - ((this.rcvNxt - this.rcvWup) >>> 0);
    let win = align(Math.min(this.rcvWnd, FULL_SPACE - this.tcp.env.mss));
    if (win < cur) win = align(cur);
    this.rcvWndAdv = win;
    this.rcvWup = this.rcvNxt;
    return win >>> WSCALE;
  }

  private acked(ack: number): void {
    if (ack !== this.sndUna && ((ack - this.sndUna) >>> 0) <= ((this.sndNxt - this.sndUna) >>> 0)) this.pendingConfirm = true;
    this.sndUna = ack;
    if (ack !== this.sndNxt) return;
    if (this.state === 'SYN_RECV') {
      this.state = 'ESTABLISHED';
      this.tcp.accepted(this);
    } else if (this.state === 'FIN_WAIT1') this.state = 'FIN_WAIT2';
    else if (this.state === 'CLOSING') this.timeWait();
    else if (this.state === 'LAST_ACK') this.finish();
  }

  private timeWait(): void {
    this.state = 'TIME_WAIT';
    this.tcp.env.at(this.tcp.env.now() + TIME_WAIT_NS, () => this.finish());
  }

  /** tcp_v4_err after the socket lookup: an ICMP error quoting a segment with sequence number
   *  `seq`. Outside snd_una..snd_nxt it is stale (OUTOFWINDOWICMPS). A request socket
   *  (SYN_RECV) is dropped on the errors tcp_req_err aborts for, when the quote is its SYN-ACK;
   *  a connecting socket fails with the error (sk_err, tcp_done) unless connect() still holds
   *  it; otherwise, and on a synchronized connection, the error is only kept (sk_err_soft). */
  icmpError(seq: number, type: number, code: number): void {
    if (this.state === 'SYN_RECV') {
      const abort = type === ICMP_PARAMETERPROB || type === ICMP_TIME_EXCEEDED
        || (type === ICMP_DEST_UNREACH && (code === ICMP_NET_UNREACH || code === ICMP_HOST_UNREACH));
      if (abort && seq === this.sndUna) this.finish();
      return;
    }
    if (this.state === 'TIME_WAIT' || this.state === 'CLOSED') return;
    if (((seq - this.sndUna) >>> 0) > ((this.sndNxt - this.sndUna) >>> 0)) return;
    let err: Errno;
    if (type === ICMP_PARAMETERPROB) err = 'EPROTO';
    else if (type === ICMP_TIME_EXCEEDED) err = 'EHOSTUNREACH';
    else if (type === ICMP_DEST_UNREACH && code < DEST_UNREACH_ERRNO.length && code !== ICMP_FRAG_NEEDED) err = DEST_UNREACH_ERRNO[code];
    else return; // redirect, source quench, frag needed (tcp_v4_mtu_reduced: no retransmission here)
    if (this.state !== 'SYN_SENT' || this.tcp.env.now() < this.ownedUntil) {
      this.softError = err;
      return;
    }
    this.finish();
    this.handlers.failed?.(this, err);
  }

  private finish(): void {
    this.state = 'CLOSED';
    this.tcp.forget(this);
  }

  private emit(flags: number, data: Uint8Array = new Uint8Array(0), zeroId = false, seq = this.sndNxt): void {
    const syn = (flags & TCP_SYN) !== 0;
    const tsVal = (Math.floor(this.tcp.env.now() / 1e6) + this.tsOffset) >>> 0;
    const opts = syn ? synOptions(this.tcp.env.mss, tsVal, this.tsRecent) : tsOptions(tsVal, this.tsRecent);
    const seg = tcpSegmentWith({
      sport: this.localPort, dport: this.remotePort, seq, ack: flags & TCP_ACKF ? this.rcvNxt : 0,
      flags, window: syn ? this.rcvWnd : this.selectWindow(),
    }, opts, data, { src: this.local, dst: this.remote });
    this.sent++;
    const confirm = this.pendingConfirm;
    this.pendingConfirm = false;
    this.tcp.env.send(this.remote, this.local, seg, zeroId, confirm);
  }
}

const connKey = (l: Ip4, lp: number, r: Ip4, rp: number): string => `${l}:${lp}>${r}:${rp}`;

/** The namespace's TCP sockets: established and half-open connections, and listeners. */
export class TcpSockets {
  private readonly conns = new Map<string, TcpConn>();
  private readonly listeners = new Map<number, (c: TcpConn) => void>();
  private ephemeral = 0;

  constructor(readonly env: TcpEnv, private readonly localIp: Ip4) {}

  listen(port: number, accept: (c: TcpConn) => void): void {
    this.listeners.set(port, accept);
  }

  /** connect(): a SYN from an ephemeral port of ip_local_port_range (32768..60999). */
  connect(dst: Ip4, port: number, handlers: TcpHandlers): TcpConn {
    const sport = 32768 + ((this.env.derive(`port:${this.ephemeral++}:${dst}:${port}`) >>> 0) % (60999 - 32768 + 1));
    const c = new TcpConn(this, this.localIp, sport, dst, port, 'SYN_SENT', handlers);
    this.conns.set(c.key, c);
    c.open();
    return c;
  }

  /** tcp_v4_rcv: true when a socket took the segment (else the caller resets it). */
  input(r: Received): boolean {
    const ip = r.ip;
    const t = tcpParse(ip.payload, { src: ip.src, dst: ip.dst });
    if (typeof t === 'string') return true; // dropped (bad checksum, short): no reset either
    const data = ip.payload.subarray(t.hdrLen);
    const c = this.conns.get(connKey(ip.dst, t.dport, ip.src, t.sport));
    if (c) {
      c.input(t, data, tsValOf(ip.payload, t.hdrLen));
      return true;
    }
    const accept = this.listeners.get(t.dport);
    if (!accept || ip.dst !== this.localIp) return false;
    if ((t.flags & (TCP_SYN | TCP_ACKF | TCP_RST)) !== TCP_SYN) return false;
    const n = new TcpConn(this, ip.dst, t.dport, ip.src, t.sport, 'SYN_RECV', {});
    this.conns.set(n.key, n);
    n.synReceived(t.seq, tsValOf(ip.payload, t.hdrLen));
    return true;
  }

  /** tcp_v4_err: an ICMP error about a segment this namespace sent; `quoted` is the offending
   *  packet's IP header and at least 8 octets of its TCP header (icmp_socket_deliver). The
   *  socket is looked up as the segment left: local = quoted source. */
  icmpError(quoted: Uint8Array, type: number, code: number): void {
    const ihl = (quoted[0] & 0xf) * 4;
    const src: Ip4 = ld32be(quoted, 12), dst: Ip4 = ld32be(quoted, 16);
    const sport = ld16be(quoted, ihl), dport = ld16be(quoted, ihl + 2);
    this.conns.get(connKey(src, sport, dst, dport))?.icmpError(ld32be(quoted, ihl + 4), type, code);
  }

  /** The third segment of the handshake arrived. */
  accepted(c: TcpConn): void {
    this.listeners.get(c.localPort)?.(c);
  }

  forget(c: TcpConn): void {
    if (this.conns.get(c.key) === c) this.conns.delete(c.key);
  }

  /** Every socket that is not closed (for `netstat`-like views and the tests). */
  list(): TcpConn[] {
    return [...this.conns.values()];
  }
}
