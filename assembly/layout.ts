// The one binary layout of the simulator's shared memory. Every offset, size and enum that
// both engines (this WASM core and the TypeScript reference engine) read is defined in
// assembly/layout/, one file per region, each with its box diagram:
//
//   global.ts    memory map, global header (LAYOUT_BASE, GH_*)
//   ring.ts      SPSC ring header and slots (RING_*, SLOT_*)
//   node.ts      node region and node context record (NODE_*)
//   iface.ts     interface record, kinds, flags (IF_*, IFK_*, IFF_*, CAPTURE_*)
//   nexthop.ts   next hop / adjacency record and kinds (NH_*, NHK_*)
//   counters.ts  node and interface counters, drop reasons, verdicts (NC_*, IC_*, DROP_*)
//   ipvs.ts      virtual servers, real servers, the conntrack table (VS_*, RS_*, CT_*, CTS_*)
//   neigh.ts     neighbour tables, entries, NUD states, ARP parameters (NT_*, NE_*, NUD_*, NEIGH_*)
//   reasm.ts     IPv4 reassembly queues and buffers of a node (RA_*, RQ_*, RQF_*, REASM_*)
//
// scripts/genLayout.ts (run by `npm run asbuild`) generates from them host/layout.ts, the
// TypeScript mirror, and assembly/layout/values.ts, the core's layoutValue(i) through which
// test/layout checks that the mirror holds what the core was compiled with.
//
// Our own structures are little-endian and naturally aligned (u32 at 4, f64 at 8); packet
// bytes are network order and only the wire/ views touch them.

export * from './layout/global';
export * from './layout/ring';
export * from './layout/node';
export * from './layout/iface';
export * from './layout/nexthop';
export * from './layout/counters';
export * from './layout/ipvs';
export * from './layout/neigh';
export * from './layout/reasm';
