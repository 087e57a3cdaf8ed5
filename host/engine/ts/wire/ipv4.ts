// Twin of assembly/wire/ipv4.ts (RFC 791 diagram and policy notes there). Accessors read
// without bounds checks: call ipv4Check first.
import type { Heap } from '../heap.ts';
import * as ENDIAN from './endian.ts';
import { type EndianFns } from './endian.ts';
import type { ChecksumFns } from './checksum.ts';
import * as L from '../../../layout.ts';

export const IPV4_VER_IHL = 0;
export const IPV4_TOS = 1;
export const IPV4_TOTAL_LEN = 2;
export const IPV4_ID = 4;
export const IPV4_FLAGS_FRAG = 6;
export const IPV4_TTL = 8;
export const IPV4_PROTO = 9;
export const IPV4_CSUM = 10;
export const IPV4_SRC = 12;
export const IPV4_DST = 16;
export const IPV4_HDR_LEN = 20; // IHL 5 × 4, no options
export const IPV4_MAX_HDR_LEN = 60; // IHL 15 × 4

export const IPV4_DF = 0x4000;
export const IPV4_MF = 0x2000;
export const IPV4_FRAG_OFFSET = 0x1fff; // in 8-octet units

export const IPPROTO_ICMP = 1;
export const IPPROTO_IPIP = 4;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

export const ECN_MASK = 3;
export const ECN_NOT_ECT = 0;
export const ECN_ECT_0 = 2;
export const ECN_ECT_1 = 1;
export const ECN_CE = 3;
// ICMP error TOS (__icmp_send: RT_TOS(iph->tos) | IPTOS_PREC_INTERNETCONTROL).
export const IPTOS_TOS_MASK = 0x1e;
export const IPTOS_PREC_INTERNETCONTROL = 0xc0;
export const IPV4_BROADCAST = 0xffffffff;
/** 224.0.0.1, INADDR_ALLHOSTS_GROUP. */
export const IPV4_ALLHOSTS = 0xe0000001;
/** 127.0.0.1, INADDR_LOOPBACK (see the AS twin). */
export const IPV4_LOOPBACK = 0x7f000001;
export const IPV4_PLAIN_NIBBLES = 0xffff & ~((1 << 0) | (1 << 7) | (1 << 14) | (1 << 15));

/** This file's numbers as the factory's consts: V8 folds those; an exported binding is a
 *  module cell it reloads, with a hole check, at every use. */
const NUMBERS = { IPV4_VER_IHL, IPV4_TOS, IPV4_TOTAL_LEN, IPV4_ID, IPV4_FLAGS_FRAG, IPV4_TTL, IPV4_PROTO, IPV4_CSUM, IPV4_SRC, IPV4_DST, IPV4_HDR_LEN, IPV4_MF, IPV4_FRAG_OFFSET, IPTOS_TOS_MASK, IPTOS_PREC_INTERNETCONTROL };

