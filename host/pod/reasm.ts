// IPv4 reassembly in a pod (ip_defrag), for pings bigger than the 1480-octet MTU: the sender
// fragments them, the nodes forward and tunnel each fragment as it is, the receiving pod puts
// them back together. Queues are keyed by (src, dst, id, proto) and dropped after
// ipfrag_time (30 s) from their first fragment; when the offset-0 fragment had arrived, the
// owner hears of it (ip_expire: ICMP 11/1 quoting that fragment). Overlaps keep the first copy
// of each octet (what RFC 5722 allows for v4).

import { st16be } from '../net/endian.ts';
import {
  IPV4_DF, IPV4_FLAGS_FRAG, IPV4_FRAG_OFFSET, IPV4_MF, IPV4_TOTAL_LEN, ipv4FillChecksum, ipv4Parse, type Ipv4View,
} from '../net/ipv4.ts';

export const IPFRAG_TIME_NS = 30e9;

interface Queue {
  first: Ipv4View | null; // the offset-0 fragment (its header becomes the packet's)
  parts: { off: number; data: Uint8Array }[];
  total: number; // payload length, known once the last fragment (MF clear) arrived; -1 before
  expires: number;
}

export interface ReasmTimer {
  at(t: number, run: () => void): void;
  /** A queue timed out with its first fragment in (ip_expire's INET_FRAG_FIRST_IN). */
  expired(first: Ipv4View): void;
}

export class Reassembler {
  private readonly queues = new Map<string, Queue>();
  private readonly timer: ReasmTimer | undefined;

  constructor(timer?: ReasmTimer) {
    this.timer = timer;
  }

  /** Feeds one fragment; returns the whole packet when this one completed it. */
  add(f: Ipv4View, now: number): Ipv4View | null {
    for (const [k, q] of this.queues) if (q.expires <= now) this.queues.delete(k);
    const key = `${f.src}/${f.dst}/${f.id}/${f.proto}`;
    let q = this.queues.get(key);
    if (!q) {
      const nq: Queue = { first: null, parts: [], total: -1, expires: now + IPFRAG_TIME_NS };
      this.queues.set(key, (q = nq));
      this.timer?.at(nq.expires, () => {
        if (this.queues.get(key) !== nq) return; // completed, or replaced
        this.queues.delete(key);
        if (nq.first) this.timer!.expired(nq.first);
      });
    }
    const off = (f.flagsFrag & IPV4_FRAG_OFFSET) * 8;
    if (off === 0) q.first = f;
    if ((f.flagsFrag & IPV4_MF) === 0) q.total = off + f.payload.length;
    q.parts.push({ off, data: f.payload.slice() });
    if (q.total < 0 || !q.first) return null;
    const have = new Uint8Array(q.total);
    const body = new Uint8Array(q.total);
    for (const p of q.parts) {
      for (let i = 0; i < p.data.length && p.off + i < q.total; i++) {
        if (!have[p.off + i]) {
          have[p.off + i] = 1;
          body[p.off + i] = p.data[i];
        }
      }
    }
    if (!have.every((b) => b === 1)) return null;
    this.queues.delete(key);
    const hl = q.first.hdrLen;
    const pkt = new Uint8Array(hl + q.total);
    pkt.set(q.first.packet.subarray(0, hl), 0);
    pkt.set(body, hl);
    st16be(pkt, IPV4_TOTAL_LEN, pkt.length);
    st16be(pkt, IPV4_FLAGS_FRAG, q.first.flagsFrag & IPV4_DF); // DF kept, MF and offset cleared
    ipv4FillChecksum(pkt, 0, hl);
    const whole = ipv4Parse(pkt);
    return typeof whole === 'string' ? null : whole;
  }
}
