// The yardstick for the TS engine (issue 17): the seed's cross-host journey written as tuned
// plain JavaScript, the way a performance engineer would write it with no twin to mirror.
// It steps a node of the same dataplane memory image as the engines (same slot layout, same
// node records, next hops, LPM, counters) with the same checks, writes and counters as the
// core on that journey: ring drain, frame checks (iface up, MTU, Ethernet, MAC), IPv4 checks
// and martians, the route input (the flow cache, else the route lookup and rp_filter on a cali;
// elsewhere a source of our own is a martian), the forwarding checks, TTL and MTU, ip_decrease_ttl, IPIP encap
// (ECN, DF, TTL copied, IP ID), decap (tunl0 up, inner length, ECN), Ethernet
// rewrite, the push into the output ring, the flush. journey.bench.ts asserts its output
// bytes, counters and drop reasons equal the core's.
//
// It is not a third engine: frames that leave the journey (ARP, delivery to the host, ICMP
// errors, fragmentation) are only counted as the core counts their drop; nothing is built. An
// outer fragment is one too: the core queues it for reassembly (ip_defrag), the yardstick
// drops it (DROP_REASSEMBLY), and journey.bench.ts does not compare them on it.
//
// What makes it fast: the typed-array views are constants of one closure per memory; the
// node's table addresses are read once per step; header fields are DataView loads (one
// unaligned load + byte swap each); the IPv4 header sum is five native words; frames move
// into output slots as 32-bit words; every sentinel is a small integer; the layout's numbers
// are constants of the closure.

import * as L from '../../host/layout.ts';
import { LPM_H_GEN, LPM_ROOT_OFF } from '../../host/engine/ts/route/lpmLayout.ts';

export interface TunedJourney {
  step(ctx: number, budget: number): number;
}

const NONE = -1; // next hop "none" and LPM miss, as a small integer

