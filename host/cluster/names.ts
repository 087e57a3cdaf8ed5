// Names and link-layer identities Calico, containerd and the kernel give to things. Where the
// real system picks a random value (pod MAC, netns UUID, DaemonSet pod suffix, dummy MAC) we
// derive a stable one from a SHA-1 of the object's identity, so every run prints the same text.

import { formatMac, parseMac } from '../net/addr.ts';
import { hex, sha1 } from './sha1.ts';

/** Calico's host-side veth MAC (`hostSideMAC` in the CNI plugin). */
export const HOST_VETH_MAC = 'ee:ee:ee:ee:ee:ee';

/** Calico's dummy next hop inside every pod. */
export const POD_GATEWAY = '169.254.1.1';

/**
 * Host-side veth name: `cali` + first 11 hex chars of sha1("<namespace>.<pod>") (15 chars =
 * IFNAMSIZ-1), as libcalico-go's `VethNameForWorkload`.
 */
export function vethName(namespace: string, pod: string, prefix = 'cali'): string {
  return prefix + hex(sha1(`${namespace}.${pod}`)).slice(0, 11);
}

/** Stable unicast, locally administered MAC (the kernel's random MACs have the same two bits). */
export function derivedMac(key: string): string {
  const b = sha1(`mac:${key}`);
  b[0] = (b[0] & 0xfc) | 0x02;
  return formatMac(b);
}

/** Default uplink MAC for a node described without one: VMware's 00:0c:29 OUI, as in the seed. */
export function derivedUplinkMac(node: string): string {
  const b = sha1(`uplink:${node}`);
  return formatMac([0x00, 0x0c, 0x29, b[0], b[1], b[2]]);
}

export function podMac(namespace: string, pod: string): string {
  return derivedMac(`pod:${namespace}/${pod}`);
}

export function ipvsMac(node: string): string {
  return derivedMac(`kube-ipvs0:${node}`);
}

/** containerd's netns name: `cni-` + 16 random bytes printed in UUID layout (no version bits). */
export function netnsName(namespace: string, pod: string): string {
  const h = hex(sha1(`netns:${namespace}/${pod}`));
  return `cni-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Alphabet of Kubernetes' generated name suffixes (`utilrand.String`): no vowels, no 0/1/3. */
const K8S_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function calicoNodeSuffix(node: string): string {
  const b = sha1(`calico-node:${node}`);
  let s = '';
  for (let i = 0; i < 5; i++) s += K8S_SUFFIX_ALPHABET[b[i] % K8S_SUFFIX_ALPHABET.length];
  return s;
}

/** IPv6 link-local address the kernel derives from a MAC by modified EUI-64 (flip U/L, insert ff:fe). */
export function linkLocal6(mac: string): string {
  const m = parseMac(mac);
  if (!m) throw new Error(`bad MAC ${mac}`);
  const groups = [0xfe80, 0, 0, 0, ((m[0] ^ 0x02) << 8) | m[1], (m[2] << 8) | 0xff, 0xfe00 | m[3], (m[4] << 8) | m[5]];
  return formatIp6(groups);
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run (>=2) of zero groups as `::`. */
export function formatIp6(groups: number[]): string {
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number[]) => g.map((x) => x.toString(16)).join(':');
  if (bestAt < 0) return hex(groups);
  return `${hex(groups.slice(0, bestAt))}::${hex(groups.slice(bestAt + bestLen))}`;
}
