// The pods' reassembly against Linux 6.1's rules (ip_frag_queue, inet_frag_queue_insert,
// ip_frag_reasm), and against a naive model for random fragment sequences (fast-check).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ipv4Packet, ipv4Parse, IPV4_DF, IPV4_MF, type Ipv4View } from '../../host/net/ipv4.ts';
import { Reassembler } from '../../host/pod/reasm.ts';

const SRC = 0x0a000001;
const DST = 0x0a000002;

/** Fragment [off, off + len) of a datagram whose payload octet i is i & 0xff. */
function frag(off: number, len: number, mf: boolean, o: { tos?: number; df?: boolean; id?: number } = {}): Ipv4View {
  const data = Uint8Array.from({ length: len }, (_, i) => (off + i) & 0xff);
  const p = ipv4Packet({ src: SRC, dst: DST, proto: 17, ttl: 64, id: o.id ?? 7, tos: o.tos ?? 0, flagsFrag: (o.df ? IPV4_DF : 0) | (mf ? IPV4_MF : 0) | (off >> 3) }, data);
  const v = ipv4Parse(p);
  if (typeof v === 'string') throw new Error(v);
  return v;
}

function feed(frags: Ipv4View[]): { whole: Ipv4View | null; expired: Ipv4View[]; r: Reassembler } {
  const timers: (() => void)[] = [];
  const expired: Ipv4View[] = [];
  const r = new Reassembler({ at: (_t, run) => timers.push(run), expired: (first) => expired.push(first) });
  let whole: Ipv4View | null = null;
  for (const f of frags) whole = r.add(f, 0) ?? whole;
  for (const t of timers) t();
  return { whole, expired, r };
}

describe('pod reassembly (Linux 6.1 ip_defrag)', () => {
  it('puts a datagram together in any order; DF when the largest DF fragment is as large as the largest', () => {
    const a = feed([frag(16, 8, false), frag(0, 16, true)]).whole!;
    assert.equal(a.payload.length, 24);
    assert.deepEqual([...a.payload], Array.from({ length: 24 }, (_, i) => i));
    assert.equal(a.flagsFrag, 0);
    assert.equal(feed([frag(0, 16, true, { df: true }), frag(16, 8, false)]).whole!.flagsFrag, IPV4_DF);
    assert.equal(feed([frag(0, 16, true), frag(16, 8, false, { df: true })]).whole!.flagsFrag, 0);
    assert.equal(feed([frag(0, 16, true), frag(16, 16, false, { df: true })]).whole!.flagsFrag, IPV4_DF);
  });

  it('trims a middle fragment to 8 octets, and the 11/1 quotes the trimmed first fragment', () => {
    const { whole, expired } = feed([frag(0, 20, true)]);
    assert.equal(whole, null);
    assert.equal(expired.length, 1);
    assert.equal(expired[0].packet.length, 20 + 16);
  });

  it('a duplicate inside a run is dropped and the queue lives on; a partial overlap kills it', () => {
    assert.ok(feed([frag(0, 16, true), frag(0, 8, true), frag(16, 8, false)]).whole);
    const killed = feed([frag(0, 16, true), frag(8, 16, true), frag(24, 8, false)]);
    assert.equal(killed.whole, null);
    assert.equal(killed.expired.length, 0, 'a killed queue has no timeout to report');
  });

  it('a second, different last fragment or an empty one kills the queue', () => {
    assert.equal(feed([frag(0, 16, true), frag(16, 8, false), frag(16, 16, false)]).expired.length, 0);
    assert.equal(feed([frag(0, 16, true), frag(16, 4, true)]).expired.length, 0); // 4 octets trim to 0
    assert.equal(feed([frag(0, 16, true), frag(24, 8, false), frag(8, 8, false)]).expired.length, 0); // last before the known end
  });

  it('mixes ECN as ip_frag_ecn_table does', () => {
    assert.equal(feed([frag(0, 16, true, { tos: 1 }), frag(16, 8, false, { tos: 3 })]).whole!.tos & 3, 3);
    assert.equal(feed([frag(0, 16, true, { tos: 0 }), frag(16, 8, false, { tos: 2 })]).whole, null);
    assert.equal(feed([frag(0, 16, true, { tos: 2 }), frag(16, 8, false, { tos: 2 })]).whole!.tos & 3, 2);
  });

  it('agrees with a naive model of the rules on random fragment sequences', () => {
    // the model: byte coverage, with the kernel's verdicts spelt out one by one
    const model = (fs: { off: number; len: number; mf: boolean }[]): 'whole' | 'killed' | 'pending' => {
      let len = 0;
      let lastIn = false;
      const runs: [number, number][] = [];
      let meat = 0;
      let first = false;
      for (const f of fs) {
        let end = f.off + f.len;
        if (!f.mf) {
          if (end < len || (lastIn && end !== len)) return 'killed';
          lastIn = true;
          len = end;
        } else {
          end -= end % 8;
          if (end > len) {
            if (lastIn) return 'killed';
            len = end;
          }
        }
        if (end === f.off) return 'killed';
        const top = runs.reduce((m, r) => (r[0] > (m?.[0] ?? -1) ? r : m), undefined as [number, number] | undefined);
        if (top && top[1] < end) {
          if (f.off < top[1]) return 'killed';
          if (f.off === top[1]) top[1] = end;
          else runs.push([f.off, end]);
        } else if (top) {
          const hit = runs.find((r) => end > r[0] && f.off < r[1]);
          if (hit && f.off >= hit[0] && end <= hit[1]) continue;
          if (hit) return 'killed';
          runs.push([f.off, end]);
        } else runs.push([f.off, end]);
        meat += end - f.off;
        if (f.off === 0) first = true;
        if (first && lastIn && meat === len) return 'whole';
      }
      return 'pending';
    };
    fc.assert(fc.property(
      fc.array(fc.record({ off: fc.integer({ min: 0, max: 6 }).map((x) => x * 8), len: fc.integer({ min: 0, max: 30 }), mf: fc.boolean() }), { minLength: 1, maxLength: 6 }),
      (fs) => {
        const timers: (() => void)[] = [];
        const r = new Reassembler({ at: (_t, run) => timers.push(run), expired: () => {} });
        let got: 'whole' | 'killed' | 'pending' = 'pending';
        for (const f of fs) {
          if (r.add(frag(f.off, f.len, f.mf), 0)) { got = 'whole'; break; }
          if (r.pending === 0) { got = 'killed'; break; }
        }
        assert.equal(got, model(fs));
      },
    ), { numRuns: 2000, seed: 11 });
  });
});
