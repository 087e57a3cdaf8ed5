// Twin of assembly/output.ts: IP output against the egress MTU (ip_finish_output), for the
// packets the node makes (new skbs: no META_CONFIRM).
import type { Heap } from './heap.ts';
import * as L from '../../layout.ts';
import type { ContextFns } from './context.ts';
import type { CountersFns } from './counters.ts';
import * as IPV4 from './wire/ipv4.ts';
import { type Ipv4Fns } from './wire/ipv4.ts';
import type { FragmentFns } from './fragment.ts';
import type { NexthopFns } from './nexthop.ts';

export function outputFns(h: Heap, d: {
  context: ContextFns; counters: CountersFns; ipv4: Ipv4Fns; fragment: FragmentFns; nexthop: NexthopFns;
}) {
  const { NH_KIND, NH_OIF, IF_MTU, DROP_FRAG_NEEDED, META_CONFIRM } = L;
  const { IPV4_DF } = IPV4;
  const { U8, U16, U32 } = h;
  const { nhPtr, ifPtr, nhIsUnicast } = d.context;
  const { dropTx } = d.counters;
  const { ipv4FlagsFrag } = d.ipv4;
  const { fragmentOutput } = d.fragment;
  const { ipTransmit } = d.nexthop;

  function ipOutput(ctx: number, ip: number, len: number, nh: number, meta: number): void {
    meta &= ~META_CONFIRM;
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
  return { ipOutput };
}
export type OutputFns = ReturnType<typeof outputFns>;
