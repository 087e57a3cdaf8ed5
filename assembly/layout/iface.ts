import { CACHE_LINE } from './global';

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
@inline export const IF_NEIGH: u32 = 52;
// @ts-ignore: decorator
@inline export const IF_INBOX_TABLE: u32 = 56; // uplinks: this port's inbox ring pointers
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
// @ts-ignore: decorator
@inline export const IFF_HOST_WIRE: u32 = 64; // uplink: every transmitted frame goes to txRing
// @ts-ignore: decorator
@inline export const IFF_PRESENT: u32 = 128; // a down tunl0 that exists: ipip.ko is loaded (tunnel/noTunnel.ts)

// capture directions (argument of env.capture)
// @ts-ignore: decorator
@inline export const CAPTURE_RX: u32 = 0;
// @ts-ignore: decorator
@inline export const CAPTURE_TX: u32 = 1;
