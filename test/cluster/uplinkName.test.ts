import { rejectsSeed } from '../support/rejects.ts';

// `nodes[].iface: tunl0` (or lo) used to give a node two devices of one name (`ip link`: "2: tunl0"
// and "3: tunl0@NONE"). The uplink and its altname may not take a name the node already has, nor
// one Linux refuses.
describe('cluster validation: the uplink name', () => {
  const taken: [string, RegExp][] = [
    ['lo', /loopback device, which the node already has/],
    ['tunl0', /ipip module's tunnel device/],
    ['kube-ipvs0', /IPVS dummy device/],
    ['cali12242800409', /Felix's prefix/],
    ['cali0', /Felix's prefix/],
  ];
  for (const [name, msg] of taken) {
    it(`iface ${name}`, () => rejectsSeed((s) => (s.nodes[1].iface = name), 'nodes[1].iface', name, msg));
    it(`altname ${name}`, () => rejectsSeed((s) => (s.nodes[0].altname = name), 'nodes[0].altname', name, msg));
  }
  it('altname equal to the uplink name', () => rejectsSeed((s) => (s.nodes[0].altname = 'ens160'), 'nodes[0].altname', 'ens160', /already the uplink's name/));

  // dev_valid_name: 1..IFNAMSIZ-1 bytes, not "." or "..", no '/', ':' or whitespace.
  for (const name of ['', 'a-sixteen-chars0', 'ens/160', 'ens 160', 'ens\t160', 'ens:1', '.', '..']) {
    it(`invalid ${JSON.stringify(name)}`, () => rejectsSeed((s) => (s.nodes[0].iface = name), 'nodes[0].iface', name));
  }
});
