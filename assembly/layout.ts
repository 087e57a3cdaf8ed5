// The one binary layout of the simulator's shared memory. Every offset, size and enum that
// both engines (this WASM core and the TypeScript reference engine) read is defined HERE;
// host/layout.ts mirrors the values and test/layout checks, through `layoutValue(i)`, that
// the mirror agrees with what this module was compiled with.
//
// Our own structures are little-endian and naturally aligned (u32 at 4, f64 at 8); packet
// bytes are network order and only the wire/ views touch them.
//
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
// Node region: context, interface table, next-hop table, counters, scratch, LPM:
//
//   ┌──────────┬───────────────────┬──────────────────┬─────────────┬────────────────┬───────────┬─────┐
//   │ NODE_    │ IF_SIZE × ifCount │ NH_SIZE × nhCount│ node ctrs   │ iface ctrs     │ 2 scratch │ LPM │
//   │ CTX_SIZE │ 0 ens160, 1 tunl0,│ adjacencies      │ f64 × NC_   │ f64 × IC_COUNT │ slots     │     │
//   │          │ 2.. cali (pods)   │                  │ COUNT       │ × ifCount      │ + flush   │     │
//   └──────────┴───────────────────┴──────────────────┴─────────────┴────────────────┴───────────┴─────┘

// ─── global header (at LAYOUT_BASE) ────────────────────────────────────────────────────────
//   ┌────────┬─────────┬────────────┬────────────┬─────────┬───────────┬────────────┬──────────┐
//   │ magic  │ version │ totalBytes │ nodeCount  │ workers │ inboxes/  │ nodeTable  │ inboxTbl │
//   │ 0      │ 4       │ 8          │ 12         │ 16      │ node 20   │ 24         │ 28       │
//   └────────┴─────────┴────────────┴────────────┴─────────┴───────────┴────────────┴──────────┘
//   nodeTable = u32[nodeCount] node context pointers; inboxTbl = u32[nodeCount × inboxes]
//   ring pointers: inbox[node][w] for producing worker w < workers, inbox[node][workers] is
//   the EXTERNAL inbox the host feeds (the gateway / the outside world / a fuzzer).

// @ts-ignore: decorator
@inline export const LAYOUT_BASE: u32 = 65536; // AS statics live below; a test checks __heap_base
// @ts-ignore: decorator
@inline export const LAYOUT_MAGIC: u32 = 0x43495053; // "SPIC" little-endian: calico-ipip-sim
// @ts-ignore: decorator
@inline export const LAYOUT_VERSION: u32 = 2; // 2: 16-byte next hops
// @ts-ignore: decorator
@inline export const CACHE_LINE: u32 = 64;

// @ts-ignore: decorator
@inline export const GH_MAGIC: u32 = 0;
// @ts-ignore: decorator
@inline export const GH_VERSION: u32 = 4;
// @ts-ignore: decorator
@inline export const GH_TOTAL_BYTES: u32 = 8;
// @ts-ignore: decorator
@inline export const GH_NODE_COUNT: u32 = 12;
// @ts-ignore: decorator
@inline export const GH_WORKERS: u32 = 16;
// @ts-ignore: decorator
@inline export const GH_INBOXES_PER_NODE: u32 = 20; // = workers + 1 (the external inbox)
// @ts-ignore: decorator
@inline export const GH_NODE_TABLE: u32 = 24;
// @ts-ignore: decorator
@inline export const GH_INBOX_TABLE: u32 = 28;
// @ts-ignore: decorator
@inline export const GH_SIZE: u32 = CACHE_LINE;

