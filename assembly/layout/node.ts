import { CACHE_LINE } from './global';

// Node region: context, interface table, next-hop table, counters, scratch, LPM:
//
//   ┌──────────┬───────────────────┬──────────────────┬─────────────┬────────────────┬───────────┬─────┐
//   │ NODE_    │ IF_SIZE × ifCount │ NH_SIZE × nhCount│ node ctrs   │ iface ctrs     │ 2 scratch │ LPM │
//   │ CTX_SIZE │ 0 ens160, 1 tunl0,│ adjacencies      │ f64 × NC_   │ f64 × IC_COUNT │ slots     │     │
//   │          │ 2.. cali (pods)   │                  │ COUNT       │ × ifCount      │ + flush   │     │
//   └──────────┴───────────────────┴──────────────────┴─────────────┴────────────────┴───────────┴─────┘


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
//   └─────────┴──────────┴───────────┴──────────┴────────────────────┴─────────┴────────────┘
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
@inline export const NODE_SLOT_SIZE: u32 = 76; // bytes of each scratch slot
// @ts-ignore: decorator
@inline export const NODE_TIMER_AT: u32 = 108; // ms
// @ts-ignore: decorator
@inline export const NODE_TIMER_ARMED: u32 = 112; // 0 or 1
// @ts-ignore: decorator
@inline export const NODE_CTX_SIZE: u32 = 2 * CACHE_LINE;
// @ts-ignore: decorator
@inline export const FLUSH_MAX: u32 = 64;
