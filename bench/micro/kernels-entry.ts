// @ts-nocheck: AssemblyScript source (compiled by asc, not tsc); tsconfig's bench/** glob sees it too.
// Bulk loops over the core's own wire/ functions, so the micro-benchmark can time a single
// kernel per call of many packets (the core exports only whole-frame entry points).
// Built by bench/micro/kernels.ts; the TypeScript twins of these loops are there too.
import { ipv4DecTtl, ipv4FillChecksum } from "../../assembly/wire/ipv4";

/** ip_decrease_ttl (TTL − 1, incremental checksum update) on `n` IPv4 headers `stride` apart. */
export function decTtlBulk(p: usize, n: u32, stride: u32): void {
  for (let i: u32 = 0; i < n; i++) ipv4DecTtl(p + <usize>i * stride);
}

/** Full IPv4 header checksum (what a new outer header needs) on `n` headers `stride` apart. */
export function fillChecksumBulk(p: usize, n: u32, stride: u32): void {
  for (let i: u32 = 0; i < n; i++) ipv4FillChecksum(p + <usize>i * stride);
}
