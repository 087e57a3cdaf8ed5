// The options of the pod's TCP segments, as tcp_options_write lays them out (timestamps on,
// window scale 7), and the one a received segment is read for: its TSval (tcp_parse_options).

/** Window scale: tcp_rmem's maximum of 6 MB on a host with 1 GB or more. */
export const WSCALE = 7;

/** MSS, SACK permitted, timestamps, NOP, window scale: tcp_options_write's order for a SYN. */
export function synOptions(mss: number, tsVal: number, tsEcr: number): Uint8Array {
  const o = Uint8Array.of(2, 4, mss >> 8, mss & 0xff, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, WSCALE);
  putTs(o, 6, tsVal, tsEcr);
  return o;
}

export function tsOptions(tsVal: number, tsEcr: number): Uint8Array {
  const o = Uint8Array.of(1, 1, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0);
  putTs(o, 2, tsVal, tsEcr);
  return o;
}

function putTs(o: Uint8Array, at: number, val: number, ecr: number): void {
  new DataView(o.buffer).setUint32(at + 2, val >>> 0);
  new DataView(o.buffer).setUint32(at + 6, ecr >>> 0);
}

/** The TSval of a segment's timestamp option, or null. */
export function tsValOf(seg: Uint8Array, hdrLen: number): number | null {
  for (let i = 20; i < hdrLen;) {
    const kind = seg[i];
    if (kind === 0) break;
    if (kind === 1) { i++; continue; }
    const len = seg[i + 1];
    if (len < 2 || i + len > hdrLen) break;
    if (kind === 8 && len === 10) return new DataView(seg.buffer, seg.byteOffset).getUint32(i + 2);
    i += len;
  }
  return null;
}
