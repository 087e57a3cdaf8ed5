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
@inline export const VS_PERSIST_MS: u32 = 16;
// @ts-ignore: decorator
@inline export const VS_NETMASK: u32 = 20;
// @ts-ignore: decorator
@inline export const VS_SIZE: u32 = 24;
// @ts-ignore: decorator
@inline export const VS_PROBE_MAX: u32 = 8;
// @ts-ignore: decorator
@inline export const VSF_USED: u32 = 1;
// @ts-ignore: decorator
@inline export const VSF_MASQ: u32 = 2; // kube-proxy marks it for KUBE-POSTROUTING's MASQUERADE
// @ts-ignore: decorator
@inline export const VSF_PERSIST: u32 = 4; // IP_VS_SVC_F_PERSISTENT: sessionAffinity ClientIP

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
@inline export const CT_CTL_UNTIL: u32 = 16; // a template's, in place of the peer it has not
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
// @ts-ignore: decorator
@inline export const CT_DIR_TEMPLATE: u32 = 2; // a persistence template (IP_VS_CONN_F_TEMPLATE)
// @ts-ignore: decorator
@inline export const CTU_USED: u32 = 1;
// @ts-ignore: decorator
@inline export const CTU_CONTROLLED: u32 = 2; // a connection a template controls (cp->control)
// @ts-ignore: decorator
@inline export const CTPL_S_ASSURED: u32 = 1; // IP_VS_CTPL_S_ASSURED (ip_vs_control_assure_ct)
// @ts-ignore: decorator
@inline export const CTPL_REARMED: u32 = 2; // expire_later set cp->timeout = 60 s: it stays
// @ts-ignore: decorator
@inline export const CTPL_REARM_MS: u32 = 60000; // ip_vs_conn_expire's expire_later
// @ts-ignore: decorator
@inline export const FTPPORT: u32 = 21; // a persistent port-21 service's templates carry vport 0

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
