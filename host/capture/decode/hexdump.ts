// tcpdump's hex and ASCII printers (print-ascii.c): hex_and_ascii_print with "\n\t" (payloads it
// cannot decode, -X), lines of "\n\t0x0000:  0011 2233 ...  ascii", 16 bytes each, '.' for
// non-graphic bytes; hex_print (-x), the same without the ASCII column; ascii_print (-A).

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

/** hex_print: "\n\t0x0000: " then " 0011" per two bytes, eight per line, no padding. */
export function hexDump(buf: Uint8Array, off: number, length: number): string {
  let out = '';
  let i = 0;
  for (; i + 1 < length; i += 2) {
    if (i % 16 === 0) out += `\n\t0x${i.toString(16).padStart(4, '0')}: `;
    out += ' ' + buf[off + i].toString(16).padStart(2, '0') + buf[off + i + 1].toString(16).padStart(2, '0');
  }
  if (i < length) {
    if (i % 16 === 0) out += `\n\t0x${i.toString(16).padStart(4, '0')}: `;
    out += ' ' + buf[off + i].toString(16).padStart(2, '0');
  }
  return out;
}

/** ascii_print: a newline, then every byte as itself when graphic, a space, a TAB or a newline,
 *  else '.'; a CR is left out before a newline and at the end. */
export function asciiDump(buf: Uint8Array, off: number, length: number): string {
  let out = '\n';
  for (let i = 0; i < length; i++) {
    const c = buf[off + i];
    const left = length - i - 1;
    if (c === 0x0d) {
      if (left > 1 && buf[off + i + 1] !== 0x0a) out += '.';
    } else {
      out += (c > 0x20 && c <= 0x7e) || c === 0x09 || c === 0x20 || c === 0x0a ? String.fromCharCode(c) : '.';
    }
  }
  return out;
}
