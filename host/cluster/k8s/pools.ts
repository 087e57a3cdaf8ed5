// Calico IP pools from manifests: `IPPool` objects (projectcalico.org/v3 and the CRD form
// crd.projectcalico.org/v1, same spec), else the default pool calico-node creates at startup
// from its DaemonSet env (node/pkg/lifecycle/startup/startup.go, createIPPool; default 192.168.0.0/16, /26 blocks):
//   - IPPool objects exist → the CALICO_IPV4POOL_* env is not used (calico-node creates its default
//     pool only when no IPv4 pool exists); each such env var gets a warning saying so.
//   - CALICO_IPV4POOL_CIDR absent → 192.168.0.0/16, or, when that contains a node address, the
//     first of 172.16.0.0/16 … 172.31.0.0/16 that contains none (`GetDefaultIPv4Pool`; calico-node
//     checks its own host's addresses, we check every node's).
//   - CALICO_IPV4POOL_IPIP: case-insensitive always | crosssubnet | cross-subnet | never | off | "".
//     No calico-node DaemonSet in the file at all → the stock manifests/calico.yaml, which sets
//     Always (said in a warning, since it is an assumption).

import { ConfigError } from '../../errors.ts';
import { cidrContains, cidrOverlaps, formatCidr, maskOf, parseCidr, parseIp4, type Cidr, type Ip4 } from '../../net/addr.ts';
import type { IpipMode, PoolSpec } from '../types.ts';
import type { Fields, Warn } from './fields.ts';
import type { ManifestObject } from './docs.ts';

export const POOL_KINDS = new Set(['projectcalico.org/v3', 'crd.projectcalico.org/v1']);
const DEFAULT_POOL_NAME = 'default-ipv4-ippool';
const DEFAULT_POOL_CIDR = '192.168.0.0/16';
const DEFAULT_BLOCK_SIZE = 26;

export interface PoolSource {
  spec: PoolSpec;
  what: string;
}

/** One IPPool object; null for a pool that does not take part (IPv6, disabled), with a warning. */
export function readIpPool(obj: ManifestObject, warn: Warn): PoolSource | null {
  const child = obj.root.child('spec');
  if (!child) throw new ConfigError(`${obj.what} spec`, 'is required');
  const spec: Fields = child;
  const cidrText = spec.needStr('cidr');
  if (cidrText.includes(':')) {
    spec.accept(...Object.keys(spec.raw));
    warn(`${obj.what}: spec.cidr: IPv6 pool ${cidrText} not simulated, ignored`);
    return null;
  }
  const cidr = parseCidr(cidrText, false);
  if (!cidr) spec.fail('cidr', 'not an IPv4 CIDR (a.b.c.d/len)', cidrText);
  if (!parseCidr(cidrText, true)) spec.fail('cidr', 'host bits set: the address must be the first of its prefix', cidrText);
  const blockSize = spec.int('blockSize', 20, 32) ?? DEFAULT_BLOCK_SIZE;
  // The v3 API default for ipipMode and vxlanMode is Never; values are an exact-case enum (api/pkg/apis/projectcalico/v3/ippool.go).
  const ipipText = (spec.get('ipipMode') ?? 'Never') as IpipMode;
  if (ipipText !== 'Always' && ipipText !== 'CrossSubnet' && ipipText !== 'Never') {
    spec.fail('ipipMode', 'must be Always, CrossSubnet or Never (exact case)', ipipText);
  }
  const vxlan = spec.get('vxlanMode') ?? 'Never';
  if (vxlan !== 'Never') {
    if (vxlan === 'Always' || vxlan === 'CrossSubnet') spec.fail('vxlanMode', 'VXLAN is not simulated: only Never is supported', vxlan);
    spec.fail('vxlanMode', 'must be Always, CrossSubnet or Never (exact case)', vxlan);
  }
  const natOutgoing = spec.bool('natOutgoing') ?? false;
  const disabled = spec.bool('disabled') ?? false;
  const selector = spec.get('nodeSelector');
  if (selector !== undefined && (typeof selector !== 'string' || selector.trim() !== 'all()')) {
    warn(`${obj.what}: spec.nodeSelector: only all() is simulated; the pool serves every node`);
  }
  defaultOnly(spec, 'assignmentMode', 'Automatic', warn);
  defaultOnly(spec, 'disableBGPExport', false, warn);
  const uses = spec.list('allowedUses');
  if (uses !== undefined && !(uses.includes('Workload') && uses.includes('Tunnel'))) {
    warn(`${obj.what}: spec.allowedUses: not simulated; the pool serves pods and tunnel addresses`);
  }
  if (disabled) {
    warn(`${obj.what}: spec.disabled: true: no blocks are allocated from a disabled pool; left out`);
    return null;
  }
  return { what: obj.what, spec: { name: obj.name, cidr: formatCidr(cidr), blockSize, ipipMode: ipipText, natOutgoing } };
}

