// `--pcap DIR` under Node: the directory made (mkdir -p) and one file per capture point
// (host/capture/pcapFile.ts). A browser page has no directory to write: pcapDir.browser.ts
// takes this file's place there (package.json "browser") and the page offers downloads instead.

import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.ts';
import { PcapCaptureSet } from '../capture/pcapFile.ts';
import type { LinkKind } from '../capture/pcap.ts';

export type PcapDir = PcapCaptureSet;

/** The --pcap directory, created if missing; a path that is a file (or cannot be made) is a ConfigError. */
export function pcapSet(dir: string): PcapCaptureSet {
  // mkdir -p one level at a time: Node's recursive mkdir retries forever where mkdir says ENOENT
  // under an existing directory (/proc), and its errors would not name the option.
  const missing: string[] = [];
  let at = resolve(dir);
  while (!existsSync(at)) {
    missing.unshift(at);
    at = dirname(at);
  }
  if (!statSync(at).isDirectory()) throw new ConfigError('--pcap', at === resolve(dir) ? 'is a file, not a directory' : `${at} is a file, not a directory`, dir);
  try {
    for (const d of missing) mkdirSync(d);
    return new PcapCaptureSet(dir);
  } catch (e) {
    throw new ConfigError('--pcap', `cannot create the directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, dir);
  }
}

export function openPcap(set: PcapCaptureSet, label: string, link: LinkKind): void {
  try {
    set.open(label, link);
  } catch (e) {
    throw new ConfigError('--pcap', `cannot write the capture file for ${label} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, set.dir);
  }
}

