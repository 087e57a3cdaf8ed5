// Interfaces of a node and of a pod network namespace, with the ifindex layout the seed shows:
// host lo 1, uplink 2, tunl0 3, kube-ipvs0 4, then the cali veths from 7 in pod order (5 and 6
// are taken by devices that come and go before the pods, so the seed never shows them); in a pod
// lo 1, tunl0 2, eth0 4 (3 is the veth end created in the pod netns and moved to the host).
// With only ipipMode Never pools the ipip module is not loaded: no tunl0 anywhere, and the other
// ifindexes keep their numbers so that `@ifN` references mean the same thing in every mode.

import { parseIp4, type Ip4 } from '../net/addr.ts';
import { HOST_VETH_MAC, ipvsMac, linkLocal6 } from './names.ts';
import { serviceAddresses } from './services.ts';
import type { ClusterSpec, Iface, NodeSpec } from './types.ts';

export const IFINDEX = { lo: 1, uplink: 2, tunl0: 3, kubeIpvs: 4, firstHostVeth: 7, podTunl0: 2, podEth0: 4 } as const;

/** Overhead of the outer IPv4 header (Felix `ipipMTUOverhead`). */
export const IPIP_OVERHEAD = 20;
/** tunl0 in a namespace where nobody sets its MTU: ETH_DATA_LEN - 20. */
export const FALLBACK_TUNL0_MTU = 1500 - IPIP_OVERHEAD;

export function ipipEnabled(spec: ClusterSpec): boolean {
  return spec.pools.some((p) => p.ipipMode !== 'Never');
}

/** MTU of the uplink (the spec's, else Ethernet's 1500). */
export function hostMtu(spec: ClusterSpec): number {
  return spec.mtu ?? 1500;
}

/** Calico's default MTU for tunl0 (host side), cali veths and pod eth0: host MTU minus 20
 *  with IPIP, else host MTU. */
export function podMtu(spec: ClusterSpec): number {
  const mtu = hostMtu(spec);
  return ipipEnabled(spec) ? mtu - IPIP_OVERHEAD : mtu;
}

/** MTU of each pod's veth pair (cali… and eth0): the CNI config's `mtu`, else the default. */
export function vethMtu(spec: ClusterSpec): number {
  return spec.vethMtu ?? podMtu(spec);
}

/** MTU of the nodes' tunl0: FelixConfiguration `ipipMTU`, else host MTU minus 20. */
export function tunl0Mtu(spec: ClusterSpec): number {
  return spec.ipipMtu ?? hostMtu(spec) - IPIP_OVERHEAD;
}

function loopback(): Iface {
  return {
    name: 'lo',
    ifindex: IFINDEX.lo,
    kind: 'loopback',
    mtu: 65536,
    mac: '00:00:00:00:00:00',
    addrs: [{ ip: 0x7f000001, len: 8, scope: 'host' }],
    addrs6: [{ addr: '::1', len: 128, scope: 'host' }],
    proxyArp: false,
  };
}

export interface HostVeth {
  name: string;
  ifindex: number;
  netns: string;
}

export function nodeIfaces(spec: ClusterSpec, node: NodeSpec, tunl0Ip: Ip4 | null, veths: HostVeth[]): Iface[] {
  const ip = parseIp4(node.ip) as Ip4;
  const brd = (ip | (0xffffffff >>> node.prefixLen)) >>> 0;
  const list: Iface[] = [
    loopback(),
    {
      name: node.iface,
      ifindex: IFINDEX.uplink,
      kind: 'ether',
      mtu: hostMtu(spec),
      mac: node.mac.toLowerCase(),
      addrs: [{ ip, len: node.prefixLen, scope: 'global', brd, noprefixroute: true }],
      addrs6: [{ addr: linkLocal6(node.mac), len: 64, scope: 'link', noprefixroute: true }],
      altname: node.altname,
      proxyArp: false,
    },
  ];
  if (ipipEnabled(spec)) {
    list.push({
      name: 'tunl0',
      ifindex: IFINDEX.tunl0,
      kind: 'ipip',
      mtu: tunl0Mtu(spec),
      mac: '',
      addrs: tunl0Ip === null ? [] : [{ ip: tunl0Ip, len: 32, scope: 'global' }],
      proxyArp: false,
    });
  }
  list.push({
    name: 'kube-ipvs0',
    ifindex: IFINDEX.kubeIpvs,
    kind: 'dummy',
    mtu: 1500,
    mac: (node.ipvsMac ?? ipvsMac(node.name)).toLowerCase(),
    addrs: serviceAddresses(spec).map((ip) => ({ ip, len: 32, scope: 'global' as const })),
    proxyArp: false,
    up: false,
  });
  for (const v of veths) {
    list.push({
      name: v.name,
      ifindex: v.ifindex,
      kind: 'veth',
      mtu: vethMtu(spec),
      mac: HOST_VETH_MAC,
      addrs: [],
      addrs6: [{ addr: linkLocal6(HOST_VETH_MAC), len: 64, scope: 'link' }],
      peerIfindex: IFINDEX.podEth0,
      linkNetns: v.netns,
      proxyArp: true, // written by the CNI plugin and re-applied by Felix
    });
  }
  return list;
}

export function podIfaces(spec: ClusterSpec, ip: Ip4, mac: string, hostVethIfindex: number): Iface[] {
  const list: Iface[] = [loopback()];
  if (ipipEnabled(spec)) {
    list.push({ name: 'tunl0', ifindex: IFINDEX.podTunl0, kind: 'ipip', mtu: FALLBACK_TUNL0_MTU, mac: '', addrs: [], proxyArp: false, up: false });
  }
  list.push({
    name: 'eth0',
    ifindex: IFINDEX.podEth0,
    kind: 'veth',
    mtu: vethMtu(spec),
    mac: mac.toLowerCase(),
    addrs: [{ ip, len: 32, scope: 'global' }],
    addrs6: [{ addr: linkLocal6(mac), len: 64, scope: 'link' }],
    peerIfindex: hostVethIfindex,
    linkNetnsId: 0,
    proxyArp: false,
  });
  return list;
}
