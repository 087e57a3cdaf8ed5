// A walk driven through the real dataplane: build the cluster's memory map, switch on the capture
// flags of every interface, put one ICMP echo request (as the pod's busybox ping sends it) into
// the source pod's cali rx ring, step the nodes until nothing moves, and read the captured frames
// back in order. The pod ends are the rings themselves: the frame pushed is what eth0 sent, a
// frame left in a pod's cali tx ring is what that pod's eth0 received. No forwarding logic here.

import { HOST_VETH_MAC } from '../cluster/names.ts';
import type { Cluster, Pod } from '../cluster/types.ts';
import { runUntilIdle, type CaptureHook, type Engine, type ForwardingEngineName } from '../engine/engine.ts';
import { buildDataplane } from '../dataplane/build.ts';
import { popFrames, pushFrame } from '../dataplane/rings.ts';
import { formatIp4, parseMac, type Ip4 } from '../net/addr.ts';
import { echoFrame } from '../net/frames.ts';
import { ICMP_ECHO } from '../net/icmp.ts';
import { IPV4_DF } from '../net/ipv4.ts';
import { DEFAULT_TTL, podLocal } from '../pod/stack.ts';
import { setCapture } from '../dataplane/counters.ts';
import { walkFromCaptures } from './fromCaptures.ts';
import type { CapturedFrame, Walk } from './walk.ts';
import { createEngine } from '../dataplane/engines.ts';


/** ICMP id and IP id of the probe: the seed's 20:03:02 ping (id 43, IP id 24637), 98 octets
 *  on the wire (56 data octets), DF as busybox sends it. */
const PROBE_IDENT = 43;
const PROBE_IP_ID = 24637;
const PROBE_FRAME = 98;

export function captureWalk(cluster: Cluster, from: Pod, to: Ip4, engine: ForwardingEngineName = 'wasm'): Walk {
  // the pod's own stack answers these over lo: the dataplane never sees a frame
  if (podLocal(from, to)) return { from: from.name, to: formatIp4(to), hops: [], outcome: `answered inside ${from.name} over lo: no frame leaves eth0` };
  const dp = buildDataplane(cluster, { ringSlots: 16 });
  const frames: CapturedFrame[] = [];
  for (const n of dp.nodes) for (const i of n.ifaces) setCapture(dp, n.index, i.index, { rx: true, tx: true });
  const capture: CaptureHook = (node, iface, dir, frame) => {
    const name = dp.nodes[node].ifaces[iface].name;
    frames.push({ host: dp.nodes[node].name, iface: name, direction: dir, linkType: name === 'tunl0' ? 'raw' : 'ether', frame: frame.slice() });
  };
  const eng: Engine = createEngine(engine, dp, { capture });

  const port = dp.nodes[from.nodeIndex].pods.find((p) => p.name === from.name && p.namespace === from.namespace);
  if (!port) throw new Error(`pod ${from.namespace}/${from.name} has no port in the dataplane`);
  const probe = echoFrame({
    dstMac: parseMac(HOST_VETH_MAC)!, srcMac: parseMac(from.mac)!,
    ip: { id: PROBE_IP_ID, flagsFrag: IPV4_DF, ttl: DEFAULT_TTL, src: from.ip, dst: to }, type: ICMP_ECHO, id: PROBE_IDENT, seq: 0,
  }, PROBE_FRAME);
  frames.push({ host: from.name, iface: 'eth0', direction: 'tx', linkType: 'ether', frame: probe });
  if (!pushFrame(dp.mem, port.rxRing, probe)) throw new Error('cannot push the probe into the pod ring');
  runUntilIdle(eng);
  for (const n of dp.nodes) {
    for (const p of n.pods) {
      for (const f of popFrames(dp.mem, p.txRing)) frames.push({ host: p.name, iface: 'eth0', direction: 'rx', linkType: 'ether', frame: f.frame });
    }
  }
  return walkFromCaptures(cluster, from.name, formatIp4(to), frames);
}
