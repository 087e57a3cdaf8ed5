// Classic libpcap files (the format of `tcpdump -w`): a 24-byte global header, then per packet a
// 16-byte record header and the captured bytes. We write magic 0xa1b2c3d4 (microsecond stamps),
// version 2.4, snaplen 262144 (tcpdump's default), little-endian as on x86 hosts.
//
// Link types. Ethernet interfaces (pod eth0, host caliXXXX, ens160) are LINKTYPE_ETHERNET = 1.
// tunl0 has no link header: Linux reports ARPHRD_TUNNEL and libpcap maps it to DLT_RAW, which a
// savefile stores as LINKTYPE_RAW = 101 (DLT_RAW itself is 12 or 14 depending on the BSD, which is
// exactly why pcap files use 101). `tcpdump -r` names 101 "RAW (Raw IP)", the string the seed's
// live tunl0 capture shows, and prints its packets with the same `ip: ` prefix under -e; tshark
// reads 101 as "Raw IP" without complaint. LINKTYPE_IPV4 = 228 would also work for tshark, but
// tcpdump names it "IPV4 (Raw IPv4)", which is not what the seed's users saw.

// The format only, in memory: files are pcapFile.ts (Node), downloads the page's.

export const PCAP_MAGIC_USEC = 0xa1b2c3d4;
export const PCAP_MAGIC_NSEC = 0xa1b23c4d;
export const PCAP_SNAPLEN = 262144;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;

export type LinkKind = 'ether' | 'raw';

export function linkTypeOf(kind: LinkKind): number {
  return kind === 'ether' ? LINKTYPE_ETHERNET : LINKTYPE_RAW;
}

export function linkKindOf(linkType: number): LinkKind | null {
  if (linkType === LINKTYPE_ETHERNET) return 'ether';
  if (linkType === LINKTYPE_RAW || linkType === 228 /* LINKTYPE_IPV4 */) return 'raw';
  return null;
}

/** A capture time: simulated nanoseconds since the Unix epoch, or an explicit {sec, usec}. */
export type PcapTime = number | bigint | { sec: number; usec: number };

export interface SecUsec {
  sec: number;
  usec: number;
}

const NS_PER_SEC = 1_000_000_000n;

/** Nanoseconds → {sec, usec}, truncating (libpcap truncates kernel ns stamps the same way). */
export function toSecUsec(t: PcapTime): SecUsec {
  if (typeof t === 'object') {
    if (!Number.isInteger(t.sec) || !Number.isInteger(t.usec) || t.sec < 0 || t.usec < 0 || t.usec > 999_999) {
      throw new RangeError(`pcap timestamp: sec must be a non-negative integer and usec 0..999999 (got ${t.sec}.${t.usec})`);
    }
    return { sec: t.sec, usec: t.usec };
  }
  if (typeof t === 'number' && (!Number.isFinite(t) || t < 0)) {
    throw new RangeError(`pcap timestamp: nanoseconds must be a finite non-negative number (got ${t})`);
  }
  const ns = typeof t === 'bigint' ? t : BigInt(Math.trunc(t));
  if (ns < 0n) throw new RangeError(`pcap timestamp: nanoseconds must be non-negative (got ${ns})`);
  const sec = ns / NS_PER_SEC;
  if (sec > 0xffffffffn) throw new RangeError(`pcap timestamp: ${sec} s does not fit the 32-bit seconds field`);
  return { sec: Number(sec), usec: Number((ns % NS_PER_SEC) / 1000n) };
}

