// Address helpers shared by the host side. Inside the simulator an IPv4 address is a
// u32 in host byte order (as DPDK's `uint32_t ip`); only these helpers and the wire
// views convert to and from text or network order.

export type Ip4 = number; // u32, host order, always kept unsigned (>>> 0)

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parse dotted-quad text; returns null on anything that is not exactly a.b.c.d with octets 0..255. */
export function parseIp4(text: string): Ip4 | null {
  const m = DOTTED.exec(text.trim());
  if (!m) return null;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255 || (m[i].length > 1 && m[i][0] === '0')) return null;
    v = v * 256 + o;
  }
  return v >>> 0;
}

export function formatIp4(ip: Ip4): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** Netmask for a prefix length 0..32, as a u32. */
export function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

export interface Cidr {
  base: Ip4;
  len: number;
}

/** Parse "a.b.c.d/len". With `strict`, host bits must be zero (as Calico requires for pools). */
export function parseCidr(text: string, strict = true): Cidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const ip = parseIp4(text.slice(0, slash));
  const lenText = text.slice(slash + 1);
  if (ip === null || !/^\d{1,2}$/.test(lenText)) return null;
  const len = Number(lenText);
  if (len > 32) return null;
  if (strict && ((ip & ~maskOf(len)) >>> 0) !== 0) return null;
  return { base: (ip & maskOf(len)) >>> 0, len };
}

export function formatCidr(c: Cidr): string {
  return `${formatIp4(c.base)}/${c.len}`;
}

export function cidrContains(c: Cidr, ip: Ip4): boolean {
  return ((ip & maskOf(c.len)) >>> 0) === c.base;
}

export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  const len = Math.min(a.len, b.len);
  const m = maskOf(len);
  return ((a.base & m) >>> 0) === ((b.base & m) >>> 0);
}

export type Mac = Uint8Array; // 6 bytes

const MAC_RE = /^([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2})$/i;

export function parseMac(text: string): Mac | null {
  const m = MAC_RE.exec(text.trim());
  if (!m) return null;
  return Uint8Array.from(m.slice(1, 7).map((h) => parseInt(h, 16)));
}

export function formatMac(mac: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += (i ? ':' : '') + (mac[i] & 255).toString(16).padStart(2, '0');
  return s;
}
