// GENERATED from assembly/layout/*.ts by scripts/genLayout.ts (npm run asbuild): do not edit by hand.
// The TypeScript mirror of the core's binary layout; the diagrams and meaning are in the source.

// ════ assembly/layout/global.ts ════

// The memory map and the global header: where everything starts (LAYOUT_BASE) and the
// header every engine reads first.

// Memory map (one WebAssembly.Memory, shared, sized once and never grown so typed-array
// views on the host stay valid; wasm32 ⇒ at most 4 GiB):
//
//   0            LAYOUT_BASE (64 KiB)
//   ┌────────────┬──────────────┬───────────────┬──────────────┬─────────┬─────────────┐
//   │ AS statics │ global header│ inbox table   │ node 0 region│ node 1… │ rings …     │
//   │ (data seg) │ GH_SIZE      │ u32[N×(W+1)]  │ see below    │         │ RING_HDR +  │
//   │            │              │ ring pointers │              │         │ slots×2048  │
//   └────────────┴──────────────┴───────────────┴──────────────┴─────────┴─────────────┘
//   (host/dataplane/build.ts decides the order after the global header; every structure is
//   reached through a pointer, so only the pointers' meaning is fixed here.)
//

// ─── global header (at LAYOUT_BASE) ────────────────────────────────────────────────────────
//   ┌────────┬─────────┬────────────┬────────────┬─────────┬───────────┬────────────┬──────────┬───────────┐
//   │ magic  │ version │ totalBytes │ nodeCount  │ workers │ inboxes/  │ nodeTable  │ inboxTbl │ portCount │
//   │ 0      │ 4       │ 8          │ 12         │ 16      │ port 20   │ 24         │ 28       │ 32        │
//   └────────┴─────────┴────────────┴────────────┴─────────┴───────────┴────────────┴──────────┴───────────┘
//   nodeTable = u32[nodeCount] node context pointers (the nodes, then the routers: a router is
//   a node without pods). A port is one uplink (an Ethernet interface on an L2 segment): port
//   p < nodeCount is node p's first uplink, ports from nodeCount on are the further uplinks of
//   multi-homed nodes (a router's second, third… interface). inboxTbl = u32[portCount × inboxes]
//   ring pointers: inbox[port][w] for producing worker w < workers, inbox[port][workers] is
//   the EXTERNAL inbox the host feeds (the gateway / the outside world / a fuzzer).
//
//   ┌──────────┬────────────┬──────────────┐  the null engine's (nullPath.ts) directory, written
//   │ podDir   │ podDirMask │ hostEncaps   │  by the builder, read by nothing else:
//   │ 36       │ 40         │ 44           │
//   └──────────┴────────────┴──────────────┘
//   podDir = (podDirMask + 1) pairs (ip u32, host << 16 | cali index u32), open addressing by
//   the pod's address, 0.0.0.0 = empty; hostEncaps = u8[nodeCount] (1: the pool of the pods on
//   that host encapsulates between wires) when some host has a further uplink, else 0.

export const LAYOUT_BASE = 65536; // AS statics live below; a test checks __heap_base
export const LAYOUT_MAGIC = 0x43495053; // "SPIC" little-endian: calico-ipip-sim
export const LAYOUT_VERSION = 7; // 2: 16-byte next hops; 3: neighbour tables, inboxes per port; 4: a ring's private producer line; 5: the pod directory; 6: the node context's flow cache; 7: the flow cache's output, a way per line
export const CACHE_LINE = 64;

export const GH_MAGIC = 0;
export const GH_VERSION = 4;
export const GH_TOTAL_BYTES = 8;
export const GH_NODE_COUNT = 12;
export const GH_WORKERS = 16;
export const GH_INBOXES_PER_NODE = 20; // = workers + 1 (the external inbox), per port
export const GH_NODE_TABLE = 24;
export const GH_INBOX_TABLE = 28;
export const GH_PORT_COUNT = 32; // ≥ nodeCount: a wire destination at or above it is outside
export const GH_POD_DIR = 36;
export const GH_POD_DIR_MASK = 40;
export const GH_HOST_ENCAPS = 44; // 0: every host on one wire
export const POD_DIR_ENTRY = 8;
export const GH_SIZE = CACHE_LINE;

// ════ assembly/layout/ring.ts ════


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

export const RING_SLOT_COUNT = 0;
export const RING_MASK = 4;
export const RING_SLOTS = 8;
export const RING_ID = 12;
export const RING_KIND = 16;
export const RING_SLOT_SIZE = 20;
export const RING_HEAD = CACHE_LINE; // the published head, alone on its line
export const RING_HEAD_SHADOW = 2 * CACHE_LINE; // producer's private line
export const RING_TAIL_CACHE = RING_HEAD_SHADOW + 4;
export const RING_TOUCHED = RING_HEAD_SHADOW + 8;
export const RING_TAIL = 3 * CACHE_LINE; // consumer line
export const RING_HDR_SIZE = 4 * CACHE_LINE;

// ring kinds (diagnostics only: the data path never branches on them)
export const RING_KIND_POD_RX = 1; // pod → host (cali rx)
export const RING_KIND_POD_TX = 2; // host → pod (cali tx)
export const RING_KIND_INBOX = 3; // wire → node (ens160 rx), one per producing worker
export const RING_KIND_EXTERNAL = 4; // outside world → node (ens160 rx), host-fed
export const RING_KIND_UPLINK_TX = 5; // node → wire beyond the dataplane (ens160 tx), host-drained

export const SLOT_SIZE_MIN = 2048; // every cluster with MTU ≤ 1966
export const SLOT_SIZE_MAX = 65536; // the builder's bound (MTU 9216 needs 9344)
export const SLOT_LEN = 0;
export const SLOT_OFF = 4;
export const SLOT_META = 8;
export const META_CONFIRM = 0x80000000;
export const SLOT_HDR_SIZE = 16;
export const SLOT_HEADROOM = 64; // 16 B header + 48 B free ≥ one 20 B outer header
export const SLOT_FRAME_SLACK = 18; // a receiver accepts mtu + 14 + 4 (ETH_MTU_SLACK: is_skb_forwardable)

/** Bytes per slot for a dataplane whose largest interface MTU is `mtu`: the headroom, the
 *  largest frame any interface accepts (mtu + SLOT_FRAME_SLACK), rounded up to a cache line,
 *  and at least SLOT_SIZE_MIN. The largest frame a slot of `size` bytes holds is
 *  size − SLOT_HEADROOM (slotMaxFrame). */
export function slotSizeFor(mtu: number): number {
  const need = (SLOT_HEADROOM + mtu + SLOT_FRAME_SLACK + CACHE_LINE - 1) & ~(CACHE_LINE - 1);
  return (need > SLOT_SIZE_MIN ? need : SLOT_SIZE_MIN) >>> 0;
}

/** The largest frame a slot of `size` bytes carries at SLOT_HEADROOM. */
export function slotMaxFrame(size: number): number {
  return (size - SLOT_HEADROOM) >>> 0;
}

// ════ assembly/layout/node.ts ════


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