function globalHeader(linkType: number, snaplen: number): Uint8Array {
  const h = new Uint8Array(24);
  const v = new DataView(h.buffer);
  v.setUint32(0, PCAP_MAGIC_USEC, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setInt32(8, 0, true); // thiszone: stamps are UTC
  v.setUint32(12, 0, true); // sigfigs
  v.setUint32(16, snaplen, true);
  v.setUint32(20, linkType, true);
  return h;
}

/**
 * Appends packet records to an in-memory buffer, or hands each piece to `sink` as it is made
 * (pcapFile.ts writes them to a file: one write per record, so a crash leaves a file readable up
 * to the last whole packet).
 */
export class PcapWriter {
  readonly linkType: number;
  readonly snaplen: number;
  private readonly sink: ((chunk: Uint8Array) => void) | null;
  private chunks: Uint8Array[] = [];
  private records = 0;
  private closed = false;
  private readonly hdr = new Uint8Array(16);
  private readonly hdrView = new DataView(this.hdr.buffer);

  constructor(link: LinkKind | number, opts: { sink?: (chunk: Uint8Array) => void; snaplen?: number } = {}) {
    this.linkType = typeof link === 'number' ? link : linkTypeOf(link);
    this.snaplen = opts.snaplen ?? PCAP_SNAPLEN;
    if (!Number.isInteger(this.snaplen) || this.snaplen < 1 || this.snaplen > 0x7fffffff) {
      throw new RangeError(`pcap snaplen must be a positive integer (got ${this.snaplen})`);
    }
    this.sink = opts.sink ?? null;
    this.emit(globalHeader(this.linkType, this.snaplen));
  }

  get count(): number {
    return this.records;
  }

  private emit(chunk: Uint8Array): void {
    if (this.sink) this.sink(chunk);
    else this.chunks.push(chunk);
  }

  /**
   * Append one packet. `wireLength` is the length the packet had on the wire (default: its byte
   * count); bytes past the snap length are cut, as a live capture would.
   */
  write(time: PcapTime, bytes: Uint8Array, wireLength = bytes.length): void {
    if (this.closed) throw new Error('pcap writer is closed');
    if (!Number.isInteger(wireLength) || wireLength < bytes.length) {
      throw new RangeError(`pcap record: wire length ${wireLength} is shorter than the ${bytes.length} captured bytes`);
    }
    const { sec, usec } = toSecUsec(time);
    const caplen = Math.min(bytes.length, this.snaplen);
    this.hdrView.setUint32(0, sec, true);
    this.hdrView.setUint32(4, usec, true);
    this.hdrView.setUint32(8, caplen, true);
    this.hdrView.setUint32(12, wireLength, true);
    const body = bytes.subarray(0, caplen);
    if (this.sink) {
      this.sink(this.hdr);
      this.sink(body);
    } else {
      this.chunks.push(this.hdr.slice(), body.slice());
    }
    this.records++;
  }

  /** The whole file so far (in-memory writers only). */
  bytes(): Uint8Array {
    if (this.sink) throw new Error('pcap writer streams to a sink; read what the sink wrote instead');
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  }

  close(): void {
    this.closed = true;
  }
}

/** File name for one capture point: `k8s-master-1:cali12242800409` → `k8s-master-1_cali12242800409.pcap`. */
export function pcapFileName(point: string): string {
  const safe = point.replace(/:/g, '_').replace(/[^A-Za-z0-9._@-]/g, '-');
  return `${safe}.pcap`;
}

export interface PcapRecord {
  sec: number;
  usec: number; // nanoseconds / 1000 for 0xa1b23c4d files, so callers see one unit
  wireLength: number;
  data: Uint8Array;
}

export interface PcapFile {
  linkType: number;
  snaplen: number;
  nanosecond: boolean;
  records: PcapRecord[];
}

/** Parse a classic pcap file (either byte order, µs or ns magic). Throws a clear error on bad input. */
export function readPcap(buf: Uint8Array): PcapFile {
  if (buf.length < 24) throw new Error(`pcap: file is ${buf.length} bytes, shorter than the 24-byte header`);
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magicLe = v.getUint32(0, true);
  let le: boolean;
  let nanosecond: boolean;
  if (magicLe === PCAP_MAGIC_USEC || magicLe === PCAP_MAGIC_NSEC) {
    le = true;
    nanosecond = magicLe === PCAP_MAGIC_NSEC;
  } else {
    const magicBe = v.getUint32(0, false);
    if (magicBe !== PCAP_MAGIC_USEC && magicBe !== PCAP_MAGIC_NSEC) {
      throw new Error(`pcap: bad magic 0x${magicLe.toString(16)} (not a classic pcap file; pcapng is not supported)`);
    }
    le = false;
    nanosecond = magicBe === PCAP_MAGIC_NSEC;
  }
  const snaplen = v.getUint32(16, le);
  const linkType = v.getUint32(20, le) & 0x0fffffff;
  const records: PcapRecord[] = [];
  let off = 24;
  while (off < buf.length) {
    if (off + 16 > buf.length) throw new Error(`pcap: record ${records.length} header cut short at byte ${off}`);
    const sec = v.getUint32(off, le);
    const frac = v.getUint32(off + 4, le);
    const caplen = v.getUint32(off + 8, le);
    const wireLength = v.getUint32(off + 12, le);
    off += 16;
    if (off + caplen > buf.length) throw new Error(`pcap: record ${records.length} claims ${caplen} bytes, file ends first`);
    records.push({ sec, usec: nanosecond ? Math.trunc(frac / 1000) : frac, wireLength, data: buf.subarray(off, off + caplen) });
    off += caplen;
  }
  return { linkType, snaplen, nanosecond, records };
}
