// Just enough of Ethernet, ARP, IPv4 and ICMP for the example's pods and its hop printer.

export const parseMac = (s) => Uint8Array.from(s.split(':'), (x) => parseInt(x, 16));
export const macText = (b, o = 0) => Array.from(b.subarray(o, o + 6), (x) => x.toString(16).padStart(2, '0')).join(':');
export const parseIp = (s) => Uint8Array.from(s.split('.'), Number);
export const ipText = (b, o) => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
const rd16 = (b, o) => (b[o] << 8) | b[o + 1];
const wr16 = (b, o, v) => { b[o] = v >> 8; b[o + 1] = v & 255; };

/** RFC 1071 checksum of b[off, off+len). */
export function checksum(b, off, len) {
  let s = 0;
  for (let i = 0; i < len - 1; i += 2) s += rd16(b, off + i);
  if (len & 1) s += b[off + len - 1] << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

export function arpFrame(op, srcMac, srcIp, dstMac, dstIp) {
  const f = new Uint8Array(42);
  f.set(op === 1 ? [255, 255, 255, 255, 255, 255] : dstMac, 0);
  f.set(srcMac, 6);
  f.set([0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, op], 12);
  f.set(srcMac, 22); f.set(srcIp, 28); f.set(op === 1 ? new Uint8Array(6) : dstMac, 32); f.set(dstIp, 38);
  return f;
}

/** An Ethernet frame carrying ICMP echo (type 8) or echo reply (type 0). */
export function icmpFrame({ dstMac, srcMac, src, dst, ttl, ipId, df, type, id, seq, data }) {
  const f = new Uint8Array(14 + 20 + 8 + data.length);
  f.set(dstMac, 0); f.set(srcMac, 6); wr16(f, 12, 0x0800);
  f.set([0x45, 0], 14); wr16(f, 16, 20 + 8 + data.length); wr16(f, 18, ipId); wr16(f, 20, df ? 0x4000 : 0);
  f[22] = ttl; f[23] = 1; f.set(src, 26); f.set(dst, 30);
  wr16(f, 24, checksum(f, 14, 20));
  f[34] = type; wr16(f, 38, id); wr16(f, 40, seq); f.set(data, 42);
  wr16(f, 36, checksum(f, 34, 8 + data.length));
  return f;
}

/** One line per frame, in the spirit of tcpdump -n (raw IPv4 for tunl0). */
export function describe(frame, raw = false) {
  if (!raw) {
    const type = rd16(frame, 12);
    if (type === 0x0806) {
      return frame[21] === 1
        ? `ARP, Request who-has ${ipText(frame, 38)} tell ${ipText(frame, 28)}`
        : `ARP, Reply ${ipText(frame, 28)} is-at ${macText(frame, 22)}`;
    }
    if (type !== 0x0800) return `ethertype 0x${type.toString(16)}`;
  }
  return ipLine(frame, raw ? 0 : 14);
}

function ipLine(b, o) {
  const head = `${ipText(b, o + 12)} > ${ipText(b, o + 16)}: `;
  const ttl = `ttl ${b[o + 8]}`;
  if (b[o + 9] === 4) return `${head}IPIP (outer ${ttl}) | ${ipLine(b, o + 20)}`;
  if (b[o + 9] !== 1) return `${head}proto ${b[o + 9]}, ${ttl}`;
  const t = b[o + 20];
  const what = t === 8 ? 'echo request' : t === 0 ? 'echo reply' : `type ${t} code ${b[o + 21]}`;
  return `${head}ICMP ${what}, id ${rd16(b, o + 24)}, seq ${rd16(b, o + 26)}, ${ttl}`;
}

/** ICMP type and (inner) TTL of an IPv4/ICMP frame, or null. */
export function icmpOf(frame, raw = false) {
  let o = raw ? 0 : 14;
  if (!raw && rd16(frame, 12) !== 0x0800) return null;
  if (frame[o + 9] === 4) o += 20;
  if (frame[o + 9] !== 1) return null;
  return { type: frame[o + 20], ttl: frame[o + 8], id: rd16(frame, o + 24), seq: rd16(frame, o + 26), src: ipText(frame, o + 12) };
}
