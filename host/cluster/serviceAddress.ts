// What a Service address (`serviceIps`, `services[].clusterIP`) may not be. kube-proxy in IPVS
// mode binds every one of them to kube-ipvs0 on every node, so each becomes a local address of
// each node (table local): one that a host or a pod already owns would be answered by whichever
// node the packet reaches first (`ping b 10.244.0.1` answered by b's own node). So it may not be
//   - inside an IP pool: Kubernetes' service CIDR must not overlap the pod CIDR;
//   - a node's address, a node's gateway or a router's interface address;
//   - 169.254.1.1, the next hop Calico gives every pod (the CNI plugin's default route; the
//     cali interface answers its ARP by proxy).

import { ConfigError } from '../errors.ts';
import { cidrContains, formatCidr, parseCidr, parseIp4, type Cidr, type Ip4 } from '../net/addr.ts';
import { POD_GATEWAY } from './names.ts';

/** The raw spec fields the check reads; nodes and pools are validated before Services are. */
export interface AddressOwners {
  pools: unknown;
  nodes: unknown;
  routers?: unknown;
}

export type ServiceAddressCheck = (ip: Ip4, at: string, text: string) => void;

export function serviceAddressCheck(spec: AddressOwners): ServiceAddressCheck {
  const pools: { cidr: Cidr; at: string }[] = [];
  list(spec.pools).forEach((p, j) => {
    const c = parseCidr(String(field(p, 'cidr')), false);
    if (c) pools.push({ cidr: c, at: `pools[${j}].cidr` });
  });
  const owners = new Map<Ip4, string>();
  const own = (v: unknown, what: string) => {
    const ip = typeof v === 'string' ? parseIp4(v) : null;
    if (ip !== null && !owners.has(ip)) owners.set(ip, what);
  };
  list(spec.nodes).forEach((n, i) => {
    own(field(n, 'ip'), `the address of nodes[${i}] (${String(field(n, 'name'))})`);
    own(field(n, 'gateway'), `the gateway of nodes[${i}] (${String(field(n, 'name'))})`);
  });
  list(spec.routers).forEach((r, k) => {
    list(field(r, 'interfaces')).forEach((f, j) => own(field(f, 'ip'), `the address of routers[${k}].interfaces[${j}]`));
  });
  own(POD_GATEWAY, "every pod's gateway (Calico's 169.254.1.1)");

  return (ip, at, text) => {
    const pool = pools.find((p) => cidrContains(p.cidr, ip));
    if (pool) throw new ConfigError(at, `is inside an IP pool (${pool.at} ${formatCidr(pool.cidr)}): the service CIDR must not overlap the pod CIDR`, text);
    const owner = owners.get(ip);
    if (owner !== undefined) throw new ConfigError(at, `is ${owner}`, text);
  };
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function field(o: unknown, key: string): unknown {
  return o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined;
}
