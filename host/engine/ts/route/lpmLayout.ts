// GENERATED from assembly/route/lpmLayout.ts by scripts/genLayout.ts (npm run asbuild): do not edit by hand.
// The TS twin's copy of the LPM table layout (the property test also compares the bytes
// both engines write).

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
export const LPM_H_MAGIC = 0;       // LPM_MAGIC once lpmInit ran
export const LPM_H_MAX8 = 4;        // ply8 pool capacity
export const LPM_H_MAX4 = 8;        // ply4 pool capacity
export const LPM_H_MAX_RULES = 12;  // rules capacity (not slots)
export const LPM_H_RULE_SLOTS = 16; // hash-table slots (lpmRuleSlots)
export const LPM_H_FREE8 = 24;      // first free ply8 (offset from base), 0 = none
export const LPM_H_FREE4 = 28;      // first free ply4, 0 = none
export const LPM_H_USED8 = 32;
export const LPM_H_USED4 = 36;
export const LPM_H_NRULES = 40;
export const LPM_H_PLY8_OFF = 44;
export const LPM_H_PLY4_OFF = 48;
export const LPM_H_RULES_OFF = 52;
export const LPM_H_GEN = 56;       // bumped by every lpmAdd and lpmDelete (lookup caches)

export const LPM_MAGIC = 0x344d504c; // "LPM4" little-endian
export const LPM_HEADER_SIZE = 64;   // one cache line
export const LPM_ROOT_OFF = LPM_HEADER_SIZE;
export const LPM_ROOT_ENTRIES = 1 << 16;          // address bits 31..16
export const LPM_PLY8_ENTRIES = 1 << 8;           // address bits 15..8
export const LPM_PLY8_SIZE = LPM_PLY8_ENTRIES * 4; // 1 KiB
export const LPM_PLY4_ENTRIES = 1 << 4;           // address bits 7..4, then 3..0
export const LPM_PLY4_SIZE = LPM_PLY4_ENTRIES * 4; // 64 B = one cache line
export const LPM_RULE_SIZE = 8;                   // {prefix u32, meta u32}

// Largest pool sizes accepted: more ply8s than root slots can never be used, and the
// region must stay addressable by a u32 offset.
export const LPM_MAX_PLIES8 = LPM_ROOT_ENTRIES;
export const LPM_MAX_PLIES4 = 1 << 24;
export const LPM_MAX_RULES = 1 << 24;

export const LPM_LEAF_MISS = 0xffffff81;

/** Terminal leaf for `value` (0..2^24-1) of a prefix of length `depth` (0..32). */
export function lpmLeaf(value: number, depth: number): number {
  return ((value << 7) | (depth << 1) | 1) >>> 0;
}

/** Prefix length recorded in a leaf (0 for the miss leaf). Only meaningful when bit 0 is set. */
export function lpmLeafDepth(e: number): number {
  return ((e >>> 1) & 63) >>> 0;
}

/** Hash-table slots for `maxRules` rules: load factor at most 0.8 and always one empty
 *  slot. Not rounded to a power of two: that would cost up to 2× the rule memory. */
export function lpmRuleSlots(maxRules: number): number {
  return (maxRules + (maxRules >>> 2) + 1) >>> 0;
}
