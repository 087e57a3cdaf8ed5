// Calico `BGPPeer` objects → routers that learn the pod blocks.
//
// A BGPPeer whose peerIP is a node subnet's default gateway is the top-of-rack peering Calico
// documents for clusters that route natively across subnets: every node (a global peer: no
// spec.node or nodeSelector) announces its affine blocks to the router, which then routes each
// block via its node (RouterSpec.learnPodBlocks). A peer that is not a gateway of the cluster's
// subnets has nothing to simulate it and gets a warning.

import { formatIp4, parseIp4, type Ip4 } from '../../net/addr.ts';
import type { NodeSpec, RouterSpec } from '../types.ts';
import { routerSpecs } from '../network.ts';
import type { ManifestObject } from './docs.ts';
import type { Warn } from './fields.ts';

export interface PeerDraft {
  what: string;
  peerIp: Ip4;
}

export function readBgpPeer(obj: ManifestObject, warn: Warn): PeerDraft | null {
  const spec = obj.root.child('spec');
  if (!spec) {
    warn(`${obj.what}: no spec, ignored`);
    return null;
  }
  const text = spec.str('peerIP') ?? '';
  const ip = parseIp4(text.replace(/:\d+$/, '')); // "10.0.1.1:179" names the port too
  if (ip === null) return spec.fail('peerIP', 'a BGPPeer needs an IPv4 spec.peerIP', text || undefined);
  spec.accept('asNumber');
  spec.explain('node', 'not simulated: every node peers with the router');
  spec.explain('nodeSelector', 'not simulated: every node peers with the router');
  spec.explain('peerSelector', 'not simulated: every node peers with the router');
  return { what: obj.what, peerIp: ip };
}

/** The routers a cluster of `nodes` gets once its BGP peers are known. */
export function peeredRouters(nodes: NodeSpec[], peers: PeerDraft[], warn: Warn): RouterSpec[] | undefined {
  if (peers.length === 0) return undefined;
  const gateways = new Set(nodes.map((n) => parseIp4(n.gateway)));
  const used = peers.filter((p) => {
    if (gateways.has(p.peerIp)) return true;
    warn(`${p.what}: spec.peerIP ${formatIp4(p.peerIp)} is no node subnet's gateway: not simulated, ignored`);
    return false;
  });
  if (used.length === 0) return undefined;
  // the default router (or, for a single subnet, one router at its gateway), learning the blocks
  const [router] = routerSpecs({ nodes, pools: [], pods: [] });
  const names = new Set(nodes.map((n) => n.name));
  let name = router?.name ?? 'router';
  for (let k = 1; names.has(name); k++) name = `router-${k}`;
  return [{ name, learnPodBlocks: true }];
}
