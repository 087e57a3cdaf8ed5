// Twin of assembly/ipvs.ts: kube-proxy's IPVS and the masquerade (the picture and the kernel
// functions behind each step are there).
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';
import * as IPV4 from './wire/ipv4.ts';
import { type Ipv4Fns } from './wire/ipv4.ts';
import * as ICMP from './wire/icmp.ts';
import { type IcmpFns } from './wire/icmp.ts';
import type { EndianFns } from './wire/endian.ts';
import type { ChecksumFns } from './wire/checksum.ts';
import type { CountersFns } from './counters.ts';
import type { ContextFns } from './context.ts';
import type { IcmpErrorFns } from './icmpError.ts';
import { ctHash, type ConntrackFns } from './conntrack.ts';
import type { IpOptionsFns } from './ipOptions.ts';
import { NHK_NO_ROUTE } from './ipOptions.ts';
import { OPT_DROPPED } from './ipOptionsEcho.ts';

export const VS_NONE = 0xffffffff;
const ICMP_SOURCE_QUENCH = 4, ICMP_PORT_UNREACH = 3;
const TCP_SYN = 0x02, TCP_RST = 0x04, TCP_FLAGS = 13, TCP_CSUM = 16, TCP_MIN_LEN = 20;
const UDP_CSUM = 6, UDP_MIN_LEN = 8;
const NAT_PORT_TRIES = 8;

