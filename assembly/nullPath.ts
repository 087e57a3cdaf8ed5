// The null engine: the path a frame takes without the dataplane, for the benchmark's ceiling.
// It carries each frame along the same rings as nodeStep, in the same order, with the same ring
// endpoint (ring.ts, tx.ts pushFrame: touch, reserve, copy, commit, one publish per ring per
// step) and the same per-frame books, and only copies. It lives in the core's module so that
// wasm/null compares two loops compiled alike over one memory: the dataplane's parsing and
// decisions against moving the frame (a JS loop calling memory.copy per frame took 74 ns for
// the seed's journey where this takes 33: BENCHMARKS.md, "The null engine in the core").
//
//   pod rx ring ──► its host ──┬─ a pod on this host ──► that pod's cali tx ring
//   (cali k rx)   (one copy)   └─ on another host ──► inbox[next port][this worker]
//   inbox ──► the destination host ──► the destination pod's cali tx ring (one copy)
//
// The destination is the frame's IPv4 destination looked up in the pod directory (GH_POD_DIR:
// one hashed probe instead of the core's parse, LPM and next hop). A TCP or UDP frame for a
// virtual server of the host's own IPVS table (a ClusterIP, the host's node ports) goes to the
// real server its source port picks (sport mod the real servers, where IPVS's rr picks one per
// connection and conntrack keeps it), without NAT or conntrack. Anything else (ARP, an address
// that is no pod's, a runt) goes out the host's uplink tx ring, as the core's frames for
// addresses outside the dataplane do. No byte is rewritten: no TTL, no checksum, no outer
// header, so a wire frame is 20 bytes shorter than the core's.
//
// Hosts on several wires (a router joins them, GH_HOST_ENCAPS ≠ 0): the next port is read from
// the host's own FIB per frame (the same LPM and next hops the core reads), so a frame across
// subnets crosses the router as the core's does:
//
//   node ─ pod route ─┬─ onlink via node-c dev tunl0 ─► the tunnel next hop's port (the router's
//                     │   eth0, by the default route: CrossSubnet, Always)
//                     └─ via a gateway (native: Never) ─► that gateway's port
//   router ─ pod route (learnPodBlocks) ─► its port; none, and the pool encapsulates (the frame
//            would be IPIP: GH_HOST_ENCAPS[dst]) ─► the route of the outer destination
//
// A destination with no unicast next hop leaves by the host's tx ring of that route's interface.

import {
  LAYOUT_BASE, GH_POD_DIR, GH_POD_DIR_MASK, GH_HOST_ENCAPS, GH_NODE_TABLE,
  POD_DIR_ENTRY, NODE_INBOX_TABLE, NODE_INBOX_COUNT, NODE_IF_COUNT, NODE_LPM_BASE, NODE_NH_TABLE,
  NODE_VS_MASK, NODE_RS_TABLE, IF_FIRST_CALI, IF_RX_RING, IF_TX_RING, IF_UPLINK, IF_INBOX_TABLE, IF_IP, IF_NEIGH,
  IF_KIND, IFK_CALI, NH_SIZE, NH_KIND, NH_OIF, NH_LINK, NHK_NEIGH, NHK_NEIGH_ARP, NHK_ONLINK_TUNL0, NODE_EXTERNAL, NH_NONE,
  NT_ENTRIES, NE_SIZE, NE_OWNER, VS_RS_FIRST, VS_RS_COUNT, VS_SIZE, RS_IP, RS_SIZE, NODE_VS_TABLE,
  SLOT_LEN, SLOT_OFF, SLOT_META, RING_SLOT_SIZE, RING_SLOTS, RING_MASK, NC_RX, NC_DELIVERED_POD, NC_TX_WIRE, DROP_BAD_DESCRIPTOR,
} from './layout';
import { ringReadable, ringTail, ringRelease, ringSlotIn } from './ring';
import { countNode, countNodeBy, dropRx } from './counters';
import { flushTouched, pushFrame, inboxOf } from './tx';
import { ifPtr } from './context';
import { lpmLookup } from './route/lpm';
import { vsLookup, VS_NONE } from './ipvs';
import { MIN_FRAME_OFF } from './node';
import { IPPROTO_TCP, IPPROTO_UDP } from './wire/ipv4';
import { ETH_HDR_LEN } from './wire/ethernet';

// @ts-ignore: decorator
@inline const NOT_A_POD: i32 = -1;