export const NODE_ID = 0;
export const NODE_WORKER = 4;
export const NODE_IP = 8;
export const NODE_TUNL0_IP = 12;
export const NODE_IF_TABLE = 16;
export const NODE_IF_COUNT = 20;
export const NODE_LPM_BASE = 24;
export const NODE_NH_TABLE = 28;
export const NODE_NH_COUNT = 32;
export const NODE_COUNTERS = 36;
export const NODE_IF_COUNTERS = 40;
export const NODE_IP_ID_SEQ = 44;
export const NODE_FLAGS = 48; // NODEF_*
export const NODEF_CAPTURE = 1; // some interface has IFF_CAPTURE_RX or _TX (the host keeps it)
export const NODE_FLUSH_COUNT = 52;
export const NODE_FLUSH_LIST = 56;
export const NODE_INBOX_TABLE = 60;
export const NODE_INBOX_COUNT = 64;
export const NODE_SCRATCH0 = 68; // ICMP errors are built here
export const NODE_SCRATCH1 = 72; // fragments are built here
export const NODE_SLOT_SIZE = 76; // bytes of each scratch slot
export const NODE_TIMER_AT = 108; // ms
export const NODE_TIMER_ARMED = 112; // 0 or 1
export const NODE_OWN_ROUTES = 116; // 0, or the own-routes record below
export const NODE_PEERS = 120; // the redirect peers (PT_*, PEER_*)
export const NODE_DAY_MS = 124; // ms since midnight UTC
export const NODE_LPM_GEN = 2 * CACHE_LINE; // the LPM generation the lookup cache holds
export const NODE_REASM = 2 * CACHE_LINE + 4; // 0, or the reassembly area (RA_*)
export const NODE_IPVS_XMIT = 2 * CACHE_LINE + 8; // 0 or 1
export const NODE_IPVS_OPTS = 2 * CACHE_LINE + 12; // ipOptionsRcv's result, or 0
export const NODE_LOOKUP_CACHE = 3 * CACHE_LINE; // 8 × {addr, nh + 1}
export const LOOKUP_CACHE_SIZE = CACHE_LINE;
export const LOOKUP_CACHE_SHIFT = 29; // slot = (addr × LOOKUP_CACHE_HASH) >>> 29: 8 slots
export const LOOKUP_CACHE_HASH = 0x9e3779b1; // 2^32 / φ (Fibonacci hashing)
// An empty cache is all zero but for slot 0's key, which is 1: 0 hashes to slot 0 and 1 to slot
// 4, so no empty key matches an address looked up in its slot, and a hit is one compare
// (context.ts routeLookup). A cache is empty once validated with NODE_LPM_GEN = LPM gen + 1 (a
// zeroed context never holds a valid cache: 0 is never the gen + 1 it keeps).
export const LOOKUP_CACHE_KEY0_EMPTY = 1;
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
export const NODE_FLOW_CACHE = 4 * CACHE_LINE;
export const FLOW_CACHE_SIZE = 16 * CACHE_LINE;
export const FLOW_CACHE_SHIFT = 29; // 8 sets
export const FLOW_SET_SHIFT = 7; // 2 ways of 64 octets
export const FLOW_CACHE_HASH = 0x85ebca6b; // (murmur3's fmix constant) after LOOKUP_CACHE_HASH on dst
export const FLOW_WAY = 64;
export const FW_DST = 0;
export const FW_SRC = 4;
export const FW_IIF = 8;
export const FW_NH = 12;
export const FW_RING = 16;
export const FW_MTU = 20;
export const FW_OIF = 24;
export const FW_COUNTER = 26;
export const FW_OUTER_SUM = 28;
export const FW_HEADER = 32;
export const FW_OUTER_ADDRS = 48;
export const NODE_CTX_SIZE = 20 * CACHE_LINE;
export const FLUSH_MAX = 64;

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

export const OWN_BASE = 0; // the own block's first address
export const OWN_SIZE = 4; // addresses in it (0: no block)
export const OWN_LOCAL_IP = 8; // the uplink's address
export const OWN_LOCAL_NH = 12; // its next hop (LOCAL)
export const OWN_NH = 16; // u32 next hop per address of the block
export const OWN_MAX_SIZE = 4096; // a /20 block, as a cali's u16 oif allows

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

export const PT_NUMBER = 0;
export const PT_LOAD_MS = 4;
export const PT_SILENCE_MS = 8;
export const PT_HDR_SIZE = CACHE_LINE;
export const PEER_ADDR = 0;
export const PEER_RATE_LAST = 4;
export const PEER_N_REDIRECTS = 8;
export const PEER_LIVE = 12;
export const PEER_SIZE = 16;
export const PEER_CAPACITY = 16;
export const PT_SIZE = PT_HDR_SIZE + PEER_CAPACITY * PEER_SIZE;

// ════ assembly/layout/iface.ts ════


// ─── interface record (IF_SIZE) ─────────────────────────────────────────────────────────
//   ┌────────┬───────┬──────────┬─────────┬────────────────┬────────────────┬──────────┐
//   │ kind 0 │ mtu 4 │ ipv4 8   │ flags 12│ own MAC 16..22 │ peer MAC 24..30│ peerIp 32│
//   ├────────┴──┬────┴─────┬────┴────┬────┴────────┬───────┴────────────────┴──────────┤
//   │ rxRing 36 │ txRing 40│ ctrs 44 │ ifindex 48  │ neigh 52    │ inboxTbl 56 │ spare │
//   └───────────┴──────────┴─────────┴─────────────┴─────────────┴─────────────┴───────┘
//   Index 0 = uplink (ens160): rx = its port's inboxes (inboxTbl: u32[inboxes] ring
//   pointers, the node context's inboxTable); tx = another port's inbox for a frame to a
//   host of this dataplane, else txRing, this uplink's tx ring the host drains (the wire
//   beyond the dataplane; every frame when IFF_HOST_WIRE is set: the host carries even the
//   frames between its nodes, with its own latency and captures).
//   1 = tunl0 (virtual, no rings), 2.. = one cali per pod, then the further uplinks of a
//   multi-homed node (a router: eth0 at 0, eth1.. from 2), each with its own inboxTbl and
//   txRing. For a cali, peer MAC/IP are the pod's eth0: Felix's permanent neighbour entry
//   (addStaticARPEntry), stored here. inboxTbl is 0 on every interface but the uplinks.
//   neigh: the interface's neighbour table (layout/neigh.ts), 0 when it has none (tunl0 is
//   NOARP; a cali's one neighbour is its pod).

export const IF_KIND = 0;
export const IF_MTU = 4;
export const IF_IP = 8;
export const IF_FLAGS = 12;
export const IF_MAC = 16;
export const IF_PEER_MAC = 24;
export const IF_PEER_IP = 32;
export const IF_RX_RING = 36;
export const IF_TX_RING = 40;
export const IF_COUNTERS = 44;
export const IF_IFINDEX = 48;
export const IF_NEIGH = 52;
export const IF_INBOX_TABLE = 56; // uplinks: this port's inbox ring pointers
export const IF_SIZE = CACHE_LINE;

export const IF_UPLINK = 0;
export const IF_TUNL0 = 1;
export const IF_FIRST_CALI = 2;

export const IFK_UPLINK = 1;
export const IFK_TUNL = 2;
export const IFK_CALI = 3;

