// IPv4 longest-prefix match over the shared memory: the TypeScript twin of
// assembly/route/lpm.ts. Same 16-8-4-4 layout, same algorithm, same bytes (the design
// argument, the invariants and the concurrency notes are in the AS file's banner).
// Hold the two files side by side: every function here has the same name and shape there.
// Addresses are word indices (byte offset >>> 2) into m.u32; `b` = base >>> 2, and a ply
// pointer entry (a byte offset from base) becomes the word index b + (e >>> 2).

import type { HeapViews } from '../heap.ts';
import {
  LPM_H_MAGIC, LPM_H_MAX8, LPM_H_MAX4, LPM_H_MAX_RULES, LPM_H_RULE_SLOTS,
  LPM_H_FREE8, LPM_H_FREE4, LPM_H_USED8, LPM_H_USED4, LPM_H_NRULES, LPM_H_PLY8_OFF,
  LPM_H_PLY4_OFF, LPM_H_RULES_OFF, LPM_H_GEN, LPM_MAGIC, LPM_HEADER_SIZE, LPM_ROOT_OFF, LPM_ROOT_ENTRIES,
  LPM_PLY8_ENTRIES, LPM_PLY8_SIZE, LPM_PLY4_ENTRIES, LPM_PLY4_SIZE, LPM_RULE_SIZE,
  LPM_MAX_PLIES8, LPM_MAX_PLIES4, LPM_MAX_RULES, LPM_LEAF_MISS, lpmLeaf, lpmLeafDepth,
  lpmRuleSlots,
} from './lpmLayout.ts';
import { ruleFind, ruleValue, ruleSetValue, ruleInsert, ruleRemove } from './lpmRules.ts';

export const LPM_MISS = 0xffffffff;
export const LPM_MAX_VALUE = 0xffffff;
export const EINVAL = 22;
export const ENOENT = 2;
export const ENOSPC = 28;

const ROOT_W = LPM_ROOT_OFF >>> 2;

/** Netmask of a prefix length 0..32 (JS shifts are mod 32 as in wasm). */
function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** Bytes a table needs, a multiple of 64; 0 when an argument is out of range. */
export function lpmRegionSize(maxPlies8: number, maxPlies4: number, maxRules: number): number {
  if (!(maxPlies8 >= 0 && maxPlies8 <= LPM_MAX_PLIES8 && maxPlies4 >= 0 && maxPlies4 <= LPM_MAX_PLIES4
    && maxRules >= 0 && maxRules <= LPM_MAX_RULES)) return 0;
  const size = LPM_HEADER_SIZE + LPM_ROOT_ENTRIES * 4 + maxPlies8 * LPM_PLY8_SIZE
    + maxPlies4 * LPM_PLY4_SIZE + lpmRuleSlots(maxRules) * LPM_RULE_SIZE;
  const rounded = Math.ceil(size / 64) * 64;
  return rounded > 0xffffffc0 ? 0 : rounded;
}

