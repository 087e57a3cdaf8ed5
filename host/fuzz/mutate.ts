// The frame mutator: frame `index` of run `seed` is a pure function of those two numbers.
//
//   index < sweepTotal: every template truncated at every offset 0..len (deterministic);
//   after that: a random template, one mutation (below), sometimes a second one on top.
//
// The frame is built in a staging buffer (FRAME_AT leaves room to prepend IPIP headers) and
// described by a reused Mutation record: no allocation per frame. The descriptor (off, len)
// is what the harness writes into the slot header; `badDescriptor` frames are not copied.
// Every bound follows the dataplane's slot size (a 9000-MTU cluster has 9088-byte slots).

import { SLOT_HEADROOM, slotMaxFrame } from '../layout.ts';
import { Rng } from './prng.ts';
import { Shape, type Template } from './templates.ts';
import { ARP_HLEN, ARP_LEN, ARP_OP, ARP_PLEN, ARP_PTYPE, ARP_SPA, ARP_TPA } from '../net/arp.ts';
import { ld16be, ld32be, st16be, st32be } from '../net/endian.ts';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, ETH_HDR_LEN, ETH_TYPE } from '../net/ethernet.ts';
import { ICMP_CODE, icmpFillChecksum } from '../net/icmp.ts';
import {
  IPPROTO_ICMP, IPPROTO_IPIP, IPV4_CSUM, IPV4_DF, IPV4_DST, IPV4_FLAGS_FRAG, IPV4_FRAG_OFFSET, IPV4_HDR_LEN, IPV4_MF,
  IPV4_PROTO, IPV4_SRC, IPV4_TOS, IPV4_TOTAL_LEN, IPV4_TTL, ipv4Emit, ipv4FillChecksum, type Ipv4Fields,
} from '../net/ipv4.ts';

export const FRAME_AT = 256;
/** Bytes of the staging buffer for slots of `slotSize` bytes. */
export const stageSize = (slotSize: number): number => FRAME_AT + 2 * slotSize;
/** Lowest frame offset the data path accepts (assembly/node.ts MIN_FRAME_OFF). */
export const MIN_FRAME_OFF = SLOT_HEADROOM - 28;

export const MUTATIONS = [
  'valid', 'truncate', 'bit-flip', 'ip-version', 'ip-ihl', 'ip-options', 'ip-total-length',
  'ip-checksum', 'ip-fragment', 'ip-ttl', 'ip-protocol', 'ip-address', 'ip-ecn', 'icmp-type',
  'inner-header', 'ipip-nest', 'arp-field', 'eth-field', 'zero-length', 'max-length',
  'over-mtu', 'larger-than-slot', 'bad-descriptor', 'random-payload', 'frame-offset',
  'wrong-ingress', 'sweep-truncate',
] as const;
const K = Object.fromEntries(MUTATIONS.map((m, i) => [m, i])) as Record<(typeof MUTATIONS)[number], number>;
const RANDOM_KINDS = K['wrong-ingress'] + 1; // the random phase draws kinds 0 .. wrong-ingress

const TTLS = Uint8Array.of(0, 1, 2, 255);
const ICMP_TYPES = Uint8Array.of(0, 3, 4, 5, 8, 11, 12, 13, 18, 19, 255);
const ARP_HTYPES = Uint16Array.of(0, 6, 0x100);
const ARP_PTYPES = Uint16Array.of(0, 0x86dd, 0x0806);
const ARP_LENS = Uint8Array.of(0, 4, 6, 8, 16);
const ETHERTYPES = Uint16Array.of(0x8100, 0x86dd, 0x0806, 0x0800);

/** Recompute the IPv4 header checksum of the header at `ip` (IHL from the header, at least 5),
 *  when the whole header lies before `end`. */
function fixIpChecksum(b: Uint8Array, ip: number, end: number): void {
  if (ip + IPV4_HDR_LEN > end) return;
  let hl = (b[ip] & 15) << 2;
  if (hl < IPV4_HDR_LEN) hl = IPV4_HDR_LEN;
  if (ip + hl > end) return;
  ipv4FillChecksum(b, ip, hl);
}

/** Random bytes in b[from, to): one generator step per four octets. */
function randomFill(r: Rng, b: Uint8Array, from: number, to: number): void {
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const x = r.next();
    b[i] = x;
    b[i + 1] = x >>> 8;
    b[i + 2] = x >>> 16;
    b[i + 3] = x >>> 24;
  }
  for (; i < to; i++) b[i] = r.byte();
}

