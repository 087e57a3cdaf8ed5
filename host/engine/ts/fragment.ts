// Twin of assembly/fragment.ts: ip_do_fragment's slow path for DF=0 packets over the MTU,
// each fragment built in the scratch slot (at most fragMax(ctx) octets: see the AS twin).
import type { Heap, HeapFns } from './heap.ts';
import * as L from '../../layout.ts';
import * as IPV4 from './wire/ipv4.ts';
import { type Ipv4Fns } from './wire/ipv4.ts';
import * as ETHERNET from './wire/ethernet.ts';
import type { CountersFns } from './counters.ts';
import type { ContextFns } from './context.ts';
import type { NexthopFns } from './nexthop.ts';

export function fragmentFns(h: Heap, d: {
  heap: HeapFns; ipv4: Ipv4Fns; counters: CountersFns; context: ContextFns; nexthop: NexthopFns;
}) {
  const {
    NODE_SCRATCH1, NODE_SLOT_SIZE, SLOT_HEADROOM, NC_CREATED_FRAG, NC_FRAGMENTED, DROP_FRAG_OPTIONS,
    DROP_TOO_BIG_FOR_SLOT, NH_OIF,
  } = L;
  const { IPV4_HDR_LEN, IPV4_MF, IPV4_FRAG_OFFSET } = IPV4;
  const { ETH_HDR_LEN } = ETHERNET;
  const { U16, U32 } = h;
  const { memoryCopy } = d.heap;
  const { ipv4HeaderLen, ipv4FlagsFrag, ipv4SetTotalLen, ipv4SetFlagsFrag, ipv4FillChecksum } = d.ipv4;
  const { countNode, dropTx } = d.counters;
  const { nhPtr } = d.context;
  const { ipTransmit } = d.nexthop;

  function fragMax(ctx: number): number {
    return U32[(ctx + NODE_SLOT_SIZE) >>> 2] - SLOT_HEADROOM - ETH_HDR_LEN;
  }

  function fragmentOutput(ctx: number, ip: number, len: number, nh: number, mtu: number, meta: number): void {
    const hl = ipv4HeaderLen(ip);
    if (hl !== IPV4_HDR_LEN || mtu < IPV4_HDR_LEN + 8) {
      dropTx(ctx, U16[(nhPtr(ctx, nh) + NH_OIF) >>> 1], DROP_FRAG_OPTIONS);
      return;
    }
    const ff = ipv4FlagsFrag(ip);
    const moreAfter = ff & IPV4_MF;
    let offset = (ff & IPV4_FRAG_OFFSET) << 3;
    let left = len - hl;
    let from = ip + hl;
    const room = mtu - hl;
    if (hl + (left > room ? room & ~7 : left) > fragMax(ctx)) {
      dropTx(ctx, U16[(nhPtr(ctx, nh) + NH_OIF) >>> 1], DROP_TOO_BIG_FOR_SLOT);
      return;
    }
    const out = U32[(ctx + NODE_SCRATCH1) >>> 2] + SLOT_HEADROOM + ETH_HDR_LEN;
    countNode(ctx, NC_FRAGMENTED);
    let first = true;
    while (left > 0) {
      const n = left > room ? room & ~7 : left;
      memoryCopy(out, ip, hl);
      memoryCopy(out + hl, from, n);
      left -= n;
      ipv4SetTotalLen(out, hl + n);
      ipv4SetFlagsFrag(out, (offset >>> 3) | (left > 0 || moreAfter !== 0 ? IPV4_MF : 0));
      ipv4FillChecksum(out);
      if (!first) countNode(ctx, NC_CREATED_FRAG);
      first = false;
      ipTransmit(ctx, out, hl + n, nh, meta & ~L.META_CONFIRM); // new skbs (ip_copy_metadata leaves the flag)
      from += n;
      offset += n;
    }
  }
  return { fragMax, fragmentOutput };
}
export type FragmentFns = ReturnType<typeof fragmentFns>;
