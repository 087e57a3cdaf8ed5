// Helpers for the capture tests: the external oracles (Debian's scapy, tcpdump, tshark), the
// frame generator and temporary pcap files.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, '..', 'fixtures', 'capture');
const FRAMES_PY = join(here, 'frames.py');
const PYTHON = '/usr/bin/python3'; // Debian's python with python3-scapy, not a pyenv one on PATH

export interface GenFrame {
  name: string;
  link: 'ether' | 'raw';
  bytes: Uint8Array;
  wire: number;
}

function findTool(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

export const TCPDUMP = findTool('tcpdump');
export const TSHARK = findTool('tshark');
export const HAVE_SCAPY = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import scapy.all'], { stdio: 'ignore' }).status === 0;

/** Run test/capture/frames.py (`seed` or `broad`) and parse its JSON lines. */
export function generateFrames(mode: 'seed' | 'broad'): GenFrame[] {
  const r = spawnSync(PYTHON, [FRAMES_PY, mode], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`frames.py ${mode} failed (${r.status}): ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const o = JSON.parse(line) as { name: string; link: 'ether' | 'raw'; hex: string; wire: number };
      return { name: o.name, link: o.link, bytes: new Uint8Array(Buffer.from(o.hex, 'hex')), wire: o.wire };
    });
}

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `tcpdump -r file <flags>` with TZ=UTC so its local-time stamps are UTC like ours. */
export function runTcpdump(file: string, flags: string): ToolRun {
  if (!TCPDUMP) throw new Error('tcpdump not installed');
  const r = spawnSync(TCPDUMP, ['-r', file, flags], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `tshark -r file`. tshark always warns on stderr when run as root ("Running as user "root" and
 * group "root". This could be dangerous."): that line is about the user, not the file, so it is
 * removed; anything else on stderr is returned.
 */
export function runTshark(file: string): ToolRun {
  if (!TSHARK) throw new Error('tshark not installed');
  const r = spawnSync(TSHARK, ['-r', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const stderr = r.stderr
    .split('\n')
    .filter((l) => l !== '' && !/^Running as user "root" and group "root"\. This could be dangerous\.$/.test(l))
    .join('\n');
  return { status: r.status, stdout: r.stdout, stderr };
}

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'capture-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Split tcpdump output into packets: each starts with a "HH:MM:SS.uuuuuu" line. */
export function splitPackets(text: string): string[][] {
  const packets: string[][] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (/^\d\d:\d\d:\d\d\.\d{6} /.test(line) || packets.length === 0) packets.push([line]);
    else packets[packets.length - 1].push(line);
  }
  return packets;
}

/** Drop the "HH:MM:SS.uuuuuu " prefix. */
export function afterTimestamp(line: string): string {
  return line.replace(/^\d\d:\d\d:\d\d\.\d{6} /, '');
}
