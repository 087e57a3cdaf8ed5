// One layout, two engines: the TS mirror (host/layout.ts, read directly by the TS engine)
// must hold exactly the values the core was compiled with, in the same order, and the
// core's own statics must end below LAYOUT_BASE.
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as L from '../../host/layout.ts';
import { LAYOUT_SOURCES, asToTs, generateLayoutMirrors } from '../../scripts/genLayout.ts';
import { compileCore, instantiateCore } from '../../host/engine/wasm.ts';
import { buildDataplane } from '../../host/dataplane/build.ts';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';

const root = new URL('../../', import.meta.url);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

describe('layout: the generated mirrors are fresh', () => {
  it('regenerated into an empty directory, every mirror equals the committed file (regenerate: npm run asbuild)', () => {
    const out = mkdtempSync(join(tmpdir(), 'genLayout-'));
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/genLayout.ts', '--out', out], { cwd: fileURLToPath(root), stdio: 'pipe' });
      const written = filesUnder(out).map((f) => relative(out, f)).sort();
      assert.deepEqual(written, ['assembly/layout/values.ts', 'host/engine/ts/route/lpmLayout.ts', 'host/layout.ts']);
      for (const f of written) {
        assert.equal(readFileSync(new URL(f, root), 'utf8'), readFileSync(join(out, f), 'utf8'), `${f} is stale`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('a changed source changes its mirror, and a construct the generator does not know stops it', () => {
    const read = (p: string): string => readFileSync(new URL(p, root), 'utf8');
    const planted = generateLayoutMirrors((p) => (p.endsWith('/ring.ts') ? read(p).replace('SLOT_SIZE_MIN: u32 = 2048', 'SLOT_SIZE_MIN: u32 = 4096') : read(p)));
    assert.notEqual(planted.get('host/layout.ts'), read('host/layout.ts'));
    assert.match(planted.get('host/layout.ts')!, /export const SLOT_SIZE_MIN = 4096;/);
    assert.throws(() => asToTs('// @ts-ignore: decorator\n@inline export const X: u64 = 1;', 'x.ts'), /x\.ts:2: genLayout cannot translate/);
    assert.throws(() => asToTs('export function f(): u32 { return 1; }', 'y.ts'), /y\.ts:1/);
  });
});

describe('layout: assembly/layout/ and host/layout.ts agree', () => {
  const memory = new WebAssembly.Memory({ initial: 32, maximum: 32, shared: true });
  const core = instantiateCore(compileCore(), memory);
  const values = L as unknown as Record<string, number>;

  it('every constant, in declaration order, has the same value in the compiled core', () => {
    const names = LAYOUT_SOURCES.flatMap((f) => {
      const src = readFileSync(new URL(f, root), 'utf8');
      return [...src.matchAll(/@inline export const (\w+): [ui]32 =/g)].map((m) => m[1]);
    });
    assert.deepEqual([...L.LAYOUT_NAMES], names);
    assert.ok(names.length > 100);
    names.forEach((name, i) => assert.equal(core.layoutValue(i) >>> 0, values[name] >>> 0, `${name} (index ${i})`));
    assert.equal(core.layoutValue(names.length) >>> 0, 0xffffffff, 'layoutValue past the end');
  });

  it('the core\'s statics end below LAYOUT_BASE', () => {
    assert.ok(core.heapBase() > 0 && core.heapBase() <= L.LAYOUT_BASE, `__heap_base ${core.heapBase()}`);
  });

  it('structures fit their sizes and stay aligned', () => {
    assert.ok(L.NODE_SCRATCH1 + 4 <= L.NODE_CTX_SIZE && L.NODE_CTX_SIZE % L.CACHE_LINE === 0);
    assert.ok(L.IF_IFINDEX + 4 <= L.IF_SIZE && L.IF_MAC % 4 === 0 && L.IF_PEER_MAC % 4 === 0);
    assert.ok(L.NH_LINK + 4 <= L.NH_SIZE && L.NH_DST_MAC + 6 <= L.NH_LINK && L.NH_SIZE === 16, '16-byte next hop');
    assert.ok(L.NH_OIF % 2 === 0 && L.NH_GW % 4 === 0 && L.NH_LINK % 4 === 0 && L.NH_DST_MAC % 4 === 0, 'next-hop fields aligned');
    assert.ok(L.NH_KIND < L.NH_OIF && L.NH_OIF + 2 <= L.NH_DST_MAC, 'kind and oif clear of the MAC');
    assert.ok(L.RING_HEAD % L.CACHE_LINE === 0 && L.RING_TAIL % L.CACHE_LINE === 0 && L.RING_HEAD !== L.RING_TAIL, 'head and tail on their own cache lines');
    assert.ok(L.RING_HDR_SIZE % L.CACHE_LINE === 0);
    assert.ok(L.SLOT_HEADROOM - L.SLOT_HDR_SIZE >= 20, 'room for one outer IPv4 header in front of every frame');
    assert.ok(L.slotMaxFrame(L.SLOT_SIZE_MIN) >= 1500 + L.SLOT_FRAME_SLACK, 'a full 1500-MTU frame (plus the veth slack) fits the smallest slot');
    assert.ok(L.NODE_SLOT_SIZE + 4 <= L.NODE_CTX_SIZE && L.RING_SLOT_SIZE + 4 <= L.RING_HEAD, 'slot sizes in line 0 of their records');
    assert.equal(L.slotSizeFor(1500), 2048, 'the seed image keeps 2048-byte slots');
    assert.equal(L.slotSizeFor(1966), 2048, 'the largest MTU whose frames fit 2048 bytes');
    assert.equal(L.slotSizeFor(1967), 2112);
    assert.equal(L.slotSizeFor(9000), 9088, '64 + 9000 + 18 = 9082, rounded to a cache line');
    assert.equal(L.slotSizeFor(9216), 9344);
    for (let mtu = 68; mtu <= 9216; mtu++) {
      const s = L.slotSizeFor(mtu);
      if (s % L.CACHE_LINE !== 0 || L.slotMaxFrame(s) < mtu + L.SLOT_FRAME_SLACK || s > L.SLOT_SIZE_MAX) assert.fail(`MTU ${mtu}: slot ${s}`);
    }
    assert.ok(L.NC_DROP_BASE + L.DROP_COUNT <= L.NC_COUNT, 'every drop reason has a counter');
    assert.ok(L.NC_FRAGMENTED < L.NC_DROP_BASE);
    // counters.ts countIfPair adds packets and bytes as one pair of adjacent f64s
    assert.ok(L.IC_RX_BYTES === L.IC_RX_PACKETS + 1 && L.IC_TX_BYTES === L.IC_TX_PACKETS + 1, 'packets and bytes side by side');
    assert.ok(L.IC_RX_PACKETS % 2 === 0 && L.IC_TX_PACKETS % 2 === 0 && (L.IC_COUNT * 8) % 16 === 0, 'each pair on 16 octets');
  });

  it('a built dataplane carries the header the core expects, and every pointer is in range', () => {
    const dp = buildDataplane(buildCluster(defaultClusterSpec()), { workers: 2, ringSlots: 8 });
    const u32 = dp.mem.u32;
    const g = (off: number): number => u32[(L.LAYOUT_BASE + off) >>> 2];
    assert.equal(g(L.GH_MAGIC), L.LAYOUT_MAGIC);
    assert.equal(g(L.GH_VERSION), L.LAYOUT_VERSION);
    assert.equal(g(L.GH_NODE_COUNT), 2);
    assert.equal(g(L.GH_INBOXES_PER_NODE), 3);
    assert.equal(dp.memory.buffer.byteLength % 65536, 0);
    for (const n of dp.nodes) {
      assert.equal(u32[(g(L.GH_NODE_TABLE) >>> 2) + n.index], n.ctx);
      assert.equal(n.ctx % L.CACHE_LINE, 0);
      for (const f of [L.NODE_IF_TABLE, L.NODE_NH_TABLE, L.NODE_COUNTERS, L.NODE_IF_COUNTERS, L.NODE_FLUSH_LIST, L.NODE_SCRATCH0, L.NODE_SCRATCH1, L.NODE_LPM_BASE]) {
        const p = u32[(n.ctx + f) >>> 2];
        assert.ok(p >= L.LAYOUT_BASE && p < dp.totalBytes, `field ${f} of ${n.name}`);
      }
      assert.equal(u32[(n.ctx + L.NODE_LPM_BASE) >>> 2] % 64, 0);
      n.inboxes.forEach((r, w) => assert.equal(u32[(g(L.GH_INBOX_TABLE) >>> 2) + n.index * 3 + w], r));
    }
  });
});
