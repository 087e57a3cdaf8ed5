// Checks a cluster description field by field. Input may come straight from YAML, so nothing is
// trusted: every error is a ConfigError naming the field path (`pools[0].blockSize`) and value.
// Only what can be decided from the spec alone is checked here; IPAM capacity (a node's block
// full, a pool exhausted) is checked while building, with the same kind of error.

import { ConfigError } from '../errors.ts';
import { cidrContains, cidrOverlaps, formatCidr, formatIp4, maskOf, parseCidr, parseIp4, parseMac, type Cidr } from '../net/addr.ts';
import type { ClusterSpec, IpipMode, PodTools, UnplacedReason } from './types.ts';
import { reservedOverlap } from './reserved.ts';
import { serviceAddressCheck } from './serviceAddress.ts';
import { validateServices } from './services.ts';

const IPIP_MODES: readonly IpipMode[] = ['Always', 'CrossSubnet', 'Never'];
const POD_TOOLS: readonly PodTools[] = ['busybox', 'iproute2'];
const UNPLACED_REASONS: readonly UnplacedReason[] = ['Unschedulable', 'OutOfpods', 'NodeAffinity'];
const TOP_KEYS = ['nodes', 'routers', 'pools', 'pods', 'unplacedPods', 'mtu', 'vethMtu', 'ipipMtu', 'serviceIps', 'services'];
const ROUTER_KEYS = ['name', 'interfaces', 'routes', 'learnPodBlocks'];
const ROUTER_IFACE_KEYS = ['subnet', 'ip', 'name', 'mac', 'mtu'];
const ROUTER_ROUTE_KEYS = ['dst', 'via'];
const NODE_KEYS = ['name', 'iface', 'ip', 'prefixLen', 'mac', 'gateway', 'ipvsMac', 'block', 'altname', 'calicoNodeSuffix', 'labels'];
const POOL_KEYS = ['name', 'cidr', 'blockSize', 'ipipMode', 'natOutgoing'];
const POD_KEYS = ['namespace', 'name', 'node', 'mac', 'netns', 'tools', 'labels'];
const UNPLACED_KEYS = ['namespace', 'name', 'reason', 'node', 'message', 'labels'];

export const MIN_BLOCK_SIZE = 20;
export const MAX_BLOCK_SIZE = 32;
export const MIN_MTU = 576;
export const MAX_MTU = 9216;

// Kubernetes object names: DNS-1123 subdomain (node, pod) and label (namespace).
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Linux interface names: 1..15 bytes (IFNAMSIZ-1), no '/', ':' or whitespace, not "." or "..".
const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;

/** Validates `spec` (of unknown shape) and returns it typed; throws ConfigError on the first problem. */
export function validateClusterSpec(spec: unknown): ClusterSpec {
  const top = object(spec, 'cluster');
  onlyKeys(top, TOP_KEYS, '');

  const mtu = top.mtu;
  if (mtu !== undefined) integer(mtu, 'mtu', MIN_MTU, MAX_MTU);
  if (top.vethMtu !== undefined) integer(top.vethMtu, 'vethMtu', MIN_MTU, MAX_MTU);
  if (top.ipipMtu !== undefined) integer(top.ipipMtu, 'ipipMtu', MIN_MTU, MAX_MTU);

  const pools = validatePools(array(top.pools, 'pools'));
  const nodeNames = validateNodes(array(top.nodes, 'nodes'), pools);
  const podKeys = validatePods(array(top.pods ?? [], 'pods'), nodeNames);
  if (top.unplacedPods !== undefined) validateUnplacedPods(array(top.unplacedPods, 'unplacedPods'), nodeNames, podKeys);
  const owners = { pools: top.pools, nodes: top.nodes, routers: top.routers };
  if (top.serviceIps !== undefined) {
    // Bound on kube-ipvs0 exactly like a Service's ClusterIP, so held to the same rules.
    const checkAddress = serviceAddressCheck(owners);
    const seen = new Set<number>();
    array(top.serviceIps, 'serviceIps').forEach((v, i) => {
      const ip = ip4(v, `serviceIps[${i}]`);
      if (seen.has(ip)) throw new ConfigError(`serviceIps[${i}]`, 'duplicate service IP', v);
      seen.add(ip);
      checkAddress(ip, `serviceIps[${i}]`, v as string);
    });
  }
  validateServices(top.services, owners);
  if (top.routers !== undefined) validateRouters(array(top.routers, 'routers'), nodeNames, pools);
  return spec as ClusterSpec;
}