export class Mutation {
  kind = 0;
  second = -1; // a stacked mutation, or -1
  template = 0;
  ring = 0; // input ring address
  start = FRAME_AT; // frame bytes are stage[start, start + len)
  len = 0;
  off = SLOT_HEADROOM; // descriptor written into the slot
  descLen = 0;
  badDescriptor = false;
}

export class Mutator {
  readonly stage: Uint8Array;
  /** Bytes per ring slot, and the largest frame one carries at SLOT_HEADROOM. */
  readonly slotSize: number;
  private readonly maxFrame: number;
  readonly templates: readonly Template[];
  readonly sweepTotal: number;
  private readonly sweepStart: Float64Array; // prefix sums of (len + 1)
  private readonly addrs: Uint32Array; // interesting addresses: node/tunl0/pod IPs, martians
  private readonly rng = new Rng();
  /** The header `nest` writes, reused: no allocation per frame. */
  private readonly tunnel: Ipv4Fields = { tos: 0, id: 0, flagsFrag: IPV4_DF, ttl: 64, proto: IPPROTO_IPIP, src: 0, dst: 0 };

  constructor(templates: readonly Template[], localAddrs: readonly number[], slotSize: number) {
    if (templates.length === 0) throw new Error('fuzz: the cluster yields no template frames');
    this.slotSize = slotSize;
    this.maxFrame = slotMaxFrame(slotSize);
    this.stage = new Uint8Array(stageSize(slotSize));
    this.templates = templates;
    this.sweepStart = new Float64Array(templates.length + 1);
    for (let i = 0; i < templates.length; i++) this.sweepStart[i + 1] = this.sweepStart[i] + templates[i].bytes.length + 1;
    this.sweepTotal = this.sweepStart[templates.length];
    const martians = [0x00000000, 0x00010203, 0x7f000001, 0xe0000001, 0xf0000001, 0xffffffff, 0xa9fe0101, 0x08080808, 0x0a600001];
    this.addrs = Uint32Array.from([...localAddrs, ...martians]);
  }

  /** Build frame `index` of run `seed` into the stage and describe it in `m`. */
  make(seed: number, index: number, m: Mutation): void {
    const r = this.rng;
    r.reset(seed, index);
    m.second = -1;
    m.off = SLOT_HEADROOM;
    m.badDescriptor = false;
    m.start = FRAME_AT;
    if (index < this.sweepTotal) {
      const t = this.sweepTemplate(index);
      this.load(m, t);
      m.kind = K['sweep-truncate'];
      m.len = index - this.sweepStart[t];
    } else {
      this.load(m, r.below(this.templates.length));
      m.kind = r.below(RANDOM_KINDS);
      this.apply(m, m.kind);
      if (!m.badDescriptor && r.chance(1, 4)) {
        m.second = r.below(K['zero-length']); // stack a header-level mutation
        this.apply(m, m.second);
      }
    }
    if (m.len > this.slotSize) m.len = this.slotSize;
    if (!m.badDescriptor) {
      if (m.off + m.len > this.slotSize) m.off = this.slotSize - m.len < MIN_FRAME_OFF ? MIN_FRAME_OFF : this.slotSize - m.len;
      if (m.off + m.len > this.slotSize) m.len = this.slotSize - m.off;
      m.descLen = m.len;
    }
  }

