// Twin of assembly/flowOutput.ts: the flow's output, held in its flow-cache way (why, and the
// chain of loads it cuts, are there).
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';
import type { ContextFns } from './context.ts';
import type { CountersFns } from './counters.ts';
import type { TxFns } from './tx.ts';
import * as ETHERNET from './wire/ethernet.ts';
import { type EthernetFns } from './wire/ethernet.ts';
import type { EndianFns } from './wire/endian.ts';
import type { IpipFns } from './tunnel/ipip.ts';

export function flowOutputFns(h: Heap, d: {
  context: ContextFns; counters: CountersFns; tx: TxFns; ethernet: EthernetFns; endian: EndianFns; ipip: IpipFns;
}) {
  const {
    FW_RING, FW_MTU, FW_OIF, FW_COUNTER, FW_HEADER, NH_KIND, NH_OIF, NH_DST_MAC, NH_DST_NODE, NH_TUNNEL_NH, NH_NONE,
    NHK_CALI, NHK_NEIGH, NHK_ONLINK_TUNL0, IF_MTU, IF_MAC, IF_TX_RING, IF_FLAGS, IFF_HOST_WIRE, LAYOUT_BASE,
    GH_PORT_COUNT, NC_DELIVERED_POD, NC_TX_WIRE, FW_OUTER_ADDRS, FW_OUTER_SUM, NODE_IP, NH_GW,
  } = L;
  const { ETHERTYPE_IPV4 } = ETHERNET;
  const { U8, U16, U32 } = h;
  const { nhPtr, ifPtr } = d.context;
  const { countNode, ifTransmitted } = d.counters;
  const { pushFrame, inboxOf } = d.tx;
  const { ethEmit } = d.ethernet;
  const { st32be } = d.endian;
  const { ipipFlowShare } = d.ipip;

  /** Does way `w` hold its flow's output? */
  function flowOutputHeld(w: number): boolean {
    return U32[(w + FW_RING) >>> 2] !== 0;
  }

  /** The egress MTU way `w` holds. */
  function flowOutputMtu(w: number): number {
    return U32[(w + FW_MTU) >>> 2];
  }

  /** Send the frame at `frame` (`len` octets, its Ethernet header still to write) as way `w` says. */
  function flowOutput(ctx: number, w: number, frame: number, len: number, meta: number): void {
    ethEmit(frame, w + FW_HEADER, w + FW_HEADER + 6, ETHERTYPE_IPV4);
    const oif = U16[(w + FW_OIF) >>> 1];
    ifTransmitted(ctx, oif, frame, len);
    if (pushFrame(ctx, oif, U32[(w + FW_RING) >>> 2], frame, len, meta)) countNode(ctx, U16[(w + FW_COUNTER) >>> 1]);
  }

  /** Write into way `w` the output of next hop record `n` of `kind`, when it is fixed (see the AS twin). */
  function flowOutputFill(ctx: number, w: number, n: number, kind: number): void {
    let out = n;
    let counter = NC_TX_WIRE;
    if (kind === NHK_ONLINK_TUNL0) {
      const tnh = U32[(n + NH_TUNNEL_NH) >>> 2];
      if (tnh === NH_NONE) return;
      out = nhPtr(ctx, tnh);
      if (U8[out + NH_KIND] !== NHK_NEIGH) return;
    } else if (kind === NHK_CALI) {
      counter = NC_DELIVERED_POD;
    } else if (kind !== NHK_NEIGH) {
      return;
    }
    const oif = U16[(out + NH_OIF) >>> 1];
    const ifp = ifPtr(ctx, oif);
    let ring = U32[(ifp + IF_TX_RING) >>> 2];
    if (counter === NC_TX_WIRE) {
      const port = U32[(out + NH_DST_NODE) >>> 2];
      if (port < U32[(LAYOUT_BASE + GH_PORT_COUNT) >>> 2] && (U32[(ifp + IF_FLAGS) >>> 2] & IFF_HOST_WIRE) === 0) ring = inboxOf(ctx, port);
    }
    U32[(w + FW_MTU) >>> 2] = U32[(ifPtr(ctx, U16[(n + NH_OIF) >>> 1]) + IF_MTU) >>> 2];
    U16[(w + FW_OIF) >>> 1] = oif;
    U16[(w + FW_COUNTER) >>> 1] = counter;
    ethEmit(w + FW_HEADER, out + NH_DST_MAC, ifp + IF_MAC, ETHERTYPE_IPV4);
    if (kind === NHK_ONLINK_TUNL0) { // tunnel/ipip.ts ipipEncapHeld
      const src = U32[(ctx + NODE_IP) >>> 2];
      const dst = U32[(n + NH_GW) >>> 2];
      st32be(w + FW_OUTER_ADDRS, src);
      st32be(w + FW_OUTER_ADDRS + 4, dst);
      U32[(w + FW_OUTER_SUM) >>> 2] = ipipFlowShare(src, dst);
    }
    U32[(w + FW_RING) >>> 2] = ring;
  }
  return { flowOutputHeld, flowOutputMtu, flowOutput, flowOutputFill };
}
export type FlowOutputFns = ReturnType<typeof flowOutputFns>;
