// Twin of assembly/output.ts: IP output by next-hop kind.
import { U8, U16, U32, MEM } from './heap.ts';
import {
  NODE_LPM_BASE, NODE_NH_TABLE, NODE_NH_COUNT, NODE_IF_TABLE, NODE_IP_ID_SEQ, NH_SIZE, NH_KIND,
  NH_OIF, NH_DST_MAC, NH_DST_NODE, NH_NONE, IF_SIZE, IF_MTU, IF_MAC, IF_UPLINK, NHK_LOCAL,
  NHK_CALI, NHK_ONLINK_TUNL0, NHK_NEIGH, NHK_CONNECTED, NHK_BLACKHOLE, NHK_UNREACHABLE,
  NHK_PROHIBIT, NC_DELIVERED_HOST, NC_DROP_BASE, DROP_FRAG_NEEDED, DROP_NEIGH_MISS,
  DROP_BLACKHOLE, DROP_UNREACHABLE, DROP_PROHIBIT, DROP_NO_ROUTE,
} from '../../layout.ts';
import { lpmLookup } from './route/lpm.ts';
import { countNode, dropTx } from './counters.ts';
import { sendToPod, sendOnWire } from './tx.ts';
import { ethEmit, ETH_HDR_LEN, ETHERTYPE_IPV4 } from './wire/ethernet.ts';
import { ipv4FlagsFrag, IPV4_DF } from './wire/ipv4.ts';
import { fragmentOutput } from './fragment.ts';
import { ipipEncapSend } from './tunnel/ipip.ts';

export function routeLookup(ctx: number, addr: number): number {
  const v = lpmLookup(MEM, U32[(ctx + NODE_LPM_BASE) >>> 2], addr);
  return v < U32[(ctx + NODE_NH_COUNT) >>> 2] ? v : NH_NONE;
}
export function nhPtr(ctx: number, nh: number): number {
  return U32[(ctx + NODE_NH_TABLE) >>> 2] + nh * NH_SIZE;
}
export function ifPtr(ctx: number, iface: number): number {
  return U32[(ctx + NODE_IF_TABLE) >>> 2] + iface * IF_SIZE;
}
export function nextIpId(ctx: number): number {
  const v = U32[(ctx + NODE_IP_ID_SEQ) >>> 2];
  U32[(ctx + NODE_IP_ID_SEQ) >>> 2] = v + 1;
  return v & 0xffff;
}
export function dropNode(ctx: number, reason: number): void {
  countNode(ctx, NC_DROP_BASE + reason);
}
export function nhIsUnicast(kind: number): boolean {
  return kind === NHK_CALI || kind === NHK_NEIGH || kind === NHK_ONLINK_TUNL0 || kind === NHK_CONNECTED;
}

export function ipOutput(ctx: number, ip: number, len: number, nh: number, meta: number): void {
  const n = nhPtr(ctx, nh);
  if (nhIsUnicast(U8[n + NH_KIND])) {
    const oif = U16[(n + NH_OIF) >>> 1];
    const mtu = U32[(ifPtr(ctx, oif) + IF_MTU) >>> 2];
    if (len > mtu) {
      if (ipv4FlagsFrag(ip) & IPV4_DF) dropTx(ctx, oif, DROP_FRAG_NEEDED);
      else fragmentOutput(ctx, ip, len, nh, mtu, meta);
      return;
    }
  }
  ipTransmit(ctx, ip, len, nh, meta);
}

export function ipTransmit(ctx: number, ip: number, len: number, nh: number, meta: number): void {
  const n = nhPtr(ctx, nh);
  const kind = U8[n + NH_KIND];
  if (kind === NHK_CALI) {
    const oif = U16[(n + NH_OIF) >>> 1];
    const frame = ip - ETH_HDR_LEN;
    ethEmit(frame, n + NH_DST_MAC, ifPtr(ctx, oif) + IF_MAC, ETHERTYPE_IPV4);
    sendToPod(ctx, oif, frame, len + ETH_HDR_LEN, meta);
  } else if (kind === NHK_NEIGH) {
    const frame = ip - ETH_HDR_LEN;
    ethEmit(frame, n + NH_DST_MAC, ifPtr(ctx, IF_UPLINK) + IF_MAC, ETHERTYPE_IPV4);
    sendOnWire(ctx, frame, len + ETH_HDR_LEN, U32[(n + NH_DST_NODE) >>> 2], meta);
  } else if (kind === NHK_ONLINK_TUNL0) {
    ipipEncapSend(ctx, ip, len, n, meta);
  } else if (kind === NHK_CONNECTED) {
    dropTx(ctx, U16[(n + NH_OIF) >>> 1], DROP_NEIGH_MISS);
  } else if (kind === NHK_LOCAL) {
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
