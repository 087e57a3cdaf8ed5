// Twin of assembly/tunnel/pmtu.ts (the kernel's path MTU for the tunnel is explained there).
import type { Heap } from '../heap.ts';
import * as L from '../../../layout.ts';
import * as IPV4 from '../wire/ipv4.ts';
import { type Ipv4Fns } from '../wire/ipv4.ts';
import * as ICMP from '../wire/icmp.ts';
import { type IcmpFns } from '../wire/icmp.ts';
import type { EndianFns } from '../wire/endian.ts';
import type { ContextFns } from '../context.ts';
import { IPIP_OVERHEAD } from './ipip.ts';

const ICMP_FRAG_MTU = 6;
const IP_RT_MIN_PMTU = 552;
const IP_RT_MTU_EXPIRES_S = 600;
/** This file's numbers as the factory's consts (see ipip.ts). */
const NUMBERS = { ICMP_FRAG_MTU, IP_RT_MIN_PMTU, IP_RT_MTU_EXPIRES_S, IPIP_OVERHEAD };

export function pmtuFns(h: Heap, d: { ipv4: Ipv4Fns; icmp: IcmpFns; endian: EndianFns; context: ContextFns }) {
  const { ICMP_FRAG_MTU, IP_RT_MIN_PMTU, IP_RT_MTU_EXPIRES_S, IPIP_OVERHEAD } = NUMBERS;
  const {
    NODE_NOW_MS, NODE_NH_TABLE, NODE_NH_COUNT, NODE_OWN_ROUTES, NH_KIND, NH_GW, NH_PMTU, NH_PMTU_EXPIRES, NH_TUNNEL_NH, NH_NONE,
    NH_OIF, NH_SIZE, NHK_ONLINK_TUNL0, IF_MTU, IF_TUNL0, IF_FLAGS, IFF_UP,
  } = L;
  const { IPV4_DF, IPV4_HDR_LEN, IPPROTO_IPIP } = IPV4;
  const { ICMP_HDR_LEN, ICMP_TYPE, ICMP_CODE, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED } = ICMP;
  const { U8, U16, U32 } = h;
  const { ipv4FlagsFrag, ipv4HeaderLen, ipv4Proto, ipv4Dst } = d.ipv4;
  const { icmpChecksumOk } = d.icmp;
  const { ld16be } = d.endian;
  const { nhPtr, ifPtr } = d.context;

  function nowS(ctx: number): number {
    return Math.floor(U32[(ctx + NODE_NOW_MS) >>> 2] / 1000) & 0xffff;
  }

  /** Seconds left before a 16-bit expiry, as a signed 16-bit difference. */
  function left(expires: number, now: number): number {
    return ((expires - now) << 16) >> 16;
  }

  function ipipPathMtu(ctx: number, n: number): number {
    const pmtu = U16[(n + NH_PMTU) >>> 1];
    if (pmtu !== 0 && left(U16[(n + NH_PMTU_EXPIRES) >>> 1], nowS(ctx)) > 0) return pmtu;
    const t = U32[(n + NH_TUNNEL_NH) >>> 2];
    return t === NH_NONE ? 0 : U32[(ifPtr(ctx, U16[(nhPtr(ctx, t) + NH_OIF) >>> 1]) + IF_MTU) >>> 2];
  }

  /** Nothing learned on a shared FIB (see the AS twin). */
  function ipipUpdatePmtu(ctx: number, daddr: number, mtu: number): void {
    if (U32[(ctx + NODE_OWN_ROUTES) >>> 2] !== 0) return;
    const table = U32[(ctx + NODE_NH_TABLE) >>> 2];
    const count = U32[(ctx + NODE_NH_COUNT) >>> 2];
    const expires = (nowS(ctx) + IP_RT_MTU_EXPIRES_S) & 0xffff;
    for (let i = 0; i < count; i++) {
      const n = table + i * NH_SIZE;
      if (U8[n + NH_KIND] !== NHK_ONLINK_TUNL0 || U32[(n + NH_GW) >>> 2] !== daddr) continue;
      const old = ipipPathMtu(ctx, n);
      if (old === 0 || old < mtu) continue;
      const m = mtu < IP_RT_MIN_PMTU ? Math.min(old, IP_RT_MIN_PMTU) : mtu;
      if (U16[(n + NH_PMTU) >>> 1] === m && left(U16[(n + NH_PMTU_EXPIRES) >>> 1], nowS(ctx)) > (IP_RT_MTU_EXPIRES_S >>> 1)) continue;
      U16[(n + NH_PMTU) >>> 1] = m;
      U16[(n + NH_PMTU_EXPIRES) >>> 1] = expires;
    }
  }

  function ipipTooBig(ctx: number, n: number, ip: number, len: number): number {
    if ((ipv4FlagsFrag(ip) & IPV4_DF) === 0 || U16[(n + NH_PMTU) >>> 1] === 0) return 0;
    const mtu = ipipPathMtu(ctx, n) - IPIP_OVERHEAD;
    return len > mtu ? mtu : 0;
  }

  function ipipErr(ctx: number, icmp: number, len: number): void {
    if (len < ICMP_HDR_LEN + IPV4_HDR_LEN + 8) return;
    if (U8[icmp + ICMP_TYPE] !== ICMP_DEST_UNREACH || U8[icmp + ICMP_CODE] !== ICMP_FRAG_NEEDED) return;
    if (!icmpChecksumOk(icmp, len)) return;
    const q = icmp + ICMP_HDR_LEN;
    const qhl = ipv4HeaderLen(q);
    if (qhl < IPV4_HDR_LEN || len < ICMP_HDR_LEN + qhl + 8 || ipv4Proto(q) !== IPPROTO_IPIP) return;
    if ((U32[(ifPtr(ctx, IF_TUNL0) + IF_FLAGS) >>> 2] & IFF_UP) === 0) return;
    ipipUpdatePmtu(ctx, ipv4Dst(q), ld16be(icmp + ICMP_FRAG_MTU));
  }

  return { ipipPathMtu, ipipUpdatePmtu, ipipTooBig, ipipErr };
}

export type PmtuFns = ReturnType<typeof pmtuFns>;