function defaultOnly(spec: Fields, key: string, dflt: unknown, warn: Warn): void {
  const v = spec.get(key);
  if (v !== undefined && v !== dflt) warn(`${spec.what}: ${spec.at(key)}: not simulated, ignored (got ${JSON.stringify(v)})`);
}

/** The env of the calico-node container, as name → value, with the path of each entry. */
export interface CalicoEnv {
  what: string;
  vars: Map<string, { value: string; path: string }>;
}

/** Reads the calico-node DaemonSet: only its calico-node container's env means anything here. */
export function readCalicoNode(obj: ManifestObject, warn: Warn): CalicoEnv {
  const env: CalicoEnv = { what: obj.what, vars: new Map() };
  const podSpec = obj.root.child('spec')?.child('template')?.child('spec');
  for (const c of podSpec?.items('containers') ?? []) {
    if (c.str('name') !== 'calico-node') continue;
    for (const e of c.items('env')) {
      const name = e.needStr('name');
      if (e.has('valueFrom')) {
        e.accept('valueFrom');
        if (name.startsWith('CALICO_IPV4POOL_')) warn(`${obj.what}: ${e.path}.valueFrom: ${name} from a ConfigMap/Secret cannot be resolved here, ignored`);
        continue;
      }
      const v = e.get('value');
      env.vars.set(name, { value: v === undefined || v === null ? '' : String(v), path: e.path });
    }
  }
  return env;
}

const POOL_ENV = ['CALICO_IPV4POOL_CIDR', 'CALICO_IPV4POOL_IPIP', 'CALICO_IPV4POOL_VXLAN', 'CALICO_IPV4POOL_BLOCK_SIZE', 'CALICO_IPV4POOL_NAT_OUTGOING'];
/**
 * calico-node env vars of the stock manifest that cannot change an IPv4 IPIP dataplane, with the
 * values for which that holds (any value when the list is empty); other values get a warning.
 */
const INERT_ENV = new Map<string, string[]>([
  ['DATASTORE_TYPE', []], ['WAIT_FOR_DATASTORE', []], ['NODENAME', []], ['CLUSTER_TYPE', []],
  ['CALICO_DISABLE_FILE_LOGGING', []], ['FELIX_LOGSEVERITYSCREEN', []], ['FELIX_HEALTHENABLED', []],
  ['KUBERNETES_SERVICE_HOST', []], ['KUBERNETES_SERVICE_PORT', []], ['FELIX_DEFAULTENDPOINTTOHOSTACTION', []],
  ['CALICO_NETWORKING_BACKEND', ['bird']], ['IP', ['', 'autodetect']], ['IP6', ['', 'none']], ['FELIX_IPV6SUPPORT', ['false']],
]);

function inert(name: string, value: string): boolean {
  const ok = INERT_ENV.get(name);
  return ok !== undefined && (ok.length === 0 || ok.includes(value));
}