export function ipv4Fns(h: Heap, d: { endian: EndianFns; checksum: ChecksumFns }) {
  const {
    IPV4_VER_IHL, IPV4_TOS, IPV4_TOTAL_LEN, IPV4_ID, IPV4_FLAGS_FRAG, IPV4_TTL, IPV4_PROTO, IPV4_CSUM,
    IPV4_SRC, IPV4_DST, IPV4_HDR_LEN, IPV4_MF, IPV4_FRAG_OFFSET, IPTOS_TOS_MASK, IPTOS_PREC_INTERNETCONTROL,
  } = NUMBERS;
  const { CHECK_OK } = ENDIAN;
  const {
    DROP_IP_TRUNCATED, DROP_IP_BAD_VERSION, DROP_IP_BAD_IHL, DROP_IP_BAD_TOTAL_LEN, DROP_IP_BAD_CHECKSUM,
  } = L;
  const { U8 } = h;
  const { ld16be, ld32be, st16be, st32be } = d.endian;
  const { headerSum, headerSumOk, foldSum } = d.checksum;

  /** Validate as ip_rcv_core does; CHECK_OK or the DropReason. */
  function ipv4Check(p: number, len: number): number {
    if (len < IPV4_HDR_LEN) return DROP_IP_TRUNCATED;
    const vi = U8[p + IPV4_VER_IHL];
    if (vi >>> 4 !== 4) return DROP_IP_BAD_VERSION;
    const hl = (vi & 15) << 2;
    if (hl < IPV4_HDR_LEN) return DROP_IP_BAD_IHL;
    if (hl > len) return DROP_IP_TRUNCATED;
    if (!headerSumOk(p, hl)) return DROP_IP_BAD_CHECKSUM;
    const tl = ld16be(p + IPV4_TOTAL_LEN);
    if (((tl - hl) >>> 0) > len - hl) return DROP_IP_BAD_TOTAL_LEN; // tl > len or tl < hl (hl ≤ len here)
    return CHECK_OK;
  }

  function ipv4HeaderLen(p: number): number {
    return (U8[p + IPV4_VER_IHL] & 15) << 2;
  }
  function ipv4Tos(p: number): number {
    return U8[p + IPV4_TOS];
  }
  function ipv4TotalLen(p: number): number {
    return ld16be(p + IPV4_TOTAL_LEN);
  }
  function ipv4FlagsFrag(p: number): number {
    return ld16be(p + IPV4_FLAGS_FRAG);
  }
  function ipv4IsFragment(p: number): boolean {
    return (ld16be(p + IPV4_FLAGS_FRAG) & (IPV4_MF | IPV4_FRAG_OFFSET)) !== 0;
  }
  function ipv4Ttl(p: number): number {
    return U8[p + IPV4_TTL];
  }
  function ipv4Proto(p: number): number {
    return U8[p + IPV4_PROTO];
  }
  function ipv4Src(p: number): number {
    return ld32be(p + IPV4_SRC);
  }
  function ipv4Dst(p: number): number {
    return ld32be(p + IPV4_DST);
  }
  function ipv4SetTotalLen(p: number, v: number): void {
    st16be(p + IPV4_TOTAL_LEN, v);
  }
  function ipv4SetFlagsFrag(p: number, v: number): void {
    st16be(p + IPV4_FLAGS_FRAG, v);
  }

  function ipv4FillChecksum(p: number): void {
    st16be(p + IPV4_CSUM, 0);
    st16be(p + IPV4_CSUM, ~headerSum(p, ipv4HeaderLen(p)) & 0xffff);
  }

  /** ip_decrease_ttl, exactly as the kernel writes it (see the AS twin). */
  function ipv4DecTtl(p: number): void {
    let c = ld16be(p + IPV4_CSUM) + 0x0100;
    c += c >= 0xffff ? 1 : 0;
    st16be(p + IPV4_CSUM, c & 0xffff);
    U8[p + IPV4_TTL] = U8[p + IPV4_TTL] - 1;
  }

  // Emitting a header field by named field; each ipv4Put* returns its share of the sum
  // (see the AS twin).
  function ipv4PutVersionIhl(p: number): number {
    U8[p + IPV4_VER_IHL] = 0x45;
    return 0x4500;
  }
  function ipv4PutTos(p: number, tos: number): number {
    U8[p + IPV4_TOS] = tos;
    return tos & 0xff;
  }
  function ipv4PutTotalLen(p: number, totalLen: number): number {
    st16be(p + IPV4_TOTAL_LEN, totalLen);
    return totalLen & 0xffff;
  }
  function ipv4PutId(p: number, id: number): number {
    st16be(p + IPV4_ID, id);
    return id & 0xffff;
  }
  function ipv4PutFlagsFrag(p: number, flagsFrag: number): number {
    st16be(p + IPV4_FLAGS_FRAG, flagsFrag);
    return flagsFrag & 0xffff;
  }
  function ipv4PutTtl(p: number, ttl: number): number {
    U8[p + IPV4_TTL] = ttl;
    return (ttl & 0xff) << 8;
  }
  function ipv4PutProto(p: number, proto: number): number {
    U8[p + IPV4_PROTO] = proto;
    return proto & 0xff;
  }
  function ipv4PutSrc(p: number, src: number): number {
    st32be(p + IPV4_SRC, src);
    return (src >>> 16) + (src & 0xffff);
  }
  function ipv4PutDst(p: number, dst: number): number {
    st32be(p + IPV4_DST, dst);
    return (dst >>> 16) + (dst & 0xffff);
  }
  function ipv4PutChecksum(p: number, shares: number): void {
    st16be(p + IPV4_CSUM, ~foldSum(shares) & 0xffff);
  }

  function icmpErrorTos(tos: number): number {
    return (tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL;
  }

  function ipv4IsMulticast(a: number): boolean {
    return a >>> 28 === 14;
  }
  function ipv4IsLbcast(a: number): boolean {
    return a === 0xffffffff;
  }
  /** ipv4_is_zeronet: 0.0.0.0 alone since Linux 5.3 (see the AS twin). */
  function ipv4IsZeronet(a: number): boolean {
    return a === 0;
  }
  function ipv4IsLoopback(a: number): boolean {
    return a >>> 24 === 127;
  }
  /** Neither address a martian nor the limited broadcast (see the AS twin: IPV4_PLAIN_NIBBLES). */
  function ipv4BothPlain(a: number, b: number): boolean {
    return ((IPV4_PLAIN_NIBBLES >>> (a >>> 28)) & (IPV4_PLAIN_NIBBLES >>> (b >>> 28)) & 1) !== 0;
  }
  return {
    ipv4Check, ipv4HeaderLen, ipv4Tos, ipv4TotalLen, ipv4FlagsFrag, ipv4IsFragment, ipv4Ttl, ipv4Proto,
    ipv4Src, ipv4Dst, ipv4SetTotalLen, ipv4SetFlagsFrag, ipv4FillChecksum, ipv4DecTtl, ipv4PutVersionIhl,
    ipv4PutTos, ipv4PutTotalLen, ipv4PutId, ipv4PutFlagsFrag, ipv4PutTtl, ipv4PutProto, ipv4PutSrc,
    ipv4PutDst, ipv4PutChecksum, icmpErrorTos, ipv4IsMulticast, ipv4IsLbcast, ipv4IsZeronet, ipv4IsLoopback,
    ipv4BothPlain,
  };
}
export type Ipv4Fns = ReturnType<typeof ipv4Fns>;
