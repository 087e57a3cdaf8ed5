// `--pcap DIR` in a browser page: there is no directory to write (the page offers each
// interface's pcap as a download). package.json's "browser" field puts this file in place of
// pcapDir.ts in browser bundles; the signatures are the same.

import { ConfigError } from '../errors.ts';
import type { LinkKind, PcapTime } from '../capture/pcap.ts';

export interface PcapDir {
  readonly dir: string;
  write(point: string, link: LinkKind, time: PcapTime, bytes: Uint8Array, wireLength?: number): void;
  close(): void;
}

export function pcapSet(dir: string): PcapDir {
  throw new ConfigError('--pcap', 'a browser page writes no directory: download each interface\'s capture from the page', dir);
}

export function openPcap(_set: PcapDir, _label: string, _link: LinkKind): void {}