/** Routers: what the spec alone decides. Defaults that need the nodes (an interface's address
 *  from their gateway, a route's device) are checked in network.ts with the same errors. */
function validateRouters(list: unknown[], nodeNames: Set<string>, pools: PoolInfo[]): void {
  const names = new Set<string>();
  list.forEach((raw, k) => {
    const at = `routers[${k}]`;
    const r = object(raw, at);
    onlyKeys(r, ROUTER_KEYS, at);
    const name = str(r.name, `${at}.name`);
    if (!DNS_SUBDOMAIN.test(name) || name.length > 253) throw new ConfigError(`${at}.name`, 'not a valid host name (DNS-1123 subdomain)', name);
    if (nodeNames.has(name)) throw new ConfigError(`${at}.name`, 'already the name of a node', name);
    if (names.has(name)) throw new ConfigError(`${at}.name`, 'duplicate router name', name);
    names.add(name);
    if (r.learnPodBlocks !== undefined && typeof r.learnPodBlocks !== 'boolean') {
      throw new ConfigError(`${at}.learnPodBlocks`, 'must be true or false', r.learnPodBlocks);
    }
    if (r.interfaces !== undefined) {
      const ifnames = new Set<string>();
      const ifs = array(r.interfaces, `${at}.interfaces`);
      if (ifs.length === 0) throw new ConfigError(`${at}.interfaces`, 'a router needs at least one interface (or leave the field out: one per node subnet)', ifs);
      ifs.forEach((rawIf, j) => {
        const fat = `${at}.interfaces[${j}]`;
        const f = object(rawIf, fat);
        onlyKeys(f, ROUTER_IFACE_KEYS, fat);
        const subnet = cidrField(f.subnet, `${fat}.subnet`);
        if (subnet.len < 1 || subnet.len > 30) throw new ConfigError(`${fat}.subnet`, 'must be a /1../30 subnet', f.subnet);
        if (f.ip !== undefined) {
          const ip = ip4(f.ip, `${fat}.ip`);
          const broadcast = (subnet.base | ~maskOf(subnet.len)) >>> 0;
          if (!cidrContains(subnet, ip)) throw new ConfigError(`${fat}.ip`, `is outside ${formatCidr(subnet)}`, f.ip);
          if (ip === subnet.base || ip === broadcast) throw new ConfigError(`${fat}.ip`, `is the network or broadcast address of ${formatCidr(subnet)}`, f.ip);
          notInPool(pools, ip, `${fat}.ip ${f.ip} (router ${name})`);
        }
        const ifn = ifname(f.name ?? `eth${j}`, `${fat}.name`);
        if (ifn === 'lo') throw new ConfigError(`${fat}.name`, 'lo is the loopback', ifn);
        if (ifnames.has(ifn)) throw new ConfigError(`${fat}.name`, 'duplicate interface name on this router', ifn);
        ifnames.add(ifn);
        if (f.mac !== undefined) unicastMac(f.mac, `${fat}.mac`);
        if (f.mtu !== undefined) integer(f.mtu, `${fat}.mtu`, MIN_MTU, MAX_MTU);
      });
    }
    if (r.routes !== undefined) {
      array(r.routes, `${at}.routes`).forEach((rawRt, i) => {
        const rat = `${at}.routes[${i}]`;
        const rt = object(rawRt, rat);
        onlyKeys(rt, ROUTER_ROUTE_KEYS, rat);
        cidrField(rt.dst, `${rat}.dst`);
        ip4(rt.via, `${rat}.via`);
      });
    }
  });
}