export function ipvsFns(h: Heap, d: {
  ipv4: Ipv4Fns; endian: EndianFns; checksum: ChecksumFns; icmp: IcmpFns; counters: CountersFns;
  context: ContextFns; icmpError: IcmpErrorFns; conntrack: ConntrackFns; ipOptions: IpOptionsFns;
}) {
  const {
    NODE_VS_TABLE, NODE_VS_MASK, NODE_RS_TABLE, NODE_CT_LIVE, NODE_IP, NODE_TUNL0_IP, VS_IP, VS_PORT,
    VS_PROTO, VS_FLAGS, VS_RS_FIRST, VS_RS_COUNT, VS_RR_NEXT, VS_SIZE, VS_PROBE_MAX, VSF_USED,
    VSF_MASQ, VSF_PERSIST, VS_PERSIST_MS, VS_NETMASK, FTPPORT, CT_USED, CTU_USED, CTU_CONTROLLED, CT_RS,
    RS_IP, RS_PORT, RS_SIZE, CT_SRC, CT_DST, CT_SPORT, CT_DPORT, CT_PEER, CT_NONE, NH_NONE,
    NH_KIND, NHK_ONLINK_TUNL0, DROP_CT_FULL, DROP_IPVS_NO_DEST, DROP_NAT_NO_PORT, DROP_TTL_EXCEEDED,
    CT_DIR, CT_DIR_ORIGINAL, NODE_IPVS_XMIT, NODE_IPVS_OPTS,
  } = L;
  const { IPV4_MF, IPV4_FRAG_OFFSET, IPV4_SRC, IPV4_DST, IPV4_HDR_LEN, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP } = IPV4;
  const { ICMP_DEST_UNREACH, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, ICMP_HDR_LEN } = ICMP;
  const { U8, U16, U32 } = h;
  const { ipv4HeaderLen, ipv4TotalLen, ipv4Proto, ipv4Src, ipv4Dst, ipv4FlagsFrag, ipv4FillChecksum, ipv4Ttl } = d.ipv4;
  const { ld16be, st16be, st32be } = d.endian;
  const { foldSum } = d.checksum;
  const { icmpFillChecksum } = d.icmp;
  const { dropRx } = d.counters;
  const { routeLookup, nhPtr } = d.context;
  const { icmpSendErrorFrom } = d.icmpError;
  const { ctLookup, ctCreate, ctUpdate, ctPtr, ctplLookup, ctplCreate, ctplRearm } = d.conntrack;
  const { ipOptionsRcv } = d.ipOptions;

  function vsPtr(ctx: number, i: number): number {
    return U32[(ctx + NODE_VS_TABLE) >>> 2] + i * VS_SIZE;
  }
  function vsLookup(ctx: number, vip: number, port: number, proto: number): number {
    const mask = U32[(ctx + NODE_VS_MASK) >>> 2];
    const hh = ctHash(vip, 0, 0, port, proto);
    for (let i = 0; i < VS_PROBE_MAX; i++) {
      const k = ((hh + i) & mask) >>> 0;
      const v = vsPtr(ctx, k);
      if ((U8[v + VS_FLAGS] & VSF_USED) === 0) return VS_NONE;
      if (U32[(v + VS_IP) >>> 2] === vip && U16[(v + VS_PORT) >>> 1] === port && U8[v + VS_PROTO] === proto) return k;
    }
    return VS_NONE;
  }
  function csumReplace(check: number, from: number, to: number): number {
    return ~foldSum((~check & 0xffff) + (~from & 0xffff) + to) & 0xffff;
  }
  function csumReplace4(check: number, from: number, to: number): number {
    return csumReplace(csumReplace(check, from >>> 16, to >>> 16), from & 0xffff, to & 0xffff);
  }
  function natRewrite(p: number, l4: number, proto: number, src: number, dst: number, sport: number, dport: number): void {
    const off = proto === IPPROTO_TCP ? TCP_CSUM : UDP_CSUM;
    let c = ld16be(l4 + off);
    if (proto === IPPROTO_TCP || c !== 0) {
      c = csumReplace4(c, ipv4Src(p), src);
      c = csumReplace4(c, ipv4Dst(p), dst);
      c = csumReplace(c, ld16be(l4), sport);
      c = csumReplace(c, ld16be(l4 + 2), dport);
      if (proto === IPPROTO_UDP && c === 0) c = 0xffff;
      st16be(l4 + off, c);
    }
    st32be(p + IPV4_SRC, src);
    st32be(p + IPV4_DST, dst);
    st16be(l4, sport);
    st16be(l4 + 2, dport);
    ipv4FillChecksum(p);
  }
  function natToPeer(ctx: number, r: number, p: number, l4: number, proto: number): void {
    const peer = ctPtr(ctx, U32[(ctPtr(ctx, r) + CT_PEER) >>> 2]);
    natRewrite(p, l4, proto, U32[(peer + CT_DST) >>> 2], U32[(peer + CT_SRC) >>> 2],
      U16[(peer + CT_DPORT) >>> 1], U16[(peer + CT_SPORT) >>> 1]);
  }
  /** Twin of assembly/ipvs.ts ipvsOptions. */
  function ipvsOptions(ctx: number, inIf: number, p: number, routed: number, request: boolean, meta: number, l2bcast: boolean): number {
    if (ipv4HeaderLen(p) === IPV4_HDR_LEN) return 0;
    const nh = routeLookup(ctx, routed);
    const opts = ipOptionsRcv(ctx, inIf, p, nh === NH_NONE ? NHK_NO_ROUTE : U8[nhPtr(ctx, nh) + NH_KIND], meta, l2bcast);
    if (opts !== OPT_DROPPED && request) U32[(ctx + NODE_IPVS_XMIT) >>> 2] = 1;
    return opts;
  }
  /** Twin of assembly/ipvs.ts ipvsIn: false when consumed; what compiled is in NODE_IPVS_OPTS. */
  function ipvsIn(ctx: number, inIf: number, p: number, meta: number, l2bcast: boolean): boolean {
    const proto = ipv4Proto(p);
    const hl = ipv4HeaderLen(p);
    const tl = ipv4TotalLen(p);
    if ((ipv4FlagsFrag(p) & (IPV4_MF | IPV4_FRAG_OFFSET)) !== 0) return true;
    if (proto === IPPROTO_ICMP) {
      if (U32[(ctx + NODE_CT_LIVE) >>> 2] !== 0) ipvsIcmp(ctx, p, hl, tl);
      return true;
    }
    if (proto !== IPPROTO_TCP && proto !== IPPROTO_UDP) return true;
    if (tl - hl < (proto === IPPROTO_TCP ? TCP_MIN_LEN : UDP_MIN_LEN)) return true;
    const l4 = p + hl;
    const src = ipv4Src(p);
    const dst = ipv4Dst(p);
    const sport = ld16be(l4);
    const dport = ld16be(l4 + 2);
    const flags = proto === IPPROTO_TCP ? U8[l4 + TCP_FLAGS] : 0;
    if (U32[(ctx + NODE_CT_LIVE) >>> 2] !== 0) {
      const r = ctLookup(ctx, src, dst, sport, dport, proto);
      if (r !== CT_NONE) {
        const request = U8[ctPtr(ctx, r) + CT_DIR] === CT_DIR_ORIGINAL;
        const routed = request ? dst : U32[(ctPtr(ctx, U32[(ctPtr(ctx, r) + CT_PEER) >>> 2]) + CT_SRC) >>> 2];
        const opts = ipvsOptions(ctx, inIf, p, routed, request, meta, l2bcast);
        if (opts === OPT_DROPPED) return false;
        ctUpdate(ctx, r, flags);
        if (request && ttlExpired(ctx, inIf, p, meta, l2bcast, opts)) return false;
        natToPeer(ctx, r, p, l4, proto);
        U32[(ctx + NODE_IPVS_OPTS) >>> 2] = opts;
        return true;
      }
    }
    if (U32[(ctx + NODE_VS_MASK) >>> 2] === 0) return true;
    const vs = vsLookup(ctx, dst, dport, proto);
    if (vs === VS_NONE) return true;
    if (proto === IPPROTO_TCP && (flags & (TCP_SYN | TCP_RST)) !== TCP_SYN) return true;
    const opts = ipvsOptions(ctx, inIf, p, dst, true, meta, l2bcast);
    if (opts === OPT_DROPPED) return false;
    const v = vsPtr(ctx, vs);
    const n = U16[(v + VS_RS_COUNT) >>> 1];
    if (n === 0) {
      icmpSendErrorFrom(ctx, p, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, meta, l2bcast, dst, opts);
      dropRx(ctx, inIf, DROP_IPVS_NO_DEST);
      return false;
    }
    const persist = (U8[v + VS_FLAGS] & VSF_PERSIST) !== 0;
    let rsIdx: number;
    if (persist) {
      const cnet = (src & U32[(v + VS_NETMASK) >>> 2]) >>> 0;
      const tport = dport === FTPPORT ? 0 : dport;
      const t = ctplLookup(ctx, cnet, dst, tport, proto);
      if (t !== CT_NONE) {
        rsIdx = U32[(ctPtr(ctx, t) + CT_RS) >>> 2];
        ctplRearm(ctx, t, U32[(v + VS_PERSIST_MS) >>> 2]);
      } else {
        rsIdx = rrSchedule(v, n);
        if (ctplCreate(ctx, cnet, dst, tport, proto, vs, rsIdx, U32[(v + VS_PERSIST_MS) >>> 2]) === CT_NONE) {
          dropRx(ctx, inIf, DROP_CT_FULL);
          return false;
        }
      }
    } else {
      rsIdx = rrSchedule(v, n);
    }
    const rs = U32[(ctx + NODE_RS_TABLE) >>> 2] + rsIdx * RS_SIZE;
    const rip = U32[(rs + RS_IP) >>> 2];
    const rport = U16[(rs + RS_PORT) >>> 1];
    let rdst = src;
    let rdport = sport;
    if ((U8[v + VS_FLAGS] & VSF_MASQ) !== 0 || rip === src) {
      rdst = masqueradeSource(ctx, rip);
      if (rip !== src && sport >= 1024) rdport = 1024 + ((ctHash(src, dst, sport, dport, proto) ^ U32[(ctx + NODE_CT_LIVE) >>> 2]) >>> 0) % (65536 - 1024);
      let tries = 0;
      while (ctLookup(ctx, rip, rdst, rport, rdport, proto) !== CT_NONE) {
        if (++tries === NAT_PORT_TRIES) {
          dropRx(ctx, inIf, DROP_NAT_NO_PORT);
          return false;
        }
        rdport = rdport === 0xffff ? 1024 : rdport + 1;
      }
    }
    const r = ctCreate(ctx, src, dst, sport, dport, proto, rip, rdst, rport, rdport, vs, rsIdx);
    if (r === CT_NONE) {
      dropRx(ctx, inIf, DROP_CT_FULL);
      return false;
    }
    if (persist) U8[ctPtr(ctx, r) + CT_USED] = CTU_USED | CTU_CONTROLLED;
    ctUpdate(ctx, r, flags);
    if (ttlExpired(ctx, inIf, p, meta, l2bcast, opts)) return false;
    natRewrite(p, l4, proto, rdst, rip, rdport, rport);
    U32[(ctx + NODE_IPVS_OPTS) >>> 2] = opts;
    return true;
  }
  /** Twin of assembly/ipvs.ts rrSchedule. */
  function rrSchedule(v: number, n: number): number {
    let k = U16[(v + VS_RR_NEXT) >>> 1];
    if (k >= n) k = 0;
    U16[(v + VS_RR_NEXT) >>> 1] = k + 1 === n ? 0 : k + 1;
    return U32[(v + VS_RS_FIRST) >>> 2] + k;
  }
  function ttlExpired(ctx: number, inIf: number, p: number, meta: number, l2bcast: boolean, opts: number): boolean {
    if (ipv4Ttl(p) > 1) return false;
    icmpSendErrorFrom(ctx, p, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0, meta, l2bcast, ipv4Dst(p), opts);
    dropRx(ctx, inIf, DROP_TTL_EXCEEDED);
    return true;
  }
  function masqueradeSource(ctx: number, dst: number): number {
    const nh = routeLookup(ctx, dst);
    if (nh !== NH_NONE && U8[nhPtr(ctx, nh) + NH_KIND] === NHK_ONLINK_TUNL0) return U32[(ctx + NODE_TUNL0_IP) >>> 2];
    return U32[(ctx + NODE_IP) >>> 2];
  }
  function ipvsIcmp(ctx: number, p: number, hl: number, tl: number): void {
    const ic = p + hl;
    const len = tl - hl;
    if (len < ICMP_HDR_LEN + IPV4_HDR_LEN) return;
    const type = U8[ic];
    if (type !== ICMP_DEST_UNREACH && type !== ICMP_SOURCE_QUENCH && type !== ICMP_TIME_EXCEEDED) return;
    const q = ic + ICMP_HDR_LEN;
    if ((U8[q] >> 4) !== 4) return;
    const qhl = ipv4HeaderLen(q);
    if (qhl < IPV4_HDR_LEN || len < ICMP_HDR_LEN + qhl + 8) return;
    const qproto = ipv4Proto(q);
    if (qproto !== IPPROTO_TCP && qproto !== IPPROTO_UDP) return;
    if ((ipv4FlagsFrag(q) & IPV4_FRAG_OFFSET) !== 0) return;
    const ql4 = q + qhl;
    const r = ctLookup(ctx, ipv4Dst(q), ipv4Src(q), ld16be(ql4 + 2), ld16be(ql4), qproto);
    if (r === CT_NONE) return;
    const peer = ctPtr(ctx, U32[(ctPtr(ctx, r) + CT_PEER) >>> 2]);
    st32be(p + IPV4_SRC, U32[(peer + CT_DST) >>> 2]);
    st32be(p + IPV4_DST, U32[(peer + CT_SRC) >>> 2]);
    st32be(q + IPV4_SRC, U32[(peer + CT_SRC) >>> 2]);
    st32be(q + IPV4_DST, U32[(peer + CT_DST) >>> 2]);
    st16be(ql4, U16[(peer + CT_SPORT) >>> 1]);
    st16be(ql4 + 2, U16[(peer + CT_DPORT) >>> 1]);
    ipv4FillChecksum(q);
    icmpFillChecksum(ic, len);
    ipv4FillChecksum(p);
  }
  return { vsLookup, ipvsIn };
}
export type IpvsFns = ReturnType<typeof ipvsFns>;
