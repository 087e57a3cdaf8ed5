// Twin of assembly/output.ts: IP output against the egress MTU (ip_finish_output).
import { U8, U16, U32 } from './heap.ts';
import { NH_KIND, NH_OIF, IF_MTU, DROP_FRAG_NEEDED } from '../../layout.ts';
import { nhPtr, ifPtr, nhIsUnicast } from './context.ts';
import { dropTx } from './counters.ts';
import { ipv4FlagsFrag, IPV4_DF } from './wire/ipv4.ts';
import { fragmentOutput } from './fragment.ts';
import { ipTransmit } from './nexthop.ts';

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
