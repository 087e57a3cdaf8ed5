// A frag-needed about an IPIP packet teaches the tunnel next hop towards its outer destination
// a path MTU (ipip_err → ipv4_update_pmtu, assembly/tunnel/pmtu.ts), in both engines; a node on
// a shared FIB (the benchmark's large clusters: its next hops are its whole class's) learns
// nothing, where writing would hand one host's exception to every host of its subnet.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { buildCluster, loadClusterFile } from '../../host/cluster/index.ts';
import { buildDataplane } from '../../host/dataplane/build.ts';
import { createEngine } from '../../host/dataplane/engines.ts';
import { pushCopies } from '../../host/dataplane/rings.ts';
import * as L from '../../host/layout.ts';
import { parseIp4, parseMac } from '../../host/net/addr.ts';
import { ethFrame } from '../../host/net/ethernet.ts';
import { icmpMessage } from '../../host/net/icmp.ts';
import { ipv4Emit } from '../../host/net/ipv4.ts';

const cluster = buildCluster(loadClusterFile(fileURLToPath(new URL('../../examples/clusters/crosssubnet-3node.yaml', import.meta.url))));
const nodeA = cluster.nodes.find((n) => n.spec.name === 'node-a')!;
const nodeC = cluster.nodes.find((n) => n.spec.name === 'node-c')!;
const gateway = parseIp4('10.0.1.1')!; // node-a's, the router's address on its subnet

/** IPv4 packet of `proto` from `src` to `dst` around `payload`. */
function ipPacket(src: number, dst: number, proto: number, payload: Uint8Array, totalLen = 20 + payload.length): Uint8Array {
  const b = new Uint8Array(20 + payload.length);
  ipv4Emit(b, 0, { id: 1, ttl: 64, proto, src, dst, flagsFrag: 0x4000 }, totalLen - 20);
  b.set(payload, 20);
  return b;
}

/** The router's 3/4 (next-hop MTU 1400) to node-a about node-a's 1500-octet IPIP packet to
 *  node-c (node-a and node-b share a subnet, so a shared FIB puts them in one class). */
function fragNeeded(): Uint8Array {
  const quoted = ipPacket(nodeA.ip, nodeC.ip, 4, new Uint8Array(8), 1500).slice(0, 28);
  const icmp = icmpMessage(3, 4, 1400, quoted);
  return ethFrame(parseMac(nodeA.uplinks[0].mac)!, parseMac('00:0c:29:0a:01:01')!, 0x0800, ipPacket(gateway, nodeA.ip, 1, icmp));
}

function learnedPmtu(shareFibs: boolean, engine: 'wasm' | 'ts'): number {
  const dp = buildDataplane(cluster, { workers: 1, neighbours: 'static', shareFibs });
  const a = dp.nodes.find((n) => n.name === 'node-a')!;
  const { u8, u16, u32 } = dp.mem;
  assert.equal(u32[(a.ctx + L.NODE_OWN_ROUTES) >>> 2] !== 0, shareFibs, 'node-a on its class\'s FIB exactly when shared');
  pushCopies(dp.mem, a.externalInbox, [fragNeeded()], 0, 1, 0);
  createEngine(engine, dp).step(a.index);
  const table = u32[(a.ctx + L.NODE_NH_TABLE) >>> 2];
  for (let i = 0; i < u32[(a.ctx + L.NODE_NH_COUNT) >>> 2]; i++) {
    const nh = table + i * L.NH_SIZE;
    if (u8[nh + L.NH_KIND] === L.NHK_ONLINK_TUNL0 && u32[(nh + L.NH_GW) >>> 2] === nodeC.ip) return u16[(nh + L.NH_PMTU) >>> 1];
  }
  throw new Error('node-a has no tunnel next hop towards node-c');
}

describe('tunnel path MTU: learned per host, not on a shared FIB', () => {
  for (const engine of ['wasm', 'ts'] as const) {
    it(`${engine}: the 3/4 teaches node-a's own next hop 1400; on a shared FIB nothing`, () => {
      assert.equal(learnedPmtu(false, engine), 1400);
      assert.equal(learnedPmtu(true, engine), 0);
    });
  }
});
