// Services and their Endpoints, as the apiserver validates them and the endpoints controller
// computes them:
//   - a ClusterIP is unique and lies outside the pools and the nodes' addresses;
//   - ports: 1..65535, unique per (port, protocol) inside a Service (the apiserver's
//     "duplicate" on spec.ports[i]); targetPort defaults to port;
//   - NodePort: 30000..32767 (--service-node-port-range), unique per protocol across Services;
//     absent, one is allocated: derived from the Service's name, then the next free one (the
//     apiserver picks at random, which no simulation can reproduce);
//   - sessionAffinity: None or ClientIP; sessionAffinityTimeoutSeconds (the flat form of
//     spec.sessionAffinityConfig.clientIP.timeoutSeconds) 1..86400, default 10800, only with
//     ClientIP (the apiserver's validateClientIPAffinityConfig);
//   - Endpoints: the pods of the Service's namespace whose labels match the selector, in pod
//     order; a selector that matches
//     no pod is refused here (exit 2) because it is almost always a typo, unless it matches pods
//     no node runs (spec.unplacedPods: Pending, OutOfpods), which are never ready, so the Service
//     has no Endpoints, as the endpoints controller leaves it. A Service without a
//     selector lists its addresses in `endpoints`, and an empty list is how to get a VIP with no
//     real servers (the kernel then answers ICMP port unreachable: ip_vs_leave).

import { sha1Word } from './sha1.ts';
import { ConfigError } from '../errors.ts';
import { formatIp4, parseIp4, type Ip4 } from '../net/addr.ts';
import { serviceAddressCheck, type AddressOwners } from './serviceAddress.ts';
import type { ClusterSpec, Pod, Service, ServicePort, ServiceSpec } from './types.ts';

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
const TYPES = ['ClusterIP', 'NodePort'];
const PROTOCOLS = ['TCP', 'UDP'];
const SERVICE_KEYS = ['namespace', 'name', 'type', 'clusterIP', 'selector', 'endpoints', 'ports', 'externalTrafficPolicy', 'sessionAffinity', 'sessionAffinityTimeoutSeconds'];
const AFFINITIES = ['None', 'ClientIP'];
/** v1.DefaultClientIPServiceAffinitySeconds and MaxClientIPServiceAffinitySeconds. */
export const AFFINITY_TIMEOUT_DEFAULT = 10800;
export const AFFINITY_TIMEOUT_MAX = 86400;
const PORT_KEYS = ['name', 'protocol', 'port', 'targetPort', 'nodePort'];

/** The addresses kube-proxy binds on kube-ipvs0: `serviceIps`, then every Service's ClusterIP
 *  not among them. */
export function serviceAddresses(spec: ClusterSpec): Ip4[] {
  const out: Ip4[] = (spec.serviceIps ?? []).map((s) => parseIp4(s) as Ip4);
  for (const s of spec.services ?? []) {
    const ip = parseIp4(s.clusterIP) as Ip4;
    if (!out.includes(ip)) out.push(ip);
  }
  return out;
}

