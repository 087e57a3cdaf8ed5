// SHA-1 (FIPS 180-4) in plain TypeScript: the derived names (cali veth names as libcalico-go's
// VethNameForWorkload hashes them, stable MACs, netns names, IP ID starts) must come out the
// same in Node and in a browser page, where node:crypto is absent and crypto.subtle is async.
// Inputs here are short identity strings, so speed does not matter; byte-for-byte agreement
// with node:crypto does (test/cluster/sha1.test.ts).

const utf8 = new TextEncoder();

function rotl(x: number, n: number): number {
  return (x << n) | (x >>> (32 - n));
}

/** The 20-byte SHA-1 digest of `input` (a string is hashed as UTF-8). */
export function sha1(input: string | Uint8Array): Uint8Array {
  const msg = typeof input === 'string' ? utf8.encode(input) : input;
  const bitLen = msg.length * 8;
  // message + 0x80 + zero padding + 64-bit big-endian bit length, to a multiple of 64 bytes
  const total = (((msg.length + 8) >> 6) + 1) << 6;
  const buf = new Uint8Array(total);
  buf.set(msg);
  buf[msg.length] = 0x80;
  const dv = new DataView(buf.buffer);
  dv.setUint32(total - 8, Math.floor(bitLen / 2 ** 32));
  dv.setUint32(total - 4, bitLen >>> 0);
  let h0 = 0x67452301, h1 = 0xefcdab89, h2 = 0x98badcfe, h3 = 0x10325476, h4 = 0xc3d2e1f0;
  const w = new Int32Array(80);
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = dv.getInt32(off + 4 * i);
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    for (let i = 0; i < 80; i++) {
      let f: number, k: number;
      if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
      else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
      else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
      else { f = b ^ c ^ d; k = 0xca62c1d6; }
      const t = (rotl(a, 5) + f + e + k + w[i]) | 0;
      e = d; d = c; c = rotl(b, 30); b = a; a = t;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0; h4 = (h4 + e) | 0;
  }
  const out = new Uint8Array(20);
  const ov = new DataView(out.buffer);
  [h0, h1, h2, h3, h4].forEach((h, i) => ov.setInt32(4 * i, h));
  return out;
}

/** Lowercase hex of bytes (the digest as `sha1sum` prints it). */
export function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** The digest's first four bytes as an unsigned big-endian number (a stable draw from a label). */
export function sha1Word(input: string | Uint8Array): number {
  return new DataView(sha1(input).buffer).getUint32(0);
}
