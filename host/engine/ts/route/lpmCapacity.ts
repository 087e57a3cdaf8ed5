// Host-only sizing for an LPM region (assembly/route/lpm.ts, host/engine/ts/route/lpm.ts).
// The trie keeps exactly the plies a route set needs: a ply8 under every /16 that holds a
// route longer than /16, a ply4 under every /24 holding one longer than /24, and one under
// every /28 holding one longer than /28 (delete frees the rest). Counting those distinct
// keys gives the exact requirement. It holds at every point of any add/delete order that
// ends at this set, since routes only ever add plies on their own path.

import type { Cidr } from '../../../net/addr.ts';

export interface LpmCapacity {
  maxPlies8: number;
  maxPlies4: number;
  maxRules: number;
}

export interface LpmPrefix {
  dst: number;
  len: number;
}

/**
 * Pool sizes for `prefixes`. `slack` (≥ 0, default 0) is headroom for later inserts, as a
 * fraction of the exact count (0.25 = 25 % more, rounded up). Throws a RangeError naming
 * the bad prefix on a length outside 0..32 or a dst that is not a u32.
 */
export function lpmCapacityFor(prefixes: readonly (LpmPrefix | Cidr)[], slack = 0): LpmCapacity {
  if (!(slack >= 0 && Number.isFinite(slack))) throw new RangeError(`lpmCapacityFor: slack must be ≥ 0, got ${slack}`);
  const slash16 = new Set<number>();
  const slash24 = new Set<number>();
  const slash28 = new Set<number>();
  const rules = new Set<number>(); // dst * 64 + len: unique for u32 dst and len ≤ 32
  for (const p of prefixes) {
    const dst = 'dst' in p ? p.dst : p.base;
    const len = p.len;
    if (!Number.isInteger(len) || len < 0 || len > 32 || !Number.isInteger(dst) || dst < -0x80000000 || dst > 0xffffffff) {
      throw new RangeError(`lpmCapacityFor: bad prefix dst=${dst} len=${len}`);
    }
    const d = len === 0 ? 0 : (dst & (0xffffffff << (32 - len))) >>> 0;
    rules.add(d * 64 + len);
    if (len > 16) slash16.add(d >>> 16);
    if (len > 24) slash24.add(d >>> 8);
    if (len > 28) slash28.add(d >>> 4);
  }
  const grow = (n: number): number => Math.ceil(n * (1 + slack));
  return {
    maxPlies8: Math.min(grow(slash16.size), 1 << 16),
    maxPlies4: grow(slash24.size + slash28.size),
    maxRules: grow(rules.size),
  };
}
