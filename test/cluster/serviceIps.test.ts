import assert from 'node:assert/strict';
import { rejectsSeed, type Mutate } from '../support/rejects.ts';

// `serviceIps` used to take a node's address, a pod's, a gateway or 169.254.1.1 (kube-ipvs0 then
// made it local to every node: `ping b 10.244.0.1` was answered by b's own node), and
// `services[].clusterIP` took the gateway and 169.254.1.1. Both now go through one check.
describe('Service addresses: serviceIps and clusterIP refuse the same addresses', () => {
  const cases: [string, string, RegExp, Mutate?][] = [
    ["a node's address", '192.168.0.12', /^is the address of nodes\[1\] \(k8s-node-1\)$/],
    ["a node's gateway", '192.168.0.2', /^is the gateway of nodes\[0\] \(k8s-master-1\)$/],
    ["a pod's address", '172.16.196.1', /^is inside an IP pool \(pools\[0\]\.cidr 172\.16\.0\.0\/16\)/],
    ["Calico's pod gateway", '169.254.1.1', /^is every pod's gateway/],
    [
      "a router's interface address",
      '10.9.1.1',
      /^is the address of routers\[0\]\.interfaces\[1\]$/,
      (s) => (s.routers = [{ name: 'tor', interfaces: [{ subnet: '192.168.0.0/24', ip: '192.168.0.2' }, { subnet: '10.9.1.0/24', ip: '10.9.1.1' }] }]),
    ],
  ];
  for (const [what, ip, msg, setup] of cases) {
    it(`${what}: serviceIps`, () => {
      const line = rejectsSeed((s) => {
        setup?.(s);
        s.serviceIps.push(ip);
      }, 'serviceIps[3]', ip, msg);
      assert.match(line, new RegExp(`^serviceIps\\[3\\]: .* \\(got "${ip.replace(/\./g, '\\.')}"\\)$`));
    });
    it(`${what}: services[].clusterIP`, () => {
      rejectsSeed((s) => {
        setup?.(s);
        s.serviceIps = [];
        s.services[1].clusterIP = ip;
      }, 'services[1].clusterIP', ip, msg);
    });
  }
});
