// Rules table of one LPM region: the set of (prefix, len) → value the caller installed.
// The plies only hold the *winning* leaf of each slot; the rules are the source of truth
// that delete needs to find the next shorter covering prefix (DPDK keeps rules beside
// tbl24/tbl8 for the same reason). Open addressing with linear probing and backward-shift
// deletion (no tombstones, so the table never degrades after add/delete churn); load
// factor ≤ 0.8 (lpmRuleSlots), any slot count.
//
//   slot (8 bytes):  +0 prefix u32   +4 meta u32 = value << 8 | (len + 1);  meta 0 = empty
//
// Control-plane only: nothing here runs on the lookup path.

import {
  LPM_H_RULE_SLOTS, LPM_H_RULES_OFF, LPM_H_NRULES, LPM_RULE_SIZE,
} from "./lpmLayout";

/** Home slot: Fibonacci hashing, then the *top* 24 bits of the product (they depend on
 *  every input bit; Calico blocks differ only in bits 6..15, so low bits would collide)
 *  scaled onto [0, slots) by a multiply-shift (Lemire's range reduction), not a modulo.
 *  24 × 25 bits stays under 2^53, so the TS twin computes the same slot with doubles. */
// @ts-ignore: decorator
@inline function ruleHome(base: usize, prefix: u32, len: i32): u32 {
  const h = (prefix ^ (<u32>(len + 1) * 0x85ebca6b)) * 0x9e3779b1;
  return <u32>((<u64>(h >>> 8) * load<u32>(base, LPM_H_RULE_SLOTS)) >>> 24);
}

// @ts-ignore: decorator
@inline function nextSlot(base: usize, i: u32): u32 {
  return i + 1 == load<u32>(base, LPM_H_RULE_SLOTS) ? 0 : i + 1;
}

// @ts-ignore: decorator
@inline function slotAddr(base: usize, i: u32): usize {
  return base + load<u32>(base, LPM_H_RULES_OFF) + <usize>i * LPM_RULE_SIZE;
}

/** Slot index holding (prefix, len), or -1. */
export function ruleFind(base: usize, prefix: u32, len: i32): i32 {
  const key = <u32>(len + 1);
  let i = ruleHome(base, prefix, len);
  while (true) {
    const s = slotAddr(base, i);
    const meta = load<u32>(s, 4);
    if (meta == 0) return -1;
    if ((meta & 0xff) == key && load<u32>(s) == prefix) return <i32>i;
    i = nextSlot(base, i);
  }
  return -1; // unreachable: the table always keeps an empty slot (load ≤ 0.8)
}

/** Value of the rule in slot `i` (from ruleFind). */
// @ts-ignore: decorator
@inline export function ruleValue(base: usize, i: i32): u32 {
  return load<u32>(slotAddr(base, <u32>i), 4) >>> 8;
}

// @ts-ignore: decorator
@inline export function ruleSetValue(base: usize, i: i32, len: i32, value: u32): void {
  store<u32>(slotAddr(base, <u32>i), (value << 8) | <u32>(len + 1), 4);
}

/** Insert a rule known to be absent; the caller checked there is room. */
export function ruleInsert(base: usize, prefix: u32, len: i32, value: u32): void {
  let i = ruleHome(base, prefix, len);
  while (load<u32>(slotAddr(base, i), 4) != 0) i = nextSlot(base, i);
  const s = slotAddr(base, i);
  store<u32>(s, prefix);
  store<u32>(s, (value << 8) | <u32>(len + 1), 4);
  store<u32>(base, load<u32>(base, LPM_H_NRULES) + 1, LPM_H_NRULES);
}

/** Remove the rule in slot `hole` and shift later members of its probe run back, so
 *  every remaining rule stays reachable from its home slot without tombstones. */
export function ruleRemove(base: usize, hole: i32): void {
  let i = <u32>hole;
  let j = i;
  while (true) {
    j = nextSlot(base, j);
    const sj = slotAddr(base, j);
    const meta = load<u32>(sj, 4);
    if (meta == 0) break;
    const k = ruleHome(base, load<u32>(sj), <i32>(meta & 0xff) - 1);
    // Leave slot j alone when its home k lies cyclically in (i, j]: moving it to i
    // would put it before its home.
    const stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
    if (stays) continue;
    const si = slotAddr(base, i);
    store<u32>(si, load<u32>(sj));
    store<u32>(si, meta, 4);
    i = j;
  }
  const s = slotAddr(base, i);
  store<u32>(s, 0);
  store<u32>(s, 0, 4);
  store<u32>(base, load<u32>(base, LPM_H_NRULES) - 1, LPM_H_NRULES);
}
