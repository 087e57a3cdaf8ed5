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

// @ts-ignore: decorator
@inline export const NODE_NOW_MS: u32 = 80;
// @ts-ignore: decorator
@inline export const NODE_VS_TABLE: u32 = 84;
// @ts-ignore: decorator
@inline export const NODE_VS_MASK: u32 = 88;
// @ts-ignore: decorator
@inline export const NODE_RS_TABLE: u32 = 92;
// @ts-ignore: decorator
@inline export const NODE_CT_TABLE: u32 = 96;
// @ts-ignore: decorator
@inline export const NODE_CT_MASK: u32 = 100;
// @ts-ignore: decorator
@inline export const NODE_CT_LIVE: u32 = 104;

// @ts-ignore: decorator
@inline export const VS_IP: u32 = 0;
// @ts-ignore: decorator
@inline export const VS_PORT: u32 = 4;
// @ts-ignore: decorator
@inline export const VS_PROTO: u32 = 6;
// @ts-ignore: decorator
@inline export const VS_FLAGS: u32 = 7;
// @ts-ignore: decorator
@inline export const VS_RS_FIRST: u32 = 8;
// @ts-ignore: decorator
@inline export const VS_RS_COUNT: u32 = 12;
// @ts-ignore: decorator
@inline export const VS_RR_NEXT: u32 = 14;
// @ts-ignore: decorator
@inline export const VS_SIZE: u32 = 16;
// @ts-ignore: decorator
@inline export const VS_PROBE_MAX: u32 = 8;
// @ts-ignore: decorator
@inline export const VSF_USED: u32 = 1;
// @ts-ignore: decorator
@inline export const VSF_MASQ: u32 = 2; // kube-proxy marks it for KUBE-POSTROUTING's MASQUERADE

// @ts-ignore: decorator
@inline export const RS_IP: u32 = 0;
// @ts-ignore: decorator
@inline export const RS_PORT: u32 = 4;
// @ts-ignore: decorator
@inline export const RS_SIZE: u32 = 8;

// @ts-ignore: decorator
@inline export const CT_SRC: u32 = 0;
// @ts-ignore: decorator
@inline export const CT_DST: u32 = 4;
// @ts-ignore: decorator
@inline export const CT_SPORT: u32 = 8;
// @ts-ignore: decorator
@inline export const CT_DPORT: u32 = 10;
// @ts-ignore: decorator
@inline export const CT_PROTO: u32 = 12;
// @ts-ignore: decorator
@inline export const CT_DIR: u32 = 13;
// @ts-ignore: decorator
@inline export const CT_STATE: u32 = 14;
// @ts-ignore: decorator
@inline export const CT_USED: u32 = 15;
// @ts-ignore: decorator
@inline export const CT_PEER: u32 = 16;
// @ts-ignore: decorator
@inline export const CT_EXPIRES: u32 = 20;
// @ts-ignore: decorator
@inline export const CT_RS: u32 = 24;
// @ts-ignore: decorator
@inline export const CT_VS: u32 = 28;
// @ts-ignore: decorator
@inline export const CT_SIZE: u32 = 32;
// @ts-ignore: decorator
@inline export const CT_WAYS: u32 = 4;
// @ts-ignore: decorator
@inline export const CT_NONE: u32 = 0xffffffff;
// @ts-ignore: decorator
@inline export const CT_DIR_ORIGINAL: u32 = 0; // client → virtual server (IP_VS_DIR_INPUT)
// @ts-ignore: decorator
@inline export const CT_DIR_REPLY: u32 = 1; // real server → client (IP_VS_DIR_OUTPUT)

// IPVS connection states (ip_vs_proto_tcp.c IP_VS_TCP_S_*; UDP has one, IP_VS_UDP_S_NORMAL)
// @ts-ignore: decorator
@inline export const CTS_NONE: u32 = 0;
// @ts-ignore: decorator
@inline export const CTS_ESTABLISHED: u32 = 1;
// @ts-ignore: decorator
@inline export const CTS_SYN_SENT: u32 = 2;
// @ts-ignore: decorator
@inline export const CTS_SYN_RECV: u32 = 3;
// @ts-ignore: decorator
@inline export const CTS_FIN_WAIT: u32 = 4;
// @ts-ignore: decorator
@inline export const CTS_TIME_WAIT: u32 = 5;
// @ts-ignore: decorator
@inline export const CTS_CLOSE: u32 = 6;
// @ts-ignore: decorator
@inline export const CTS_CLOSE_WAIT: u32 = 7;
// @ts-ignore: decorator
@inline export const CTS_LAST_ACK: u32 = 8;
// @ts-ignore: decorator
@inline export const CTS_LISTEN: u32 = 9;
// @ts-ignore: decorator
@inline export const CTS_SYNACK: u32 = 10;
// @ts-ignore: decorator
@inline export const CTS_UDP: u32 = 11;
// @ts-ignore: decorator
@inline export const CTS_COUNT: u32 = 12;
