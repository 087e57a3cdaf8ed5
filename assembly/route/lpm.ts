// IPv4 longest-prefix match, one table per simulated node, in the shared linear memory.
//
// Layout: a 16-8-4-4 multibit trie in the style of VPP's ip4_mtrie, not DPDK's DIR-24-8.
// - DIR-24-8 spends a 64 MiB tbl24 per table; 5000 nodes would need 320 GB. Its one-load
//   lookup is not worth that here.
// - The 64 Ki-entry root (256 KiB) resolves every /16-or-shorter route with one load and
//   is shared by all routes. A /17../24 route costs one 1 KiB ply8 per distinct /16.
// - Calico tables are dominated by /26 blocks and /32 host routes (pods, node adjacencies).
//   With VPP's 16-8-8, every distinct /24 holding a /26 or /32 costs a 1 KiB ply. Splitting the
//   last byte into two 4-bit plies of 64 B (one cache line) makes a /26 block cost 64 B. A /32 costs
//   64 B per distinct /28, plus 64 B per distinct /24. A 5000-node table stays around 0.7 MiB
//   (test/route/lpm-memory.test.ts prints it).
// - Lookup: at most 4 dependent loads, no loops (lpmLookup). The price over 16-8-8 is one
//   more load for /29../32 routes only.
//
// Entries, header and pools: see lpmLayout.ts. Each leaf records its prefix length (like DPDK's
// depth and VPP's dst_address_bits_of_leaves, but inside the entry, so one store writes both).
// Add overwrites a slot only when the slot's leaf is no longer than the new prefix. Delete
// rewrites exactly the slots whose depth equals the deleted length. The rules table
// (lpmRules.ts) finds the covering prefix to put back.
//
// Invariant: a ply exists only while some route strictly longer than its parent slot (or a
// sub-ply) lives in it. Delete checks the plies on the deleted prefix's path and folds a ply
// back into one leaf in its parent when all its entries are leaves no longer than the parent slot.
// Those entries are then necessarily one and the same leaf. So the plies in use are exactly what
// the route set needs (host lpmCapacityFor counts the same thing), in any add/delete order.
//
// Concurrency: every entry is written with one aligned u32 store, so a reader in another
// worker sees the old or the new entry, never half of one. A new ply is filled completely
// before the atomic store that links it, so a reader never reaches an unfilled ply.
// Freed plies are relinked at once, as DPDK's tbl8 groups are without RCU. The simulator changes
// routes only between forwarding ticks, so no reader is inside a ply when it is freed.

import {
  LPM_H_MAGIC, LPM_H_MAX8, LPM_H_MAX4, LPM_H_MAX_RULES, LPM_H_RULE_SLOTS,
  LPM_H_FREE8, LPM_H_FREE4, LPM_H_USED8, LPM_H_USED4, LPM_H_NRULES, LPM_H_PLY8_OFF,
  LPM_H_PLY4_OFF, LPM_H_RULES_OFF, LPM_H_GEN, LPM_MAGIC, LPM_HEADER_SIZE, LPM_ROOT_OFF, LPM_ROOT_ENTRIES,
  LPM_PLY8_ENTRIES, LPM_PLY8_SIZE, LPM_PLY4_ENTRIES, LPM_PLY4_SIZE, LPM_RULE_SIZE,
  LPM_MAX_PLIES8, LPM_MAX_PLIES4, LPM_MAX_RULES, LPM_LEAF_MISS, lpmLeaf, lpmLeafDepth,
  lpmRuleSlots,
} from "./lpmLayout";
import { ruleFind, ruleValue, ruleSetValue, ruleInsert, ruleRemove } from "./lpmRules";

// @ts-ignore: decorator
@inline export const LPM_MISS: u32 = 0xffffffff;
// @ts-ignore: decorator
@inline export const LPM_MAX_VALUE: u32 = 0xffffff;
// @ts-ignore: decorator
@inline export const EINVAL: i32 = 22;
// @ts-ignore: decorator
@inline export const ENOENT: i32 = 2;
// @ts-ignore: decorator
@inline export const ENOSPC: i32 = 28;

/** Netmask of a prefix length 0..32 (a shift by 32 would wrap to 0 in wasm). */
// @ts-ignore: decorator
@inline function maskOf(len: i32): u32 {
  return len == 0 ? 0 : <u32>0xffffffff << <u32>(32 - len);
}

/**
 * Bytes a table needs, a multiple of 64. Returns 0 when an argument is out of range
 * (maxPlies8 > 65536, maxPlies4 or maxRules > 2^24) or the region would not fit in 4 GiB.
 */
