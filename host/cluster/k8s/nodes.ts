// Kubernetes `Node` objects → NodeSpec.
//
// Read: metadata.name, metadata.labels (for nodeSelector), status.addresses (InternalIP; Hostname
// accepted), status.allocatable.pods (capacity.ts), spec.unschedulable, and the annotations
// calico-node writes on its Node:
//   projectcalico.org/IPv4Address        "192.168.0.11/24" → node IP and subnet prefix
//   projectcalico.org/IPv4IPIPTunnelAddr "172.16.196.0"    → tunl0 address, hence the affine block
// Nothing in a Node object says which MAC, interface name or default gateway the host has, so
// those come from our own annotations (`calico-ipip-sim/<field>`, README "Kubernetes manifests")
// or are derived: uplink ens160, a stable VMware-style MAC, gateway = first free host address.

import { ConfigError } from '../../errors.ts';
import { cidrContains, formatCidr, formatIp4, maskOf, parseCidr, parseIp4, type Cidr, type Ip4 } from '../../net/addr.ts';
import { derivedUplinkMac } from '../names.ts';
import type { NodeSpec, PoolSpec } from '../types.ts';
import type { Annotations, Fields, Warn } from './fields.ts';
import type { ManifestObject } from './docs.ts';
import { readPodCapacity } from './capacity.ts';

export const SIM = 'calico-ipip-sim/';

export interface NodeDraft {
  obj: ManifestObject;
  name: string;
  ip: Ip4;
  prefixLen: number | undefined;
  tunnelAddr: Ip4 | undefined;
  block: Cidr | undefined;
  gateway: Ip4 | undefined;
  extra: Partial<Pick<NodeSpec, 'iface' | 'mac' | 'ipvsMac' | 'altname' | 'calicoNodeSuffix'>>;
  labels: Record<string, string>;
  unschedulable: boolean;
  /** status.allocatable.pods: the kubelet's maxPods. */
  maxPods: number;
}

export function readNode(obj: ManifestObject, warn: Warn): NodeDraft {
  const root: Fields = obj.root;
  const ann: Annotations = obj.annotations;
  const spec = root.child('spec');
  const unschedulable = spec?.bool('unschedulable') ?? false;
  spec?.explain('podCIDR', 'ignored: Calico IPAM hands out blocks from its pools, not the node podCIDR');
  spec?.explain('podCIDRs', 'ignored: Calico IPAM hands out blocks from its pools, not the node podCIDR');
  spec?.explain('taints', 'not simulated, ignored: pods may be placed on tainted nodes');

  let internal: Ip4 | undefined;
  const status = root.child('status');
  for (const a of status?.items('addresses') ?? []) {
    const type = a.needStr('type');
    const address = a.needStr('address');
    if (type === 'Hostname') continue;
    if (type !== 'InternalIP') {
      a.accept('type', 'address');
      warn(`${obj.what}: ${a.path}: address type ${type} not simulated, ignored`);
      continue;
    }
    const ip = parseIp4(address);
    if (ip === null) {
      // An IPv6 InternalIP of a dual-stack node: only IPv4 is routed here.
      if (address.includes(':')) warn(`${obj.what}: ${a.path}: IPv6 address ${address} not simulated, ignored`);
      else a.fail('address', 'not an IP address', address);
      continue;
    }
    internal ??= ip;
  }
  const maxPods = readPodCapacity(status);

  let ip = internal;
  let prefixLen: number | undefined;
  const v4 = ann.get('projectcalico.org/IPv4Address');
  if (v4 !== undefined) {
    const c = parseCidr(v4, false);
    const addr = parseIp4(v4.split('/')[0]);
    if (!c || addr === null || !v4.includes('/')) ann.fail('projectcalico.org/IPv4Address', 'not an IPv4 address with prefix (a.b.c.d/len)', v4);
    if (ip !== undefined && ip !== addr) {
      ann.fail('projectcalico.org/IPv4Address', `disagrees with status.addresses InternalIP ${formatIp4(ip)}`, v4);
    }
    ip = addr;
    prefixLen = c.len;
  }
  if (ip === undefined) {
    throw new ConfigError(`${obj.what} status.addresses`, 'needs an InternalIP (or the projectcalico.org/IPv4Address annotation)');
  }

  const tunnel = ann.get('projectcalico.org/IPv4IPIPTunnelAddr');
  let tunnelAddr: Ip4 | undefined;
  if (tunnel !== undefined) {
    const t = parseIp4(tunnel);
    if (t === null) ann.fail('projectcalico.org/IPv4IPIPTunnelAddr', 'not an IPv4 address', tunnel);
    tunnelAddr = t;
  }
  const blockText = ann.get(`${SIM}block`);
  let block: Cidr | undefined;
  if (blockText !== undefined) {
    const b = parseCidr(blockText, true);
    if (!b) ann.fail(`${SIM}block`, 'not an IPv4 CIDR with host bits clear', blockText);
    block = b;
  }
  const gwText = ann.get(`${SIM}gateway`);
  let gateway: Ip4 | undefined;
  if (gwText !== undefined) {
    const g = parseIp4(gwText);
    if (g === null) ann.fail(`${SIM}gateway`, 'not an IPv4 address', gwText);
    gateway = g;
  }
  const extra: NodeDraft['extra'] = {};
  const take = (key: keyof NodeDraft['extra'], annotation: string) => {
    const v = ann.get(SIM + annotation);
    if (v !== undefined) extra[key] = v;
  };
  take('iface', 'iface');
  take('mac', 'mac');
  take('ipvsMac', 'ipvs-mac');
  take('altname', 'altname');
  take('calicoNodeSuffix', 'calico-node-suffix');

  return { obj, name: obj.name, ip, prefixLen, tunnelAddr, block, gateway, extra, labels: obj.labels, unschedulable, maxPods };
}

