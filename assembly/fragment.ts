// IPv4 fragmentation of a DF=0 packet over the egress MTU, as ip_do_fragment's slow path
// cuts it: every fragment but the last carries (mtu − hlen) & ~7 octets of payload, keeps
// the ID, TTL and TOS, has MF set unless it is the last piece of the original, and the
// offset of the original added. Linux fragments forwarded DF=0 packets that do not fit
// tunl0 (ip_forward, then ip_fragment in ip_finish_output); an inner packet over 1480 can only come from ens160 (or a pod frame
// the veth accepted up to mtu + 18), so in practice there are two fragments.
// Fragments are built one after another in the node's fragment scratch slot, so each one
// goes through ipTransmit (and, on tunl0, gets its own outer header and outer ID).
// Headers with options are not fragmented (Linux would copy only the copied-flag options
// into later fragments): counted as DROP_FRAG_OPTIONS, out of scope.
//
//   scratch1 ─► ┌──────────────┬─────────┬───────────────────────────────┐ NODE_SLOT_SIZE
//               │ SLOT_HEADROOM│ Ethernet│ fragment: at most fragMax      │ (then the LPM)
//               └──────────────┴─────────┴───────────────────────────────┘
// A fragment is built at SLOT_HEADROOM + 14, so it holds at most fragMax = slot size − 78
// octets (1970 in 2048-byte slots, 9010 in the 9088-byte slots of a 9000-MTU cluster). The
// builder sizes slots from the largest MTU (slotSizeFor), so every egress MTU fits; should one
// not (a hand-written memory image), the first fragment would be longer than the slot and no
// ring slot could carry it either, so the packet is counted as DROP_TOO_BIG_FOR_SLOT on the
// egress interface, as a push of such a frame is, before anything is written.

import {
  NODE_SCRATCH1, NODE_SLOT_SIZE, SLOT_HEADROOM, NC_CREATED_FRAG, NC_FRAGMENTED, DROP_FRAG_OPTIONS,
  DROP_TOO_BIG_FOR_SLOT, NH_OIF, META_CONFIRM,
} from './layout';
import {
  ipv4HeaderLen, ipv4FlagsFrag, ipv4SetTotalLen, ipv4SetFlagsFrag, ipv4FillChecksum,
  IPV4_HDR_LEN, IPV4_MF, IPV4_FRAG_OFFSET,
} from './wire/ipv4';
import { ETH_HDR_LEN } from './wire/ethernet';
import { countNode, dropTx, CaptureOn } from './counters';
import { nhPtr } from './context';
import { ipTransmit } from './nexthop';

/** The longest fragment (IP header included) the node's fragment scratch slot holds. */
// @ts-ignore: decorator
@inline export function fragMax(ctx: usize): u32 {
  return load<u32>(ctx, NODE_SLOT_SIZE) - SLOT_HEADROOM - ETH_HDR_LEN;
}

export function fragmentOutput(ctx: usize, ip: usize, len: u32, nh: u32, mtu: u32, meta: u32): void {
  const hl = ipv4HeaderLen(ip);
  if (hl != IPV4_HDR_LEN || mtu < IPV4_HDR_LEN + 8) {
    dropTx(ctx, load<u16>(nhPtr(ctx, nh), NH_OIF), DROP_FRAG_OPTIONS);
    return;
  }
  const ff = ipv4FlagsFrag(ip);
  const moreAfter = ff & IPV4_MF;
  let offset = (ff & IPV4_FRAG_OFFSET) << 3;
  let left = len - hl;
  let from = ip + hl;
  const room = mtu - hl;
  if (hl + (left > room ? room & ~7 : left) > fragMax(ctx)) { // the first fragment is the largest
    dropTx(ctx, load<u16>(nhPtr(ctx, nh), NH_OIF), DROP_TOO_BIG_FOR_SLOT);
    return;
  }
  const out = <usize>load<u32>(ctx, NODE_SCRATCH1) + SLOT_HEADROOM + ETH_HDR_LEN;
  countNode(ctx, NC_FRAGMENTED);
  let first = true;
  while (left > 0) {
    const n = left > room ? room & ~7 : left;
    memory.copy(out, ip, hl);
    memory.copy(out + hl, from, n);
    left -= n;
    ipv4SetTotalLen(out, hl + n);
    ipv4SetFlagsFrag(out, (offset >>> 3) | (left > 0 || moreAfter != 0 ? IPV4_MF : 0));
    ipv4FillChecksum(out);
    if (!first) countNode(ctx, NC_CREATED_FRAG);
    first = false;
    ipTransmit<CaptureOn>(ctx, out, hl + n, nh, meta & ~META_CONFIRM); // new skbs (ip_copy_metadata leaves the flag)
    from += n;
    offset += n;
  }
}
