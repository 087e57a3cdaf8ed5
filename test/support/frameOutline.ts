// A frame as the oracle's neighbour tests compare it: ARP and anything not IPv4 whole (nothing
// in it is host history); IPv4 as MACs, protocol, addresses, length and options, with the inner
// header's for IPIP (IP IDs, echo identifiers and checksums are host history; no frame compared
// this way carries a timestamp option with the clock in it).

/** `hex` is an Ethernet frame, or a bare IPv4 packet when `raw` (tunl0 has no Ethernet header). */
export function outline(hex: string, raw = false): string {
  const b = raw ? Buffer.concat([Buffer.alloc(12), Buffer.from([8, 0]), Buffer.from(hex, 'hex')]) : Buffer.from(hex, 'hex');
  const macs = `${b.subarray(0, 6).toString('hex')}<${b.subarray(6, 12).toString('hex')}`;
  if (b.length < 14 + 20 || b.readUInt16BE(12) !== 0x0800) return `${b.length >= 14 && b.readUInt16BE(12) === 0x0806 ? 'arp' : 'frame'} ${hex}`;
  const opts = (o: number): string => ((b[o] & 15) > 5 ? ` opts ${b.subarray(o + 20, o + (b[o] & 15) * 4).toString('hex')}` : '');
  const ip = (o: number): string => `${b[o + 9]} ${b.subarray(o + 12, o + 16).join('.')}>${b.subarray(o + 16, o + 20).join('.')} ${b.readUInt16BE(o + 2)}${opts(o)}`;
  const inner = b[14 + 9] === 4 ? ` | ${ip(14 + (b[14] & 15) * 4)}` : '';
  return `ip ${macs} ${ip(14)}${inner}`;
}
