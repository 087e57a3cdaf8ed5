// ─── IPv4 reassembly area of a node (NODE_REASM → RA_*) ─────────────────────────────────
// What ip_defrag keeps per netns (net/ipv4/ip_fragment.c, net/ipv4/inet_fragment.c), bounded:
// a fixed pool of queues planned once (host/dataplane/plan.ts `reasmQueues`), each with its
// own buffer big enough for any datagram IPv4 can carry, so a completed datagram is worked on
// in place (local delivery, decapsulation, the echo reply) without a second copy:
//
//   ┌──────────────┬──────────────────────────────┬──────────────────────────────────────┐
//   │ header RA_*  │ RQ_SIZE × count queue records │ count × REASM_BUF_SIZE buffers       │
//   │ 64           │                              │                                      │
//   └──────────────┴──────────────────────────────┴──────────────────────────────────────┘
//   header: ┌──────────┬──────────┬──────────┬───────────────┐
//           │ count 0  │ queues 4 │ bufs 8   │ spare to 64   │
//           └──────────┴──────────┴──────────┴───────────────┘
//
// A queue record (RQ_SIZE), keyed as ip_find keys it (saddr, daddr, id, protocol; user is
// always IP_DEFRAG_LOCAL_DELIVER and vif 0 here):
//   ┌─────────┬─────────┬───────┬──────────┬──────────┬─────────┬─────────┬───────────┐
//   │ saddr 0 │ daddr 4 │ id 8  │ proto 10 │ flags 11 │ len 12  │ meat 16 │ expires 20│
//   ├─────────┼─────────┴───┬───┴──────────┼──────────┴─┬───────┴─┬───────┴───────────┤
//   │ iif 24  │ maxSize 28  │ maxDfSize 30 │ ecn 32     │ headHl  │ headBcast 34,     │
//   │         │ u16         │ u16          │ u8         │ 33 u8   │ runCount 35 u8    │
//   ├─────────┼─────────────┼──────────────┼────────────┼─────────┴───────────────────┤
//   │ headMeta│ tailOff 40  │ tailLen 44   │ lastRun 48 │ headQuote 52 │ headOpts 56  │
//   │ 36      │             │              │            │              │              │
//   ├─────────┴─────────────┴──────────────┴────────────┴──────────────┴──────────────┤
//   │ frags 60: fragments held │ doneRx 64 (f64): the frame that completed it │ buf 72  │
//   ├──────────────────────────────────────────────────────────────────────────────────┤
//   │ runs 128..: RQ_RUNS_MAX × {offset u32, runLen u32}: the rb-tree's nodes          │
//   └──────────────────────────────────────────────────────────────────────────────────┘
//   flags: RQF_LAST_IN, RQF_FIRST_IN (INET_FRAG_*), RQF_LIVE (in use), RQF_DONE (completed;
//   its buffer holds the datagram until the next frame is taken: a datagram decapsulated
//   from it may itself complete another queue, which must not reuse this buffer).
//   expires: ms on the node clock (NODE_NOW_MS): created + ipfrag_time, never moved.
//   iif: the interface of the last fragment queued (qp->iif); ip_expire routes the head again
//   as received there. head*: the offset-0 fragment as received (its IHL, PACKET_HOST or not,
//   meta, the octets its quote may take: header + payload as queued, and its compiled
//   options, IPCB(head)->opt).
//   tailOff/tailLen: fragments_tail (the fragment that ends last); lastRun: the run it is in.
//   runs: inet_frag_queue_insert's runs of adjacent fragments; a fragment wholly inside one
//   is a duplicate, any other overlap kills the queue. The kernel's rb-tree is unbounded (its
//   memory is, ipfrag_high_thresh); here a queue holds RQ_RUNS_MAX runs, and a fragment that
//   would need another is a counted drop (DROP_REASM_RUNS).
//
// A buffer (REASM_BUF_SIZE): headroom for the Ethernet and an outer IPv4 header of whatever
// leaves from it (SLOT_HEADROOM), the head's header ending at REASM_DATA, the payload from
// REASM_DATA at its offset. 65515 payload octets: a datagram with more is over 65535 with any
// header (ip_frag_reasm's oversize check), so octets past that are never stored.
//   ┌──────────────┬───────────────────────┬─────────────────────────────────────────────┐
//   │ headroom 64  │ header (≤ 60) ◄─ 124  │ payload 0 .. 65515                           │
//   └──────────────┴───────────────────────┴─────────────────────────────────────────────┘

// @ts-ignore: decorator
@inline export const RA_COUNT: u32 = 0;
// @ts-ignore: decorator
@inline export const RA_QUEUES: u32 = 4;
// @ts-ignore: decorator
@inline export const RA_BUFS: u32 = 8;
// @ts-ignore: decorator
@inline export const RA_HDR_SIZE: u32 = 64;

