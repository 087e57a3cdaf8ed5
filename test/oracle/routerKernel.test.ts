// Kernel frames across subnets, without a VM (fixtures from `npm run oracle` runs on the
// example clusters; compare.py --windows): each input is played into a fresh simulation of the
// fixture's cluster in both engines; every frame that carries the input's IP ID (forwarded, or
// inside IPIP) and every ICMP error quoting it (its own ID and header checksum blanked) must
// equal the kernel's, byte for byte, on every interface, routers' included.
//
//   router-ipip.json  IPIP addressed to the router's own address: ipip.ko is loaded (the
//                     cluster has tunnels), the router's tunl0 is down, so tunnel4_rcv answers
//                     ICMP 3/3 from the address the packet was sent to
//   never-ipip.json   IPIP to a node, or a pod, of a cluster without tunnels (ipipMode Never,
//                     ipip.ko not loaded): ip_protocol_deliver_rcu answers ICMP 3/2
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCluster, loadClusterFile } from '../../host/cluster/index.ts';
import { Simulation } from '../../host/sim/simulation.ts';
import { recordTaps } from '../support/taps.ts';

interface Entry { name: string; inject: string; input: string; kernel: Record<string, string[]> }
interface Fixture { cluster: string; frames: Entry[] }

const load = (file: string): Fixture => JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/oracle/${file}`, import.meta.url)), 'utf8'));
const repo = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

const outerId = (b: Buffer): number => b.readUInt16BE(14 + 4);

/** The frame if it carries IPv4 ID `id` at its own header or inside IPIP, or an ICMP error
 *  quoting that ID (own ID and checksum blanked); null otherwise. */
function ofInput(frame: Buffer, raw: boolean, id: number): string | null {
  const ip = raw ? 0 : 14;
  if ((!raw && frame.readUInt16BE(12) !== 0x0800) || frame.length < ip + 20) return null;
  const ihl = (frame[ip] & 15) * 4;
  if (frame.readUInt16BE(ip + 4) === id) return `frame ${frame.toString('hex')}`;
  const q = ip + ihl + 8;
  if (frame[ip + 9] === 1 && [3, 5, 11, 12].includes(frame[ip + ihl]) && frame.length >= q + 20 && frame.readUInt16BE(q + 4) === id) {
    const c = Buffer.from(frame);
    c.fill(0, ip + 4, ip + 6);
    c.fill(0, ip + 10, ip + 12);
    return `icmp ${c.toString('hex')}`;
  }
  return null;
}

/** Every input of the suite whose kernel answer this test claims (by name). */
const SUITES = [
  { file: 'router-ipip.json', what: 'IPIP to a router\'s own address (3/3 from the router)', pick: (_: Entry) => true, min: 1 },
  {
    file: 'never-ipip.json', what: 'IPIP to a node or a pod without tunnels (3/2)', min: 25, pick: (_: Entry) => true,
  },
];

for (const s of SUITES) {
  const fixture = load(s.file);
  const cluster = buildCluster(loadClusterFile(repo(fixture.cluster)));
  const hosts = [...cluster.nodes, ...cluster.routers];
  const entries = fixture.frames.filter(s.pick);
  for (const engine of ['wasm', 'ts'] as const) {
    describe(`oracle fixture ${s.file}: ${s.what} (${engine})`, () => {
      it(`covers ${s.min}+ kernel inputs, and the kernel answered with ICMP`, () => {
        assert.ok(entries.length >= s.min, `${entries.length} inputs`);
        assert.ok(entries.some((e) => Object.values(e.kernel).flat().some((h) => h.slice(68, 70) === '03')), 'an ICMP 3/x is in the fixture');
      });
      for (const e of entries) {
        it(e.name, () => {
          const sim = new Simulation(cluster, { engine });
          const seen = recordTaps(sim, Object.keys(e.kernel));
          const at = e.inject.slice(0, e.inject.lastIndexOf(':'));
          const input = Buffer.from(e.input, 'hex');
          const node = hosts.findIndex((n) => n.spec.name === at);
          sim.inject(node >= 0 ? { node } : { pod: at }, input);
          sim.clock.run(() => false, 10_000_000);
          const id = outerId(input);
          for (const l of Object.keys(e.kernel)) {
            const raw = l.endsWith(':tunl0');
            const want = e.kernel[l].map((h) => ofInput(Buffer.from(h, 'hex'), raw, id)).filter((x) => x !== null);
            const got = (seen.get(l) ?? []).map((f) => ofInput(f, raw, id)).filter((x) => x !== null);
            assert.deepEqual(got, want, `${e.name}: ${l}`);
          }
        });
      }
    });
  }
}