interface PoolInfo {
  cidr: Cidr;
  blockSize: number;
  /** As written, for messages. */
  text: unknown;
}

// Calico IPAM hands out every address of a block (the first to tunl0) and knows nothing of the
// hosts' own addresses (libcalico-go lib/ipam: a block's allocations start empty), so a pool
// over an address the hosts use would give it a second owner (calico-node steers its own default
// pool off the node addresses for this reason: GetDefaultIPv4Pool, k8s/pools.ts). The pool is the field named:
// a pool overlapping the host network is the usual mistake, and moving it fixes every clash.
function notInPool(pools: PoolInfo[], ip: number, what: string): void {
  const j = pools.findIndex((p) => cidrContains(p.cidr, ip));
  if (j >= 0) throw new ConfigError(`pools[${j}].cidr`, `contains ${what}, which Calico IPAM would also give to a pod`, pools[j].text);
}

function validatePools(list: unknown[]): PoolInfo[] {
  if (list.length === 0) throw new ConfigError('pools', 'at least one IP pool is needed', list);
  const out: PoolInfo[] = [];
  const names = new Set<string>();
  list.forEach((raw, i) => {
    const at = `pools[${i}]`;
    const p = object(raw, at);
    onlyKeys(p, POOL_KEYS, at);
    if (p.name !== undefined) {
      const name = str(p.name, `${at}.name`);
      if (!DNS_SUBDOMAIN.test(name) || name.length > 253) throw new ConfigError(`${at}.name`, 'not a valid resource name', name);
      if (names.has(name)) throw new ConfigError(`${at}.name`, 'duplicate pool name', name);
      names.add(name);
    }
    const cidr = cidrField(p.cidr, `${at}.cidr`);
    const reserved = reservedOverlap(cidr);
    if (reserved) throw new ConfigError(`${at}.cidr`, reserved, p.cidr);
    const blockSize = integer(p.blockSize, `${at}.blockSize`, MIN_BLOCK_SIZE, MAX_BLOCK_SIZE);
    if (blockSize < cidr.len) {
      throw new ConfigError(`${at}.blockSize`, `a /${blockSize} block is larger than the pool ${formatCidr(cidr)}`, blockSize);
    }
    required(p.ipipMode, `${at}.ipipMode`);
    if (!IPIP_MODES.includes(p.ipipMode as IpipMode)) {
      throw new ConfigError(`${at}.ipipMode`, `must be one of ${IPIP_MODES.join(', ')} (exact case)`, p.ipipMode);
    }
    if (p.natOutgoing !== undefined && typeof p.natOutgoing !== 'boolean') {
      throw new ConfigError(`${at}.natOutgoing`, 'must be true or false', p.natOutgoing);
    }
    out.forEach((q, j) => {
      if (cidrOverlaps(q.cidr, cidr)) {
        throw new ConfigError(`${at}.cidr`, `overlaps pools[${j}].cidr ${formatCidr(q.cidr)}`, p.cidr);
      }
    });
    out.push({ cidr, blockSize, text: p.cidr });
  });
  return out;
}

