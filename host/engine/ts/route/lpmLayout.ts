// Byte layout of one IPv4 LPM table: the TypeScript twin of assembly/route/lpmLayout.ts
// (the box diagrams of the region and of the u32 entry are there). Same numbers, same
// names; the property test checks both engines write identical bytes.

export const LPM_H_MAGIC = 0;
export const LPM_H_MAX8 = 4;
export const LPM_H_MAX4 = 8;
export const LPM_H_MAX_RULES = 12;
export const LPM_H_RULE_SLOTS = 16;
export const LPM_H_FREE8 = 24;
export const LPM_H_FREE4 = 28;
export const LPM_H_USED8 = 32;
export const LPM_H_USED4 = 36;
export const LPM_H_NRULES = 40;
export const LPM_H_PLY8_OFF = 44;
export const LPM_H_PLY4_OFF = 48;
export const LPM_H_RULES_OFF = 52;

export const LPM_MAGIC = 0x344d504c; // "LPM4" little-endian
export const LPM_HEADER_SIZE = 64;
export const LPM_ROOT_OFF = LPM_HEADER_SIZE;
export const LPM_ROOT_ENTRIES = 1 << 16; // address bits 31..16
export const LPM_PLY8_ENTRIES = 1 << 8; // address bits 15..8
export const LPM_PLY8_SIZE = LPM_PLY8_ENTRIES * 4; // 1 KiB
export const LPM_PLY4_ENTRIES = 1 << 4; // address bits 7..4, then 3..0
export const LPM_PLY4_SIZE = LPM_PLY4_ENTRIES * 4; // 64 B = one cache line
export const LPM_RULE_SIZE = 8; // {prefix u32, meta u32}

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
  return (e >>> 1) & 63;
}

/** Hash-table slots for `maxRules` rules: load factor at most 0.8, one slot always empty. */
export function lpmRuleSlots(maxRules: number): number {
  return maxRules + (maxRules >>> 2) + 1;
}
