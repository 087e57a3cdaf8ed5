import { CACHE_LINE } from './global';

// ─── ring (SPSC) ─────────────────────────────────────────────────────────────────────────
//   ring ─► ┌──────────────────────── line 0: written once by the builder ───────────────┐
//           │ slotCount u32 @0 │ mask u32 @4 │ slots ptr @8 │ ringId @12 │ kind @16      │
//           │ slotSize @20 (bytes per slot: the dataplane's one value, see slotSizeFor)   │
//           ├──────────────────────── line 1: PRODUCER writes, consumer polls ───────────┤
//           │ head @64 (published, atomic store once per burst)                          │
//           ├──────────────────────── line 2: PRODUCER only, private ────────────────────┤
//           │ headShadow @128 │ tailCache @132 (tail as last loaded) │ touched @136 (on a │
//           │ node flush list)                                                           │
//           ├──────────────────────── line 3: CONSUMER only ─────────────────────────────┤
//           │ tail @192 (published, atomic store once per burst)                         │
//           └────────────────────────────────────────────────────────────────────────────┘
//   headShadow is written per frame, and the consumer (another core, for a wire ring between
//   workers) loads head whenever it looks for work: on one line, each of those loads took the
//   line away from the producer in the middle of its burst, and its next per-frame store waited
//   for the line to come back. Apart, the consumer's polls touch a line written once a burst.
//   slots ─► slot[i & mask], slotSize bytes each:
//           ┌─────────┬─────────┬──────────┬─────────┬──────────── headroom ─┬────────────┐
//           │ len u32 │ off u32 │ meta u32 │ spare   │ ≥ 20 B free so encap  │ frame …    │
//           │ 0       │ 4       │ 8        │ 12      │ moves `off` back 20 B │ @ off      │
//           └─────────┴─────────┴──────────┴─────────┴───────────────────────┴────────────┘
//   head and tail are free-running u32 indices: used = head - tail (mod 2^32) ≤ slotCount.
//   A producer pushing into a full ring drops (counted), never overwrites, never spins.
//   Push always stores the frame at off = SLOT_HEADROOM; `meta`'s low 31 bits are an opaque
//   value the producer chooses (a generator's sequence or timestamp), carried to the output
//   slot. Its top bit, META_CONFIRM, is the skb's dst_pending_confirm: a pod's TCP segment sent
//   after an ACK that made forward progress (tcp_ack → sk_dst_confirm). skb_scrub_packet on the
//   veth leaves it set, so the host's ip_finish_output2 confirms its own next hop with it
//   (sock_confirm_neigh), the outer packet's too after iptunnel_xmit; a frame the node puts in a
//   ring never carries it (the next host's skb is a new one), nor does a packet the node makes.
//
//   The slot size is a property of the dataplane, like the element size of a DPDK mempool
//   (rte_pktmbuf_pool_create's data_room_size): the builder picks it from the largest MTU of
//   any interface (slotSizeFor) and writes it into every ring header and every node context
//   (whose two scratch slots have the same size). It is never below SLOT_SIZE_MIN, so every
//   cluster up to MTU 1966 keeps 2048-byte slots; a 9000-MTU cluster gets 9088-byte slots.
//   Whoever computes a slot address reads the size from the ring header (the same cache line
//   as mask and slots ptr), so no code path bakes a size in.

// @ts-ignore: decorator
@inline export const RING_SLOT_COUNT: u32 = 0;
// @ts-ignore: decorator
@inline export const RING_MASK: u32 = 4;
// @ts-ignore: decorator
@inline export const RING_SLOTS: u32 = 8;
// @ts-ignore: decorator
@inline export const RING_ID: u32 = 12;
// @ts-ignore: decorator
@inline export const RING_KIND: u32 = 16;
// @ts-ignore: decorator
@inline export const RING_SLOT_SIZE: u32 = 20;
// @ts-ignore: decorator
@inline export const RING_HEAD: u32 = CACHE_LINE; // the published head, alone on its line
// @ts-ignore: decorator
@inline export const RING_HEAD_SHADOW: u32 = 2 * CACHE_LINE; // producer's private line
// @ts-ignore: decorator
@inline export const RING_TAIL_CACHE: u32 = RING_HEAD_SHADOW + 4;
// @ts-ignore: decorator
@inline export const RING_TOUCHED: u32 = RING_HEAD_SHADOW + 8;
// @ts-ignore: decorator
@inline export const RING_TAIL: u32 = 3 * CACHE_LINE; // consumer line
// @ts-ignore: decorator
@inline export const RING_HDR_SIZE: u32 = 4 * CACHE_LINE;

// ring kinds (diagnostics only: the data path never branches on them)
// @ts-ignore: decorator
@inline export const RING_KIND_POD_RX: u32 = 1; // pod → host (cali rx)
// @ts-ignore: decorator
@inline export const RING_KIND_POD_TX: u32 = 2; // host → pod (cali tx)
// @ts-ignore: decorator
@inline export const RING_KIND_INBOX: u32 = 3; // wire → node (ens160 rx), one per producing worker
// @ts-ignore: decorator
@inline export const RING_KIND_EXTERNAL: u32 = 4; // outside world → node (ens160 rx), host-fed
// @ts-ignore: decorator
@inline export const RING_KIND_UPLINK_TX: u32 = 5; // node → wire beyond the dataplane (ens160 tx), host-drained

// @ts-ignore: decorator
@inline export const SLOT_SIZE_MIN: u32 = 2048; // every cluster with MTU ≤ 1966
// @ts-ignore: decorator
@inline export const SLOT_SIZE_MAX: u32 = 65536; // the builder's bound (MTU 9216 needs 9344)
// @ts-ignore: decorator
@inline export const SLOT_LEN: u32 = 0;
// @ts-ignore: decorator
@inline export const SLOT_OFF: u32 = 4;
// @ts-ignore: decorator
@inline export const SLOT_META: u32 = 8;
// @ts-ignore: decorator
@inline export const META_CONFIRM: u32 = 0x80000000;
// @ts-ignore: decorator
@inline export const SLOT_HDR_SIZE: u32 = 16;
// @ts-ignore: decorator
@inline export const SLOT_HEADROOM: u32 = 64; // 16 B header + 48 B free ≥ one 20 B outer header
// @ts-ignore: decorator
@inline export const SLOT_FRAME_SLACK: u32 = 18; // a receiver accepts mtu + 14 + 4 (ETH_MTU_SLACK: is_skb_forwardable)

/** Bytes per slot for a dataplane whose largest interface MTU is `mtu`: the headroom, the
 *  largest frame any interface accepts (mtu + SLOT_FRAME_SLACK), rounded up to a cache line,
 *  and at least SLOT_SIZE_MIN. The largest frame a slot of `size` bytes holds is
 *  size − SLOT_HEADROOM (slotMaxFrame). */
// @ts-ignore: decorator
@inline export function slotSizeFor(mtu: u32): u32 {
  const need = (SLOT_HEADROOM + mtu + SLOT_FRAME_SLACK + CACHE_LINE - 1) & ~(CACHE_LINE - 1);
  return need > SLOT_SIZE_MIN ? need : SLOT_SIZE_MIN;
}

/** The largest frame a slot of `size` bytes carries at SLOT_HEADROOM. */
// @ts-ignore: decorator
@inline export function slotMaxFrame(size: u32): u32 {
  return size - SLOT_HEADROOM;
}
