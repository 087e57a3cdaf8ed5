// What `npm run oracle` needs from the host, as Debian packages. Missing ones are installed
// when we run as root and apt-get is there (DEBIAN_FRONTEND=noninteractive, --no-install-recommends);
// otherwise the run stops and names them (exit 2): a user's machine is not changed behind their back.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

interface Need {
  pkg: string;
  ok: () => boolean;
}

const onPath = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const staticBusybox = (): boolean => {
  const r = spawnSync('sh', ['-c', 'file -L "$(command -v busybox)" 2>/dev/null || true'], { encoding: 'utf8' });
  // `file` may be missing: then trust the package database
  if (r.stdout.includes('statically linked')) return true;
  return spawnSync('dpkg-query', ['-W', '-f', '${Status}', 'busybox-static'], { encoding: 'utf8' }).stdout.includes('install ok installed');
};

export const NEEDS: Need[] = [
  { pkg: 'qemu-system-x86', ok: () => onPath('qemu-system-x86_64') },
  { pkg: 'busybox-static', ok: staticBusybox },
  { pkg: 'iproute2', ok: () => onPath('ip') && onPath('bridge') },
  { pkg: 'tcpdump', ok: () => onPath('tcpdump') },
  { pkg: 'tcpreplay', ok: () => onPath('tcpreplay') },
  // kube-proxy in IPVS mode inside the VM (oracle/scenarios/services.ts)
  { pkg: 'ipvsadm', ok: () => onPath('ipvsadm') || existsSync('/usr/sbin/ipvsadm') },
  { pkg: 'nftables', ok: () => onPath('nft') || existsSync('/usr/sbin/nft') },
  { pkg: 'conntrack', ok: () => onPath('conntrack') || existsSync('/usr/sbin/conntrack') },
  { pkg: 'kmod', ok: () => onPath('depmod') || existsSync('/sbin/depmod') || existsSync('/usr/sbin/depmod') },
  { pkg: 'cpio', ok: () => onPath('cpio') },
  { pkg: 'file', ok: () => onPath('file') },
  { pkg: 'python3-scapy', ok: () => spawnSync('/usr/bin/python3', ['-c', 'import scapy'], { stdio: 'ignore' }).status === 0 },
];

export function missingPackages(): string[] {
  return NEEDS.filter((n) => !n.ok()).map((n) => n.pkg);
}

/** Installs `pkgs` when possible; returns null on success or the reason it could not. */
export function installPackages(pkgs: string[], log: (s: string) => void): string | null {
  if (process.getuid?.() !== 0) return 'not running as root';
  if (!onPath('apt-get')) return 'apt-get not found';
  log(`installing ${pkgs.join(' ')} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) {
    return `apt-get failed: ${(e as Error).message.split('\n')[0]}`;
  }
  const still = missingPackages();
  return still.length ? `still missing after apt-get: ${still.join(' ')}` : null;
}
