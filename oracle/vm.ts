// Boots the image under qemu with two 9p shares: `in` (read-only: run.sh and the replay pcaps)
// and `out` (captures and logs). Software emulation (TCG), 1 vCPU, 512 MiB: the /dev/kvm of
// these machines is a PVM device that does not boot a stock kernel (`-enable-kvm` aborts with
// -cpu host and hangs after SeaBIOS otherwise); ORACLE_ACCEL=kvm for a host with real KVM.
// Kernel command line: ipv6.disable=1 keeps ND/MLD out of the captures (the simulator is IPv4).

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Image } from './image.ts';

export interface VmRun {
  wallS: number;
  /** VM uptime when init started, when the topology was up, when the scenarios ended. */
  bootS: number | null;
  setupS: number | null;
  doneS: number | null;
  console: string;
  errors: string[];
}

export async function runVm(img: Image, inDir: string, outDir: string, timeoutS: number): Promise<VmRun> {
  const accel = process.env.ORACLE_ACCEL ?? 'tcg';
  const args = [
    '-accel', accel, '-smp', '1', '-m', '512', '-nographic', '-no-reboot', '-nodefaults',
    '-serial', 'stdio', '-net', 'none',
    '-kernel', img.vmlinuz, '-initrd', img.initrd,
    // no_timer_check: under emulation on a busy host the kernel's check of the IO-APIC timer
    // (check_timer) can miss its ticks and panic ("IO-APIC + timer doesn't work")
    '-append', 'console=ttyS0 panic=-1 ipv6.disable=1 loglevel=4 no_timer_check',
    '-virtfs', `local,path=${inDir},mount_tag=in,security_model=none,readonly=on,id=in`,
    '-virtfs', `local,path=${outDir},mount_tag=out,security_model=none,id=out`,
  ];
  const t0 = performance.now();
  const chunks: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const p = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout.on('data', (b: Buffer) => chunks.push(b));
    p.stderr.on('data', (b: Buffer) => chunks.push(b));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutS * 1000);
    p.on('error', reject);
    p.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  const wallS = (performance.now() - t0) / 1000;
  const console = Buffer.concat(chunks).toString('utf8');
  writeFileSync(join(outDir, 'console.log'), console);
  const at = (re: RegExp, text: string): number | null => {
    const m = re.exec(text);
    return m ? Number(m[1]) : null;
  };
  let log = '';
  try {
    log = readFileSync(join(outDir, 'vm.log'), 'utf8');
  } catch {
    /* no log: the VM never ran run.sh; the console says why */
  }
  const errors = [...log.split('\n'), ...console.split('\n')].filter((l) => l.includes('ORACLE-ERR') || /ORACLE: .*failed/.test(l));
  const doneS = at(/ORACLE: scenarios done at ([\d.]+)/, log);
  if (doneS === null) errors.push(`the VM did not finish its scenarios (qemu exit ${code}, ${wallS.toFixed(1)} s; timeout ${timeoutS} s); see ${join(outDir, 'console.log')} and vm.log`);
  return { wallS, bootS: at(/ORACLE: booted \S+ at ([\d.]+)/, console), setupS: at(/ORACLE: setup done at ([\d.]+)/, log), doneS, console, errors };
}