// interface flags
export const IFF_UP = 1;
export const IFF_FORWARDING = 2; // net.ipv4.conf.<if>.forwarding
export const IFF_PROXY_ARP = 4; // net.ipv4.conf.<if>.proxy_arp
export const IFF_CAPTURE_RX = 8; // call the capture hook on every received frame
export const IFF_CAPTURE_TX = 16; // … and on every transmitted frame
export const IFF_NOARP = 32; // tunl0
export const IFF_HOST_WIRE = 64; // uplink: every transmitted frame goes to txRing
export const IFF_PRESENT = 128; // a down tunl0 that exists: ipip.ko is loaded (tunnel/noTunnel.ts)

// capture directions (argument of env.capture)
export const CAPTURE_RX = 0;
export const CAPTURE_TX = 1;

// ════ assembly/layout/nexthop.ts ════

// ─── next hop / adjacency record (NH_SIZE) ──────────────────────────────────────────────
//   ┌──────────┬─────────┬───────────┬────────────────────────────┬───────────┬──────────────┐
//   │ kind u8 0│ gwHi u8 │ oif u16 2 │ dst MAC 4..9  ┊  gw u32 4  │ gwLo u16  │ link u32 12  │
//   │          │ 1       │           │                            │ 10        │              │
//   └──────────┴─────────┴───────────┴────────────────────────────┴───────────┴──────────────┘
//   16 bytes: at 5000 nodes every node holds ~10 000 next hops, so the record's size is a
//   large share of the whole image. Two pairs of fields share bytes, chosen by kind:
//   - bytes 4..9: dst MAC for CALI and NEIGH (the frame's destination); gw (u32 at 4) for
//     ONLINK_TUNL0 (the outer destination) and NEIGH_ARP (the neighbour's address). No kind needs both: an ONLINK_TUNL0 next hop
//     sends through its tunnelNh's MAC, and a NEIGH's gateway address is not needed once its
//     MAC is resolved.
//   - gwHi/gwLo (NEIGH only): the neighbour's address without its top octet (bits 16..23 and
//     0..15), which is the output interface's: a neighbour is on a connected subnet of oif
//     (fib_check_nh), and no uplink subnet is shorter than /8. Read only on the slow paths
//     that need the address (an ICMP redirect's gateway, fib_validate_source: nhGateway).
//   - bytes 8..11 for ONLINK_TUNL0: the path MTU learned towards its outer destination
//     (tunnel/pmtu.ts; u16 pmtu at 8, 0 for none, and u16 expiry at 10 in seconds of the node
//     clock, modulo 2^16): the kernel's exception (fnhe) on the outer route's next hop.
//   - link (u32 at 12): the neighbour entry for NEIGH_ARP (layout/neigh.ts); dstNode for every
//     other kind but ONLINK_TUNL0 = the port (a host's uplink on oif's segment, global.ts)
//     owning dst MAC on the wire, or NODE_EXTERNAL (a gateway outside the cluster and anything
//     else outside the dataplane: sent into oif's uplink tx ring, for the host); tunnelNh for ONLINK_TUNL0 = the
//     adjacency of the outer destination, resolved by the builder with the same lookup Linux
//     does for the outer packet (so encap needs no second lookup per packet; routes are
//     static during a run).
//   oif is u16: a /20 block gives a node up to 4096 pods, so 4098 interfaces.
//   The LPM value is an index into this table (VPP: a FIB entry points at an adjacency).
//   Every field is aligned for its width (the TS twin reads them as U8/U16/U32 views).

export const NH_KIND = 0; // u8
export const NH_OIF = 2; // u16
export const NH_DST_MAC = 4; // 6 octets; CALI, NEIGH
export const NH_GW = 4; // u32; ONLINK_TUNL0 (shares bytes 4..7 with dst MAC)
export const NH_GW_HI = 1; // u8; NEIGH: the neighbour's address, bits 16..23
export const NH_GW_LO = 10; // u16; NEIGH: the neighbour's address, bits 0..15
export const NH_PMTU = 8; // u16; ONLINK_TUNL0: learned path MTU, 0 = none
export const NH_PMTU_EXPIRES = 10; // u16; ONLINK_TUNL0: seconds (node clock / 1000, mod 2^16)
export const NH_LINK = 12; // u32: dstNode or tunnelNh, by kind
export const NH_DST_NODE = NH_LINK; // every kind but ONLINK_TUNL0
export const NH_TUNNEL_NH = NH_LINK; // ONLINK_TUNL0
export const NH_OIF_MAX = 0xffff;
export const NH_SIZE = 16;
export const NODE_EXTERNAL = 0xffffffff;
export const NH_NONE = 0xffffffff;

// next-hop kinds
export const NHK_LOCAL = 1; // an address of this host: deliver to the host stack
export const NHK_CALI = 2; // <pod>/32 dev caliX: to the pod (dst MAC = pod eth0)
export const NHK_ONLINK_TUNL0 = 3; // <block> via <node> dev tunl0 onlink: encap
export const NHK_NEIGH = 4; // resolved neighbour on an uplink (adj-fib /32, or via gw)
export const NHK_CONNECTED = 5; // <subnet> dev <uplink> without a neighbour: glean
export const NHK_BLACKHOLE = 6;
export const NHK_UNREACHABLE = 7;
export const NHK_PROHIBIT = 8;
export const NHK_NEIGH_ARP = 9; // a neighbour on oif resolved at run time: gw = its
// address, link = its entry in oif's neighbour table (neigh_resolve_output; NEIGH is the same
// neighbour with a MAC fixed by the builder, as a permanent entry)
export const NHK_BROADCAST = 10; // a subnet's broadcast address, table local
// (fib_add_ifaddr: RTN_BROADCAST for prefix | ~mask when the prefix is shorter than /31): taken
// in as a broadcast (ip_route_input_slow → brd_input), never forwarded

// ════ assembly/layout/counters.ts ════

// ─── counters (f64: exact to 2^53; a u32 wraps in minutes at 10 Mpps, BigInt is slow in
// JS, and an f64 add is one instruction in both engines) ─────────────────────────────────
// Per-node accounting invariant, true at every step boundary:
//   NC_RX + NC_CREATED_* + NC_NEIGH_RELEASED + NC_REASM_RELEASED
//     = NC_DELIVERED_* + Σ drops + NC_TX_WIRE + NC_NEIGH_QUEUED + NC_REASM_QUEUED
//   (a packet waiting for its neighbour is accounted as queued, and enters the books again
//   when it leaves the queue, to be sent or dropped; a fragment taken into a reassembly
//   queue leaves the books, and what comes out enters them again: the datagram once when
//   the queue completes, or each fragment, to be dropped, when the queue is discarded)
// and cluster-wide at quiescence (all rings empty):
//   generated (frames the host pushed) + Σ created = Σ delivered + Σ drops
//     + frames the host took from the uplink tx rings (+ the queued − released terms above).