// ─── ring (SPSC) ─────────────────────────────────────────────────────────────────────────
//   ring ─► ┌──────────────────────── line 0: written once by the builder ───────────────┐
//           │ slotCount u32 @0 │ mask u32 @4 │ slots ptr @8 │ ringId @12 │ kind @16      │
//           ├──────────────────────── line 1: PRODUCER only ─────────────────────────────┤
//           │ head @64 (published, atomic store once per burst) │ headShadow @68        │
//           │ tailCache @72 (tail as last loaded)  │ touched @76 (on a node flush list)  │
//           ├──────────────────────── line 2: CONSUMER only ─────────────────────────────┤
//           │ tail @128 (published, atomic store once per burst)                         │
//           └────────────────────────────────────────────────────────────────────────────┘
//   slots ─► slot[i & mask], SLOT_SIZE bytes each:
//           ┌─────────┬─────────┬──────────┬─────────┬──────────── headroom ─┬────────────┐
//           │ len u32 │ off u32 │ meta u32 │ spare   │ ≥ 20 B free so encap  │ frame …    │
//           │ 0       │ 4       │ 8        │ 12      │ moves `off` back 20 B │ @ off      │
//           └─────────┴─────────┴──────────┴─────────┴───────────────────────┴────────────┘
//   head and tail are free-running u32 indices: used = head - tail (mod 2^32) ≤ slotCount.
//   A producer pushing into a full ring drops (counted), never overwrites, never spins.
//   Push always stores the frame at off = SLOT_HEADROOM; `meta` is an opaque u32 the
//   producer chooses (a generator's sequence or timestamp) carried to the output slot.

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
@inline export const RING_HEAD: u32 = CACHE_LINE; // producer line
// @ts-ignore: decorator
@inline export const RING_HEAD_SHADOW: u32 = RING_HEAD + 4;
// @ts-ignore: decorator
@inline export const RING_TAIL_CACHE: u32 = RING_HEAD + 8;
// @ts-ignore: decorator
@inline export const RING_TOUCHED: u32 = RING_HEAD + 12;
// @ts-ignore: decorator
@inline export const RING_TAIL: u32 = 2 * CACHE_LINE; // consumer line
// @ts-ignore: decorator
@inline export const RING_HDR_SIZE: u32 = 3 * CACHE_LINE;

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
@inline export const SLOT_SIZE: u32 = 2048;
// @ts-ignore: decorator
@inline export const SLOT_LEN: u32 = 0;
// @ts-ignore: decorator
@inline export const SLOT_OFF: u32 = 4;
// @ts-ignore: decorator
@inline export const SLOT_META: u32 = 8;
// @ts-ignore: decorator
@inline export const SLOT_HDR_SIZE: u32 = 16;
// @ts-ignore: decorator
@inline export const SLOT_HEADROOM: u32 = 64; // 16 B header + 48 B free ≥ one 20 B outer header
// @ts-ignore: decorator
@inline export const SLOT_MAX_FRAME: u32 = SLOT_SIZE - SLOT_HEADROOM; // 1984 ≥ 1518

// ─── node context (NODE_CTX_SIZE, 64-aligned) ───────────────────────────────────────────
//   ┌──────┬────────┬────────┬─────────┬─────────┬─────────┬─────────┬──────────┬─────────┐
//   │ id 0 │ worker │ nodeIp │ tunl0Ip │ ifTable │ ifCount │ lpmBase │ nhTable  │ nhCount │
//   │      │ 4      │ 8      │ 12      │ 16      │ 20      │ 24      │ 28       │ 32      │
//   ├──────┴──┬─────┴────┬───┴───────┬─┴───────┬─┴─────────┴──┬──────┴───────┬──┴─────────┤
//   │counters │ ifCtrs   │ ipIdSeq   │ flags   │ flushCount   │ flushList    │ inboxTable │
//   │ 36      │ 40       │ 44        │ 48      │ 52           │ 56           │ 60         │
//   ├─────────┼──────────┼───────────┼─────────┴──────────────┴──────────────┴────────────┤
//   │inboxCnt │ scratch0 │ scratch1  │ spare to 128                                       │
//   │ 64      │ 68       │ 72        │                                                    │
//   └─────────┴──────────┴───────────┴────────────────────────────────────────────────────┘
//   ipIdSeq: the node's own IP ID sequence (outer IPIP headers, ICMP errors, echo replies);
//   Linux hashes a per-destination counter with a boot-random key, which no simulator can
//   reproduce, so we use one deterministic counter per node (the builder may seed it).
//   flushList: u32[FLUSH_MAX] producer rings touched in the current step (published at the
//   end of the step, or early when the list is full: early publishing is always correct).

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
@inline export const NODE_FLAGS: u32 = 48;
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
@inline export const NODE_CTX_SIZE: u32 = 2 * CACHE_LINE;
// @ts-ignore: decorator
@inline export const FLUSH_MAX: u32 = 64;

