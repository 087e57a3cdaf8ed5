// A frame in one line, for comparing the simulator's frames with the kernel's in tests that
// replay an oracle fixture: MACs (Ethernet frames), then per IPv4 header (the outer one and an
// IPIP inner one) protocol, addresses, total length, flags/offset, TTL and ICMP type/code.
// IDs and checksums are left out: the fixtures check them elsewhere.

export function outline(hex: string, raw: boolean): string {
  const b = Buffer.from(hex, 'hex');
  if (!raw && b.readUInt16BE(12) === 0x0806) return `arp ${hex}`;
  const ip = (o: number): string => {
    const ff = b.readUInt16BE(o + 6);
    const hl = (b[o] & 15) * 4;
    const icmp = b[o + 9] === 1 && (ff & 0x1fff) === 0 ? ` icmp ${b[o + hl]}/${b[o + hl + 1]}` : '';
    return `${b[o + 9]} ${b.subarray(o + 12, o + 16).join('.')}>${b.subarray(o + 16, o + 20).join('.')} len ${b.readUInt16BE(o + 2)} ff ${ff.toString(16)} ttl ${b[o + 8]}${icmp}`;
  };
  const o = raw ? 0 : 14;
  const inner = b[o + 9] === 4 ? ` | ${ip(o + (b[o] & 15) * 4)}` : '';
  return `${raw ? '' : `${b.subarray(0, 6).toString('hex')}<${b.subarray(6, 12).toString('hex')} `}${ip(o)}${inner}`;
}