/** Lay an empty table over lpmRegionSize(...) bytes at `base` (64-byte aligned). */
export function lpmInit(m: HeapViews, base: number, maxPlies8: number, maxPlies4: number, maxRules: number): void {
  const size = lpmRegionSize(maxPlies8, maxPlies4, maxRules);
  if (size === 0 || base % 64 !== 0) {
    throw new RangeError(`lpmInit: base ${base} must be 64-byte aligned and sizes in range `
      + `(maxPlies8=${maxPlies8}, maxPlies4=${maxPlies4}, maxRules=${maxRules})`);
  }
  const u32 = m.u32;
  const b = base >>> 2;
  m.u8.fill(0, base, base + size);
  const slots = lpmRuleSlots(maxRules);
  const ply8Off = LPM_ROOT_OFF + LPM_ROOT_ENTRIES * 4;
  const ply4Off = ply8Off + maxPlies8 * LPM_PLY8_SIZE;
  const rulesOff = ply4Off + maxPlies4 * LPM_PLY4_SIZE;
  u32[b + (LPM_H_MAX8 >>> 2)] = maxPlies8;
  u32[b + (LPM_H_MAX4 >>> 2)] = maxPlies4;
  u32[b + (LPM_H_MAX_RULES >>> 2)] = maxRules;
  u32[b + (LPM_H_RULE_SLOTS >>> 2)] = slots;
  u32[b + (LPM_H_PLY8_OFF >>> 2)] = ply8Off;
  u32[b + (LPM_H_PLY4_OFF >>> 2)] = ply4Off;
  u32[b + (LPM_H_RULES_OFF >>> 2)] = rulesOff;
  u32.fill(LPM_LEAF_MISS, b + ROOT_W, b + ROOT_W + LPM_ROOT_ENTRIES);
  // Free lists threaded through entry 0 of each free ply, lowest address first.
  u32[b + (LPM_H_FREE8 >>> 2)] = maxPlies8 !== 0 ? ply8Off : 0;
  for (let i = 0; i < maxPlies8; i++) {
    const off = ply8Off + i * LPM_PLY8_SIZE;
    u32[b + (off >>> 2)] = i + 1 < maxPlies8 ? off + LPM_PLY8_SIZE : 0;
  }
  u32[b + (LPM_H_FREE4 >>> 2)] = maxPlies4 !== 0 ? ply4Off : 0;
  for (let i = 0; i < maxPlies4; i++) {
    const off = ply4Off + i * LPM_PLY4_SIZE;
    u32[b + (off >>> 2)] = i + 1 < maxPlies4 ? off + LPM_PLY4_SIZE : 0;
  }
  u32[b + (LPM_H_MAGIC >>> 2)] = LPM_MAGIC;
}

/** Next hop of the longest prefix covering `addr`, or LPM_MISS: at most 4 dependent loads, no loops. */
export function lpmLookup(m: HeapViews, base: number, addr: number): number {
  const u32 = m.u32;
  const b = base >>> 2;
  let e = u32[b + ROOT_W + (addr >>> 16)];
  if ((e & 1) === 0) {
    e = u32[b + (e >>> 2) + ((addr >>> 8) & 0xff)];
    if ((e & 1) === 0) {
      e = u32[b + (e >>> 2) + ((addr >>> 4) & 0xf)];
      if ((e & 1) === 0) e = u32[b + (e >>> 2) + (addr & 0xf)];
    }
  }
  return (e >> 7) >>> 0;
}

/** Look up `n` addresses from addrs[] into out[] (the twin of the WASM lpmLookupBulk). */
export function lpmLookupBulk(m: HeapViews, base: number, addrs: Uint32Array, n: number, out: Uint32Array): void {
  for (let i = 0; i < n; i++) out[i] = lpmLookup(m, base, addrs[i]);
}

// Entries per ply at each level: 0 root (bits 31..16), 1 ply8 (15..8), 2 and 3 ply4 (7..4, 3..0).
function plyEntries(level: number): number {
  return level === 0 ? LPM_ROOT_ENTRIES : level === 1 ? LPM_PLY8_ENTRIES : LPM_PLY4_ENTRIES;
}

/** Write `leaf` into slots [first, first+count) of the ply at byte offset `plyOff`, and
 *  below; only leaves with depth in [lo, hi] are replaced (add: [0, len]; delete: [len, len]). */
function spread(u32: Uint32Array, b: number, plyOff: number, level: number, first: number, count: number,
  leaf: number, lo: number, hi: number): void {
  const w = b + (plyOff >>> 2);
  const end = first + count;
  for (let i = first; i < end; i++) {
    const e = u32[w + i];
    if ((e & 1) === 0) {
      spread(u32, b, e, level + 1, 0, plyEntries(level + 1), leaf, lo, hi);
    } else if (((lpmLeafDepth(e) - lo) >>> 0) <= hi - lo) {
      u32[w + i] = leaf; // one store per entry: readers see old or new, never half
    }
  }
}

