// Seeded random traffic over a dataplane: pod frames (ICMP/UDP/TCP, sizes 42..1514, TTL
// 1..64, DF or not, random ECN) to pods on the same and other hosts, node and tunl0
// addresses, blackholed and unknown addresses, ARP requests, plus frames from outside on
// the external inbox (plain and IPIP, some with outer CE) and a few malformed frames.
import type { Dataplane } from '../../host/dataplane/build.ts';
import { pushFrame } from '../../host/dataplane/rings.ts';
import { ipv4Frame, arpRequest, ipipFrame, mac } from './frames.ts';
import { mulberry32 } from '../support/prng.ts';

export interface Injected {
  ring: number;
  frame: Uint8Array;
  meta: number;
}

export function randomTraffic(dp: Dataplane, seed: number, count: number): Injected[] {
  const r = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const nodes = dp.nodes;
  const pods = nodes.flatMap((n) => n.pods.map((p) => ({ node: n, pod: p })));
  const cl = dp.cluster;
  const targets = (): number => {
    const k = r();
    if (k < 0.45 && pods.length) return pick(pods).pod.ip;
    if (k < 0.55) return pick(cl.nodes).ip;
    if (k < 0.62) return pick(cl.nodes).tunl0Ip ?? pick(cl.nodes).ip;
    if (k < 0.75) { // an unused address inside some node's block: blackholed there
      const n = pick(cl.nodes);
      const b = n.blocks.length > 1 ? pick(n.blocks) : n.block; // (one block: no draw, the same sequences as before)
      return b ? (b.base + int(0, 2 ** (32 - b.len) - 1)) >>> 0 : n.ip;
    }
    if (k < 0.8) return 0xa9fe0101; // 169.254.1.1
    return (int(1, 223) * 2 ** 24 + int(0, 0xffffff)) >>> 0; // anywhere
  };
  const out: Injected[] = [];
  for (let i = 0; i < count; i++) {
    const meta = i + 1;
    const k = r();
    if (k < 0.8 && pods.length) {
      const { pod } = pick(pods);
      const src = mac(pod.mac);
      let frame: Uint8Array;
      if (r() < 0.1) {
        frame = arpRequest(src, r() < 0.9 ? pod.ip : 0, r() < 0.5 ? 0xa9fe0101 : targets());
      } else {
        const size = r() < 0.15 ? int(1400, 1514) : int(42, 600);
        frame = ipv4Frame({
          dstMac: r() < 0.97 ? mac('ee:ee:ee:ee:ee:ee') : mac('ff:ff:ff:ff:ff:ff'),
          srcMac: src, src: r() < 0.97 ? pod.ip : targets(), dst: targets(),
          proto: pick([1, 1, 6, 17]), ttl: r() < 0.1 ? int(1, 2) : int(1, 64), tos: int(0, 255) & (r() < 0.3 ? 0xff : 0xfc),
          id: int(0, 0xffff), df: r() < 0.7, frameLen: size, fill: i,
        });
        corrupt(frame, r);
      }
      out.push({ ring: pod.rxRing, frame, meta });
    } else {
      const n = pick(nodes);
      const node = cl.hostByName(n.name) ?? cl.nodes[0]; // a node, or a router (after the nodes)
      const other = pick(cl.nodes);
      const srcMac = mac(other.spec.mac);
      const dstMac = mac(node.spec.mac);
      let frame: Uint8Array;
      const kind = r();
      if (kind < 0.6) {
        const inner = ipv4Frame({
          dstMac, srcMac, src: pods.length ? pick(pods).pod.ip : other.ip, dst: targets(), proto: pick([1, 6, 17]),
          ttl: int(1, 64), tos: int(0, 3), id: int(0, 0xffff), df: r() < 0.5, frameLen: int(42, r() < 0.2 ? 1514 : 400), fill: i,
        }).subarray(14);
        frame = ipipFrame(dstMac, srcMac, other.ip, node.ip, inner, int(1, 64), int(0, 0xffff), pick([0, 0, 1, 2, 3]), r() < 0.5);
        if (frame.length > 1518) frame = frame.subarray(0, 1518);
      } else if (kind < 0.9) {
        frame = ipv4Frame({ dstMac, srcMac, src: other.ip, dst: targets(), proto: pick([1, 6, 17]), ttl: int(1, 64), id: int(0, 0xffff), df: r() < 0.5, frameLen: int(42, 1514), fill: i });
      } else {
        frame = arpRequest(srcMac, other.ip, r() < 0.5 ? node.ip : targets());
      }
      corrupt(frame, r);
      out.push({ ring: n.externalInbox, frame, meta });
    }
  }
  return out;
}

/** Now and then break a frame the way real traffic and fuzzers do. */
function corrupt(f: Uint8Array, r: () => number): void {
  const k = r();
  if (k > 0.06) return;
  if (k < 0.015) f[14] = (f[14] & 0x0f) | 0x60; // version 6
  else if (k < 0.03) f[24] ^= 0x5a; // header checksum
  else if (k < 0.04) f[14] = 0x43; // IHL 3
  else if (k < 0.05) f[16] = 0xff; // total length too big
  else f[12] = 0x86; // unknown ethertype
}

export function inject(dp: Dataplane, frames: readonly Injected[]): number {
  let n = 0;
  for (const x of frames) if (pushFrame(dp.mem, x.ring, x.frame, x.meta)) n++;
  return n;
}