export const NC_RX = 0; // frames taken from any input ring
export const NC_TX_WIRE = 1; // frames put on the wire: another node's inbox or the uplink tx ring
export const NC_DELIVERED_POD = 2; // written into a cali tx ring
export const NC_DELIVERED_HOST = 3; // consumed by the host stack
export const NC_CREATED_ICMP = 4; // ICMP errors and echo replies
export const NC_CREATED_ARP = 5; // ARP replies (proxy or own address), requests and probes
export const NC_CREATED_FRAG = 6; // fragments beyond the first
export const NC_FORWARDED = 7; // informational from here on
export const NC_ENCAP = 8;
export const NC_DECAP = 9;
export const NC_ICMP_ERRORS = 10;
export const NC_ECHO_REPLIES = 11;
export const NC_FRAGMENTED = 12; // packets split
export const NC_NEIGH_QUEUED = 13; // into a neighbour's arp_queue
export const NC_NEIGH_RELEASED = 14; // out of it (sent on resolution, or dropped)
export const NC_REDIRECTS = 15; // ICMP redirects sent (ip_rt_send_redirect)
export const NC_REDIRECTS_LIMITED = 16; // … and owed but held back by the per-peer limit
export const NC_REASM_QUEUED = 17; // fragments taken into a reassembly queue (ip_frag_queue)
export const NC_REASM_RELEASED = 18; // out of them: a datagram per queue completed, each fragment of a discarded one
export const NC_REASM_OKS = 19; // datagrams reassembled (IPSTATS_MIB_REASMOKS)
export const NC_CREATED_TCP = 20; // resets from the node's TCP control socket (tcp_v4_send_reset)
export const NC_DROP_BASE = 24; // + DropReason
export const NC_COUNT = NC_DROP_BASE + 56; // room for DROP_COUNT reasons

// per-interface counters
export const IC_RX_PACKETS = 0;
export const IC_RX_BYTES = 1;
export const IC_TX_PACKETS = 2;
export const IC_TX_BYTES = 3;
export const IC_RX_DROPS = 4; // dropped while processing a frame received here
export const IC_TX_DROPS = 5; // ring full / too big on the way out here
export const IC_COUNT = 8;

// ─── drop reasons (VPP error counters: index NC_DROP_BASE + reason) ─────────────────────
export const DROP_ETH_TRUNCATED = 0;
export const DROP_ETH_NOT_FOR_US = 1; // dst MAC neither ours nor broadcast
export const DROP_ETH_UNKNOWN_TYPE = 2;
export const DROP_RX_OVER_MTU = 3; // frame > mtu + 14 + 4 (is_skb_forwardable)
export const DROP_ARP_MALFORMED = 4;
export const DROP_ARP_NOT_REQUEST = 5; // unsolicited: a reply with no entry to update (arp_accept = 0), or any reply where no table is kept
export const DROP_ARP_NO_PROXY = 6; // arp_process: own IP, egress = ingress, no unicast route
export const DROP_ARP_MARTIAN = 7; // multicast/loopback target or sender
export const DROP_IP_TRUNCATED = 8;
export const DROP_IP_BAD_VERSION = 9;
export const DROP_IP_BAD_IHL = 10;
export const DROP_IP_BAD_TOTAL_LEN = 11;
export const DROP_IP_BAD_CHECKSUM = 12;
export const DROP_IP_MARTIAN_SRC = 13;
export const DROP_IP_MARTIAN_DST = 14;
export const DROP_L2_BROADCAST = 15; // not PACKET_HOST: ip_forward drops it
export const DROP_TTL_EXCEEDED = 16;
export const DROP_NO_ROUTE = 17;
export const DROP_BLACKHOLE = 18;
export const DROP_UNREACHABLE = 19;
export const DROP_PROHIBIT = 20;
export const DROP_FRAG_NEEDED = 21; // DF set and over the egress MTU
export const DROP_NEIGH_MISS = 22; // glean on an interface without a neighbour table
export const DROP_RING_FULL = 23;
export const DROP_TOO_BIG_FOR_SLOT = 24;
export const DROP_IPIP_INNER_MALFORMED = 25;
export const DROP_IPIP_ECN = 26; // outer CE, inner not-ECT
export const DROP_IPIP_NO_TUNNEL = 27; // proto 4 to a node without tunl0
export const DROP_REASSEMBLY = 28; // a fragment for local delivery and no free reassembly queue (the pool, as ipfrag_high_thresh; none planned)
export const DROP_FRAG_OPTIONS = 29; // fragmenting a header with options: out of scope
export const DROP_IFACE_DOWN = 30;
export const DROP_NOT_FORWARDING = 31;
export const DROP_BAD_DESCRIPTOR = 32; // slot len/off from the producer out of range
export const DROP_IP_BAD_OPTIONS = 33; // ip_options_compile failed: ICMP 12/0 sent
export const DROP_IP_SOURCE_ROUTE = 34; // LSRR/SSRR with accept_source_route=0 (ip_rcv_options)
export const DROP_RP_FILTER = 35; // fib_validate_source, rp_filter=1 (every cali): source not back through it
export const DROP_CT_FULL = 36; // no free conntrack record in the connection's bucket
export const DROP_IPVS_NO_DEST = 37; // a virtual server without real servers: ICMP 3/3 sent (ip_vs_leave)
export const DROP_NAT_NO_PORT = 38; // masquerade found no free source port (nf_nat_l4proto_unique_tuple)
export const DROP_NEIGH_QUEUE_FULL = 39; // arp_queue over unres_qlen (oldest dropped), or the table's pool empty
export const DROP_NEIGH_FAILED = 40; // queued when resolution failed (neigh_invalidate: ICMP 3/1 sent)
export const DROP_NEIGH_TABLE_FULL = 41; // no free entry ("neighbour table overflow")
export const DROP_IP_LOCAL_SRC = 42; // a source that is one of our own addresses (fib_validate_source, accept_local=0)
export const DROP_REASM_DUP = 43; // a fragment wholly inside a run already queued (inet_frag_queue_insert: IPFRAG_DUP)
export const DROP_REASM_OVERLAP = 44; // any other overlap: the fragment and its queue's (RFC 5722, IPFRAG_OVERLAP)
export const DROP_REASM_INVALID = 45; // ip_frag_queue's discard_qp: an end past the last's, two lasts, empty: the fragment and its queue's
export const DROP_REASM_TIMEOUT = 46; // held by a queue that expired (ip_expire, ipfrag_time)
export const DROP_REASM_OVERSIZE = 47; // held by a queue whose datagram is over 65535 octets (ip_frag_reasm)
export const DROP_REASM_ECN = 48; // held by a queue mixing Not-ECT with ECT/CE (ip_frag_ecn_table 0xff)
export const DROP_REASM_RUNS = 49; // a fragment that would need a run past RQ_RUNS_MAX (the simulator's bound)
export const DROP_COUNT = 50;

// ─── stage verdicts (returned by stages; never stored) ──────────────────────────────────
export const V_DONE = 0; // the frame was sent, delivered or counted as dropped

// ════ assembly/layout/ipvs.ts ════

