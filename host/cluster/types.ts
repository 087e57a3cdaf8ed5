// The cluster model: what the user describes (specs) and what Calico/Kubernetes derive
// from it (nodes with interfaces, addresses and routes; pods with IPs and veth names).
// Every consumer (views, dataplane memory map, diagram, captures) reads these types;
// extend them, do not fork them.

import type { Ip4 } from '../net/addr.ts';

export type IpipMode = 'Always' | 'CrossSubnet' | 'Never';

export interface NodeSpec {
  name: string;
  /** Host uplink interface name, `ens160` in the seed. */
  iface: string;
  ip: string; // dotted quad
  prefixLen: number; // e.g. 24
  mac: string; // uplink MAC
  gateway: string; // default gateway on the uplink
  /** MAC of the kube-ipvs0 dummy (printed by `ip addr`); optional. */
  ipvsMac?: string;
  /** Affine IPAM block, e.g. "172.16.196.0/26"; absent = next free aligned block of the pools. */
  block?: string;
  /** Alternative name of the uplink (`altname enp2s0` in the seed); absent = derived (see names.ts). */
  altname?: string;
  /** Suffix of this node's calico-node DaemonSet pod (`q6cv6` in the seed); absent = derived. */
  calicoNodeSuffix?: string;
  /** The Node object's labels beyond the ones kubelet sets (`kubectl get nodes -l`, nodeSelector). */
  labels?: Record<string, string>;
}

export interface PoolSpec {
  name?: string;
  cidr: string;
  blockSize: number; // 20..32
  ipipMode: IpipMode;
  natOutgoing?: boolean;
}

export interface PodSpec {
  namespace: string;
  name: string;
  node: string;
  /** Pod-side eth0 MAC; when absent a stable locally administered MAC is derived. */
  mac?: string;
  /** Network namespace name as containerd names it (`cni-<uuid>`); absent = derived. */
  netns?: string;
  /**
   * Whose `ip`/`arp` print inside the pod: `busybox` (the seed's busybox image, via kubectl exec)
   * or `iproute2` (the host's tools entered with nsenter, as the seed does for coredns). Default busybox.
   */
  tools?: PodTools;
  /** metadata.labels (`kubectl get pods -l`); absent = none. */
  labels?: Record<string, string>;
}

export type PodTools = 'busybox' | 'iproute2';

/** Why a pod has no place in the dataplane, in Kubernetes' own words: `Unschedulable` (the
 *  PodScheduled condition's reason: kube-scheduler found no node, phase Pending), or one of the
 *  kubelet's admission reasons (pkg/kubelet/lifecycle/predicate.go) for a pod bound by
 *  spec.nodeName, phase Failed: `OutOfpods` (no pod slot left), `NodeAffinity` (its nodeSelector
 *  does not match the node's labels). */
export type UnplacedReason = 'Unschedulable' | 'OutOfpods' | 'NodeAffinity';

/**
 * A pod the API server has but no node runs: no veth, no IP, no routes, no Endpoints. Only
 * `kubectl get pods` shows it (STATUS Pending or OutOfpods). The manifest converter writes these.
 */
export interface UnplacedPodSpec {
  namespace: string;
  name: string;
  reason: UnplacedReason;
  /** OutOfpods: the node the pod was bound to (its spec.nodeName). Absent when Unschedulable. */
  node?: string;
  /** The scheduler's or the kubelet's message (`0/2 nodes are available: 2 Too many pods.`). */
  message?: string;
  /** metadata.labels; absent = none. */
  labels?: Record<string, string>;
}

/** One interface of a router: where it sits (a subnet, hence an L2 segment) and what it is. */
export interface RouterIfaceSpec {
  /** The subnet (L2 segment) this interface is on, e.g. "10.0.1.0/24". */
  subnet: string;
  /** Its address; default: the gateway the nodes of that subnet name. */
  ip?: string;
  /** Default: `eth<k>` in list order. */
  name?: string;
  /** Default: 02:00 + the address's four octets (locally administered, unique per address). */
  mac?: string;
  /** Default: the cluster's MTU. A smaller one makes the router send frag-needed for DF packets. */
  mtu?: number;
}

/** A static route of a router (`ip route add <dst> via <via>`). */
export interface RouterRouteSpec {
  dst: string; // CIDR
  via: string; // on one of the router's subnets; an address no host owns leaves the cluster
}

/**
 * A Linux router between subnets (ip_forward=1, no pods). Absent `routers` in the cluster =
 * one router, `router`, joining every node subnet at its gateway, when the nodes span more
 * than one subnet (a single-subnet cluster keeps its gateway outside, as the seed's does).
 */
export interface RouterSpec {
  name: string;
  /** Default: one per node subnet, at the gateway its nodes name. */
  interfaces?: RouterIfaceSpec[];
  routes?: RouterRouteSpec[];
  /**
   * BGP peering with every node (Calico's BGPPeer to a top-of-rack router): the router learns
   * each node's affine block, `<block> via <node IP> proto bird`. Without it the router knows
   * the node subnets only, and native (Never) pod traffic across subnets gets net-unreachable.
   */
  learnPodBlocks?: boolean;
}

