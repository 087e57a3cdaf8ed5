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

// @ts-ignore: decorator
@inline export const LAYOUT_BASE: u32 = 65536; // AS statics live below; a test checks __heap_base
// @ts-ignore: decorator
@inline export const LAYOUT_MAGIC: u32 = 0x43495053; // "SPIC" little-endian: calico-ipip-sim
// @ts-ignore: decorator
@inline export const LAYOUT_VERSION: u32 = 7; // 2: 16-byte next hops; 3: neighbour tables, inboxes per port; 4: a ring's private producer line; 5: the pod directory; 6: the node context's flow cache; 7: the flow cache's output, a way per line
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
@inline export const GH_INBOXES_PER_NODE: u32 = 20; // = workers + 1 (the external inbox), per port
// @ts-ignore: decorator
@inline export const GH_NODE_TABLE: u32 = 24;
// @ts-ignore: decorator
@inline export const GH_INBOX_TABLE: u32 = 28;
// @ts-ignore: decorator
@inline export const GH_PORT_COUNT: u32 = 32; // ≥ nodeCount: a wire destination at or above it is outside
// @ts-ignore: decorator
@inline export const GH_POD_DIR: u32 = 36;
// @ts-ignore: decorator
@inline export const GH_POD_DIR_MASK: u32 = 40;
// @ts-ignore: decorator
@inline export const GH_HOST_ENCAPS: u32 = 44; // 0: every host on one wire
// @ts-ignore: decorator
@inline export const POD_DIR_ENTRY: u32 = 8;
// @ts-ignore: decorator
@inline export const GH_SIZE: u32 = CACHE_LINE;