function validateNodes(list: unknown[], pools: PoolInfo[]): Set<string> {
  if (list.length === 0) throw new ConfigError('nodes', 'at least one node is needed', list);
  const names = new Set<string>();
  const ips = new Map<number, string>();
  const macs = new Map<string, string>();
  const blocks = new Map<string, string>();
  list.forEach((raw, i) => {
    const at = `nodes[${i}]`;
    const n = object(raw, at);
    onlyKeys(n, NODE_KEYS, at);
    const name = str(n.name, `${at}.name`);
    if (n.labels !== undefined) labelMap(n.labels, `${at}.labels`);
    if (!DNS_SUBDOMAIN.test(name) || name.length > 253) throw new ConfigError(`${at}.name`, 'not a valid node name (DNS-1123 subdomain)', name);
    if (names.has(name)) throw new ConfigError(`${at}.name`, 'duplicate node name', name);
    names.add(name);
    const uplink = ifname(n.iface, `${at}.iface`);
    takenIfname(uplink, `${at}.iface`);
    const ip = ip4(n.ip, `${at}.ip`);
    const len = integer(n.prefixLen, `${at}.prefixLen`, 1, 31);
    const subnet: Cidr = { base: (ip & maskOf(len)) >>> 0, len };
    const broadcast = (subnet.base | ~maskOf(len)) >>> 0;
    if (len <= 30 && (ip === subnet.base || ip === broadcast)) {
      throw new ConfigError(`${at}.ip`, `is the network or broadcast address of ${formatCidr(subnet)}`, n.ip);
    }
    const other = ips.get(ip);
    if (other !== undefined) throw new ConfigError(`${at}.ip`, `already used by node ${other}`, n.ip);
    ips.set(ip, name);
    const mac = unicastMac(n.mac, `${at}.mac`);
    const macOwner = macs.get(mac);
    if (macOwner !== undefined) throw new ConfigError(`${at}.mac`, `already used by node ${macOwner}`, n.mac);
    macs.set(mac, name);
    const gw = ip4(n.gateway, `${at}.gateway`);
    if (!cidrContains(subnet, gw)) throw new ConfigError(`${at}.gateway`, `is outside the node's subnet ${formatCidr(subnet)}`, n.gateway);
    if (gw === ip) throw new ConfigError(`${at}.gateway`, "is the node's own address", n.gateway);
    notInPool(pools, ip, `${at}.ip ${n.ip} (node ${name})`);
    notInPool(pools, gw, `${at}.gateway ${n.gateway}`);
    // fib_add_ifaddr makes the subnet's broadcast address a broadcast route in table local.
    if (len <= 30) notInPool(pools, broadcast, `${formatIp4(broadcast)}, the broadcast address of ${at}'s subnet ${formatCidr(subnet)}`);
    if (n.ipvsMac !== undefined) unicastMac(n.ipvsMac, `${at}.ipvsMac`);
    if (n.altname !== undefined) {
      const alt = ifname(n.altname, `${at}.altname`);
      takenIfname(alt, `${at}.altname`);
      // An altname shares the device names' namespace (netdev_name_in_use checks both).
      if (alt === uplink) throw new ConfigError(`${at}.altname`, `is already the uplink's name (${at}.iface)`, n.altname);
    }
    if (n.calicoNodeSuffix !== undefined) {
      const s = str(n.calicoNodeSuffix, `${at}.calicoNodeSuffix`);
      if (!/^[a-z0-9]{1,10}$/.test(s)) throw new ConfigError(`${at}.calicoNodeSuffix`, 'must be 1..10 lowercase letters or digits', s);
    }
    if (n.block !== undefined) {
      const block = cidrField(n.block, `${at}.block`);
      const pool = pools.find((p) => cidrContains(p.cidr, block.base) && block.len >= p.cidr.len);
      if (!pool) throw new ConfigError(`${at}.block`, 'is not inside any IP pool', n.block);
      if (block.len !== pool.blockSize) {
        throw new ConfigError(`${at}.block`, `must be a /${pool.blockSize} (blockSize of pool ${formatCidr(pool.cidr)})`, n.block);
      }
      const key = formatCidr(block);
      const owner = blocks.get(key);
      if (owner !== undefined) throw new ConfigError(`${at}.block`, `already affine to node ${owner}`, n.block);
      blocks.set(key, name);
    }
  });
  return names;
}

