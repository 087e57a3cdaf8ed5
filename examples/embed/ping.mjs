// The seed's ping (busybox-77649b9c55-r6bx9 on k8s-master-1 → 172.16.109.65 on k8s-node-1)
// in a tiny discrete-event simulator of our own: a clock, a priority queue of events, links
// with latency and serialisation, two pods written here (ARP + ICMP echo, a few lines each)
// and the two nodes' forwarding done by the embedded core, through the public API only.
//
//   node examples/embed/ping.mjs [--engine wasm|ts]
import { loadCore } from 'calico-ipip-sim/core';
import { EventQueue, Link } from './sim.mjs';
import { Pod } from './pod.mjs';
import { describe, icmpOf, macText } from './frames.mjs';

const engine = process.argv.includes('--engine') ? process.argv[process.argv.indexOf('--engine') + 1] : 'wasm';
const core = await loadCore({ engine });

// ── the seed's two nodes, as plain objects (route -n, ip addr and the pods' MACs of the seed) ──
const master = core.createNode({
  name: 'k8s-master-1',
  uplink: { name: 'ens160', ip: '192.168.0.11', prefixLen: 24, mac: '00:0c:29:b1:02:f0', gateway: '192.168.0.2' },
  tunl0: { ip: '172.16.196.0' },
  pods: [{ name: 'busybox-77649b9c55-r6bx9', ip: '172.16.196.1', mac: '86:9c:03:9e:db:9f', hostVeth: 'cali12242800409' }],
  routes: [
    { dst: '172.16.109.64/26', via: '192.168.0.12', dev: 'tunl0', onlink: true },
    { dst: '172.16.196.0/26', type: 'blackhole' },
  ],
  neighbours: [{ ip: '192.168.0.12', mac: '00:0c:29:90:fa:e2', node: 'k8s-node-1' }],
});
const worker = core.createNode({
  name: 'k8s-node-1',
  uplink: { name: 'ens160', ip: '192.168.0.12', prefixLen: 24, mac: '00:0c:29:90:fa:e2', gateway: '192.168.0.2' },
  tunl0: { ip: '172.16.109.64' },
  pods: [{ name: 'busybox-77649b9c55-7d27b', ip: '172.16.109.65', mac: 'ea:12:d7:1c:44:02', hostVeth: 'cali1b0be572c83' }],
  routes: [
    { dst: '172.16.196.0/26', via: '192.168.0.11', dev: 'tunl0', onlink: true },
    { dst: '172.16.109.64/26', type: 'blackhole' },
  ],
  neighbours: [{ ip: '192.168.0.11', mac: '00:0c:29:b1:02:f0', node: 'k8s-master-1' }],
});

const q = new EventQueue();
const requestTtls = []; // [where, ttl] of the echo request, hop by hop
function hop(who, iface, dir, frame) {
  const raw = iface === 'tunl0';
  console.log(`${q.timeText()}  ${who.padEnd(25)} ${`${iface} ${dir}`.padEnd(18)} ${describe(frame, raw)}`);
  const icmp = icmpOf(frame, raw);
  const where = `${who} ${iface}`;
  if (icmp?.type === 8 && requestTtls.at(-1)?.[1] !== icmp.ttl) requestTtls.push([where, icmp.ttl]);
}

// ── every interface of both nodes prints what crosses it (the core calls back during a step) ──
for (const node of [master, worker]) {
  for (const iface of node.interfaces) core.onCapture(node, iface, (frame, dir) => hop(node.name, iface, dir, frame));
}

// ── links: ens160 ↔ ens160 at 1 Gb/s and 50 µs; each veth 10 Gb/s and 1 µs, one Link per direction ──
const byMac = new Map([[master, '00:0c:29:b1:02:f0'], [worker, '00:0c:29:90:fa:e2']].map(([n, m]) => [m, n]));
const wire = new Map([master, worker].map((n) => [n, new Link(q, 50_000, 1e9)]));

/** A frame reaches `node` on `iface`: the core forwards it, then we carry what came out. */
function nodeInput(node, iface, frame) {
  core.push(node, iface, frame);
  while (core.step(node) > 0);
  for (const pod of pods) {
    if (pod.node !== node) continue;
    for (const f of core.pull(node, pod.hostVeth)) pod.down.send(f, (g) => pod.receive(g));
  }
  for (const f of core.pull(node, 'ens160')) {
    const dst = byMac.get(macText(f, 0));
    if (dst === undefined) console.log(`${q.timeText()}  ${node.name} sent ${macText(f, 0)} a frame nobody here owns: ${describe(f)}`);
    else wire.get(node).send(f, (g) => nodeInput(dst, 'ens160', g));
  }
}

// ── one pod per node, its eth0 joined to the node's host veth by a pair of links ──
const pods = [master, worker].map((node) => {
  const p = node.pods[0];
  const pod = new Pod({ name: p.name, ip: p.ip, mac: p.mac, now: () => q.now, log: (f) => hop(p.name, 'eth0', 'rx', f) });
  Object.assign(pod, { node, hostVeth: p.hostVeth, up: new Link(q, 1_000, 1e10), down: new Link(q, 1_000, 1e10) });
  pod.transmit = (f) => {
    hop(p.name, 'eth0', 'tx', f);
    pod.up.send(f, (g) => nodeInput(node, p.hostVeth, g));
  };
  return pod;
});

// busybox: `ping -c 1 172.16.109.65`, with the seed's IP ID 63022 and ICMP id 29
const busybox = pods[0];
q.at(0, () => busybox.ping('172.16.109.65', { id: 29, seq: 0, ipId: 63022, ttl: 64 }));
q.run();

const reply = busybox.replies[0];
if (reply === undefined) {
  console.log('\nno reply');
  process.exitCode = 1;
} else {
  console.log(`\n64 bytes from ${reply.from}: seq=${reply.seq} ttl=${reply.ttl} time=${(reply.rttNs / 1e6).toFixed(3)} ms`);
}
console.log(`echo request TTL: ${requestTtls.map(([where, ttl]) => `${ttl} (${where})`).join(' → ')}`);
for (const node of [master, worker]) {
  const c = core.counters(node);
  console.log(`${node.name}: rx ${c.rx}, encap ${c.encap}, decap ${c.decap}, to pods ${c.deliveredPod}, to the wire ${c.txWire}, ARP replies ${c.createdArp}, dropped ${c.dropped}`);
}
