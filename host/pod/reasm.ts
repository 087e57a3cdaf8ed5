// IPv4 reassembly in a pod (ip_defrag at local delivery), with Linux 6.1's rules
// (net/ipv4/ip_fragment.c ip_frag_queue and ip_frag_reasm, net/ipv4/inet_fragment.c
// inet_frag_queue_insert). Queues are keyed by (src, dst, id, proto) and live ipfrag_time
// (30 s) from their first fragment; when one times out with its offset-0 fragment in, the
// owner hears of it (ip_expire: ICMP 11/1 quoting that fragment as it was queued).
//
//   fragment [offset, end)  end = offset + payload length
//     MF clear (the last)   end < len, or a different end once the last is in → the queue dies
//     MF set                end rounded down to a multiple of 8 (the payload trimmed with it);
//                           beyond the last's end → the queue dies
//     end == offset         the queue dies
//   insertion (runs: contiguous fragments; a fragment that starts where the highest run ends
//   joins it, any other starts a run of its own)
//     inside one run        a duplicate: dropped, the queue kept
//     any other overlap     the queue dies (RFC 5722's rule, applied to IPv4 since 4.19)
//   complete (first and last in, every octet present)
//     ECN                   the fragments' codepoints combine (ip_frag_ecn_table): Not-ECT with
//                           any ECT or CE → the datagram is dropped; CE with ECT → CE
//     length                header + payload over 65535 → dropped
//     header                the offset-0 fragment's, total length set, DF kept only when every
//                           fragment of the largest size carried it (max_df_size == max_size)
//
// Not modelled: ipfrag_max_dist's reinit of a queue that 64 other datagrams from the same
// source overtook (ip_frag_too_far), and the memory thresholds.

import { st16be } from '../net/endian.ts';
import {
  IPV4_DF, IPV4_FLAGS_FRAG, IPV4_FRAG_OFFSET, IPV4_MF, IPV4_TOS, IPV4_TOTAL_LEN, ipv4FillChecksum, ipv4Parse, type Ipv4View,
} from '../net/ipv4.ts';

export const IPFRAG_TIME_NS = 30e9;
const MAX_DATAGRAM = 65535;

// ip4_frag_ecn: one bit per codepoint of the TOS's low two bits
const ECN_NOT_ECT = 0x01;
const ECN_CE = 0x08;

/** ip_frag_ecn_table: what the fragments' codepoints make of the datagram's (OR-ed into its TOS),
 *  or null for an invalid mix. */
function ecnOf(bits: number): number | null {
  if (bits & ECN_NOT_ECT) return bits === ECN_NOT_ECT ? 0 : null;
  return bits & ECN_CE && bits !== ECN_CE ? 3 : 0;
}

interface Run {
  start: number;
  end: number;
}

interface Queue<M> {
  first: Ipv4View | null; // the offset-0 fragment, trimmed (its header becomes the datagram's)
  parts: { off: number; data: Uint8Array }[];
  runs: Run[]; // sorted by start, never overlapping
  len: number; // the datagram's payload length as known so far (q.len)
  lastIn: boolean;
  meat: number; // payload octets queued
  ecn: number;
  maxSize: number; // largest fragment (header + payload)
  maxDfSize: number; // largest fragment with DF
  expires: number;
  meta: M | undefined; // what the owner said of the offset-0 fragment
}

export interface ReasmTimer<M> {
  at(t: number, run: () => void): void;
  /** A queue timed out with its first fragment in (ip_expire's INET_FRAG_FIRST_IN); `first`
   *  is that fragment as queued (trimmed to its 8-octet boundary when MF was set), `meta` what
   *  add() was given with it. */
  expired(first: Ipv4View, meta: M): void;
}

/** `M`: what the owner keeps about how a first fragment arrived, for ip_expire's error. */
export class Reassembler<M = undefined> {
  private readonly queues = new Map<string, Queue<M>>();
  private readonly timer: ReasmTimer<M> | undefined;

