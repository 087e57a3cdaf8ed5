// Rules table of one LPM region: the TypeScript twin of assembly/route/lpmRules.ts
// (why it exists and the slot format are documented there). `u32` is the heap's
// Uint32Array; `b` is base >>> 2, the region's first word.

import {
  LPM_H_RULE_SLOTS, LPM_H_RULES_OFF, LPM_H_NRULES, LPM_RULE_SIZE,
} from './lpmLayout.ts';

/** Home slot: top 24 bits of a Fibonacci hash, scaled onto [0, slots) (see the AS side;
 *  the product is below 2^49, exact in a double). */
function ruleHome(u32: Uint32Array, b: number, prefix: number, len: number): number {
  const h = Math.imul(prefix ^ Math.imul(len + 1, 0x85ebca6b), 0x9e3779b1);
  return Math.floor(((h >>> 8) * u32[b + (LPM_H_RULE_SLOTS >>> 2)]) / 16777216);
}

function nextSlot(u32: Uint32Array, b: number, i: number): number {
  return i + 1 === u32[b + (LPM_H_RULE_SLOTS >>> 2)] ? 0 : i + 1;
}

/** Word index of slot i. */
function slotWord(u32: Uint32Array, b: number, i: number): number {
  return b + ((u32[b + (LPM_H_RULES_OFF >>> 2)] + i * LPM_RULE_SIZE) >>> 2);
}

/** Slot index holding (prefix, len), or -1. */
export function ruleFind(u32: Uint32Array, b: number, prefix: number, len: number): number {
  const key = len + 1;
  let i = ruleHome(u32, b, prefix, len);
  for (;;) {
    const s = slotWord(u32, b, i);
    const meta = u32[s + 1];
    if (meta === 0) return -1;
    if ((meta & 0xff) === key && u32[s] === prefix) return i;
    i = nextSlot(u32, b, i);
  }
}

/** Value of the rule in slot `i` (from ruleFind). */
export function ruleValue(u32: Uint32Array, b: number, i: number): number {
  return u32[slotWord(u32, b, i) + 1] >>> 8;
}

export function ruleSetValue(u32: Uint32Array, b: number, i: number, len: number, value: number): void {
  u32[slotWord(u32, b, i) + 1] = (value << 8) | (len + 1);
}

/** Insert a rule known to be absent; the caller checked there is room. */
export function ruleInsert(u32: Uint32Array, b: number, prefix: number, len: number, value: number): void {
  let i = ruleHome(u32, b, prefix, len);
  while (u32[slotWord(u32, b, i) + 1] !== 0) i = nextSlot(u32, b, i);
  const s = slotWord(u32, b, i);
  u32[s] = prefix;
  u32[s + 1] = (value << 8) | (len + 1);
  u32[b + (LPM_H_NRULES >>> 2)]++;
}

/** Remove the rule in slot `hole`, shifting later members of its probe run back. */
export function ruleRemove(u32: Uint32Array, b: number, hole: number): void {
  let i = hole;
  let j = i;
  for (;;) {
    j = nextSlot(u32, b, j);
    const sj = slotWord(u32, b, j);
    const meta = u32[sj + 1];
    if (meta === 0) break;
    const k = ruleHome(u32, b, u32[sj], (meta & 0xff) - 1);
    // Leave slot j alone when its home k lies cyclically in (i, j].
    const stays = i <= j ? i < k && k <= j : i < k || k <= j;
    if (stays) continue;
    const si = slotWord(u32, b, i);
    u32[si] = u32[sj];
    u32[si + 1] = meta;
    i = j;
  }
  const s = slotWord(u32, b, i);
  u32[s] = 0;
  u32[s + 1] = 0;
  u32[b + (LPM_H_NRULES >>> 2)]--;
}
