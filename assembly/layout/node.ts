import { CACHE_LINE } from './global';

// Node region: context, interface table, next-hop table, counters, scratch, LPM:
//
//   ┌──────────┬───────────────────┬──────────────────┬─────────────┬────────────────┬───────────┬───────┬─────┐
//   │ NODE_    │ IF_SIZE × ifCount │ NH_SIZE × nhCount│ node ctrs   │ iface ctrs     │ 2 scratch │ peers │ LPM │
//   │ CTX_SIZE │ 0 ens160, 1 tunl0,│ adjacencies      │ f64 × NC_   │ f64 × IC_COUNT │ slots     │ (PEER_│     │
//   │          │ 2.. cali (pods)   │                  │ COUNT       │ × ifCount      │ + flush   │  *)   │     │
//   └──────────┴───────────────────┴──────────────────┴─────────────┴────────────────┴───────────┴───────┴─────┘


// ─── node context (NODE_CTX_SIZE, 64-aligned) ───────────────────────────────────────────
//   ┌──────┬────────┬────────┬─────────┬─────────┬─────────┬─────────┬──────────┬─────────┐
//   │ id 0 │ worker │ nodeIp │ tunl0Ip │ ifTable │ ifCount │ lpmBase │ nhTable  │ nhCount │
//   │      │ 4      │ 8      │ 12      │ 16      │ 20      │ 24      │ 28       │ 32      │
//   ├──────┴──┬─────┴────┬───┴───────┬─┴───────┬─┴─────────┴──┬──────┴───────┬──┴─────────┤
//   │counters │ ifCtrs   │ ipIdSeq   │ flags   │ flushCount   │ flushList    │ inboxTable │
//   │ 36      │ 40       │ 44        │ 48      │ 52           │ 56           │ 60         │
//   ├─────────┼──────────┼───────────┼─────────┴──────────────┴──────────────┴────────────┤
//   │inboxCnt │ scratch0 │ scratch1  │ slotSize │ 80..107: the clock │ timerAt │ timerArmed │
//   │ 64      │ 68       │ 72        │ 76       │ and IPVS (ipvs.ts) │ 108     │ 112        │
//   ├─────────┼──────────┼───────────┼──────────┴────────────────────┴─────────┴────────────┤
//   │ownRoutes│ peers    │ dayMs     │ spare to 128                                         │
//   │ 116     │ 120      │ 124       │                                                      │
//   ├─────────┬──────────┴───────────┴──────────────────────────────────────────────────────┤
//   │ lpmGen  │ reasm    │ ipvsXmit │ ipvsOpts │ 144..191 spare                             │
//   │ 128     │ 132      │ 136      │ 140      │                                            │
//   ├─────────┴─────────────────────────────────────────────────────────────────────────────┤
//   │ lookup cache 192..255: 8 × {addr u32, nh + 1 u32} (context.ts routeLookup)            │
//   ├───────────────────────────────────────────────────────────────────────────────────────┤
//   │ flow cache 256..1279: 8 sets × 2 ways × 64: the route input's answer and the flow's    │
//   │ output (context.ts flowCacheSet, flowOutput.ts, forward.ts ipv4Input)                 │
//   └───────────────────────────────────────────────────────────────────────────────────────┘
//   ipIdSeq: the node's own IP ID sequence (outer IPIP headers, ICMP errors, echo replies);
//   Linux hashes a per-destination counter with a boot-random key, which no simulator can
//   reproduce, so we use one deterministic counter per node (the builder may seed it).
//   flushList: u32[FLUSH_MAX] producer rings touched in the current step (published at the
//   end of the step, or early when the list is full: early publishing is always correct).
//   slotSize: bytes of each scratch slot, the dataplane's ring slot size (layout/ring.ts).
//   timerAt/timerArmed: the earliest neighbour timer of the node, in ms on its clock
//   (NODE_NOW_MS, layout/ipvs.ts: the host writes it before each step; the core never reads a
//   clock). A lower bound: a timer disarmed since leaves it early, and the step at that time
//   finds nothing due. The host steps the node again then (layout/neigh.ts, arp/neighTimer.ts).
//   ownRoutes: 0, or the node's own routes (below) when lpmBase and nhTable are its class's
//   shared tables.
//   dayMs: the wall clock in ms since midnight UTC, written by the host with NODE_NOW_MS: what
//   inet_current_timestamp gives an IP timestamp option (ipOptions.ts).
//   reasm: 0, or the node's reassembly area (layout/reasm.ts: ip_defrag's queues).
//   ipvsXmit: 1 while the packet in hand is a request IPVS translated after its options were
//   compiled (ipvs.ts): ip_vs_nat_xmit sends it, not ip_forward, so ip_forward_options never
//   writes its record-route slot (ipOptions.ts). ipOptionsRcv clears it, so it is always the
//   packet's own.
//   ipvsOpts: the options IPVS compiled for the packet in hand (0: none), for forward.ts to
//   take instead of compiling them again; taken or cleared before the packet's next stage.
//   lookup cache: the last answer of routeLookup for 8 addresses, direct-mapped by a
//   multiplicative hash; a slot whose second word is 0 is empty (misses are not cached). It
//   holds what the node's tables answered while its LPM's generation (LPM_H_GEN, bumped by
//   every lpmAdd and lpmDelete) was lpmGen; routeLookup empties it when that moved. In the
//   node's own record, not the LPM: with a shared FIB one LPM serves nodes on other workers.