// ─── interface record (IF_SIZE) ─────────────────────────────────────────────────────────
//   ┌────────┬───────┬──────────┬─────────┬────────────────┬────────────────┬──────────┐
//   │ kind 0 │ mtu 4 │ ipv4 8   │ flags 12│ own MAC 16..22 │ peer MAC 24..30│ peerIp 32│
//   ├────────┴──┬────┴─────┬────┴────┬────┴────────┬───────┴────────────────┴──────────┤
//   │ rxRing 36 │ txRing 40│ ctrs 44 │ ifindex 48  │ spare to 64                       │
//   └───────────┴──────────┴─────────┴─────────────┴───────────────────────────────────┘
//   Index 0 = uplink (ens160: rx = the node's inboxes, tx = other nodes' inboxes, no rings
//   here), 1 = tunl0 (virtual, no rings), 2.. = one cali per pod. For a cali, peer MAC/IP
//   are the pod's eth0: Linux would ARP for the pod; we store the resolved neighbour.

// @ts-ignore: decorator
@inline export const IF_KIND: u32 = 0;
// @ts-ignore: decorator
@inline export const IF_MTU: u32 = 4;
// @ts-ignore: decorator
@inline export const IF_IP: u32 = 8;
// @ts-ignore: decorator
@inline export const IF_FLAGS: u32 = 12;
// @ts-ignore: decorator
@inline export const IF_MAC: u32 = 16;
// @ts-ignore: decorator
@inline export const IF_PEER_MAC: u32 = 24;
// @ts-ignore: decorator
@inline export const IF_PEER_IP: u32 = 32;
// @ts-ignore: decorator
@inline export const IF_RX_RING: u32 = 36;
// @ts-ignore: decorator
@inline export const IF_TX_RING: u32 = 40;
// @ts-ignore: decorator
@inline export const IF_COUNTERS: u32 = 44;
// @ts-ignore: decorator
@inline export const IF_IFINDEX: u32 = 48;
// @ts-ignore: decorator
@inline export const IF_SIZE: u32 = CACHE_LINE;

// @ts-ignore: decorator
@inline export const IF_UPLINK: u32 = 0;
// @ts-ignore: decorator
@inline export const IF_TUNL0: u32 = 1;
// @ts-ignore: decorator
@inline export const IF_FIRST_CALI: u32 = 2;

// @ts-ignore: decorator
@inline export const IFK_UPLINK: u32 = 1;
// @ts-ignore: decorator
@inline export const IFK_TUNL: u32 = 2;
// @ts-ignore: decorator
@inline export const IFK_CALI: u32 = 3;

// interface flags
// @ts-ignore: decorator
@inline export const IFF_UP: u32 = 1;
// @ts-ignore: decorator
@inline export const IFF_FORWARDING: u32 = 2; // net.ipv4.conf.<if>.forwarding
// @ts-ignore: decorator
@inline export const IFF_PROXY_ARP: u32 = 4; // net.ipv4.conf.<if>.proxy_arp
// @ts-ignore: decorator
@inline export const IFF_CAPTURE_RX: u32 = 8; // call the capture hook on every received frame
// @ts-ignore: decorator
@inline export const IFF_CAPTURE_TX: u32 = 16; // … and on every transmitted frame
// @ts-ignore: decorator
@inline export const IFF_NOARP: u32 = 32; // tunl0

// capture directions (argument of env.capture)
// @ts-ignore: decorator
@inline export const CAPTURE_RX: u32 = 0;
// @ts-ignore: decorator
@inline export const CAPTURE_TX: u32 = 1;

