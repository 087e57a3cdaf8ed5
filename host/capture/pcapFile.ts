// pcap files on disk (`--pcap DIR`, the oracle's captures): the in-memory format of pcap.ts
// streamed to a file descriptor, and read back.

import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { linkTypeOf, pcapFileName, PcapWriter, readPcap, type LinkKind, type PcapFile, type PcapTime } from './pcap.ts';

/** A PcapWriter whose records go straight to `path` (one write each). */
export class PcapFileWriter extends PcapWriter {
  private fd: number | null;

  constructor(link: LinkKind | number, opts: { path: string; snaplen?: number }) {
    const fd = openSync(opts.path, 'w');
    super(link, { snaplen: opts.snaplen, sink: (chunk) => writeSync(fd, chunk) });
    this.fd = fd;
  }

  override close(): void {
    super.close();
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
  }
}

/** readPcap of a file. */
export function readPcapFile(path: string): PcapFile {
  return readPcap(new Uint8Array(readFileSync(path)));
}

/** One pcap file per "<host-or-pod>:<iface>" capture point, all in one directory. */
export class PcapCaptureSet {
  readonly dir: string;
  private readonly writers = new Map<string, { writer: PcapFileWriter; path: string }>();

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  /** Open (or return) the file for a capture point; the link kind must stay the same. */
  open(point: string, link: LinkKind): PcapFileWriter {
    const have = this.writers.get(point);
    if (have) {
      if (have.writer.linkType !== linkTypeOf(link)) {
        throw new Error(`capture ${point}: already open with link type ${have.writer.linkType}, asked for ${link}`);
      }
      return have.writer;
    }
    const path = join(this.dir, pcapFileName(point));
    const writer = new PcapFileWriter(link, { path });
    this.writers.set(point, { writer, path });
    return writer;
  }

  write(point: string, link: LinkKind, time: PcapTime, bytes: Uint8Array, wireLength?: number): void {
    this.open(point, link).write(time, bytes, wireLength);
  }

  /** Capture point → file path, in the order the points were opened. */
  files(): Map<string, string> {
    const m = new Map<string, string>();
    for (const [k, v] of this.writers) m.set(k, v.path);
    return m;
  }

  close(): void {
    for (const { writer } of this.writers.values()) writer.close();
  }
}

