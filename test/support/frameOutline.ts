// A frame as the oracle's neighbour tests compare it: ARP and anything not IPv4 whole (nothing
// in it is host history); IPv4 as MACs, protocol, addresses, length and options, with the inner
// header's for IPIP (IP IDs, echo identifiers and checksums are host history, and so are the
// clock readings a timestamp option holds: each shows as `tttttttt`, its pointer, overflow,
// flags and addresses as they are).

/** `hex` is an Ethernet frame, or a bare IPv4 packet when `raw` (tunl0 has no Ethernet header). */
export function outline(hex: string, raw = false): string {
  const b = raw ? Buffer.concat([Buffer.alloc(12), Buffer.from([8, 0]), Buffer.from(hex, 'hex')]) : Buffer.from(hex, 'hex');
  const macs = `${b.subarray(0, 6).toString('hex')}<${b.subarray(6, 12).toString('hex')}`;
  if (b.length < 14 + 20 || b.readUInt16BE(12) !== 0x0800) return `${b.length >= 14 && b.readUInt16BE(12) === 0x0806 ? 'arp' : 'frame'} ${hex}`;
  const opts = (o: number): string => ((b[o] & 15) > 5 ? ` opts ${optionsHex(b.subarray(o + 20, o + (b[o] & 15) * 4))}` : '');
  const ip = (o: number): string => `${b[o + 9]} ${b.subarray(o + 12, o + 16).join('.')}>${b.subarray(o + 16, o + 20).join('.')} ${b.readUInt16BE(o + 2)}${opts(o)}`;
  const inner = b[14 + 9] === 4 ? ` | ${ip(14 + (b[14] & 15) * 4)}` : '';
  return `ip ${macs} ${ip(14)}${inner}`;
}

/** IP options as hex, the stamps of a timestamp option (type 68) masked: every word with flags
 *  0 (stamps only), every second one, after its address, with flags 1 or 3. */
function optionsHex(o: Buffer): string {
  const out = o.toString('hex').split('');
  for (let i = 0; i < o.length;) {
    const type = o[i];
    if (type === 0) break;
    if (type === 1 || i + 1 >= o.length) { i++; continue; }
    const len = o[i + 1];
    if (len < 2 || i + len > o.length) break;
    if (type === 68 && len >= 4) {
      const flags = o[i + 3] & 15;
      const step = flags === 0 ? 4 : 8;
      for (let w = i + 4 + (flags === 0 ? 0 : 4); w + 4 <= i + len; w += step) out.fill('t', 2 * w, 2 * w + 8);
    }
    i += len;
  }
  return out.join('');
}
