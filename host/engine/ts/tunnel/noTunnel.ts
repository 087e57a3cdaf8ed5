// Twin of assembly/tunnel/noTunnel.ts (the kernel's choices are explained there).
import type { Heap } from '../heap.ts';
import * as L from '../../../layout.ts';
import * as IPV4 from '../wire/ipv4.ts';
import { type Ipv4Fns } from '../wire/ipv4.ts';
import * as ICMP from '../wire/icmp.ts';
import type { CountersFns } from '../counters.ts';
import type { ContextFns } from '../context.ts';
import type { IcmpErrorFns } from '../icmpError.ts';

const ICMP_PROT_UNREACH = 2;
const ICMP_PORT_UNREACH = 3;
/** This file's numbers as the factory's consts (see ipip.ts). */
const NUMBERS = { ICMP_PROT_UNREACH, ICMP_PORT_UNREACH };

export function noTunnelFns(h: Heap, d: { ipv4: Ipv4Fns; counters: CountersFns; context: ContextFns; icmpError: IcmpErrorFns }) {
  const { ICMP_PROT_UNREACH, ICMP_PORT_UNREACH } = NUMBERS;
  const { IF_TUNL0, IF_FLAGS, IFF_UP, IFF_PRESENT, DROP_IPIP_NO_TUNNEL, DROP_IPIP_INNER_MALFORMED } = L;
  const { IPV4_HDR_LEN } = IPV4;
  const { ICMP_DEST_UNREACH } = ICMP;
  const { U32 } = h;
  const { ipv4HeaderLen, ipv4Dst } = d.ipv4;
  const { dropRx } = d.counters;
  const { ifPtr } = d.context;
  const { icmpSendErrorFrom } = d.icmpError;

  function ipipTunnelUp(ctx: number): boolean {
    return (U32[(ifPtr(ctx, IF_TUNL0) + IF_FLAGS) >>> 2] & IFF_UP) !== 0;
  }

  function ipipNoTunnel(ctx: number, inIf: number, ip: number, tl: number, meta: number, l2bcast: boolean, opts: number): void {
    if ((U32[(ifPtr(ctx, IF_TUNL0) + IF_FLAGS) >>> 2] & IFF_PRESENT) !== 0) {
      if (tl - ipv4HeaderLen(ip) < IPV4_HDR_LEN) {
        dropRx(ctx, inIf, DROP_IPIP_INNER_MALFORMED);
        return;
      }
      icmpSendErrorFrom(ctx, ip, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, meta, l2bcast, ipv4Dst(ip), opts);
    } else {
      icmpSendErrorFrom(ctx, ip, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0, meta, l2bcast, ipv4Dst(ip), opts);
    }
    dropRx(ctx, inIf, DROP_IPIP_NO_TUNNEL);
  }

  return { ipipTunnelUp, ipipNoTunnel };
}

export type NoTunnelFns = ReturnType<typeof noTunnelFns>;