/** The pod directory's value for `ip` (host << 16 | cali index: a node has up to
 *  65535 interfaces, as NH_OIF holds them; a byte for the cali held 253 pods), NOT_A_POD when no pod has it. */
// @ts-ignore: decorator
@inline function podOf(ip: u32): i32 {
  const dir = <usize>load<u32>(LAYOUT_BASE, GH_POD_DIR);
  const mask = load<u32>(LAYOUT_BASE, GH_POD_DIR_MASK);
  if (dir == 0) return NOT_A_POD;
  let h = (ip * 0x9e3779b1) & mask;
  while (true) { // at most half full: an empty entry comes
    const e = dir + (<usize>h * POD_DIR_ENTRY);
    const k = load<u32>(e);
    if (k == ip) return load<i32>(e, 4);
    if (k == 0) break;
    h = (h + 1) & mask;
  }
  return NOT_A_POD;
}

/** The real server's address for (vip, port, proto) from `sport` in the host's IPVS table, 0
 *  when it is no virtual server there. */
function realServer(ctx: usize, vip: u32, port: u32, proto: u32, sport: u32): u32 {
  if (load<u32>(ctx, NODE_VS_MASK) == 0) return 0; // no Services on this host
  const k = vsLookup(ctx, vip, port, proto);
  if (k == VS_NONE) return 0;
  const v = <usize>load<u32>(ctx, NODE_VS_TABLE) + <usize>k * VS_SIZE;
  const count = <u32>load<u16>(v, VS_RS_COUNT);
  if (count == 0) return 0;
  const rs = <usize>load<u32>(ctx, NODE_RS_TABLE) + <usize>(load<u32>(v, VS_RS_FIRST) + sport % count) * RS_SIZE;
  return load<u32>(rs, RS_IP);
}

/** The port next hop `nh` of the host at `ctx` sends to (NODE_EXTERNAL outside the dataplane),
 *  or -1 when it is no unicast next hop on a wire. */
function portOf(ctx: usize, nh: u32): i64 {
  if (nh == NH_NONE) return -1;
  const table = <usize>load<u32>(ctx, NODE_NH_TABLE);
  let h = table + <usize>nh * NH_SIZE;
  let kind = load<u8>(h, NH_KIND);
  if (kind == NHK_ONLINK_TUNL0) { // the outer packet's next hop
    const t = load<u32>(h, NH_LINK);
    if (t == NH_NONE) return -1;
    h = table + <usize>t * NH_SIZE;
    kind = load<u8>(h, NH_KIND);
  }
  if (kind == NHK_NEIGH) return <i64>load<u32>(h, NH_LINK);
  if (kind == NHK_NEIGH_ARP) { // the entry's owner, as the builder resolved it
    const nt = <usize>load<u32>(ifPtr(ctx, load<u16>(h, NH_OIF)), IF_NEIGH);
    return <i64>load<u32>(<usize>load<u32>(nt, NT_ENTRIES) + <usize>load<u32>(h, NH_LINK) * NE_SIZE, NE_OWNER);
  }
  return -1;
}

/** The ring the host at `ctx` puts a frame for the pod at `ip` on host `dst` into, when hosts
 *  are on several wires. */
function nextHop(ctx: usize, dst: u32, ip: u32): usize {
  const lpm = <usize>load<u32>(ctx, NODE_LPM_BASE);
  let nh = lpmLookup(lpm, ip);
  let port = portOf(ctx, nh);
  if (port == -1 && !hasPods(ctx) && load<u8>(<usize>load<u32>(LAYOUT_BASE, GH_HOST_ENCAPS) + dst) != 0) {
    const dctx = <usize>load<u32>(<usize>load<u32>(LAYOUT_BASE, GH_NODE_TABLE) + (<usize>dst << 2));
    nh = lpmLookup(lpm, load<u32>(ifPtr(dctx, IF_UPLINK), IF_IP)); // the outer destination
    port = portOf(ctx, nh);
  }
  if (port == -1 || port == <i64>NODE_EXTERNAL) {
    const oif: u32 = nh == NH_NONE ? IF_UPLINK : <u32>load<u16>(<usize>load<u32>(ctx, NODE_NH_TABLE) + <usize>nh * NH_SIZE, NH_OIF);
    return <usize>load<u32>(ifPtr(ctx, oif), IF_TX_RING);
  }
  return inboxOf(ctx, <u32>port);
}

