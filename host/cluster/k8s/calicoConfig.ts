// Calico's `calico-config` ConfigMap (kube-system), as calico.yaml ships it: `veth_mtu` is the
// CNI plugin's `mtu` (the install-cni container puts it in place of __CNI_MTU__ in
// `cni_network_config`), the MTU of every pod's veth pair. "0" (Calico ≥ 3.21's default) asks
// calico-node to pick it from the host's interfaces and the encapsulation, which is what the
// model derives anyway (mtu − 20 with IPIP), so only a non-zero value is taken.

import type { ManifestObject } from './docs.ts';
import type { Warn } from './fields.ts';

/** The pods' veth MTU from `data.veth_mtu`, or undefined when it is absent or "0" (auto). */
export function readCalicoConfig(obj: ManifestObject, warn: Warn): number | undefined {
  const data = obj.root.child('data');
  if (!data) return undefined;
  const v = data.get('veth_mtu');
  data.explain('cni_network_config', 'the CNI configuration template: only its mtu (veth_mtu) is simulated');
  data.explain('calico_backend', 'routes come from the cluster model (BIRD\'s, as calico-node programs them)');
  data.explain('typha_service_name', 'Typha only fans out the datastore: nothing on the wire');
  if (v === undefined) return undefined;
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : null;
  if (text === null || !/^\d+$/.test(text)) data.fail('veth_mtu', 'must be a decimal integer (a string in a ConfigMap)', v);
  const mtu = Number(text);
  if (mtu === 0) {
    warn(`${obj.what}: data.veth_mtu: "0" lets calico-node choose the MTU: the model's (mtu - 20 with IPIP, else mtu)`);
    return undefined;
  }
  return mtu;
}