  constructor(timer?: ReasmTimer<M>) {
    this.timer = timer;
  }

  /** Incomplete datagrams held now. */
  get pending(): number {
    return this.queues.size;
  }

  /** Feeds one fragment; returns the whole packet when this one completed it. */
  add(f: Ipv4View, now: number, meta?: M): Ipv4View | null {
    for (const [k, q] of this.queues) if (q.expires <= now) this.queues.delete(k);
    const key = `${f.src}/${f.dst}/${f.id}/${f.proto}`;
    let q = this.queues.get(key);
    if (!q) {
      const nq: Queue<M> = { first: null, parts: [], runs: [], len: 0, lastIn: false, meat: 0, ecn: 0, maxSize: 0, maxDfSize: 0, expires: now + IPFRAG_TIME_NS, meta: undefined };
      this.queues.set(key, (q = nq));
      this.timer?.at(nq.expires, () => {
        if (this.queues.get(key) !== nq) return; // completed, killed, or replaced
        this.queues.delete(key);
        if (nq.first) this.timer!.expired(nq.first, nq.meta as M);
      });
    }
    const kill = (): null => {
      this.queues.delete(key);
      return null;
    };
    const offset = (f.flagsFrag & IPV4_FRAG_OFFSET) * 8;
    let end = offset + f.payload.length;
    if ((f.flagsFrag & IPV4_MF) === 0) {
      if (end < q.len || (q.lastIn && end !== q.len)) return kill();
      q.lastIn = true;
      q.len = end;
    } else {
      end &= ~7;
      if (end > q.len) {
        if (q.lastIn) return kill();
        q.len = end;
      }
    }
    if (end === offset) return kill();

    // inet_frag_queue_insert
    const runs = q.runs;
    const tail = runs[runs.length - 1];
    if (!tail) runs.push({ start: offset, end });
    else if (tail.end < end) {
      if (offset < tail.end) return kill();
      if (offset === tail.end) tail.end = end;
      else runs.push({ start: offset, end });
    } else {
      const hit = runs.find((r) => end > r.start && offset < r.end);
      if (hit) {
        if (offset >= hit.start && end <= hit.end) return null; // a duplicate: dropped
        return kill();
      }
      runs.splice(runs.findIndex((r) => r.start > offset), 0, { start: offset, end });
    }
    const data = f.payload.slice(0, end - offset);
    q.parts.push({ off: offset, data });
    q.meat += data.length;
    q.ecn |= 1 << (f.tos & 3);
    const size = f.hdrLen + data.length;
    q.maxSize = Math.max(q.maxSize, size);
    if (f.flagsFrag & IPV4_DF) q.maxDfSize = Math.max(q.maxDfSize, size);
    if (offset === 0) {
      const head = f.packet.slice(0, f.hdrLen + data.length);
      q.first = { ...f, packet: head, payload: head.subarray(f.hdrLen) };
      q.meta = meta;
    }
    if (!q.first || !q.lastIn || q.meat !== q.len) return null;

    // ip_frag_reasm
    this.queues.delete(key);
    const ecn = ecnOf(q.ecn);
    const hl = q.first.hdrLen;
    if (ecn === null || hl + q.len > MAX_DATAGRAM) return null;
    const pkt = new Uint8Array(hl + q.len);
    pkt.set(q.first.packet.subarray(0, hl), 0);
    for (const p of q.parts) pkt.set(p.data, hl + p.off);
    st16be(pkt, IPV4_TOTAL_LEN, pkt.length);
    st16be(pkt, IPV4_FLAGS_FRAG, q.maxDfSize === q.maxSize ? IPV4_DF : 0);
    pkt[IPV4_TOS] |= ecn;
    ipv4FillChecksum(pkt, 0, hl);
    const whole = ipv4Parse(pkt);
    return typeof whole === 'string' ? null : whole;
  }
}
