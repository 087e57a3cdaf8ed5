// `Deployment` and `Pod` objects → pods to schedule, in creation order.
//
// Read from a pod spec: nodeName (binds the pod, no scheduling), nodeSelector, hostNetwork, and
// affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution terms with topologyKey
// kubernetes.io/hostname. Containers, restart policy and the like have no effect on the network
// and are named in warnings like every other field that is not read.
//
// Pod names of a Deployment: `<deployment>-<pod-template-hash>-<5 chars>`. Kubernetes hashes the
// template's Go struct dump (FNV-32a) and picks the suffix at random, so neither can be computed
// from YAML; we derive both stably (names.ts) unless the Deployment carries
// `calico-ipip-sim/pod-names` (and optionally `pod-macs`, `pod-netns`), comma-separated, in
// creation order. Names matter: the host veth is cali + sha1("<ns>.<pod>").

import { ConfigError } from '../../errors.ts';
import type { PodTools } from '../types.ts';
import { commaList, type Annotations, type Fields, type Warn } from './fields.ts';
import type { ManifestObject } from './docs.ts';
import { podTemplateHash, replicaSuffix } from './podnames.ts';
import { SIM } from './nodes.ts';
import { matches, readSelector, type Selector } from './selector.ts';

export const HOSTNAME_KEY = 'kubernetes.io/hostname';

export interface AntiAffinityTerm {
  selector: Selector;
}

export interface PodRequest {
  what: string; // the object the pod comes from, for messages
  namespace: string;
  name: string;
  labels: Record<string, string>;
  nodeName?: string;
  nodeSelector: Record<string, string>;
  antiAffinity: AntiAffinityTerm[];
  mac?: string;
  netns?: string;
  tools?: PodTools;
}

interface PodSpecInfo {
  nodeName?: string;
  nodeSelector: Record<string, string>;
  antiAffinity: AntiAffinityTerm[];
  hostNetwork: boolean;
}

function readPodSpec(spec: Fields | undefined, what: string, warn: Warn): PodSpecInfo {
  const info: PodSpecInfo = { nodeSelector: {}, antiAffinity: [], hostNetwork: false };
  if (!spec) return info;
  info.nodeName = spec.str('nodeName');
  info.nodeSelector = spec.stringMap('nodeSelector');
  info.hostNetwork = spec.bool('hostNetwork') ?? false;
  const noNet = 'no effect on pod networking, ignored';
  for (const k of ['containers', 'initContainers', 'restartPolicy', 'volumes', 'terminationGracePeriodSeconds', 'dnsPolicy', 'securityContext', 'serviceAccountName', 'imagePullSecrets']) {
    spec.explain(k, noNet);
  }
  spec.explain('tolerations', 'not simulated (node taints are not simulated either), ignored');
  const anti = spec.child('affinity')?.child('podAntiAffinity');
  for (const t of anti?.items('requiredDuringSchedulingIgnoredDuringExecution') ?? []) {
    const key = t.needStr('topologyKey');
    const sel = t.child('labelSelector');
    if (key !== HOSTNAME_KEY) {
      t.accept('labelSelector');
      warn(`${what}: ${t.at('topologyKey')}: only ${HOSTNAME_KEY} is simulated; this anti-affinity term is ignored (got ${JSON.stringify(key)})`);
      continue;
    }
    // A term without labelSelector matches no pod in Kubernetes.
    if (sel) info.antiAffinity.push({ selector: readSelector(sel) });
  }
  return info;
}

function readTools(ann: Annotations): PodTools | undefined {
  const v = ann.get(`${SIM}tools`);
  if (v !== undefined && v !== 'busybox' && v !== 'iproute2') ann.fail(`${SIM}tools`, 'must be busybox or iproute2', v);
  return v as PodTools | undefined;
}

export function readPod(obj: ManifestObject, warn: Warn): PodRequest | null {
  const spec = obj.root.child('spec');
  obj.root.explain('status', 'ignored: pod status (IP, phase) is computed by the simulator');
  const info = readPodSpec(spec, obj.what, warn);
  const mac = obj.annotations.get('cni.projectcalico.org/hwAddr');
  const netns = obj.annotations.get(`${SIM}netns`);
  const tools = readTools(obj.annotations);
  if (info.hostNetwork) {
    warn(`${obj.what}: spec.hostNetwork: true: the pod uses the node's network namespace (no cali veth, no pod IP); left out`);
    return null;
  }
  return { what: obj.what, namespace: obj.namespace, name: obj.name, labels: obj.labels, ...nodeInfo(info), mac, netns, tools };
}

