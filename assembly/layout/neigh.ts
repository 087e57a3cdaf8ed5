// ─── neighbour (ARP) table of one interface: header (NT_SIZE) ───────────────────────────
// net/core/neighbour.c keeps one table per protocol with entries keyed by (address, device);
// the simulator keeps one bounded table per (node, interface) that resolves with ARP (the
// uplink today; every Ethernet interface of a router): the interface record's IF_NEIGH
// points here. Sizes are fixed by the builder, nothing grows at run time:
//
//   ┌────────────┬──────────┬───────────┬──────────────┬───────────┬────────────┬───────────┐
//   │ capacity 0 │ iface 4  │ buckets 8 │ bucketMask 12│ entries 16│ freeHead 20│ queue 24  │
//   ├────────────┼──────────┼───────────┼──────────────┼───────────┼────────────┼───────────┤
//   │ qSlots 28  │ qFree 32 │ reachable │ lastRand 40  │ rng 44    │ slotSize 48│ spare …   │
//   │            │          │ Time 36   │              │           │            │           │
//   ├────────────┴──────────┴───────────┴──────────────┴───────────┴────────────┴───────────┤
//   │ ARP frame 64..127: requests and probes are built here (arp_create), 42 octets        │
//   └────────────────────────────────────────────────────────────────────────────────────────┘
//   then u32 buckets[bucketMask + 1] (entry index, NE_NONE = empty), NE_SIZE × capacity
//   entries, qSlots queue slots of slotSize octets.
//   - buckets: chained hash of the neighbour's address (neigh_lookup); a chain is walked at
//     most `capacity` links, so a corrupt table cannot loop.
//   - freeHead: free entries chained through NE_NEXT. Entries [0, reserved) are the builder's:
//     one per known neighbour (peer node, gateway), in the hash from the start (state NONE
//     until first use) and never freed, because next hops name them by index (NH_LINK).
//   - queue: the packets waiting for resolution (arp_queue), one slot each, chained per entry
//     through their descriptor; qFree chains the free ones. The pool is shared by the table's
//     entries: that is the bound the kernel does not have (it caps each entry at
//     unres_qlen_bytes and the whole table at gc_thresh3 entries).
//   - reachableTime: neigh_rand_reach_time(base_reachable_time), drawn from `rng` (xorshift32,
//     seeded by the builder) and drawn again after 300 s (neigh_periodic_work).

// @ts-ignore: decorator
@inline export const NT_CAPACITY: u32 = 0;
// @ts-ignore: decorator
@inline export const NT_IFACE: u32 = 4;
// @ts-ignore: decorator
@inline export const NT_BUCKETS: u32 = 8;
// @ts-ignore: decorator
@inline export const NT_BUCKET_MASK: u32 = 12;
// @ts-ignore: decorator
@inline export const NT_ENTRIES: u32 = 16;
// @ts-ignore: decorator
@inline export const NT_FREE: u32 = 20;
// @ts-ignore: decorator
@inline export const NT_QUEUE: u32 = 24;
// @ts-ignore: decorator
@inline export const NT_QUEUE_SLOTS: u32 = 28;
// @ts-ignore: decorator
@inline export const NT_QUEUE_FREE: u32 = 32;
// @ts-ignore: decorator
@inline export const NT_REACHABLE_TIME: u32 = 36; // ms
// @ts-ignore: decorator
@inline export const NT_LAST_RAND: u32 = 40; // ms
// @ts-ignore: decorator
@inline export const NT_RNG: u32 = 44;
// @ts-ignore: decorator
@inline export const NT_SLOT_SIZE: u32 = 48;
// @ts-ignore: decorator
@inline export const NT_ARP_FRAME: u32 = 64;
// @ts-ignore: decorator
@inline export const NT_SIZE: u32 = 128;

// ─── neighbour entry (NE_SIZE) ──────────────────────────────────────────────────────────
//   ┌──────┬──────────────┬──────────┬──────────┬──────────┬────────┬─────────────┬────────┐
//   │ ip 0 │ MAC 4..9     │ state 10 │ probes 11│ dstNode12│ next 16│ confirmed 20│ used 24│
//   ├──────┴──┬───────────┼──────────┼──────────┼──────────┼────────┴──────┬──────┴────────┤
//   │updated28│ timer 32  │ qHead 36 │ qTail 40 │ qLen 44  │ owner 48      │ ownerMac 52..57│
//   ├─────────┴───────────┴──────────┴──────────┴──────────┴───────────────┴───────────────┤
//   │ flags 58 (NEF_*) │ spare to 64                                                         │
//   └──────────────────────────────────────────────────────────────────────────────────────┘
//   state: the kernel's NUD_* bits; confirmed, used, updated, timer: ms on the node's clock
//   (NODE_NOW_MS), compared modulo 2^32 as jiffies are (time_after).
//   owner/ownerMac: the node of this dataplane that has this address on its uplink (from the
//   builder), NODE_EXTERNAL otherwise; dstNode = owner while the entry's MAC is ownerMac,
//   else NODE_EXTERNAL: which inbox a frame to this MAC goes to (tx.ts sendOnWire).