/** Child ply behind the entry at word `at`, creating it (filled with the entry's leaf)
 *  if the entry is a leaf. The caller has checked the pool is not empty. */
function descend(u32: Uint32Array, b: number, at: number, childLevel: number): number {
  const e = u32[at];
  if ((e & 1) === 0) return e;
  const is8 = childLevel === 1;
  const freeW = b + ((is8 ? LPM_H_FREE8 : LPM_H_FREE4) >>> 2);
  const usedW = b + ((is8 ? LPM_H_USED8 : LPM_H_USED4) >>> 2);
  const off = u32[freeW];
  u32[freeW] = u32[b + (off >>> 2)];
  u32[usedW]++;
  const w = b + (off >>> 2);
  u32.fill(e, w, w + plyEntries(childLevel));
  Atomics.store(u32, at, off); // publish only after the ply is complete
  return off;
}

/** Fold the ply behind the entry at word `at` back into one leaf when nothing in it is
 *  longer than the parent slot (`parentDepth` = 16, 24 or 28), and return it to its pool. */
function collapse(u32: Uint32Array, b: number, at: number, childLevel: number, parentDepth: number): void {
  const off = u32[at];
  const w = b + (off >>> 2);
  const n = plyEntries(childLevel);
  for (let i = 0; i < n; i++) {
    const e = u32[w + i];
    if ((e & 1) === 0 || lpmLeafDepth(e) > parentDepth) return;
  }
  u32[at] = u32[w]; // all entries are this same leaf
  const is8 = childLevel === 1;
  const freeW = b + ((is8 ? LPM_H_FREE8 : LPM_H_FREE4) >>> 2);
  const usedW = b + ((is8 ? LPM_H_USED8 : LPM_H_USED4) >>> 2);
  u32[w] = u32[freeW];
  u32[freeW] = off;
  u32[usedW]--;
}

// Word indices of the entries on the path of `prefix`.
function rootAt(b: number, prefix: number): number {
  return b + ROOT_W + (prefix >>> 16);
}
function ply8At(b: number, off: number, prefix: number): number {
  return b + (off >>> 2) + ((prefix >>> 8) & 0xff);
}
function ply4aAt(b: number, off: number, prefix: number): number {
  return b + (off >>> 2) + ((prefix >>> 4) & 0xf);
}

/** Accepts a prefix as u32 or as the same bits in an i32 (what `a & b` yields in JS). */
function validPrefix(prefix: number, len: number): boolean {
  return Number.isInteger(len) && len >= 0 && len <= 32 && Number.isInteger(prefix)
    && prefix >= -0x80000000 && prefix <= 0xffffffff && ((prefix & ~maskOf(len)) >>> 0) === 0;
}

