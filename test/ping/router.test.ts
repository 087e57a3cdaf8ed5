// Pings and traceroutes across subnets through the router, in both engines: the TTLs Linux gives
// (the inner TTL at the destination pod as within one subnet; the router decrements the outer
// TTL once), the router's ICMP errors from the address facing the sender (time exceeded, net
// unreachable, frag-needed towards a smaller MTU), and the wire following L2 segments.

import assert from 'node:assert/strict';
import { buildCluster, loadClusterFile } from '../../host/cluster/index.ts';
import type { ClusterSpec, IpipMode } from '../../host/cluster/types.ts';
import type { ForwardingEngineName } from '../../host/engine/engine.ts';
import { SimSession } from '../../host/session/session.ts';
import { afterStamp, ping } from './support.ts';

const spec = (mode: IpipMode, extra: Partial<ClusterSpec> = {}): ClusterSpec => {
  const s = loadClusterFile('examples/clusters/crosssubnet-3node.yaml');
  s.pools[0].ipipMode = mode;
  return { ...s, ...extra };
};
const sess = (s: ClusterSpec, engine: ForwardingEngineName): SimSession => new SimSession(buildCluster(s), { engine });
const ttlOf = (line: string): number => Number(/ttl (\d+)/.exec(line)![1]);

function traceroute(s: SimSession, pod: string, host: string): string[] {
  let out = '';
  s.traceroute(pod, host, { numeric: true, maxTtl: 6, probes: 1, waitS: 1 }, { out: (t) => (out += t), err: () => {} });
  return out.split('\n').slice(1, -1).map((l) => l.replace(/\s+[\d.]+ ms/g, ''));
}

for (const engine of ['wasm', 'ts'] as const) {
  describe(`routers between subnets (${engine})`, () => {
    for (const mode of ['Always', 'CrossSubnet'] as const) {
      it(`${mode}: client → web-2 across the router: 0% loss, inner TTL 62 at the pod as within one subnet, outer TTL 63 → 62`, () => {
        const s = sess(spec(mode), engine);
        const r = ping(s, { pod: 'client', host: '10.244.0.129', count: 2, tcpdump: ['router:eth0', 'router:eth1', 'default/web-2:eth0'] });
        assert.equal(r.code, 0, r.all);
        assert.match(r.out, /2 packets transmitted, 2 packets received, 0% packet loss/);
        assert.match(r.out, /64 bytes from 10\.244\.0\.129: seq=0 ttl=62/);
        const [in0, , , out0] = r.taps.get('router:eth0')!.map(afterStamp);
        const [out1] = r.taps.get('router:eth1')!.map(afterStamp);
        assert.match(in0, /^00:0c:29:0a:01:0b > 02:00:0a:00:01:01, .*ttl 63, .*proto IPIP/);
        assert.match(out1, /^02:00:0a:00:02:01 > 00:0c:29:d5:4d:96, .*ttl 62, .*proto IPIP/, 'the router decrements the outer TTL once');
        assert.match(out0, /^02:00:0a:00:01:01 > 00:0c:29:0a:01:0b, .*ttl 62, .*proto IPIP/);
        const atPod = r.taps.get('default/web-2:eth0')!.find((l) => l.includes('echo request'));
        assert.ok(atPod);
        const podLines = r.taps.get('default/web-2:eth0')!.map(afterStamp);
        assert.equal(ttlOf(podLines[0]), 62, 'inner TTL at the pod: 64 - node-a - node-c');
        // within one subnet (CrossSubnet: native; Always: encapsulated) the pod sees the same TTL
        const same = ping(sess(spec(mode), engine), { pod: 'client', host: '10.244.0.65', count: 1, tcpdump: ['default/web-1:eth0'] });
        assert.equal(ttlOf(same.taps.get('default/web-1:eth0')!.map(afterStamp)[0]), 62);
      });
    }

    it('CrossSubnet: traceroute to web-2: node-a, then nothing for the outer TTL that ends at the router (ipip_err keeps it), then the pod', () => {
      assert.deepEqual(traceroute(sess(spec('CrossSubnet'), engine), 'client', '10.244.0.129'), [' 1  10.0.1.11', ' 2  *', ' 3  10.244.0.129']);
    });

    it('Never with learnPodBlocks: native across subnets; traceroute names the router by the address facing the sender', () => {
      const s = spec('Never', { routers: [{ name: 'tor', learnPodBlocks: true }] });
      const r = ping(sess(s, engine), { pod: 'client', host: '10.244.0.128', count: 1 });
      assert.match(r.out, /1 packets received, 0% packet loss/);
      assert.match(r.out, /ttl=61/, 'native: node-a, the router, node-c');
      assert.deepEqual(traceroute(sess(s, engine), 'client', '10.244.0.128'), [' 1  10.0.1.11', ' 2  10.0.1.1', ' 3  10.0.2.13', ' 4  10.244.0.128']);
    });

    it('Never without pod routes on the router: lost, and the router cannot even answer (no route back)', () => {
      const r = ping(sess(spec('Never'), engine), { pod: 'client', host: '10.244.0.128', count: 1, timeoutS: 1, tcpdump: ['router:eth0'] });
      assert.match(r.out, /100% packet loss/);
      assert.equal(r.taps.get('router:eth0')!.filter((l) => /^\d/.test(l)).length, 1, 'the request arrives, nothing leaves');
    });

    it('net unreachable from the router for a destination it has no route to; frag-needed towards a smaller MTU', () => {
      const s = spec('Never', { routers: [{ name: 'tor', learnPodBlocks: true, interfaces: [{ subnet: '10.0.1.0/24' }, { subnet: '10.0.2.0/24', mtu: 1400 }] }] });
      const u = ping(sess(s, engine), { pod: 'client', host: '10.99.0.1', count: 1, timeoutS: 1, tcpdump: ['tor:eth0'] });
      assert.ok(u.taps.get('tor:eth0')!.some((l) => l.includes('10.0.1.1 > 10.244.0.1: ICMP net 10.99.0.1 unreachable')), u.all);
      const f = ping(sess(s, engine), { pod: 'client', host: '10.244.0.128', count: 1, size: 1400, timeoutS: 1, tcpdump: ['tor:eth0'] });
      assert.ok(f.taps.get('tor:eth0')!.some((l) => l.includes('10.0.1.1 > 10.244.0.1: ICMP 10.244.0.128 unreachable - need to frag (mtu 1400)')), f.all);
    });

    it('the wire follows segments: node-c never sees node-a ↔ node-b traffic, nor the router\'s eth0 side', () => {
      const r = ping(sess(spec('CrossSubnet'), engine), { pod: 'client', host: '10.244.0.65', count: 1, tcpdump: ['node-c:ens160', 'router:eth0', 'node-b:ens160'] });
      assert.equal(r.taps.get('node-c:ens160')!.length, 0);
      assert.equal(r.taps.get('router:eth0')!.length, 0);
      assert.ok(r.taps.get('node-b:ens160')!.length > 0);
    });
  });
}
