// The yardstick for the TS engine (issue 17): the seed's cross-host journey written as tuned
// plain JavaScript, the way a performance engineer would write it with no twin to mirror.
// It steps a node of the same dataplane memory image as the engines (same slot layout, same
// node records, next hops, LPM, counters) with the same checks, writes and counters as the
// core on that journey: ring drain, frame checks (iface up, MTU, Ethernet, MAC), IPv4 checks
// and martians, route lookup, the forwarding checks, TTL and MTU, ip_decrease_ttl, IPIP encap
// (ECN, DF, TTL copied, IP ID), decap (tunl0 up, fragments, inner length, ECN), Ethernet
// rewrite, the push into the output ring, the flush. journey.bench.ts asserts its output
// bytes, counters and drop reasons equal the core's.
//
// It is not a third engine: frames that leave the journey (ARP, delivery to the host, ICMP
// errors, fragmentation) are only counted as the core counts their drop; nothing is built.
//
// What makes it fast: the typed-array views are constants of one closure per memory; the
// node's table addresses are read once per step; header fields are DataView loads (one
// unaligned load + byte swap each); the IPv4 header sum is five native words; frames move
// into output slots as 32-bit words; every sentinel is a small integer.

import * as L from '../../host/layout.ts';
import { LPM_ROOT_OFF } from '../../host/engine/ts/route/lpmLayout.ts';

export interface TunedJourney {
  step(ctx: number, budget: number): number;
}

const NONE = -1; // next hop "none" and LPM miss, as a small integer

