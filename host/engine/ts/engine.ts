// The TypeScript reference engine: the twin's factories called once over one memory (heap.ts
// says why), in the order the core's files import each other, and nodeStep (node.ts) on it.
import { BURST, type Engine, type EngineOptions } from '../engine.ts';
import { Heap, heapFns, type CaptureFn, type HeapViews } from './heap.ts';
import { endianFns } from './wire/endian.ts';
import { checksumFns } from './wire/checksum.ts';
import { ethernetFns } from './wire/ethernet.ts';
import { ipv4Fns } from './wire/ipv4.ts';
import { icmpFns } from './wire/icmp.ts';
import { arpFns } from './wire/arp.ts';
import { ringFns } from './ring.ts';
import { contextFns } from './context.ts';
import { countersFns } from './counters.ts';
import { txFns } from './tx.ts';
import { ipipFns } from './tunnel/ipip.ts';
import { noTunnelFns } from './tunnel/noTunnel.ts';
import { pmtuFns } from './tunnel/pmtu.ts';
import { nexthopFns } from './nexthop.ts';
import { neighFns } from './arp/neigh.ts';
import { neighTimerFns } from './arp/neighTimer.ts';
import { fragmentFns } from './fragment.ts';
import { outputFns } from './output.ts';
import { icmpErrorFns } from './icmpError.ts';
import { localFns } from './local.ts';
import { ipOptionsFns } from './ipOptions.ts';
import { ipOptionsEchoFns } from './ipOptionsEcho.ts';
import { conntrackFns } from './conntrack.ts';
import { ipvsFns } from './ipvs.ts';
import { redirectFns } from './redirect.ts';
import { reasmFns } from './reasm.ts';
import { forwardFns } from './forward.ts';
import { flowOutputFns } from './flowOutput.ts';
import { proxyArpFns } from './arp/proxyArp.ts';
import { nodeFns } from './node.ts';

/** Every function of the twin over one memory. */
export function twinOver(h: Heap) {
  const heap = heapFns(h);
  const endian = endianFns(h);
  const checksum = checksumFns(h);
  const ethernet = ethernetFns(h, { endian });
  const ipv4 = ipv4Fns(h, { endian, checksum });
  const icmp = icmpFns(h, { endian, checksum });
  const arp = arpFns(h, { endian });
  const ring = ringFns(h);
  const context = contextFns(h);
  const counters = countersFns(h, { context });
  const tx = txFns(h, { heap, ring, counters, context });
  const neigh = neighFns(h, { heap, arp, ethernet, endian, ipv4, counters, context, tx });
  const ipip = ipipFns(h, { ipv4, endian, checksum, ethernet, counters, tx, context, neigh });
  const nexthop = nexthopFns(h, { context, counters, tx, ethernet, ipip, neigh, ipv4 });
  const fragment = fragmentFns(h, { heap, ipv4, counters, context, nexthop });
  const output = outputFns(h, { context, counters, ipv4, fragment, nexthop });
  const ipOptionsEcho = ipOptionsEchoFns(h, { ipv4, endian, context });
  const icmpError = icmpErrorFns(h, { heap, ipv4, icmp, counters, context, output, ipOptionsEcho });
  const pmtu = pmtuFns(h, { ipv4, icmp, endian, context });
  const ipOptions = ipOptionsFns(h, { ipv4, endian, counters, context, icmpError, ipOptionsEcho });
  const noTunnel = noTunnelFns(h, { ipv4, counters, context, icmpError });
  const local = localFns(h, { ipv4, icmp, endian, checksum, counters, context, output, icmpError, ipOptionsEcho, pmtu, noTunnel });
  const conntrack = conntrackFns(h);
  const ipvs = ipvsFns(h, { ipv4, endian, checksum, icmp, counters, context, icmpError, conntrack, ipOptions });
  const redirect = redirectFns(h, { ipv4, counters, neigh, icmpError });
  const reasm = reasmFns(h, { heap, ipv4, counters, context, neigh, icmpError });
  const flowOutput = flowOutputFns(h, { context, counters, tx, ethernet, endian, ipip });
  const forward = forwardFns(h, { ipv4, counters, context, fragment, nexthop, icmpError, local, ipip, noTunnel, pmtu, ipOptions, ipvs, redirect, reasm, flowOutput });
  const neighTimer = neighTimerFns(h, { neigh, counters, icmpError, ipOptions });
  const proxyArp = proxyArpFns(h, { arp, ethernet, endian, ipv4, counters, context, tx, neigh });
  const node = nodeFns(h, { ring, counters, tx, context, ethernet, endian, proxyArp, forward, neighTimer, neigh, reasm });
  return {
    heap, endian, checksum, ethernet, ipv4, icmp, arp, ring, context, counters, tx, neigh, ipip, nexthop, fragment,
    output, ipOptionsEcho, icmpError, local, ipOptions, conntrack, ipvs, redirect, reasm, forward, neighTimer, proxyArp, node,
  };
}
export type Twin = ReturnType<typeof twinOver>;

// One twin per memory view object: a second engine over the same views (a simulation and a
// capture, the API) reuses the first one's functions instead of creating a second closure of
// each, which would cost every closure its specialisation (a second twin in one process runs
// several times slower). Engines over one memory take turns: each step binds its node and its
// capture hook first.
const twins = new WeakMap<HeapViews, Twin>();

/** The one twin over `heap` (made on first use): engines that run the twin's functions on the
 *  same memory view (the TS engine, the null engine's rings and transmit) share it. */
export function twinFor(heap: HeapViews): Twin {
  let twin = twins.get(heap);
  if (twin === undefined) {
    twin = twinOver(new Heap(heap));
    twins.set(heap, twin);
  }
  return twin;
}

export class TsEngine implements Engine {
  readonly name = 'ts' as const;
  readonly nodeCount: number;
  private readonly ctxs: Uint32Array;
  private readonly capture: CaptureFn | null;
  private readonly twin: Twin;

  /** `ctxs[i]`: the context address of node i in `heap`. */
  constructor(heap: HeapViews, ctxs: ArrayLike<number>, opts: EngineOptions = {}) {
    this.ctxs = Uint32Array.from(ctxs);
    this.nodeCount = this.ctxs.length;
    const hook = opts.capture;
    const u8 = heap.u8;
    this.capture = hook ? (node, iface, dir, ptr, len) => hook(node, iface, dir === 0 ? 'rx' : 'tx', u8.subarray(ptr, ptr + len)) : null;
    this.twin = twinFor(heap);
  }

  step(node: number, budget = BURST): number {
    const ctx = this.ctxs[node];
    const { context, counters } = this.twin;
    counters.bindCapture(this.capture);
    context.bindNode(ctx);
    counters.bindCounters(ctx);
    return this.twin.node.nodeStep(ctx, budget);
  }
}
