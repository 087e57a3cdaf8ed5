// A thread's own time on a CPU and its time runnable but waiting for one, from the Linux
// scheduler (/proc/thread-self/schedstat: "run ns, wait ns, timeslices", kernel/sched/stats.c
// show_schedstat). A worker reads it every few milliseconds, so the benchmark can tell a worker
// that had little to do (idle loops) from one that was not running at all (other processes on
// this 2-core machine took its core): the second shows as run-queue time.
// The worker loop also runs in the browser page (host/api/browser.ts), so node:fs is looked up
// at run time (process.getBuiltinModule), not imported: a page has no process and reads nothing.

interface Fs {
  readFileSync(path: string, encoding: 'latin1'): string;
}

const PATH = '/proc/thread-self/schedstat';

function nodeFs(): Fs | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return (proc?.getBuiltinModule?.('node:fs') as Fs | undefined) ?? null;
  } catch {
    return null;
  }
}
const fs = nodeFs();

/** [seconds on a CPU, seconds waiting on a run queue] of the calling thread since it started;
 *  null where there is no such file (not Linux, a browser, schedstats off). */
export function threadSchedSeconds(): [number, number] | null {
  if (fs === null) return null;
  let text: string;
  try {
    text = fs.readFileSync(PATH, 'latin1');
  } catch {
    return null;
  }
  const [run, wait] = text.split(' ', 2).map(Number);
  return Number.isFinite(run) && Number.isFinite(wait) ? [run / 1e9, wait / 1e9] : null;
}