/** Returns the `namespace/name` of every pod. */
function validatePods(list: unknown[], nodes: Set<string>): Set<string> {
  const seen = new Set<string>();
  list.forEach((raw, i) => {
    const at = `pods[${i}]`;
    const p = object(raw, at);
    onlyKeys(p, POD_KEYS, at);
    podIdentity(p, at, seen);
    const node = str(p.node, `${at}.node`);
    if (!nodes.has(node)) throw new ConfigError(`${at}.node`, 'unknown node', node);
    if (p.mac !== undefined) unicastMac(p.mac, `${at}.mac`);
    if (p.netns !== undefined) {
      const netns = str(p.netns, `${at}.netns`);
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(netns)) throw new ConfigError(`${at}.netns`, 'not a valid netns name', netns);
    }
    if (p.tools !== undefined && !POD_TOOLS.includes(p.tools as PodTools)) {
      throw new ConfigError(`${at}.tools`, `must be one of ${POD_TOOLS.join(', ')}`, p.tools);
    }
    if (p.labels !== undefined) labelMap(p.labels, `${at}.labels`);
  });
  return seen;
}

/** Pods without a place in the dataplane share the API's namespace with the placed ones (`pods`
 *  holds their keys). A pod the scheduler left Pending has no node; a pod the kubelet refused
 *  (OutOfpods, NodeAffinity) names the one it was bound to. */
function validateUnplacedPods(list: unknown[], nodes: Set<string>, pods: Set<string>): void {
  list.forEach((raw, i) => {
    const at = `unplacedPods[${i}]`;
    const p = object(raw, at);
    onlyKeys(p, UNPLACED_KEYS, at);
    podIdentity(p, at, pods);
    required(p.reason, `${at}.reason`);
    if (!UNPLACED_REASONS.includes(p.reason as UnplacedReason)) {
      throw new ConfigError(`${at}.reason`, `must be one of ${UNPLACED_REASONS.join(', ')}`, p.reason);
    }
    if (p.reason !== 'Unschedulable') { // refused by the kubelet of the node it was bound to
      const node = str(p.node, `${at}.node`);
      if (!nodes.has(node)) throw new ConfigError(`${at}.node`, 'unknown node', node);
    } else if (p.node !== undefined) {
      throw new ConfigError(`${at}.node`, 'an Unschedulable pod is bound to no node (leave node out)', p.node);
    }
    if (p.message !== undefined && typeof p.message !== 'string') throw new ConfigError(`${at}.message`, 'must be a string', p.message);
    if (p.labels !== undefined) labelMap(p.labels, `${at}.labels`);
  });
}

/** namespace and name of a pod entry, unique among `seen` (which it joins). */
function podIdentity(p: Record<string, unknown>, at: string, seen: Set<string>): void {
  const ns = str(p.namespace, `${at}.namespace`);
  if (!DNS_LABEL.test(ns) || ns.length > 63) throw new ConfigError(`${at}.namespace`, 'not a valid namespace (DNS-1123 label)', ns);
  const name = str(p.name, `${at}.name`);
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253) throw new ConfigError(`${at}.name`, 'not a valid pod name (DNS-1123 subdomain)', name);
  const key = `${ns}/${name}`;
  if (seen.has(key)) throw new ConfigError(`${at}.name`, `duplicate pod ${key}`, name);
  seen.add(key);
}

// ---- small typed readers -------------------------------------------------------------------

function object(v: unknown, at: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(at, 'must be a mapping', v);
  return v as Record<string, unknown>;
}

// A field left out has no value to show, so it is named as missing rather than as a bad value;
// the manifest reader words it the same way (k8s/fields.ts needStr: `<field>: is required`).
function required(v: unknown, at: string): void {
  if (v === undefined) throw new ConfigError(at, 'is required');
}

function array(v: unknown, at: string): unknown[] {
  required(v, at);
  if (!Array.isArray(v)) throw new ConfigError(at, 'must be a list', v);
  return v;
}

