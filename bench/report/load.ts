// How busy the machine was around a run: the load average, and from /proc/stat the share of
// CPU time the hypervisor stole and the CPU time everything else on the machine used (all CPU
// time spent minus this process's own, process.cpuUsage). On a shared 2-vCPU VM a neighbour's
// build halves a 2-worker figure; these numbers say whether that happened.

import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface CpuSample {
  t: number; // ms, performance.now()
  /** /proc/stat "cpu" line in USER_HZ ticks: busy (user+nice+system+irq+softirq), steal, total; null off Linux */
  busy: number | null;
  steal: number | null;
  total: number | null;
  /** this process's user+system CPU time, µs (every thread) */
  ownMicros: number;
  loadavg: [number, number, number];
}

export function sampleCpu(): CpuSample {
  let busy: number | null = null;
  let steal: number | null = null;
  let total: number | null = null;
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
    busy = v[0] + v[1] + v[2] + v[5] + v[6];
    steal = v[7] ?? 0;
    total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  } catch {
    // not Linux: load average only
  }
  const u = process.cpuUsage();
  const [a, b, c] = os.loadavg();
  return { t: performance.now(), busy, steal, total, ownMicros: u.user + u.system, loadavg: [a, b, c] };
}

export interface MachineLoad {
  loadavgBefore: [number, number, number];
  loadavgAfter: [number, number, number];
  /** Share of all CPU time stolen by the hypervisor during the run, 0..1 (null: unknown). */
  stealShare: number | null;
  /** CPU time used by everything but this process during the run, in cores (null: unknown). */
  othersCores: number | null;
  cores: number;
  /** Why the machine counts as busy (empty: it was quiet). */
  busy: string[];
}

const TICK_MS = 10; // USER_HZ = 100 on every Linux Node supports

/** Busy: the others used more than a quarter of a core on average, or more than 5% was stolen;
 *  where /proc/stat cannot tell (off Linux), the 1-minute load average before the run was at
 *  least the core count. Not both: the load average decays over minutes, so right after a run
 *  it still counts that run's threads, and back-to-back runs on a quiet machine read "busy". */
export function machineLoad(before: CpuSample, after: CpuSample): MachineLoad {
  const cores = os.availableParallelism();
  let stealShare: number | null = null;
  let othersCores: number | null = null;
  if (before.total !== null && after.total !== null && after.total > before.total) {
    stealShare = (after.steal! - before.steal!) / (after.total - before.total);
    const wall = after.t - before.t;
    const busyMs = (after.busy! - before.busy!) * TICK_MS;
    const ownMs = (after.ownMicros - before.ownMicros) / 1000;
    othersCores = Math.max(0, (busyMs - ownMs) / wall);
  }
  const busy: string[] = [];
  if (othersCores !== null && othersCores > 0.25) busy.push(`other processes used ${othersCores.toFixed(2)} cores`);
  if (stealShare !== null && stealShare > 0.05) busy.push(`${(stealShare * 100).toFixed(0)}% of CPU time stolen`);
  if (othersCores === null && before.loadavg[0] >= cores) busy.push(`load average ${before.loadavg[0].toFixed(2)} before the run on ${cores} cores`);
  return { loadavgBefore: before.loadavg, loadavgAfter: after.loadavg, stealShare, othersCores, cores, busy };
}
