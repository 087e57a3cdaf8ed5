// The VM image: Debian's kernel package (the one `linux-image-amd64` depends on) and an
// initramfs, built by image/build.sh into a cache keyed by the package and its version, and
// rebuilt only when that directory is missing. Cache: $XDG_CACHE_HOME/calico-ipip-sim-oracle
// when XDG_CACHE_HOME is set, else .oracle/image under the repository (gitignored).

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ORACLE_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = dirname(ORACLE_DIR);
/** Bumped when build.sh puts something else into the image, so old caches are not reused. */
const IMAGE_FORMAT = 2;

export interface Image {
  dir: string;
  vmlinuz: string;
  initrd: string;
  pkg: string;
  version: string;
  built: boolean;
  buildS: number;
}

function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The versioned kernel package the `linux-image-amd64` metapackage depends on, and its version. */
export function kernelPackage(): { pkg: string; version: string } {
  const deps = sh('apt-cache', ['depends', 'linux-image-amd64']);
  const m = /Depends: (linux-image-\d\S*)/.exec(deps);
  if (!m) throw new Error('apt-cache depends linux-image-amd64 names no linux-image-<version> package (run apt-get update?)');
  const show = sh('apt-cache', ['show', '--no-all-versions', m[1]]);
  const v = /^Version: (\S+)/m.exec(show);
  if (!v) throw new Error(`apt-cache show ${m[1]}: no Version`);
  return { pkg: m[1], version: v[1] };
}

export function cacheRoot(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return xdg ? join(xdg, 'calico-ipip-sim-oracle') : join(REPO_DIR, '.oracle', 'image');
}

export function ensureImage(log: (s: string) => void): Image {
  const { pkg, version } = kernelPackage();
  const dir = join(cacheRoot(), `${pkg}_${version}_f${IMAGE_FORMAT}`);
  const vmlinuz = join(dir, 'vmlinuz');
  const initrd = join(dir, 'initrd.cpio.gz');
  if (existsSync(vmlinuz) && existsSync(initrd)) return { dir, vmlinuz, initrd, pkg, version, built: false, buildS: 0 };
  log(`building the VM image (${pkg} ${version}) into ${dir}`);
  const t0 = performance.now();
  execFileSync(join(ORACLE_DIR, 'image', 'build.sh'), [dir, pkg], { stdio: ['ignore', 'inherit', 'inherit'] });
  return { dir, vmlinuz, initrd, pkg, version, built: true, buildS: (performance.now() - t0) / 1000 };
}