// @ts-ignore: decorator
@inline export const NE_IP: u32 = 0;
// @ts-ignore: decorator
@inline export const NE_MAC: u32 = 4;
// @ts-ignore: decorator
@inline export const NE_STATE: u32 = 10; // u8
// @ts-ignore: decorator
@inline export const NE_PROBES: u32 = 11; // u8
// @ts-ignore: decorator
@inline export const NE_DST_NODE: u32 = 12;
// @ts-ignore: decorator
@inline export const NE_NEXT: u32 = 16;
// @ts-ignore: decorator
@inline export const NE_CONFIRMED: u32 = 20;
// @ts-ignore: decorator
@inline export const NE_USED: u32 = 24;
// @ts-ignore: decorator
@inline export const NE_UPDATED: u32 = 28;
// @ts-ignore: decorator
@inline export const NE_TIMER: u32 = 32;
// @ts-ignore: decorator
@inline export const NE_Q_HEAD: u32 = 36;
// @ts-ignore: decorator
@inline export const NE_Q_TAIL: u32 = 40;
// @ts-ignore: decorator
@inline export const NE_Q_LEN: u32 = 44;
// @ts-ignore: decorator
@inline export const NE_OWNER: u32 = 48;
// @ts-ignore: decorator
@inline export const NE_OWNER_MAC: u32 = 52;
// @ts-ignore: decorator
@inline export const NE_FLAGS: u32 = 58; // u8
// @ts-ignore: decorator
@inline export const NE_SIZE: u32 = 64;
// @ts-ignore: decorator
@inline export const NE_NONE: u32 = 0xffffffff;

// entry flags
// @ts-ignore: decorator
@inline export const NEF_IN_USE: u32 = 1; // in the hash (else on the free list)
// @ts-ignore: decorator
@inline export const NEF_RESERVED: u32 = 2; // the builder's: named by a next hop, never freed
// @ts-ignore: decorator
@inline export const NEF_TIMER: u32 = 4; // NE_TIMER is armed

// ─── queue slot (the table's slotSize) ──────────────────────────────────────────────────
//   ┌─────────┬────────┬─────────┬──────────────────┬───────────────────────────────────┐
//   │ next 0  │ len 4  │ meta 8  │ headroom to 64   │ IPv4 packet at SLOT_HEADROOM …    │
//   └─────────┴────────┴─────────┴──────────────────┴───────────────────────────────────┘
// @ts-ignore: decorator
@inline export const NQ_NEXT: u32 = 0;
// @ts-ignore: decorator
@inline export const NQ_LEN: u32 = 4;
// @ts-ignore: decorator
@inline export const NQ_META: u32 = 8;

// ─── NUD states (include/uapi/linux/neighbour.h) ───────────────────────────────────────
// @ts-ignore: decorator
@inline export const NUD_NONE: u32 = 0x00;
// @ts-ignore: decorator
@inline export const NUD_INCOMPLETE: u32 = 0x01;
// @ts-ignore: decorator
@inline export const NUD_REACHABLE: u32 = 0x02;
// @ts-ignore: decorator
@inline export const NUD_STALE: u32 = 0x04;
// @ts-ignore: decorator
@inline export const NUD_DELAY: u32 = 0x08;
// @ts-ignore: decorator
@inline export const NUD_PROBE: u32 = 0x10;
// @ts-ignore: decorator
@inline export const NUD_FAILED: u32 = 0x20;
// @ts-ignore: decorator
@inline export const NUD_NOARP: u32 = 0x40;
// @ts-ignore: decorator
@inline export const NUD_PERMANENT: u32 = 0x80;
// @ts-ignore: decorator
@inline export const NUD_IN_TIMER: u32 = NUD_INCOMPLETE | NUD_REACHABLE | NUD_DELAY | NUD_PROBE;
// @ts-ignore: decorator
@inline export const NUD_VALID: u32 = NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE | NUD_DELAY;
// @ts-ignore: decorator
@inline export const NUD_CONNECTED: u32 = NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE;

// ─── arp_tbl's parameters (net/ipv4/arp.c, net.ipv4.neigh.default.*), in ms ─────────────
// @ts-ignore: decorator
@inline export const NEIGH_BASE_REACHABLE_MS: u32 = 30000; // base_reachable_time
// @ts-ignore: decorator
@inline export const NEIGH_RETRANS_MS: u32 = 1000; // retrans_time
// @ts-ignore: decorator
@inline export const NEIGH_DELAY_PROBE_MS: u32 = 5000; // delay_first_probe_time
// @ts-ignore: decorator
@inline export const NEIGH_LOCKTIME_MS: u32 = 1000; // locktime
// @ts-ignore: decorator
@inline export const NEIGH_RERAND_MS: u32 = 300000; // neigh_periodic_work: reachable_time redrawn
// @ts-ignore: decorator
@inline export const NEIGH_MIN_TIMER_MS: u32 = 8; // HZ/100 at HZ=250 (Debian's kernels)
// @ts-ignore: decorator
@inline export const NEIGH_UCAST_PROBES: u32 = 3; // ucast_solicit
// @ts-ignore: decorator
@inline export const NEIGH_MCAST_PROBES: u32 = 3; // mcast_solicit
// @ts-ignore: decorator
@inline export const NEIGH_UNRES_QLEN: u32 = 101; // unres_qlen (packets; unres_qlen_bytes 212992)
