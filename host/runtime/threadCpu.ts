// A thread's own time on a CPU and its time runnable but waiting for one, from the Linux
// scheduler (/proc/thread-self/schedstat: "run ns, wait ns, timeslices", kernel/sched/stats.c
// show_schedstat). A worker reads it every few milliseconds, so the benchmark can tell a worker
// that had little to do (idle loops) from one that was not running at all (other processes on
// this 2-core machine took its core): the second shows as run-queue time.
import { readFileSync } from 'node:fs';

const PATH = '/proc/thread-self/schedstat';

/** [seconds on a CPU, seconds waiting on a run queue] of the calling thread since it started;
 *  null where the file does not exist (not Linux, or schedstats off). */
export function threadSchedSeconds(): [number, number] | null {
  let text: string;
  try {
    text = readFileSync(PATH, 'latin1');
  } catch {
    return null;
  }
  const [run, wait] = text.split(' ', 2).map(Number);
  return Number.isFinite(run) && Number.isFinite(wait) ? [run / 1e9, wait / 1e9] : null;
}