// IPVS and conntrack: kube-proxy's virtual servers and the connection table, per node.
//
//   ctx (layout/node.ts, the spare after slotSize):
//   ┌──────────┬──────────┬─────────┬──────────┬──────────┬──────────┬──────────┐
//   │ nowMs 80 │ vsTable  │ vsMask  │ rsTable  │ ctTable  │ ctMask   │ ctLive   │
//   │          │ 84       │ 88      │ 92       │ 96       │ 100      │ 104      │
//   └──────────┴──────────┴─────────┴──────────┴──────────┴──────────┴──────────┘
//   nowMs: the simulation clock in ms (u32, wraps after 49 days: compared as a signed
//   difference); the host writes it before each step, so time is an input of the core.
//   vsMask: virtual-server slots − 1 (0: the node has no virtual servers: IPVS is skipped).
//   ctMask: conntrack buckets − 1. ctLive: connections created so far (0: no lookups yet).
//
//   virtual server (VS_SIZE), an open-addressed table keyed by (vip, port, proto), at most
//   VS_PROBE_MAX probes (the builder sizes the table so that every key is found within them):
//   ┌────────┬─────────┬──────────┬──────────┬──────────────┬──────────────┬─────────────┐
//   │ vip 0  │ port 4  │ proto 6  │ flags 7  │ rsFirst 8    │ rsCount 12   │ rrNext 14   │
//   │ u32    │ u16     │ u8       │ u8       │ u32 (index)  │ u16          │ u16         │
//   └────────┴─────────┴──────────┴──────────┴──────────────┴──────────────┴─────────────┘
//   ├────────────────────────────┬────────────────────────────┐
//   │ persistMs 16 (u32)         │ netmask 20 (u32)           │  VSF_PERSIST only
//   └────────────────────────────┴────────────────────────────┘
//   persistMs / netmask: kube-proxy's sessionAffinity ClientIP (IP_VS_SVC_F_PERSISTENT,
//   svc->timeout in ms, svc->netmask); the rr scheduler then runs only when no template binds
//   the client (ip_vs_sched_persist).
//   real server (RS_SIZE): ip u32 @0, port u16 @4, in the rr scheduler's order.
//
//   conntrack: buckets of CT_WAYS records (set-associative: a lookup reads one bucket, no
//   chains); a connection is two records, one per direction, each pointing at the other:
//   ┌────────┬────────┬─────────┬─────────┬─────────┬────────┬─────────┬────────┐
//   │ src 0  │ dst 4  │ sport 8 │ dport 10│ proto 12│ dir 13 │ state 14│ used 15│
//   ├────────┴────────┼─────────┴─────────┼─────────┴────────┴─────────┴────────┤
//   │ peer 16 (record)│ expires 20 (ms)   │ rs 24 (real server index) │ vs 28   │
//   └─────────────────┴───────────────────┴───────────────────────────┴─────────┘
//   A packet that matches a record is rewritten to the inverse of its peer's tuple (as
//   nf_conntrack's NAT: the original direction becomes the reply tuple inverted and back).
//   A record is free when unused or expired (expires − nowMs ≤ 0); a full bucket is a
//   counted drop (DROP_CT_FULL).
//
//   A persistence template (IP_VS_CONN_F_TEMPLATE, ip_vs_sched_persist) is one record, no
//   peer, dir CT_DIR_TEMPLATE, keyed (client & netmask, vip, cport 0, vport, proto), never a
//   packet's match (ctLookup skips it, as __ip_vs_conn_in_get's NO_CPORT test does):
//   ┌──────────┬────────┬─────────┬───────────┬─────────┬────────┬──────────────┬────────┐
//   │ cnet 0   │ vip 4  │ 0 @8    │ vport 10  │ proto 12│ dir 2  │ CTPL_S_* 14  │ used 15│
//   ├──────────┴────────┼─────────┴───────────┼─────────┴────────┴──────────────┴────────┤
//   │ ctlUntil 16 (ms)  │ expires 20 (timer)  │ rs 24 (its dest)              │ vs 28   │
//   └───────────────────┴─────────────────────┴───────────────────────────────┴─────────┘
//   ctlUntil: the expiry of the connection it controls that ends last (n_control ≠ 0 while
//   it is ahead): ip_vs_conn_expire re-arms a template that still controls a connection by
//   60 s at a time, so it dies at the first expires + k·60 s (k ≥ 0) not before ctlUntil.
//   The original record of a connection it controls has CTU_CONTROLLED in `used`.

export const NODE_NOW_MS = 80;
export const NODE_VS_TABLE = 84;
export const NODE_VS_MASK = 88;
export const NODE_RS_TABLE = 92;
export const NODE_CT_TABLE = 96;
export const NODE_CT_MASK = 100;
export const NODE_CT_LIVE = 104;

export const VS_IP = 0;
export const VS_PORT = 4;
export const VS_PROTO = 6;
export const VS_FLAGS = 7;
export const VS_RS_FIRST = 8;
export const VS_RS_COUNT = 12;
export const VS_RR_NEXT = 14;
export const VS_PERSIST_MS = 16;
export const VS_NETMASK = 20;
export const VS_SIZE = 24;
export const VS_PROBE_MAX = 8;
export const VSF_USED = 1;
export const VSF_MASQ = 2; // kube-proxy marks it for KUBE-POSTROUTING's MASQUERADE
export const VSF_PERSIST = 4; // IP_VS_SVC_F_PERSISTENT: sessionAffinity ClientIP

export const RS_IP = 0;
export const RS_PORT = 4;
export const RS_SIZE = 8;

export const CT_SRC = 0;
export const CT_DST = 4;
export const CT_SPORT = 8;
export const CT_DPORT = 10;
export const CT_PROTO = 12;
export const CT_DIR = 13;
export const CT_STATE = 14;
export const CT_USED = 15;
export const CT_PEER = 16;
export const CT_EXPIRES = 20;
export const CT_RS = 24;
export const CT_VS = 28;
export const CT_CTL_UNTIL = 16; // a template's, in place of the peer it has not
export const CT_SIZE = 32;
export const CT_WAYS = 4;
export const CT_NONE = 0xffffffff;
export const CT_DIR_ORIGINAL = 0; // client → virtual server (IP_VS_DIR_INPUT)
export const CT_DIR_REPLY = 1; // real server → client (IP_VS_DIR_OUTPUT)
export const CT_DIR_TEMPLATE = 2; // a persistence template (IP_VS_CONN_F_TEMPLATE)
export const CTU_USED = 1;
export const CTU_CONTROLLED = 2; // a connection a template controls (cp->control)
export const CTPL_S_ASSURED = 1; // IP_VS_CTPL_S_ASSURED (ip_vs_control_assure_ct)
export const CTPL_REARMED = 2; // expire_later set cp->timeout = 60 s: it stays
export const CTPL_REARM_MS = 60000; // ip_vs_conn_expire's expire_later
export const FTPPORT = 21; // a persistent port-21 service's templates carry vport 0

// IPVS connection states (ip_vs_proto_tcp.c IP_VS_TCP_S_*; UDP has one, IP_VS_UDP_S_NORMAL)
export const CTS_NONE = 0;
export const CTS_ESTABLISHED = 1;
export const CTS_SYN_SENT = 2;
export const CTS_SYN_RECV = 3;
export const CTS_FIN_WAIT = 4;
export const CTS_TIME_WAIT = 5;
export const CTS_CLOSE = 6;
export const CTS_CLOSE_WAIT = 7;
export const CTS_LAST_ACK = 8;
export const CTS_LISTEN = 9;
export const CTS_SYNACK = 10;
export const CTS_UDP = 11;
export const CTS_COUNT = 12;

