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

// @ts-ignore: decorator
@inline export const NH_KIND: u32 = 0; // u8
// @ts-ignore: decorator
@inline export const NH_OIF: u32 = 2; // u16
// @ts-ignore: decorator
@inline export const NH_DST_MAC: u32 = 4; // 6 octets; CALI, NEIGH
// @ts-ignore: decorator
@inline export const NH_GW: u32 = 4; // u32; ONLINK_TUNL0 (shares bytes 4..7 with dst MAC)
// @ts-ignore: decorator
@inline export const NH_GW_HI: u32 = 1; // u8; NEIGH: the neighbour's address, bits 16..23
// @ts-ignore: decorator
@inline export const NH_GW_LO: u32 = 10; // u16; NEIGH: the neighbour's address, bits 0..15
@inline export const NH_PMTU: u32 = 8; // u16; ONLINK_TUNL0: learned path MTU, 0 = none
// @ts-ignore: decorator
@inline export const NH_PMTU_EXPIRES: u32 = 10; // u16; ONLINK_TUNL0: seconds (node clock / 1000, mod 2^16)
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
@inline export const NHK_NEIGH: u32 = 4; // resolved neighbour on an uplink (adj-fib /32, or via gw)
// @ts-ignore: decorator
@inline export const NHK_CONNECTED: u32 = 5; // <subnet> dev <uplink> without a neighbour: glean
// @ts-ignore: decorator
@inline export const NHK_BLACKHOLE: u32 = 6;
// @ts-ignore: decorator
@inline export const NHK_UNREACHABLE: u32 = 7;
// @ts-ignore: decorator
@inline export const NHK_PROHIBIT: u32 = 8;
// @ts-ignore: decorator
@inline export const NHK_NEIGH_ARP: u32 = 9; // a neighbour on oif resolved at run time: gw = its
// address, link = its entry in oif's neighbour table (neigh_resolve_output; NEIGH is the same
// neighbour with a MAC fixed by the builder, as a permanent entry)
// @ts-ignore: decorator
@inline export const NHK_BROADCAST: u32 = 10; // a subnet's broadcast address, table local
// (fib_add_ifaddr: RTN_BROADCAST for prefix | ~mask when the prefix is shorter than /31): taken
// in as a broadcast (ip_route_input_slow → brd_input), never forwarded