export function tunedJourney(buffer: ArrayBufferLike): TunedJourney {
  // the layout's numbers as consts of this closure: V8 folds them (a module binding is a load
  // and a hole check at every use)
  const {
    DROP_BAD_DESCRIPTOR, DROP_BLACKHOLE, DROP_ETH_NOT_FOR_US, DROP_ETH_TRUNCATED,
    DROP_ETH_UNKNOWN_TYPE, DROP_FRAG_NEEDED, DROP_IFACE_DOWN, DROP_IPIP_ECN,
    DROP_IPIP_INNER_MALFORMED, DROP_IPIP_NO_TUNNEL, DROP_IP_BAD_CHECKSUM, DROP_IP_BAD_IHL,
    DROP_IP_BAD_TOTAL_LEN, DROP_IP_BAD_VERSION, DROP_IP_MARTIAN_DST, DROP_IP_MARTIAN_SRC,
    DROP_IP_TRUNCATED, DROP_L2_BROADCAST, DROP_NEIGH_MISS, DROP_NOT_FORWARDING, DROP_NO_ROUTE,
    DROP_PROHIBIT, DROP_REASSEMBLY, DROP_RING_FULL, DROP_RX_OVER_MTU, DROP_TOO_BIG_FOR_SLOT,
    DROP_TTL_EXCEEDED, DROP_UNREACHABLE, DROP_RP_FILTER, DROP_IP_LOCAL_SRC, FLUSH_MAX, GH_INBOXES_PER_NODE, GH_INBOX_TABLE,
    GH_NODE_COUNT, IC_COUNT, IC_RX_DROPS, IC_RX_PACKETS, IC_TX_DROPS, IC_TX_PACKETS, IFF_CAPTURE_RX,
    IFF_CAPTURE_TX, IFF_FORWARDING, IFF_HOST_WIRE, IFF_UP, IFK_CALI, IF_FIRST_CALI, IF_FLAGS, IF_KIND, IF_MAC,
    IF_MTU, IF_RX_RING, IF_SIZE, IF_TUNL0, IF_TX_RING, IF_UPLINK, LAYOUT_BASE, NC_DECAP,
    NC_DELIVERED_HOST, NC_DELIVERED_POD, NC_DROP_BASE, NC_ENCAP,
    NC_FORWARDED, NC_RX, NC_TX_WIRE, NHK_BLACKHOLE, NHK_CALI, NHK_CONNECTED, NHK_LOCAL, NHK_NEIGH, NHK_NEIGH_ARP,
    NHK_ONLINK_TUNL0, NHK_PROHIBIT, NHK_UNREACHABLE, NH_DST_MAC, NH_DST_NODE, NH_GW, NH_KIND,
    NH_NONE, NH_OIF, NH_SIZE, NH_TUNNEL_NH, NODE_COUNTERS, NODE_FLUSH_COUNT,
    NODE_FLUSH_LIST, NODE_IF_COUNT, NODE_IF_COUNTERS, NODE_IF_TABLE, NODE_INBOX_COUNT,
    NODE_INBOX_TABLE, NODE_IP, NODE_IP_ID_SEQ, NODE_LPM_BASE, NODE_NH_COUNT, NODE_NH_TABLE,
    NODE_WORKER, NODE_LPM_GEN, NODE_LOOKUP_CACHE, LOOKUP_CACHE_SHIFT, LOOKUP_CACHE_HASH, LOOKUP_CACHE_KEY0_EMPTY, NODE_FLOW_CACHE, FLOW_CACHE_SIZE, FLOW_CACHE_SHIFT, FLOW_CACHE_HASH, FLOW_SET_SHIFT, FLOW_WAY, FW_RING, FW_MTU, FW_OIF, FW_COUNTER, FW_HEADER, FW_OUTER_ADDRS, FW_OUTER_SUM, RING_HEAD, RING_HEAD_SHADOW, RING_MASK, RING_SLOTS, RING_SLOT_COUNT, RING_TAIL,
    RING_TAIL_CACHE, RING_TOUCHED, SLOT_HEADROOM, SLOT_LEN, SLOT_META, SLOT_OFF,
    RING_SLOT_SIZE,
  } = L;
  const WAY_WORDS = FLOW_WAY >>> 2;
  const ROOT_W = LPM_ROOT_OFF >>> 2;
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
    f64[nc + NC_DROP_BASE + reason]++;
    f64[ic + iface * IC_COUNT + IC_RX_DROPS]++;
  }
  function dropTx(iface: number, reason: number): void {
    f64[nc + NC_DROP_BASE + reason]++;
    f64[ic + iface * IC_COUNT + IC_TX_DROPS]++;
  }
  function counted(iface: number, first: number, len: number): void {
    const c = ic + iface * IC_COUNT + first;
    f64[c]++;
    f64[c + 1] += len;
  }

  /** The node's lookup and flow caches emptied when the LPM changed (the core's
   *  lookupCacheValidate, once per step: valid for generation + 1; empty: zeros but the lookup
   *  cache's slot 0 key, LOOKUP_CACHE_KEY0_EMPTY). */
  function validateCaches(): void {
    const want = (u32[lpmW + (LPM_H_GEN >>> 2)] + 1) >>> 0;
    const cw = ctx >>> 2;
    if (u32[cw + (NODE_LPM_GEN >>> 2)] !== want || want === 0) {
      u32.fill(0, cw + (NODE_LOOKUP_CACHE >>> 2), cw + (NODE_LOOKUP_CACHE >>> 2) + 16);
      u32[cw + (NODE_LOOKUP_CACHE >>> 2)] = LOOKUP_CACHE_KEY0_EMPTY;
      u32.fill(0, cw + (NODE_FLOW_CACHE >>> 2), cw + ((NODE_FLOW_CACHE + FLOW_CACHE_SIZE) >>> 2));
      u32[cw + (NODE_LPM_GEN >>> 2)] = want;
    }
  }

  /** The flow cache's set for (dst, src, iface), as a u32 index (the core's flowCacheSet). */
  function flowSet(dst: number, src: number, iface: number): number {
    return (ctx + NODE_FLOW_CACHE + ((Math.imul(Math.imul(dst, LOOKUP_CACHE_HASH) ^ src ^ iface, FLOW_CACHE_HASH) >>> FLOW_CACHE_SHIFT) << FLOW_SET_SHIFT)) >>> 2;
  }
  /** The way of set `w` that holds (dst, src, iface), as a u32 index, or NONE. */
  function flowWay(w: number, dst: number, src: number, iface: number): number {
    if (u32[w] === dst && u32[w + 1] === src && u32[w + 2] === iface + 1) return w;
    const v = w + WAY_WORDS;
    if (u32[v] === dst && u32[v + 1] === src && u32[v + 2] === iface + 1) return v;
    return NONE;
  }
  /** Into way 0 of set `w`, what way 0 held moving to way 1; no output yet. */
  function flowFill(w: number, dst: number, src: number, iface: number, nh: number, kind: number): void {
    u32.copyWithin(w + WAY_WORDS, w, w + WAY_WORDS);
    u32[w] = dst;
    u32[w + 1] = src;
    u32[w + 2] = iface + 1;
    u32[w + 3] = (kind << 24) | (nh + 1);
    u32.fill(0, w + 4, w + WAY_WORDS);
  }
  /** The output of next hop `n` into way `w` (a u32 index), as the core's flowOutputFill does for
   *  the journey's next hops: a cali, or tunl0 over a resolved neighbour on the uplink. */
  function outputFill(w: number, n: number, kind: number): void {
    let out = n;
    let ring: number;
    let counter = NC_TX_WIRE;
    if (kind === NHK_ONLINK_TUNL0) {
      const tnh = u32[(n + NH_TUNNEL_NH) >>> 2];
      if (tnh === NH_NONE) return;
      out = nhTable + tnh * NH_SIZE;
      if (u8[out + NH_KIND] !== NHK_NEIGH) return;
    } else if (kind === NHK_CALI) {
      counter = NC_DELIVERED_POD;
    } else if (kind !== NHK_NEIGH) {
      return;
    }
    const oif = u16[(out + NH_OIF) >>> 1];
    const ifp = ifTable + oif * IF_SIZE;
    if (counter === NC_TX_WIRE) ring = wireRing(u32[(out + NH_DST_NODE) >>> 2]);
    else ring = u32[(ifp + IF_TX_RING) >>> 2];
    const b = w << 2;
    u32[w + (FW_MTU >>> 2)] = u32[(ifTable + u16[(n + NH_OIF) >>> 1] * IF_SIZE + IF_MTU) >>> 2];
    u16[(b + FW_OIF) >>> 1] = oif;
    u16[(b + FW_COUNTER) >>> 1] = counter;
    macCopy(b + FW_HEADER, out + NH_DST_MAC);
    macCopy(b + FW_HEADER + 6, ifp + IF_MAC);
    dv.setUint16(b + FW_HEADER + 12, 0x0800);
    if (kind === NHK_ONLINK_TUNL0) {
      const src = u32[(ctx + NODE_IP) >>> 2];
      const dst = u32[(n + NH_GW) >>> 2];
      dv.setUint32(b + FW_OUTER_ADDRS, src);
      dv.setUint32(b + FW_OUTER_ADDRS + 4, dst);
      u32[w + (FW_OUTER_SUM >>> 2)] = 0x4500 + 4 + (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff);
    }
    u32[w + (FW_RING >>> 2)] = ring;
  }

  function lookup(addr: number): number {
    // the node's lookup cache first (the core's routeLookup)
    const cw = ctx >>> 2;
    const at = cw + ((NODE_LOOKUP_CACHE + ((Math.imul(addr, LOOKUP_CACHE_HASH) >>> LOOKUP_CACHE_SHIFT) << 3)) >>> 2);
    if (u32[at] === addr) return u32[at + 1] - 1;
    let e = u32[lpmW + ROOT_W + (addr >>> 16)];
    if ((e & 1) === 0) {
      e = u32[lpmW + (e >>> 2) + ((addr >>> 8) & 0xff)];
      if ((e & 1) === 0) {
        e = u32[lpmW + (e >>> 2) + ((addr >>> 4) & 0xf)];
        if ((e & 1) === 0) e = u32[lpmW + (e >>> 2) + (addr & 0xf)];
      }
    }
    const v = e >>> 7;
    if (v >= nhCount) return NONE;
    u32[at] = addr;
    u32[at + 1] = v + 1;
    return v;
  }

  function unicast(kind: number): boolean {
    return kind === NHK_CALI || kind === NHK_NEIGH || kind === NHK_NEIGH_ARP || kind === NHK_ONLINK_TUNL0 || kind === NHK_CONNECTED;
  }

  function ipv4CheckFails(p: number, len: number): number {
    if (len < 20) return DROP_IP_TRUNCATED;
    const vi = u8[p];
    if (vi >>> 4 !== 4) return DROP_IP_BAD_VERSION;
    const hl = (vi & 15) << 2;
    if (hl < 20) return DROP_IP_BAD_IHL;
    if (hl > len) return DROP_IP_TRUNCATED;
    let s = 0;
    for (let i = 0; i < hl; i += 4) {
      const w = dv.getUint32(p + i, true);
      s += (w & 0xffff) + (w >>> 16);
    }
    s = (s & 0xffff) + (s >>> 16);
    s = (s & 0xffff) + (s >>> 16);
    if (s !== 0xffff) return DROP_IP_BAD_CHECKSUM;
    const tl = dv.getUint16(p + 2);
    if (tl > len || tl < hl) return DROP_IP_BAD_TOTAL_LEN;
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
    const r = ring >>> 2;
    const size = u32[r + (RING_SLOT_SIZE >>> 2)];
    if (len > size - SLOT_HEADROOM) {
      dropTx(oif, DROP_TOO_BIG_FOR_SLOT);
      return false;
    }
    if (u32[r + (RING_TOUCHED >>> 2)] === 0) {
      let n = u32[(ctx + NODE_FLUSH_COUNT) >>> 2];
      if (n === FLUSH_MAX) { flush(); n = 0; }
      u32[(u32[(ctx + NODE_FLUSH_LIST) >>> 2] >>> 2) + n] = ring;
      u32[(ctx + NODE_FLUSH_COUNT) >>> 2] = n + 1;
      u32[r + (RING_TOUCHED >>> 2)] = 1;
      u32[r + (RING_TAIL_CACHE >>> 2)] = Atomics.load(i32, r + (RING_TAIL >>> 2));
    }
    const shadow = u32[r + (RING_HEAD_SHADOW >>> 2)];
    if (((shadow - u32[r + (RING_TAIL_CACHE >>> 2)]) >>> 0) >= u32[r + (RING_SLOT_COUNT >>> 2)]) {
      dropTx(oif, DROP_RING_FULL);
      return false;
    }
    const slot = u32[r + (RING_SLOTS >>> 2)] + ((shadow & u32[r + (RING_MASK >>> 2)]) >>> 0) * size;
    copyFrame(slot + SLOT_HEADROOM, frame, len);
    const s = slot >>> 2;
    u32[s + (SLOT_LEN >>> 2)] = len;
    u32[s + (SLOT_OFF >>> 2)] = SLOT_HEADROOM;
    u32[s + (SLOT_META >>> 2)] = meta;
    u32[r + (RING_HEAD_SHADOW >>> 2)] = shadow + 1;
    return true;
  }

  function flush(): void {
    const n = u32[(ctx + NODE_FLUSH_COUNT) >>> 2];
    const list = u32[(ctx + NODE_FLUSH_LIST) >>> 2] >>> 2;
    for (let i = 0; i < n; i++) {
      const r = u32[list + i] >>> 2;
      Atomics.store(i32, r + (RING_HEAD >>> 2), u32[r + (RING_HEAD_SHADOW >>> 2)] | 0);
      u32[r + (RING_TOUCHED >>> 2)] = 0;
    }
    u32[(ctx + NODE_FLUSH_COUNT) >>> 2] = 0;
  }

  function macCopy(dst: number, src: number): void {
    dv.setUint32(dst, dv.getUint32(src, true), true);
    dv.setUint16(dst + 4, dv.getUint16(src + 4, true), true);
  }

  function captureCheck(iface: number, flag: number): void {
    if ((u32[(ifTable + iface * IF_SIZE + IF_FLAGS) >>> 2] & flag) !== 0) {
      throw new Error('the yardstick does not capture: clear the capture flags');
    }
  }

  function sendOnWire(frame: number, len: number, dstNode: number, meta: number): void {
    counted(IF_UPLINK, IC_TX_PACKETS, len);
    captureCheck(IF_UPLINK, IFF_CAPTURE_TX);
    if (push(IF_UPLINK, wireRing(dstNode), frame, len, meta)) f64[nc + NC_TX_WIRE]++;
  }

  /** The uplink's ring towards `dstNode`: its inbox, or the uplink tx ring beyond the dataplane. */
  function wireRing(dstNode: number): number {
    const uplink = ifTable + IF_UPLINK * IF_SIZE;
    if (dstNode >= u32[(LAYOUT_BASE + GH_NODE_COUNT) >>> 2] || (u32[(uplink + IF_FLAGS) >>> 2] & IFF_HOST_WIRE) !== 0) {
      return u32[(uplink + IF_TX_RING) >>> 2];
    }
    const idx = dstNode * u32[(LAYOUT_BASE + GH_INBOXES_PER_NODE) >>> 2] + u32[(ctx + NODE_WORKER) >>> 2];
    return u32[(u32[(LAYOUT_BASE + GH_INBOX_TABLE) >>> 2] >>> 2) + idx];
  }

  function encap(ip: number, len: number, n: number, meta: number): void {
    encapHeader(ip, len, n);
    const outer = ip - 20;
    const tnh = u32[(n + NH_TUNNEL_NH) >>> 2];
    if (tnh === NH_NONE) {
      dropTx(IF_TUNL0, DROP_NO_ROUTE);
      return;
    }
    const t = nhTable + tnh * NH_SIZE;
    const kind = u8[t + NH_KIND];
    if (kind === NHK_NEIGH) {
      const frame = outer - 14;
      macCopy(frame, t + NH_DST_MAC);
      macCopy(frame + 6, ifTable + IF_UPLINK * IF_SIZE + IF_MAC);
      dv.setUint16(frame + 12, 0x0800);
      sendOnWire(frame, len + 34, u32[(t + NH_DST_NODE) >>> 2], meta);
    } else if (kind === NHK_CONNECTED) {
      dropTx(IF_UPLINK, DROP_NEIGH_MISS);
    } else {
      dropTx(IF_TUNL0, DROP_NO_ROUTE);
    }
  }

  /** tunl0's part of the encap: its books, the outer header, NC_ENCAP. */
  function encapHeader(ip: number, len: number, n: number): void {
    const src = u32[(ctx + NODE_IP) >>> 2];
    const dst = u32[(n + NH_GW) >>> 2];
    outerHeader(ip, len, src, dst, 0x4500 + 4 + (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff));
  }

  /** The outer header from addresses and their checksum share (`share`: version/IHL, protocol,
   *  addresses) computed once per flow: the core's ipipEncapHeld. */
  function outerHeader(ip: number, len: number, src: number, dst: number, share: number): void {
    counted(IF_TUNL0, IC_TX_PACKETS, len);
    captureCheck(IF_TUNL0, IFF_CAPTURE_TX);
    const outer = ip - 20;
    const ecnIn = u8[ip + 1] & 3;
    const tos = ecnIn === 3 ? 2 : ecnIn;
    const tl = len + 20;
    const idw = (ctx + NODE_IP_ID_SEQ) >>> 2;
    const id = u32[idw] & 0xffff;
    u32[idw] = u32[idw] + 1;
    const df = dv.getUint16(ip + 6) & 0x4000;
    const ttl = u8[ip + 8];
    let s = share + tos + tl + id + df + (ttl << 8);
    s = (s & 0xffff) + (s >>> 16);
    s = (s & 0xffff) + (s >>> 16);
    dv.setUint32(outer, 0x45000000 | (tos << 16) | tl);
    dv.setUint32(outer + 4, (id << 16) | df);
    dv.setUint32(outer + 8, (ttl << 24) | (4 << 16) | (~s & 0xffff));
    dv.setUint32(outer + 12, src);
    dv.setUint32(outer + 16, dst);
    f64[nc + NC_ENCAP]++;
  }

  /** The frame at `frame` out as way `w` (a u32 index) holds: its Ethernet header, books, ring. */
  function output(w: number, frame: number, len: number, meta: number): void {
    const b = w << 2;
    macCopy(frame, b + FW_HEADER);
    macCopy(frame + 6, b + FW_HEADER + 6);
    dv.setUint16(frame + 12, 0x0800);
    const oif = u16[(b + FW_OIF) >>> 1];
    counted(oif, IC_TX_PACKETS, len);
    captureCheck(oif, IFF_CAPTURE_TX);
    if (push(oif, u32[w + (FW_RING >>> 2)], frame, len, meta)) f64[nc + u16[(b + FW_COUNTER) >>> 1]]++;
  }

  /** ipipDecap: the inner length, or 0 when dropped. */
  function decap(inIf: number, ip: number, tl: number): number {
    if ((u32[(ifTable + IF_TUNL0 * IF_SIZE + IF_FLAGS) >>> 2] & IFF_UP) === 0) {
      dropRx(inIf, DROP_IPIP_NO_TUNNEL);
      return 0;
    }
    if ((dv.getUint16(ip + 6) & 0x3fff) !== 0) {
      dropRx(inIf, DROP_REASSEMBLY);
      return 0;
    }
    const hl = (u8[ip] & 15) << 2;
    const innerLen = tl - hl;
    if (innerLen < 20) {
      dropRx(inIf, DROP_IPIP_INNER_MALFORMED);
      return 0;
    }
    const inner = ip + hl;
    if ((u8[ip + 1] & 3) === 3) {
      const innerTos = u8[inner + 1];
      const innerEcn = innerTos & 3;
      if (innerEcn === 0) {
        dropRx(inIf, DROP_IPIP_ECN);
        return 0;
      }
      if (innerEcn !== 3) {
        const add = 0xfffb + ((innerTos + 1) & 3);
        const res = (dv.getUint16(inner + 10) + add) & 0xffff;
        dv.setUint16(inner + 10, res < add ? (res + 1) & 0xffff : res);
        u8[inner + 1] = innerTos | 3;
      }
    }
    f64[nc + NC_DECAP]++;
    return innerLen;
  }

  function transmit(ip: number, len: number, n: number, meta: number): void {
    const kind = u8[n + NH_KIND];
    if (kind === NHK_CALI) {
      const oif = u16[(n + NH_OIF) >>> 1];
      const frame = ip - 14;
      const ifp = ifTable + oif * IF_SIZE;
      macCopy(frame, n + NH_DST_MAC);
      macCopy(frame + 6, ifp + IF_MAC);
      dv.setUint16(frame + 12, 0x0800);
      counted(oif, IC_TX_PACKETS, len + 14);
      captureCheck(oif, IFF_CAPTURE_TX);
      if (push(oif, u32[(ifp + IF_TX_RING) >>> 2], frame, len + 14, meta)) f64[nc + NC_DELIVERED_POD]++;
    } else if (kind === NHK_NEIGH) {
      const frame = ip - 14;
      macCopy(frame, n + NH_DST_MAC);
      macCopy(frame + 6, ifTable + IF_UPLINK * IF_SIZE + IF_MAC);
      dv.setUint16(frame + 12, 0x0800);
      sendOnWire(frame, len + 14, u32[(n + NH_DST_NODE) >>> 2], meta);
    } else if (kind === NHK_ONLINK_TUNL0) {
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
      const ifp = ifTable + iface * IF_SIZE;
      const localnet = u32[(ifp + IF_KIND) >>> 2] === IFK_CALI;
      if (src >>> 28 >= 14 || (!localnet && src >>> 24 === 127)) {
        dropRx(iface, DROP_IP_MARTIAN_SRC);
        return;
      }
      if (dst === 0xffffffff) {
        f64[nc + NC_DELIVERED_HOST]++;
        return;
      }
      if (src === 0) { // 0.0.0.0 only: the rest of 0/8 is unicast
        dropRx(iface, DROP_IP_MARTIAN_SRC);
        return;
      }
      if (dst === 0 || dst >>> 28 >= 14 || (!localnet && dst >>> 24 === 127)) {
        dropRx(iface, DROP_IP_MARTIAN_DST);
        return;
      }
      let nh: number;
      let kind: number;
      const set = flowSet(dst, src, iface);
      const way = flowWay(set, dst, src, iface); // the route and the source's verdict, when it passed before
      if (way !== NONE) {
        const held = u32[way + 3];
        nh = (held & 0xffffff) - 1;
        kind = held >>> 24;
      } else {
        nh = lookup(dst);
        if (nh === NONE) {
          dropRx(iface, DROP_NO_ROUTE); // the core also answers with an ICMP error
          return;
        }
        kind = u8[nhTable + nh * NH_SIZE + NH_KIND];
        if (kind === NHK_LOCAL || unicast(kind)) {
          const back = lookup(src);
          const b = nhTable + back * NH_SIZE;
          if (localnet) { // rp_filter=1 on a cali
            if (back === NONE || !unicast(u8[b + NH_KIND]) || u16[(b + NH_OIF) >>> 1] !== iface) {
              dropRx(iface, DROP_RP_FILTER);
              return;
            }
          } else if (back !== NONE && u8[b + NH_KIND] === NHK_LOCAL) { // one of our own addresses
            dropRx(iface, DROP_IP_LOCAL_SRC);
            return;
          }
          flowFill(set, dst, src, iface, nh, kind);
        }
      }
      const n = nhTable + nh * NH_SIZE;
      if (kind === NHK_LOCAL) {
        if (u8[p + 9] !== 4) offJourney();
        const innerLen = decap(iface, p, tl);
        if (innerLen === 0) return;
        p += (u8[p] & 15) << 2;
        avail = innerLen;
        iface = IF_TUNL0;
        bcast = false;
        counted(IF_TUNL0, IC_RX_PACKETS, innerLen);
        captureCheck(IF_TUNL0, IFF_CAPTURE_RX);
        continue;
      }
      if (kind === NHK_BLACKHOLE) {
        dropRx(iface, DROP_BLACKHOLE);
        return;
      }
      if (kind === NHK_UNREACHABLE) {
        dropRx(iface, DROP_UNREACHABLE);
        return;
      }
      if (kind === NHK_PROHIBIT) {
        dropRx(iface, DROP_PROHIBIT);
        return;
      }
      if ((u32[(ifp + IF_FLAGS) >>> 2] & IFF_FORWARDING) === 0) {
        dropRx(iface, DROP_NOT_FORWARDING);
        return;
      }
      if (bcast) {
        dropRx(iface, DROP_L2_BROADCAST);
        return;
      }
      if (u8[p + 8] <= 1) {
        dropRx(iface, DROP_TTL_EXCEEDED);
        return;
      }
      const oif = u16[(n + NH_OIF) >>> 1];
      const out = way !== NONE && u32[way + (FW_RING >>> 2)] !== 0 ? way : NONE; // the flow's output, from its second packet
      const mtu = out !== NONE ? u32[way + (FW_MTU >>> 2)] : u32[(ifTable + oif * IF_SIZE + IF_MTU) >>> 2];
      const df = dv.getUint16(p + 6) & 0x4000;
      if (tl > mtu && df !== 0) {
        dropRx(iface, DROP_FRAG_NEEDED);
        return;
      }
      // ip_decrease_ttl
      let c = dv.getUint16(p + 10) + 0x0100;
      c += c >= 0xffff ? 1 : 0;
      dv.setUint16(p + 10, c & 0xffff);
      u8[p + 8]--;
      f64[nc + NC_FORWARDED]++;
      // ip_output: every journey next hop is unicast
      if (kind !== NHK_CALI && kind !== NHK_NEIGH && kind !== NHK_ONLINK_TUNL0 && kind !== NHK_CONNECTED) offJourney();
      if (tl > mtu) {
        if (df !== 0) dropTx(oif, DROP_FRAG_NEEDED);
        else offJourney();
        return;
      }
      if (out === NONE) {
        transmit(p, tl, n, meta);
        if (way !== NONE) outputFill(way, n, kind);
        return;
      }
      if (kind === NHK_ONLINK_TUNL0) {
        const b = out << 2;
        outerHeader(p, tl, dv.getUint32(b + FW_OUTER_ADDRS), dv.getUint32(b + FW_OUTER_ADDRS + 4), u32[out + (FW_OUTER_SUM >>> 2)]);
        output(out, p - 34, tl + 34, meta);
      } else {
        output(out, p - 14, tl + 14, meta);
      }
      return;
    }
  }

  function frameInput(inIf: number, frame: number, len: number, meta: number): void {
    counted(inIf, IC_RX_PACKETS, len);
    captureCheck(inIf, IFF_CAPTURE_RX);
    const ifp = ifTable + inIf * IF_SIZE;
    if ((u32[(ifp + IF_FLAGS) >>> 2] & IFF_UP) === 0) {
      dropRx(inIf, DROP_IFACE_DOWN);
      return;
    }
    if (len > u32[(ifp + IF_MTU) >>> 2] + 18) {
      dropRx(inIf, DROP_RX_OVER_MTU);
      return;
    }
    if (len < 14) {
      dropRx(inIf, DROP_ETH_TRUNCATED);
      return;
    }
    const d0 = dv.getUint32(frame, true);
    const d1 = dv.getUint16(frame + 4, true);
    const bcast = d0 === -1 >>> 0 && d1 === 0xffff;
    if (!bcast && (d0 !== dv.getUint32(ifp + IF_MAC, true) || d1 !== dv.getUint16(ifp + IF_MAC + 4, true))) {
      dropRx(inIf, DROP_ETH_NOT_FOR_US);
      return;
    }
    const type = dv.getUint16(frame + 12);
    if (type === 0x0800) ipv4Input(inIf, frame + 14, len - 14, bcast, meta);
    else if (type === 0x0806) offJourney();
    else dropRx(inIf, DROP_ETH_UNKNOWN_TYPE);
  }

  function drain(inIf: number, ring: number, budget: number): number {
    const r = ring >>> 2;
    const tail = u32[r + (RING_TAIL >>> 2)];
    let n = (Atomics.load(i32, r + (RING_HEAD >>> 2)) - tail) >>> 0;
    if (n > budget) n = budget;
    if (n === 0) return 0;
    const slots = u32[r + (RING_SLOTS >>> 2)];
    const mask = u32[r + (RING_MASK >>> 2)];
    const size = u32[r + (RING_SLOT_SIZE >>> 2)];
    for (let i = 0; i < n; i++) {
      const slot = slots + (((tail + i) & mask) >>> 0) * size;
      const s = slot >>> 2;
      const off = u32[s + (SLOT_OFF >>> 2)];
      const len = u32[s + (SLOT_LEN >>> 2)];
      f64[nc + NC_RX]++;
      if (off < SLOT_HEADROOM - 28 || off > size || len > size - off) {
        dropRx(inIf, DROP_BAD_DESCRIPTOR);
        continue;
      }
      frameInput(inIf, slot + off, len, u32[s + (SLOT_META >>> 2)]);
    }
    Atomics.store(i32, r + (RING_TAIL >>> 2), (tail + n) | 0);
    return n;
  }

  return {
    step(nodeCtx: number, budget: number): number {
      ctx = nodeCtx;
      const w = ctx >>> 2;
      ifTable = u32[w + (NODE_IF_TABLE >>> 2)];
      nhTable = u32[w + (NODE_NH_TABLE >>> 2)];
      nhCount = u32[w + (NODE_NH_COUNT >>> 2)];
      lpmW = u32[w + (NODE_LPM_BASE >>> 2)] >>> 2;
      nc = u32[w + (NODE_COUNTERS >>> 2)] >>> 3;
      ic = u32[w + (NODE_IF_COUNTERS >>> 2)] >>> 3;
      validateCaches(); // for the whole step: routes change only between steps
      let done = 0;
      const inboxes = u32[w + (NODE_INBOX_TABLE >>> 2)] >>> 2;
      const nIn = u32[w + (NODE_INBOX_COUNT >>> 2)];
      for (let i = 0; i < nIn; i++) done += drain(IF_UPLINK, u32[inboxes + i], budget);
      const nIf = u32[w + (NODE_IF_COUNT >>> 2)];
      for (let k = IF_FIRST_CALI; k < nIf; k++) done += drain(k, u32[(ifTable + k * IF_SIZE + IF_RX_RING) >>> 2], budget);
      flush();
      return done;
    },
  };
}
