// Byte layout of one IPv4 LPM table (see lpm.ts for the design argument).
// scripts/genLayout.ts generates the TypeScript twin's copy (host/engine/ts/route/lpmLayout.ts)
// from this file, and the property test compares the bytes both engines write.
//
// One region per simulated node, at a caller-chosen 64-byte-aligned base:
//
//   base +0        +64                  +64+256Ki          ply4Off            rulesOff
//   ┌──────────┬──────────────────────┬──────────────────┬──────────────────┬───────────────────┐
//   │ header   │ root ply: 65536 × u32│ ply8 pool:       │ ply4 pool:       │ rules: ruleSlots  │
//   │ 16 × u32 │ entries, bits 31..16 │ maxPlies8 × 1 KiB│ maxPlies4 × 64 B │ × {prefix, meta}  │
//   └──────────┴──────────────────────┴──────────────────┴──────────────────┴───────────────────┘
//
// Entry (u32), the same in every ply:
//
//    31 30                         7 6        1  0
//   ┌──┬────────────────────────────┬──────────┬───┐
//   │ 0│ next-hop value (24 bits)   │ depth 0..32 │ 1 │  terminal leaf of a prefix /depth
//   ├──┴────────────────────────────┴──────────┼───┤
//   │ 1 ... 1  (0xFFFFFF81)          depth 0   │ 1 │  miss leaf: no prefix covers the slot
//   ├──────────────────────────────────────────┼───┤
//   │ byte offset of the child ply from base   │ 0 │  ply pointer (plies are 64-byte aligned)
//   └──────────────────────────────────────────┴───┘
//
// A leaf's value sits just under bit 31, so `(i32)entry >> 7` is the next hop for a real
// leaf (bit 31 clear) and sign-extends to 0xFFFFFFFF = LPM_MISS for the miss leaf: the
// lookup ends with one shift and no branch on "found".

// Header words (byte offsets from base).
// @ts-ignore: decorator
@inline export const LPM_H_MAGIC: u32 = 0;       // LPM_MAGIC once lpmInit ran
// @ts-ignore: decorator
@inline export const LPM_H_MAX8: u32 = 4;        // ply8 pool capacity
// @ts-ignore: decorator
@inline export const LPM_H_MAX4: u32 = 8;        // ply4 pool capacity
// @ts-ignore: decorator
@inline export const LPM_H_MAX_RULES: u32 = 12;  // rules capacity (not slots)
// @ts-ignore: decorator
@inline export const LPM_H_RULE_SLOTS: u32 = 16; // hash-table slots (lpmRuleSlots)
// @ts-ignore: decorator
@inline export const LPM_H_FREE8: u32 = 24;      // first free ply8 (offset from base), 0 = none
// @ts-ignore: decorator
@inline export const LPM_H_FREE4: u32 = 28;      // first free ply4, 0 = none
// @ts-ignore: decorator
@inline export const LPM_H_USED8: u32 = 32;
// @ts-ignore: decorator
@inline export const LPM_H_USED4: u32 = 36;
// @ts-ignore: decorator
@inline export const LPM_H_NRULES: u32 = 40;
// @ts-ignore: decorator
@inline export const LPM_H_PLY8_OFF: u32 = 44;
// @ts-ignore: decorator
@inline export const LPM_H_PLY4_OFF: u32 = 48;
// @ts-ignore: decorator
@inline export const LPM_H_RULES_OFF: u32 = 52;
// @ts-ignore: decorator
@inline export const LPM_H_GEN: u32 = 56;       // bumped by every lpmAdd and lpmDelete (lookup caches)

// @ts-ignore: decorator
@inline export const LPM_MAGIC: u32 = 0x344d504c; // "LPM4" little-endian
// @ts-ignore: decorator
@inline export const LPM_HEADER_SIZE: u32 = 64;   // one cache line
// @ts-ignore: decorator
@inline export const LPM_ROOT_OFF: u32 = LPM_HEADER_SIZE;
// @ts-ignore: decorator
@inline export const LPM_ROOT_ENTRIES: u32 = 1 << 16;          // address bits 31..16
// @ts-ignore: decorator
@inline export const LPM_PLY8_ENTRIES: u32 = 1 << 8;           // address bits 15..8
// @ts-ignore: decorator
@inline export const LPM_PLY8_SIZE: u32 = LPM_PLY8_ENTRIES * 4; // 1 KiB
// @ts-ignore: decorator
@inline export const LPM_PLY4_ENTRIES: u32 = 1 << 4;           // address bits 7..4, then 3..0
// @ts-ignore: decorator
@inline export const LPM_PLY4_SIZE: u32 = LPM_PLY4_ENTRIES * 4; // 64 B = one cache line
// @ts-ignore: decorator
@inline export const LPM_RULE_SIZE: u32 = 8;                   // {prefix u32, meta u32}

// Largest pool sizes accepted: more ply8s than root slots can never be used, and the
// region must stay addressable by a u32 offset.
// @ts-ignore: decorator
@inline export const LPM_MAX_PLIES8: u32 = LPM_ROOT_ENTRIES;
// @ts-ignore: decorator
@inline export const LPM_MAX_PLIES4: u32 = 1 << 24;
// @ts-ignore: decorator
@inline export const LPM_MAX_RULES: u32 = 1 << 24;

// @ts-ignore: decorator
@inline export const LPM_LEAF_MISS: u32 = 0xffffff81;

/** Terminal leaf for `value` (0..2^24-1) of a prefix of length `depth` (0..32). */
// @ts-ignore: decorator
@inline export function lpmLeaf(value: u32, depth: u32): u32 {
  return (value << 7) | (depth << 1) | 1;
}

/** Prefix length recorded in a leaf (0 for the miss leaf). Only meaningful when bit 0 is set. */
// @ts-ignore: decorator
@inline export function lpmLeafDepth(e: u32): u32 {
  return (e >>> 1) & 63;
}

/** Hash-table slots for `maxRules` rules: load factor at most 0.8 and always one empty
 *  slot. Not rounded to a power of two: that would cost up to 2× the rule memory. */
// @ts-ignore: decorator
@inline export function lpmRuleSlots(maxRules: u32): u32 {
  return maxRules + (maxRules >>> 2) + 1;
}
