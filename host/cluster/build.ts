// From a ClusterSpec to the derived Cluster: IPAM, names, interfaces, routes.

import { parseIp4, type Ip4 } from '../net/addr.ts';
import { nodeIfaces, podIfaces, IFINDEX, type HostVeth } from './ifaces.ts';
import { allocate } from './ipam.ts';
import { calicoNodeSuffix, netnsName, podMac, vethName } from './names.ts';
import { nodeRoutes, podRoutes } from './routes.ts';
import type { Cluster, ClusterNode, ClusterSpec, Pod } from './types.ts';
import { validateClusterSpec } from './validate.ts';

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
      ifaces: podIfaces(spec, ip, mac, hostVethIfindex),
      routes: podRoutes(),
    };
  });

  const nodes: ClusterNode[] = spec.nodes.map((n, i) => {
    const local = pods.filter((p) => p.nodeIndex === i);
    const veths: HostVeth[] = local.map((p) => ({ name: p.hostVeth, ifindex: p.hostVethIfindex, netns: p.netns }));
    return {
      spec: n,
      index: i,
      ip: parseIp4(n.ip) as Ip4,
      block: ipam.nodes[i].block,
      blockPool: ipam.nodes[i].pool,
      tunl0Ip: ipam.nodes[i].tunl0Ip,
      calicoNodePod: `calico-node-${n.calicoNodeSuffix ?? calicoNodeSuffix(n.name)}`,
      ifaces: nodeIfaces(spec, n, ipam.nodes[i].tunl0Ip, veths),
      routes: nodeRoutes(spec, ipam, i, local.map((p) => ({ ip: p.ip, hostVeth: p.hostVeth }))),
      pods: local,
    };
  });

  const byNode = new Map(nodes.map((n) => [n.spec.name, n]));
  return {
    spec,
    nodes,
    pods,
    nodeByName: (name) => byNode.get(name),
    podByName: (name, namespace) => pods.find((p) => p.name === name && (namespace === undefined || p.namespace === namespace)),
  };
}