/** Install prefix/len → value (replacing an existing value). 0, -EINVAL or -ENOSPC (table unchanged). */
export function lpmAdd(m: HeapViews, base: number, prefix: number, len: number, value: number): number {
  if (!validPrefix(prefix, len) || !Number.isInteger(value) || value < 0 || value > LPM_MAX_VALUE) return -EINVAL;
  prefix >>>= 0;
  const u32 = m.u32;
  const b = base >>> 2;
  const rule = ruleFind(u32, b, prefix, len);
  if (rule < 0 && u32[b + (LPM_H_NRULES >>> 2)] >= u32[b + (LPM_H_MAX_RULES >>> 2)]) return -ENOSPC;
  // Plies this prefix would create: one per level below the first leaf on its path.
  let need8 = 0, need4 = 0;
  if (len > 16) {
    const e0 = u32[rootAt(b, prefix)];
    if ((e0 & 1) !== 0) {
      need8 = 1;
      need4 = len > 28 ? 2 : len > 24 ? 1 : 0;
    } else if (len > 24) {
      const e1 = u32[ply8At(b, e0, prefix)];
      if ((e1 & 1) !== 0) need4 = len > 28 ? 2 : 1;
      else if (len > 28 && (u32[ply4aAt(b, e1, prefix)] & 1) !== 0) need4 = 1;
    }
  }
  if (need8 > u32[b + (LPM_H_MAX8 >>> 2)] - u32[b + (LPM_H_USED8 >>> 2)]) return -ENOSPC;
  if (need4 > u32[b + (LPM_H_MAX4 >>> 2)] - u32[b + (LPM_H_USED4 >>> 2)]) return -ENOSPC;

  u32[b + (LPM_H_GEN >>> 2)]++; // the nodes' lookup caches are stale
  if (rule < 0) ruleInsert(u32, b, prefix, len, value);
  else ruleSetValue(u32, b, rule, len, value);
  const leaf = lpmLeaf(value, len);
  if (len <= 16) {
    spread(u32, b, LPM_ROOT_OFF, 0, prefix >>> 16, 1 << (16 - len), leaf, 0, len);
    return 0;
  }
  const p8 = descend(u32, b, rootAt(b, prefix), 1);
  if (len <= 24) {
    spread(u32, b, p8, 1, (prefix >>> 8) & 0xff, 1 << (24 - len), leaf, 0, len);
    return 0;
  }
  const p4a = descend(u32, b, ply8At(b, p8, prefix), 2);
  if (len <= 28) {
    spread(u32, b, p4a, 2, (prefix >>> 4) & 0xf, 1 << (28 - len), leaf, 0, len);
    return 0;
  }
  const p4b = descend(u32, b, ply4aAt(b, p4a, prefix), 3);
  spread(u32, b, p4b, 3, prefix & 0xf, 1 << (32 - len), leaf, 0, len);
  return 0;
}

/** Remove prefix/len; its slots fall back to the next shorter covering prefix. 0, -ENOENT or -EINVAL. */
export function lpmDelete(m: HeapViews, base: number, prefix: number, len: number): number {
  if (!validPrefix(prefix, len)) return -EINVAL;
  prefix >>>= 0;
  const u32 = m.u32;
  const b = base >>> 2;
  const rule = ruleFind(u32, b, prefix, len);
  if (rule < 0) return -ENOENT;
  u32[b + (LPM_H_GEN >>> 2)]++; // the nodes' lookup caches are stale
  ruleRemove(u32, b, rule);
  let cover = LPM_LEAF_MISS;
  for (let l = len - 1; l >= 0; l--) {
    const r = ruleFind(u32, b, (prefix & maskOf(l)) >>> 0, l);
    if (r >= 0) { cover = lpmLeaf(ruleValue(u32, b, r), l); break; }
  }
  if (len <= 16) {
    spread(u32, b, LPM_ROOT_OFF, 0, prefix >>> 16, 1 << (16 - len), cover, len, len);
    return 0;
  }
  const at0 = rootAt(b, prefix);
  const p8 = u32[at0];
  if (len <= 24) {
    spread(u32, b, p8, 1, (prefix >>> 8) & 0xff, 1 << (24 - len), cover, len, len);
    collapse(u32, b, at0, 1, 16);
    return 0;
  }
  const at1 = ply8At(b, p8, prefix);
  const p4a = u32[at1];
  if (len <= 28) {
    spread(u32, b, p4a, 2, (prefix >>> 4) & 0xf, 1 << (28 - len), cover, len, len);
  } else {
    const at2 = ply4aAt(b, p4a, prefix);
    spread(u32, b, u32[at2], 3, prefix & 0xf, 1 << (32 - len), cover, len, len);
    collapse(u32, b, at2, 3, 28);
  }
  collapse(u32, b, at1, 2, 24);
  collapse(u32, b, at0, 1, 16);
  return 0;
}