export function lpmRegionSize(maxPlies8: u32, maxPlies4: u32, maxRules: u32): u32 {
  if (maxPlies8 > LPM_MAX_PLIES8 || maxPlies4 > LPM_MAX_PLIES4 || maxRules > LPM_MAX_RULES) return 0;
  const size: u64 = <u64>LPM_HEADER_SIZE + <u64>LPM_ROOT_ENTRIES * 4 + <u64>maxPlies8 * LPM_PLY8_SIZE
    + <u64>maxPlies4 * LPM_PLY4_SIZE + <u64>lpmRuleSlots(maxRules) * LPM_RULE_SIZE;
  const rounded = (size + 63) & ~<u64>63;
  return rounded > 0xffffffc0 ? 0 : <u32>rounded;
}

/**
 * Lay an empty table (every lookup misses) over lpmRegionSize(...) bytes at `base`
 * (64-byte aligned; with bad arguments, which lpmRegionSize reports as 0, nothing is
 * written and the host must not use the table). The whole region is zeroed first so two engines building the same
 * table produce the same bytes.
 */
export function lpmInit(base: usize, maxPlies8: u32, maxPlies4: u32, maxRules: u32): void {
  const size = lpmRegionSize(maxPlies8, maxPlies4, maxRules);
  assert(size != 0 && (base & 63) == 0, "lpmInit: bad sizes or unaligned base"); // debug builds only (release: --noAssert)
  if (size == 0 || (base & 63) != 0) return; // release: write nothing rather than outside the region
  memory.fill(base, 0, size);
  const slots = lpmRuleSlots(maxRules);
  const ply8Off = LPM_ROOT_OFF + LPM_ROOT_ENTRIES * 4;
  const ply4Off = ply8Off + maxPlies8 * LPM_PLY8_SIZE;
  const rulesOff = ply4Off + maxPlies4 * LPM_PLY4_SIZE;
  store<u32>(base, maxPlies8, LPM_H_MAX8);
  store<u32>(base, maxPlies4, LPM_H_MAX4);
  store<u32>(base, maxRules, LPM_H_MAX_RULES);
  store<u32>(base, slots, LPM_H_RULE_SLOTS);
  store<u32>(base, ply8Off, LPM_H_PLY8_OFF);
  store<u32>(base, ply4Off, LPM_H_PLY4_OFF);
  store<u32>(base, rulesOff, LPM_H_RULES_OFF);
  for (let i: u32 = 0; i < LPM_ROOT_ENTRIES; i++) store<u32>(base + (<usize>i << 2), LPM_LEAF_MISS, LPM_ROOT_OFF);
  // Free lists threaded through entry 0 of each free ply, lowest address first.
  store<u32>(base, maxPlies8 != 0 ? ply8Off : 0, LPM_H_FREE8);
  for (let i: u32 = 0; i < maxPlies8; i++) {
    const off = ply8Off + i * LPM_PLY8_SIZE;
    store<u32>(base + off, i + 1 < maxPlies8 ? off + LPM_PLY8_SIZE : 0);
  }
  store<u32>(base, maxPlies4 != 0 ? ply4Off : 0, LPM_H_FREE4);
  for (let i: u32 = 0; i < maxPlies4; i++) {
    const off = ply4Off + i * LPM_PLY4_SIZE;
    store<u32>(base + off, i + 1 < maxPlies4 ? off + LPM_PLY4_SIZE : 0);
  }
  store<u32>(base, LPM_MAGIC, LPM_H_MAGIC);
}

/**
 * Next hop of the longest prefix covering `addr`, or LPM_MISS. Bounded: at most 4
 * dependent loads (root, ply8, ply4, ply4), no loops. No memory ordering is needed: each
 * load's address depends on the previous load's data.
 */
// @ts-ignore: decorator
@inline export function lpmLookup(base: usize, addr: u32): u32 {
  let e = load<u32>(base + (<usize>(addr >>> 16) << 2), LPM_ROOT_OFF);
  if ((e & 1) == 0) {
    e = load<u32>(base + e + (<usize>((addr >>> 8) & 0xff) << 2));
    if ((e & 1) == 0) {
      e = load<u32>(base + e + (<usize>((addr >>> 4) & 0xf) << 2));
      if ((e & 1) == 0) e = load<u32>(base + e + (<usize>(addr & 0xf) << 2));
    }
  }
  return <u32>(<i32>e >> 7);
}

/** Look up `n` addresses (u32 array at addrs) into out[]; for batch callers and benchmarks. */
export function lpmLookupBulk(base: usize, addrs: usize, n: u32, out: usize): void {
  for (let i: u32 = 0; i < n; i++) {
    const o = <usize>i << 2;
    store<u32>(out + o, lpmLookup(base, load<u32>(addrs + o)));
  }
}

