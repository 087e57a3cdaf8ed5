// Hand-written fixture: the frames of the seed's cross-host ping (busybox-77649b9c55-r6bx9 →
// 172.16.109.65) at every capture point, with the header values the seed's tcpdump shows
// (20:03:02 capture: inner id 24637, outer id 55134, ICMP id 43 seq 0, DF; TTL 64 → 63 → 62).
// It stands in for engine captures in the diagram tests until the engine drives the walk.

import type { Cluster } from '../../host/cluster/types.ts';
import type { CapturedFrame } from '../../host/diagram/walk.ts';
import { parseIp4, parseMac } from '../../host/net/addr.ts';

function cksum(b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < b.length; i += 2) s += (b[i] << 8) | (b[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

function ipv4(src: string, dst: string, ttl: number, id: number, proto: number, payload: Uint8Array): Uint8Array {
  const b = new Uint8Array(20 + payload.length);
  const dv = new DataView(b.buffer);
  b[0] = 0x45;
  dv.setUint16(2, b.length);
  dv.setUint16(4, id);
  dv.setUint16(6, 0x4000); // DF
  b[8] = ttl;
  b[9] = proto;
  dv.setUint32(12, parseIp4(src) as number);
  dv.setUint32(16, parseIp4(dst) as number);
  dv.setUint16(10, cksum(b.subarray(0, 20)));
  b.set(payload, 20);
  return b;
}

function echoRequest(id: number, seq: number): Uint8Array {
  const b = new Uint8Array(64); // 8 header + 56 data bytes, as busybox ping sends
  b[0] = 8;
  new DataView(b.buffer).setUint16(4, id);
  new DataView(b.buffer).setUint16(6, seq);
  new DataView(b.buffer).setUint16(2, cksum(b));
  return b;
}

function ether(dst: string, src: string, ip: Uint8Array): Uint8Array {
  const b = new Uint8Array(14 + ip.length);
  b.set(parseMac(dst) as Uint8Array, 0);
  b.set(parseMac(src) as Uint8Array, 6);
  b[12] = 0x08;
  b.set(ip, 14);
  return b;
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