// @ts-ignore: decorator
@inline export const NODE_ID: u32 = 0;
// @ts-ignore: decorator
@inline export const NODE_WORKER: u32 = 4;
// @ts-ignore: decorator
@inline export const NODE_IP: u32 = 8;
// @ts-ignore: decorator
@inline export const NODE_TUNL0_IP: u32 = 12;
// @ts-ignore: decorator
@inline export const NODE_IF_TABLE: u32 = 16;
// @ts-ignore: decorator
@inline export const NODE_IF_COUNT: u32 = 20;
// @ts-ignore: decorator
@inline export const NODE_LPM_BASE: u32 = 24;
// @ts-ignore: decorator
@inline export const NODE_NH_TABLE: u32 = 28;
// @ts-ignore: decorator
@inline export const NODE_NH_COUNT: u32 = 32;
// @ts-ignore: decorator
@inline export const NODE_COUNTERS: u32 = 36;
// @ts-ignore: decorator
@inline export const NODE_IF_COUNTERS: u32 = 40;
// @ts-ignore: decorator
@inline export const NODE_IP_ID_SEQ: u32 = 44;
// @ts-ignore: decorator
@inline export const NODE_FLAGS: u32 = 48; // NODEF_*
// @ts-ignore: decorator
@inline export const NODEF_CAPTURE: u32 = 1; // some interface has IFF_CAPTURE_RX or _TX (the host keeps it)
// @ts-ignore: decorator
@inline export const NODE_FLUSH_COUNT: u32 = 52;
// @ts-ignore: decorator
@inline export const NODE_FLUSH_LIST: u32 = 56;
// @ts-ignore: decorator
@inline export const NODE_INBOX_TABLE: u32 = 60;
// @ts-ignore: decorator
@inline export const NODE_INBOX_COUNT: u32 = 64;
// @ts-ignore: decorator
@inline export const NODE_SCRATCH0: u32 = 68; // ICMP errors are built here
// @ts-ignore: decorator
@inline export const NODE_SCRATCH1: u32 = 72; // fragments are built here
// @ts-ignore: decorator
@inline export const NODE_SLOT_SIZE: u32 = 76; // bytes of each scratch slot
// @ts-ignore: decorator
@inline export const NODE_TIMER_AT: u32 = 108; // ms
// @ts-ignore: decorator
@inline export const NODE_TIMER_ARMED: u32 = 112; // 0 or 1
// @ts-ignore: decorator
@inline export const NODE_OWN_ROUTES: u32 = 116; // 0, or the own-routes record below
// @ts-ignore: decorator
@inline export const NODE_PEERS: u32 = 120; // the redirect peers (PT_*, PEER_*)
// @ts-ignore: decorator
@inline export const NODE_DAY_MS: u32 = 124; // ms since midnight UTC
// @ts-ignore: decorator
@inline export const NODE_LPM_GEN: u32 = 2 * CACHE_LINE; // the LPM generation the lookup cache holds
// @ts-ignore: decorator
@inline export const NODE_REASM: u32 = 2 * CACHE_LINE + 4; // 0, or the reassembly area (RA_*)
// @ts-ignore: decorator
@inline export const NODE_IPVS_XMIT: u32 = 2 * CACHE_LINE + 8; // 0 or 1
// @ts-ignore: decorator
@inline export const NODE_IPVS_OPTS: u32 = 2 * CACHE_LINE + 12; // ipOptionsRcv's result, or 0
// @ts-ignore: decorator
@inline export const NODE_LOOKUP_CACHE: u32 = 3 * CACHE_LINE; // 8 × {addr, nh + 1}
// @ts-ignore: decorator
@inline export const LOOKUP_CACHE_SIZE: u32 = CACHE_LINE;
// @ts-ignore: decorator
@inline export const LOOKUP_CACHE_SHIFT: u32 = 29; // slot = (addr × LOOKUP_CACHE_HASH) >>> 29: 8 slots
// @ts-ignore: decorator
@inline export const LOOKUP_CACHE_HASH: u32 = 0x9e3779b1; // 2^32 / φ (Fibonacci hashing)
// An empty cache is all zero but for slot 0's key, which is 1: 0 hashes to slot 0 and 1 to slot
// 4, so no empty key matches an address looked up in its slot, and a hit is one compare
// (context.ts routeLookup). A cache is empty once validated with NODE_LPM_GEN = LPM gen + 1 (a
// zeroed context never holds a valid cache: 0 is never the gen + 1 it keeps).
// @ts-ignore: decorator
@inline export const LOOKUP_CACHE_KEY0_EMPTY: u32 = 1;
// The route input's flow cache (context.ts flowCacheSet, forward.ts ipv4Input): what the route
// input decided for (destination after IPVS, source, input interface), once the source passed
// its check (rp_filter on a cali, not one of our own addresses elsewhere): the next hop and its
// kind. A hit skips the destination's lookup and the source check's. Beside it, once a packet
// of the flow has gone out through a next hop whose output is fixed, that output
// (flowOutput.ts). 8 sets of 2 ways, a way per cache line:
//   ┌──────────┬──────────┬──────────────┬──────────────────────────────┐
//   │ dst 0    │ src 4    │ iif + 1 8    │ kind << 24 | (nh + 1) 12     │  way 0 (the newest),
//   ├──────────┼──────────┼──────────────┼──────────────┬───────────────┤  way 1 at +64
//   │ ring 16  │ MTU 20   │ oif u16 24   │ ctr u16 26   │ outer sum 28  │
//   ├──────────┴──────────┴──────────────┴──────────────┴───────────────┤
//   │ Ethernet header 32..45 (dst MAC, src MAC, type), spare 46..47     │
//   ├───────────────────────────────────┬───────────────────────────────┤
//   │ outer src 48 (as on the wire)     │ outer dst 52 (as on the wire) │ spare 56..63
//   └───────────────────────────────────┴───────────────────────────────┘
// An all-zero way never matches (iif + 1 ≥ 1). ring 0: no output held (yet). The output: the
// ring the frame goes into (a cali's tx ring, an inbox, an uplink's tx ring), the MTU ip_forward
// compares (the next hop's interface's: tunl0's for an onlink route), the interface that sends
// the frame (the uplink under tunl0), whose books it goes in, and the node counter a frame in the
// ring adds to (NC_DELIVERED_POD, NC_TX_WIRE). For an onlink tunl0 route, also the outer
// header's addresses and the share of its checksum that does not change within the flow
// (version and IHL, protocol 4, the two addresses: tunnel/ipip.ts ipipEncapHeld). Emptied with the lookup cache, when the LPM's
// generation moves: the routes are all the answer depends on (the next-hop records, the
// interfaces' kinds, addresses, MACs and MTUs, and the rings never change after the build).
// @ts-ignore: decorator
@inline export const NODE_FLOW_CACHE: u32 = 4 * CACHE_LINE;
// @ts-ignore: decorator
@inline export const FLOW_CACHE_SIZE: u32 = 16 * CACHE_LINE;
// @ts-ignore: decorator
@inline export const FLOW_CACHE_SHIFT: u32 = 29; // 8 sets
// @ts-ignore: decorator
@inline export const FLOW_SET_SHIFT: u32 = 7; // 2 ways of 64 octets
// @ts-ignore: decorator
@inline export const FLOW_CACHE_HASH: u32 = 0x85ebca6b; // (murmur3's fmix constant) after LOOKUP_CACHE_HASH on dst
// @ts-ignore: decorator
@inline export const FLOW_WAY: u32 = 64;
// @ts-ignore: decorator
@inline export const FW_DST: u32 = 0;
// @ts-ignore: decorator
@inline export const FW_SRC: u32 = 4;
// @ts-ignore: decorator
@inline export const FW_IIF: u32 = 8;
// @ts-ignore: decorator
@inline export const FW_NH: u32 = 12;
// @ts-ignore: decorator
@inline export const FW_RING: u32 = 16;
// @ts-ignore: decorator
@inline export const FW_MTU: u32 = 20;
// @ts-ignore: decorator
@inline export const FW_OIF: u32 = 24;
// @ts-ignore: decorator
@inline export const FW_COUNTER: u32 = 26;
// @ts-ignore: decorator
@inline export const FW_OUTER_SUM: u32 = 28;
// @ts-ignore: decorator
@inline export const FW_HEADER: u32 = 32;
// @ts-ignore: decorator
@inline export const FW_OUTER_ADDRS: u32 = 48;
// @ts-ignore: decorator
@inline export const NODE_CTX_SIZE: u32 = 20 * CACHE_LINE;
// @ts-ignore: decorator
@inline export const FLUSH_MAX: u32 = 64;

