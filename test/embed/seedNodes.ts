// The seed's two nodes as the plain objects an embedder writes, and the frames of its ping.
import type { NodeDescription } from '../../host/api/core.ts';
import { ARPOP_REQUEST, arpPacket } from '../../host/net/arp.ts';
import { BROADCAST_MAC, ETHERTYPE_ARP, ZERO_MAC, ethFrame } from '../../host/net/ethernet.ts';
import { echoFrame } from '../../host/net/frames.ts';
import { ICMP_ECHO } from '../../host/net/icmp.ts';
import { IPV4_DF } from '../../host/net/ipv4.ts';
import { parseIp4, parseMac } from '../../host/net/addr.ts';

export const MASTER: NodeDescription = {
  name: 'k8s-master-1',
  uplink: { ip: '192.168.0.11', prefixLen: 24, mac: '00:0c:29:b1:02:f0', gateway: '192.168.0.2' },
  tunl0: { ip: '172.16.196.0' },
  pods: [{ name: 'busybox-77649b9c55-r6bx9', ip: '172.16.196.1', mac: '86:9c:03:9e:db:9f', hostVeth: 'cali12242800409' }],
  routes: [
    { dst: '172.16.109.64/26', via: '192.168.0.12', dev: 'tunl0', onlink: true },
    { dst: '172.16.196.0/26', type: 'blackhole' },
  ],
  neighbours: [{ ip: '192.168.0.12', mac: '00:0c:29:90:fa:e2', node: 'k8s-node-1' }],
};

export const WORKER: NodeDescription = {
  name: 'k8s-node-1',
  uplink: { ip: '192.168.0.12', prefixLen: 24, mac: '00:0c:29:90:fa:e2', gateway: '192.168.0.2' },
  tunl0: { ip: '172.16.109.64' },
  pods: [{ name: 'busybox-77649b9c55-7d27b', ip: '172.16.109.65', mac: 'ea:12:d7:1c:44:02', hostVeth: 'cali1b0be572c83' }],
  routes: [
    { dst: '172.16.196.0/26', via: '192.168.0.11', dev: 'tunl0', onlink: true },
    { dst: '172.16.109.64/26', type: 'blackhole' },
  ],
  neighbours: [{ ip: '192.168.0.11', mac: '00:0c:29:b1:02:f0', node: 'k8s-master-1' }],
};

const mac = (s: string): Uint8Array => parseMac(s) as Uint8Array;
const ip = (s: string): number => parseIp4(s) as number;
export const POD_MAC = mac('86:9c:03:9e:db:9f');
export const VETH_MAC = mac('ee:ee:ee:ee:ee:ee');

/** busybox asking for its gateway 169.254.1.1. */
export const arpRequest = (): Uint8Array =>
  ethFrame(BROADCAST_MAC, POD_MAC, ETHERTYPE_ARP, arpPacket({ op: ARPOP_REQUEST, sha: POD_MAC, spa: ip('172.16.196.1'), tha: ZERO_MAC, tpa: ip('169.254.1.1') }));

/** busybox's echo request (the seed's IP ID 63022, id 29, 56 data bytes) to `dst`. */
export const echoRequest = (dst = '172.16.109.65', ttl = 64): Uint8Array =>
  echoFrame({ dstMac: VETH_MAC, srcMac: POD_MAC, ip: { id: 63022, flagsFrag: IPV4_DF, ttl, src: ip('172.16.196.1'), dst: ip(dst) }, type: ICMP_ECHO, id: 29, seq: 0 }, 98);

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