export function tunedJourney(buffer: ArrayBufferLike): TunedJourney {
  const u8 = new Uint8Array(buffer);
  const u16 = new Uint16Array(buffer);
  const u32 = new Uint32Array(buffer);
  const i32 = new Int32Array(buffer);
  const f64 = new Float64Array(buffer);
  const dv = new DataView(buffer);

  // the stepping node, read from its context once per step
  let ctx = 0;
  let ifTable = 0;
  let nhTable = 0;
  let nhCount = 0;
  let lpmW = 0;
  let nc = 0; // f64 index of the node counters
  let ic = 0; // f64 index of the interface counters

  function dropRx(iface: number, reason: number): void {
    f64[nc + L.NC_DROP_BASE + reason]++;
    f64[ic + iface * L.IC_COUNT + L.IC_RX_DROPS]++;
  }
  function dropTx(iface: number, reason: number): void {
    f64[nc + L.NC_DROP_BASE + reason]++;
    f64[ic + iface * L.IC_COUNT + L.IC_TX_DROPS]++;
  }
  function counted(iface: number, first: number, len: number): void {
    const c = ic + iface * L.IC_COUNT + first;
    f64[c]++;
    f64[c + 1] += len;
  }

  function lookup(addr: number): number {
    let e = u32[lpmW + (LPM_ROOT_OFF >>> 2) + (addr >>> 16)];
    if ((e & 1) === 0) {
      e = u32[lpmW + (e >>> 2) + ((addr >>> 8) & 0xff)];
      if ((e & 1) === 0) {
        e = u32[lpmW + (e >>> 2) + ((addr >>> 4) & 0xf)];
        if ((e & 1) === 0) e = u32[lpmW + (e >>> 2) + (addr & 0xf)];
      }
    }
    const v = e >>> 7;
    return v < nhCount ? v : NONE;
  }

  function ipv4CheckFails(p: number, len: number): number {
    if (len < 20) return L.DROP_IP_TRUNCATED;
    const vi = u8[p];
    if (vi >>> 4 !== 4) return L.DROP_IP_BAD_VERSION;
    const hl = (vi & 15) << 2;
    if (hl < 20) return L.DROP_IP_BAD_IHL;
    if (hl > len) return L.DROP_IP_TRUNCATED;
    let s = 0;
    for (let i = 0; i < hl; i += 4) {
      const w = dv.getUint32(p + i, true);
      s += (w & 0xffff) + (w >>> 16);
    }
    s = (s & 0xffff) + (s >>> 16);
    s = (s & 0xffff) + (s >>> 16);
    if (s !== 0xffff) return L.DROP_IP_BAD_CHECKSUM;
    const tl = dv.getUint16(p + 2);
    if (tl > len || tl < hl) return L.DROP_IP_BAD_TOTAL_LEN;
    return -1;
  }

  function copyFrame(dst: number, src: number, len: number): void {
    let i = 0;
    if (((dst ^ src) & 3) === 0) {
      while (((dst + i) & 3) !== 0 && i < len) { u8[dst + i] = u8[src + i]; i++; }
      const d = (dst + i) >>> 2;
      const s = (src + i) >>> 2;
      const words = (len - i) >>> 2;
      for (let k = 0; k < words; k++) u32[d + k] = u32[s + k];
      i += words << 2;
    }
    for (; i < len; i++) u8[dst + i] = u8[src + i];
  }

  function push(oif: number, ring: number, frame: number, len: number, meta: number): boolean {
    if (len > L.SLOT_MAX_FRAME) {
      dropTx(oif, L.DROP_TOO_BIG_FOR_SLOT);
      return false;
    }
    const r = ring >>> 2;
    if (u32[r + (L.RING_TOUCHED >>> 2)] === 0) {
      let n = u32[(ctx + L.NODE_FLUSH_COUNT) >>> 2];
      if (n === L.FLUSH_MAX) { flush(); n = 0; }
      u32[(u32[(ctx + L.NODE_FLUSH_LIST) >>> 2] >>> 2) + n] = ring;
      u32[(ctx + L.NODE_FLUSH_COUNT) >>> 2] = n + 1;
      u32[r + (L.RING_TOUCHED >>> 2)] = 1;
      u32[r + (L.RING_TAIL_CACHE >>> 2)] = Atomics.load(i32, r + (L.RING_TAIL >>> 2));
    }
    const shadow = u32[r + (L.RING_HEAD_SHADOW >>> 2)];
    if (((shadow - u32[r + (L.RING_TAIL_CACHE >>> 2)]) >>> 0) >= u32[r + (L.RING_SLOT_COUNT >>> 2)]) {
      dropTx(oif, L.DROP_RING_FULL);
      return false;
    }
    const slot = u32[r + (L.RING_SLOTS >>> 2)] + ((shadow & u32[r + (L.RING_MASK >>> 2)]) >>> 0) * L.SLOT_SIZE;
    copyFrame(slot + L.SLOT_HEADROOM, frame, len);
    const s = slot >>> 2;
    u32[s + (L.SLOT_LEN >>> 2)] = len;
    u32[s + (L.SLOT_OFF >>> 2)] = L.SLOT_HEADROOM;
    u32[s + (L.SLOT_META >>> 2)] = meta;
    u32[r + (L.RING_HEAD_SHADOW >>> 2)] = shadow + 1;
    return true;
  }

  function flush(): void {
    const n = u32[(ctx + L.NODE_FLUSH_COUNT) >>> 2];
    const list = u32[(ctx + L.NODE_FLUSH_LIST) >>> 2] >>> 2;
    for (let i = 0; i < n; i++) {
      const r = u32[list + i] >>> 2;
      Atomics.store(i32, r + (L.RING_HEAD >>> 2), u32[r + (L.RING_HEAD_SHADOW >>> 2)] | 0);
      u32[r + (L.RING_TOUCHED >>> 2)] = 0;
    }
    u32[(ctx + L.NODE_FLUSH_COUNT) >>> 2] = 0;
  }

  function macCopy(dst: number, src: number): void {
    dv.setUint32(dst, dv.getUint32(src, true), true);
    dv.setUint16(dst + 4, dv.getUint16(src + 4, true), true);
  }

  function captureCheck(iface: number, flag: number): void {
    if ((u32[(ifTable + iface * L.IF_SIZE + L.IF_FLAGS) >>> 2] & flag) !== 0) {
      throw new Error('the yardstick does not capture: clear the capture flags');
    }
  }

  function sendOnWire(frame: number, len: number, dstNode: number, meta: number): void {
    counted(L.IF_UPLINK, L.IC_TX_PACKETS, len);
    captureCheck(L.IF_UPLINK, L.IFF_CAPTURE_TX);
    if (dstNode === L.NODE_EXTERNAL || dstNode >= u32[(L.LAYOUT_BASE + L.GH_NODE_COUNT) >>> 2]) {
      f64[nc + L.NC_DELIVERED_EXTERNAL]++;
      return;
    }
    const idx = dstNode * u32[(L.LAYOUT_BASE + L.GH_INBOXES_PER_NODE) >>> 2] + u32[(ctx + L.NODE_WORKER) >>> 2];
    const ring = u32[(u32[(L.LAYOUT_BASE + L.GH_INBOX_TABLE) >>> 2] >>> 2) + idx];
    if (push(L.IF_UPLINK, ring, frame, len, meta)) f64[nc + L.NC_TX_WIRE]++;
  }

  function encap(ip: number, len: number, n: number, meta: number): void {
    counted(L.IF_TUNL0, L.IC_TX_PACKETS, len);
    captureCheck(L.IF_TUNL0, L.IFF_CAPTURE_TX);
    const outer = ip - 20;
    const ecnIn = u8[ip + 1] & 3;
    const tos = ecnIn === 3 ? 2 : ecnIn;
    const tl = len + 20;
    const idw = (ctx + L.NODE_IP_ID_SEQ) >>> 2;
    const id = u32[idw] & 0xffff;
    u32[idw] = u32[idw] + 1;
    const df = dv.getUint16(ip + 6) & 0x4000;
    const ttl = u8[ip + 8];
    const src = u32[(ctx + L.NODE_IP) >>> 2];
    const dst = u32[(n + L.NH_GW) >>> 2];
    let s = 0x4500 + tos + tl + id + df + (ttl << 8) + 4 + (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff);
    s = (s & 0xffff) + (s >>> 16);
    s = (s & 0xffff) + (s >>> 16);
    dv.setUint32(outer, 0x45000000 | (tos << 16) | tl);
    dv.setUint32(outer + 4, (id << 16) | df);
    dv.setUint32(outer + 8, (ttl << 24) | (4 << 16) | (~s & 0xffff));
    dv.setUint32(outer + 12, src);
    dv.setUint32(outer + 16, dst);
    f64[nc + L.NC_ENCAP]++;
    const tnh = u32[(n + L.NH_TUNNEL_NH) >>> 2];
    if (tnh === L.NH_NONE) {
      dropTx(L.IF_TUNL0, L.DROP_NO_ROUTE);
      return;
    }
    const t = nhTable + tnh * L.NH_SIZE;
    const kind = u8[t + L.NH_KIND];
    if (kind === L.NHK_NEIGH) {
      const frame = outer - 14;
      macCopy(frame, t + L.NH_DST_MAC);
      macCopy(frame + 6, ifTable + L.IF_UPLINK * L.IF_SIZE + L.IF_MAC);
      dv.setUint16(frame + 12, 0x0800);
      sendOnWire(frame, len + 34, u32[(t + L.NH_DST_NODE) >>> 2], meta);
    } else if (kind === L.NHK_CONNECTED) {
      dropTx(L.IF_UPLINK, L.DROP_NEIGH_MISS);
    } else {
      dropTx(L.IF_TUNL0, L.DROP_NO_ROUTE);
    }
  }

  /** ipipDecap: the inner length, or 0 when dropped. */
  function decap(inIf: number, ip: number, tl: number): number {
    if ((u32[(ifTable + L.IF_TUNL0 * L.IF_SIZE + L.IF_FLAGS) >>> 2] & L.IFF_UP) === 0) {
      dropRx(inIf, L.DROP_IPIP_NO_TUNNEL);
      return 0;
    }
    if ((dv.getUint16(ip + 6) & 0x3fff) !== 0) {
      dropRx(inIf, L.DROP_REASSEMBLY);
      return 0;
    }
    const hl = (u8[ip] & 15) << 2;
    const innerLen = tl - hl;
    if (innerLen < 20) {
      dropRx(inIf, L.DROP_IPIP_INNER_MALFORMED);
      return 0;
    }
    const inner = ip + hl;
    if ((u8[ip + 1] & 3) === 3) {
      const innerTos = u8[inner + 1];
      const innerEcn = innerTos & 3;
      if (innerEcn === 0) {
        dropRx(inIf, L.DROP_IPIP_ECN);
        return 0;
      }
      if (innerEcn !== 3) {
        const add = 0xfffb + ((innerTos + 1) & 3);
        const res = (dv.getUint16(inner + 10) + add) & 0xffff;
        dv.setUint16(inner + 10, res < add ? (res + 1) & 0xffff : res);
        u8[inner + 1] = innerTos | 3;
      }
    }
    f64[nc + L.NC_DECAP]++;
    return innerLen;
  }

  function transmit(ip: number, len: number, n: number, meta: number): void {
    const kind = u8[n + L.NH_KIND];
    if (kind === L.NHK_CALI) {
      const oif = u16[(n + L.NH_OIF) >>> 1];
      const frame = ip - 14;
      const ifp = ifTable + oif * L.IF_SIZE;
      macCopy(frame, n + L.NH_DST_MAC);
      macCopy(frame + 6, ifp + L.IF_MAC);
      dv.setUint16(frame + 12, 0x0800);
      counted(oif, L.IC_TX_PACKETS, len + 14);
      captureCheck(oif, L.IFF_CAPTURE_TX);
      if (push(oif, u32[(ifp + L.IF_TX_RING) >>> 2], frame, len + 14, meta)) f64[nc + L.NC_DELIVERED_POD]++;
    } else if (kind === L.NHK_NEIGH) {
      const frame = ip - 14;
      macCopy(frame, n + L.NH_DST_MAC);
      macCopy(frame + 6, ifTable + L.IF_UPLINK * L.IF_SIZE + L.IF_MAC);
      dv.setUint16(frame + 12, 0x0800);
      sendOnWire(frame, len + 14, u32[(n + L.NH_DST_NODE) >>> 2], meta);
    } else if (kind === L.NHK_ONLINK_TUNL0) {
      encap(ip, len, n, meta);
    } else {
      offJourney();
    }
  }

  function offJourney(): void {
    throw new Error('the yardstick covers the cross-host journey only');
  }

  function ipv4Input(inIf: number, ip: number, len: number, l2bcast: boolean, meta: number): void {
    let iface = inIf;
    let p = ip;
    let avail = len;
    let bcast = l2bcast;
    for (;;) {
      const bad = ipv4CheckFails(p, avail);
      if (bad >= 0) {
        dropRx(iface, bad);
        return;
      }
      const tl = dv.getUint16(p + 2);
      const src = dv.getUint32(p + 12);
      const dst = dv.getUint32(p + 16);
      const ifp = ifTable + iface * L.IF_SIZE;
      const localnet = u32[(ifp + L.IF_KIND) >>> 2] === L.IFK_CALI;
      if (src >>> 28 >= 14 || (!localnet && src >>> 24 === 127)) {
        dropRx(iface, L.DROP_IP_MARTIAN_SRC);
        return;
      }
      if (dst === 0xffffffff) {
        f64[nc + L.NC_DELIVERED_HOST]++;
        return;
      }
      if (src >>> 24 === 0) {
        dropRx(iface, L.DROP_IP_MARTIAN_SRC);
        return;
      }
      if (dst >>> 24 === 0 || dst >>> 28 >= 14 || (!localnet && dst >>> 24 === 127)) {
        dropRx(iface, L.DROP_IP_MARTIAN_DST);
        return;
      }
      const nh = lookup(dst);
      if (nh === NONE) {
        dropRx(iface, L.DROP_NO_ROUTE); // the core also answers with an ICMP error
        return;
      }
      const n = nhTable + nh * L.NH_SIZE;
      const kind = u8[n + L.NH_KIND];
      if (kind === L.NHK_LOCAL) {
        if (u8[p + 9] !== 4) offJourney();
        const innerLen = decap(iface, p, tl);
        if (innerLen === 0) return;
        p += (u8[p] & 15) << 2;
        avail = innerLen;
        iface = L.IF_TUNL0;
        bcast = false;
        counted(L.IF_TUNL0, L.IC_RX_PACKETS, innerLen);
        captureCheck(L.IF_TUNL0, L.IFF_CAPTURE_RX);
        continue;
      }
      if (kind === L.NHK_BLACKHOLE) {
        dropRx(iface, L.DROP_BLACKHOLE);
        return;
      }
      if (kind === L.NHK_UNREACHABLE) {
        dropRx(iface, L.DROP_UNREACHABLE);
        return;
      }
      if (kind === L.NHK_PROHIBIT) {
        dropRx(iface, L.DROP_PROHIBIT);
        return;
      }
      if ((u32[(ifp + L.IF_FLAGS) >>> 2] & L.IFF_FORWARDING) === 0) {
        dropRx(iface, L.DROP_NOT_FORWARDING);
        return;
      }
      if (bcast) {
        dropRx(iface, L.DROP_L2_BROADCAST);
        return;
      }
      if (u8[p + 8] <= 1) {
        dropRx(iface, L.DROP_TTL_EXCEEDED);
        return;
      }
      const oif = u16[(n + L.NH_OIF) >>> 1];
      const mtu = u32[(ifTable + oif * L.IF_SIZE + L.IF_MTU) >>> 2];
      const df = dv.getUint16(p + 6) & 0x4000;
      if (tl > mtu && df !== 0) {
        dropRx(iface, L.DROP_FRAG_NEEDED);
        return;
      }
      // ip_decrease_ttl
      let c = dv.getUint16(p + 10) + 0x0100;
      c += c >= 0xffff ? 1 : 0;
      dv.setUint16(p + 10, c & 0xffff);
      u8[p + 8]--;
      f64[nc + L.NC_FORWARDED]++;
      // ip_output: every journey next hop is unicast
      if (kind !== L.NHK_CALI && kind !== L.NHK_NEIGH && kind !== L.NHK_ONLINK_TUNL0 && kind !== L.NHK_CONNECTED) offJourney();
      if (tl > mtu) {
        if (df !== 0) dropTx(oif, L.DROP_FRAG_NEEDED);
        else offJourney();
        return;
      }
      transmit(p, tl, n, meta);
      return;
    }
  }

  function frameInput(inIf: number, frame: number, len: number, meta: number): void {
    counted(inIf, L.IC_RX_PACKETS, len);
    captureCheck(inIf, L.IFF_CAPTURE_RX);
    const ifp = ifTable + inIf * L.IF_SIZE;
    if ((u32[(ifp + L.IF_FLAGS) >>> 2] & L.IFF_UP) === 0) {
      dropRx(inIf, L.DROP_IFACE_DOWN);
      return;
    }
    if (len > u32[(ifp + L.IF_MTU) >>> 2] + 18) {
      dropRx(inIf, L.DROP_RX_OVER_MTU);
      return;
    }
    if (len < 14) {
      dropRx(inIf, L.DROP_ETH_TRUNCATED);
      return;
    }
    const d0 = dv.getUint32(frame, true);
    const d1 = dv.getUint16(frame + 4, true);
    const bcast = d0 === -1 >>> 0 && d1 === 0xffff;
    if (!bcast && (d0 !== dv.getUint32(ifp + L.IF_MAC, true) || d1 !== dv.getUint16(ifp + L.IF_MAC + 4, true))) {
      dropRx(inIf, L.DROP_ETH_NOT_FOR_US);
      return;
    }
    const type = dv.getUint16(frame + 12);
    if (type === 0x0800) ipv4Input(inIf, frame + 14, len - 14, bcast, meta);
    else if (type === 0x0806) offJourney();
    else dropRx(inIf, L.DROP_ETH_UNKNOWN_TYPE);
  }

  function drain(inIf: number, ring: number, budget: number): number {
    const r = ring >>> 2;
    const tail = u32[r + (L.RING_TAIL >>> 2)];
    let n = (Atomics.load(i32, r + (L.RING_HEAD >>> 2)) - tail) >>> 0;
    if (n > budget) n = budget;
    if (n === 0) return 0;
    const slots = u32[r + (L.RING_SLOTS >>> 2)];
    const mask = u32[r + (L.RING_MASK >>> 2)];
    for (let i = 0; i < n; i++) {
      const slot = slots + (((tail + i) & mask) >>> 0) * L.SLOT_SIZE;
      const s = slot >>> 2;
      const off = u32[s + (L.SLOT_OFF >>> 2)];
      const len = u32[s + (L.SLOT_LEN >>> 2)];
      f64[nc + L.NC_RX]++;
      if (off < L.SLOT_HEADROOM - 28 || off > L.SLOT_SIZE || len > L.SLOT_SIZE - off) {
        dropRx(inIf, L.DROP_BAD_DESCRIPTOR);
        continue;
      }
      frameInput(inIf, slot + off, len, u32[s + (L.SLOT_META >>> 2)]);
    }
    Atomics.store(i32, r + (L.RING_TAIL >>> 2), (tail + n) | 0);
    return n;
  }

  return {
    step(nodeCtx: number, budget: number): number {
      ctx = nodeCtx;
      const w = ctx >>> 2;
      ifTable = u32[w + (L.NODE_IF_TABLE >>> 2)];
      nhTable = u32[w + (L.NODE_NH_TABLE >>> 2)];
      nhCount = u32[w + (L.NODE_NH_COUNT >>> 2)];
      lpmW = u32[w + (L.NODE_LPM_BASE >>> 2)] >>> 2;
      nc = u32[w + (L.NODE_COUNTERS >>> 2)] >>> 3;
      ic = u32[w + (L.NODE_IF_COUNTERS >>> 2)] >>> 3;
      let done = 0;
      const inboxes = u32[w + (L.NODE_INBOX_TABLE >>> 2)] >>> 2;
      const nIn = u32[w + (L.NODE_INBOX_COUNT >>> 2)];
      for (let i = 0; i < nIn; i++) done += drain(L.IF_UPLINK, u32[inboxes + i], budget);
      const nIf = u32[w + (L.NODE_IF_COUNT >>> 2)];
      for (let k = L.IF_FIRST_CALI; k < nIf; k++) done += drain(k, u32[(ifTable + k * L.IF_SIZE + L.IF_RX_RING) >>> 2], budget);
      flush();
      return done;
    },
  };
}