/** Completes the drafts once the pools are known (blocks from tunnel addresses, defaults). */
export function finishNodes(drafts: NodeDraft[], pools: PoolSpec[], warn: Warn): NodeSpec[] {
  const poolCidrs = pools.map((p) => parseCidr(p.cidr) as Cidr);
  const used = new Set(drafts.map((d) => d.ip));
  const subnets = drafts.map((d): Cidr => {
    const len = d.prefixLen ?? 24;
    return { base: (d.ip & maskOf(len)) >>> 0, len };
  });
  const gateways = subnetGateways(drafts, subnets, used, warn);
  return drafts.map((d, i) => {
    let prefixLen = d.prefixLen;
    if (prefixLen === undefined) {
      prefixLen = 24;
      warn(`${d.obj.what}: no projectcalico.org/IPv4Address annotation: assuming the node subnet is ${formatIp4((d.ip & maskOf(24)) >>> 0)}/24`);
    }
    const subnet = subnets[i];
    let block = d.block;
    if (d.tunnelAddr !== undefined) {
      const pi = poolCidrs.findIndex((c) => cidrContains(c, d.tunnelAddr as Ip4));
      const key = 'projectcalico.org/IPv4IPIPTunnelAddr';
      if (pi < 0) d.obj.annotations.fail(key, 'is not inside any IPv4 IP pool', formatIp4(d.tunnelAddr));
      if (pools[pi].ipipMode === 'Never') d.obj.annotations.fail(key, `pool ${pools[pi].cidr} has ipipMode Never: Calico gives no tunnel address`, formatIp4(d.tunnelAddr));
      const len = pools[pi].blockSize;
      const fromTunnel: Cidr = { base: (d.tunnelAddr & maskOf(len)) >>> 0, len };
      if (fromTunnel.base !== d.tunnelAddr) {
        // tunl0 takes ordinal 0 because calico-node allocates it before any pod (node/pkg/allocateip/allocateip.go, assignHostTunnelAddr).
        d.obj.annotations.fail(key, `the simulator gives tunl0 the first address of the node's block (${formatCidr(fromTunnel)})`, formatIp4(d.tunnelAddr));
      }
      if (block && (block.base !== fromTunnel.base || block.len !== fromTunnel.len)) {
        d.obj.annotations.fail(`${SIM}block`, `disagrees with projectcalico.org/IPv4IPIPTunnelAddr (block ${formatCidr(fromTunnel)})`, formatCidr(block));
      }
      block = fromTunnel;
    }
    const gateway = d.gateway ?? (gateways.get(formatCidr(subnet)) as Ip4);
    const spec: NodeSpec = {
      name: d.name,
      iface: d.extra.iface ?? 'ens160',
      ip: formatIp4(d.ip),
      prefixLen,
      mac: d.extra.mac ?? derivedUplinkMac(d.name),
      gateway: formatIp4(gateway),
    };
    if (block) spec.block = formatCidr(block);
    if (d.extra.ipvsMac !== undefined) spec.ipvsMac = d.extra.ipvsMac;
    if (d.extra.altname !== undefined) spec.altname = d.extra.altname;
    if (d.extra.calicoNodeSuffix !== undefined) spec.calicoNodeSuffix = d.extra.calicoNodeSuffix;
    if (Object.keys(d.labels).length > 0) spec.labels = { ...d.labels };
    return spec;
  });
}

/**
 * The default gateway of each node subnet: the one its nodes' annotations name (the first), else
 * a guess, the subnet's first free host address, with one warning per subnet naming its nodes.
 */
function subnetGateways(drafts: NodeDraft[], subnets: Cidr[], used: Set<Ip4>, warn: Warn): Map<string, Ip4> {
  const out = new Map<string, Ip4>();
  drafts.forEach((d, i) => {
    const key = formatCidr(subnets[i]);
    if (d.gateway !== undefined && !out.has(key)) out.set(key, d.gateway);
  });
  const guessed = new Map<string, string[]>();
  drafts.forEach((d, i) => {
    const key = formatCidr(subnets[i]);
    if (d.gateway !== undefined) return;
    if (!out.has(key)) {
      out.set(key, firstFreeHost(subnets[i], used));
      guessed.set(key, []);
    }
    guessed.get(key)?.push(d.name);
  });
  for (const [key, names] of guessed) {
    warn(`Node ${names.join(', ')}: no ${SIM}gateway annotation: assuming the default gateway of ${key} is ${formatIp4(out.get(key) as Ip4)}`);
  }
  return out;
}

function firstFreeHost(subnet: Cidr, used: Set<Ip4>): Ip4 {
  const last = (subnet.base | ~maskOf(subnet.len)) >>> 0;
  for (let ip = subnet.base + 1; ip < last; ip++) if (!used.has(ip >>> 0)) return ip >>> 0;
  throw new ConfigError(`node subnet ${formatCidr(subnet)}`, 'has no free address for a default gateway: add the calico-ipip-sim/gateway annotation');
}
