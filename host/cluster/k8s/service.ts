// `Service` objects → ServiceSpec (services.ts checks the values). Read: type (ClusterIP,
// NodePort), clusterIP (the apiserver allocates one when absent: derived here from the name
// inside 10.96.0.0/12, or pinned with the `calico-ipip-sim/cluster-ip` annotation for a file
// that reproduces a cluster), selector, ports (name, protocol, port, numeric targetPort,
// nodePort), externalTrafficPolicy, sessionAffinity with sessionAffinityConfig.clientIP.
// timeoutSeconds (ClientIP: IPVS persistence; the timeout checked as the apiserver's
// validateClientIPAffinityConfig checks it). Other types and named target ports are errors: they would
// silently change where traffic goes.

import { sha1Word } from '../sha1.ts';
import { formatIp4, parseIp4 } from '../../net/addr.ts';
import type { ServicePortSpec, ServiceProtocol, ServiceSpec, ServiceType } from '../types.ts';
import type { ManifestObject } from './docs.ts';
import { SIM } from './nodes.ts';
import { AFFINITY_TIMEOUT_MAX } from '../services.ts';

const SERVICE_CIDR_BASE = 0x0a600000; // 10.96.0.0/12, kubeadm's default --service-cluster-ip-range
const SERVICE_CIDR_SIZE = 1 << 20;

/** One Service, or null for a headless one (clusterIP None: no virtual server). */
export function readService(obj: ManifestObject, taken: Set<string>): ServiceSpec | null {
  const spec = obj.root.child('spec');
  if (!spec) return null;
  const type = spec.str('type') ?? 'ClusterIP';
  if (type !== 'ClusterIP' && type !== 'NodePort') spec.fail('type', 'only ClusterIP and NodePort Services are simulated', type);
  spec.accept('clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'internalTrafficPolicy'); // single-stack IPv4, the defaults
  let ip = spec.str('clusterIP') ?? obj.annotations.get(`${SIM}cluster-ip`);
  if (ip === 'None') return null;
  if (ip === undefined) ip = derivedClusterIp(`${obj.namespace}/${obj.name}`, taken);
  else if (parseIp4(ip) === null) spec.fail('clusterIP', 'not an IPv4 address (or None)', ip);
  taken.add(ip);
  const affinity = spec.str('sessionAffinity');
  if (affinity !== undefined && affinity !== 'None' && affinity !== 'ClientIP') spec.fail('sessionAffinity', 'must be None or ClientIP', affinity);
  const out: ServiceSpec = { namespace: obj.namespace, name: obj.name, type: type as ServiceType, clusterIP: ip, ports: [] };
  const affinityConfig = spec.child('sessionAffinityConfig');
  if (affinity === 'ClientIP') {
    out.sessionAffinity = 'ClientIP';
    const timeout = affinityConfig?.child('clientIP')?.int('timeoutSeconds', 1, AFFINITY_TIMEOUT_MAX);
    if (timeout !== undefined) out.sessionAffinityTimeoutSeconds = timeout;
  } else if (affinityConfig !== undefined) {
    spec.fail('sessionAffinityConfig', 'must not be set when sessionAffinity is None', affinityConfig.raw);
  }
  const selector = spec.stringMap('selector');
  if (spec.has('selector')) out.selector = selector;
  else out.endpoints = [];
  const etp = spec.str('externalTrafficPolicy');
  if (etp !== undefined) {
    if (etp !== 'Cluster' && etp !== 'Local') spec.fail('externalTrafficPolicy', 'must be Cluster or Local', etp);
    out.externalTrafficPolicy = etp as 'Cluster' | 'Local';
  }
  for (const p of spec.items('ports')) {
    const port: ServicePortSpec = { port: p.int('port', 1, 65535) ?? p.fail('port', 'is required') };
    const name = p.str('name');
    if (name !== undefined) port.name = name;
    const proto = p.str('protocol');
    if (proto !== undefined) {
      if (proto !== 'TCP' && proto !== 'UDP') p.fail('protocol', 'only TCP and UDP are simulated', proto);
      port.protocol = proto as ServiceProtocol;
    }
    const target = p.get('targetPort');
    if (target !== undefined) {
      if (typeof target !== 'number') p.fail('targetPort', 'only a port number is simulated (a named port needs the containers\' ports)', target);
      port.targetPort = target as number;
    }
    const nodePort = p.get('nodePort');
    if (nodePort !== undefined) port.nodePort = nodePort as number;
    out.ports.push(port);
  }
  return out;
}

function derivedClusterIp(label: string, taken: Set<string>): string {
  const start = sha1Word(label) % SERVICE_CIDR_SIZE;
  for (let k = 0; k < SERVICE_CIDR_SIZE; k++) {
    const off = (start + k) % SERVICE_CIDR_SIZE;
    if (off === 0 || off === SERVICE_CIDR_SIZE - 1) continue; // network and broadcast
    const ip = formatIp4(SERVICE_CIDR_BASE + off);
    if (!taken.has(ip)) return ip;
  }
  return formatIp4(SERVICE_CIDR_BASE + 1);
}