// ─── next hop / adjacency record (NH_SIZE) ──────────────────────────────────────────────
//   ┌──────────┬───────┬───────────┬────────────────────────────┬─────────┬──────────────┐
//   │ kind u8 0│ pad 1 │ oif u16 2 │ dst MAC 4..9  ┊  gw u32 4  │ pad 10  │ link u32 12  │
//   └──────────┴───────┴───────────┴────────────────────────────┴─────────┴──────────────┘
//   16 bytes: at 5000 nodes every node holds ~10 000 next hops, so the record's size is a
//   large share of the whole image. Two pairs of fields share bytes, chosen by kind:
//   - bytes 4..9: dst MAC for CALI and NEIGH (the frame's destination); gw (u32 at 4) for
//     ONLINK_TUNL0 only (the outer destination). No kind needs both: an ONLINK_TUNL0 next hop
//     sends through its tunnelNh's MAC, and a NEIGH's gateway address is not needed once its
//     MAC is resolved.
//   - link (u32 at 12): dstNode for every kind but ONLINK_TUNL0 = the node owning dst MAC on
//     the wire, or NODE_EXTERNAL (the default gateway and anything else outside the
//     simulated cluster: counted as delivered-external); tunnelNh for ONLINK_TUNL0 = the
//     adjacency of the outer destination, resolved by the builder with the same lookup Linux
//     does for the outer packet (so encap needs no second lookup per packet; routes are
//     static during a run).
//   oif is u16: a /20 block gives a node up to 4096 pods, so 4098 interfaces.
//   The LPM value is an index into this table (VPP: a FIB entry points at an adjacency).
//   Every field is aligned for its width (the TS twin reads them as U8/U16/U32 views).

// @ts-ignore: decorator
@inline export const NH_KIND: u32 = 0; // u8
// @ts-ignore: decorator
@inline export const NH_OIF: u32 = 2; // u16
// @ts-ignore: decorator
@inline export const NH_DST_MAC: u32 = 4; // 6 octets; CALI, NEIGH
// @ts-ignore: decorator
@inline export const NH_GW: u32 = 4; // u32; ONLINK_TUNL0 (shares bytes 4..7 with dst MAC)
// @ts-ignore: decorator
@inline export const NH_LINK: u32 = 12; // u32: dstNode or tunnelNh, by kind
// @ts-ignore: decorator
@inline export const NH_DST_NODE: u32 = NH_LINK; // every kind but ONLINK_TUNL0
// @ts-ignore: decorator
@inline export const NH_TUNNEL_NH: u32 = NH_LINK; // ONLINK_TUNL0
// @ts-ignore: decorator
@inline export const NH_OIF_MAX: u32 = 0xffff;
// @ts-ignore: decorator
@inline export const NH_SIZE: u32 = 16;
// @ts-ignore: decorator
@inline export const NODE_EXTERNAL: u32 = 0xffffffff;
// @ts-ignore: decorator
@inline export const NH_NONE: u32 = 0xffffffff;

// next-hop kinds
// @ts-ignore: decorator
@inline export const NHK_LOCAL: u32 = 1; // an address of this host: deliver to the host stack
// @ts-ignore: decorator
@inline export const NHK_CALI: u32 = 2; // <pod>/32 dev caliX: to the pod (dst MAC = pod eth0)
// @ts-ignore: decorator
@inline export const NHK_ONLINK_TUNL0: u32 = 3; // <block> via <node> dev tunl0 onlink: encap
// @ts-ignore: decorator
@inline export const NHK_NEIGH: u32 = 4; // resolved neighbour on ens160 (adj-fib /32, or via gw)
// @ts-ignore: decorator
@inline export const NHK_CONNECTED: u32 = 5; // <subnet> dev ens160 without a neighbour: glean
// @ts-ignore: decorator
@inline export const NHK_BLACKHOLE: u32 = 6;
// @ts-ignore: decorator
@inline export const NHK_UNREACHABLE: u32 = 7;
// @ts-ignore: decorator
@inline export const NHK_PROHIBIT: u32 = 8;

// ─── counters (f64: exact to 2^53; a u32 wraps in minutes at 10 Mpps, BigInt is slow in
// JS, and an f64 add is one instruction in both engines) ─────────────────────────────────
// Per-node accounting invariant, true at every step boundary:
//   NC_RX + NC_CREATED_* = NC_DELIVERED_* + Σ drops + NC_TX_WIRE
// and cluster-wide at quiescence (all input rings empty):
//   generated (frames the host pushed) + Σ created = Σ delivered + Σ drops.

