import assert from 'node:assert/strict';
import { parseClusterYaml } from '../../host/cluster/index.ts';
import { ConfigError } from '../../host/errors.ts';
import { rejectsSeed, type Mutate } from '../support/rejects.ts';

// A field left out used to be reported as a bad value with nothing after it
// ("pods[0].node: must be a non-empty string"); it is now named as missing, worded as the
// manifest reader words it: `<field>: is required`.
describe('cluster validation: a missing field is named as missing', () => {
  const cases: [string, Mutate][] = [
    ['nodes[0].name', (s) => delete s.nodes[0].name],
    ['nodes[0].iface', (s) => delete s.nodes[0].iface],
    ['nodes[0].ip', (s) => delete s.nodes[0].ip],
    ['nodes[0].prefixLen', (s) => delete s.nodes[0].prefixLen],
    ['nodes[0].mac', (s) => delete s.nodes[0].mac],
    ['nodes[1].gateway', (s) => delete s.nodes[1].gateway],
    ['pools[0].cidr', (s) => delete s.pools[0].cidr],
    ['pools[0].blockSize', (s) => delete s.pools[0].blockSize],
    ['pools[0].ipipMode', (s) => delete s.pools[0].ipipMode],
    ['pods[0].namespace', (s) => delete s.pods[0].namespace],
    ['pods[1].name', (s) => delete s.pods[1].name],
    ['pods[2].node', (s) => delete s.pods[2].node],
    ['pools', (s) => delete s.pools],
    ['nodes', (s) => delete s.nodes],
    ['services[0].namespace', (s) => delete s.services[0].namespace],
    ['services[1].clusterIP', (s) => delete s.services[1].clusterIP],
    ['services[0].ports', (s) => delete s.services[0].ports],
    ['services[2].ports[1].port', (s) => delete s.services[2].ports[1].port],
    ['routers[0].name', (s) => (s.routers = [{}])],
    ['routers[0].interfaces[0].subnet', (s) => (s.routers = [{ name: 'r', interfaces: [{}] }])],
    ['routers[0].routes[0].via', (s) => (s.routers = [{ name: 'r', routes: [{ dst: '10.0.0.0/8' }] }])],
  ];
  for (const [field, mutate] of cases) {
    it(field, () => assert.equal(rejectsSeed(mutate, field, undefined, /^is required$/), `${field}: is required`));
  }

  it('from YAML: the one line names the field', () => {
    const yaml = [
      'nodes: [{name: a, ip: 10.0.1.11, prefixLen: 24}]',
      'pools: [{cidr: 10.244.0.0/16, blockSize: 26, ipipMode: Always}]',
      'pods: []',
    ].join('\n');
    assert.throws(() => parseClusterYaml(yaml), (e: unknown) => e instanceof ConfigError && e.format() === 'nodes[0].gateway: is required');
  });
});
