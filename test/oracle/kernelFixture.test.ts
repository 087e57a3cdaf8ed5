// Regression test from the kernel oracle, without a VM: test/fixtures/oracle/checksum-carry.json
// holds frames Linux 6.1 forwarded in an `npm run oracle` run (the hand-made inputs whose IPv4
// header checksum is one of the values around ip_decrease_ttl's end-around carry: 0xfeff and
// 0xffff carry, their neighbours do not), with every frame the kernel showed on every interface
// in that input's window. Each input is played into a fresh simulation in both engines; every
// frame that carries the input's own IP ID (the forwarded packet, on each interface it crosses,
// or the inner packet of an IPIP frame) must equal the kernel's byte for byte: TTL, checksum,
// MACs, everything. Frames the hosts create (echo replies, the outer IPIP header) carry IDs that
// are host history and are left out.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { Simulation } from '../../host/sim/simulation.ts';
import { resolveTap } from '../../host/sim/taps.ts';

interface Entry {
  name: string;
  inject: string;
  input: string;
  kernel: Record<string, string[]>;
}

const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/oracle/checksum-carry.json', import.meta.url)), 'utf8')) as {
  kernel: string;
  frames: Entry[];
};
const cluster = buildCluster(defaultClusterSpec());

/** The IPv4 ID of the input's packet: the inner one for an IPIP frame. */
function inputId(b: Buffer): number {
  const ip = 14;
  const ihl = (b[ip] & 15) * 4;
  return b[ip + 9] === 4 ? b.readUInt16BE(ip + ihl + 4) : b.readUInt16BE(ip + 4);
}

/** The part of `frame` that is the forwarded packet with ID `id`: the frame itself, or the inner
 *  packet of an IPIP frame; null for anything else. `raw` = tunl0 (no Ethernet header). */
function forwarded(frame: Buffer, raw: boolean, id: number): string | null {
  const ip = raw ? 0 : 14;
  if (!raw && frame.readUInt16BE(12) !== 0x0800) return null;
  if (frame.length < ip + 20) return null;
  const ihl = (frame[ip] & 15) * 4;
  if (frame[ip + 9] === 4 && frame.length >= ip + ihl + 20) {
    return frame.readUInt16BE(ip + ihl + 4) === id ? `inner ${frame.subarray(ip + ihl).toString('hex')}` : null;
  }
  return frame.readUInt16BE(ip + 4) === id ? `frame ${frame.toString('hex')}` : null;
}

for (const engine of ['wasm', 'ts'] as const) {
  describe(`kernel oracle fixture: the TTL-decrement checksum carry (${fixture.kernel}), ${engine} engine`, function () {
    this.timeout(60000);
    it(`forwards ${fixture.frames.length} inputs exactly as Linux did`, () => {
      assert.ok(fixture.frames.length >= 20);
      const carry = fixture.frames.filter((f) => /checksum 0x(feff|ffff)/.test(f.name));
      assert.ok(carry.length >= 8, 'the carry cases are in the fixture');
      for (const e of fixture.frames) {
        const sim = new Simulation(cluster, { engine });
        const seen = new Map<string, Buffer[]>();
        const labels = Object.keys(e.kernel);
        const byPoint = new Map<string, string>();
        for (const l of labels) {
          const p = resolveTap(sim, l).point;
          if (p !== null) byPoint.set(p, l);
        }
        sim.listen((point, _t, frame) => {
          const l = byPoint.get(point);
          if (l) seen.set(l, [...(seen.get(l) ?? []), Buffer.from(frame)]);
        });
        const at = e.inject.slice(0, e.inject.lastIndexOf(':'));
        const node = cluster.nodes.findIndex((n) => n.spec.name === at);
        const input = Buffer.from(e.input, 'hex');
        sim.inject(node >= 0 ? { node } : { pod: at }, input);
        sim.clock.run(() => false, 10_000_000);
        const id = inputId(input);
        for (const l of labels) {
          const raw = l.endsWith(':tunl0');
          const want = e.kernel[l].map((h) => forwarded(Buffer.from(h, 'hex'), raw, id)).filter((x) => x !== null);
          const got = (seen.get(l) ?? []).map((f) => forwarded(f, raw, id)).filter((x) => x !== null);
          assert.deepEqual(got, want, `${e.name}: ${l}`);
        }
      }
    });
  });
}