/** Checks `spec.services` field by field (shape and values that need no pods). */
export function validateServices(raw: unknown, spec: AddressOwners): void {
  if (raw === undefined) return;
  if (!Array.isArray(raw)) throw new ConfigError('services', 'must be a list', raw);
  const ips = new Map<number, string>();
  const nodePorts = new Map<string, string>();
  const checkAddress = serviceAddressCheck(spec);
  raw.forEach((s, i) => {
    const at = `services[${i}]`;
    const o = mapping(s, at);
    for (const k of Object.keys(o)) if (!SERVICE_KEYS.includes(k)) throw new ConfigError(`${at}.${k}`, `unknown field (allowed: ${SERVICE_KEYS.join(', ')})`, o[k]);
    text(o.namespace, `${at}.namespace`);
    const name = text(o.name, `${at}.name`);
    if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) throw new ConfigError(`${at}.name`, 'not a valid Service name (DNS-1035 label)', name);
    if (o.type !== undefined && !TYPES.includes(o.type as string)) throw new ConfigError(`${at}.type`, `must be one of ${TYPES.join(', ')}`, o.type);
    const ipText = text(o.clusterIP, `${at}.clusterIP`);
    const ip = parseIp4(ipText);
    if (ip === null) throw new ConfigError(`${at}.clusterIP`, 'not an IPv4 address (a.b.c.d)', ipText);
    const owner = ips.get(ip);
    if (owner !== undefined) throw new ConfigError(`${at}.clusterIP`, `already the ClusterIP of ${owner}`, ipText);
    ips.set(ip, `${o.namespace}/${name}`);
    checkAddress(ip, `${at}.clusterIP`, ipText);
    if (o.selector !== undefined) {
      const sel = mapping(o.selector, `${at}.selector`);
      for (const [k, v] of Object.entries(sel)) if (typeof v !== 'string') throw new ConfigError(`${at}.selector.${k}`, 'must be a string', v);
      if (o.endpoints !== undefined) throw new ConfigError(`${at}.endpoints`, 'only a Service without a selector lists its endpoints', o.endpoints);
    }
    if (o.endpoints !== undefined) {
      if (!Array.isArray(o.endpoints)) throw new ConfigError(`${at}.endpoints`, 'must be a list', o.endpoints);
      o.endpoints.forEach((e, k) => {
        if (typeof e !== 'string' || parseIp4(e) === null) throw new ConfigError(`${at}.endpoints[${k}]`, 'not an IPv4 address (a.b.c.d)', e);
      });
    }
    if (o.externalTrafficPolicy !== undefined && o.externalTrafficPolicy !== 'Cluster' && o.externalTrafficPolicy !== 'Local') {
      throw new ConfigError(`${at}.externalTrafficPolicy`, 'must be Cluster or Local', o.externalTrafficPolicy);
    }
    if (o.sessionAffinity !== undefined && !AFFINITIES.includes(o.sessionAffinity as string)) {
      throw new ConfigError(`${at}.sessionAffinity`, `must be one of ${AFFINITIES.join(', ')}`, o.sessionAffinity);
    }
    if (o.sessionAffinityTimeoutSeconds !== undefined) {
      if (o.sessionAffinity !== 'ClientIP') throw new ConfigError(`${at}.sessionAffinityTimeoutSeconds`, 'only a Service with sessionAffinity ClientIP has an affinity timeout', o.sessionAffinityTimeoutSeconds);
      int(o.sessionAffinityTimeoutSeconds, `${at}.sessionAffinityTimeoutSeconds`, 1, AFFINITY_TIMEOUT_MAX);
    }
    const nodePort = o.type === 'NodePort';
    const portList = o.ports;
    if (portList === undefined) throw new ConfigError(`${at}.ports`, 'is required');
    if (!Array.isArray(portList) || portList.length === 0) throw new ConfigError(`${at}.ports`, 'must be a non-empty list', portList);
    const seen = new Set<string>();
    const names = new Set<string>();
    portList.forEach((p, k) => {
      const pat = `${at}.ports[${k}]`;
      const q = mapping(p, pat);
      for (const key of Object.keys(q)) if (!PORT_KEYS.includes(key)) throw new ConfigError(`${pat}.${key}`, `unknown field (allowed: ${PORT_KEYS.join(', ')})`, q[key]);
      const proto = q.protocol ?? 'TCP';
      if (!PROTOCOLS.includes(proto as string)) throw new ConfigError(`${pat}.protocol`, `must be one of ${PROTOCOLS.join(', ')}`, q.protocol);
      const port = int(q.port, `${pat}.port`, 1, 65535);
      if (q.targetPort !== undefined) int(q.targetPort, `${pat}.targetPort`, 1, 65535);
      const key = `${port}/${proto}`;
      if (seen.has(key)) throw new ConfigError(`${pat}.port`, `duplicate port ${key} in the Service`, port);
      seen.add(key);
      if (q.name !== undefined) {
        const pn = text(q.name, `${pat}.name`);
        if (names.has(pn)) throw new ConfigError(`${pat}.name`, 'duplicate port name in the Service', pn);
        names.add(pn);
      } else if (portList.length > 1) {
        throw new ConfigError(`${pat}.name`, 'is required when a Service has more than one port', undefined);
      }
      if (q.nodePort !== undefined) {
        if (!nodePort) throw new ConfigError(`${pat}.nodePort`, 'only a NodePort Service has node ports', q.nodePort);
        const np = int(q.nodePort, `${pat}.nodePort`, NODE_PORT_MIN, NODE_PORT_MAX);
        const nkey = `${np}/${proto}`;
        const used = nodePorts.get(nkey);
        if (used !== undefined) throw new ConfigError(`${pat}.nodePort`, `already allocated to ${used}`, np);
        nodePorts.set(nkey, `${o.namespace}/${name}`);
      }
    });
  });
}