// @ts-ignore: decorator
@inline export const NC_RX: u32 = 0; // frames taken from any input ring
// @ts-ignore: decorator
@inline export const NC_TX_WIRE: u32 = 1; // frames written into another node's inbox
// @ts-ignore: decorator
@inline export const NC_DELIVERED_POD: u32 = 2; // written into a cali tx ring
// @ts-ignore: decorator
@inline export const NC_DELIVERED_HOST: u32 = 3; // consumed by the host stack
// @ts-ignore: decorator
@inline export const NC_DELIVERED_EXTERNAL: u32 = 4; // sent on ens160 to outside the cluster
// @ts-ignore: decorator
@inline export const NC_CREATED_ICMP: u32 = 5; // ICMP errors and echo replies
// @ts-ignore: decorator
@inline export const NC_CREATED_ARP: u32 = 6; // ARP replies (proxy or own address)
// @ts-ignore: decorator
@inline export const NC_CREATED_FRAG: u32 = 7; // fragments beyond the first
// @ts-ignore: decorator
@inline export const NC_FORWARDED: u32 = 8; // informational from here on
// @ts-ignore: decorator
@inline export const NC_ENCAP: u32 = 9;
// @ts-ignore: decorator
@inline export const NC_DECAP: u32 = 10;
// @ts-ignore: decorator
@inline export const NC_ICMP_ERRORS: u32 = 11;
// @ts-ignore: decorator
@inline export const NC_ECHO_REPLIES: u32 = 12;
// @ts-ignore: decorator
@inline export const NC_FRAGMENTED: u32 = 13; // packets split
// @ts-ignore: decorator
@inline export const NC_DROP_BASE: u32 = 16; // + DropReason
// @ts-ignore: decorator
@inline export const NC_COUNT: u32 = NC_DROP_BASE + 40;

// per-interface counters
// @ts-ignore: decorator
@inline export const IC_RX_PACKETS: u32 = 0;
// @ts-ignore: decorator
@inline export const IC_RX_BYTES: u32 = 1;
// @ts-ignore: decorator
@inline export const IC_TX_PACKETS: u32 = 2;
// @ts-ignore: decorator
@inline export const IC_TX_BYTES: u32 = 3;
// @ts-ignore: decorator
@inline export const IC_RX_DROPS: u32 = 4; // dropped while processing a frame received here
// @ts-ignore: decorator
@inline export const IC_TX_DROPS: u32 = 5; // ring full / too big on the way out here
// @ts-ignore: decorator
@inline export const IC_COUNT: u32 = 8;

