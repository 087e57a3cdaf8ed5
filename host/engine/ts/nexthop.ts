// Twin of assembly/nexthop.ts: a packet that fits, handed to its next hop by kind.
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';
import type { ContextFns } from './context.ts';
import type { CountersFns } from './counters.ts';
import type { TxFns } from './tx.ts';
import * as ETHERNET from './wire/ethernet.ts';
import { type EthernetFns } from './wire/ethernet.ts';
import type { IpipFns } from './tunnel/ipip.ts';
import type { NeighFns } from './arp/neigh.ts';
import type { Ipv4Fns } from './wire/ipv4.ts';

export function nexthopFns(h: Heap, d: {
  context: ContextFns; counters: CountersFns; tx: TxFns; ethernet: EthernetFns; ipip: IpipFns; neigh: NeighFns;
  ipv4: Ipv4Fns;
}) {
  const {
    NH_KIND, NH_OIF, NH_DST_MAC, NH_DST_NODE, IF_MAC, NHK_LOCAL, NHK_BROADCAST, NHK_CALI, NHK_ONLINK_TUNL0,
    NHK_NEIGH, NHK_NEIGH_ARP, NHK_CONNECTED, NHK_BLACKHOLE, NHK_UNREACHABLE, NHK_PROHIBIT, NH_LINK,
    NC_DELIVERED_HOST, DROP_BLACKHOLE, DROP_UNREACHABLE, DROP_PROHIBIT, DROP_NO_ROUTE,
  } = L;
  const { ETH_HDR_LEN, ETHERTYPE_IPV4 } = ETHERNET;
  const { U8, U16, U32 } = h;
  const { nhPtr, ifPtr } = d.context;
  const { countNode, dropTx, dropNode } = d.counters;
  const { sendToPod, sendOnWire } = d.tx;
  const { ethEmit } = d.ethernet;
  const { ipipEncapSend } = d.ipip;
  const { neighOutput, neighGlean } = d.neigh;
  const { ipv4Dst } = d.ipv4;

  function ipTransmit(ctx: number, ip: number, len: number, nh: number, meta: number): void {
    const n = nhPtr(ctx, nh);
    ipTransmitTo(ctx, ip, len, n, U8[n + NH_KIND], meta);
  }

  /** ipTransmit to next hop record `n` of kind `kind`, both already read (forward.ts). */
  function ipTransmitTo(ctx: number, ip: number, len: number, n: number, kind: number, meta: number): void {
    if (kind === NHK_CALI) {
      const oif = U16[(n + NH_OIF) >>> 1];
      const frame = ip - ETH_HDR_LEN;
      ethEmit(frame, n + NH_DST_MAC, ifPtr(ctx, oif) + IF_MAC, ETHERTYPE_IPV4);
      sendToPod(ctx, oif, frame, len + ETH_HDR_LEN, meta);
    } else if (kind === NHK_NEIGH) {
      const oif = U16[(n + NH_OIF) >>> 1]; // an uplink: the node's, or one of a router's
      const frame = ip - ETH_HDR_LEN;
      ethEmit(frame, n + NH_DST_MAC, ifPtr(ctx, oif) + IF_MAC, ETHERTYPE_IPV4);
      sendOnWire(ctx, oif, frame, len + ETH_HDR_LEN, U32[(n + NH_DST_NODE) >>> 2], meta);
    } else if (kind === NHK_ONLINK_TUNL0) {
      ipipEncapSend(ctx, ip, len, n, meta);
    } else if (kind === NHK_NEIGH_ARP) {
      neighOutput(ctx, U16[(n + NH_OIF) >>> 1], U32[(n + NH_LINK) >>> 2], ip, len, meta);
    } else if (kind === NHK_CONNECTED) {
      neighGlean(ctx, U16[(n + NH_OIF) >>> 1], ipv4Dst(ip), ip, len, meta);
    } else if (kind === NHK_LOCAL || kind === NHK_BROADCAST) { // a broadcast's copy on the wire is not modelled
      countNode(ctx, NC_DELIVERED_HOST);
    } else if (kind === NHK_BLACKHOLE) {
      dropNode(ctx, DROP_BLACKHOLE);
    } else if (kind === NHK_UNREACHABLE) {
      dropNode(ctx, DROP_UNREACHABLE);
    } else if (kind === NHK_PROHIBIT) {
      dropNode(ctx, DROP_PROHIBIT);
    } else {
      dropNode(ctx, DROP_NO_ROUTE);
    }
  }
  return { ipTransmit, ipTransmitTo };
}
export type NexthopFns = ReturnType<typeof nexthopFns>;