/** Pools for the cluster: the IPPool objects, else calico-node's default pool. */
export function resolvePools(objects: PoolSource[], env: CalicoEnv | null, nodeIps: Ip4[], warn: Warn): PoolSource[] {
  const vars = env?.vars ?? new Map<string, { value: string; path: string }>();
  for (const [name, v] of vars) {
    if (!POOL_ENV.includes(name) && !inert(name, v.value) && name !== 'NO_DEFAULT_POOLS') {
      warn(`${env?.what}: ${v.path}: ${name}=${JSON.stringify(v.value)} not simulated, ignored`);
    }
  }
  const ipipVar = vars.get('CALICO_IPV4POOL_IPIP');
  const val = (name: string) => vars.get(name)?.value ?? '';
  const fail: (name: string, message: string) => never = (name, message) => {
    throw new ConfigError(`${env?.what} ${vars.get(name)?.path} (${name})`, message, val(name));
  };

  if (objects.length > 0) {
    for (const name of POOL_ENV) {
      if (vars.has(name)) warn(`${env?.what}: ${vars.get(name)?.path}: ${name} ignored: IPPool objects exist, and calico-node creates its default pool only when no IPv4 pool exists`);
    }
    checkOverlaps(objects);
    return objects;
  }
  if (val('NO_DEFAULT_POOLS').toLowerCase() === 'true' || val('CALICO_IPV4POOL_CIDR') === 'none') {
    throw new ConfigError('IPPool', 'no IPv4 pool: calico-node is told not to create a default pool (NO_DEFAULT_POOLS or CALICO_IPV4POOL_CIDR=none) and the file has no IPPool');
  }

  let ipipMode: IpipMode;
  let assumed = false;
  if (env === null) {
    ipipMode = 'Always';
    assumed = true;
  } else {
    const m = ipipModeFromEnv(val('CALICO_IPV4POOL_IPIP'));
    if (m === null) fail('CALICO_IPV4POOL_IPIP', 'unrecognized IPIP mode (always, crosssubnet, cross-subnet, never, off or empty; any case)');
    ipipMode = m;
  }
  if (ipipVar === undefined && env !== null) {
    // calico-node's own default for an unset variable; the stock manifest sets it explicitly.
    warn(`${env.what}: CALICO_IPV4POOL_IPIP is not set: calico-node creates the default pool with ipipMode Never`);
  }
  const vx = val('CALICO_IPV4POOL_VXLAN').toLowerCase();
  if (!['', 'off', 'never'].includes(vx)) fail('CALICO_IPV4POOL_VXLAN', 'VXLAN is not simulated: only never/off/empty is supported');
  let blockSize = DEFAULT_BLOCK_SIZE;
  if (vars.has('CALICO_IPV4POOL_BLOCK_SIZE') && val('CALICO_IPV4POOL_BLOCK_SIZE') !== '') {
    const b = Number(val('CALICO_IPV4POOL_BLOCK_SIZE'));
    if (!Number.isInteger(b) || b < 20 || b > 32) fail('CALICO_IPV4POOL_BLOCK_SIZE', 'must be an integer in 20..32');
    blockSize = b;
  }
  const nat = parseGoBool(val('CALICO_IPV4POOL_NAT_OUTGOING'));
  if (nat === null) fail('CALICO_IPV4POOL_NAT_OUTGOING', 'must be a boolean (true, false, 1, 0, t, f)');

  let cidr: Cidr;
  const cidrText = val('CALICO_IPV4POOL_CIDR');
  if (cidrText !== '') {
    // calico-node parses with net.ParseCIDR, which drops host bits.
    const c = parseCidr(cidrText, false);
    if (!c || !cidrText.includes('/')) fail('CALICO_IPV4POOL_CIDR', 'not an IPv4 CIDR (a.b.c.d/len)');
    cidr = { base: (c.base & maskOf(c.len)) >>> 0, len: c.len };
    if (blockSize < cidr.len) fail('CALICO_IPV4POOL_BLOCK_SIZE', `a /${blockSize} block is larger than the pool ${formatCidr(cidr)}`);
  } else {
    cidr = defaultPoolCidr(nodeIps);
    const preferred = parseCidr(DEFAULT_POOL_CIDR) as Cidr;
    if (cidr.base !== preferred.base) {
      warn(`calico-node: default pool ${DEFAULT_POOL_CIDR} contains a node address, so the default pool is ${formatCidr(cidr)} (as calico-node's GetDefaultIPv4Pool picks)`);
    }
  }
  if (assumed) {
    warn(`calico-node: no IPPool and no calico-node DaemonSet in the file: assuming the stock calico.yaml (CALICO_IPV4POOL_IPIP=Always) and the default pool ${formatCidr(cidr)}`);
  }
  return [{ what: `IPPool ${DEFAULT_POOL_NAME}`, spec: { name: DEFAULT_POOL_NAME, cidr: formatCidr(cidr), blockSize, ipipMode, natOutgoing: nat } }];
}

export function ipipModeFromEnv(text: string): IpipMode | null {
  switch (text.toLowerCase()) {
    case '':
    case 'off':
    case 'never':
      return 'Never';
    case 'crosssubnet':
    case 'cross-subnet':
      return 'CrossSubnet';
    case 'always':
      return 'Always';
    default:
      return null;
  }
}

/** Go's strconv.ParseBool, with "" meaning the default (true for the v4 pool's natOutgoing). */
function parseGoBool(text: string): boolean | null {
  if (text === '') return true;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return null;
}

export function defaultPoolCidr(nodeIps: Ip4[]): Cidr {
  const free = (c: Cidr) => !nodeIps.some((ip) => cidrContains(c, ip));
  const preferred = parseCidr(DEFAULT_POOL_CIDR) as Cidr;
  if (free(preferred)) return preferred;
  for (let i = 16; i <= 31; i++) {
    const c: Cidr = { base: parseIp4(`172.${i}.0.0`) as Ip4, len: 16 };
    if (free(c)) return c;
  }
  return preferred; // calico-node keeps the preferred pool when every fallback is taken
}

function checkOverlaps(pools: PoolSource[]): void {
  pools.forEach((p, i) => {
    const a = parseCidr(p.spec.cidr) as Cidr;
    for (let j = 0; j < i; j++) {
      if (cidrOverlaps(a, parseCidr(pools[j].spec.cidr) as Cidr)) {
        throw new ConfigError(`${p.what} spec.cidr`, `overlaps ${pools[j].what} (${pools[j].spec.cidr})`, p.spec.cidr);
      }
    }
  });
}
