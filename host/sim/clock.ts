// The simulated clock and its event queue. Time is nanoseconds since the start of the
// simulation (a JS number: exact to 2^53 ns ≈ 104 days); `epochNs` places the start on the
// wall clock for capture stamps. Events at the same time run in the order they were
// scheduled (a sequence number breaks ties), so every run is deterministic.
import { NS_PER_MS, NS_PER_S, NS_PER_US } from '../time.ts';

export { NS_PER_MS, NS_PER_S, NS_PER_US };

/** Wall-clock time of simulated t = 0: 2023-06-01 19:07:34 UTC (the day is arbitrary; the
 *  time of day is the seed's first capture, so stamps look like the seed's). */
export const DEFAULT_EPOCH_NS = BigInt(Date.UTC(2023, 5, 1, 19, 7, 34)) * 1_000_000n;

/** How far the clock may run while the whole model stays exact; the tightest of:
 *  - this clock: integer ns in a double are exact to 2^53 ns (104 days); past that RTTs drift
 *    and then print as 0.000 ms;
 *  - the core's u32 ms stamps (NODE_NOW_MS: neighbour, conntrack, reassembly, redirect timers)
 *    compared modulo 2^32 (timeAfter, assembly/arp/neigh.ts): right while no two stamps are
 *    2^31 ms (24.8 days) apart, and a STALE entry's stamps are never refreshed;
 *  - the core's learned path MTU expiry in u16 seconds (assembly/tunnel/pmtu.ts): an expired
 *    entry is not cleared, and compares as learned again once it is 2^15 s past its expiry.
 *  So 2^15 s (9 h 6 min 8 s); sessions refuse a command that would run the clock past it. */
export const HORIZON_S = 2 ** 15;
export const HORIZON_NS = HORIZON_S * NS_PER_S;

interface Entry {
  at: number;
  seq: number;
  run: () => void;
}

export class SimClock {
  readonly epochNs: bigint;
  private nowNs = 0;
  private seq = 0;
  private heap: Entry[] = [];

  constructor(epochNs: bigint = DEFAULT_EPOCH_NS) {
    this.epochNs = epochNs;
  }

  /** Simulated ns since the start. */
  get now(): number {
    return this.nowNs;
  }

  /** Wall-clock ns (for pcap and tcpdump stamps). */
  wall(t: number = this.nowNs): bigint {
    return this.epochNs + BigInt(Math.round(t));
  }

  /** Runs `run` at simulated time `at` (not before now). */
  at(at: number, run: () => void): void {
    if (!(at >= this.nowNs)) throw new RangeError(`event scheduled in the past (${at} < ${this.nowNs})`);
    const e: Entry = { at, seq: this.seq++, run };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(e, h[p])) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = e;
  }

  after(delay: number, run: () => void): void {
    this.at(this.nowNs + delay, run);
  }

  /** Time of the next event, or Infinity. */
  peek(): number {
    return this.heap.length ? this.heap[0].at : Infinity;
  }

  /** Runs events in time order until `stop()` is true or none is left before `until`; then
   *  the clock stands at the last event run (or at `until` when given and reached). */
  run(stop: () => boolean, until = Infinity): void {
    while (!stop() && this.heap.length > 0 && this.heap[0].at <= until) {
      const e = this.pop();
      this.nowNs = e.at;
      e.run();
    }
    if (until !== Infinity && !stop() && until > this.nowNs) this.nowNs = until;
  }

  /** Moves the clock forward `ns`, running whatever falls due (the shell's `sleep`). */
  advance(ns: number): void {
    this.run(() => false, this.nowNs + ns);
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && before(h[r], h[l]) ? r : l;
        if (!before(h[c], last)) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
