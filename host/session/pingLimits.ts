// A simulated ping has no Ctrl-C and runs as fast as the host can step it: it must stop by
// itself, after a number of echo requests the simulation can send in a reasonable time.

import { ConfigError } from '../errors.ts';
import { BUSYBOX_MAX_DEADLINE_S } from '../pod/ping.ts';

/** Echo requests one ping may send: about half a minute of host time at ~3500 per second. */
export const MAX_PINGS = 100_000;

/** The longest a ping with these options may run, in simulated seconds, and the option that
 *  makes it that long (for the error when that is too long). */
export function pingSpan(p: PingEnd & { timeoutS?: number }, sends: number): { seconds: number; field: string; value: number } {
  const interval = p.intervalS ?? 1;
  const deadline = p.deadlineS ? Math.min(p.deadlineS, BUSYBOX_MAX_DEADLINE_S) : 0;
  // after the last send busybox waits -W (default 10), or 2·RTTmax rounded down to ≥ 1 s
  const wait = Math.max(p.timeoutS ?? 10, 1);
  const sending = (sends - 1) * interval;
  // the first send at or after the deadline stops it
  const byDeadline = deadline > 0 ? deadline + interval : Infinity;
  if (byDeadline < sending + wait) return { seconds: byDeadline, field: '-w', value: p.deadlineS! };
  if (wait >= sending) return { seconds: sending + wait, field: '-W', value: p.timeoutS ?? 10 };
  return { seconds: sending + wait, field: p.intervalS === undefined ? '-c' : '-i', value: p.intervalS ?? sends };
}

export interface PingEnd {
  /** -c (0 or absent: none). */
  count?: number;
  deadlineS?: number;
  intervalS?: number;
}

/** The echo requests the ping sends before it stops by itself. Throws a ConfigError naming the
 *  option when it never stops or would send more than MAX_PINGS. */
export function pingSends(p: PingEnd): number {
  const count = p.count ?? 0;
  const interval = p.intervalS ?? 1;
  // busybox reads -w 0 as no deadline at all (`if (G.deadline_us)`)
  const deadline = p.deadlineS ? Math.min(p.deadlineS, BUSYBOX_MAX_DEADLINE_S) : 0;
  if (count === 0 && deadline === 0) {
    if (p.deadlineS === 0) throw new ConfigError('-w', '0 is no deadline (as in busybox): give -c COUNT or -w SECONDS > 0; a simulated ping cannot be stopped with Ctrl-C', 0);
    throw new ConfigError('-c', 'give -c COUNT or -w SECONDS: a simulated ping cannot be stopped with Ctrl-C', p.count ?? '(none)');
  }
  // the deadline is checked at each send, and with -i 0 every send happens at the same instant
  const byDeadline = deadline === 0 ? Infinity : interval > 0 ? Math.floor(deadline / interval) + 1 : Infinity;
  const sends = Math.min(count || Infinity, byDeadline);
  if (sends === Infinity) {
    throw new ConfigError('-i', 'with -w and no -c, an interval of 0 sends at one simulated instant and the deadline never comes: give -c COUNT or -i SECS > 0', interval);
  }
  if (sends > MAX_PINGS) {
    const byCount = count !== 0 && count <= byDeadline;
    throw new ConfigError(byCount ? '-c' : '-i', `a simulated ping sends at most ${MAX_PINGS} echo requests (this one would send ${sends})`, byCount ? count : interval);
  }
  return sends;
}
