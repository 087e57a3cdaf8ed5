// Twin of assembly/tunnel/ipip.ts (every outer-header choice is explained there).
import type { Heap } from '../heap.ts';
import * as L from '../../../layout.ts';
import * as IPV4 from '../wire/ipv4.ts';
import { IPV4_HDR_LEN } from '../wire/ipv4.ts';
import { type Ipv4Fns } from '../wire/ipv4.ts';
import type { EndianFns } from '../wire/endian.ts';
import type { ChecksumFns } from '../wire/checksum.ts';
import * as ETHERNET from '../wire/ethernet.ts';
import { type EthernetFns } from '../wire/ethernet.ts';
import type { CountersFns } from '../counters.ts';
import type { TxFns } from '../tx.ts';
import type { ContextFns } from '../context.ts';
import type { NeighFns } from '../arp/neigh.ts';

export const IPIP_OVERHEAD = IPV4_HDR_LEN; // tunl0 MTU = uplink MTU − 20

/** This file's numbers as the factory's consts: V8 folds those; an exported binding is a
 *  module cell it reloads, with a hole check, at every use. */
const NUMBERS = { IPIP_OVERHEAD };

export function ipipFns(h: Heap, d: {
  ipv4: Ipv4Fns; endian: EndianFns; checksum: ChecksumFns; ethernet: EthernetFns; counters: CountersFns;
  tx: TxFns; context: ContextFns; neigh: NeighFns;
}) {
  const { IPIP_OVERHEAD } = NUMBERS;
  const {
    NODE_IP, NH_GW, NH_TUNNEL_NH, NH_NONE, NH_KIND, NH_DST_MAC, NH_DST_NODE, NH_OIF, NH_LINK, NHK_NEIGH,
    NHK_NEIGH_ARP, NHK_CONNECTED, IF_TUNL0, IF_MAC, NC_ENCAP, NC_DECAP, DROP_NO_ROUTE,
    DROP_IPIP_INNER_MALFORMED, DROP_IPIP_ECN, FW_OUTER_ADDRS, FW_OUTER_SUM,
  } = L;
  const {
    IPV4_DF, IPV4_HDR_LEN, IPV4_TOS, IPV4_CSUM, IPV4_SRC, IPV4_DST, IPV4_PROTO, IPPROTO_IPIP, ECN_MASK, ECN_CE, ECN_ECT_0, ECN_ECT_1, ECN_NOT_ECT,
  } = IPV4;
  const { ETH_HDR_LEN, ETHERTYPE_IPV4 } = ETHERNET;
  const { U8, U16, U32 } = h;
  const { neighOutput, neighGlean } = d.neigh;
  const {
    ipv4PutTos, ipv4PutTotalLen, ipv4PutId, ipv4PutFlagsFrag, ipv4PutTtl, ipv4PutChecksum, ipv4Tos, ipv4Ttl,
    ipv4FlagsFrag, ipv4HeaderLen,
  } = d.ipv4;
  const { ld16be, ld32be, st16be, st32be } = d.endian;
  const { csum16Add } = d.checksum;
  const { ethEmit } = d.ethernet;
  const { countNode, dropRx, dropTx, ifTransmitted } = d.counters;
  const { sendOnWire } = d.tx;
  const { nhPtr, ifPtr, nextIpId } = d.context;

  function ipipEncapSend(ctx: number, ip: number, len: number, n: number, meta: number): void {
    ipipEncap(ctx, ip, len, n);
    const outer = ip - IPIP_OVERHEAD;
    const tnh = U32[(n + NH_TUNNEL_NH) >>> 2];
    if (tnh === NH_NONE) {
      dropTx(ctx, IF_TUNL0, DROP_NO_ROUTE);
      return;
    }
    const t = nhPtr(ctx, tnh);
    const kind = U8[t + NH_KIND];
    if (kind === NHK_NEIGH) {
      const oif = U16[(t + NH_OIF) >>> 1];
      const frame = outer - ETH_HDR_LEN;
      ethEmit(frame, t + NH_DST_MAC, ifPtr(ctx, oif) + IF_MAC, ETHERTYPE_IPV4);
      sendOnWire(ctx, oif, frame, len + IPIP_OVERHEAD + ETH_HDR_LEN, U32[(t + NH_DST_NODE) >>> 2], meta);
    } else if (kind === NHK_NEIGH_ARP) {
      neighOutput(ctx, U16[(t + NH_OIF) >>> 1], U32[(t + NH_LINK) >>> 2], outer, len + IPIP_OVERHEAD, meta);
    } else if (kind === NHK_CONNECTED) {
      neighGlean(ctx, U16[(t + NH_OIF) >>> 1], U32[(n + NH_GW) >>> 2], outer, len + IPIP_OVERHEAD, meta);
    } else {
      dropTx(ctx, IF_TUNL0, DROP_NO_ROUTE);
    }
  }

  /** tunl0's part: its books, the outer header, NC_ENCAP (see the AS twin). */
  function ipipEncap(ctx: number, ip: number, len: number, n: number): void {
    const outer = ip - IPIP_OVERHEAD;
    const src = U32[(ctx + NODE_IP) >>> 2];
    const dst = U32[(n + NH_GW) >>> 2];
    st32be(outer + IPV4_SRC, src);
    st32be(outer + IPV4_DST, dst);
    ipipOuter(ctx, ip, len, ipipFlowShare(src, dst));
  }

  /** ipipEncap with the addresses and their share from the flow's way (see the AS twin). */
  function ipipEncapHeld(ctx: number, ip: number, len: number, way: number): void {
    const outer = ip - IPIP_OVERHEAD;
    st32be(outer + IPV4_SRC, ld32be(way + FW_OUTER_ADDRS));
    st32be(outer + IPV4_DST, ld32be(way + FW_OUTER_ADDRS + 4));
    ipipOuter(ctx, ip, len, U32[(way + FW_OUTER_SUM) >>> 2]);
  }

  /** The checksum share fixed for a tunnel's flow: version and IHL, protocol 4, the addresses. */
  function ipipFlowShare(src: number, dst: number): number {
    return 0x4500 + IPPROTO_IPIP + (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff);
  }

  /** The outer header's first 12 octets, the addresses written already (see the AS twin). */
  function ipipOuter(ctx: number, ip: number, len: number, share: number): void {
    ifTransmitted(ctx, IF_TUNL0, ip, len);
    const outer = ip - IPIP_OVERHEAD;
    const ecn = ipv4Tos(ip) & ECN_MASK;
    U8[outer] = 0x45;
    U8[outer + IPV4_PROTO] = IPPROTO_IPIP;
    ipv4PutChecksum(outer, share
      + ipv4PutTos(outer, ecn === ECN_CE ? ECN_ECT_0 : ecn)
      + ipv4PutTotalLen(outer, len + IPIP_OVERHEAD)
      + ipv4PutId(outer, nextIpId(ctx))
      + ipv4PutFlagsFrag(outer, ipv4FlagsFrag(ip) & IPV4_DF)
      + ipv4PutTtl(outer, ipv4Ttl(ip)));
    countNode(ctx, NC_ENCAP);
  }

  function ipipDecap(ctx: number, inIf: number, ip: number, tl: number): number {
    const hl = ipv4HeaderLen(ip); // tunl0 is up: forward.ts asked ipipTunnelUp
    const innerLen = tl - hl;
    if (innerLen < IPV4_HDR_LEN) {
      dropRx(ctx, inIf, DROP_IPIP_INNER_MALFORMED);
      return 0;
    }
    const inner = ip + hl;
    const outerEcn = ipv4Tos(ip) & ECN_MASK;
    if (outerEcn === ECN_ECT_1) {
      const innerTos = ipv4Tos(inner);
      if ((innerTos & ECN_MASK) === ECN_ECT_0) {
        st16be(inner + IPV4_CSUM, csum16Add(ld16be(inner + IPV4_CSUM), 1));
        U8[inner + IPV4_TOS] = innerTos ^ ECN_MASK;
      }
    } else if (outerEcn === ECN_CE) {
      const innerTos = ipv4Tos(inner);
      const innerEcn = innerTos & ECN_MASK;
      if (innerEcn === ECN_NOT_ECT) {
        dropRx(ctx, inIf, DROP_IPIP_ECN);
        return 0;
      }
      if (innerEcn !== ECN_CE) {
        const add = 0xfffb + ((innerTos + 1) & ECN_MASK);
        st16be(inner + IPV4_CSUM, csum16Add(ld16be(inner + IPV4_CSUM), add));
        U8[inner + IPV4_TOS] = innerTos | ECN_CE;
      }
    }
    countNode(ctx, NC_DECAP);
    return innerLen;
  }
  return { ipipEncapSend, ipipEncap, ipipEncapHeld, ipipFlowShare, ipipDecap };
}
export type IpipFns = ReturnType<typeof ipipFns>;
