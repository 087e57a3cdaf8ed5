// IP output (ip_finish_output): a routed IPv4 packet (header at `ip`, `len` octets, at least
// 34 octets of headroom in front of it) against its egress MTU. A packet that fits goes to
// its next hop (nexthop.ts); a DF=0 packet that does not is fragmented (fragment.ts, as
// ip_fragment); a DF packet that does not is dropped (only a locally created one gets here:
// forward.ts refused forwarded DF packets with ICMP 3/4). Its callers are the packets the node
// makes (ICMP errors, answers: ip_local_out), new skbs, so `meta` loses META_CONFIRM here.

import { NH_KIND, NH_OIF, IF_MTU, DROP_FRAG_NEEDED, META_CONFIRM } from './layout';
import { nhPtr, ifPtr, nhIsUnicast } from './context';
import { dropTx } from './counters';
import { ipv4FlagsFrag, IPV4_DF } from './wire/ipv4';
import { fragmentOutput } from './fragment';
import { ipTransmit } from './nexthop';

// @ts-ignore: decorator
@inline export function ipOutput<C>(ctx: usize, ip: usize, len: u32, nh: u32, meta: u32): void {
  meta &= ~META_CONFIRM;
  const n = nhPtr(ctx, nh);
  if (nhIsUnicast(load<u8>(n, NH_KIND))) {
    const oif = load<u16>(n, NH_OIF);
    const mtu = load<u32>(ifPtr(ctx, oif), IF_MTU);
    if (len > mtu) {
      if (ipv4FlagsFrag(ip) & IPV4_DF) dropTx(ctx, oif, DROP_FRAG_NEEDED);
      else fragmentOutput(ctx, ip, len, nh, mtu, meta);
      return;
    }
  }
  ipTransmit<C>(ctx, ip, len, nh, meta);
}
