// tcpdump's default printer for payloads it cannot decode (hex_and_ascii_print with "\n\t"):
// lines of "\n\t0x0000:  0011 2233 ...  ascii", 16 bytes each, '.' for non-graphic bytes.

export function hexAsciiDump(buf: Uint8Array, off: number, length: number): string {
  let out = '';
  let hex = '';
  let ascii = '';
  let shorts = 0;
  let line = 0;
  const graph = (c: number) => (c > 0x20 && c <= 0x7e ? String.fromCharCode(c) : '.');
  const flush = () => {
    out += `\n\t0x${line.toString(16).padStart(4, '0')}: ${hex.padEnd(40, ' ')}  ${ascii}`;
    hex = '';
    ascii = '';
    shorts = 0;
    line += 16;
  };
  let i = 0;
  for (; i + 1 < length; i += 2) {
    const a = buf[off + i];
    const b = buf[off + i + 1];
    hex += ' ' + a.toString(16).padStart(2, '0') + b.toString(16).padStart(2, '0');
    ascii += graph(a) + graph(b);
    if (++shorts === 8) flush();
  }
  if (i < length) {
    const a = buf[off + i];
    hex += ' ' + a.toString(16).padStart(2, '0');
    ascii += graph(a);
    shorts++;
  }
  if (shorts > 0) flush();
  return out;
}