// Entries per ply at each level: 0 root (bits 31..16), 1 ply8 (15..8), 2 and 3 ply4 (7..4, 3..0).
// @ts-ignore: decorator
@inline function plyEntries(level: i32): u32 {
  return level == 0 ? LPM_ROOT_ENTRIES : level == 1 ? LPM_PLY8_ENTRIES : LPM_PLY4_ENTRIES;
}

/**
 * Write `leaf` into slots [first, first+count) of the ply at `plyOff` (level `level`),
 * and into every ply below them. Only leaves whose depth lies in [lo, hi] are replaced.
 * Add uses [0, len] (shorter or equal prefixes lose). Delete uses [len, len] (only the
 * deleted prefix's own slots). Recursion depth ≤ 3.
 */
function spread(base: usize, plyOff: u32, level: i32, first: u32, count: u32, leaf: u32, lo: u32, hi: u32): void {
  const end = first + count;
  for (let i = first; i < end; i++) {
    const at = base + plyOff + (<usize>i << 2);
    const e = load<u32>(at);
    if ((e & 1) == 0) {
      spread(base, e, level + 1, 0, plyEntries(level + 1), leaf, lo, hi);
    } else if (lpmLeafDepth(e) - lo <= hi - lo) {
      store<u32>(at, leaf); // one store per entry: readers see old or new, never half
    }
  }
}

/** Child ply behind the entry at `at`, creating it (filled with the entry's leaf) if the
 *  entry is a leaf. The caller has checked the pool is not empty. */
function descend(base: usize, at: usize, childLevel: i32): u32 {
  const e = load<u32>(at);
  if ((e & 1) == 0) return e;
  const is8 = childLevel == 1;
  const freeH = is8 ? LPM_H_FREE8 : LPM_H_FREE4;
  const usedH = is8 ? LPM_H_USED8 : LPM_H_USED4;
  const off = load<u32>(base + freeH);
  assert(off != 0, "descend: pool checked before");
  store<u32>(base + freeH, load<u32>(base + off));
  store<u32>(base + usedH, load<u32>(base + usedH) + 1);
  const n = plyEntries(childLevel);
  for (let i: u32 = 0; i < n; i++) store<u32>(base + off + (<usize>i << 2), e);
  atomic.store<u32>(at, off); // publish only after the ply is complete
  return off;
}

/** Fold the ply behind the entry at `at` back into one leaf when nothing in it is longer
 *  than the parent slot (`parentDepth` = 16, 24 or 28), and return it to its pool. */
function collapse(base: usize, at: usize, childLevel: i32, parentDepth: u32): void {
  const off = load<u32>(at);
  const n = plyEntries(childLevel);
  for (let i: u32 = 0; i < n; i++) {
    const e = load<u32>(base + off + (<usize>i << 2));
    if ((e & 1) == 0 || lpmLeafDepth(e) > parentDepth) return;
  }
  store<u32>(at, load<u32>(base + off)); // all entries are this same leaf
  const is8 = childLevel == 1;
  const freeH = is8 ? LPM_H_FREE8 : LPM_H_FREE4;
  const usedH = is8 ? LPM_H_USED8 : LPM_H_USED4;
  store<u32>(base + off, load<u32>(base + freeH));
  store<u32>(base + freeH, off);
  store<u32>(base + usedH, load<u32>(base + usedH) - 1);
}

// Entry addresses on the path of `prefix`: root slot, then (given the ply offsets) the
// ply8 slot and the two ply4 slots.
// @ts-ignore: decorator
@inline function rootAt(base: usize, prefix: u32): usize {
  return base + LPM_ROOT_OFF + (<usize>(prefix >>> 16) << 2);
}
// @ts-ignore: decorator
@inline function ply8At(base: usize, off: u32, prefix: u32): usize {
  return base + off + (<usize>((prefix >>> 8) & 0xff) << 2);
}
// @ts-ignore: decorator
@inline function ply4aAt(base: usize, off: u32, prefix: u32): usize {
  return base + off + (<usize>((prefix >>> 4) & 0xf) << 2);
}

/**
 * Install prefix/len → value, replacing the value if that exact prefix exists.
 * Returns 0, -EINVAL (len outside 0..32, host bits set, value > 2^24-1) or -ENOSPC
 * (no free ply or rule slot; checked before any write, so the table is unchanged).
 */