// @ts-ignore: decorator
@inline export const RQ_SADDR: u32 = 0;
// @ts-ignore: decorator
@inline export const RQ_DADDR: u32 = 4;
// @ts-ignore: decorator
@inline export const RQ_ID: u32 = 8; // u16, as on the wire (network order value)
// @ts-ignore: decorator
@inline export const RQ_PROTO: u32 = 10; // u8
// @ts-ignore: decorator
@inline export const RQ_FLAGS: u32 = 11; // u8, RQF_*
// @ts-ignore: decorator
@inline export const RQ_LEN: u32 = 12; // q.len: the payload's length as known so far
// @ts-ignore: decorator
@inline export const RQ_MEAT: u32 = 16; // payload octets queued
// @ts-ignore: decorator
@inline export const RQ_EXPIRES: u32 = 20; // ms
// @ts-ignore: decorator
@inline export const RQ_IIF: u32 = 24;
// @ts-ignore: decorator
@inline export const RQ_MAX_SIZE: u32 = 28; // u16: the largest fragment (header + payload queued)
// @ts-ignore: decorator
@inline export const RQ_MAX_DF_SIZE: u32 = 30; // u16: the largest with DF set
// @ts-ignore: decorator
@inline export const RQ_ECN: u32 = 32; // u8: 1 << ECN codepoint of each fragment (ip4_frag_ecn)
// @ts-ignore: decorator
@inline export const RQ_HEAD_HL: u32 = 33; // u8
// @ts-ignore: decorator
@inline export const RQ_HEAD_BCAST: u32 = 34; // u8: the head came as a link-layer broadcast
// @ts-ignore: decorator
@inline export const RQ_RUN_COUNT: u32 = 35; // u8
// @ts-ignore: decorator
@inline export const RQ_HEAD_META: u32 = 36;
// @ts-ignore: decorator
@inline export const RQ_TAIL_OFF: u32 = 40;
// @ts-ignore: decorator
@inline export const RQ_TAIL_LEN: u32 = 44;
// @ts-ignore: decorator
@inline export const RQ_LAST_RUN: u32 = 48;
// @ts-ignore: decorator
@inline export const RQ_HEAD_QUOTE: u32 = 52; // header + payload of the head as queued
// @ts-ignore: decorator
@inline export const RQ_HEAD_OPTS: u32 = 56; // ipOptionsRcv's result for the head (0: none)
// @ts-ignore: decorator
@inline export const RQ_FRAGS: u32 = 60; // fragments held
// @ts-ignore: decorator
@inline export const RQ_DONE_RX: u32 = 64; // f64: the node's NC_RX when it completed
// @ts-ignore: decorator
@inline export const RQ_BUF: u32 = 72; // its buffer (written by the builder)
// @ts-ignore: decorator
@inline export const RQ_RUNS: u32 = 128;
// @ts-ignore: decorator
@inline export const RQ_RUN_SIZE: u32 = 8; // {offset u32, runLen u32}
// @ts-ignore: decorator
@inline export const RQ_RUNS_MAX: u32 = 48;
// @ts-ignore: decorator
@inline export const RQ_SIZE: u32 = RQ_RUNS + RQ_RUNS_MAX * RQ_RUN_SIZE; // 512

// @ts-ignore: decorator
@inline export const RQF_LAST_IN: u32 = 1; // INET_FRAG_LAST_IN
// @ts-ignore: decorator
@inline export const RQF_FIRST_IN: u32 = 2; // INET_FRAG_FIRST_IN
// @ts-ignore: decorator
@inline export const RQF_LIVE: u32 = 4;
// @ts-ignore: decorator
@inline export const RQF_DONE: u32 = 8;

// @ts-ignore: decorator
@inline export const REASM_DATA: u32 = 124; // SLOT_HEADROOM + IPV4_MAX_HDR_LEN
// @ts-ignore: decorator
@inline export const REASM_DATA_MAX: u32 = 65515; // 65535 − the shortest header
// @ts-ignore: decorator
@inline export const REASM_BUF_SIZE: u32 = 65664; // REASM_DATA + REASM_DATA_MAX, to a cache line
// @ts-ignore: decorator
@inline export const REASM_MAX_LEN: u32 = 65535; // ip_frag_reasm: a longer datagram is dropped
// @ts-ignore: decorator
@inline export const IPFRAG_TIME_MS: u32 = 30000; // net.ipv4.ipfrag_time (30 s)
// @ts-ignore: decorator
@inline export const REASM_QUEUES_MAX: u32 = 1024;