// ─── drop reasons (VPP error counters: index NC_DROP_BASE + reason) ─────────────────────
// @ts-ignore: decorator
@inline export const DROP_ETH_TRUNCATED: u32 = 0;
// @ts-ignore: decorator
@inline export const DROP_ETH_NOT_FOR_US: u32 = 1; // dst MAC neither ours nor broadcast
// @ts-ignore: decorator
@inline export const DROP_ETH_UNKNOWN_TYPE: u32 = 2;
// @ts-ignore: decorator
@inline export const DROP_RX_OVER_MTU: u32 = 3; // frame > mtu + 14 + 4 (is_skb_forwardable)
// @ts-ignore: decorator
@inline export const DROP_ARP_MALFORMED: u32 = 4;
// @ts-ignore: decorator
@inline export const DROP_ARP_NOT_REQUEST: u32 = 5; // replies: Linux learns, we only count
// @ts-ignore: decorator
@inline export const DROP_ARP_NO_PROXY: u32 = 6; // arp_process: own IP, egress = ingress, no unicast route
// @ts-ignore: decorator
@inline export const DROP_ARP_MARTIAN: u32 = 7; // multicast/loopback target or sender
// @ts-ignore: decorator
@inline export const DROP_IP_TRUNCATED: u32 = 8;
// @ts-ignore: decorator
@inline export const DROP_IP_BAD_VERSION: u32 = 9;
// @ts-ignore: decorator
@inline export const DROP_IP_BAD_IHL: u32 = 10;
// @ts-ignore: decorator
@inline export const DROP_IP_BAD_TOTAL_LEN: u32 = 11;
// @ts-ignore: decorator
@inline export const DROP_IP_BAD_CHECKSUM: u32 = 12;
// @ts-ignore: decorator
@inline export const DROP_IP_MARTIAN_SRC: u32 = 13;
// @ts-ignore: decorator
@inline export const DROP_IP_MARTIAN_DST: u32 = 14;
// @ts-ignore: decorator
@inline export const DROP_L2_BROADCAST: u32 = 15; // not PACKET_HOST: ip_forward drops it
// @ts-ignore: decorator
@inline export const DROP_TTL_EXCEEDED: u32 = 16;
// @ts-ignore: decorator
@inline export const DROP_NO_ROUTE: u32 = 17;
// @ts-ignore: decorator
@inline export const DROP_BLACKHOLE: u32 = 18;
// @ts-ignore: decorator
@inline export const DROP_UNREACHABLE: u32 = 19;
// @ts-ignore: decorator
@inline export const DROP_PROHIBIT: u32 = 20;
// @ts-ignore: decorator
@inline export const DROP_FRAG_NEEDED: u32 = 21; // DF set and over the egress MTU
// @ts-ignore: decorator
@inline export const DROP_NEIGH_MISS: u32 = 22; // glean: Linux would ARP, then host-unreachable
// @ts-ignore: decorator
@inline export const DROP_RING_FULL: u32 = 23;
// @ts-ignore: decorator
@inline export const DROP_TOO_BIG_FOR_SLOT: u32 = 24;
// @ts-ignore: decorator
@inline export const DROP_IPIP_INNER_MALFORMED: u32 = 25;
// @ts-ignore: decorator
@inline export const DROP_IPIP_ECN: u32 = 26; // outer CE, inner not-ECT
// @ts-ignore: decorator
@inline export const DROP_IPIP_NO_TUNNEL: u32 = 27; // proto 4 to a node without tunl0
// @ts-ignore: decorator
@inline export const DROP_REASSEMBLY: u32 = 28; // a fragment for local delivery: out of scope
// @ts-ignore: decorator
@inline export const DROP_FRAG_OPTIONS: u32 = 29; // fragmenting a header with options: out of scope
// @ts-ignore: decorator
@inline export const DROP_IFACE_DOWN: u32 = 30;
// @ts-ignore: decorator
@inline export const DROP_NOT_FORWARDING: u32 = 31;
// @ts-ignore: decorator
@inline export const DROP_BAD_DESCRIPTOR: u32 = 32; // slot len/off from the producer out of range
// @ts-ignore: decorator
@inline export const DROP_COUNT: u32 = 33;

// ─── stage verdicts (returned by stages; never stored) ──────────────────────────────────
// @ts-ignore: decorator
@inline export const V_DONE: i32 = 0; // the frame was sent, delivered or counted as dropped

/** Every value above, in a fixed order, so the host can check its mirror (host/layout.ts
 *  LAYOUT_NAMES lists the names in the same order). Returns 0xFFFFFFFF past the end. */