// ════ assembly/layout/neigh.ts ════

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

export const NT_CAPACITY = 0;
export const NT_IFACE = 4;
export const NT_BUCKETS = 8;
export const NT_BUCKET_MASK = 12;
export const NT_ENTRIES = 16;
export const NT_FREE = 20;
export const NT_QUEUE = 24;
export const NT_QUEUE_SLOTS = 28;
export const NT_QUEUE_FREE = 32;
export const NT_REACHABLE_TIME = 36; // ms
export const NT_LAST_RAND = 40; // ms
export const NT_RNG = 44;
export const NT_SLOT_SIZE = 48;
export const NT_ARP_FRAME = 64;
export const NT_SIZE = 128;

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

export const NE_IP = 0;
export const NE_MAC = 4;
export const NE_STATE = 10; // u8
export const NE_PROBES = 11; // u8
export const NE_DST_NODE = 12;
export const NE_NEXT = 16;
export const NE_CONFIRMED = 20;
export const NE_USED = 24;
export const NE_UPDATED = 28;
export const NE_TIMER = 32;
export const NE_Q_HEAD = 36;
export const NE_Q_TAIL = 40;
export const NE_Q_LEN = 44;
export const NE_OWNER = 48;
export const NE_OWNER_MAC = 52;
export const NE_FLAGS = 58; // u8
export const NE_SIZE = 64;
export const NE_NONE = 0xffffffff;

// entry flags
export const NEF_IN_USE = 1; // in the hash (else on the free list)
export const NEF_RESERVED = 2; // the builder's: named by a next hop, never freed
export const NEF_TIMER = 4; // NE_TIMER is armed

// ─── queue slot (the table's slotSize) ──────────────────────────────────────────────────
//   ┌─────────┬────────┬─────────┬──────────────────┬───────────────────────────────────┐
//   │ next 0  │ len 4  │ meta 8  │ headroom to 64   │ IPv4 packet at SLOT_HEADROOM …    │
//   └─────────┴────────┴─────────┴──────────────────┴───────────────────────────────────┘
export const NQ_NEXT = 0;
export const NQ_LEN = 4;
export const NQ_META = 8;

// ─── NUD states (include/uapi/linux/neighbour.h) ───────────────────────────────────────
export const NUD_NONE = 0x00;
export const NUD_INCOMPLETE = 0x01;
export const NUD_REACHABLE = 0x02;
export const NUD_STALE = 0x04;
export const NUD_DELAY = 0x08;
export const NUD_PROBE = 0x10;
export const NUD_FAILED = 0x20;
export const NUD_NOARP = 0x40;
export const NUD_PERMANENT = 0x80;
export const NUD_IN_TIMER = NUD_INCOMPLETE | NUD_REACHABLE | NUD_DELAY | NUD_PROBE;
export const NUD_VALID = NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE | NUD_DELAY;
export const NUD_CONNECTED = NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE;

// ─── arp_tbl's parameters (net/ipv4/arp.c, net.ipv4.neigh.default.*), in ms ─────────────
export const NEIGH_BASE_REACHABLE_MS = 30000; // base_reachable_time
export const NEIGH_RETRANS_MS = 1000; // retrans_time
export const NEIGH_DELAY_PROBE_MS = 5000; // delay_first_probe_time
export const NEIGH_LOCKTIME_MS = 1000; // locktime
export const NEIGH_RERAND_MS = 300000; // neigh_periodic_work: reachable_time redrawn
export const NEIGH_MIN_TIMER_MS = 8; // HZ/100 at HZ=250 (Debian's kernels)
export const NEIGH_UCAST_PROBES = 3; // ucast_solicit
export const NEIGH_MCAST_PROBES = 3; // mcast_solicit
export const NEIGH_UNRES_QLEN = 101; // unres_qlen (packets; unres_qlen_bytes 212992)

// ════ assembly/layout/reasm.ts ════

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

export const RA_COUNT = 0;
export const RA_QUEUES = 4;
export const RA_BUFS = 8;
export const RA_HDR_SIZE = 64;

export const RQ_SADDR = 0;
export const RQ_DADDR = 4;
export const RQ_ID = 8; // u16, as on the wire (network order value)
export const RQ_PROTO = 10; // u8
export const RQ_FLAGS = 11; // u8, RQF_*
export const RQ_LEN = 12; // q.len: the payload's length as known so far
export const RQ_MEAT = 16; // payload octets queued
export const RQ_EXPIRES = 20; // ms
export const RQ_IIF = 24;
export const RQ_MAX_SIZE = 28; // u16: the largest fragment (header + payload queued)
export const RQ_MAX_DF_SIZE = 30; // u16: the largest with DF set
export const RQ_ECN = 32; // u8: 1 << ECN codepoint of each fragment (ip4_frag_ecn)
export const RQ_HEAD_HL = 33; // u8
export const RQ_HEAD_BCAST = 34; // u8: the head came as a link-layer broadcast
export const RQ_RUN_COUNT = 35; // u8
export const RQ_HEAD_META = 36;
export const RQ_TAIL_OFF = 40;
export const RQ_TAIL_LEN = 44;
export const RQ_LAST_RUN = 48;
export const RQ_HEAD_QUOTE = 52; // header + payload of the head as queued
export const RQ_HEAD_OPTS = 56; // ipOptionsRcv's result for the head (0: none)
export const RQ_FRAGS = 60; // fragments held
export const RQ_DONE_RX = 64; // f64: the node's NC_RX when it completed
export const RQ_BUF = 72; // its buffer (written by the builder)
export const RQ_RUNS = 128;
export const RQ_RUN_SIZE = 8; // {offset u32, runLen u32}
export const RQ_RUNS_MAX = 48;
export const RQ_SIZE = RQ_RUNS + RQ_RUNS_MAX * RQ_RUN_SIZE; // 512

export const RQF_LAST_IN = 1; // INET_FRAG_LAST_IN
export const RQF_FIRST_IN = 2; // INET_FRAG_FIRST_IN
export const RQF_LIVE = 4;
export const RQF_DONE = 8;

export const REASM_DATA = 124; // SLOT_HEADROOM + IPV4_MAX_HDR_LEN
export const REASM_DATA_MAX = 65515; // 65535 − the shortest header
export const REASM_BUF_SIZE = 65664; // REASM_DATA + REASM_DATA_MAX, to a cache line
export const REASM_MAX_LEN = 65535; // ip_frag_reasm: a longer datagram is dropped
export const IPFRAG_TIME_MS = 30000; // net.ipv4.ipfrag_time (30 s)
export const REASM_QUEUES_MAX = 1024;

