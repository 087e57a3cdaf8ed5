// kube-proxy in IPVS mode, as it programs one node (pkg/proxy/ipvs/proxier.go syncProxyRules):
//   - one virtual server per Service port on its ClusterIP (bound on kube-ipvs0);
//   - NodePort Services: one more per node address, on the node port. The addresses are every
//     IPv4 address of the node except loopback and kube-ipvs0's own (realIPGetter.NodeIPs:
//     here the uplink's and tunl0's);
//   - real servers: the Endpoints at the target port, "Masq" (NAT), weight 1, scheduler rr;
//     externalTrafficPolicy Local keeps only the node's own endpoints on its node ports;
//   - masquerade (iptables KUBE-POSTROUTING, the 0x4000 mark): node-port traffic with
//     externalTrafficPolicy Cluster (KUBE-NODE-PORT-*), every ClusterIP with --masquerade-all
//     (KUBE-CLUSTER-IP), and a hairpin (a pod reaching itself through its Service:
//     KUBE-LOOP-BACK), which the core decides per connection.
// sessionAffinity ClientIP: every virtual server of the Service is persistent (FlagPersistent),
// timeout = sessionAffinityConfig.clientIP.timeoutSeconds, netmask 255.255.255.255 (a
// template per client address: ip_vs_sched_persist).
// Real servers are kept in the order the kernel's rr scheduler walks them: kube-proxy adds the
// Endpoints one by one and __ip_vs_update_dest puts each new one at the head of the list
// (list_add_rcu), so the last one added comes first.

import type { Ip4 } from '../net/addr.ts';
import type { Cluster, ClusterNode, ServiceProtocol } from './types.ts';

export interface RealServer {
  ip: Ip4;
  port: number;
}

export interface VirtualServer {
  protocol: ServiceProtocol;
  ip: Ip4;
  port: number;
  /** SNAT to the node's address on the way to the real server. */
  masquerade: boolean;
  /** In rr order (the kernel's list order). */
  dests: RealServer[];
  /** IP_VS_SVC_F_PERSISTENT: svc->timeout (s) and svc->netmask; null without session affinity. */
  persistence: { timeoutSeconds: number; netmask: Ip4 } | null;
  /** `namespace/name:port-name`, for messages. */
  service: string;
}

export interface KubeProxyOptions {
  /** kube-proxy --masquerade-all: SNAT every ClusterIP connection too. */
  masqueradeAll?: boolean;
}

/** kube-proxy's persistent virtual servers hold one template per client address. */
const PERSISTENCE_NETMASK = 0xffffffff;

/** The node's addresses that carry node ports (realIPGetter.NodeIPs). */
export function nodePortAddresses(node: ClusterNode): Ip4[] {
  const out: Ip4[] = [];
  for (const f of node.ifaces) {
    if (f.kind === 'loopback' || f.name === 'kube-ipvs0') continue;
    for (const a of f.addrs) if (a.ip >>> 24 !== 127 && !out.includes(a.ip)) out.push(a.ip);
  }
  return out;
}

/** Every virtual server kube-proxy creates on `node`. */
export function nodeVirtualServers(cluster: Cluster, node: ClusterNode, opts: KubeProxyOptions = {}): VirtualServer[] {
  const out: VirtualServer[] = [];
  const nodeIps = nodePortAddresses(node);
  for (const s of cluster.services) {
    for (const p of s.ports) {
      const service = `${s.namespace}/${s.name}:${p.name || p.port}`;
      const all = s.endpoints.map((e) => ({ ip: e.ip, port: p.targetPort })).reverse();
      const persistence = s.affinityTimeoutSeconds === null ? null : { timeoutSeconds: s.affinityTimeoutSeconds, netmask: PERSISTENCE_NETMASK };
      out.push({ protocol: p.protocol, ip: s.clusterIP, port: p.port, masquerade: opts.masqueradeAll ?? false, dests: all, persistence, service });
      if (p.nodePort === null) continue;
      const local = s.externalTrafficPolicy === 'Local';
      const dests = local
        ? s.endpoints.filter((e) => e.nodeIndex === node.index).map((e) => ({ ip: e.ip, port: p.targetPort })).reverse()
        : all;
      for (const ip of nodeIps) out.push({ protocol: p.protocol, ip, port: p.nodePort, masquerade: !local, dests, persistence, service });
    }
  }
  return out;
}