/** Does the host at `ctx` have a pod (a router has none)? */
function hasPods(ctx: usize): bool {
  const n = load<u32>(ctx, NODE_IF_COUNT);
  for (let k: u32 = IF_FIRST_CALI; k < n; k++) if (load<u32>(ifPtr(ctx, k), IF_KIND) == IFK_CALI) return true;
  return false;
}

/** Take up to `budget` frames from `ring` of the host `self` at `ctx` and copy each onward. */
function nullDrain(ctx: usize, self: u32, inIf: u32, ring: usize, budget: u32): u32 {
  let n = ringReadable(ring);
  if (n > budget) n = budget;
  if (n == 0) return 0;
  const tail = ringTail(ring);
  const size = load<u32>(ring, RING_SLOT_SIZE);
  const slots = <usize>load<u32>(ring, RING_SLOTS); // read once, as node.ts drainRing does
  const mask = load<u32>(ring, RING_MASK);
  const routed = load<u32>(LAYOUT_BASE, GH_HOST_ENCAPS) != 0;
  for (let i: u32 = 0; i < n; i++) {
    const slot = ringSlotIn(slots, mask, size, tail + i);
    const off = load<u32>(slot, SLOT_OFF);
    const len = load<u32>(slot, SLOT_LEN);
    if (off < MIN_FRAME_OFF || off > size || len > size - off) { // the core's descriptor check
      dropRx(ctx, inIf, DROP_BAD_DESCRIPTOR);
      continue;
    }
    const frame = slot + off;
    let v = NOT_A_POD;
    let ip: u32 = 0;
    if (len >= ETH_HDR_LEN + 20) {
      ip = bswap<u32>(load<u32>(frame, ETH_HDR_LEN + 16));
      v = podOf(ip);
      if (v == NOT_A_POD) {
        const proto = <u32>load<u8>(frame, ETH_HDR_LEN + 9);
        const l4 = frame + ETH_HDR_LEN + ((<usize>load<u8>(frame, ETH_HDR_LEN) & 15) << 2);
        if ((proto == IPPROTO_TCP || proto == IPPROTO_UDP) && l4 + 4 <= frame + len) {
          const rip = realServer(ctx, ip, <u32>bswap<u16>(load<u16>(l4, 2)), proto, <u32>bswap<u16>(load<u16>(l4)));
          if (rip != 0) {
            ip = rip;
            v = podOf(rip);
          }
        }
      }
    }
    let out: usize;
    let oif: u32 = IF_UPLINK;
    const here = v != NOT_A_POD && <u32>v >>> 16 == self;
    if (v == NOT_A_POD) out = <usize>load<u32>(ifPtr(ctx, IF_UPLINK), IF_TX_RING);
    else if (here) {
      oif = <u32>v & 0xffff;
      out = <usize>load<u32>(ifPtr(ctx, oif), IF_TX_RING);
    } else if (routed) out = nextHop(ctx, <u32>v >>> 16, ip);
    else out = inboxOf(ctx, <u32>v >>> 16);
    if (pushFrame(ctx, oif, out, frame, len, load<u32>(slot, SLOT_META))) countNode(ctx, here ? NC_DELIVERED_POD : NC_TX_WIRE);
  }
  countNodeBy(ctx, NC_RX, <f64>n);
  ringRelease(ring, tail + n);
  return n;
}

/** One step of the null engine for host `self` at `ctx`: nodeStep's rings in nodeStep's order
 *  (the inboxes, then the interfaces by index), then one publish per ring touched. */
export function nullStep(ctx: usize, self: u32, budget: u32): u32 {
  let done: u32 = 0;
  const inboxes = <usize>load<u32>(ctx, NODE_INBOX_TABLE);
  const nIn = load<u32>(ctx, NODE_INBOX_COUNT);
  for (let i: u32 = 0; i < nIn; i++) done += nullDrain(ctx, self, IF_UPLINK, <usize>load<u32>(inboxes + (<usize>i << 2)), budget);
  const nIf = load<u32>(ctx, NODE_IF_COUNT);
  for (let k: u32 = IF_FIRST_CALI; k < nIf; k++) {
    const ifp = ifPtr(ctx, k);
    const table = <usize>load<u32>(ifp, IF_INBOX_TABLE);
    if (table == 0) {
      done += nullDrain(ctx, self, k, <usize>load<u32>(ifp, IF_RX_RING), budget);
      continue;
    }
    for (let i: u32 = 0; i < nIn; i++) done += nullDrain(ctx, self, k, <usize>load<u32>(table + (<usize>i << 2)), budget);
  }
  flushTouched(ctx);
  return done;
}