export function layoutValue(i: i32): u32 {
  switch (i) {
    case 0: return <u32>LAYOUT_BASE;
    case 1: return <u32>LAYOUT_MAGIC;
    case 2: return <u32>LAYOUT_VERSION;
    case 3: return <u32>CACHE_LINE;
    case 4: return <u32>GH_MAGIC;
    case 5: return <u32>GH_VERSION;
    case 6: return <u32>GH_TOTAL_BYTES;
    case 7: return <u32>GH_NODE_COUNT;
    case 8: return <u32>GH_WORKERS;
    case 9: return <u32>GH_INBOXES_PER_NODE;
    case 10: return <u32>GH_NODE_TABLE;
    case 11: return <u32>GH_INBOX_TABLE;
    case 12: return <u32>GH_SIZE;
    case 13: return <u32>RING_SLOT_COUNT;
    case 14: return <u32>RING_MASK;
    case 15: return <u32>RING_SLOTS;
    case 16: return <u32>RING_ID;
    case 17: return <u32>RING_KIND;
    case 18: return <u32>RING_HEAD;
    case 19: return <u32>RING_HEAD_SHADOW;
    case 20: return <u32>RING_TAIL_CACHE;
    case 21: return <u32>RING_TOUCHED;
    case 22: return <u32>RING_TAIL;
    case 23: return <u32>RING_HDR_SIZE;
    case 24: return <u32>RING_KIND_POD_RX;
    case 25: return <u32>RING_KIND_POD_TX;
    case 26: return <u32>RING_KIND_INBOX;
    case 27: return <u32>RING_KIND_EXTERNAL;
    case 28: return <u32>SLOT_SIZE;
    case 29: return <u32>SLOT_LEN;
    case 30: return <u32>SLOT_OFF;
    case 31: return <u32>SLOT_META;
    case 32: return <u32>SLOT_HDR_SIZE;
    case 33: return <u32>SLOT_HEADROOM;
    case 34: return <u32>SLOT_MAX_FRAME;
    case 35: return <u32>NODE_ID;
    case 36: return <u32>NODE_WORKER;
    case 37: return <u32>NODE_IP;
    case 38: return <u32>NODE_TUNL0_IP;
    case 39: return <u32>NODE_IF_TABLE;
    case 40: return <u32>NODE_IF_COUNT;
    case 41: return <u32>NODE_LPM_BASE;
    case 42: return <u32>NODE_NH_TABLE;
    case 43: return <u32>NODE_NH_COUNT;
    case 44: return <u32>NODE_COUNTERS;
    case 45: return <u32>NODE_IF_COUNTERS;
    case 46: return <u32>NODE_IP_ID_SEQ;
    case 47: return <u32>NODE_FLAGS;
    case 48: return <u32>NODE_FLUSH_COUNT;
    case 49: return <u32>NODE_FLUSH_LIST;
    case 50: return <u32>NODE_INBOX_TABLE;
    case 51: return <u32>NODE_INBOX_COUNT;
    case 52: return <u32>NODE_SCRATCH0;
    case 53: return <u32>NODE_SCRATCH1;
    case 54: return <u32>NODE_CTX_SIZE;
    case 55: return <u32>FLUSH_MAX;
    case 56: return <u32>IF_KIND;
    case 57: return <u32>IF_MTU;
    case 58: return <u32>IF_IP;
    case 59: return <u32>IF_FLAGS;
    case 60: return <u32>IF_MAC;
    case 61: return <u32>IF_PEER_MAC;
    case 62: return <u32>IF_PEER_IP;
    case 63: return <u32>IF_RX_RING;
    case 64: return <u32>IF_TX_RING;
    case 65: return <u32>IF_COUNTERS;
    case 66: return <u32>IF_IFINDEX;
    case 67: return <u32>IF_SIZE;
    case 68: return <u32>IF_UPLINK;
    case 69: return <u32>IF_TUNL0;
    case 70: return <u32>IF_FIRST_CALI;
    case 71: return <u32>IFK_UPLINK;
    case 72: return <u32>IFK_TUNL;
    case 73: return <u32>IFK_CALI;
    case 74: return <u32>IFF_UP;
    case 75: return <u32>IFF_FORWARDING;
    case 76: return <u32>IFF_PROXY_ARP;
    case 77: return <u32>IFF_CAPTURE_RX;
    case 78: return <u32>IFF_CAPTURE_TX;
    case 79: return <u32>IFF_NOARP;
    case 80: return <u32>CAPTURE_RX;
    case 81: return <u32>CAPTURE_TX;
    case 82: return <u32>NH_KIND;
    case 83: return <u32>NH_OIF;
    case 84: return <u32>NH_DST_MAC;
    case 85: return <u32>NH_GW;
    case 86: return <u32>NH_LINK;
    case 87: return <u32>NH_DST_NODE;
    case 88: return <u32>NH_TUNNEL_NH;
    case 89: return <u32>NH_OIF_MAX;
    case 90: return <u32>NH_SIZE;
    case 91: return <u32>NODE_EXTERNAL;
    case 92: return <u32>NH_NONE;
    case 93: return <u32>NHK_LOCAL;
    case 94: return <u32>NHK_CALI;
    case 95: return <u32>NHK_ONLINK_TUNL0;
    case 96: return <u32>NHK_NEIGH;
    case 97: return <u32>NHK_CONNECTED;
    case 98: return <u32>NHK_BLACKHOLE;
    case 99: return <u32>NHK_UNREACHABLE;
    case 100: return <u32>NHK_PROHIBIT;
    case 101: return <u32>NC_RX;
    case 102: return <u32>NC_TX_WIRE;
    case 103: return <u32>NC_DELIVERED_POD;
    case 104: return <u32>NC_DELIVERED_HOST;
    case 105: return <u32>NC_DELIVERED_EXTERNAL;
    case 106: return <u32>NC_CREATED_ICMP;
    case 107: return <u32>NC_CREATED_ARP;
    case 108: return <u32>NC_CREATED_FRAG;
    case 109: return <u32>NC_FORWARDED;
    case 110: return <u32>NC_ENCAP;
    case 111: return <u32>NC_DECAP;
    case 112: return <u32>NC_ICMP_ERRORS;
    case 113: return <u32>NC_ECHO_REPLIES;
    case 114: return <u32>NC_FRAGMENTED;
    case 115: return <u32>NC_DROP_BASE;
    case 116: return <u32>NC_COUNT;
    case 117: return <u32>IC_RX_PACKETS;
    case 118: return <u32>IC_RX_BYTES;
    case 119: return <u32>IC_TX_PACKETS;
    case 120: return <u32>IC_TX_BYTES;
    case 121: return <u32>IC_RX_DROPS;
    case 122: return <u32>IC_TX_DROPS;
    case 123: return <u32>IC_COUNT;
    case 124: return <u32>DROP_ETH_TRUNCATED;
    case 125: return <u32>DROP_ETH_NOT_FOR_US;
    case 126: return <u32>DROP_ETH_UNKNOWN_TYPE;
    case 127: return <u32>DROP_RX_OVER_MTU;
    case 128: return <u32>DROP_ARP_MALFORMED;
    case 129: return <u32>DROP_ARP_NOT_REQUEST;
    case 130: return <u32>DROP_ARP_NO_PROXY;
    case 131: return <u32>DROP_ARP_MARTIAN;
    case 132: return <u32>DROP_IP_TRUNCATED;
    case 133: return <u32>DROP_IP_BAD_VERSION;
    case 134: return <u32>DROP_IP_BAD_IHL;
    case 135: return <u32>DROP_IP_BAD_TOTAL_LEN;
    case 136: return <u32>DROP_IP_BAD_CHECKSUM;
    case 137: return <u32>DROP_IP_MARTIAN_SRC;
    case 138: return <u32>DROP_IP_MARTIAN_DST;
    case 139: return <u32>DROP_L2_BROADCAST;
    case 140: return <u32>DROP_TTL_EXCEEDED;
    case 141: return <u32>DROP_NO_ROUTE;
    case 142: return <u32>DROP_BLACKHOLE;
    case 143: return <u32>DROP_UNREACHABLE;
    case 144: return <u32>DROP_PROHIBIT;
    case 145: return <u32>DROP_FRAG_NEEDED;
    case 146: return <u32>DROP_NEIGH_MISS;
    case 147: return <u32>DROP_RING_FULL;
    case 148: return <u32>DROP_TOO_BIG_FOR_SLOT;
    case 149: return <u32>DROP_IPIP_INNER_MALFORMED;
    case 150: return <u32>DROP_IPIP_ECN;
    case 151: return <u32>DROP_IPIP_NO_TUNNEL;
    case 152: return <u32>DROP_REASSEMBLY;
    case 153: return <u32>DROP_FRAG_OPTIONS;
    case 154: return <u32>DROP_IFACE_DOWN;
    case 155: return <u32>DROP_NOT_FORWARDING;
    case 156: return <u32>DROP_BAD_DESCRIPTOR;
    case 157: return <u32>DROP_COUNT;
    case 158: return <u32>V_DONE;
    default: return 0xffffffff;
  }
}
