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

// @ts-ignore: decorator
@inline export const NC_RX: u32 = 0; // frames taken from any input ring
// @ts-ignore: decorator
@inline export const NC_TX_WIRE: u32 = 1; // frames put on the wire: another node's inbox or the uplink tx ring
// @ts-ignore: decorator
@inline export const NC_DELIVERED_POD: u32 = 2; // written into a cali tx ring
// @ts-ignore: decorator
@inline export const NC_DELIVERED_HOST: u32 = 3; // consumed by the host stack
// @ts-ignore: decorator
@inline export const NC_CREATED_ICMP: u32 = 4; // ICMP errors and echo replies
// @ts-ignore: decorator
@inline export const NC_CREATED_ARP: u32 = 5; // ARP replies (proxy or own address), requests and probes
// @ts-ignore: decorator
@inline export const NC_CREATED_FRAG: u32 = 6; // fragments beyond the first
// @ts-ignore: decorator
@inline export const NC_FORWARDED: u32 = 7; // informational from here on
// @ts-ignore: decorator
@inline export const NC_ENCAP: u32 = 8;
// @ts-ignore: decorator
@inline export const NC_DECAP: u32 = 9;
// @ts-ignore: decorator
@inline export const NC_ICMP_ERRORS: u32 = 10;
// @ts-ignore: decorator
@inline export const NC_ECHO_REPLIES: u32 = 11;
// @ts-ignore: decorator
@inline export const NC_FRAGMENTED: u32 = 12; // packets split
// @ts-ignore: decorator
@inline export const NC_NEIGH_QUEUED: u32 = 13; // into a neighbour's arp_queue
// @ts-ignore: decorator
@inline export const NC_NEIGH_RELEASED: u32 = 14; // out of it (sent on resolution, or dropped)
// @ts-ignore: decorator
@inline export const NC_REDIRECTS: u32 = 15; // ICMP redirects sent (ip_rt_send_redirect)
// @ts-ignore: decorator
@inline export const NC_REDIRECTS_LIMITED: u32 = 16; // … and owed but held back by the per-peer limit
// @ts-ignore: decorator
@inline export const NC_REASM_QUEUED: u32 = 17; // fragments taken into a reassembly queue (ip_frag_queue)
// @ts-ignore: decorator
@inline export const NC_REASM_RELEASED: u32 = 18; // out of them: a datagram per queue completed, each fragment of a discarded one
// @ts-ignore: decorator
@inline export const NC_REASM_OKS: u32 = 19; // datagrams reassembled (IPSTATS_MIB_REASMOKS)
// @ts-ignore: decorator
@inline export const NC_CREATED_TCP: u32 = 20; // resets from the node's TCP control socket (tcp_v4_send_reset)
// @ts-ignore: decorator
@inline export const NC_DROP_BASE: u32 = 24; // + DropReason
// @ts-ignore: decorator
@inline export const NC_COUNT: u32 = NC_DROP_BASE + 56; // room for DROP_COUNT reasons

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
@inline export const DROP_ARP_NOT_REQUEST: u32 = 5; // unsolicited: a reply with no entry to update (arp_accept = 0), or any reply where no table is kept
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
@inline export const DROP_NEIGH_MISS: u32 = 22; // glean on an interface without a neighbour table
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
@inline export const DROP_REASSEMBLY: u32 = 28; // a fragment for local delivery and no free reassembly queue (the pool, as ipfrag_high_thresh; none planned)
// @ts-ignore: decorator
@inline export const DROP_FRAG_OPTIONS: u32 = 29; // fragmenting a header with options: out of scope
// @ts-ignore: decorator
@inline export const DROP_IFACE_DOWN: u32 = 30;
// @ts-ignore: decorator
@inline export const DROP_NOT_FORWARDING: u32 = 31;
// @ts-ignore: decorator
@inline export const DROP_BAD_DESCRIPTOR: u32 = 32; // slot len/off from the producer out of range
// @ts-ignore: decorator
@inline export const DROP_IP_BAD_OPTIONS: u32 = 33; // ip_options_compile failed: ICMP 12/0 sent
// @ts-ignore: decorator
@inline export const DROP_IP_SOURCE_ROUTE: u32 = 34; // LSRR/SSRR with accept_source_route=0 (ip_rcv_options)
// @ts-ignore: decorator
@inline export const DROP_RP_FILTER: u32 = 35; // fib_validate_source, rp_filter=1 (every cali): source not back through it
// @ts-ignore: decorator
@inline export const DROP_CT_FULL: u32 = 36; // no free conntrack record in the connection's bucket
// @ts-ignore: decorator
@inline export const DROP_IPVS_NO_DEST: u32 = 37; // a virtual server without real servers: ICMP 3/3 sent (ip_vs_leave)
// @ts-ignore: decorator
@inline export const DROP_NAT_NO_PORT: u32 = 38; // masquerade found no free source port (nf_nat_l4proto_unique_tuple)
// @ts-ignore: decorator
@inline export const DROP_NEIGH_QUEUE_FULL: u32 = 39; // arp_queue over unres_qlen (oldest dropped), or the table's pool empty
// @ts-ignore: decorator
@inline export const DROP_NEIGH_FAILED: u32 = 40; // queued when resolution failed (neigh_invalidate: ICMP 3/1 sent)
// @ts-ignore: decorator
@inline export const DROP_NEIGH_TABLE_FULL: u32 = 41; // no free entry ("neighbour table overflow")
// @ts-ignore: decorator
@inline export const DROP_IP_LOCAL_SRC: u32 = 42; // a source that is one of our own addresses (fib_validate_source, accept_local=0)
// @ts-ignore: decorator
@inline export const DROP_REASM_DUP: u32 = 43; // a fragment wholly inside a run already queued (inet_frag_queue_insert: IPFRAG_DUP)
// @ts-ignore: decorator
@inline export const DROP_REASM_OVERLAP: u32 = 44; // any other overlap: the fragment and its queue's (RFC 5722, IPFRAG_OVERLAP)
// @ts-ignore: decorator
@inline export const DROP_REASM_INVALID: u32 = 45; // ip_frag_queue's discard_qp: an end past the last's, two lasts, empty: the fragment and its queue's
// @ts-ignore: decorator
@inline export const DROP_REASM_TIMEOUT: u32 = 46; // held by a queue that expired (ip_expire, ipfrag_time)
// @ts-ignore: decorator
@inline export const DROP_REASM_OVERSIZE: u32 = 47; // held by a queue whose datagram is over 65535 octets (ip_frag_reasm)
// @ts-ignore: decorator
@inline export const DROP_REASM_ECN: u32 = 48; // held by a queue mixing Not-ECT with ECT/CE (ip_frag_ecn_table 0xff)
// @ts-ignore: decorator
@inline export const DROP_REASM_RUNS: u32 = 49; // a fragment that would need a run past RQ_RUNS_MAX (the simulator's bound)
// @ts-ignore: decorator
@inline export const DROP_COUNT: u32 = 50;

// ─── stage verdicts (returned by stages; never stored) ──────────────────────────────────
// @ts-ignore: decorator
@inline export const V_DONE: i32 = 0; // the frame was sent, delivered or counted as dropped