export interface ClusterSpec {
  nodes: NodeSpec[];
  /** Routers between the subnets; absent = the default router (see RouterSpec), [] = none. */
  routers?: RouterSpec[];
  pools: PoolSpec[];
  pods: PodSpec[];
  /** Pods that are in the API but not in the dataplane (Pending, or refused by a full node's
   *  kubelet); absent = none. */
  unplacedPods?: UnplacedPodSpec[];
  /** Host uplink MTU (1500 in the seed); tunl0/cali/eth0 get mtu - 20 with IPIP unless the
   *  two fields below say otherwise. */
  mtu?: number;
  /** MTU of every pod's veth pair (cali… and eth0): the Calico CNI plugin's network config
   *  `mtu`, filled from calico-config's `veth_mtu`. Default: mtu - 20 with IPIP, else mtu. */
  vethMtu?: number;
  /** MTU of tunl0 on the nodes: FelixConfiguration `ipipMTU` (FELIX_IPINIPMTU). Default:
   *  mtu - 20. A veth MTU above it makes the node answer a pod's full-size DF packets with
   *  ICMP frag-needed (ip_forward), and the pod fragment to the path MTU it learns. */
  ipipMtu?: number;
  /** ClusterIP service addresses shown on kube-ipvs0 (the seed shows three); the `services`'
   *  cluster IPs are added after them. */
  serviceIps?: string[];
  /** Kubernetes Services that kube-proxy (IPVS mode) load-balances (services.ts). */
  services?: ServiceSpec[];
}

export type ServiceType = 'ClusterIP' | 'NodePort';
export type ServiceProtocol = 'TCP' | 'UDP';

export interface ServicePortSpec {
  name?: string;
  /** Default TCP. */
  protocol?: ServiceProtocol;
  port: number;
  /** Default: `port`. */
  targetPort?: number;
  /** NodePort services: 30000..32767; absent = allocated (services.ts). */
  nodePort?: number;
}

export interface ServiceSpec {
  namespace: string;
  name: string;
  /** Default ClusterIP. */
  type?: ServiceType;
  clusterIP: string;
  /** spec.selector: the pods whose IPs become the Endpoints. Absent = a Service without a
   *  selector, whose Endpoints are `endpoints` (the apiserver's own `kubernetes` Service). */
  selector?: Record<string, string>;
  /** Endpoint addresses of a Service without a selector (may be empty). */
  endpoints?: string[];
  ports: ServicePortSpec[];
  /** NodePort services: Cluster (default: masqueraded, any endpoint) or Local (local endpoints only). */
  externalTrafficPolicy?: 'Cluster' | 'Local';
  /** spec.sessionAffinity: ClientIP makes kube-proxy's virtual servers persistent (default None). */
  sessionAffinity?: SessionAffinity;
  /** spec.sessionAffinityConfig.clientIP.timeoutSeconds: 1..86400, default 10800; ClientIP only. */
  sessionAffinityTimeoutSeconds?: number;
}

export type SessionAffinity = 'None' | 'ClientIP';

/** Route kinds as the Linux FIB sees them on a Calico node. */
export type RouteKind =
  | 'local' // address of this host (local table)
  | 'connected' // `<subnet> dev ens160 scope link` (proto kernel)
  | 'gateway' // `via <gw> dev <iface>` (default route, CrossSubnet/Never block routes)
  | 'onlink' // `via <node> dev tunl0 onlink` (IPIP block routes)
  | 'blackhole' // `blackhole <own block>`
  | 'unreachable'
  | 'cali'; // `<podIP>/32 dev caliX scope link`

export interface Route {
  dst: Ip4;
  len: number;
  kind: RouteKind;
  gateway?: Ip4;
  dev?: string; // interface name; absent for blackhole/unreachable
  metric: number;
  scope: 'link' | 'global' | 'host';
  proto?: string; // kernel, bird, boot, static, 80 ...
  src?: Ip4;
}

export type IfaceKind = 'loopback' | 'ether' | 'ipip' | 'veth' | 'dummy';

export interface IfaceAddr {
  ip: Ip4;
  len: number;
  scope: 'host' | 'global' | 'link';
  brd?: Ip4;
  /** NetworkManager-managed address: the kernel adds no prefix route for it. */
  noprefixroute?: boolean;
}

/** IPv6 addresses are only displayed (link-local, ::1), never routed, so they stay text. */
export interface IfaceAddr6 {
  addr: string; // compressed text, e.g. fe80::ecee:eeff:feee:eeee
  len: number;
  scope: 'host' | 'link' | 'global';
  noprefixroute?: boolean;
}