// ─── own routes: what a node of a shared FIB does not share (OWN_*) ─────────────────────
//   ┌──────────┬──────────┬────────────┬────────────┬──────────────────────────────────────┐
//   │ base 0   │ size 4   │ localIp 8  │ localNh 12 │ nh u32 × size: the next hop of every │
//   │ own block│ addresses│ the uplink │ its LOCAL  │ address of the block (NH_NONE: none) │
//   └──────────┴──────────┴────────────┴────────────┴──────────────────────────────────────┘
//   At 5000 nodes a node's FIB is 10 000 routes (a /26 per remote block, an adj-fib /32 per
//   neighbour) that every node of the same subnet shares but its own block and its own address:
//   elsewhere a block route via tunl0 and an adj-fib, here the cali /32s, the blackhole and a
//   LOCAL /32. Nodes whose tables differ only there point lpmBase and nhTable at one LPM and
//   one next-hop table per class (the builder checks the split, host/dataplane/sharedFib.ts),
//   and routeLookup answers for the block and the address from this record first, as the
//   node's own LPM would: a direct-indexed array over the block (a /26 is 64 words) instead
//   of a 459 KiB LPM per node. The shared tables are written once, never by the core.

// @ts-ignore: decorator
@inline export const OWN_BASE: u32 = 0; // the own block's first address
// @ts-ignore: decorator
@inline export const OWN_SIZE: u32 = 4; // addresses in it (0: no block)
// @ts-ignore: decorator
@inline export const OWN_LOCAL_IP: u32 = 8; // the uplink's address
// @ts-ignore: decorator
@inline export const OWN_LOCAL_NH: u32 = 12; // its next hop (LOCAL)
// @ts-ignore: decorator
@inline export const OWN_NH: u32 = 16; // u32 next hop per address of the block
// @ts-ignore: decorator
@inline export const OWN_MAX_SIZE: u32 = 4096; // a /20 block, as a cali's u16 oif allows