/** Names in declaration order = the index order of the core's layoutValue(i). */
export const LAYOUT_NAMES: readonly string[] = [
  'LAYOUT_BASE',
  'LAYOUT_MAGIC',
  'LAYOUT_VERSION',
  'CACHE_LINE',
  'GH_MAGIC',
  'GH_VERSION',
  'GH_TOTAL_BYTES',
  'GH_NODE_COUNT',
  'GH_WORKERS',
  'GH_INBOXES_PER_NODE',
  'GH_NODE_TABLE',
  'GH_INBOX_TABLE',
  'GH_PORT_COUNT',
  'GH_POD_DIR',
  'GH_POD_DIR_MASK',
  'GH_HOST_ENCAPS',
  'POD_DIR_ENTRY',
  'GH_SIZE',
  'RING_SLOT_COUNT',
  'RING_MASK',
  'RING_SLOTS',
  'RING_ID',
  'RING_KIND',
  'RING_SLOT_SIZE',
  'RING_HEAD',
  'RING_HEAD_SHADOW',
  'RING_TAIL_CACHE',
  'RING_TOUCHED',
  'RING_TAIL',
  'RING_HDR_SIZE',
  'RING_KIND_POD_RX',
  'RING_KIND_POD_TX',
  'RING_KIND_INBOX',
  'RING_KIND_EXTERNAL',
  'RING_KIND_UPLINK_TX',
  'SLOT_SIZE_MIN',
  'SLOT_SIZE_MAX',
  'SLOT_LEN',
  'SLOT_OFF',
  'SLOT_META',
  'META_CONFIRM',
  'SLOT_HDR_SIZE',
  'SLOT_HEADROOM',
  'SLOT_FRAME_SLACK',
  'NODE_ID',
  'NODE_WORKER',
  'NODE_IP',
  'NODE_TUNL0_IP',
  'NODE_IF_TABLE',
  'NODE_IF_COUNT',
  'NODE_LPM_BASE',
  'NODE_NH_TABLE',
  'NODE_NH_COUNT',
  'NODE_COUNTERS',
  'NODE_IF_COUNTERS',
  'NODE_IP_ID_SEQ',
  'NODE_FLAGS',
  'NODEF_CAPTURE',
  'NODE_FLUSH_COUNT',
  'NODE_FLUSH_LIST',
  'NODE_INBOX_TABLE',
  'NODE_INBOX_COUNT',
  'NODE_SCRATCH0',
  'NODE_SCRATCH1',
  'NODE_SLOT_SIZE',
  'NODE_TIMER_AT',
  'NODE_TIMER_ARMED',
  'NODE_OWN_ROUTES',
  'NODE_PEERS',
  'NODE_DAY_MS',
  'NODE_LPM_GEN',
  'NODE_REASM',
  'NODE_IPVS_XMIT',
  'NODE_IPVS_OPTS',
  'NODE_LOOKUP_CACHE',
  'LOOKUP_CACHE_SIZE',
  'LOOKUP_CACHE_SHIFT',
  'LOOKUP_CACHE_HASH',
  'LOOKUP_CACHE_KEY0_EMPTY',
  'NODE_FLOW_CACHE',
  'FLOW_CACHE_SIZE',
  'FLOW_CACHE_SHIFT',
  'FLOW_SET_SHIFT',
  'FLOW_CACHE_HASH',
  'FLOW_WAY',
  'FW_DST',
  'FW_SRC',
  'FW_IIF',
  'FW_NH',
  'FW_RING',
  'FW_MTU',
  'FW_OIF',
  'FW_COUNTER',
  'FW_OUTER_SUM',
  'FW_HEADER',
  'FW_OUTER_ADDRS',
  'NODE_CTX_SIZE',
  'FLUSH_MAX',
  'OWN_BASE',
  'OWN_SIZE',
  'OWN_LOCAL_IP',
  'OWN_LOCAL_NH',
  'OWN_NH',
  'OWN_MAX_SIZE',
  'PT_NUMBER',
  'PT_LOAD_MS',
  'PT_SILENCE_MS',
  'PT_HDR_SIZE',
  'PEER_ADDR',
  'PEER_RATE_LAST',
  'PEER_N_REDIRECTS',
  'PEER_LIVE',
  'PEER_SIZE',
  'PEER_CAPACITY',
  'PT_SIZE',
  'IF_KIND',
  'IF_MTU',
  'IF_IP',
  'IF_FLAGS',
  'IF_MAC',
  'IF_PEER_MAC',
  'IF_PEER_IP',
  'IF_RX_RING',
  'IF_TX_RING',
  'IF_COUNTERS',
  'IF_IFINDEX',
  'IF_NEIGH',
  'IF_INBOX_TABLE',
  'IF_SIZE',
  'IF_UPLINK',
  'IF_TUNL0',
  'IF_FIRST_CALI',
  'IFK_UPLINK',
  'IFK_TUNL',
  'IFK_CALI',
  'IFF_UP',
  'IFF_FORWARDING',
  'IFF_PROXY_ARP',
  'IFF_CAPTURE_RX',
  'IFF_CAPTURE_TX',
  'IFF_NOARP',
  'IFF_HOST_WIRE',
  'IFF_PRESENT',
  'CAPTURE_RX',
  'CAPTURE_TX',
  'NH_KIND',
  'NH_OIF',
  'NH_DST_MAC',
  'NH_GW',
  'NH_GW_HI',
  'NH_GW_LO',
  'NH_PMTU',
  'NH_PMTU_EXPIRES',
  'NH_LINK',
  'NH_DST_NODE',
  'NH_TUNNEL_NH',
  'NH_OIF_MAX',
  'NH_SIZE',
  'NODE_EXTERNAL',
  'NH_NONE',
  'NHK_LOCAL',
  'NHK_CALI',
  'NHK_ONLINK_TUNL0',
  'NHK_NEIGH',
  'NHK_CONNECTED',
  'NHK_BLACKHOLE',
  'NHK_UNREACHABLE',
  'NHK_PROHIBIT',
  'NHK_NEIGH_ARP',
  'NHK_BROADCAST',
  'NC_RX',
  'NC_TX_WIRE',
  'NC_DELIVERED_POD',
  'NC_DELIVERED_HOST',
  'NC_CREATED_ICMP',
  'NC_CREATED_ARP',
  'NC_CREATED_FRAG',
  'NC_FORWARDED',
  'NC_ENCAP',
  'NC_DECAP',
  'NC_ICMP_ERRORS',
  'NC_ECHO_REPLIES',
  'NC_FRAGMENTED',
  'NC_NEIGH_QUEUED',
  'NC_NEIGH_RELEASED',
  'NC_REDIRECTS',
  'NC_REDIRECTS_LIMITED',
  'NC_REASM_QUEUED',
  'NC_REASM_RELEASED',
  'NC_REASM_OKS',
  'NC_CREATED_TCP',
  'NC_DROP_BASE',
  'NC_COUNT',
  'IC_RX_PACKETS',
  'IC_RX_BYTES',
  'IC_TX_PACKETS',
  'IC_TX_BYTES',
  'IC_RX_DROPS',
  'IC_TX_DROPS',
  'IC_COUNT',
  'DROP_ETH_TRUNCATED',
  'DROP_ETH_NOT_FOR_US',
  'DROP_ETH_UNKNOWN_TYPE',
  'DROP_RX_OVER_MTU',
  'DROP_ARP_MALFORMED',
  'DROP_ARP_NOT_REQUEST',
  'DROP_ARP_NO_PROXY',
  'DROP_ARP_MARTIAN',
  'DROP_IP_TRUNCATED',
  'DROP_IP_BAD_VERSION',
  'DROP_IP_BAD_IHL',
  'DROP_IP_BAD_TOTAL_LEN',
  'DROP_IP_BAD_CHECKSUM',
  'DROP_IP_MARTIAN_SRC',
  'DROP_IP_MARTIAN_DST',
  'DROP_L2_BROADCAST',
  'DROP_TTL_EXCEEDED',
  'DROP_NO_ROUTE',
  'DROP_BLACKHOLE',
  'DROP_UNREACHABLE',
  'DROP_PROHIBIT',
  'DROP_FRAG_NEEDED',
  'DROP_NEIGH_MISS',
  'DROP_RING_FULL',
  'DROP_TOO_BIG_FOR_SLOT',
  'DROP_IPIP_INNER_MALFORMED',
  'DROP_IPIP_ECN',
  'DROP_IPIP_NO_TUNNEL',
  'DROP_REASSEMBLY',
  'DROP_FRAG_OPTIONS',
  'DROP_IFACE_DOWN',
  'DROP_NOT_FORWARDING',
  'DROP_BAD_DESCRIPTOR',
  'DROP_IP_BAD_OPTIONS',
  'DROP_IP_SOURCE_ROUTE',
  'DROP_RP_FILTER',
  'DROP_CT_FULL',
  'DROP_IPVS_NO_DEST',
  'DROP_NAT_NO_PORT',
  'DROP_NEIGH_QUEUE_FULL',
  'DROP_NEIGH_FAILED',
  'DROP_NEIGH_TABLE_FULL',
  'DROP_IP_LOCAL_SRC',
  'DROP_REASM_DUP',
  'DROP_REASM_OVERLAP',
  'DROP_REASM_INVALID',
  'DROP_REASM_TIMEOUT',
  'DROP_REASM_OVERSIZE',
  'DROP_REASM_ECN',
  'DROP_REASM_RUNS',
  'DROP_COUNT',
  'V_DONE',
  'NODE_NOW_MS',
  'NODE_VS_TABLE',
  'NODE_VS_MASK',
  'NODE_RS_TABLE',
  'NODE_CT_TABLE',
  'NODE_CT_MASK',
  'NODE_CT_LIVE',
  'VS_IP',
  'VS_PORT',
  'VS_PROTO',
  'VS_FLAGS',
  'VS_RS_FIRST',
  'VS_RS_COUNT',
  'VS_RR_NEXT',
  'VS_PERSIST_MS',
  'VS_NETMASK',
  'VS_SIZE',
  'VS_PROBE_MAX',
  'VSF_USED',
  'VSF_MASQ',
  'VSF_PERSIST',
  'RS_IP',
  'RS_PORT',
  'RS_SIZE',
  'CT_SRC',
  'CT_DST',
  'CT_SPORT',
  'CT_DPORT',
  'CT_PROTO',
  'CT_DIR',
  'CT_STATE',
  'CT_USED',
  'CT_PEER',
  'CT_EXPIRES',
  'CT_RS',
  'CT_VS',
  'CT_CTL_UNTIL',
  'CT_SIZE',
  'CT_WAYS',
  'CT_NONE',
  'CT_DIR_ORIGINAL',
  'CT_DIR_REPLY',
  'CT_DIR_TEMPLATE',
  'CTU_USED',
  'CTU_CONTROLLED',
  'CTPL_S_ASSURED',
  'CTPL_REARMED',
  'CTPL_REARM_MS',
  'FTPPORT',
  'CTS_NONE',
  'CTS_ESTABLISHED',
  'CTS_SYN_SENT',
  'CTS_SYN_RECV',
  'CTS_FIN_WAIT',
  'CTS_TIME_WAIT',
  'CTS_CLOSE',
  'CTS_CLOSE_WAIT',
  'CTS_LAST_ACK',
  'CTS_LISTEN',
  'CTS_SYNACK',
  'CTS_UDP',
  'CTS_COUNT',
  'NT_CAPACITY',
  'NT_IFACE',
  'NT_BUCKETS',
  'NT_BUCKET_MASK',
  'NT_ENTRIES',
  'NT_FREE',
  'NT_QUEUE',
  'NT_QUEUE_SLOTS',
  'NT_QUEUE_FREE',
  'NT_REACHABLE_TIME',
  'NT_LAST_RAND',
  'NT_RNG',
  'NT_SLOT_SIZE',
  'NT_ARP_FRAME',
  'NT_SIZE',
  'NE_IP',
  'NE_MAC',
  'NE_STATE',
  'NE_PROBES',
  'NE_DST_NODE',
  'NE_NEXT',
  'NE_CONFIRMED',
  'NE_USED',
  'NE_UPDATED',
  'NE_TIMER',
  'NE_Q_HEAD',
  'NE_Q_TAIL',
  'NE_Q_LEN',
  'NE_OWNER',
  'NE_OWNER_MAC',
  'NE_FLAGS',
  'NE_SIZE',
  'NE_NONE',
  'NEF_IN_USE',
  'NEF_RESERVED',
  'NEF_TIMER',
  'NQ_NEXT',
  'NQ_LEN',
  'NQ_META',
  'NUD_NONE',
  'NUD_INCOMPLETE',
  'NUD_REACHABLE',
  'NUD_STALE',
  'NUD_DELAY',
  'NUD_PROBE',
  'NUD_FAILED',
  'NUD_NOARP',
  'NUD_PERMANENT',
  'NUD_IN_TIMER',
  'NUD_VALID',
  'NUD_CONNECTED',
  'NEIGH_BASE_REACHABLE_MS',
  'NEIGH_RETRANS_MS',
  'NEIGH_DELAY_PROBE_MS',
  'NEIGH_LOCKTIME_MS',
  'NEIGH_RERAND_MS',
  'NEIGH_MIN_TIMER_MS',
  'NEIGH_UCAST_PROBES',
  'NEIGH_MCAST_PROBES',
  'NEIGH_UNRES_QLEN',
  'RA_COUNT',
  'RA_QUEUES',
  'RA_BUFS',
  'RA_HDR_SIZE',
  'RQ_SADDR',
  'RQ_DADDR',
  'RQ_ID',
  'RQ_PROTO',
  'RQ_FLAGS',
  'RQ_LEN',
  'RQ_MEAT',
  'RQ_EXPIRES',
  'RQ_IIF',
  'RQ_MAX_SIZE',
  'RQ_MAX_DF_SIZE',
  'RQ_ECN',
  'RQ_HEAD_HL',
  'RQ_HEAD_BCAST',
  'RQ_RUN_COUNT',
  'RQ_HEAD_META',
  'RQ_TAIL_OFF',
  'RQ_TAIL_LEN',
  'RQ_LAST_RUN',
  'RQ_HEAD_QUOTE',
  'RQ_HEAD_OPTS',
  'RQ_FRAGS',
  'RQ_DONE_RX',
  'RQ_BUF',
  'RQ_RUNS',
  'RQ_RUN_SIZE',
  'RQ_RUNS_MAX',
  'RQ_SIZE',
  'RQF_LAST_IN',
  'RQF_FIRST_IN',
  'RQF_LIVE',
  'RQF_DONE',
  'REASM_DATA',
  'REASM_DATA_MAX',
  'REASM_BUF_SIZE',
  'REASM_MAX_LEN',
  'IPFRAG_TIME_MS',
  'REASM_QUEUES_MAX',
];
