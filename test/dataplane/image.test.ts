// The dataplane memory image is a pure function of the cluster: these pins catch any change to
// the bytes the builders write (a faster builder must write the same image). A deliberate change
// of the layout or of the FIB moves them: check the new values with bench/scale/imageHash.ts
// and update them in the same commit. (The slot-size words in ring headers and node contexts,
// RING_SLOT_SIZE and NODE_SLOT_SIZE, moved both pins: with those words zeroed the seed image
// hashes to its earlier pin, e9d82c2b3d95bce3, and every size and address stayed. The seed's
// Services added each node's IPVS region, 131456 bytes a node: without them the seed still
// built to c95f921c7e7deadc, 726208 bytes. LAYOUT_VERSION 3 (the neighbour tables) and
// NC_COUNT 64 (room for their drop reasons: 128 more counter bytes a node) moved all three;
// a dataplane built without `neighbours` writes no table. Layout 3's ports, GH_PORT_COUNT
// and IF_INBOX_TABLE (routers), moved them again: with those words zeroed all three images
// hash to the neighbour tables' pins (629f9c1f939fb874, 5b300c83ed966b93, 8ca18f3e34e88fa5).
// The redirect peers (a 320-byte table a node before its LPM, 384 bytes with the LPM's
// alignment; NC_DROP_BASE 24 for the redirect counters; a NEIGH next hop's gateway bytes)
// moved all three again. The uplink subnet's broadcast route (NHK_BROADCAST, table local: one
// more next hop and LPM entry a node) moved them from 1a748bd1960548c2, 759cbaa5a01121c8,
// 8aabf822e3a6df49. The node context's lookup cache (two more lines: lpmGen, then 8 slots;
// NODE_CTX_SIZE 128 → 256) and the LPM's generation word (LPM_H_GEN, the count of lpmAdd
// calls) moved them from 5a39cdba8638c58c, 39a484206d705a9f, cb7a12bf9c7eca14. The reassembly
// area (layout/reasm.ts, NODE_REASM: 8 queues of 512 + 65664 bytes a host, one a host above
// 128 hosts) and NC_COUNT 80 (its drop reasons) moved them from 029f32550fe50e53,
// a8fe1ff007ba7877, 0aabbfc069e54715. LAYOUT_VERSION 4, the ring header's private producer
// line (RING_HDR_SIZE 192 → 256, 64 bytes more a ring), moved them from b64a2dff0a9398d4,
// fbb66835a7b1d11b, b9c694965dbc4738. LAYOUT_VERSION 5, the pod directory the null engine
// reads (GH_POD_DIR, after the last ring: 128 bytes on the seed, 16 KiB above 512 nodes), moved
// them from 5b3f5729491a1c9d, 8711bcaca85668e8, d06fff1c9cc4d602: with the directory, its two
// header words and the version zeroed back, the seed hashes to its earlier pin. The directory's
// value as host << 16 | cali (a byte held the cali index up to 255 only) moved them from
// 51595d3c5204f24b, 5cf2487d2f8247b3, 688c74c640709ff4: with host << 8 all three hash back.
// VS_SIZE 16 → 24 (a virtual server's persistence timeout and netmask, sessionAffinity
// ClientIP) moved the seed's from 541b90a4b519c09f, 2050560 bytes: 256 bytes more, its two
// nodes' 16-slot virtual-server tables; the others have no Services. The route input's flow
// cache (NODE_CTX_SIZE 256 → 512, layout/node.ts; LAYOUT_VERSION 6) moved all three from
// ef9f87d78427bd70, e8f01c4ce120a40d and 7f1447e1ad9c1402: 256 bytes more a node, 512 on the
// seed. Its ways of 64 bytes, each holding a flow's output beside its route (NODE_CTX_SIZE
// 512 → 1280, LAYOUT_VERSION 7), moved all three from 6d0e424c14db35d3, c5c4883ad7a1fe66 and
// afb36740f23f33a0: 768 bytes more a node, 1536 on the seed, 393984 on 513 nodes.)
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { syntheticClusterSpec } from '../../bench/cluster/synthetic.ts';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { ROUTE_CACHE_MAX_NODES } from '../../host/cluster/build.ts';
import { buildDataplane, type Dataplane } from '../../host/dataplane/build.ts';
import { buildNodeFib, caliIndexes } from '../../host/dataplane/nexthops.ts';

function imageHash(dp: Dataplane): string {
  const h = createHash('sha256');
  const u8 = new Uint8Array(dp.memory.buffer);
  for (let o = 0; o < u8.length; o += 1 << 24) h.update(u8.slice(o, Math.min(u8.length, o + (1 << 24))));
  return h.digest('hex').slice(0, 16);
}

describe('dataplane memory image', () => {
  it('the seed cluster builds to the pinned image', () => {
    const dp = buildDataplane(buildCluster(defaultClusterSpec()), { workers: 2, ringSlots: 4 });
    assert.equal(dp.totalBytes, 2052864);
    assert.equal(imageHash(dp), 'f089d01e1780774b');
  });

  it('the seed cluster without its Services builds to its own pinned image', () => {
    const spec = defaultClusterSpec();
    delete spec.services;
    const dp = buildDataplane(buildCluster(spec), { workers: 2, ringSlots: 4 });
    assert.equal(dp.totalBytes, 1789696);
    assert.equal(imageHash(dp), '7688e788aa21d790');
  });

  it(`a cluster above ${ROUTE_CACHE_MAX_NODES} nodes (routes derived on read, FIBs rebuilt) builds to the pinned image`, function () {
    this.timeout(60_000);
    const cluster = buildCluster(syntheticClusterSpec({ nodes: ROUTE_CACHE_MAX_NODES + 1, podsPerNode: 1 }));
    const dp = buildDataplane(cluster, { workers: 2, ringSlots: 4 });
    assert.equal(dp.totalBytes, 218521600);
    assert.equal(imageHash(dp), 'a44fed28aed1bc6d');
    // the FIB a NodeInfo derives on read is the one the builder wrote
    const last = cluster.nodes[ROUTE_CACHE_MAX_NODES];
    assert.deepEqual(dp.nodes[last.index].fib, buildNodeFib(cluster, last, caliIndexes(last)));
  });
});

describe('node routes of large clusters', () => {
  it('are derived on each read above the cache limit, kept at or below it, and an assigned table is kept', () => {
    const big = buildCluster(syntheticClusterSpec({ nodes: ROUTE_CACHE_MAX_NODES + 1, podsPerNode: 1 }));
    const n = big.nodes[7];
    const a = n.routes;
    assert.notEqual(n.routes, a, 'a fresh table per read');
    assert.deepEqual(n.routes, a);
    assert.equal(a.length, 2 + 1 + 1 + ROUTE_CACHE_MAX_NODES, 'default, subnet, cali, blackhole, one per remote block');
    n.routes = a.slice(0, 2);
    assert.equal(n.routes.length, 2);
    assert.deepEqual({ ...n }.routes, a.slice(0, 2), 'routes is an own enumerable property');

    const small = buildCluster(syntheticClusterSpec({ nodes: 3, podsPerNode: 1 }));
    assert.equal(small.nodes[1].routes, small.nodes[1].routes, 'kept');
  });
});