function nodeInfo(info: PodSpecInfo): Pick<PodRequest, 'nodeName' | 'nodeSelector' | 'antiAffinity'> {
  return { nodeName: info.nodeName, nodeSelector: info.nodeSelector, antiAffinity: info.antiAffinity };
}

/** `taken`: the `namespace/name` of every pod created before this Deployment's. */
export function readDeployment(obj: ManifestObject, warn: Warn, taken: ReadonlySet<string>): PodRequest[] {
  const spec = obj.root.child('spec');
  if (!spec) throw new ConfigError(`${obj.what} spec`, 'is required');
  const replicas = spec.int('replicas', 0, 100000) ?? 1;
  spec.explain('strategy', 'not simulated (no rollouts: pods are created once), ignored');
  spec.explain('revisionHistoryLimit', 'not simulated (no rollouts), ignored');
  spec.explain('minReadySeconds', 'not simulated, ignored');
  spec.explain('progressDeadlineSeconds', 'not simulated, ignored');
  const selectorFields = spec.child('selector');
  if (!selectorFields) throw new ConfigError(`${obj.what} spec.selector`, 'is required (apps/v1)');
  const selector = readSelector(selectorFields);
  const template = spec.child('template');
  if (!template) throw new ConfigError(`${obj.what} spec.template`, 'is required');
  const tmeta = template.child('metadata');
  const labels = tmeta?.stringMap('labels') ?? {};
  tmeta?.explain('name', 'ignored (Kubernetes names replicas itself)');
  if (!matches(selector, labels)) {
    throw new ConfigError(`${obj.what} spec.selector`, '`selector` does not match template `labels`', selectorFields.raw);
  }
  const tann = tmeta?.stringMap('annotations') ?? {};
  for (const k of Object.keys(tann)) {
    warn(`${obj.what}: spec.template.metadata.annotations[${k}]: annotation not simulated on Deployment templates, ignored`);
  }
  const info = readPodSpec(template.child('spec'), obj.what, warn);
  if (info.hostNetwork) {
    warn(`${obj.what}: spec.template.spec.hostNetwork: true: the pods use the node's network namespace (no cali veth, no pod IP); left out`);
    return [];
  }

  const ann = obj.annotations;
  const names = commaList(ann.get(`${SIM}pod-names`));
  const macs = commaList(ann.get(`${SIM}pod-macs`));
  const netns = commaList(ann.get(`${SIM}pod-netns`));
  for (const [key, list] of [['pod-names', names], ['pod-macs', macs], ['pod-netns', netns]] as const) {
    if (list.length > replicas) ann.fail(SIM + key, `lists ${list.length} entries for ${replicas} replica(s)`, list.join(','));
  }
  const tools = readTools(ann);
  const hash = podTemplateHash(template.raw);
  const out: PodRequest[] = [];
  const mine = new Set(names.filter((n) => n).map((n) => `${obj.namespace}/${n}`));
  const free = (n: string) => !taken.has(`${obj.namespace}/${n}`) && !mine.has(`${obj.namespace}/${n}`);
  for (let i = 0; i < replicas; i++) {
    let name = names[i];
    // 27^5 suffixes: among thousands of replicas two draws meet (the birthday bound). The
    // apiserver then refuses the second name as AlreadyExists and a fresh one is drawn
    // (generateName retries: the RetryGenerateName feature, else the ReplicaSet controller's
    // next sync); the next draw here is as deterministic as the first.
    for (let draw = 0; !name; draw++) {
      const candidate = `${obj.name}-${hash}-${replicaSuffix(obj.namespace, obj.name, hash, i, draw)}`;
      if (free(candidate)) name = candidate;
    }
    mine.add(`${obj.namespace}/${name}`);
    if (names[i] && !name.startsWith(`${obj.name}-`)) {
      ann.fail(`${SIM}pod-names`, `pod names of Deployment ${obj.name} start with "${obj.name}-"`, name);
    }
    out.push({
      what: obj.what,
      namespace: obj.namespace,
      name,
      labels: { ...labels, 'pod-template-hash': hash },
      ...nodeInfo(info),
      mac: macs[i] || undefined,
      netns: netns[i] || undefined,
      tools,
    });
  }
  return out;
}
