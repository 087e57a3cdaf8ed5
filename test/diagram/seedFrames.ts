// Hand-written fixture: the frames of the seed's cross-host ping (busybox-77649b9c55-r6bx9 →
// 172.16.109.65) at every capture point, with the header values the seed's tcpdump shows
// (20:03:02 capture: inner id 24637, outer id 55134, ICMP id 43 seq 0, DF; TTL 64 → 63 → 62).
// It stands in for engine captures in the diagram tests until the engine drives the walk.

import type { Cluster } from '../../host/cluster/types.ts';
import type { CapturedFrame } from '../../host/diagram/walk.ts';
import { parseIp4, parseMac } from '../../host/net/addr.ts';
import { ETHERTYPE_IPV4, ethFrame } from '../../host/net/ethernet.ts';
import { ICMP_ECHO, icmpEchoRest, icmpMessage } from '../../host/net/icmp.ts';
import { IPV4_DF, ipv4Packet } from '../../host/net/ipv4.ts';

function ipv4(src: string, dst: string, ttl: number, id: number, proto: number, payload: Uint8Array): Uint8Array {
  return ipv4Packet({ id, flagsFrag: IPV4_DF, ttl, proto, src: parseIp4(src)!, dst: parseIp4(dst)! }, payload);
}

/** 8 header + 56 data octets, as busybox ping sends. */
function echoRequest(id: number, seq: number): Uint8Array {
  return icmpMessage(ICMP_ECHO, 0, icmpEchoRest(id, seq), new Uint8Array(56));
}

function ether(dst: string, src: string, ip: Uint8Array): Uint8Array {
  return ethFrame(parseMac(dst)!, parseMac(src)!, ETHERTYPE_IPV4, ip);
}

export function seedCrossHostFrames(cluster: Cluster): CapturedFrame[] {
  const a = cluster.podByName('busybox-77649b9c55-r6bx9');
  const b = cluster.podByName('busybox-77649b9c55-7d27b');
  if (!a || !b) throw new Error('seed pods missing');
  const icmp = echoRequest(43, 0);
  const inner = (ttl: number) => ipv4('172.16.196.1', '172.16.109.65', ttl, 24637, 1, icmp);
  const podTx = ether('ee:ee:ee:ee:ee:ee', a.mac, inner(64));
  const wire = ether('00:0c:29:90:fa:e2', '00:0c:29:b1:02:f0', ipv4('192.168.0.11', '192.168.0.12', 63, 55134, 4, inner(63)));
  const toPod = ether(b.mac, 'ee:ee:ee:ee:ee:ee', inner(62));
  return [
    { host: a.name, iface: 'eth0', direction: 'tx', linkType: 'ether', frame: podTx },
    { host: 'k8s-master-1', iface: a.hostVeth, direction: 'rx', linkType: 'ether', frame: podTx },
    { host: 'k8s-master-1', iface: 'tunl0', direction: 'tx', linkType: 'raw', frame: inner(63) },
    { host: 'k8s-master-1', iface: 'ens160', direction: 'tx', linkType: 'ether', frame: wire },
    { host: 'k8s-node-1', iface: 'ens160', direction: 'rx', linkType: 'ether', frame: wire },
    { host: 'k8s-node-1', iface: 'tunl0', direction: 'rx', linkType: 'raw', frame: inner(63) },
    { host: 'k8s-node-1', iface: b.hostVeth, direction: 'tx', linkType: 'ether', frame: toPod },
    { host: b.name, iface: 'eth0', direction: 'rx', linkType: 'ether', frame: toPod },
  ];
}