// ─── redirect peers (per node: a header, then PEER_CAPACITY × PEER_SIZE) ────────────────
// The kernel keeps an inet_peer per remote address (net/ipv4/inetpeer.c), and
// ip_rt_send_redirect rate-limits the ICMP redirects it sends each peer with two of its
// fields: n_redirects and rate_last. The core keeps the same two for a bounded set of
// peers; a peer not in the set is a fresh one (inet_getpeer creates it with both zero and
// rate_last 60 s in the past), and when the set is full the peer least recently given a
// redirect makes room (the kernel frees idle peers after inet_peer_maxttl; a full set only
// forgets one sooner). The header holds the limit's parameters, the kernel's
// net.ipv4.route.redirect_{number,load,silence} (written by the builder; defaults 9, 20 ms,
// 20.48 s: HZ/50 and (HZ/50) << 10 at Debian's HZ=250):
//   ┌──────────┬──────────┬─────────────┬──────────────┐   entry: ┌────────┬────────────┬──────────────┬─────────┐
//   │ number 0 │ loadMs 4 │ silenceMs 8 │ spare to 64  │          │ addr 0 │ rateLast 4 │ nRedirects 8 │ live 12 │
//   └──────────┴──────────┴─────────────┴──────────────┘          └────────┴────────────┴──────────────┴─────────┘
//   rateLast: ms on the node clock (NODE_NOW_MS), compared modulo 2^32 as jiffies are.

// @ts-ignore: decorator
@inline export const PT_NUMBER: u32 = 0;
// @ts-ignore: decorator
@inline export const PT_LOAD_MS: u32 = 4;
// @ts-ignore: decorator
@inline export const PT_SILENCE_MS: u32 = 8;
// @ts-ignore: decorator
@inline export const PT_HDR_SIZE: u32 = CACHE_LINE;
// @ts-ignore: decorator
@inline export const PEER_ADDR: u32 = 0;
// @ts-ignore: decorator
@inline export const PEER_RATE_LAST: u32 = 4;
// @ts-ignore: decorator
@inline export const PEER_N_REDIRECTS: u32 = 8;
// @ts-ignore: decorator
@inline export const PEER_LIVE: u32 = 12;
// @ts-ignore: decorator
@inline export const PEER_SIZE: u32 = 16;
// @ts-ignore: decorator
@inline export const PEER_CAPACITY: u32 = 16;
// @ts-ignore: decorator
@inline export const PT_SIZE: u32 = PT_HDR_SIZE + PEER_CAPACITY * PEER_SIZE;