/** The Services of `spec` with their Endpoints and allocated node ports. */
export function buildServices(spec: ClusterSpec, pods: Pod[], nodeIndexOfIp: (ip: Ip4) => number | null): Service[] {
  const list = spec.services ?? [];
  const taken = new Set<string>();
  for (const s of list) for (const p of s.ports) if (p.nodePort !== undefined) taken.add(`${p.nodePort}/${p.protocol ?? 'TCP'}`);
  return list.map((s, i) => {
    const type = s.type ?? 'ClusterIP';
    const ports: ServicePort[] = s.ports.map((p) => {
      const protocol = p.protocol ?? 'TCP';
      let nodePort: number | null = null;
      if (type === 'NodePort') nodePort = p.nodePort ?? allocateNodePort(`${s.namespace}/${s.name}/${p.port}/${protocol}`, protocol, taken);
      return { name: p.name ?? '', protocol, port: p.port, targetPort: p.targetPort ?? p.port, nodePort };
    });
    let endpoints: Service['endpoints'];
    if (s.selector !== undefined) {
      const sel = s.selector;
      // a Service selects pods of its own namespace only (the endpoints controller lists pods
      // with the selector in service.Namespace: pkg/controller/endpoint)
      const selects = (p: { namespace: string; labels?: Record<string, string> }) =>
        p.namespace === s.namespace && Object.entries(sel).every(([k, v]) => p.labels?.[k] === v);
      const chosen = pods.filter(selects);
      if (chosen.length === 0 && !(spec.unplacedPods ?? []).some(selects)) {
        const elsewhere = [...new Set(pods.filter((p) => selects({ ...p, namespace: s.namespace })).map((p) => p.namespace))];
        const hint = elsewhere.length > 0 ? `it matches pods in namespace ${elsewhere.join(', ')}; a Service selects pods of its own namespace` : '';
        throw new ConfigError(`services[${i}].selector`, `matches no pod in namespace ${s.namespace}: the Service ${s.namespace}/${s.name} would have no Endpoints`, sel, hint);
      }
      endpoints = chosen.map((pod) => ({ ip: pod.ip, pod, nodeIndex: pod.nodeIndex }));
    } else {
      endpoints = (s.endpoints ?? []).map((e) => {
        const ip = parseIp4(e) as Ip4;
        const pod = pods.find((p) => p.ip === ip);
        return pod ? { ip, pod, nodeIndex: pod.nodeIndex } : { ip, nodeIndex: nodeIndexOfIp(ip) };
      });
    }
    return {
      spec: s, namespace: s.namespace, name: s.name, type, clusterIP: parseIp4(s.clusterIP) as Ip4, ports,
      externalTrafficPolicy: s.externalTrafficPolicy ?? 'Cluster',
      affinityTimeoutSeconds: s.sessionAffinity === 'ClientIP' ? s.sessionAffinityTimeoutSeconds ?? AFFINITY_TIMEOUT_DEFAULT : null, endpoints,
    };
  });
}

/** A node port derived from `label`, the next free one if taken. */
function allocateNodePort(label: string, protocol: string, taken: Set<string>): number {
  const span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
  const start = sha1Word(label) % span;
  for (let k = 0; k < span; k++) {
    const port = NODE_PORT_MIN + ((start + k) % span);
    if (!taken.has(`${port}/${protocol}`)) {
      taken.add(`${port}/${protocol}`);
      return port;
    }
  }
  throw new ConfigError('services', `no free node port left in ${NODE_PORT_MIN}..${NODE_PORT_MAX}`, protocol);
}

/** `10.96.192.105:8888` */
export const hostPort = (ip: Ip4, port: number): string => `${formatIp4(ip)}:${port}`;

function mapping(v: unknown, at: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(at, 'must be a mapping', v);
  return v as Record<string, unknown>;
}

// Missing fields are worded as validate.ts words them: `<field>: is required`.
function text(v: unknown, at: string): string {
  if (v === undefined) throw new ConfigError(at, 'is required');
  if (typeof v !== 'string' || v.length === 0) throw new ConfigError(at, 'must be a non-empty string', v);
  return v;
}

function int(v: unknown, at: string, min: number, max: number): number {
  if (v === undefined) throw new ConfigError(at, 'is required');
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ConfigError(at, `must be an integer in ${min}..${max}`, v);
  return v;
}
