// The seed's cluster as data: the two-node cluster of the Calico IPIP walkthrough this project
// reproduces (its printed outputs are in test/fixtures/seed/). Everything printed in the seed
// that the real system chose at random (blocks, MACs, netns UUIDs, the calico-node suffix) is
// pinned here; everything else is derived by buildCluster like for any other cluster.

import type { ClusterSpec } from './types.ts';

// The seed's Deployment template labels its pods app=busybox (examples/k8s/seed-cluster.yaml);
// the ReplicaSet adds pod-template-hash, the middle part of the pods' names.
const BUSYBOX_LABELS = { app: 'busybox', 'pod-template-hash': '77649b9c55' };

export function defaultClusterSpec(): ClusterSpec {
  return {
    mtu: 1500,
    nodes: [
      {
        name: 'k8s-master-1',
        iface: 'ens160',
        ip: '192.168.0.11',
        prefixLen: 24,
        mac: '00:0c:29:b1:02:f0',
        gateway: '192.168.0.2',
        ipvsMac: 'fa:89:72:a0:30:aa',
        block: '172.16.196.0/26',
        altname: 'enp2s0',
        calicoNodeSuffix: 'q6cv6',
      },
      {
        name: 'k8s-node-1',
        iface: 'ens160',
        ip: '192.168.0.12',
        prefixLen: 24,
        mac: '00:0c:29:90:fa:e2',
        gateway: '192.168.0.2',
        ipvsMac: 'c6:db:ff:2e:c2:2b',
        block: '172.16.109.64/26',
        altname: 'enp2s0',
      },
    ],
    // CALICO_IPV4POOL_CIDR=172.16.0.0/16 with the stock manifest's CALICO_IPV4POOL_IPIP=Always.
    pools: [{ name: 'default-ipv4-ippool', cidr: '172.16.0.0/16', blockSize: 26, ipipMode: 'Always', natOutgoing: true }],
    pods: [
      {
        namespace: 'devops',
        name: 'busybox-77649b9c55-r6bx9',
        node: 'k8s-master-1',
        mac: '86:9c:03:9e:db:9f',
        netns: 'cni-d0ea7fe4-4514-1aed-cfd6-fcaf904b837a',
        labels: { ...BUSYBOX_LABELS },
      },
      {
        namespace: 'devops',
        name: 'busybox-77649b9c55-7d27b',
        node: 'k8s-node-1',
        netns: 'cni-e85bba11-5d8e-ec3a-6e51-c68d1d27cb9f',
        labels: { ...BUSYBOX_LABELS },
      },
      {
        namespace: 'kube-system',
        name: 'coredns-7c445fd599-glfl5',
        node: 'k8s-master-1',
        mac: '8e:0a:84:0d:c2:e4',
        netns: 'cni-dd44e8c7-309b-f336-2e19-5c0f0b0f83ab',
        // The seed looks into coredns with `nsenter -t <pid> -n ip addr`: the host's iproute2.
        tools: 'iproute2',
        labels: { 'k8s-app': 'kube-dns' },
      },
    ],
    // ClusterIPs kube-proxy (IPVS mode) binds on kube-ipvs0: kubernetes, busybox, kube-dns.
    serviceIps: ['10.96.0.1', '10.96.192.105', '10.96.0.10'],
    // The three Services behind them: the apiserver's own (its Endpoints are the apiserver's
    // host-network address, 6443 on k8s-master-1), the seed's busybox NodePort (its node port is
    // allocated: the seed does not show it) and CoreDNS's kube-dns.
    services: [
      {
        namespace: 'default', name: 'kubernetes', clusterIP: '10.96.0.1', endpoints: ['192.168.0.11'],
        ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }],
      },
      {
        namespace: 'devops', name: 'busybox', type: 'NodePort', clusterIP: '10.96.192.105', selector: { ...BUSYBOX_LABELS },
        ports: [{ name: 'http', protocol: 'TCP', port: 8888, targetPort: 80 }],
      },
      {
        namespace: 'kube-system', name: 'kube-dns', clusterIP: '10.96.0.10', selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
          { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
          { name: 'metrics', protocol: 'TCP', port: 9153, targetPort: 9153 },
        ],
      },
    ],
  };
}