export function lpmAdd(base: usize, prefix: u32, len: i32, value: u32): i32 {
  if (<u32>len > 32 || value > LPM_MAX_VALUE || (prefix & ~maskOf(len)) != 0) return -EINVAL;
  const rule = ruleFind(base, prefix, len);
  if (rule < 0 && load<u32>(base, LPM_H_NRULES) >= load<u32>(base, LPM_H_MAX_RULES)) return -ENOSPC;
  // Plies this prefix would create: one per level below the first leaf on its path.
  let need8: u32 = 0, need4: u32 = 0;
  if (len > 16) {
    const e0 = load<u32>(rootAt(base, prefix));
    if ((e0 & 1) != 0) {
      need8 = 1;
      need4 = len > 28 ? 2 : len > 24 ? 1 : 0;
    } else if (len > 24) {
      const e1 = load<u32>(ply8At(base, e0, prefix));
      if ((e1 & 1) != 0) need4 = len > 28 ? 2 : 1;
      else if (len > 28 && (load<u32>(ply4aAt(base, e1, prefix)) & 1) != 0) need4 = 1;
    }
  }
  if (need8 > load<u32>(base, LPM_H_MAX8) - load<u32>(base, LPM_H_USED8)) return -ENOSPC;
  if (need4 > load<u32>(base, LPM_H_MAX4) - load<u32>(base, LPM_H_USED4)) return -ENOSPC;

  store<u32>(base, load<u32>(base, LPM_H_GEN) + 1, LPM_H_GEN); // the nodes' lookup caches are stale
  if (rule < 0) ruleInsert(base, prefix, len, value);
  else ruleSetValue(base, rule, len, value);
  const leaf = lpmLeaf(value, <u32>len);
  const l = <u32>len;
  if (len <= 16) {
    spread(base, LPM_ROOT_OFF, 0, prefix >>> 16, 1 << (16 - l), leaf, 0, l);
    return 0;
  }
  const p8 = descend(base, rootAt(base, prefix), 1);
  if (len <= 24) {
    spread(base, p8, 1, (prefix >>> 8) & 0xff, 1 << (24 - l), leaf, 0, l);
    return 0;
  }
  const p4a = descend(base, ply8At(base, p8, prefix), 2);
  if (len <= 28) {
    spread(base, p4a, 2, (prefix >>> 4) & 0xf, 1 << (28 - l), leaf, 0, l);
    return 0;
  }
  const p4b = descend(base, ply4aAt(base, p4a, prefix), 3);
  spread(base, p4b, 3, prefix & 0xf, 1 << (32 - l), leaf, 0, l);
  return 0;
}

/**
 * Remove prefix/len. Its slots fall back to the longest remaining prefix covering it
 * (or miss), and plies left with nothing longer than their parent slot are freed.
 * Returns 0, -ENOENT (no such route) or -EINVAL (len outside 0..32 or host bits set).
 */
export function lpmDelete(base: usize, prefix: u32, len: i32): i32 {
  if (<u32>len > 32 || (prefix & ~maskOf(len)) != 0) return -EINVAL;
  const rule = ruleFind(base, prefix, len);
  if (rule < 0) return -ENOENT;
  store<u32>(base, load<u32>(base, LPM_H_GEN) + 1, LPM_H_GEN); // the nodes' lookup caches are stale
  ruleRemove(base, rule);
  let cover = LPM_LEAF_MISS;
  for (let l = len - 1; l >= 0; l--) {
    const r = ruleFind(base, prefix & maskOf(l), l);
    if (r >= 0) { cover = lpmLeaf(ruleValue(base, r), <u32>l); break; }
  }
  const l = <u32>len;
  if (len <= 16) {
    spread(base, LPM_ROOT_OFF, 0, prefix >>> 16, 1 << (16 - l), cover, l, l);
    return 0;
  }
  const at0 = rootAt(base, prefix);
  const p8 = load<u32>(at0);
  if (len <= 24) {
    spread(base, p8, 1, (prefix >>> 8) & 0xff, 1 << (24 - l), cover, l, l);
    collapse(base, at0, 1, 16);
    return 0;
  }
  const at1 = ply8At(base, p8, prefix);
  const p4a = load<u32>(at1);
  if (len <= 28) {
    spread(base, p4a, 2, (prefix >>> 4) & 0xf, 1 << (28 - l), cover, l, l);
  } else {
    const at2 = ply4aAt(base, p4a, prefix);
    spread(base, load<u32>(at2), 3, prefix & 0xf, 1 << (32 - l), cover, l, l);
    collapse(base, at2, 3, 28);
  }
  collapse(base, at1, 2, 24);
  collapse(base, at0, 1, 16);
  return 0;
}
