import assert from 'node:assert/strict';
import { buildCluster, defaultClusterSpec } from '../../host/cluster/index.ts';
import { formatIp4 } from '../../host/net/addr.ts';
import { rejectsSeed } from '../support/rejects.ts';

// A pool over the node subnet used to give a pod the gateway's address (10.244.0.1) and put the
// node's own address inside its blackholed block. A pool containing an address a host uses is
// refused, naming the pool and the address.
describe('cluster validation: a pool must not contain an address the hosts use', () => {
  const onNodeSubnet = (s: any) => {
    for (const n of s.nodes) delete n.block;
  };

  it("a node's address", () => {
    rejectsSeed((s) => {
      onNodeSubnet(s);
      s.pools[0].cidr = '192.168.0.0/16';
    }, 'pools[0].cidr', '192.168.0.0/16', /^contains nodes\[0\]\.ip 192\.168\.0\.11 \(node k8s-master-1\)/);
  });

  it("a node's gateway (the node's own address outside the pool)", () => {
    rejectsSeed((s) => {
      onNodeSubnet(s);
      s.pools[0].cidr = '192.168.0.0/30';
      s.pools[0].blockSize = 30;
    }, 'pools[0].cidr', '192.168.0.0/30', /^contains nodes\[0\]\.gateway 192\.168\.0\.2/);
  });

  it("the broadcast address of a node's subnet", () => {
    rejectsSeed((s) => {
      onNodeSubnet(s);
      s.pools[0].cidr = '192.168.0.192/26';
    }, 'pools[0].cidr', '192.168.0.192/26', /^contains 192\.168\.0\.255, the broadcast address of nodes\[0\]'s subnet 192\.168\.0\.0\/24/);
  });

  it("a router's interface address", () => {
    rejectsSeed((s) => {
      s.pools.push({ cidr: '10.9.0.0/16', blockSize: 26, ipipMode: 'Always' });
      s.routers = [{ name: 'tor', interfaces: [{ subnet: '192.168.0.0/24', ip: '192.168.0.2' }, { subnet: '10.9.1.0/24', ip: '10.9.1.1' }] }];
    }, 'pools[1].cidr', '10.9.0.0/16', /^contains routers\[0\]\.interfaces\[1\]\.ip 10\.9\.1\.1 \(router tor\)/);
  });

  it('a pool beside the node subnet is fine, and no pod gets a host address', () => {
    const s = defaultClusterSpec();
    onNodeSubnet(s);
    s.pools[0].cidr = '192.168.1.0/24';
    const c = buildCluster(s);
    const hostAddrs = new Set(s.nodes.flatMap((n) => [n.ip, n.gateway]));
    for (const p of c.pods) assert.ok(!hostAddrs.has(formatIp4(p.ip)), formatIp4(p.ip));
  });
});
