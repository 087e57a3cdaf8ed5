// Twin of assembly/arp/proxyArp.ts: ARP input, proxy ARP on cali (conditions and reply
// fields documented there, from arp_process in net/ipv4/arp.c).
import type { Heap } from '../heap.ts';
import * as L from '../../../layout.ts';
import * as ARP from '../wire/arp.ts';
import { type ArpFns } from '../wire/arp.ts';
import * as ETHERNET from '../wire/ethernet.ts';
import { type EthernetFns } from '../wire/ethernet.ts';
import * as ENDIAN from '../wire/endian.ts';
import { type EndianFns } from '../wire/endian.ts';
import type { Ipv4Fns } from '../wire/ipv4.ts';
import type { CountersFns } from '../counters.ts';
import type { ContextFns } from '../context.ts';
import type { TxFns } from '../tx.ts';
import type { NeighFns } from './neigh.ts';

export function proxyArpFns(h: Heap, d: {
  arp: ArpFns; ethernet: EthernetFns; endian: EndianFns; ipv4: Ipv4Fns; counters: CountersFns;
  context: ContextFns; tx: TxFns; neigh: NeighFns;
}) {
  const {
    IF_KIND, IF_FLAGS, IF_MAC, IFK_CALI, IFF_FORWARDING, IFF_PROXY_ARP, NH_NONE, NH_KIND, NH_OIF,
    NH_DST_MAC, NH_DST_NODE, NHK_LOCAL, NHK_NEIGH, NODE_EXTERNAL, NC_DELIVERED_HOST, NC_CREATED_ARP,
    DROP_ARP_NOT_REQUEST, DROP_ARP_NO_PROXY, DROP_ARP_MARTIAN, DROP_RP_FILTER, DROP_IP_LOCAL_SRC, DROP_NEIGH_TABLE_FULL, NE_NONE,
    NE_DST_NODE, NE_UPDATED, NE_STATE, NUD_NONE, NUD_REACHABLE, NUD_STALE, NEIGH_LOCKTIME_MS,
  } = L;
  const { ARP_SHA, ARP_THA, ARP_LEN, ARPOP_REPLY, ARPHRD_ETHER } = ARP;
  const { ETH_HDR_LEN, ETHERTYPE_ARP } = ETHERNET;
  const { CHECK_OK } = ENDIAN;
  const { U8, U16, U32 } = h;
  const { arpCheck, arpOp, arpSpa, arpTpa, arpSetHtype, arpSetOp, arpSetSpa, arpSetTpa } = d.arp;
  const { ethEmit } = d.ethernet;
  const { macCopy, macEqual, macIsGroup } = d.endian;
  const { ipv4IsMulticast, ipv4IsLbcast, ipv4IsLoopback } = d.ipv4;
  const { countNode, dropRx } = d.counters;
  const { routeLookup, nhPtr, nhIsUnicast, ifPtr, rpFilterOk, srcIsLocal } = d.context;
  const { sendToPod, sendOnWire } = d.tx;
  const { neighTableOf, neighLookup, neighCreate, neighUpdate, nePtr, nodeNow, timeAfter } = d.neigh;

  function arpInput(ctx: number, inIf: number, frame: number, len: number, meta: number): void {
    const a = frame + ETH_HDR_LEN;
    const r = arpCheck(a, len - ETH_HDR_LEN);
    if (r !== CHECK_OK) {
      dropRx(ctx, inIf, r);
      return;
    }
    const ifp = ifPtr(ctx, inIf);
    const table = neighTableOf(ctx, inIf);
    const localnet = U32[(ifp + IF_KIND) >>> 2] === IFK_CALI;
    const sip = arpSpa(a);
    const tip = arpTpa(a);
    if (ipv4IsMulticast(tip) || (!localnet && ipv4IsLoopback(tip))) {
      dropRx(ctx, inIf, DROP_ARP_MARTIAN);
      return;
    }
    if (arpOp(a) === ARPOP_REPLY) {
      arpLearn(ctx, inIf, table, frame, true);
      return;
    }
    if (ipv4IsMulticast(sip) || ipv4IsLbcast(sip)) {
      dropRx(ctx, inIf, DROP_ARP_MARTIAN);
      return;
    }
    const nh = routeLookup(ctx, tip);
    let answer = false;
    if (nh !== NH_NONE) {
      const n = nhPtr(ctx, nh);
      const kind = U8[n + NH_KIND];
      if (kind === NHK_LOCAL) answer = true;
      else if (sip !== 0) {
        const flags = U32[(ifp + IF_FLAGS) >>> 2];
        answer = nhIsUnicast(kind) && (flags & IFF_FORWARDING) !== 0 && (flags & IFF_PROXY_ARP) !== 0
          && U16[(n + NH_OIF) >>> 1] !== inIf;
      }
    }
    // arp_process → ip_route_input_noref(tip, sip): fib_validate_source, strict on a cali
    if (answer && sip !== 0 && localnet && !rpFilterOk(ctx, inIf, sip)) {
      dropRx(ctx, inIf, DROP_RP_FILTER);
      return;
    }
    if (answer && sip !== 0 && !localnet && srcIsLocal(ctx, sip)) {
      if (table !== 0 && arpLearnExisting(ctx, table, frame, false)) return;
      dropRx(ctx, inIf, DROP_IP_LOCAL_SRC);
      return;
    }
    if (!answer) {
      if (table !== 0 && sip !== 0 && arpLearnExisting(ctx, table, frame, false)) return;
      dropRx(ctx, inIf, DROP_ARP_NO_PROXY);
      return;
    }
    let dstNode = NODE_EXTERNAL;
    let known = false;
    if (table !== 0 && sip !== 0) {
      const i = neighCreate(ctx, table, sip);
      if (i === NE_NONE) {
        dropRx(ctx, inIf, DROP_NEIGH_TABLE_FULL);
        return;
      }
      const e = nePtr(table, i);
      neighUpdate(ctx, table, e, a + ARP_SHA, NUD_STALE, true);
      dstNode = U32[(e + NE_DST_NODE) >>> 2];
      known = true;
    }
    countNode(ctx, NC_DELIVERED_HOST);
    macCopy(a + ARP_THA, a + ARP_SHA);
    ethEmit(frame, a + ARP_THA, ifp + IF_MAC, ETHERTYPE_ARP);
    arpSetHtype(a, ARPHRD_ETHER);
    arpSetOp(a, ARPOP_REPLY);
    macCopy(a + ARP_SHA, ifp + IF_MAC);
    arpSetSpa(a, tip);
    arpSetTpa(a, sip);
    countNode(ctx, NC_CREATED_ARP);
    const flen = ETH_HDR_LEN + ARP_LEN;
    if (localnet) {
      sendToPod(ctx, inIf, frame, flen, meta);
      return;
    }
    if (!known) {
      const back = routeLookup(ctx, sip);
      if (back !== NH_NONE) {
        const b = nhPtr(ctx, back);
        if (U8[b + NH_KIND] === NHK_NEIGH && U16[(b + NH_OIF) >>> 1] === inIf && macEqual(b + NH_DST_MAC, frame)) {
          dstNode = U32[(b + NH_DST_NODE) >>> 2];
        }
      }
    }
    sendOnWire(ctx, inIf, frame, flen, dstNode, meta);
  }

  function arpIsGarp(ctx: number, a: number, reply: boolean): boolean {
    const sip = arpSpa(a);
    if (sip !== arpTpa(a)) return false;
    if (reply && !macEqual(a + ARP_THA, a + ARP_SHA)) return false;
    if (sip === 0 || ipv4IsLbcast(sip) || ipv4IsMulticast(sip)) return false;
    const nh = routeLookup(ctx, sip);
    return nh === NH_NONE || U8[nhPtr(ctx, nh) + NH_KIND] !== NHK_LOCAL;
  }

  function arpLearnExisting(ctx: number, table: number, frame: number, reply: boolean): boolean {
    const a = frame + ETH_HDR_LEN;
    const i = neighLookup(table, arpSpa(a));
    if (i === NE_NONE) return false;
    const e = nePtr(table, i);
    if (U8[e + NE_STATE] === NUD_NONE) return false; // reserved, never used: the kernel has none
    const overrideMac = timeAfter(nodeNow(ctx), U32[(e + NE_UPDATED) >>> 2] + NEIGH_LOCKTIME_MS) || arpIsGarp(ctx, a, reply);
    const state = reply && !macIsGroup(frame) ? NUD_REACHABLE : NUD_STALE;
    neighUpdate(ctx, table, e, a + ARP_SHA, state, overrideMac);
    countNode(ctx, NC_DELIVERED_HOST);
    return true;
  }

  function arpLearn(ctx: number, inIf: number, table: number, frame: number, reply: boolean): void {
    if (table === 0 || !arpLearnExisting(ctx, table, frame, reply)) dropRx(ctx, inIf, DROP_ARP_NOT_REQUEST);
  }
  return { arpInput };
}
export type ProxyArpFns = ReturnType<typeof proxyArpFns>;