function onlyKeys(o: Record<string, unknown>, allowed: string[], at: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ConfigError(at ? `${at}.${k}` : k, `unknown field (allowed: ${allowed.join(', ')})`, o[k]);
  }
}

// Label keys: optional DNS-subdomain prefix + '/' + name of 1..63 [A-Za-z0-9_.-]; values: 0..63 of the same.
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;

function labelMap(v: unknown, at: string): void {
  const m = object(v, at);
  for (const [k, val] of Object.entries(m)) {
    const slash = k.lastIndexOf('/');
    const prefix = slash >= 0 ? k.slice(0, slash) : null;
    if (!LABEL_NAME.test(k.slice(slash + 1)) || (prefix !== null && (!DNS_SUBDOMAIN.test(prefix) || prefix.length > 253))) {
      throw new ConfigError(`${at}.${k}`, 'not a valid label key', k);
    }
    if (typeof val !== 'string' || (val !== '' && !LABEL_NAME.test(val))) throw new ConfigError(`${at}.${k}`, 'not a valid label value (string of 0..63 [A-Za-z0-9_.-])', val);
  }
}

function str(v: unknown, at: string): string {
  required(v, at);
  if (typeof v !== 'string' || v.length === 0) throw new ConfigError(at, 'must be a non-empty string', v);
  return v;
}

function integer(v: unknown, at: string, min: number, max: number): number {
  required(v, at);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(at, `must be an integer in ${min}..${max}`, v);
  }
  return v;
}

function ip4(v: unknown, at: string): number {
  required(v, at);
  const ip = typeof v === 'string' ? parseIp4(v) : null;
  if (ip === null) throw new ConfigError(at, 'not an IPv4 address (a.b.c.d)', v);
  return ip;
}

function cidrField(v: unknown, at: string): Cidr {
  required(v, at);
  if (typeof v !== 'string' || parseCidr(v, false) === null) throw new ConfigError(at, 'not an IPv4 CIDR (a.b.c.d/len)', v);
  const c = parseCidr(v, true);
  if (c === null) throw new ConfigError(at, 'host bits set: the address must be the first of its prefix', v);
  return c;
}

function unicastMac(v: unknown, at: string): string {
  required(v, at);
  const mac = typeof v === 'string' ? parseMac(v) : null;
  if (mac === null) throw new ConfigError(at, 'not a MAC address (xx:xx:xx:xx:xx:xx)', v);
  if (mac[0] & 1) throw new ConfigError(at, 'is a multicast MAC; an interface needs a unicast one', v);
  if (mac.every((b) => b === 0)) throw new ConfigError(at, 'all-zero MAC', v);
  return (v as string).toLowerCase();
}

// Devices every node already has besides its uplink (ifaces.ts), so the uplink may not take
// their names: Linux refuses a second device of the same name (register_netdevice: -EEXIST).
// Felix takes any device named with its interface prefix, `cali` by default
// (FelixConfiguration interfacePrefix), for a pod's veth, and the CNI plugin names them so.
const NODE_DEVICES: Record<string, string> = {
  lo: 'the loopback device',
  tunl0: "the ipip module's tunnel device (Calico's IPIP)",
  'kube-ipvs0': "kube-proxy's IPVS dummy device",
};

function takenIfname(name: string, at: string): void {
  const dev = NODE_DEVICES[name];
  if (dev) throw new ConfigError(at, `is the name of ${dev}, which the node already has`, name);
  if (name.startsWith('cali')) throw new ConfigError(at, "starts with cali, Felix's prefix for pods' host-side veths", name);
}

function ifname(v: unknown, at: string): string {
  const s = str(v, at);
  if (!IFNAME.test(s) || s === '.' || s === '..') throw new ConfigError(at, 'not a valid interface name (1..15 chars, [A-Za-z0-9_.-])', s);
  return s;
}
