// Unit tests of the LPM, each run on both engines (WASM core and TS twin) over one memory.

import assert from 'node:assert/strict';
import { parseCidr, parseIp4 } from '../../host/net/addr.ts';
import { EINVAL, ENOENT, ENOSPC, LPM_MISS, lpmRegionSize } from '../../host/engine/ts/route/lpm.ts';
import { loadLpmWasm, type LpmWasm } from './lpmWasm.ts';
import { type LpmEngine, pliesUsed, regionBytes, twoEngines } from './lpmHarness.ts';
import type { LpmCapacity } from '../../host/engine/ts/route/lpmCapacity.ts';

const ip = (s: string): number => parseIp4(s)!;
const cidr = (s: string): [number, number] => { const c = parseCidr(s)!; return [c.base, c.len]; };
const add = (e: LpmEngine, c: string, v: number): number => e.add(...cidr(c), v);
const del = (e: LpmEngine, c: string): number => e.del(...cidr(c));

const BIG: LpmCapacity = { maxPlies8: 8, maxPlies4: 32, maxRules: 64 };

describe('route/lpm unit', function () {
  let w: LpmWasm;
  before(async function () {
    this.timeout(120_000);
    w = await loadLpmWasm(64);
  });

  /** Run `body` on each engine of a fresh pair, then check both regions hold the same bytes. */
  function both(cap: LpmCapacity, body: (e: LpmEngine) => void): void {
    const { engines, size } = twoEngines(w, cap);
    for (const e of engines) body(e);
    assert.ok(regionBytes(w.mem, engines[0].base, size).equals(regionBytes(w.mem, engines[1].base, size)));
  }

  it('an empty table misses everywhere', function () {
    both(BIG, (e) => {
      for (const a of ['0.0.0.0', '10.1.2.3', '255.255.255.255']) assert.equal(e.lookup(ip(a)), LPM_MISS, e.name);
    });
  });

  it('overlapping prefixes: the longest wins at every level of the trie', function () {
    both(BIG, (e) => {
      assert.equal(add(e, '10.0.0.0/8', 1), 0);
      assert.equal(add(e, '10.244.0.0/16', 2), 0);
      assert.equal(add(e, '10.244.1.0/24', 3), 0);
      assert.equal(add(e, '10.244.1.64/26', 4), 0);
      assert.equal(add(e, '10.244.1.72/29', 5), 0);
      assert.equal(add(e, '10.244.1.73/32', 6), 0);
      const cases: [string, number][] = [
        ['10.9.9.9', 1], ['10.244.9.9', 2], ['10.244.1.1', 3], ['10.244.1.63', 3], ['10.244.1.64', 4],
        ['10.244.1.71', 4], ['10.244.1.72', 5], ['10.244.1.73', 6], ['10.244.1.74', 5], ['10.244.1.80', 4],
        ['10.244.1.128', 3], ['11.0.0.0', LPM_MISS], ['9.255.255.255', LPM_MISS],
      ];
      for (const [a, v] of cases) assert.equal(e.lookup(ip(a)), v, `${e.name} ${a}`);
    });
  });

  it('deleting a covering route re-exposes the next shorter one, down to a miss', function () {
    both(BIG, (e) => {
      for (const [c, v] of [['10.0.0.0/8', 1], ['10.244.0.0/16', 2], ['10.244.1.64/26', 4], ['10.244.1.73/32', 6]] as const) {
        assert.equal(add(e, c, v), 0);
      }
      const a = ip('10.244.1.73');
      assert.equal(e.lookup(a), 6);
      assert.equal(del(e, '10.244.1.73/32'), 0);
      assert.equal(e.lookup(a), 4);
      assert.equal(del(e, '10.244.0.0/16'), 0); // under a longer route: only its own slots change
      assert.equal(e.lookup(a), 4);
      assert.equal(e.lookup(ip('10.244.2.1')), 1);
      assert.equal(del(e, '10.244.1.64/26'), 0);
      assert.equal(e.lookup(a), 1);
      assert.equal(del(e, '10.0.0.0/8'), 0);
      assert.equal(e.lookup(a), LPM_MISS);
      assert.equal(del(e, '10.0.0.0/8'), -ENOENT);
      assert.equal(del(e, '10.0.0.0/9'), -ENOENT);
      assert.deepEqual(pliesUsed(w.mem, e.base), { used8: 0, used4: 0, rules: 0 });
    });
  });

  it('/0 is a default route under everything, and /32 matches one address', function () {
    both(BIG, (e) => {
      assert.equal(add(e, '0.0.0.0/0', 7), 0);
      assert.equal(add(e, '192.168.1.1/32', 8), 0);
      assert.equal(e.lookup(ip('0.0.0.0')), 7);
      assert.equal(e.lookup(ip('255.255.255.255')), 7);
      assert.equal(e.lookup(ip('192.168.1.1')), 8);
      assert.equal(e.lookup(ip('192.168.1.0')), 7);
      assert.equal(e.lookup(ip('192.168.1.2')), 7);
      assert.equal(add(e, '255.255.255.255/32', 0xffffff), 0); // largest value, last address
      assert.equal(e.lookup(ip('255.255.255.255')), 0xffffff);
      assert.equal(del(e, '0.0.0.0/0'), 0);
      assert.equal(e.lookup(ip('192.168.1.2')), LPM_MISS);
      assert.equal(e.lookup(ip('192.168.1.1')), 8);
    });
  });

  it('adding an existing prefix replaces its value only', function () {
    both(BIG, (e) => {
      assert.equal(add(e, '172.16.0.0/16', 1), 0);
      assert.equal(add(e, '172.16.5.0/26', 2), 0);
      assert.equal(add(e, '172.16.0.0/16', 9), 0);
      assert.equal(e.lookup(ip('172.16.9.9')), 9);
      assert.equal(e.lookup(ip('172.16.5.1')), 2);
      assert.equal(add(e, '172.16.5.0/26', 0), 0);
      assert.equal(e.lookup(ip('172.16.5.1')), 0);
      assert.equal(pliesUsed(w.mem, e.base).rules, 2);
    });
  });

  it('-EINVAL for bad length, host bits or value, and the table is untouched', function () {
    both(BIG, (e) => {
      assert.equal(add(e, '10.0.0.0/8', 1), 0);
      assert.equal(e.add(ip('10.0.0.0'), 33, 1), -EINVAL);
      assert.equal(e.add(ip('10.0.0.0'), -1, 1), -EINVAL);
      assert.equal(e.add(ip('10.0.0.1'), 24, 1), -EINVAL);
      assert.equal(e.add(ip('10.0.0.0'), 24, 0x1000000), -EINVAL);
      assert.equal(e.add(ip('10.0.0.0'), 24, 0xffffffff), -EINVAL);
      assert.equal(e.del(ip('10.0.0.1'), 8), -EINVAL);
      assert.equal(e.del(ip('10.0.0.0'), 40), -EINVAL);
      assert.equal(e.lookup(ip('10.0.0.0')), 1);
      assert.deepEqual(pliesUsed(w.mem, e.base), { used8: 0, used4: 0, rules: 1 });
    });
  });

  it('-ENOSPC leaves the table unchanged and usable', function () {
    const size = lpmRegionSize(1, 2, 4);
    both({ maxPlies8: 1, maxPlies4: 2, maxRules: 4 }, (e) => {
      assert.equal(add(e, '10.1.1.1/32', 1), 0); // uses 1 ply8 + 2 ply4
      const before = Buffer.from(regionBytes(w.mem, e.base, size));
      assert.equal(add(e, '10.2.0.0/24', 2), -ENOSPC); // needs a second ply8
      assert.equal(add(e, '10.1.2.0/26', 2), -ENOSPC); // needs a third ply4
      assert.equal(add(e, '10.1.1.16/32', 2), -ENOSPC); // same /24, another /28: third ply4
      assert.ok(regionBytes(w.mem, e.base, before.length).equals(before), `${e.name} bytes changed`);
      assert.equal(add(e, '10.1.1.2/32', 2), 0); // same /28: no new ply
      assert.equal(add(e, '10.1.0.0/16', 3), 0);
      assert.equal(add(e, '0.0.0.0/0', 4), 0); // 4th rule
      assert.equal(add(e, '11.0.0.0/8', 5), -ENOSPC); // rules full
      assert.equal(add(e, '0.0.0.0/0', 6), 0); // replacing needs no new rule
      assert.equal(e.lookup(ip('10.1.1.2')), 2);
      assert.equal(e.lookup(ip('10.1.9.9')), 3);
      assert.equal(e.lookup(ip('11.0.0.1')), 6);
      assert.equal(del(e, '10.1.1.1/32'), 0);
      assert.equal(del(e, '10.1.1.2/32'), 0); // frees all three plies
      assert.deepEqual(pliesUsed(w.mem, e.base), { used8: 0, used4: 0, rules: 2 });
      assert.equal(add(e, '10.2.0.128/25', 2), 0); // the freed ply8 and ply4 serve again
      assert.equal(e.lookup(ip('10.2.0.200')), 2);
      assert.equal(e.lookup(ip('10.2.0.100')), 6);
    });
  });

  it('freed plies go back to the pool: add/delete cycles do not leak', function () {
    const cap = { maxPlies8: 2, maxPlies4: 4, maxRules: 8 };
    both(cap, (e) => {
      assert.equal(add(e, '10.0.0.0/8', 1), 0);
      for (let round = 0; round < 500; round++) {
        const x = (round * 2654435761) >>> 0; // spread over many /16s, /24s and /28s
        const a = ((x & 0x00ffffff) | 0x0a000000) >>> 0;
        const b = (a ^ 0x00800000) >>> 0; // another /16
        for (const [dst, len] of [[a, 32], [(a & ~1) >>> 0, 31], [b, 32]]) assert.equal(e.add(dst, len, round & 0xff), 0, `${e.name} round ${round}`);
        assert.equal(e.lookup(a), round & 0xff);
        assert.deepEqual(pliesUsed(w.mem, e.base), { used8: 2, used4: 4, rules: 4 });
        for (const [dst, len] of [[b, 32], [a, 32], [(a & ~1) >>> 0, 31]]) assert.equal(e.del(dst, len), 0);
        assert.deepEqual(pliesUsed(w.mem, e.base), { used8: 0, used4: 0, rules: 1 });
        assert.equal(e.lookup(a), 1);
      }
    });
  });
});