export interface Iface {
  name: string;
  ifindex: number;
  kind: IfaceKind;
  mtu: number;
  mac: string; // '00:00:00:00:00:00' for lo; '' for ipip
  addrs: IfaceAddr[];
  /** For veth: the peer's ifindex in the other namespace (`@ifN`). */
  peerIfindex?: number;
  proxyArp: boolean;
  /** Administratively up (IFF_UP). Absent = up. */
  up?: boolean;
  addrs6?: IfaceAddr6[];
  altname?: string;
  /** Host-side veth: name of the peer's network namespace (`link-netns cni-…`). */
  linkNetns?: string;
  /** Pod-side veth: netns id of the peer's namespace as seen from the pod (`link-netnsid 0`). */
  linkNetnsId?: number;
}

export interface Block {
  base: Ip4;
  len: number;
}

/** A block affine to a node, with the index into spec.pools of its pool. */
export interface AffineBlock extends Block {
  pool: number;
}

export interface Pod {
  namespace: string;
  name: string;
  node: string;
  nodeIndex: number;
  ip: Ip4;
  mac: string; // pod eth0 MAC
  hostVeth: string; // cali + 11 hex of sha1(ns.name)
  hostVethIfindex: number;
  netns: string; // cni-<uuid>
  tools: PodTools;
  /** metadata.labels; absent = none. */
  labels?: Record<string, string>;
  /** Interfaces and routes inside the pod's network namespace. */
  ifaces: Iface[];
  routes: Route[];
}

/** One port of a Service with everything derived: the protocol, the node port, the backends. */
export interface ServicePort {
  name: string;
  protocol: ServiceProtocol;
  port: number;
  targetPort: number;
  nodePort: number | null;
}

/** A Service with its Endpoints as the endpoints controller computes them: the selected pods'
 *  IPs (ready pods, in pod order), or the listed addresses of a Service without a selector. */
export interface Service {
  spec: ServiceSpec;
  namespace: string;
  name: string;
  type: ServiceType;
  clusterIP: Ip4;
  ports: ServicePort[];
  externalTrafficPolicy: 'Cluster' | 'Local';
  /** ClientIP: the persistence timeout in seconds (kube-proxy's StickyMaxAgeSeconds); None: null. */
  affinityTimeoutSeconds: number | null;
  endpoints: ServiceEndpoint[];
}

export interface ServiceEndpoint {
  ip: Ip4;
  /** The pod behind it (absent for a selector-less Service's address). */
  pod?: Pod;
  /** Index of the node the endpoint lives on, or null when it is outside the cluster's pods
   *  (a host-network address). */
  nodeIndex: number | null;
}

/** One L2 segment: a subnet and every host interface on it (nodes' uplinks, routers' ports).
 *  A frame sent on a segment reaches the interfaces of that segment and no other. */
export interface Segment {
  index: number;
  /** The subnet, `10.0.1.0/24`: also the segment's name. */
  cidr: string;
  base: Ip4;
  len: number;
  members: SegmentPort[];
}

/** A host's interface on a segment. */
export interface SegmentPort {
  /** Host index: a node's index, or nodes.length + k for router k (the dataplane's numbering). */
  host: number;
  name: string; // host name
  iface: string;
  /** Position among the host's uplinks (0 = the node's uplink, a router's first interface). */
  uplink: number;
  ip: Ip4;
  mac: string;
  mtu: number;
}

/** An Ethernet interface of a host that sits on a segment (a node has one, a router several). */
export interface Uplink {
  name: string;
  ip: Ip4;
  len: number;
  mac: string;
  mtu: number;
  segment: number;
}

export type HostRole = 'node' | 'router';

export interface ClusterNode {
  spec: NodeSpec;
  /** 'router' for the routers between subnets (Cluster.routers): no pods, no tunl0, several uplinks. */
  role: HostRole;
  /** Host index: nodes 0..N-1, then the routers (N + k). */
  index: number;
  /** The host's Ethernet interfaces on segments, in order; uplinks[0] is spec.iface. */
  uplinks: Uplink[];
  ip: Ip4;
  block: Block | null; // the first affine block (blocks[0]); null with none (e.g. pool exhausted)
  /** Index into spec.pools of the pool the block belongs to; null with no block. */
  blockPool: number | null;
  /** Every affine block, in claim order: a node whose block is full claims another (ipam.ts). */
  blocks: AffineBlock[];
  /** Name of this node's calico-node pod (host network, IP = node IP). */
  calicoNodePod: string;
  tunl0Ip: Ip4 | null; // null when no IPIP pool
  ifaces: Iface[];
  routes: Route[]; // main table, in the order `ip route` prints them
  pods: Pod[]; // pods on this node, in IPAM order
}

export interface Cluster {
  spec: ClusterSpec;
  nodes: ClusterNode[];
  pods: Pod[];
  /** The Services with their Endpoints (services.ts). */
  services: Service[];
  /** The L2 segments (subnets) the hosts sit on, in order of first appearance. */
  segments: Segment[];
  /** Routers between the segments: hosts with role 'router', index nodes.length + k. */
  routers: ClusterNode[];
  /** Lookup helpers. */
  nodeByName(name: string): ClusterNode | undefined;
  /** A node or a router. */
  hostByName(name: string): ClusterNode | undefined;
  podByName(name: string, namespace?: string): Pod | undefined;
}
