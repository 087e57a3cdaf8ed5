// From a ClusterSpec to the derived Cluster: IPAM, names, interfaces, routes.

import { parseIp4, type Ip4 } from '../net/addr.ts';
import { nodeIfaces, podIfaces, IFINDEX, type HostVeth } from './ifaces.ts';
import { allocate } from './ipam.ts';
import { calicoNodeSuffix, netnsName, podMac, vethName } from './names.ts';
import { nodeRoutes, podRoutes } from './routes.ts';
import { buildServices } from './services.ts';
import type { Cluster, ClusterNode, ClusterSpec, Pod, Route } from './types.ts';
import { validateClusterSpec } from './validate.ts';
import { buildNetwork } from './network.ts';

/**
 * Up to this many nodes a node's main table is kept once derived. Above it, `routes` is derived
 * again on every read and never kept: the tables together hold N² routes (25 million objects,
 * several GB of heap at the 5000-node Kubernetes limit), while the consumers of clusters that
 * large (the dataplane builder, the benchmark) read each node's table once or twice, node by
 * node, so each table can be collected after use. Views, the diagram and ping read tables of
 * small clusters repeatedly (and tests edit them in place): those stay cached.
 */
export const ROUTE_CACHE_MAX_NODES = 512;

/** Builds the derived cluster; throws ConfigError (naming the field) for any impossible spec. */
export function buildCluster(spec: ClusterSpec): Cluster {
  validateClusterSpec(spec);
  const ipam = allocate(spec);
  const nodeIndex = new Map(spec.nodes.map((n, i) => [n.name, i]));
  const vethCount = spec.nodes.map(() => 0);

  const pods: Pod[] = spec.pods.map((p, k) => {
    const ni = nodeIndex.get(p.node) as number;
    const hostVethIfindex = IFINDEX.firstHostVeth + vethCount[ni]++;
    const ip = ipam.podIps[k];
    const mac = (p.mac ?? podMac(p.namespace, p.name)).toLowerCase();
    return {
      namespace: p.namespace,
      name: p.name,
      node: p.node,
      nodeIndex: ni,
      ip,
      mac,
      hostVeth: vethName(p.namespace, p.name),
      hostVethIfindex,
      netns: p.netns ?? netnsName(p.namespace, p.name),
      tools: p.tools ?? 'busybox',
      labels: { ...p.labels },
      ifaces: podIfaces(spec, ip, mac, hostVethIfindex),
      routes: podRoutes(),
    };
  });

  const podsOf: Pod[][] = spec.nodes.map(() => []);
  for (const p of pods) podsOf[p.nodeIndex].push(p);
  const peerIps = Uint32Array.from(spec.nodes, (n) => parseIp4(n.ip) as Ip4);
  const cacheRoutes = spec.nodes.length <= ROUTE_CACHE_MAX_NODES;

  const nodes: ClusterNode[] = spec.nodes.map((n, i) => {
    const local = podsOf[i];
    const veths: HostVeth[] = local.map((p) => ({ name: p.hostVeth, ifindex: p.hostVethIfindex, netns: p.netns }));
    const node = {
      spec: n,
      role: 'node' as const,
      index: i,
      uplinks: [], // attached to their segments by buildNetwork
      ip: peerIps[i],
      block: ipam.nodes[i].block,
      blockPool: ipam.nodes[i].pool,
      blocks: ipam.nodes[i].blocks,
      tunl0Ip: ipam.nodes[i].tunl0Ip,
      calicoNodePod: `calico-node-${n.calicoNodeSuffix ?? calicoNodeSuffix(n.name)}`,
      ifaces: nodeIfaces(spec, n, ipam.nodes[i].tunl0Ip, veths),
      routes: [] as Route[],
      pods: local,
    };
    let kept: Route[] | null = null; // derived (small clusters) or assigned table
    const derive = (): Route[] => nodeRoutes(spec, ipam, i, local.map((p) => ({ ip: p.ip, hostVeth: p.hostVeth })), peerIps);
    // Enumerable, so spreads, JSON and deep equality see `routes` like a plain field.
    Object.defineProperty(node, 'routes', {
      enumerable: true,
      configurable: true,
      get: (): Route[] => kept ?? (cacheRoutes ? (kept = derive()) : derive()),
      set: (v: Route[]) => { kept = v; },
    });
    return node;
  });

  const { segments, routers } = buildNetwork(spec, nodes);
  const byNode = new Map(nodes.map((n) => [n.spec.name, n]));
  const nodeOfIp = new Map(nodes.map((n) => [n.ip, n.index]));
  const byHost = new Map([...nodes, ...routers].map((n) => [n.spec.name, n]));
  return {
    spec,
    nodes,
    pods,
    services: buildServices(spec, pods, (ip) => nodeOfIp.get(ip) ?? null),
    segments,
    routers,
    nodeByName: (name) => byNode.get(name),
    hostByName: (name) => byHost.get(name),
    podByName: (name, namespace) => pods.find((p) => p.name === name && (namespace === undefined || p.namespace === namespace)),
  };
}
