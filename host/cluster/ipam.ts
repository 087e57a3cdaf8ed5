// Calico IPAM as far as the dataplane can see it: block affinity per node, the tunnel address,
// and pod addresses in ordinal order (libcalico-go/lib/ipam/ipam_block.go: newBlock, autoAssign).
//
// Rules (documented in README "Cluster files"):
// - A node with `block` in its spec gets exactly that block (validated: inside a pool, aligned,
//   not shared). Real Calico picks blocks pseudo-randomly; pinning is how the seed is reproduced.
// - Every other node, in spec order, gets the lowest free aligned block of the first pool (spec
//   order) that still has one. A node left without a block has no blackhole, no tunnel address
//   and no pods; real Calico would borrow addresses from other nodes' blocks, which is not modelled,
//   so a pod placed there is a configuration error naming the pod and node.
// - tunl0 is allocated first from the node's block when that block's pool has IPIP enabled
//   (Always/CrossSubnet), so it gets ordinal 0; pods follow with the next ordinals in spec order.
//   With ipipMode Never Calico allocates no tunnel address, so the first pod gets ordinal 0.
// - A node whose affine blocks are full claims another one when a pod needs an address, as
//   autoAssign does (assignFromExistingBlock finds no room, then claimAffineBlock): the lowest
//   free aligned block of the first pool (spec order) that still has one, so blocks[1..] are
//   claimed in pod order after every node's first. Calico's IPAMConfig maxBlocksPerHost is 0
//   (no limit) by default. Each block gets its own blackhole on its node and its own route on
//   every other (BIRD exports one route per affine block: routes.ts).
// - When every pool is exhausted, real Calico borrows an address from another node's block
//   (strictAffinity false); that is not modelled: a configuration error (`pods[i].node`).

import { ConfigError } from '../errors.ts';
import { cidrContains, formatCidr, parseCidr, type Cidr, type Ip4 } from '../net/addr.ts';
import type { AffineBlock, ClusterSpec } from './types.ts';

export interface NodeIpam {
  /** The node's first affine block (blocks[0]), null when it has none. */
  block: AffineBlock | null;
  /** Index into spec.pools of blocks[0]'s pool; null with no block. */
  pool: number | null;
  /** Every affine block of the node, in claim order. */
  blocks: AffineBlock[];
  tunl0Ip: Ip4 | null;
}

export interface IpamResult {
  nodes: NodeIpam[];
  /** Pod IP for each spec.pods entry, same index. */
  podIps: Ip4[];
}

export function allocate(spec: ClusterSpec): IpamResult {
  const pools = spec.pools.map((p) => parseCidr(p.cidr) as Cidr);
  const claimed = new Set<number>(); // block base addresses (pools never overlap, so bases are unique)
  const nodes: NodeIpam[] = spec.nodes.map(() => ({ block: null, pool: null, blocks: [], tunl0Ip: null }));
  const own = (i: number, b: AffineBlock): void => {
    claimed.add(b.base);
    nodes[i].blocks.push(b);
    if (nodes[i].block === null) [nodes[i].block, nodes[i].pool] = [b, b.pool];
  };

  spec.nodes.forEach((n, i) => {
    if (n.block === undefined) return;
    const b = parseCidr(n.block) as Cidr;
    own(i, { base: b.base, len: b.len, pool: pools.findIndex((p) => cidrContains(p, b.base)) });
  });

  // Per-pool cursor: blocks below it are all claimed, so each search resumes where it stopped.
  const cursor = pools.map(() => 0);
  const claim = (): AffineBlock | null => {
    for (let p = 0; p < pools.length; p++) {
      const size = spec.pools[p].blockSize;
      const count = 2 ** (size - pools[p].len);
      const step = 2 ** (32 - size);
      while (cursor[p] < count && claimed.has((pools[p].base + cursor[p] * step) >>> 0)) cursor[p]++;
      if (cursor[p] < count) return { base: (pools[p].base + cursor[p] * step) >>> 0, len: size, pool: p };
    }
    return null;
  };
  spec.nodes.forEach((n, i) => {
    if (n.block !== undefined) return;
    const b = claim();
    if (b) own(i, b);
  });

  // the next free ordinal in each node's newest block
  const next = nodes.map(() => 0);
  nodes.forEach((n, i) => {
    if (n.block && n.pool !== null && spec.pools[n.pool].ipipMode !== 'Never') {
      n.tunl0Ip = n.block.base;
      next[i] = 1;
    }
  });

  const nodeIndex = new Map(spec.nodes.map((n, i) => [n.name, i]));
  const podIps = spec.pods.map((pod, i) => {
    const ni = nodeIndex.get(pod.node) as number;
    const mine = nodes[ni].blocks;
    let block = mine.length > 0 ? mine[mine.length - 1] : null;
    if (block === null || next[ni] >= 2 ** (32 - block.len)) {
      block = claim();
      if (!block) {
        throw new ConfigError(
          `pods[${i}].node`,
          mine.length === 0
            ? 'node has no IPAM block: every pool is exhausted (real Calico would borrow an address from another node\'s block; not modelled)'
            : `the node's ${mine.length} block(s) are full and every pool is exhausted (real Calico would borrow an address from another node's block; not modelled)`,
          pod.node,
        );
      }
      own(ni, block);
      next[ni] = 0;
    }
    return (block.base + next[ni]++) >>> 0;
  });

  return { nodes, podIps };
}