  private sweepTemplate(index: number): number {
    let lo = 0;
    let hi = this.templates.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.sweepStart[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private load(m: Mutation, t: number): void {
    const tpl = this.templates[t];
    m.template = t;
    m.ring = tpl.ring;
    m.len = tpl.bytes.length;
    this.stage.set(tpl.bytes, FRAME_AT);
  }

  private addr(): number {
    const r = this.rng;
    return r.chance(1, 4) ? r.next() : this.addrs[r.below(this.addrs.length)];
  }

  /** Offset of the IP header to corrupt (outer, or the inner one of an IPIP frame). */
  private ipHeader(m: Mutation): number {
    const shape = this.templates[m.template].shape;
    if (shape === Shape.Ipip && this.rng.chance(1, 2)) return m.start + ETH_HDR_LEN + IPV4_HDR_LEN;
    return m.start + ETH_HDR_LEN;
  }

  private maybeFix(m: Mutation, ip: number): void {
    if (this.rng.chance(7, 8)) fixIpChecksum(this.stage, ip, m.start + m.len);
  }

  private apply(m: Mutation, kind: number): void {
    const r = this.rng;
    const b = this.stage;
    const shape = this.templates[m.template].shape;
    const isIp = shape !== Shape.Arp;
    const ip = this.ipHeader(m);
    switch (kind) {
      case K.valid: return;
      case K.truncate: m.len = r.below(m.len + 1); return;
      case K['bit-flip']: {
        const n = 1 + r.below(8);
        for (let i = 0; i < n && m.len > 0; i++) b[m.start + r.below(m.len)] ^= 1 << r.below(8);
        if (isIp && r.chance(1, 2)) fixIpChecksum(b, ip, m.start + m.len);
        return;
      }
      case K['ip-version']: b[ip] = (r.below(16) << 4) | (b[ip] & 15); this.maybeFix(m, ip); return;
      case K['ip-ihl']: b[ip] = (b[ip] & 0xf0) | r.below(16); this.maybeFix(m, ip); return;
      case K['ip-options']: this.insertOptions(m, ip); return;
      case K['ip-total-length']: {
        const avail = m.start + m.len - ip;
        const pick = r.below(8);
        const tl = pick === 0 ? 0 : pick === 1 ? 19 : pick === 2 ? 20 : pick === 3 ? avail - 1
          : pick === 4 ? avail + 1 : pick === 5 ? 0xffff : pick === 6 ? avail : r.below(0x10000);
        st16be(b, ip + IPV4_TOTAL_LEN, tl);
        this.maybeFix(m, ip);
        return;
      }
      case K['ip-checksum']: st16be(b, ip + IPV4_CSUM, r.chance(1, 2) ? ld16be(b, ip + IPV4_CSUM) ^ (1 << r.below(16)) : r.below(0x10000)); return;
      case K['ip-fragment']: {
        const pick = r.below(5);
        const v = pick === 0 ? IPV4_MF : pick === 1 ? IPV4_MF | (1 + r.below(IPV4_FRAG_OFFSET)) : pick === 2 ? 1 + r.below(IPV4_FRAG_OFFSET)
          : pick === 3 ? IPV4_DF | IPV4_MF : r.below(0x10000);
        st16be(b, ip + IPV4_FLAGS_FRAG, v);
        this.maybeFix(m, ip);
        return;
      }
      case K['ip-ttl']: b[ip + IPV4_TTL] = TTLS[r.below(TTLS.length)]; this.maybeFix(m, ip); return;
      case K['ip-protocol']: b[ip + IPV4_PROTO] = r.chance(1, 2) ? IPPROTO_IPIP : r.byte(); this.maybeFix(m, ip); return;
      case K['ip-address']: st32be(b, ip + (r.chance(1, 2) ? IPV4_SRC : IPV4_DST), this.addr()); this.maybeFix(m, ip); return;
      case K['ip-ecn']: b[ip + IPV4_TOS] = (b[ip + IPV4_TOS] & 0xfc) | r.below(4); this.maybeFix(m, ip); return;
      case K['icmp-type']: {
        const hl = (b[ip] & 15) << 2;
        const icmp = ip + hl;
        if (icmp + 4 > m.start + m.len) return;
        b[ip + IPV4_PROTO] = IPPROTO_ICMP;
        b[icmp] = r.chance(3, 4) ? ICMP_TYPES[r.below(ICMP_TYPES.length)] : r.byte();
        b[icmp + ICMP_CODE] = r.below(16);
        if (r.chance(1, 2)) icmpFillChecksum(b, icmp, m.start + m.len - icmp);
        this.maybeFix(m, ip);
        return;
      }
      case K['inner-header']: {
        if (shape !== Shape.Ipip) return this.apply(m, K['ip-ttl']);
        const inner = m.start + ETH_HDR_LEN + IPV4_HDR_LEN;
        const f = r.below(6);
        if (f === 0) b[inner] = r.byte();
        else if (f === 1) st16be(b, inner + IPV4_TOTAL_LEN, r.below(0x10000));
        else if (f === 2) b[inner + IPV4_TTL] = r.below(3);
        else if (f === 3) st16be(b, inner + IPV4_FLAGS_FRAG, r.below(0x10000));
        else if (f === 4) b[inner + IPV4_PROTO] = IPPROTO_IPIP;
        else st32be(b, inner + IPV4_DST, this.addr());
        if (r.chance(7, 8)) fixIpChecksum(b, inner, m.start + m.len);
        return;
      }
      case K['ipip-nest']: this.nest(m); return;
      case K['arp-field']: {
        const a = m.start + ETH_HDR_LEN;
        if (shape !== Shape.Arp) {
          st16be(b, m.start + ETH_TYPE, ETHERTYPE_ARP); // an IP frame read as ARP
          return;
        }
        const f = r.below(8);
        if (f === 0) st16be(b, a, r.chance(1, 4) ? r.below(0x10000) : ARP_HTYPES[r.below(ARP_HTYPES.length)]);
        else if (f === 1) st16be(b, a + ARP_PTYPE, r.chance(1, 4) ? r.below(0x10000) : ARP_PTYPES[r.below(ARP_PTYPES.length)]);
        else if (f === 2) b[a + ARP_HLEN] = r.chance(1, 4) ? r.byte() : ARP_LENS[r.below(ARP_LENS.length)];
        else if (f === 3) b[a + ARP_PLEN] = r.chance(1, 4) ? r.byte() : ARP_LENS[r.below(ARP_LENS.length)];
        else if (f === 4) st16be(b, a + ARP_OP, r.below(5) === 4 ? r.below(0x10000) : r.below(5));
        else if (f === 5) st32be(b, a + ARP_SPA, this.addr());
        else if (f === 6) st32be(b, a + ARP_TPA, this.addr());
        else m.len = ETH_HDR_LEN + r.below(ARP_LEN);
        return;
      }
      case K['eth-field']: {
        const f = r.below(4);
        if (f === 0) b.fill(0xff, m.start, m.start + 6);
        else if (f === 1) { b[m.start] = 0x01; b[m.start + 1] = 0x00; b[m.start + 2] = 0x5e; }
        else if (f === 2) b[m.start + r.below(6)] ^= 1 << r.below(8);
        else st16be(b, m.start + ETH_TYPE, r.chance(1, 5) ? r.below(0x10000) : ETHERTYPES[r.below(ETHERTYPES.length)]);
        return;
      }
      case K['zero-length']: m.len = 0; return;
      case K['max-length']: {
        // the longest frame ens160/the veth takes, but no longer than a slot holds at the lowest
        // offset (make() moves it there), with DF cleared half the time so that a packet over
        // the egress MTU is fragmented (the fragment slot's limit: assembly/fragment.ts)
        this.grow(m, Math.min(this.templates[m.template].mtu + 18, this.slotSize - MIN_FRAME_OFF), true);
        if (r.chance(1, 2)) this.clearDf(m);
        return;
      }
      case K['over-mtu']: {
        // one octet over what the ingress takes, up to the longest frame a slot holds (make()
        // moves it to the lowest offset); above MTU 1993 no such frame fits a slot, and the
        // frame stays as it is
        const lo = this.templates[m.template].mtu + 19;
        const hi = this.slotSize - MIN_FRAME_OFF;
        if (lo <= hi) this.grow(m, lo + r.below(hi - lo + 1), r.chance(1, 2));
        return;
      }
      case K['larger-than-slot']: {
        this.grow(m, this.maxFrame, false);
        m.badDescriptor = true;
        m.off = SLOT_HEADROOM;
        m.descLen = this.slotSize - SLOT_HEADROOM + 1 + (r.chance(1, 2) ? r.below(64) : r.next() >>> 1);
        return;
      }
      case K['bad-descriptor']: {
        m.badDescriptor = true;
        const pick = r.below(4);
        m.off = pick === 0 ? r.below(MIN_FRAME_OFF) : pick === 1 ? this.slotSize + 1 + r.below(1 << 20) : pick === 2 ? r.next() : SLOT_HEADROOM;
        m.descLen = pick === 3 ? this.slotSize - SLOT_HEADROOM + 1 + r.below(this.slotSize) : m.len;
        return;
      }
      case K['random-payload']: {
        const n = r.below(this.maxFrame - ETH_HDR_LEN);
        randomFill(r, b, m.start + ETH_HDR_LEN, m.start + ETH_HDR_LEN + n);
        if (r.chance(1, 2)) st16be(b, m.start + ETH_TYPE, r.chance(1, 2) ? ETHERTYPE_IPV4 : ETHERTYPE_ARP);
        m.len = ETH_HDR_LEN + n;
        return;
      }
      case K['frame-offset']: {
        const room = this.slotSize - m.len - MIN_FRAME_OFF;
        m.off = MIN_FRAME_OFF + (r.chance(1, 2) ? r.below(33) : r.below(room + 1));
        return;
      }
      case K['wrong-ingress']: m.ring = this.templates[r.below(this.templates.length)].ring; return;
    }
  }

  /** Insert IHL−5 words of options after the 20-byte header (NOPs, EOL, random), keeping the
   *  total length and the checksum right, so the options path is reached. */
  private insertOptions(m: Mutation, ip: number): void {
    const r = this.rng;
    const b = this.stage;
    const ihl = 6 + r.below(10);
    const extra = (ihl - 5) * 4;
    const end = m.start + m.len;
    if (end + extra > this.stage.length || ip + IPV4_HDR_LEN > end) return;
    b.copyWithin(ip + IPV4_HDR_LEN + extra, ip + IPV4_HDR_LEN, end);
    const kind = r.below(3);
    for (let i = 0; i < extra; i++) b[ip + IPV4_HDR_LEN + i] = kind === 0 ? 1 : kind === 1 ? (i === 0 ? 0 : 1) : r.byte();
    b[ip] = (b[ip] & 0xf0) | ihl;
    st16be(b, ip + IPV4_TOTAL_LEN, ld16be(b, ip + IPV4_TOTAL_LEN) + extra);
    m.len += extra;
    for (let h = m.start + ETH_HDR_LEN; h < ip; h += IPV4_HDR_LEN) st16be(b, h + IPV4_TOTAL_LEN, ld16be(b, h + IPV4_TOTAL_LEN) + extra); // outer totals
    fixIpChecksum(b, ip, m.start + m.len);
    if (ip !== m.start + ETH_HDR_LEN) fixIpChecksum(b, m.start + ETH_HDR_LEN, m.start + m.len);
  }

  /** Wrap the IP packet in 1..3 more IPIP headers, to the template's own destination (a
   *  local address when it was IPIP) or to a random interesting address. */
  private nest(m: Mutation): void {
    const r = this.rng;
    const b = this.stage;
    if (this.templates[m.template].shape === Shape.Arp || m.len < ETH_HDR_LEN + IPV4_HDR_LEN) return;
    const depth = 1 + r.below(3);
    const ip = m.start + ETH_HDR_LEN;
    const t = this.tunnel;
    t.dst = r.chance(3, 4) ? ld32be(b, ip + IPV4_DST) : this.addr();
    t.src = ld32be(b, ip + IPV4_SRC);
    for (let d = 0; d < depth; d++) {
      b.copyWithin(m.start - IPV4_HDR_LEN, m.start, m.start + ETH_HDR_LEN); // move Ethernet back 20 B
      m.start -= IPV4_HDR_LEN;
      m.len += IPV4_HDR_LEN;
      t.id = d;
      ipv4Emit(b, m.start + ETH_HDR_LEN, t, m.len - ETH_HDR_LEN - IPV4_HDR_LEN);
    }
  }

  /** Clear DF in the IPv4 header(s) of an IP or IPIP template and fix their checksums. */
  private clearDf(m: Mutation): void {
    const b = this.stage;
    const shape = this.templates[m.template].shape;
    if (shape === Shape.Arp) return;
    const outer = m.start + ETH_HDR_LEN;
    st16be(b, outer + IPV4_FLAGS_FRAG, ld16be(b, outer + IPV4_FLAGS_FRAG) & ~IPV4_DF);
    fixIpChecksum(b, outer, m.start + m.len);
    if (shape === Shape.Ipip) {
      const inner = outer + IPV4_HDR_LEN;
      st16be(b, inner + IPV4_FLAGS_FRAG, ld16be(b, inner + IPV4_FLAGS_FRAG) & ~IPV4_DF);
      fixIpChecksum(b, inner, m.start + m.len);
    }
  }

  /** Pad the frame to `len` octets with random bytes; with `fixIp`, make the IP total
   *  length(s) cover it so the packet really is that long (fragmentation, frag-needed). */
  private grow(m: Mutation, len: number, fixIp: boolean): void {
    const r = this.rng;
    const b = this.stage;
    if (len > this.slotSize) len = this.slotSize;
    randomFill(r, b, m.start + m.len, m.start + len);
    if (len > m.len) m.len = len;
    const shape = this.templates[m.template].shape;
    if (!fixIp || shape === Shape.Arp) return;
    const outer = m.start + ETH_HDR_LEN;
    st16be(b, outer + IPV4_TOTAL_LEN, m.len - ETH_HDR_LEN);
    fixIpChecksum(b, outer, m.start + m.len);
    if (shape === Shape.Ipip) {
      st16be(b, outer + IPV4_HDR_LEN + IPV4_TOTAL_LEN, m.len - ETH_HDR_LEN - IPV4_HDR_LEN);
      fixIpChecksum(b, outer + IPV4_HDR_LEN, m.start + m.len);
    }
  }
}
